//! Mappings from measures to ISO/IEC 27001:2022 Annex A, NEN 7510 and NIS2.
//!
//! Inputs: the reference catalogues under `norms/frameworks/` (`iso27001.yaml`, `nen7510.yaml`,
//! `nis2.yaml`) and, per norm version, `norms/{version}/mappings/{iso27001,nen7510}.yaml` with
//! one edge per measure–control pair. NIS2 edges are not written down separately: they come from
//! each measure's `nis2` field. Only the direction measure → control is stored; the reverse view
//! (control → measures) is derived by [`VersionMappings::for_control`].
//!
//! A relationship describes the framework control relative to the measure, in NIST IR 8477's
//! set-theory terms: `superset-of` means the control asks everything the measure asks, and more.
//! That reading makes `equal` and `superset-of` exactly the edges that count towards an exemption.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::norms::{Level, Localized, Norms, Version};
use crate::render::{OutFile, PageJob};
use crate::site::Site;

mod export;
mod load;
mod oscal;
mod pages;

pub use export::{csv_rows, CsvRow, CSV_HEADER};

/// Folder of the reference catalogues, under the site root.
pub const FRAMEWORKS_DIR: &str = "norms/frameworks";

/// The standards an organisation can hold a certificate for; each has a mapping file per version.
pub const STANDARDS: [&str; 2] = ["iso27001", "nen7510"];

/// The law the measures implement; its edges come from the measures' `nis2` field.
pub const NIS2: &str = "nis2";

/// Every framework, in display order.
pub const FRAMEWORKS: [&str; 3] = ["iso27001", "nen7510", "nis2"];

/// How a framework control relates to a measure (NIST IR 8477 set-theory relationships).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// Same scope.
    Equal,
    /// The control covers only part of the measure.
    SubsetOf,
    /// The control covers all of the measure, and more.
    SupersetOf,
    /// They overlap; neither covers the other.
    IntersectsWith,
    /// Considered, and found unrelated.
    NoRelationship,
}

impl Relationship {
    /// Every relationship, in the order pages list them.
    pub const ALL: [Relationship; 5] = [
        Relationship::Equal,
        Relationship::SupersetOf,
        Relationship::SubsetOf,
        Relationship::IntersectsWith,
        Relationship::NoRelationship,
    ];

    /// The keyword as written in the data (`superset-of`).
    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Equal => "equal",
            Relationship::SubsetOf => "subset-of",
            Relationship::SupersetOf => "superset-of",
            Relationship::IntersectsWith => "intersects-with",
            Relationship::NoRelationship => "no-relationship",
        }
    }

    /// Parses a keyword.
    pub fn parse(s: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The same relationship seen from the other side (the measure relative to the control).
    pub fn inverse(self) -> Relationship {
        match self {
            Relationship::SubsetOf => Relationship::SupersetOf,
            Relationship::SupersetOf => Relationship::SubsetOf,
            r => r,
        }
    }

    /// Whether a certificate for the control's standard covers the measure (scheme 9.3).
    pub fn covers(self) -> bool {
        matches!(self, Relationship::Equal | Relationship::SupersetOf)
    }
}

/// A group of controls (an ISO theme, a NIS2 article).
#[derive(Debug, Clone)]
pub struct Group {
    /// Id (`organisational`).
    pub id: String,
    /// Name per language.
    pub name: Localized<String>,
}

/// One control of a reference catalogue.
#[derive(Debug, Clone)]
pub struct Control {
    /// Id as the framework numbers it (`5.1`, `21.2.a`).
    pub id: String,
    /// Id of its group.
    pub group: String,
    /// Short descriptive name per language (the project's own words).
    pub name: Localized<String>,
}

/// A reference catalogue.
#[derive(Debug, Clone)]
pub struct Framework {
    /// `iso27001`, `nen7510` or `nis2`.
    pub id: String,
    /// Full name per language.
    pub name: Localized<String>,
    /// Short name (`ISO 27001`).
    pub short: String,
    /// Groups, in order.
    pub groups: Vec<Group>,
    /// Controls, in catalogue order.
    pub controls: Vec<Control>,
}

