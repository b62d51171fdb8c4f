//! `session_transaction`: which sessions paid, how much, and which were refunded.
//!
//! Construction per summary cell (month x channel): the cell's paying users,
//! gross and refunded totals are taken from the targets. The top payers'
//! transactions are placed first (amounts summing exactly to their revenue),
//! then every cell is filled with distinct other paying users (each at most
//! [`MAX_REGULAR_PAYMENTS`] payments overall, so nobody else comes near the
//! top list), and amounts are split so the cell's gross and refunded totals
//! are exact.

use super::calendar::MONTHS;
use super::rng::{Rng, Stream};
use super::sessions::SessionLog;
use super::targets::{Targets, CHANNELS, MAX_AMOUNT, TOP_PAYERS};

/// Most payments of a user outside the top list; with amounts of at most
/// [`MAX_AMOUNT`] their revenue stays below any top payer's.
const MAX_REGULAR_PAYMENTS: u32 = 2;
/// Summary cells: months x channels.
const CELLS: usize = MONTHS * CHANNELS;

/// One row of `session_transaction`.
pub(crate) struct Transaction {
    /// Index into [`SessionLog::sessions`].
    pub(crate) session: usize,
    pub(crate) refunded: bool,
    pub(crate) amount: u32,
}

/// What one summary cell must contain.
#[derive(Clone, Copy)]
struct CellPlan {
    payers: u32,
    gross: u32,
    refunded: u32,
    /// Payments beyond one per paying user.
    extra: u32,
    refunded_rows: u32,
}

/// The top payers' payments: `(top payer, cell, session, amount)`.
type TopPayments = Vec<(usize, usize, usize, u32)>;

/// Generates the transactions of `log`.
pub(crate) fn generate(seed: u64, targets: &Targets, log: &SessionLog) -> Vec<Transaction> {
    let mut rng = Rng::new(seed, Stream::Transactions);
    let mut cell_sessions: Vec<Vec<usize>> = vec![Vec::new(); CELLS];
    for (i, s) in log.sessions.iter().enumerate() {
        cell_sessions[usize::from(s.month) * CHANNELS + usize::from(s.channel)].push(i);
    }
    let plans = plan_cells(targets);
    let top_users = log.population.top_payers;
    let mut top_sessions: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); CELLS]; TOP_PAYERS];
    for (i, s) in log.sessions.iter().enumerate() {
        if let Some(t) = top_users.iter().position(|&u| u == s.user as usize) {
            top_sessions[t][usize::from(s.month) * CHANNELS + usize::from(s.channel)].push(i);
        }
    }
    let top = (0..1000)
        .find_map(|_| place_top_payers(&mut rng, targets, &plans, &top_sessions))
        .expect("a feasible placement of the top payers");

    let mut taken = vec![false; log.sessions.len()];
    let mut payments = vec![0u32; log.population.users.len()];
    let mut transactions =
        Vec::with_capacity((targets.paying_transactions + targets.zero_transactions) as usize);
    let mut order: Vec<usize> = (0..CELLS).collect();
    rng.shuffle(&mut order);
    for c in order {
        let plan = plans[c];
        let mut top_users_here: Vec<usize> = Vec::new();
        let mut top_amount = 0;
        for &(t, cell, session, amount) in &top {
            if cell == c {
                taken[session] = true;
                top_amount += amount;
                if !top_users_here.contains(&t) {
                    top_users_here.push(t);
                }
                transactions.push(Transaction {
                    session,
                    refunded: false,
                    amount,
                });
            }
        }
        let top_rows = top.iter().filter(|p| p.1 == c).count() as u32;
        let regular_payers = plan.payers - top_users_here.len() as u32;
        let regular_extra = plan.extra - (top_rows - top_users_here.len() as u32);
        let mut slots = pick_regular_payers(
            &mut rng,
            log,
            &cell_sessions[c],
            &top_users,
            regular_payers,
            regular_extra,
            &mut taken,
            &mut payments,
        );
        rng.shuffle(&mut slots);
        let refunds = partition(&mut rng, plan.refunded, plan.refunded_rows);
        let normal_rows = slots.len() as u32 - plan.refunded_rows;
        let normal = partition(
            &mut rng,
            plan.gross - plan.refunded - top_amount,
            normal_rows,
        );
        for (k, &session) in slots.iter().enumerate() {
            let refunded = k < refunds.len();
            let amount = if refunded {
                refunds[k]
            } else {
                normal[k - refunds.len()]
            };
            transactions.push(Transaction {
                session,
                refunded,
                amount,
            });
        }
    }
    let mut zeros = 0;
    while zeros < targets.zero_transactions {
        let session = rng.index(log.sessions.len());
        if !taken[session] {
            taken[session] = true;
            transactions.push(Transaction {
                session,
                refunded: false,
                amount: 0,
            });
            zeros += 1;
        }
    }
    rng.shuffle(&mut transactions);
    transactions
}

