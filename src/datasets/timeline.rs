//! Places every session in time (log day and milliseconds into the day).
//!
//! Each user has a habitual window of hours around a base hour. A session's
//! hour is drawn from the target histogram restricted to the user's window
//! (weighted by closeness to the base), and base hours get shares of all
//! sessions proportional to the target mass their window covers, so the
//! expected hour histogram equals the target. Repairs then make the figures exact with
//! small moves: sessions shift to the nearest short hour that lies inside
//! their user's window, and to an adjacent day of the same month for the
//! weekday figures. The first and last sessions of the log and the daily
//! user's sessions are pinned.

use super::calendar::{dow, month_of, DAYS, FRIDAY, MONTHS, MS_PER_HOUR};
use super::population::Population;
use super::rng::{Rng, Stream};
use super::sessions::Session;
use super::targets::Targets;

/// Half-widths (in hours) of the users' habitual windows.
const WINDOWS: [usize; 3] = [2, 3, 4];
/// Weight of a Friday when drawing a day, in per mille of other days.
const FRIDAY_WEIGHT: u64 = 1030;
/// Most moves spent keeping other weekdays below the Friday figures.
const MAX_CAP_MOVES: usize = 100_000;
/// Sessions of users with fewer sessions never change day in repairs.
const MIN_MOVABLE_USER_SESSIONS: u32 = 10;
/// The daily user's sessions start between 11:50 and 14:30.
const DAILY_START_MS: u32 = (11 * 60 + 50) * 60_000;
const DAILY_SPAN_MS: u64 = 160 * 60_000;

/// A user's habitual hours: a base hour and a window half-width.
struct Habit {
    window: usize,
    base: usize,
}

impl Habit {
    fn covers(&self, hour: usize) -> bool {
        hour_distance(hour, self.base) <= WINDOWS[self.window]
    }
}

/// Circular distance between two hours of the day.
fn hour_distance(a: usize, b: usize) -> usize {
    let d = a.abs_diff(b);
    d.min(24 - d)
}

/// Draw tables for habits and hours.
struct HourModel {
    /// `[window][base][hour]`: running total over hours of target sessions
    /// at the hour times its closeness to `base`.
    hour_cumulative: Vec<[[u64; 24]; 24]>,
    /// `[window][base]`: the full total of the row above.
    base_weights: Vec<[u64; 24]>,
}

impl HourModel {
    fn new(targets: &Targets) -> Self {
        let mut hour_cumulative = Vec::with_capacity(WINDOWS.len());
        let mut base_weights = Vec::with_capacity(WINDOWS.len());
        for &w in &WINDOWS {
            let mut rows = [[0u64; 24]; 24];
            let mut totals = [0u64; 24];
            for (base, (row, total)) in rows.iter_mut().zip(totals.iter_mut()).enumerate() {
                let mut running = 0;
                for (hour, (cell, &sessions)) in row.iter_mut().zip(&targets.hours).enumerate() {
                    let d = hour_distance(hour, base);
                    if d <= w {
                        running += u64::from(sessions) * (w + 1 - d) as u64;
                    }
                    *cell = running;
                }
                *total = running;
            }
            hour_cumulative.push(rows);
            base_weights.push(totals);
        }
        HourModel {
            hour_cumulative,
            base_weights,
        }
    }

    /// Habits for all users: windows and base hours are spread over the users
    /// in random order so that each (window, base) pair receives its share of
    /// all sessions (systematic sampling weighted by session count), which
    /// keeps the hour histogram close to target even though a few heavy users
    /// carry many sessions.
    fn habits(&self, rng: &mut Rng, pop: &Population) -> Vec<Habit> {
        let totals: Vec<u128> = self
            .base_weights
            .iter()
            .map(|row| row.iter().map(|&w| u128::from(w)).sum())
            .collect();
        let mut cells: Vec<(usize, usize, u128)> = Vec::with_capacity(WINDOWS.len() * 24);
        for (window, row) in self.base_weights.iter().enumerate() {
            let others: u128 = (0..WINDOWS.len())
                .filter(|&w| w != window)
                .map(|w| totals[w])
                .product();
            for (base, &w) in row.iter().enumerate() {
                cells.push((window, base, u128::from(w) * others));
            }
        }
        let mass: u128 = cells.iter().map(|c| c.2).sum();
        let sessions: u128 = pop.users.iter().map(|u| u128::from(u.total())).sum();
        let mut order: Vec<usize> = (0..pop.users.len()).collect();
        rng.shuffle(&mut order);
        let mut habits: Vec<Habit> = pop
            .users
            .iter()
            .map(|_| Habit { window: 0, base: 0 })
            .collect();
        let mut before: u128 = 0;
        for u in order {
            let n = u128::from(pop.users[u].total());
            let mut point = (2 * before + n) * mass / (2 * sessions);
            for &(window, base, weight) in &cells {
                if point < weight {
                    habits[u] = Habit { window, base };
                    break;
                }
                point -= weight;
            }
            before += n;
        }
        habits
    }

