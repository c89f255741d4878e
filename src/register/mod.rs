//! The public certificate register (SPEC 3.2, issue 5).
//!
//! `register-data/register.json` is read strictly (unknown fields are errors: no personal
//! data may slip into the public site), every rule is checked with all errors reported at
//! once, and the validated model feeds the organisation, search and auditor pages, the
//! `/api/register.json` export, its JSON Schema, a sharded lookup index and Atom feeds.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::norms::Norms;
use crate::render::{OutFile, PageJob, StreamedFile};
use crate::site::Site;

pub mod countries;
pub mod generate;
pub mod index;
pub mod jsonpos;
pub mod load;
pub mod model;
mod pages;
pub mod qr;
pub mod text;

pub use model::{Auditor, CertStatus, Certificate, Level, OrgStatus, Organisation};

/// Default location of the register export, relative to the site root.
pub const DEFAULT_FILE: &str = "register-data/register.json";

/// Registers up to this many organisations get a browsable list on the search page for
/// readers without JavaScript; larger ones get a message instead.
pub const BROWSABLE_LIMIT: usize = 500;

/// The register as published.
#[derive(Debug, Default, Clone)]
pub struct Register {
    /// Whether a register file was found (sites without one publish no register).
    pub present: bool,
    /// `exported_at`, normalised.
    pub exported_at: String,
    /// The day of `exported_at` (UTC).
    pub export_date: Option<Date>,
    /// Organisations, in the order of the export.
    pub organisations: Vec<Organisation>,
    /// Auditors, in the order of the export.
    pub auditors: Vec<Auditor>,
    /// For each organisation, its index in the export (for JSON paths in later checks).
    pub source_index: Vec<u32>,
    /// The export file, for later checks.
    pub file: PathBuf,
    /// Scheme versions of certificates in organisations that failed other checks
    /// (export index, certificate index, version, registration number), so the version
    /// check still reports them: every error of a run at once.
    pub rejected_versions: Vec<(u32, u32, String, String)>,
}

impl Register {
    /// An auditor by id.
    pub fn auditor(&self, id: &str) -> Option<&Auditor> {
        self.auditors.iter().find(|a| a.id == id)
    }
}

/// Reads the register export at `path`. A missing file at the default place means the
/// site has no register; a missing file named with `--register` is an error.
pub fn load(root: &Path, path: &Path, diags: &mut Diagnostics) -> Register {
    let file = rel(root, path);
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path == root.join(DEFAULT_FILE) => {
            return Register::default();
        }
        Err(e) => {
            diags.push(Diagnostic::error(&file, format!("cannot read the register: {e}")));
            return Register { present: true, file, ..Register::default() };
        }
    };
    let (mut reg, errors) = load::parse(&file, &src);
    reg.file = file;
    diags.extend(errors);
    reg
}

/// Checks the rules that need other inputs: each certificate's scheme version must be
/// one the site publishes.
pub fn validate(reg: &Register, path: &Path, norms: &Norms, root: &Path, diags: &mut Diagnostics) {
    if !reg.present {
        return;
    }
    // While the norms model has no versions at all (the norms module is being built in
    // parallel and its stub publishes nothing), fall back to the versions SPEC 2.2 lists
    // as published, so registers are still checked.
    let fallback = norms.current_version().is_none();
    let published = |v: &str| if fallback { load::FALLBACK_VERSIONS.contains(&v) } else { norms.is_published(v) };
    let file = rel(root, path);
    let quick = load::check_versions(reg, &file, None, &published);
    if quick.is_empty() {
        return;
    }
    // Positions only matter when something is wrong: only then read the file again.
    let src = std::fs::read_to_string(path).ok();
    diags.extend(load::check_versions(reg, &file, src.as_deref(), &published));
}

/// The day of the export (`exported_at`), the default "as of" date.
pub fn export_date(reg: &Register) -> Option<Date> {
    reg.export_date
}

/// The register pages: search, organisations (or the shard-mode view page), auditors.
pub fn pages(site: &Site) -> Vec<PageJob> {
    if !site.register.present {
        return Vec::new();
    }
    pages::pages(site)
}

/// The register's data files: the schema, the lookup index, feeds and, in shard mode,
/// the host rewrite rules, handed to `emit` one at a time: at a million organisations the
/// index is over a gigabyte, which need never be in memory all at once.
pub fn files(site: &Site, emit: &mut dyn FnMut(OutFile)) {
    if site.register.present {
        pages::files(site, emit);
    }
}

/// `/api/register.json`, the public register as data, streamed (see [`StreamedFile`]).
pub fn streamed_files(site: &Site) -> Vec<StreamedFile<'_>> {
    if !site.register.present {
        return Vec::new();
    }
    vec![StreamedFile { path: "api/register.json".into(), write: Box::new(move |w| pages::write_export(site, w)) }]
}

/// The JSON Schema of the register format, generated from the input types.
pub fn schema() -> serde_json::Value {
    let schema = schemars::schema_for!(model::RegisterFile);
    serde_json::to_value(schema).expect("schema serialises")
}

/// The schema as committed in `register-data/register.schema.json` and published at
/// `/api/register.schema.json`: pretty JSON with a final newline.
pub fn schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).expect("schema serialises");
    s.push('\n');
    s
}
