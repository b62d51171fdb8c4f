//! The session log shared by `user_session_channel`, `session_timestamp` and
//! `session_transaction`: users, then per-user-month channel counts, then one
//! record per session placed in time.

use super::calendar::MONTHS;
use super::channels;
use super::population::{self, Population};
use super::rng::{Rng, Stream};
use super::targets::{Targets, CHANNELS};
use super::timeline;

/// One session.
#[derive(Clone)]
pub(crate) struct Session {
    /// Index into [`Population::users`].
    pub(crate) user: u32,
    /// Month of the session (0 = May).
    pub(crate) month: u8,
    /// Index into [`CHANNEL_NAMES`](super::targets::CHANNEL_NAMES).
    pub(crate) channel: u8,
    /// Log day (0 = 2019-05-01).
    pub(crate) day: u16,
    /// Milliseconds into the day.
    pub(crate) ms: u32,
    /// The sessionid's 128 bits.
    pub(crate) id: [u8; 16],
}

/// All users and sessions of one seed.
pub(crate) struct SessionLog {
    pub(crate) population: Population,
    pub(crate) sessions: Vec<Session>,
}

/// Generates the session log for `targets`.
pub(crate) fn generate(seed: u64, targets: &Targets) -> SessionLog {
    let population = population::build(seed, targets);
    let counts = channels::plan(seed, targets, &population);
    let mut id_rng = Rng::new(seed, Stream::SessionIds);
    let mut sessions = Vec::with_capacity(targets.sessions() as usize);
    for (u, per_month) in counts.iter().enumerate() {
        for (m, per_channel) in per_month.iter().enumerate().take(MONTHS) {
            for (ch, &n) in per_channel.iter().enumerate().take(CHANNELS) {
                for _ in 0..n {
                    sessions.push(Session {
                        user: u as u32,
                        month: m as u8,
                        channel: ch as u8,
                        day: 0,
                        ms: 0,
                        // Distinct with overwhelming probability: 101,520 draws of 128 bits
                        // collide with probability below 1e-28.
                        id: id_rng.bytes16(),
                    });
                }
            }
        }
    }
    timeline::place(seed, targets, &population, &mut sessions);
    // Tables list sessions in random order, as a warehouse scan would.
    id_rng.shuffle(&mut sessions);
    SessionLog {
        population,
        sessions,
    }
}

/// A sessionid as 32 lowercase hex digits.
pub(crate) fn hex_id(id: &[u8; 16]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for &b in id {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}