    fn hour(&self, rng: &mut Rng, habit: &Habit) -> usize {
        rng.weighted_cumulative(&self.hour_cumulative[habit.window][habit.base])
    }
}

/// Sets `day` and `ms` of every session.
pub(crate) fn place(seed: u64, targets: &Targets, pop: &Population, sessions: &mut [Session]) {
    let mut rng = Rng::new(seed, Stream::Timeline);
    let model = HourModel::new(targets);
    let habits = model.habits(&mut rng, pop);
    let mut hours = vec![0usize; sessions.len()];
    let mut pinned = vec![false; sessions.len()];
    let mut daily_days: Vec<Vec<u16>> = vec![Vec::new(); MONTHS];
    for &day in &pop.daily_days {
        daily_days[month_of(day)].push(day);
    }
    for days in daily_days.iter_mut() {
        rng.shuffle(days);
    }
    for (i, s) in sessions.iter_mut().enumerate() {
        let u = s.user as usize;
        if u == pop.daily_user {
            s.day = daily_days[usize::from(s.month)]
                .pop()
                .expect("a schedule day per daily session");
            s.ms = DAILY_START_MS + rng.below(DAILY_SPAN_MS) as u32;
            hours[i] = (s.ms / MS_PER_HOUR) as usize;
            pinned[i] = true;
        } else {
            let (lo, hi) = pop.users[u].day_range(usize::from(s.month));
            s.day = draw_day(&mut rng, lo, hi);
            hours[i] = model.hour(&mut rng, &habits[u]);
        }
    }
    let ends = [
        (pop.first_user, 0, 0, targets.first_ms),
        (pop.last_user, MONTHS - 1, DAYS - 1, targets.last_ms),
    ];
    for (user, month, day, ms) in ends {
        let i = sessions
            .iter()
            .position(|s| s.user as usize == user && usize::from(s.month) == month)
            .expect("the end user is active in the end month");
        sessions[i].day = day;
        sessions[i].ms = ms;
        hours[i] = (ms / MS_PER_HOUR) as usize;
        pinned[i] = true;
    }
    let by_user = sessions_by_user(pop, sessions);
    spread_single_day_users(&mut rng, pop, sessions, &by_user, &pinned);
    repair_hours(&mut rng, targets, &habits, sessions, &mut hours, &pinned);
    let movable: Vec<bool> = sessions
        .iter()
        .zip(&pinned)
        .map(|(s, &p)| !p && pop.users[s.user as usize].total() >= MIN_MOVABLE_USER_SESSIONS)
        .collect();
    let mut grid = WeekGrid::new(sessions, &hours, &movable);
    let peak = [targets.peak_hour()];
    let off_peak: Vec<usize> = (0..24).filter(|&h| h != peak[0]).collect();
    grid.set_friday(&mut rng, pop, sessions, &peak, targets.friday_peak_sessions);
    let rest = targets.friday_sessions - targets.friday_peak_sessions;
    grid.set_friday(&mut rng, pop, sessions, &off_peak, rest);
    grid.cap_cells(
        &mut rng,
        pop,
        sessions,
        peak[0],
        targets.friday_sessions,
        targets.friday_peak_sessions,
    );
    for (i, s) in sessions.iter_mut().enumerate() {
        if !pinned[i] {
            s.ms = draw_ms(&mut rng, targets, s.day, hours[i]);
        }
    }
    make_times_unique(targets, sessions, &pinned);
    set_daily_channels(targets, sessions, &by_user[pop.daily_user]);
}

