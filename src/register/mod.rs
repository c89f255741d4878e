//! The public certificate register.

use std::path::Path;

use jiff::civil::Date;

use crate::diag::Diagnostics;
use crate::norms::Norms;
use crate::render::{OutFile, PageJob};
use crate::site::Site;

/// Default location of the register export, relative to the site root.
pub const DEFAULT_FILE: &str = "register-data/register.json";

/// The register as published.
#[derive(Debug, Default, Clone)]
pub struct Register {}

/// Reads the register export at `path`.
pub fn load(_root: &Path, _path: &Path, _diags: &mut Diagnostics) -> Register {
    Register::default()
}

/// Checks the rules that need other inputs (published scheme versions).
pub fn validate(_reg: &Register, _path: &Path, _norms: &Norms, _root: &Path, _diags: &mut Diagnostics) {}

/// The day of the export (`exported_at`), the default "as of" date.
pub fn export_date(_reg: &Register) -> Option<Date> {
    None
}

/// The register pages.
pub fn pages(_site: &Site) -> Vec<PageJob> {
    Vec::new()
}

/// The register exports.
pub fn files(_site: &Site) -> Vec<OutFile> {
    Vec::new()
}