impl Framework {
    /// A control by id.
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// Whether certificates exist for this framework (it can exempt measures).
    pub fn is_standard(&self) -> bool {
        STANDARDS.contains(&self.id.as_str())
    }
}

/// One edge: a measure related to a framework control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Measure id (`A.01`).
    pub measure: String,
    /// Framework id (`iso27001`).
    pub framework: String,
    /// Control id (`5.1`).
    pub control: String,
    /// How the control relates to the measure.
    pub relationship: Relationship,
    /// 1 (weak) … 10 (strong), when given.
    pub strength: Option<u8>,
    /// Why, per language (may be empty).
    pub rationale: Localized<String>,
}

/// The edges of one norm version.
#[derive(Debug, Clone, Default)]
pub struct VersionMappings {
    /// Standards that have a mapping file for this version.
    pub standards: BTreeSet<String>,
    /// All edges: the mapping files' in file order, then the NIS2 edges.
    pub edges: Vec<Edge>,
}

impl VersionMappings {
    /// The edges of a measure to one framework.
    pub fn for_measure<'a>(&'a self, framework: &'a str, measure: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.framework == framework && e.measure == measure)
    }

    /// The derived reverse view: the edges that point at one control.
    pub fn for_control<'a>(&'a self, framework: &'a str, control: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.framework == framework && e.control == control)
    }

    /// Whether holding a certificate for `framework` exempts the measure.
    pub fn covered_by(&self, framework: &str, measure: &str) -> bool {
        self.for_measure(framework, measure).any(|e| e.relationship.covers())
    }
}

/// Reference catalogues and mapping edges per norm version.
#[derive(Debug, Default, Clone)]
pub struct Mappings {
    /// Catalogues by id.
    pub frameworks: BTreeMap<String, Framework>,
    /// Per version number, its edges; only versions with at least one mapping file.
    pub versions: BTreeMap<String, VersionMappings>,
}

impl Mappings {
    /// The mappings of a version, if it has any.
    pub fn version(&self, version: &str) -> Option<&VersionMappings> {
        self.versions.get(version)
    }

    /// A catalogue by id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.get(id)
    }

    /// The norm version the reverse (per-control) pages describe: the current version when it
    /// has mappings, else the newest version that has.
    pub fn reference_version<'a>(&self, norms: &'a Norms) -> Option<&'a Version> {
        norms
            .current()
            .filter(|v| self.versions.contains_key(&v.version))
            .or_else(|| norms.versions().iter().rev().find(|v| self.versions.contains_key(&v.version)))
    }

    /// The (level, version) pairs that get mapping pages and exports, oldest version first.
    pub fn published<'a>(&self, norms: &'a Norms) -> Vec<(Level, &'a Version)> {
        norms
            .versions()
            .iter()
            .filter(|v| self.versions.contains_key(&v.version))
            .flat_map(|v| Level::ALL.into_iter().map(move |l| (l, v)))
            .collect()
    }
}

/// Loads the reference catalogues and mapping files and checks them against the norms.
pub fn load(root: &Path, _config: &Config, norms: &Norms, diags: &mut Diagnostics) -> Mappings {
    load::load(root, norms, diags)
}

/// The mapping pages.
pub fn pages(site: &Site) -> Vec<PageJob> {
    pages::pages(site)
}

/// The mapping exports (JSON, CSV, OSCAL).
pub fn files(site: &Site) -> Vec<OutFile> {
    let mut files = export::files(site);
    files.extend(oscal::files(site));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_equal_and_superset_cover_a_measure() {
        let covering: Vec<_> = Relationship::ALL.into_iter().filter(|r| r.covers()).collect();
        assert_eq!(covering, [Relationship::Equal, Relationship::SupersetOf]);
    }

    #[test]
    fn inverse_swaps_subset_and_superset() {
        assert_eq!(Relationship::SubsetOf.inverse(), Relationship::SupersetOf);
        assert_eq!(Relationship::IntersectsWith.inverse(), Relationship::IntersectsWith);
        for r in Relationship::ALL {
            assert_eq!(r.inverse().inverse(), r);
            assert_eq!(Relationship::parse(r.as_str()), Some(r));
        }
    }
}
