//! Which channels each user comes through, and how many sessions per user,
//! month and channel.
//!
//! Construction: (1) each user's overall channel set, so that the distinct
//! users per channel are exact (light users miss the most channels);
//! (2) per month, the subset of channels each active user uses, meeting the
//! summary's unique users per month and channel; (3) one session per used
//! channel plus the rest by the user's channel preferences; (4) sessions moved
//! between channels inside a user-month until the channel totals are exact.
//! Step 4 never empties a channel of a user-month, so steps 1-2 stay intact.

use super::calendar::MONTHS;
use super::population::Population;
use super::rng::{Rng, Stream};
use super::targets::{Targets, CHANNELS};

/// Sessions per user (population order), month and channel.
pub(crate) type ChannelCounts = Vec<[[u32; CHANNELS]; MONTHS]>;

/// Channel sets per user and month.
type MonthSets = Vec<[[bool; CHANNELS]; MONTHS]>;

/// Decides sessions per user, month and channel.
pub(crate) fn plan(seed: u64, targets: &Targets, pop: &Population) -> ChannelCounts {
    let mut rng = Rng::new(seed, Stream::Channels);
    let prefs: Vec<[u64; CHANNELS]> = pop
        .users
        .iter()
        .map(|_| {
            let mut p = [0u64; CHANNELS];
            for w in p.iter_mut() {
                *w = 1 + rng.below(6);
            }
            p[rng.index(CHANNELS)] *= 3;
            p
        })
        .collect();
    let allowed = overall_sets(&mut rng, targets, pop, &prefs);
    let mut used: MonthSets = vec![[[false; CHANNELS]; MONTHS]; pop.users.len()];
    for m in 0..MONTHS {
        month_sets(&mut rng, targets, pop, &allowed, &prefs, m, &mut used);
    }
    cover_overall_sets(pop, &allowed, &mut used);
    let mut counts = fill_counts(&mut rng, pop, &used, &prefs);
    balance_channels(&mut rng, targets, pop, &mut counts);
    counts
}