/// Per-cell plans: extra payments go where the average payment would
/// otherwise be highest, refunded rows where refunded amounts per row are.
fn plan_cells(targets: &Targets) -> Vec<CellPlan> {
    let mut plans: Vec<CellPlan> = targets
        .summary
        .iter()
        .flatten()
        .map(|cell| CellPlan {
            payers: cell.payers,
            gross: cell.gross,
            refunded: cell.refunded(),
            extra: 0,
            refunded_rows: cell.refunded().div_ceil(MAX_AMOUNT),
        })
        .collect();
    let payers: u32 = plans.iter().map(|p| p.payers).sum();
    for _ in payers..targets.paying_transactions {
        let c = (0..CELLS)
            .filter(|&c| plans[c].extra < plans[c].payers / 2)
            .max_by(|&a, &b| {
                let (pa, pb) = (&plans[a], &plans[b]);
                (u64::from(pa.gross) * u64::from(pb.payers + pb.extra))
                    .cmp(&(u64::from(pb.gross) * u64::from(pa.payers + pa.extra)))
                    .then(b.cmp(&a))
            })
            .expect("a cell with room for another payment");
        plans[c].extra += 1;
    }
    let minimum: u32 = plans.iter().map(|p| p.refunded_rows).sum();
    assert!(
        minimum <= targets.refunded_transactions,
        "refunded totals fit in the refunded rows"
    );
    for _ in minimum..targets.refunded_transactions {
        let c = (0..CELLS)
            .filter(|&c| {
                let p = &plans[c];
                p.refunded > p.refunded_rows && p.refunded_rows + 1 < p.payers
            })
            .max_by(|&a, &b| {
                let (pa, pb) = (&plans[a], &plans[b]);
                (u64::from(pa.refunded) * u64::from(pb.refunded_rows))
                    .cmp(&(u64::from(pb.refunded) * u64::from(pa.refunded_rows)))
                    .then(b.cmp(&a))
            })
            .expect("a cell that can take another refunded row");
        plans[c].refunded_rows += 1;
    }
    plans
}

/// Spreads each top payer's revenue over several payments in cells where
/// they have sessions (`top_sessions[top payer][cell]`). `None` when the
/// cells' remaining amounts would not split plausibly; the caller draws again.
fn place_top_payers(
    rng: &mut Rng,
    targets: &Targets,
    plans: &[CellPlan],
    top_sessions: &[Vec<Vec<usize>>],
) -> Option<TopPayments> {
    let mut rows = [0u32; CELLS];
    let mut users = [0u32; CELLS];
    let mut amounts = [0u32; CELLS];
    let mut payments: TopPayments = Vec::new();
    for (t, &(_, revenue)) in targets.top_payers.iter().enumerate() {
        let own = &top_sessions[t];
        let count = (revenue.div_ceil(140)).max((revenue + 37) / 74 + rng.below(3) as u32 - 1);
        let parts = partition(rng, revenue, count);
        let mut used: Vec<usize> = Vec::new();
        let mut mine = [0u32; CELLS];
        for amount in parts {
            let weights: Vec<u64> = (0..CELLS)
                .map(|c| {
                    let free = own[c].len() > mine[c] as usize;
                    let fits = if mine[c] > 0 {
                        rows[c] - users[c] < plans[c].extra
                    } else {
                        users[c] < plans[c].payers / 3
                    };
                    if free && fits {
                        u64::from(plans[c].gross)
                    } else {
                        0
                    }
                })
                .collect();
            if weights.iter().all(|&w| w == 0) {
                return None;
            }
            let c = rng.weighted(&weights);
            if mine[c] == 0 {
                users[c] += 1;
            }
            mine[c] += 1;
            rows[c] += 1;
            amounts[c] += amount;
            let session = loop {
                let s = own[c][rng.index(own[c].len())];
                if !used.contains(&s) {
                    break s;
                }
            };
            used.push(session);
            payments.push((t, c, session, amount));
        }
    }
    let feasible = (0..CELLS).all(|c| {
        let p = &plans[c];
        let normal_rows =
            i64::from(p.payers + p.extra) - i64::from(rows[c]) - i64::from(p.refunded_rows);
        let normal = i64::from(p.gross) - i64::from(p.refunded) - i64::from(amounts[c]);
        normal_rows >= 0 && normal >= normal_rows * 20 && normal <= normal_rows * 135
    });
    feasible.then_some(payments)
}

