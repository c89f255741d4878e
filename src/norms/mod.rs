//! Versioned norms: one measure catalogue per version, level selections, history.
//!
//! Content lives under `norms/{version}/`: `version.yaml` (metadata), `levels.yaml` (per level
//! the selected measure ids and which are mandatory) and `measures/{ID}.yaml` (one measure per
//! file). Loading ([`load`]) reads every version in parallel and reports every problem with its
//! `file:line:col`; the result is an immutable [`Norms`] that the pages, the exports and other
//! modules (mappings, register, search) read through the methods below.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::render::{OutFile, PageJob};
use crate::site::Site;

pub mod diff;
mod export;
mod load;
mod pages;

pub use export::{schema_json, NormExport};

/// Folder of the norm versions, under the site root.
pub const NORMS_DIR: &str = "norms";

/// One of the three levels of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level {
    /// Basic.
    #[serde(rename = "QM10")]
    Qm10,
    /// Substantial.
    #[serde(rename = "QM20")]
    Qm20,
    /// High.
    #[serde(rename = "QM30")]
    Qm30,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 3] = [Level::Qm10, Level::Qm20, Level::Qm30];

    /// `QM20`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Qm10 => "QM10",
            Level::Qm20 => "QM20",
            Level::Qm30 => "QM30",
        }
    }

    /// The URL segment: `qm20`.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Qm10 => "qm10",
            Level::Qm20 => "qm20",
            Level::Qm30 => "qm30",
        }
    }

    /// Parses `QM20` or `qm20`.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(s))
    }

    /// The level directly below, if any.
    pub fn lower(self) -> Option<Level> {
        match self {
            Level::Qm10 => None,
            Level::Qm20 => Some(Level::Qm10),
            Level::Qm30 => Some(Level::Qm20),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In preparation; published for comment, not yet certifiable.
    Draft,
    /// The version certificates are issued under now (exactly one).
    Current,
    /// Replaced by a newer version; still readable, certificates may name it.
    Superseded,
}

impl Status {
    /// `draft`, `current`, `superseded`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Current => "current",
            Status::Superseded => "superseded",
        }
    }
}

/// A version number compared numerically: `3.10` sorts after `3.9`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionKey(pub Vec<u32>);

impl VersionKey {
    /// Parses `3.2`; `None` unless it is two or more dot-separated numbers.
    pub fn parse(s: &str) -> Option<VersionKey> {
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() < 2 || parts.iter().any(|p| p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        parts.iter().map(|p| p.parse().ok()).collect::<Option<Vec<u32>>>().map(VersionKey)
    }
}

/// A value per language code (`en` → text).
pub type Localized<T> = BTreeMap<String, T>;

/// One measure of a version's catalogue.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Stable id (`A.01`).
    pub id: String,
    /// NIS2 references: `21.2.a` … `21.2.j`, `20`, `23`; the first one is the primary point.
    pub nis2: Vec<String>,
    /// Title per language.
    pub title: Localized<String>,
    /// Text (Markdown) per language.
    pub text: Localized<String>,
    /// Assessment criteria / expected evidence per language.
    pub criteria: Localized<Vec<String>>,
    /// Why the measure matters (one sentence), per language; used on ladder pages.
    pub why: Localized<String>,
    /// Ids in the previous version this measure was split off or merged from.
    pub derived_from: Vec<String>,
    /// Source file, relative to the site root.
    pub file: PathBuf,
}

impl Measure {
    /// The id as used in URLs (`a.01`).
    pub fn slug(&self) -> String {
        self.id.to_ascii_lowercase()
    }

    /// Title in `lang`, else in `default`, with the language it really is in.
    pub fn title_in<'a>(&'a self, lang: &'a str, default: &'a str) -> (&'a str, &'a str) {
        pick(&self.title, lang, default)
    }

    /// Text in `lang`, else in `default`, with the language it really is in.
    pub fn text_in<'a>(&'a self, lang: &'a str, default: &'a str) -> (&'a str, &'a str) {
        pick(&self.text, lang, default)
    }

    /// Criteria in `lang`, else in `default`.
    pub fn criteria_in<'a>(&'a self, lang: &str, default: &str) -> &'a [String] {
        self.criteria.get(lang).or_else(|| self.criteria.get(default)).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The `why` note in `lang`, else in `default`, if the measure has one.
    pub fn why_in<'a>(&'a self, lang: &str, default: &str) -> Option<&'a str> {
        self.why.get(lang).or_else(|| self.why.get(default)).map(String::as_str)
    }

    /// Whether title, text or criteria have to come from another language than `lang`.
    pub fn falls_back(&self, lang: &str) -> bool {
        !self.title.contains_key(lang) || !self.text.contains_key(lang) || !self.criteria.contains_key(lang)
    }

    /// Whether the normative content (title, text, criteria in any language) differs from `other`.
    pub fn content_differs(&self, other: &Measure) -> bool {
        self.title != other.title || self.text != other.text || self.criteria != other.criteria
    }
}

