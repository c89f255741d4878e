//! Mappings from measures to ISO/IEC 27001:2022, NEN 7510 and NIS2.

use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::norms::Norms;
use crate::render::{OutFile, PageJob};
use crate::site::Site;

/// Reference catalogues and mapping edges.
#[derive(Debug, Default, Clone)]
pub struct Mappings {}

/// Loads the reference catalogues and mapping files and checks them against the norms.
pub fn load(_root: &Path, _config: &Config, _norms: &Norms, _diags: &mut Diagnostics) -> Mappings {
    Mappings::default()
}

/// The mapping pages.
pub fn pages(_site: &Site) -> Vec<PageJob> {
    Vec::new()
}

/// The mapping exports (JSON, CSV, OSCAL).
pub fn files(_site: &Site) -> Vec<OutFile> {
    Vec::new()
}
