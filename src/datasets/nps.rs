//! `raw_data.nps` / `prod.nps`: survey responses of 2019 whose monthly NPS
//! reproduces the targets to two decimals.
//!
//! For a month with `n` responses the promoters-minus-detractors difference
//! `x` is `round(nps * n / 100)`; `n` is raised until `100 * x / n` lies within
//! 0.004 of the target, so rounding to two decimals gives the target however
//! the learner computes it. Passives take 15-25% of the rest.

use chrono::NaiveDateTime;

use super::calendar::{at_ms, dates};
use super::rng::{Rng, Stream};
use super::share::apportion;
use super::targets::Targets;

/// Days in each month of 2019.
const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// One survey response; its id is its position in created order plus one.
pub(crate) struct Response {
    pub(crate) created: NaiveDateTime,
    pub(crate) score: i64,
}

/// Responses in created order.
pub(crate) fn generate(seed: u64, targets: &Targets) -> Vec<Response> {
    let mut rng = Rng::new(seed, Stream::Nps);
    let weights: Vec<u64> = (0..12)
        .map(|m| 1000 + 25 * m + rng.below(81) - 40)
        .collect();
    let total = u64::from(targets.nps_min_rows) + rng.below(600);
    let sizes = apportion(total, &weights);
    let mut responses = Vec::with_capacity(total as usize + 200);
    let year = dates(2019, 1, 1, MONTH_DAYS.iter().sum());
    let mut month_start = 0;
    for (m, &size) in sizes.iter().enumerate() {
        let (n, promoters, passives, detractors) = month_counts(&mut rng, size, targets.nps[m]);
        let mut scores: Vec<i64> = Vec::with_capacity(n as usize);
        for _ in 0..promoters {
            scores.push(if rng.chance(55, 100) { 10 } else { 9 });
        }
        for _ in 0..passives {
            scores.push(if rng.chance(60, 100) { 8 } else { 7 });
        }
        for _ in 0..detractors {
            scores.push(rng.weighted(&[3, 2, 3, 4, 6, 9, 13]) as i64);
        }
        rng.shuffle(&mut scores);
        let seconds_in_month = u64::from(MONTH_DAYS[m]) * 86_400;
        let mut seconds: Vec<u32> = (0..n).map(|_| rng.below(seconds_in_month) as u32).collect();
        seconds.sort_unstable();
        for (second, score) in seconds.into_iter().zip(scores) {
            let day = year[(month_start + second / 86_400) as usize];
            let created = at_ms(day, second % 86_400 * 1000);
            responses.push(Response { created, score });
        }
        month_start += MONTH_DAYS[m];
    }
    responses
}

/// `(responses, promoters, passives, detractors)` for a month of about
/// `size` responses whose NPS rounds to `nps` hundredths.
fn month_counts(rng: &mut Rng, size: u64, nps: i32) -> (u64, u64, u64, u64) {
    let target = i64::from(nps);
    let mut n = size as i64;
    let x = loop {
        let x = (target * n + 5_000 * target.signum()) / 10_000;
        if (10_000 * x - target * n).abs() * 5 < 2 * n {
            break x;
        }
        n += 1;
    };
    let mut passives = (n * (150 + rng.below(101) as i64) / 1000).min(n - x.abs());
    if (n - passives + x) % 2 != 0 {
        passives -= 1;
    }
    let promoters = (n - passives + x) / 2;
    let detractors = (n - passives - x) / 2;
    (
        n as u64,
        promoters as u64,
        passives as u64,
        detractors as u64,
    )
}