fn pick<'a>(m: &'a Localized<String>, lang: &'a str, default: &'a str) -> (&'a str, &'a str) {
    match m.get(lang) {
        Some(s) => (s, lang),
        None => (m.get(default).map(String::as_str).unwrap_or(""), default),
    }
}

/// One level's part of a version: the measures it selects, in order, and the mandatory ones.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Selected measure ids, in the order of `levels.yaml`.
    pub measures: Vec<String>,
    /// The selected measures that must each score a pass.
    pub mandatory: BTreeSet<String>,
}

impl Selection {
    /// Whether the level selects `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.measures.iter().any(|m| m == id)
    }

    /// Whether `id` is mandatory at this level.
    pub fn is_mandatory(&self, id: &str) -> bool {
        self.mandatory.contains(id)
    }
}

/// One norm version.
#[derive(Debug, Clone)]
pub struct Version {
    /// Version number as written (`3.2`).
    pub version: String,
    /// The number, for ordering.
    pub key: VersionKey,
    /// Publication date (planned date for a draft).
    pub published: Date,
    /// Draft, current or superseded.
    pub status: Status,
    /// What changed, Markdown, per language.
    pub summary: Localized<String>,
    /// Whether each level must contain every measure of the level below.
    pub keeps_lower_levels: bool,
    /// The catalogue, by id.
    pub measures: BTreeMap<String, Measure>,
    /// Per level, its selection.
    pub levels: BTreeMap<Level, Selection>,
    /// Folder of the version, relative to the site root.
    pub dir: PathBuf,
}

impl Version {
    /// A measure of the catalogue.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.get(id)
    }

    /// A level's selection (every loaded version has all three).
    pub fn level(&self, level: Level) -> &Selection {
        static EMPTY: Selection = Selection { measures: Vec::new(), mandatory: BTreeSet::new() };
        self.levels.get(&level).unwrap_or(&EMPTY)
    }

    /// The measures a level selects, in selection order.
    pub fn measures_at(&self, level: Level) -> impl Iterator<Item = &Measure> {
        self.level(level).measures.iter().filter_map(|id| self.measures.get(id))
    }

    /// Whether the version is the current one.
    pub fn is_current(&self) -> bool {
        self.status == Status::Current
    }
}

/// Every norm version found under `norms/`, sorted by version number.
#[derive(Debug, Default, Clone)]
pub struct Norms {
    versions: Vec<Version>,
}

impl Norms {
    /// Builds the set from already validated versions (sorted here).
    pub fn from_versions(mut versions: Vec<Version>) -> Norms {
        versions.sort_by(|a, b| a.key.cmp(&b.key));
        Norms { versions }
    }

    /// All versions, oldest first (by number, so `3.10` follows `3.9`).
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// A version by its number as written (`3.2`).
    pub fn version(&self, version: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// The version before `version`, if any.
    pub fn previous(&self, version: &str) -> Option<&Version> {
        let i = self.versions.iter().position(|v| v.version == version)?;
        i.checked_sub(1).map(|p| &self.versions[p])
    }

    /// Whether `version` (`3.1`) is a version the site publishes and certificates can be
    /// issued under: it exists and is not a draft.
    pub fn is_published(&self, version: &str) -> bool {
        self.version(version).is_some_and(|v| v.status != Status::Draft)
    }

    /// The version marked `current`.
    pub fn current(&self) -> Option<&Version> {
        self.versions.iter().find(|v| v.is_current())
    }

    /// The scheme version marked `current` (`3.2`), if any.
    pub fn current_version(&self) -> Option<&str> {
        self.current().map(|v| v.version.as_str())
    }

    /// A measure of a version.
    pub fn measure(&self, version: &str, id: &str) -> Option<&Measure> {
        self.version(version)?.measure(id)
    }

    /// Whether there are no versions at all (a site without norms).
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }
}

/// Loads `norms/`: every version in parallel, every problem reported.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Norms {
    load::load(root, config, diags)
}

/// The norm pages.
pub fn pages(site: &Site) -> Vec<PageJob> {
    pages::pages(site)
}

/// The norm data exports: `/api/norms/{level}/{version}.json`, the schema, the Atom feeds.
pub fn files(site: &Site) -> Vec<OutFile> {
    export::files(site)
}

/// The NIS2 references a measure may carry, in display order.
pub const NIS2_POINTS: [&str; 12] =
    ["21.2.a", "21.2.b", "21.2.c", "21.2.d", "21.2.e", "21.2.f", "21.2.g", "21.2.h", "21.2.i", "21.2.j", "20", "23"];

/// The translation key below `norms.nis2.` for a reference (`21.2.a` → `a`, `20` → `art20`).
pub fn nis2_key(point: &str) -> String {
    match point.strip_prefix("21.2.") {
        Some(p) => p.to_string(),
        None => format!("art{point}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_numbers() {
        let a = VersionKey::parse("3.9").unwrap();
        let b = VersionKey::parse("3.10").unwrap();
        assert!(a < b);
        assert!(VersionKey::parse("3").is_none());
        assert!(VersionKey::parse("v3.2").is_none());
        assert!(VersionKey::parse("3..2").is_none());
    }
}
