//! The message protocol between the page and the engine worker, and the
//! worker's request handler (plain Rust, so it is tested natively).

use serde::{Deserialize, Serialize};

use crate::engine::{outcome::RunOutput, Engine};

/// A request from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Run a script; the reply carries the same id.
    Run {
        /// Chosen by the page to match the reply.
        id: u64,
        /// The SQL script.
        script: String,
    },
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The engine is loaded and accepts requests.
    Ready,
    /// The outcome of a `Run`.
    Ran {
        /// The request's id.
        id: u64,
        /// What the script did.
        output: RunOutput,
    },
}

/// The worker's state: the engine it owns.
pub struct Handler {
    engine: Engine,
}

impl Default for Handler {
    fn default() -> Self {
        Self::new()
    }
}

impl Handler {
    /// A handler with a fresh engine.
    pub fn new() -> Self {
        Self {
            engine: Engine::new(),
        }
    }

    /// Answers one request.
    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Run { id, script } => Response::Ran {
                id,
                output: self.engine.run(&script),
            },
        }
    }
}