/// A day in `lo..=hi`, Fridays slightly more likely.
fn draw_day(rng: &mut Rng, lo: u16, hi: u16) -> u16 {
    loop {
        let day = lo + rng.below(u64::from(hi - lo + 1)) as u16;
        if dow(day) == FRIDAY || rng.chance(1000, FRIDAY_WEIGHT) {
            return day;
        }
    }
}

/// The range of milliseconds into the day for an unpinned session at `hour`
/// of `day`: strictly after the log's first and before its last session.
fn ms_bounds(targets: &Targets, day: u16, hour: usize) -> (u32, u32) {
    let start = hour as u32 * MS_PER_HOUR;
    let lo = if day == 0 && hour == 0 {
        targets.first_ms + 1
    } else {
        start
    };
    let hi = if day == DAYS - 1 && hour == 23 {
        targets.last_ms - 1
    } else {
        start + MS_PER_HOUR - 1
    };
    (lo, hi)
}

/// Milliseconds into the day within `hour`; one in eight on a whole second.
fn draw_ms(rng: &mut Rng, targets: &Targets, day: u16, hour: usize) -> u32 {
    let (lo, hi) = ms_bounds(targets, day, hour);
    let ms = lo + rng.below(u64::from(hi - lo + 1)) as u32;
    let whole = ms - ms % 1000;
    if rng.chance(1, 8) && whole >= lo {
        whole
    } else {
        ms
    }
}

/// Session indices per user.
fn sessions_by_user(pop: &Population, sessions: &[Session]) -> Vec<Vec<usize>> {
    let mut by_user = vec![Vec::new(); pop.users.len()];
    for (i, s) in sessions.iter().enumerate() {
        by_user[s.user as usize].push(i);
    }
    by_user
}

/// Moves one session of any user whose sessions all fell on one day to
/// another day of the same month.
fn spread_single_day_users(
    rng: &mut Rng,
    pop: &Population,
    sessions: &mut [Session],
    by_user: &[Vec<usize>],
    pinned: &[bool],
) {
    for (u, indices) in by_user.iter().enumerate() {
        let first = sessions[indices[0]].day;
        if indices.iter().any(|&i| sessions[i].day != first) {
            continue;
        }
        let i = *indices
            .iter()
            .find(|&&i| !pinned[i])
            .expect("a user has an unpinned session");
        let (lo, hi) = pop.users[u].day_range(usize::from(sessions[i].month));
        assert!(lo < hi, "a user's month spans several days");
        while sessions[i].day == first {
            sessions[i].day = lo + rng.below(u64::from(hi - lo + 1)) as u16;
        }
    }
}

/// Moves unpinned sessions from hours above target to the nearest hour below
/// target, preferring sessions whose user's window covers that hour.
fn repair_hours(
    rng: &mut Rng,
    targets: &Targets,
    habits: &[Habit],
    sessions: &[Session],
    hours: &mut [usize],
    pinned: &[bool],
) {
    let mut counts = [0u32; 24];
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); 24];
    for (i, &h) in hours.iter().enumerate() {
        counts[h] += 1;
        if !pinned[i] {
            buckets[h].push(i);
        }
    }
    while let Some(from) = (0..24).find(|&h| counts[h] > targets.hours[h]) {
        let to = (0..24)
            .filter(|&h| counts[h] < targets.hours[h])
            .min_by_key(|&h| (hour_distance(h, from), h))
            .expect("hour totals match, so a surplus implies a deficit");
        let bucket = &mut buckets[from];
        let start = rng.index(bucket.len());
        let pick = (start..bucket.len())
            .chain(0..start)
            .find(|&k| habits[sessions[bucket[k]].user as usize].covers(to))
            .unwrap_or(start);
        let i = bucket.swap_remove(pick);
        hours[i] = to;
        counts[from] -= 1;
        counts[to] += 1;
        buckets[to].push(i);
    }
}

