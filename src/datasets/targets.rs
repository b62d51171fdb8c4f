//! The figures the generated data must reproduce: the course's published
//! numbers for [`COURSE_SEED`](super::COURSE_SEED), a perturbed copy otherwise.

use super::calendar::MONTHS;
use super::rng::{Rng, Stream};
use super::share::apportion;

/// Channels that have sessions, in `channel` table order (TIKTOK has none).
pub(crate) const CHANNELS: usize = 6;
/// Names of the channels with sessions, indexed like every per-channel array.
pub(crate) const CHANNEL_NAMES: [&str; CHANNELS] = [
    "Facebook",
    "Google",
    "Instagram",
    "Naver",
    "Organic",
    "Youtube",
];
/// Number of top payers the course lists.
pub(crate) const TOP_PAYERS: usize = 10;
/// Largest transaction amount.
pub(crate) const MAX_AMOUNT: u32 = 149;

/// One cell of the monthly channel summary.
#[derive(Clone, Copy)]
pub(crate) struct SummaryCell {
    pub(crate) users: u32,
    pub(crate) payers: u32,
    pub(crate) gross: u32,
    pub(crate) net: u32,
}

impl SummaryCell {
    /// Total of the refunded amounts.
    pub(crate) fn refunded(&self) -> u32 {
        self.gross - self.net
    }
}

/// Every figure the generator constructs its data to meet.
pub(crate) struct Targets {
    /// Sessions per month, May..Nov.
    pub(crate) month_sessions: [u32; MONTHS],
    /// `cohorts[c][k]`: users whose first month is `c` and who have a session in month `c + k`.
    pub(crate) cohorts: [[u32; MONTHS]; MONTHS],
    pub(crate) channel_sessions: [u32; CHANNELS],
    pub(crate) channel_users: [u32; CHANNELS],
    /// Sessions per hour of day.
    pub(crate) hours: [u32; 24],
    /// Sessions on Fridays, the busiest day of week.
    pub(crate) friday_sessions: u32,
    /// Sessions on Fridays in the busiest hour, the busiest (dow, hour) pair.
    pub(crate) friday_peak_sessions: u32,
    pub(crate) max_user: u32,
    pub(crate) max_user_sessions: u32,
    /// The user with about one session a day around noon.
    pub(crate) daily_user: u32,
    pub(crate) daily_user_sessions: u32,
    pub(crate) daily_first_channel: usize,
    pub(crate) daily_last_channel: usize,
    /// Milliseconds into 2019-05-01 of the first session.
    pub(crate) first_ms: u32,
    /// Milliseconds into 2019-11-30 of the last session.
    pub(crate) last_ms: u32,
    /// Userids lie in `1..=max_userid`.
    pub(crate) max_userid: u32,
    /// Monthly channel summary, `[month][channel]`.
    pub(crate) summary: [[SummaryCell; CHANNELS]; MONTHS],
    /// Transactions with a positive amount.
    pub(crate) paying_transactions: u32,
    /// Transactions with amount 0 (never refunded).
    pub(crate) zero_transactions: u32,
    pub(crate) refunded_transactions: u32,
    /// `(userid, gross revenue)`, descending.
    pub(crate) top_payers: [(u32, u32); TOP_PAYERS],
    /// Monthly NPS of 2019 in hundredths of a point.
    pub(crate) nps: [i32; 12],
    pub(crate) nps_min_rows: u32,
}

impl Targets {
    /// The targets for `seed`.
    pub(crate) fn for_seed(seed: u64) -> Targets {
        if seed == super::COURSE_SEED {
            course()
        } else {
            perturbed(seed)
        }
    }

    /// Number of distinct users.
    pub(crate) fn users(&self) -> u32 {
        self.cohorts.iter().map(|row| row[0]).sum()
    }

    /// Monthly active users of month `m`.
    pub(crate) fn mau(&self, m: usize) -> u32 {
        (0..=m).map(|c| self.cohorts[c][m - c]).sum()
    }

    /// Total sessions.
    pub(crate) fn sessions(&self) -> u32 {
        self.month_sessions.iter().sum()
    }

    /// The busiest hour of day.
    pub(crate) fn peak_hour(&self) -> usize {
        (0..24)
            .max_by_key(|&h| (self.hours[h], std::cmp::Reverse(h)))
            .expect("24 hours")
    }
}

fn cell(users: u32, payers: u32, gross: u32, net: u32) -> SummaryCell {
    SummaryCell {
        users,
        payers,
        gross,
        net,
    }
}

