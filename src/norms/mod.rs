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