/// Sessions per (day of week, hour) with the movable ones bucketed.
struct WeekGrid<'a> {
    counts: [[u32; 24]; 7],
    buckets: Vec<Vec<usize>>,
    hours: &'a [usize],
}

impl<'a> WeekGrid<'a> {
    fn new(sessions: &[Session], hours: &'a [usize], movable: &[bool]) -> Self {
        let mut counts = [[0u32; 24]; 7];
        let mut buckets = vec![Vec::new(); 7 * 24];
        for (i, s) in sessions.iter().enumerate() {
            let d = usize::from(dow(s.day));
            counts[d][hours[i]] += 1;
            if movable[i] {
                buckets[d * 24 + hours[i]].push(i);
            }
        }
        WeekGrid {
            counts,
            buckets,
            hours,
        }
    }

    /// Takes a random movable session out of cell `(d, h)` and shifts it by
    /// the first of `deltas` days that keeps it in its user's range for its
    /// month. A session that cannot move is dropped from the buckets.
    fn shift(
        &mut self,
        rng: &mut Rng,
        pop: &Population,
        sessions: &mut [Session],
        d: usize,
        h: usize,
        deltas: &[i32],
    ) {
        let bucket = &mut self.buckets[d * 24 + h];
        let i = bucket.swap_remove(rng.index(bucket.len()));
        let s = &mut sessions[i];
        let (lo, hi) = pop.users[s.user as usize].day_range(usize::from(s.month));
        let Some(day) = deltas
            .iter()
            .map(|&delta| i32::from(s.day) + delta)
            .find(|&day| day >= i32::from(lo) && day <= i32::from(hi))
        else {
            return;
        };
        s.day = day as u16;
        let to = usize::from(dow(s.day));
        self.counts[d][h] -= 1;
        self.counts[to][self.hours[i]] += 1;
        self.buckets[to * 24 + h].push(i);
    }

    /// Whether cell `(d, h)` has a movable session.
    fn has(&self, d: usize, h: usize) -> bool {
        !self.buckets[d * 24 + h].is_empty()
    }

    /// Moves sessions of the given hours onto or off Fridays (from or to the
    /// adjacent Thursday or Saturday) until those hours hold `target` Friday
    /// sessions.
    fn set_friday(
        &mut self,
        rng: &mut Rng,
        pop: &Population,
        sessions: &mut [Session],
        hours: &[usize],
        target: u32,
    ) {
        let fri = usize::from(FRIDAY);
        loop {
            let current: u32 = hours.iter().map(|&h| self.counts[fri][h]).sum();
            if current > target {
                let h = *hours
                    .iter()
                    .filter(|&&h| self.has(fri, h))
                    .max_by_key(|&&h| self.counts[fri][h])
                    .expect("movable Friday sessions");
                let deltas = if rng.chance(1, 2) { [-1, 1] } else { [1, -1] };
                self.shift(rng, pop, sessions, fri, h, &deltas);
            } else if current < target {
                let (d, h) = [fri - 1, fri + 1]
                    .iter()
                    .flat_map(|&d| hours.iter().map(move |&h| (d, h)))
                    .filter(|&(d, h)| self.has(d, h))
                    .max_by_key(|&(d, h)| self.counts[d][h])
                    .expect("movable Thursday or Saturday sessions");
                let delta = if d < fri { 1 } else { -1 };
                self.shift(rng, pop, sessions, d, h, &[delta]);
            } else {
                return;
            }
        }
    }

