//! Users: ids, cohorts, the months each user is active in, and how many
//! sessions each user has per month.
//!
//! Counts are decided here, before any session exists: cohort membership and
//! activity reproduce the cohort table (and so MAU) exactly, and per-month
//! session counts are apportioned from per-user intensities to hit the
//! monthly totals exactly.

use super::calendar::{month_of, DAYS, MONTHS, MONTH_START};
use super::rng::{Rng, Stream};
use super::share::apportion;
use super::targets::{Targets, TOP_PAYERS};

/// Fewest sessions any user has, so that nobody's sessions fall on one day.
const MIN_USER_SESSIONS: u32 = 3;

/// One user of the service.
pub(crate) struct User {
    pub(crate) id: u32,
    /// Month (0 = May) of the user's first session.
    pub(crate) cohort: usize,
    /// Months in which the user has at least one session.
    pub(crate) active: [bool; MONTHS],
    /// Earliest log day of the user's sessions.
    pub(crate) first_day: u16,
    /// Sessions per month.
    pub(crate) sessions: [u32; MONTHS],
}

impl User {
    /// Total sessions.
    pub(crate) fn total(&self) -> u32 {
        self.sessions.iter().sum()
    }

    /// The days (inclusive range) on which a session of month `m` may fall.
    pub(crate) fn day_range(&self, m: usize) -> (u16, u16) {
        (MONTH_START[m].max(self.first_day), MONTH_START[m + 1] - 1)
    }
}

/// All users plus the indices of the ones the figures single out.
pub(crate) struct Population {
    pub(crate) users: Vec<User>,
    pub(crate) max_user: usize,
    pub(crate) daily_user: usize,
    /// Indices of the top payers, in target order.
    pub(crate) top_payers: [usize; TOP_PAYERS],
    /// Owner of the first session of the log.
    pub(crate) first_user: usize,
    /// Owner of the last session of the log.
    pub(crate) last_user: usize,
    /// Log day of each session of the daily user.
    pub(crate) daily_days: Vec<u16>,
}

impl Population {
    /// Whether the user's session counts were fixed by the targets.
    pub(crate) fn is_fixed(&self, u: usize) -> bool {
        u == self.max_user || u == self.daily_user
    }
}

/// Builds the users for `targets`.
pub(crate) fn build(seed: u64, targets: &Targets) -> Population {
    let mut rng = Rng::new(seed, Stream::Population);
    let ids = pick_ids(&mut rng, targets);
    let special_ids = special_ids(targets);
    let mut users: Vec<User> = ids
        .iter()
        .map(|&id| User {
            id,
            cohort: 0,
            active: [false; MONTHS],
            first_day: 0,
            sessions: [0; MONTHS],
        })
        .collect();
    let index_of = |id: u32| {
        ids.iter()
            .position(|&x| x == id)
            .expect("special id picked")
    };
    let specials: Vec<usize> = special_ids.iter().map(|&id| index_of(id)).collect();
    let max_user = index_of(targets.max_user);
    let daily_user = index_of(targets.daily_user);
    let mut top_payers = [0; TOP_PAYERS];
    for (slot, &(id, _)) in top_payers.iter_mut().zip(targets.top_payers.iter()) {
        *slot = index_of(id);
    }

    let cohorts = assign_cohorts(&mut rng, targets, &mut users, &specials);
    let first_user = *cohorts[0]
        .iter()
        .find(|u| !specials.contains(u))
        .expect("a regular user in the first cohort");
    let last_user = *cohorts
        .iter()
        .flatten()
        .find(|&&u| users[u].active[MONTHS - 1] && !specials.contains(&u) && u != first_user)
        .expect("a regular user active in the last month");
    for &u in cohorts.iter().flatten() {
        let c = users[u].cohort;
        users[u].first_day = if c == 0 {
            if rng.chance(3, 5) {
                0
            } else {
                rng.below(21) as u16
            }
        } else {
            MONTH_START[c] + rng.below(u64::from(MONTH_START[c + 1] - MONTH_START[c] - 4)) as u16
        };
    }
    for &u in &specials {
        users[u].first_day = 0;
    }
    users[first_user].first_day = 0;

    let daily_days = daily_schedule(&mut rng, targets.daily_user_sessions);
    for &day in &daily_days {
        users[daily_user].sessions[month_of(day)] += 1;
    }
    let max_split = apportion(
        u64::from(targets.max_user_sessions),
        &targets.month_sessions.map(u64::from),
    );
    for (m, &n) in max_split.iter().enumerate() {
        users[max_user].sessions[m] = n as u32;
    }
    let mut pop = Population {
        users,
        max_user,
        daily_user,
        top_payers,
        first_user,
        last_user,
        daily_days,
    };
    let intensity = intensities(&mut rng, &pop, &top_payers);
    distribute_sessions(&mut rng, targets, &mut pop, &intensity);
    pop
}