/// The figures printed by the course (DATASETS.md).
pub(crate) fn course() -> Targets {
    Targets {
        month_sessions: [6261, 10520, 14840, 17151, 15790, 18899, 18059],
        cohorts: [
            [281, 262, 237, 229, 224, 213, 206],
            [197, 175, 160, 150, 148, 145, 0],
            [211, 189, 175, 167, 155, 0, 0],
            [84, 73, 71, 69, 0, 0, 0],
            [17, 14, 13, 0, 0, 0, 0],
            [150, 124, 0, 0, 0, 0, 0],
            [9, 0, 0, 0, 0, 0, 0],
        ],
        channel_sessions: [16791, 16982, 16831, 16921, 16904, 17091],
        channel_users: [889, 893, 895, 882, 895, 889],
        hours: [
            1870, 1328, 1125, 815, 703, 611, 491, 236, 149, 340, 870, 1411, 3852, 9035, 13417,
            15339, 14140, 10698, 7469, 5278, 3956, 3238, 2801, 2348,
        ],
        friday_sessions: 15091,
        friday_peak_sessions: 2290,
        max_user: 1615,
        max_user_sessions: 528,
        daily_user: 251,
        daily_user_sessions: 216,
        daily_first_channel: 0,
        daily_last_channel: 1,
        first_ms: (13 * 60 + 11) * 1000 + 783,
        last_ms: ((23 * 60 + 58) * 60 + 23) * 1000,
        max_userid: 2800,
        summary: [
            [
                cell(247, 14, 1199, 997),
                cell(253, 10, 580, 580),
                cell(234, 11, 959, 770),
                cell(237, 11, 867, 844),
                cell(238, 17, 1846, 1571),
                cell(244, 9, 529, 529),
            ],
            [
                cell(414, 22, 1578, 1578),
                cell(412, 13, 947, 947),
                cell(410, 21, 1462, 1418),
                cell(398, 15, 1090, 1090),
                cell(416, 14, 1129, 940),
                cell(400, 17, 1042, 1042),
            ],
            [
                cell(558, 32, 2222, 2144),
                cell(556, 21, 1558, 1385),
                cell(567, 24, 1896, 1766),
                cell(553, 19, 1547, 1547),
                cell(557, 22, 1600, 1600),
                cell(564, 36, 2210, 2037),
            ],
            [
                cell(611, 18, 1009, 1009),
                cell(610, 27, 2210, 1894),
                cell(621, 28, 2129, 2001),
                cell(626, 22, 1829, 1551),
                cell(608, 26, 1643, 1606),
                cell(614, 18, 987, 950),
            ],
            [
                cell(597, 27, 2270, 2270),
                cell(599, 25, 1872, 1691),
                cell(588, 20, 1260, 1122),
                cell(592, 21, 1996, 1996),
                cell(592, 22, 1267, 1267),
                cell(588, 15, 1301, 1301),
            ],
            [
                cell(698, 29, 1650, 1641),
                cell(699, 30, 2150, 2098),
                cell(707, 33, 2568, 2395),
                cell(713, 32, 2695, 2695),
                cell(709, 31, 2762, 2608),
                cell(705, 34, 2492, 2319),
            ],
            [
                cell(688, 25, 1678, 1678),
                cell(688, 26, 2286, 2235),
                cell(669, 25, 2116, 2116),
                cell(667, 26, 2234, 1987),
                cell(677, 34, 2626, 2255),
                cell(677, 45, 3532, 3331),
            ],
        ],
        paying_transactions: 986,
        zero_transactions: 10,
        refunded_transactions: 54,
        top_payers: [
            (989, 743),
            (772, 556),
            (1615, 506),
            (654, 488),
            (1651, 463),
            (973, 438),
            (262, 422),
            (1099, 421),
            (2682, 414),
            (891, 412),
        ],
        nps: [
            236, 3054, 5291, 5300, 5452, 6502, 6451, 6771, 3795, 5329, 6129, 6599,
        ],
        nps_min_rows: 150_000,
    }
}