    /// Keeps every other day of week below `day_cap` sessions and every
    /// (day, hour) cell other than (Friday, `peak`) below `cell_cap`: other
    /// days move sessions to the less busy adjacent day that is not a Friday;
    /// a busy Friday hour swaps a session with another hour of the adjacent
    /// days, so the Friday totals stay as set. Moves stop after
    /// [`MAX_CAP_MOVES`] (never reached with the course targets), leaving a
    /// perturbed target's cell at most slightly above the cap.
    fn cap_cells(
        &mut self,
        rng: &mut Rng,
        pop: &Population,
        sessions: &mut [Session],
        peak: usize,
        day_cap: u32,
        cell_cap: u32,
    ) {
        let fri = usize::from(FRIDAY);
        for h in (0..24).filter(|&h| h != peak) {
            while self.counts[fri][h] >= cell_cap && self.has(fri, h) {
                let before = self.counts[fri][h];
                self.shift(rng, pop, sessions, fri, h, &[-1, 1]);
                if self.counts[fri][h] == before {
                    continue;
                }
                while self.counts[fri].iter().sum::<u32>() < day_cap {
                    let (d, other) = [fri - 1, fri + 1]
                        .iter()
                        .flat_map(|&d| (0..24).map(move |o| (d, o)))
                        .filter(|&(d, o)| {
                            o != peak
                                && o != h
                                && self.counts[fri][o] + 1 < cell_cap
                                && self.has(d, o)
                        })
                        .max_by_key(|&(d, o)| self.counts[d][o])
                        .expect("movable sessions next to Friday");
                    let delta = if d < fri { 1 } else { -1 };
                    self.shift(rng, pop, sessions, d, other, &[delta]);
                }
            }
        }
        for _ in 0..MAX_CAP_MOVES {
            let violation = (0..7).filter(|&d| d != fri).find_map(|d| {
                if self.counts[d].iter().sum::<u32>() >= day_cap {
                    (0..24)
                        .filter(|&h| self.has(d, h))
                        .max_by_key(|&h| self.counts[d][h])
                        .map(|h| (d, h))
                } else {
                    (0..24)
                        .find(|&h| self.counts[d][h] >= cell_cap && self.has(d, h))
                        .map(|h| (d, h))
                }
            });
            let Some((d, h)) = violation else { break };
            let mut deltas: Vec<i32> = [-1, 1]
                .into_iter()
                .filter(|&delta| (d as i32 + delta).rem_euclid(7) as usize != fri)
                .collect();
            crate::sort::sort_by_key(&mut deltas, |&delta| {
                self.counts[(d as i32 + delta).rem_euclid(7) as usize][h]
            });
            self.shift(rng, pop, sessions, d, h, &deltas);
        }
    }
}

/// Gives sessions of the same user distinct timestamps (first and last
/// channel queries order by ts), nudging unpinned ones by a millisecond
/// within their hour. Clashes are found by sorting (user, day, ms) keys.
fn make_times_unique(targets: &Targets, sessions: &mut [Session], pinned: &[bool]) {
    let key = |s: &Session| u64::from(s.user) << 40 | u64::from(s.day) << 27 | u64::from(s.ms);
    loop {
        let mut keys: Vec<u64> = sessions.iter().map(key).collect();
        keys.sort_unstable();
        let mut clashes: Vec<u64> = keys
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        if clashes.is_empty() {
            return;
        }
        clashes.dedup();
        for clash in clashes {
            let mut same: Vec<usize> = (0..sessions.len())
                .filter(|&i| key(&sessions[i]) == clash)
                .collect();
            crate::sort::sort_by_key(&mut same, |&i| !pinned[i]);
            for &i in &same[1..] {
                let s = &mut sessions[i];
                let (lo, hi) = ms_bounds(targets, s.day, (s.ms / MS_PER_HOUR) as usize);
                s.ms = if s.ms < hi { s.ms + 1 } else { lo };
            }
        }
    }
}

/// Swaps the daily user's channels within a month so that the first session
/// comes through the target first channel and the last through the target
/// last channel. Swapping inside a user-month changes no other figure.
fn set_daily_channels(targets: &Targets, sessions: &mut [Session], indices: &[usize]) {
    let key = |s: &Session| (s.day, s.ms);
    let first = *indices
        .iter()
        .min_by_key(|&&i| key(&sessions[i]))
        .expect("the daily user has sessions");
    let last = *indices
        .iter()
        .max_by_key(|&&i| key(&sessions[i]))
        .expect("the daily user has sessions");
    for (end, channel) in [
        (first, targets.daily_first_channel),
        (last, targets.daily_last_channel),
    ] {
        let month = sessions[end].month;
        let partner = *indices
            .iter()
            .find(|&&i| sessions[i].month == month && usize::from(sessions[i].channel) == channel)
            .expect("the daily user uses every channel every month");
        let ch = sessions[end].channel;
        sessions[end].channel = sessions[partner].channel;
        sessions[partner].channel = ch;
    }
}
