//! Versioned norms: one measure catalogue per version, level selections, history.

use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::render::{OutFile, PageJob};
use crate::site::Site;

/// Every norm version found under `norms/`.
#[derive(Debug, Default, Clone)]
pub struct Norms {}

impl Norms {
    /// Whether `version` (`3.1`) is a version the site publishes.
    pub fn is_published(&self, _version: &str) -> bool {
        false
    }

    /// The scheme version marked `current` (`3.2`), if any.
    pub fn current_version(&self) -> Option<&str> {
        None
    }
}

/// Loads `norms/`.
pub fn load(_root: &Path, _config: &Config, _diags: &mut Diagnostics) -> Norms {
    Norms::default()
}

/// The norm pages.
pub fn pages(_site: &Site) -> Vec<PageJob> {
    Vec::new()
}

/// The norm data exports.
pub fn files(_site: &Site) -> Vec<OutFile> {
    Vec::new()
}