/// Each user's set of channels; `channel_users` users have each channel.
/// The missing (user, channel) pairs go mostly to the lightest users, and a
/// user never has more channels than sessions.
fn overall_sets(
    rng: &mut Rng,
    targets: &Targets,
    pop: &Population,
    prefs: &[[u64; CHANNELS]],
) -> Vec<[bool; CHANNELS]> {
    let n = pop.users.len();
    let mut quota: Vec<u32> = targets
        .channel_users
        .iter()
        .map(|&d| n as u32 - d)
        .collect();
    let mut missing: Vec<u32> = pop
        .users
        .iter()
        .map(|u| (CHANNELS as u32).saturating_sub(u.total()))
        .collect();
    let mut left = quota.iter().sum::<u32>() - missing.iter().sum::<u32>();
    while left > 0 {
        let weights: Vec<u64> = (0..n)
            .map(|u| {
                let total = u64::from(pop.users[u].total());
                let extra = u64::from(missing[u]) + 1;
                if u == pop.daily_user || missing[u] + 1 >= CHANNELS as u32 {
                    0
                } else {
                    (1_000_000_000_000 / (total * total * extra * extra)).max(1)
                }
            })
            .collect();
        missing[rng.weighted(&weights)] += 1;
        left -= 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::sort_by_key(&mut order, |&u| std::cmp::Reverse(missing[u]));
    let mut sets = vec![[true; CHANNELS]; n];
    for u in order {
        let mut channels: Vec<usize> = (0..CHANNELS).collect();
        crate::sort::sort_by_key(&mut channels, |&ch| {
            (std::cmp::Reverse(quota[ch]), prefs[u][ch])
        });
        for &ch in channels.iter().take(missing[u] as usize) {
            assert!(quota[ch] > 0, "missing channel pairs are realizable");
            quota[ch] -= 1;
            sets[u][ch] = false;
        }
    }
    sets
}

/// `0.9^n` in units of 1e-9: how likely a user with `n` sessions in a month
/// leaves one of their channels unused that month.
fn skip_weight(n: u32) -> u64 {
    let mut w: u64 = 1_000_000_000;
    for _ in 0..n.min(200) {
        w = w * 9 / 10;
    }
    w.max(1)
}

/// For month `m`, picks each active user's channels so that each channel's
/// user count matches the summary (exact unless the allowed sets forbid it).
/// Users active only in this month use their whole set.
fn month_sets(
    rng: &mut Rng,
    targets: &Targets,
    pop: &Population,
    allowed: &[[bool; CHANNELS]],
    prefs: &[[u64; CHANNELS]],
    m: usize,
    used: &mut MonthSets,
) {
    let active: Vec<usize> = (0..pop.users.len())
        .filter(|&u| pop.users[u].active[m])
        .collect();
    let set_size = |u: usize| allowed[u].iter().filter(|&&a| a).count() as u32;
    let mut degree: Vec<u32> = active
        .iter()
        .map(|&u| pop.users[u].sessions[m].min(set_size(u)))
        .collect();
    let room: Vec<u32> = active
        .iter()
        .zip(&degree)
        .map(|(&u, &d)| {
            let months = pop.users[u].active.iter().filter(|&&a| a).count();
            if months == 1 || u == pop.daily_user {
                0
            } else {
                d - 1
            }
        })
        .collect();
    let mut quota: [u32; CHANNELS] = [0; CHANNELS];
    for (ch, q) in quota.iter_mut().enumerate() {
        *q = targets.summary[m][ch].users;
    }
    let wanted: u32 = quota.iter().sum();
    let mut excess = degree.iter().sum::<u32>().saturating_sub(wanted);
    let mut removed = vec![0u32; active.len()];
    let mut weights: Vec<u64> = active
        .iter()
        .zip(&room)
        .map(|(&u, &r)| {
            if r > 0 {
                skip_weight(pop.users[u].sessions[m])
            } else {
                0
            }
        })
        .collect();
    while excess > 0 && weights.iter().any(|&w| w > 0) {
        let i = rng.weighted(&weights);
        degree[i] -= 1;
        removed[i] += 1;
        excess -= 1;
        weights[i] = if removed[i] < room[i] {
            skip_weight(pop.users[active[i]].sessions[m]) / (1 + u64::from(removed[i])).pow(2)
        } else {
            0
        };
    }
    let mut order: Vec<usize> = (0..active.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| {
        (set_size(active[i]), std::cmp::Reverse(degree[i]))
    });
    for i in order {
        let u = active[i];
        let mut channels: Vec<usize> = (0..CHANNELS).filter(|&ch| allowed[u][ch]).collect();
        crate::sort::sort_by_key(&mut channels, |&ch| {
            (
                std::cmp::Reverse(quota[ch]),
                std::cmp::Reverse(prefs[u][ch]),
            )
        });
        for &ch in channels.iter().take(degree[i] as usize) {
            used[u][m][ch] = true;
            quota[ch] = quota[ch].saturating_sub(1);
        }
    }
}

/// Makes every channel of a user's overall set appear in some month: a
/// missing channel replaces, in the user's busiest month, a channel the user
/// also used in another month, and another user of that month swaps the
/// other way so the month's per-channel user counts stay as they were. When
/// no such channel exists, the missing channel is added to a month with a
/// session to spare and another user of that month drops it instead.
fn cover_overall_sets(pop: &Population, allowed: &[[bool; CHANNELS]], used: &mut MonthSets) {
    let n = pop.users.len();
    let months_using =
        |sets: &[[bool; CHANNELS]; MONTHS], ch: usize| (0..MONTHS).filter(|&m| sets[m][ch]).count();
    let channels_in = |sets: &[bool; CHANNELS]| sets.iter().filter(|&&u| u).count() as u32;
    for u in 0..n {
        for ch in 0..CHANNELS {
            if !allowed[u][ch] || months_using(&used[u], ch) > 0 {
                continue;
            }
            let mut months: Vec<usize> = (0..MONTHS).filter(|&m| pop.users[u].active[m]).collect();
            crate::sort::sort_by_key(&mut months, |&m| {
                std::cmp::Reverse(pop.users[u].sessions[m])
            });
            let swap = months.iter().find_map(|&m| {
                (0..CHANNELS)
                    .find(|&other| used[u][m][other] && months_using(&used[u], other) > 1)
                    .map(|other| (m, other))
            });
            if let Some((m, other)) = swap {
                used[u][m][other] = false;
                used[u][m][ch] = true;
                let partner = (0..n).find(|&v| {
                    v != u
                        && used[v][m][ch]
                        && !used[v][m][other]
                        && allowed[v][other]
                        && months_using(&used[v], ch) > 1
                });
                if let Some(v) = partner {
                    used[v][m][ch] = false;
                    used[v][m][other] = true;
                }
            } else {
                let m = *months
                    .iter()
                    .find(|&&m| channels_in(&used[u][m]) < pop.users[u].sessions[m])
                    .expect("a user has at least as many sessions as channels");
                used[u][m][ch] = true;
                let partner = (0..n).find(|&v| {
                    v != u
                        && used[v][m][ch]
                        && channels_in(&used[v][m]) >= 2
                        && months_using(&used[v], ch) > 1
                });
                if let Some(v) = partner {
                    used[v][m][ch] = false;
                }
            }
        }
    }
}

/// One session per used channel, the rest drawn by the user's preferences.
fn fill_counts(
    rng: &mut Rng,
    pop: &Population,
    used: &MonthSets,
    prefs: &[[u64; CHANNELS]],
) -> ChannelCounts {
    let mut counts: ChannelCounts = vec![[[0; CHANNELS]; MONTHS]; pop.users.len()];
    for (u, user) in pop.users.iter().enumerate() {
        for m in 0..MONTHS {
            if !user.active[m] {
                continue;
            }
            let mut weights = [0u64; CHANNELS];
            let mut placed = 0;
            for ch in 0..CHANNELS {
                if used[u][m][ch] {
                    counts[u][m][ch] = 1;
                    weights[ch] = prefs[u][ch];
                    placed += 1;
                }
            }
            for _ in placed..user.sessions[m] {
                counts[u][m][rng.weighted(&weights)] += 1;
            }
        }
    }
    counts
}

/// Moves sessions between two channels a user used in the same month until
/// every channel's total is exact. A channel keeps at least one session in
/// every user-month that used it.
fn balance_channels(
    rng: &mut Rng,
    targets: &Targets,
    pop: &Population,
    counts: &mut ChannelCounts,
) {
    let mut cells: Vec<(usize, usize)> = (0..pop.users.len())
        .flat_map(|u| (0..MONTHS).map(move |m| (u, m)))
        .filter(|&(u, m)| pop.users[u].active[m])
        .collect();
    rng.shuffle(&mut cells);
    let mut diff = targets.channel_sessions.map(|target| -i64::from(target));
    for month in counts.iter().flatten() {
        for (d, &n) in diff.iter_mut().zip(month) {
            *d += i64::from(n);
        }
    }
    let mut cursor = 0;
    while let (Some(src), Some(dst)) = (
        (0..CHANNELS)
            .filter(|&c| diff[c] > 0)
            .max_by_key(|&c| diff[c]),
        (0..CHANNELS)
            .filter(|&c| diff[c] < 0)
            .min_by_key(|&c| diff[c]),
    ) {
        let mut moved = false;
        for _ in 0..cells.len() {
            let (u, m) = cells[cursor];
            cursor = (cursor + 1) % cells.len();
            let cell = &mut counts[u][m];
            if cell[src] >= 2 && cell[dst] >= 1 {
                let k = (cell[src] - 1)
                    .min(2)
                    .min(diff[src] as u32)
                    .min((-diff[dst]) as u32);
                cell[src] -= k;
                cell[dst] += k;
                diff[src] -= i64::from(k);
                diff[dst] += i64::from(k);
                moved = true;
                break;
            }
        }
        assert!(moved, "channel totals are reachable by moving sessions");
    }
}
