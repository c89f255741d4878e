//! The audit-hours rules and calculator.

pub mod cli;

use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::render::{OutFile, PageJob};
use crate::site::Site;

/// The audit-hours rule set of the current scheme version.
#[derive(Debug, Default, Clone)]
pub struct Hours {}

/// Loads the hours tables.
pub fn load(_root: &Path, _config: &Config, _diags: &mut Diagnostics) -> Hours {
    Hours::default()
}

/// The calculator pages.
pub fn pages(_site: &Site) -> Vec<PageJob> {
    Vec::new()
}

/// The rules as JSON for the page's script.
pub fn files(_site: &Site) -> Vec<OutFile> {
    Vec::new()
}
