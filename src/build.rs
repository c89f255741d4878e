//! The build pipeline, step by step: load → validate → render → check → write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::{RenderOptions, Rendered};
use crate::site::{LoadOptions, Site};

/// The outcome of a successful build or check.
#[derive(Debug)]
pub struct Report {
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// HTML pages rendered.
    pub pages: usize,
    /// All files rendered.
    pub files: usize,
    /// Total bytes.
    pub bytes: usize,
    /// Wall time of the whole run, in milliseconds.
    pub millis: u128,
}

impl Report {
    /// The one-line summary printed at the end of a build.
    pub fn summary(&self, verb: &str) -> String {
        format!(
            "{verb} {} pages, {} files, {} in {} ms{}",
            self.pages,
            self.files,
            human_bytes(self.bytes),
            self.millis,
            match self.warnings.warning_count() {
                0 => String::new(),
                1 => ", 1 warning".into(),
                n => format!(", {n} warnings"),
            }
        )
    }
}

/// Receives the name of each step as a long build reaches it.
pub type Progress<'a> = &'a (dyn Fn(&str) + Sync);

/// A progress sink that shows nothing.
pub fn silent(_: &str) {}

/// Loads, validates, renders and checks the site, in memory. Fails with every error found.
pub fn build_in_memory(opts: &LoadOptions, render_opts: &RenderOptions) -> Result<(Site, Rendered, Diagnostics), Diagnostics> {
    build_with_progress(opts, render_opts, &silent)
}

/// [`build_in_memory`], reporting each step to `progress`.
pub fn build_with_progress(
    opts: &LoadOptions,
    render_opts: &RenderOptions,
    progress: Progress<'_>,
) -> Result<(Site, Rendered, Diagnostics), Diagnostics> {
    build_steps(opts, render_opts, None, progress).map(|(site, rendered, warnings, _)| (site, rendered, warnings))
}

/// The steps up to writing. With an `output` folder, a staging folder is made for it once
/// the inputs are valid (so bad input never touches the disk), and the pages nobody reads
/// again go straight into it as they render (see [`crate::render::render_pages_to`]).
fn build_steps(
    opts: &LoadOptions,
    render_opts: &RenderOptions,
    output: Option<&Path>,
    progress: Progress<'_>,
) -> Result<(Site, Rendered, Diagnostics, Option<Staging>), Diagnostics> {
    progress("loading and validating the inputs");
    let (site, mut warnings) = Site::load(opts)?;
    let staging = match output {
        Some(out) => Some(Staging::create(out, &site.root).map_err(|e| cannot_write(out, e, &warnings))?),
        None => None,
    };
    progress("rendering");
    let with_warnings = |errs: Vec<Diagnostic>| {
        let mut d = warnings.clone();
        d.extend(errs);
        d
    };
    let mut rendered = crate::render::render_pages_to(&site, render_opts, staging.as_ref()).map_err(with_warnings)?;
    // Both read the rendered pages only (the link check ignores the search index), and
    // Pagefind keeps one core busy for most of its run: the check takes the other. The
    // indexer gets a thread of its own, not a rayon task: it waits on threads of its own,
    // and a rayon worker blocked waiting could leave Pagefind's rayon jobs nobody to run.
    progress("indexing for search, checking links");
    let (search, problems) = std::thread::scope(|scope| {
        let search = scope.spawn(|| crate::render::search_index(&site, &rendered));
        let problems = crate::check::check(&site, &rendered);
        let search = search.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (search, problems)
    });
    rendered.files.extend(search.map_err(|e| with_warnings(vec![e]))?.into_iter().map(|f| (f.path, f.bytes)));
    if problems.iter().any(Diagnostic::is_error) {
        warnings.extend(problems);
        return Err(warnings);
    }
    warnings.extend(problems);
    Ok((site, rendered, warnings, staging))
}

/// `normsite build`: everything above, then the atomic write to `output`.
///
/// The new site is written into a staging folder beside `output` (pages as they render,
/// the rest at the end) and swapped in only once everything succeeded; a failed build
/// removes the staging folder and leaves `output` as it was.
pub fn build(opts: &LoadOptions, output: &Path, progress: Progress<'_>) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let (_, rendered, warnings, staging) = build_steps(opts, &RenderOptions::default(), Some(output), progress)?;
    progress("writing");
    let staging = staging.expect("a build with an output folder has a staging folder");
    staging.commit(&rendered.files).map_err(|e| cannot_write(output, e, &warnings))?;
    Ok(report(&rendered, warnings, start))
}

/// The warnings so far, and an error saying the site could not be written to `output`.
fn cannot_write(output: &Path, e: std::io::Error, warnings: &Diagnostics) -> Diagnostics {
    let mut d = warnings.clone();
    d.push(Diagnostic::error(PathBuf::from(output), format!("cannot write the site: {e}")));
    d
}

/// `normsite check`: everything a build validates, writing nothing.
pub fn check(opts: &LoadOptions, progress: Progress<'_>) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let (_, rendered, warnings) = build_with_progress(opts, &RenderOptions::default(), progress)?;
    Ok(report(&rendered, warnings, start))
}

fn report(rendered: &Rendered, warnings: Diagnostics, start: Instant) -> Report {
    Report {
        warnings,
        pages: rendered.pages,
        files: rendered.file_count(),
        bytes: rendered.byte_count(),
        millis: start.elapsed().as_millis(),
    }
}

/// `1.2 MB`, `340 KB`, `12 B`.
pub fn human_bytes(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else if n >= 1_000 {
        format!("{} KB", n / 1000)
    } else {
        format!("{n} B")
    }
}
