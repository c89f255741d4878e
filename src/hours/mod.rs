//! The audit-hours rules and calculator (SPEC 2.6, 3.1, 3.4).
//!
//! Each scheme version may carry its tables in `norms/<version>/audit-hours.yaml`
//! ([`rules`]); [`calc::calculate`] runs the calculation with a breakdown of every step. The
//! same rules are published as `/api/hours/<version>.json`, which the calculator page's script
//! reads, so no table is written twice.

pub mod calc;
pub mod cli;
pub mod page;
pub mod rules;

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::diag::{rel, Diagnostics};
use crate::render::{OutFile, PageJob};
use crate::site::Site;

pub use calc::{calculate, Input, InputError, Outcome};
pub use rules::RuleSet;

/// Folder that holds one folder per scheme version.
pub const NORMS_DIR: &str = "norms";

/// The audit-hours rule sets, by scheme version.
#[derive(Debug, Default, Clone)]
pub struct Hours {
    /// Scheme version → rules.
    pub sets: BTreeMap<String, RuleSet>,
}

impl Hours {
    /// The rules of `version`, if it has any.
    pub fn get(&self, version: &str) -> Option<&RuleSet> {
        self.sets.get(version)
    }

    /// The rules of the highest scheme version that has any (`3.10` above `3.9`).
    pub fn highest(&self) -> Option<&RuleSet> {
        self.sets.values().max_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)))
    }

    /// The rules the site and CLI use: those of `current` (the norms' current version) when it
    /// has a rule set, otherwise the highest version that has one.
    pub fn current(&self, current: Option<&str>) -> Option<&RuleSet> {
        current.and_then(|v| self.get(v)).or_else(|| self.highest())
    }
}

/// Orders versions by their numeric parts, so `3.10` sorts above `3.9`.
fn version_key(v: &str) -> Vec<(u64, String)> {
    v.split(['.', '-'])
        .map(|p| match p.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (0, p.to_string()),
        })
        .collect()
}

/// Loads every `norms/*/audit-hours.yaml`; other files under `norms/` belong to the norms module.
pub fn load(root: &Path, _config: &Config, diags: &mut Diagnostics) -> Hours {
    load_dir(root, diags)
}

/// [`load`] without the site configuration: the CLI needs only the `norms/` folder.
pub fn load_dir(root: &Path, diags: &mut Diagnostics) -> Hours {
    let mut hours = Hours::default();
    let dir = root.join(NORMS_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else { return hours };
    let mut versions: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    versions.sort();
    for vdir in versions {
        let path = vdir.join(rules::FILE_NAME);
        if !path.is_file() {
            continue;
        }
        let version = vdir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let file = rel(root, &path);
        let src = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                diags.push(crate::site::unreadable(root, &path, e));
                continue;
            }
        };
        match rules::parse(&version, &file, &src) {
            Ok(r) => {
                hours.sets.insert(version, r);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    hours
}

/// The rule set the site publishes.
pub fn site_rules(site: &Site) -> Option<&RuleSet> {
    site.hours.current(site.norms.current_version())
}

/// The calculator page, `/{lang}/calculator/`, in every language.
pub fn pages(site: &Site) -> Vec<PageJob> {
    page::pages(site)
}

/// URL of a version's rules as JSON.
pub fn rules_url(version: &str) -> String {
    format!("/api/hours/{version}.json")
}

/// The rules of every version as JSON, for the page's script and for other software.
pub fn files(site: &Site) -> Vec<OutFile> {
    site.hours.sets.values().map(|r| OutFile::json(rules_url(&r.version).trim_start_matches('/'), r)).collect()
}

#[cfg(test)]
mod tests;
