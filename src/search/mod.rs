//! Full-text search, indexed with Pagefind during the build.

use crate::diag::Diagnostic;
use crate::render::{OutFile, PageJob, Rendered};
use crate::site::Site;

/// The search pages.
pub fn pages(_site: &Site) -> Vec<PageJob> {
    Vec::new()
}

/// Builds the search index from the rendered HTML.
pub fn index(_site: &Site, _rendered: &Rendered) -> Result<Vec<OutFile>, Diagnostic> {
    Ok(Vec::new())
}
