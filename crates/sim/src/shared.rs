//! What every handler and connection task shares.

use std::sync::{Mutex, MutexGuard};

use crate::config::SimConfig;
use crate::directory::Directory;
use crate::world::World;

pub struct Shared {
    pub cfg: SimConfig,
    pub dir: Directory,
    world: Mutex<World>,
}

impl Shared {
    pub fn new(cfg: SimConfig) -> Self {
        let dir = cfg.directory.clone();
        Shared {
            cfg,
            dir,
            world: Mutex::new(World::default()),
        }
    }

    /// The state; a panic elsewhere never makes it unusable (the data stays consistent per operation).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