/// Course figures moved by a few percent, with different special users, for
/// hidden grading data. Every derived constraint of the course data is kept
/// (cohort cells never exceed their cohort, summary users never exceed MAU,
/// top payers stay far above anyone else).
fn perturbed(seed: u64) -> Targets {
    let base = course();
    let mut rng = Rng::new(seed, Stream::Targets);
    let mut t = course();
    for (m, sessions) in t.month_sessions.iter_mut().enumerate() {
        *sessions = rng.jitter(u64::from(base.month_sessions[m]), 50) as u32;
    }
    for c in 0..MONTHS {
        let size = (rng.jitter(u64::from(base.cohorts[c][0]), 80) as u32).max(4);
        t.cohorts[c][0] = size;
        for k in 1..MONTHS - c {
            let scaled =
                u64::from(base.cohorts[c][k]) * u64::from(size) / u64::from(base.cohorts[c][0]);
            let value = rng.jitter(scaled, 30) as u32;
            t.cohorts[c][k] = value.min(t.cohorts[c][k - 1]).max(1);
        }
    }
    let users = t.users();
    for m in 0..MONTHS {
        let mau = t.mau(m);
        for ch in 0..CHANNELS {
            let b = base.summary[m][ch];
            let scaled_users = u64::from(b.users) * u64::from(mau) / u64::from(base.mau(m));
            let payers = (rng.jitter(u64::from(b.payers), 120) as u32).max(3);
            let avg = (rng.jitter(u64::from(b.gross) * 1000 / u64::from(b.payers), 80))
                .clamp(45_000, 105_000);
            let gross = (u64::from(payers) * avg / 1000) as u32;
            let refunded = u64::from(b.refunded()) * u64::from(gross) / u64::from(b.gross);
            t.summary[m][ch] = SummaryCell {
                users: (rng.jitter(scaled_users, 15) as u32).min(mau),
                payers,
                gross,
                net: gross - refunded as u32,
            };
        }
    }
    for ch in 0..CHANNELS {
        let busiest = (0..MONTHS)
            .map(|m| t.summary[m][ch].users)
            .max()
            .unwrap_or(0);
        let scaled = u64::from(base.channel_users[ch]) * u64::from(users) / u64::from(base.users());
        t.channel_users[ch] = (rng.jitter(scaled, 8) as u32)
            .min(users - 10)
            .max(busiest + 10);
    }
    let total = u64::from(t.sessions());
    let weights: Vec<u64> = base
        .channel_sessions
        .iter()
        .map(|&s| rng.jitter(u64::from(s), 20))
        .collect();
    for (slot, part) in t
        .channel_sessions
        .iter_mut()
        .zip(apportion(total, &weights))
    {
        *slot = part as u32;
    }
    let weights: Vec<u64> = base
        .hours
        .iter()
        .map(|&s| rng.jitter(u64::from(s), 40))
        .collect();
    for (slot, part) in t.hours.iter_mut().zip(apportion(total, &weights)) {
        *slot = part as u32;
    }
    let friday = total * u64::from(base.friday_sessions) / u64::from(base.sessions());
    t.friday_sessions = rng.jitter(friday, 5) as u32;
    let peak = u64::from(t.friday_sessions) * u64::from(t.hours[t.peak_hour()]) / total;
    t.friday_peak_sessions = (peak * (1000 + rng.below(16)) / 1000) as u32;

    t.max_userid = (2800 + rng.between(-100, 100)) as u32;
    let mut ids: Vec<u32> = Vec::new();
    while ids.len() < TOP_PAYERS + 2 {
        let id = rng.between(1, i64::from(t.max_userid)) as u32;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    t.daily_user = ids[TOP_PAYERS + 1];
    t.max_user_sessions = rng.jitter(u64::from(base.max_user_sessions), 80) as u32;
    t.daily_user_sessions = (208 + rng.between(0, 14)) as u32;
    t.daily_first_channel = rng.index(CHANNELS);
    t.daily_last_channel = (t.daily_first_channel + 1 + rng.index(CHANNELS - 1)) % CHANNELS;
    t.first_ms = rng.between(60_000, 1_700_000) as u32;
    t.last_ms = 23 * 3_600_000 + rng.between(1_800_000, 3_590_000) as u32;

    let mut values: Vec<u32> = base
        .top_payers
        .iter()
        .map(|&(_, v)| rng.jitter(u64::from(v), 90) as u32)
        .collect();
    crate::sort::sort_by(&mut values, |a, b| b.cmp(a));
    for i in 0..TOP_PAYERS {
        let ceiling = if i == 0 { u32::MAX } else { values[i - 1] - 1 };
        values[i] = values[i].min(ceiling).max(340 - i as u32);
    }
    for i in 0..TOP_PAYERS {
        t.top_payers[i] = (ids[i], values[i]);
    }
    t.max_user = if rng.chance(1, 2) {
        ids[rng.index(TOP_PAYERS)]
    } else {
        ids[TOP_PAYERS]
    };

    let payers: u32 = t.summary.iter().flatten().map(|c| c.payers).sum();
    t.paying_transactions = payers + rng.between(14, 24) as u32;
    t.zero_transactions = rng.between(7, 13) as u32;
    t.refunded_transactions = t
        .summary
        .iter()
        .flatten()
        .map(|c| natural_refund_rows(c.refunded()))
        .sum();
    for (m, nps) in t.nps.iter_mut().enumerate() {
        *nps = (base.nps[m] + rng.between(-600, 600) as i32).clamp(-9000, 9000);
    }
    t
}

/// A plausible number of refunded transactions making up `refunded` in total.
fn natural_refund_rows(refunded: u32) -> u32 {
    if refunded == 0 {
        0
    } else {
        refunded.div_ceil(MAX_AMOUNT).max((refunded + 40) / 80)
    }
}