/// Picks `payers` distinct users of the cell outside the top list, `extra`
/// of whom pay twice (on two sessions of theirs in the cell). Users are
/// considered in the order of a shuffled list of the cell's sessions, so the
/// more sessions a user has in the cell, the likelier they pay. Returns the
/// sessions that pay.
#[allow(clippy::too_many_arguments)]
fn pick_regular_payers(
    rng: &mut Rng,
    log: &SessionLog,
    cell: &[usize],
    top_users: &[usize; TOP_PAYERS],
    payers: u32,
    extra: u32,
    taken: &mut [bool],
    payments: &mut [u32],
) -> Vec<usize> {
    let user_of = |i: usize| log.sessions[i].user as usize;
    let mut shuffled = cell.to_vec();
    rng.shuffle(&mut shuffled);
    let mut free: Vec<Vec<usize>> = vec![Vec::new(); payments.len()];
    for &s in &shuffled {
        if !taken[s] {
            free[user_of(s)].push(s);
        }
    }
    let mut seen = vec![false; payments.len()];
    let mut chosen: Vec<usize> = Vec::new();
    let (mut singles, mut doubles) = (0, 0);
    for &s in &shuffled {
        if singles + doubles == payers {
            break;
        }
        let u = user_of(s);
        if seen[u] || top_users.contains(&u) || free[u].is_empty() {
            continue;
        }
        seen[u] = true;
        let open_slots = payers - singles - doubles;
        let open_doubles = extra - doubles;
        if open_doubles > 0 && payments[u] == 0 && free[u].len() >= 2 {
            chosen.extend_from_slice(&free[u][..2]);
            payments[u] += 2;
            doubles += 1;
        } else if open_slots > open_doubles && payments[u] < MAX_REGULAR_PAYMENTS {
            chosen.push(free[u][0]);
            payments[u] += 1;
            singles += 1;
        }
    }
    assert!(
        singles + doubles == payers && doubles == extra,
        "a cell has enough possible payers"
    );
    for &s in &chosen {
        taken[s] = true;
    }
    chosen
}

/// Splits `total` into `parts` amounts in `1..=MAX_AMOUNT`: uniform draws
/// nudged at random until they add up.
fn partition(rng: &mut Rng, total: u32, parts: u32) -> Vec<u32> {
    assert!(
        parts <= total && total <= parts * MAX_AMOUNT,
        "total {total} splits into {parts} amounts"
    );
    let mut values: Vec<u32> = (0..parts)
        .map(|_| 1 + rng.below(u64::from(MAX_AMOUNT)) as u32)
        .collect();
    let mut diff = i64::from(total) - values.iter().map(|&v| i64::from(v)).sum::<i64>();
    while diff != 0 {
        let i = rng.index(values.len());
        let room = if diff > 0 {
            i64::from(MAX_AMOUNT - values[i])
        } else {
            i64::from(values[i] - 1)
        };
        if room > 0 {
            let step = rng.between(1, room.min(diff.abs()));
            if diff > 0 {
                values[i] += step as u32;
                diff -= step;
            } else {
                values[i] -= step as u32;
                diff += step;
            }
        }
    }
    values
}