/// The userids the targets name, without duplicates.
fn special_ids(targets: &Targets) -> Vec<u32> {
    let mut ids = vec![targets.max_user, targets.daily_user];
    for &(id, _) in &targets.top_payers {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Distinct sparse userids in `1..=max_userid`, the special ones included.
fn pick_ids(rng: &mut Rng, targets: &Targets) -> Vec<u32> {
    let n = targets.users() as usize;
    let mut taken = vec![false; targets.max_userid as usize + 1];
    let mut ids = special_ids(targets);
    for &id in &ids {
        taken[id as usize] = true;
    }
    while ids.len() < n {
        let id = rng.between(1, i64::from(targets.max_userid)) as u32;
        if !taken[id as usize] {
            taken[id as usize] = true;
            ids.push(id);
        }
    }
    rng.shuffle(&mut ids);
    ids
}

/// Puts every user in a cohort and chooses the months each is active in so
/// that every cell of the cohort table is met exactly. Special users join in
/// the first month and stay active throughout. Returns the members of each
/// cohort.
fn assign_cohorts(
    rng: &mut Rng,
    targets: &Targets,
    users: &mut [User],
    specials: &[usize],
) -> Vec<Vec<usize>> {
    let mut regular: Vec<usize> = (0..users.len()).filter(|u| !specials.contains(u)).collect();
    rng.shuffle(&mut regular);
    let mut regular = regular.into_iter();
    let mut cohorts = Vec::with_capacity(MONTHS);
    for c in 0..MONTHS {
        let size = targets.cohorts[c][0] as usize;
        let mut members: Vec<usize> = if c == 0 {
            specials.to_vec()
        } else {
            Vec::new()
        };
        while members.len() < size {
            members.push(regular.next().expect("cohort sizes add up to the users"));
        }
        let loyalty: Vec<u64> = members.iter().map(|_| 1 + rng.below(4)).collect();
        for &u in &members {
            users[u].cohort = c;
            users[u].active[c] = true;
        }
        for k in 1..MONTHS - c {
            let m = c + k;
            let wanted = targets.cohorts[c][k] as usize;
            let mut chosen = 0;
            let mut weights: Vec<u64> = Vec::with_capacity(members.len());
            for (i, &u) in members.iter().enumerate() {
                if c == 0 && i < specials.len() {
                    users[u].active[m] = true;
                    chosen += 1;
                    weights.push(0);
                } else if users[u].active[m - 1] {
                    weights.push(12 * loyalty[i]);
                } else {
                    weights.push(loyalty[i]);
                }
            }
            while chosen < wanted {
                let i = rng.weighted(&weights);
                weights[i] = 0;
                users[members[i]].active[m] = true;
                chosen += 1;
            }
        }
        cohorts.push(members);
    }
    cohorts
}

/// Days of the daily user's sessions: one a day, a few days skipped, a few
/// with two sessions.
fn daily_schedule(rng: &mut Rng, sessions: u32) -> Vec<u16> {
    let mut per_day = vec![1u32; DAYS as usize];
    let skips = 3 + rng.below(6) as u32;
    let mut placed = u32::from(DAYS);
    let mut skipped = 0;
    while skipped < skips || placed > sessions {
        let d = rng.index(per_day.len());
        if per_day[d] == 1 && d != 0 && d + 1 != per_day.len() {
            per_day[d] = 0;
            placed -= 1;
            skipped += 1;
        }
    }
    while placed < sessions {
        let d = rng.index(per_day.len());
        if per_day[d] == 1 {
            per_day[d] = 2;
            placed += 1;
        }
    }
    let mut days = Vec::with_capacity(sessions as usize);
    for (d, &n) in per_day.iter().enumerate() {
        for _ in 0..n {
            days.push(d as u16);
        }
    }
    days
}

/// Relative activity of each user in per mille: a product of three uniform
/// factors (a skewed, lognormal-like spread) with its upper tail compressed
/// so that nobody rivals the busiest user, high for the top payers.
fn intensities(rng: &mut Rng, pop: &Population, top_payers: &[usize]) -> Vec<u64> {
    (0..pop.users.len())
        .map(|u| {
            if top_payers.contains(&u) {
                1_600 + rng.below(1_000)
            } else {
                let product: u64 = (0..3).map(|_| 350 + rng.below(1_300)).product();
                let raw = (product / 1_000_000).max(20);
                if raw > 1_800 {
                    1_800 + (raw - 1_800) / 4
                } else {
                    raw
                }
            }
        })
        .collect()
}

/// Gives every regular user their sessions per month: one per active month
/// plus a share of the rest of the month's target proportional to intensity
/// (reduced in the month the user joins), then caps everyone below the
/// busiest user and lifts everyone to at least [`MIN_USER_SESSIONS`].
fn distribute_sessions(rng: &mut Rng, targets: &Targets, pop: &mut Population, intensity: &[u64]) {
    let n = pop.users.len();
    for m in 0..MONTHS {
        let regular: Vec<usize> = (0..n)
            .filter(|&u| pop.users[u].active[m] && !pop.is_fixed(u))
            .collect();
        let fixed: u32 = [pop.max_user, pop.daily_user]
            .iter()
            .map(|&u| pop.users[u].sessions[m])
            .sum();
        let budget = targets.month_sessions[m] - fixed - regular.len() as u32;
        let month_days = u64::from(MONTH_START[m + 1] - MONTH_START[m]);
        let weights: Vec<u64> = regular
            .iter()
            .map(|&u| {
                let (lo, hi) = pop.users[u].day_range(m);
                let days = u64::from(hi - lo + 1);
                intensity[u] * (700 + rng.below(600)) * days * 1000 / month_days
            })
            .collect();
        for (&u, extra) in regular.iter().zip(apportion(u64::from(budget), &weights)) {
            pop.users[u].sessions[m] = 1 + extra as u32;
        }
    }
    let cap = targets.max_user_sessions * 9 / 10;
    for u in 0..n {
        if pop.is_fixed(u) {
            continue;
        }
        while pop.users[u].total() > cap {
            let m = (0..MONTHS)
                .max_by_key(|&m| pop.users[u].sessions[m])
                .expect("months");
            let receiver = pick_receiver(rng, pop, m, u, intensity, cap);
            pop.users[u].sessions[m] -= 1;
            pop.users[receiver].sessions[m] += 1;
        }
    }
    for u in 0..n {
        while pop.users[u].total() < MIN_USER_SESSIONS {
            let m = (0..MONTHS)
                .filter(|&m| pop.users[u].active[m])
                .max_by_key(|&m| MONTH_START[m + 1] - pop.users[u].day_range(m).0)
                .expect("an active month");
            let donor = (0..n)
                .filter(|&v| pop.users[v].active[m] && !pop.is_fixed(v))
                .max_by_key(|&v| pop.users[v].sessions[m])
                .expect("an active user to give a session");
            pop.users[donor].sessions[m] -= 1;
            pop.users[u].sessions[m] += 1;
        }
    }
}

/// A regular user active in month `m`, other than `giver`, with room below
/// `cap`, drawn by intensity.
fn pick_receiver(
    rng: &mut Rng,
    pop: &Population,
    m: usize,
    giver: usize,
    intensity: &[u64],
    cap: u32,
) -> usize {
    let weights: Vec<u64> = (0..pop.users.len())
        .map(|v| {
            let user = &pop.users[v];
            if v != giver && user.active[m] && !pop.is_fixed(v) && user.total() + 1 < cap {
                intensity[v]
            } else {
                0
            }
        })
        .collect();
    rng.weighted(&weights)
}
