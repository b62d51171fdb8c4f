//! Portable, value-stable random numbers: ChaCha8 with one stream per concern.
//!
//! Only integer draws are used (`gen_range` over `u64`/`i64`), which `rand`
//! documents as value-stable and which do not depend on the pointer width, so
//! the same seed gives the same bytes natively and in wasm32.

use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One independent random stream per generation concern, so that each table
/// can be generated alone and extra draws in one concern never shift another.
#[derive(Clone, Copy)]
pub(crate) enum Stream {
    Targets = 1,
    Population,
    Channels,
    Timeline,
    SessionIds,
    Transactions,
    Nps,
    Sources,
}

/// A seeded random source.
pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    /// The stream `stream` of `seed`.
    pub(crate) fn new(seed: u64, stream: Stream) -> Self {
        let mut inner = ChaCha8Rng::seed_from_u64(seed);
        inner.set_stream(stream as u64);
        Rng(inner)
    }

    /// Uniform integer in `0..n`; `n` must be positive.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0.gen_range(0..n)
    }

    /// Uniform index into a non-empty slice of length `len`.
    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Uniform integer in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.gen_range(lo..=hi)
    }

    /// True with probability `num / den`.
    pub(crate) fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// An index drawn with probability proportional to `weights` (not all zero).
    pub(crate) fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut pick = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if pick < w {
                return i;
            }
            pick -= w;
        }
        unreachable!("pick is below the sum of the weights")
    }

    /// An index drawn with probability proportional to the weights whose
    /// running totals are `cumulative` (non-decreasing, last one positive).
    pub(crate) fn weighted_cumulative(&mut self, cumulative: &[u64]) -> usize {
        let total = *cumulative.last().expect("weights");
        let pick = self.below(total);
        cumulative.partition_point(|&c| c <= pick)
    }

    /// Fisher-Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }

    /// Sixteen random bytes.
    pub(crate) fn bytes16(&mut self) -> [u8; 16] {
        let hi: u64 = self.0.gen();
        let lo: u64 = self.0.gen();
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&hi.to_be_bytes());
        out[8..].copy_from_slice(&lo.to_be_bytes());
        out
    }

    /// `value` scaled by a random factor in `1 ± permille/1000`, rounded.
    pub(crate) fn jitter(&mut self, value: u64, permille: i64) -> u64 {
        let factor = (1000 + self.between(-permille, permille)) as u64;
        (value * factor + 500) / 1000
    }
}
