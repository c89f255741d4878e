//! Reading and validating the reference catalogues and the mapping files.
//!
//! Every problem of every file is reported, each at its `file:line:col`; a file with errors
//! contributes the edges that were valid, so later checks still see the rest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Control, Edge, Framework, Group, Mappings, Relationship, VersionMappings, FRAMEWORKS, FRAMEWORKS_DIR, NIS2, STANDARDS};
use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::norms::{Localized, Norms, NIS2_POINTS};
use crate::yaml::{self, Spanned};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    id: Spanned<String>,
    name: Localized<String>,
    short: String,
    groups: Vec<RawGroup>,
    controls: Vec<RawControl>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    name: Localized<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControl {
    id: Spanned<String>,
    group: Spanned<String>,
    name: Localized<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    framework: Spanned<String>,
    #[serde(default)]
    edges: Vec<RawEdge>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdge {
    measure: Spanned<String>,
    control: Spanned<String>,
    relationship: Spanned<String>,
    #[serde(default)]
    strength: Option<Spanned<i64>>,
    #[serde(default)]
    rationale: Option<Localized<String>>,
}

pub(super) fn load(root: &Path, norms: &Norms, diags: &mut Diagnostics) -> Mappings {
    let mut mappings = Mappings::default();
    let dir = root.join(FRAMEWORKS_DIR);
    let has_catalogues = dir.is_dir();
    if has_catalogues {
        for id in FRAMEWORKS {
            let path = dir.join(format!("{id}.yaml"));
            if let Some(f) = load_framework(root, &path, id, diags) {
                if id == NIS2 {
                    // Measures may name any of these; each needs a name to show.
                    for p in NIS2_POINTS.iter().filter(|p| f.control(p).is_none()) {
                        diags.push(Diagnostic::error(rel(root, &path), format!("the NIS2 catalogue lacks `{p}`, which measures may reference")));
                    }
                }
                mappings.frameworks.insert(id.to_string(), f);
            }
        }
    }

    for v in norms.versions() {
        let mdir = root.join(&v.dir).join("mappings");
        let Ok(entries) = std::fs::read_dir(&mdir) else { continue };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        let mut vm = VersionMappings::default();
        for path in files {
            let file = rel(root, &path);
            let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            if path.extension().is_none_or(|e| e != "yaml") || !STANDARDS.contains(&stem.as_str()) {
                diags.push(Diagnostic::error(
                    &file,
                    format!("unexpected file in a mappings folder; expected {}", expected_files()),
                ));
                continue;
            }
            if !has_catalogues {
                // Without catalogues the site has no mapping feature; say so instead of failing
                // a site that only carries norms.
                diags.push(Diagnostic::warning(
                    &file,
                    format!("ignored: mappings need the reference catalogues in {FRAMEWORKS_DIR}/ ({})", FRAMEWORKS.join(", ")),
                ));
                continue;
            }
            // A missing or broken catalogue was reported when it was loaded.
            let Some(framework) = mappings.frameworks.get(&stem) else { continue };
            let src = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) => {
                    diags.push(crate::site::unreadable(root, &path, e));
                    continue;
                }
            };
            let raw: RawMapping = match yaml::parse(&file, &src) {
                Ok(r) => r,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            if raw.framework.value != stem {
                diags.push(yaml::error_at(
                    &file,
                    &src,
                    &raw.framework,
                    format!("`framework` is `{}`, but the file is the mapping to `{stem}`", raw.framework.value),
                ));
            }
            vm.standards.insert(stem.clone());
            let mut seen: BTreeMap<(String, String), (u32, u32)> = BTreeMap::new();
            for e in raw.edges {
                let mut ok = true;
                let measure = e.measure.value.trim().to_string();
                let control = e.control.value.trim().to_string();
                if v.measure(&measure).is_none() {
                    ok = false;
                    diags.push(yaml::error_at(
                        &file,
                        &src,
                        &e.measure,
                        format!("unknown measure `{measure}`: norm version {} has no measure with this id", v.version),
                    ));
                }
                if framework.control(&control).is_none() {
                    ok = false;
                    diags.push(yaml::error_at(
                        &file,
                        &src,
                        &e.control,
                        format!(
                            "unknown control `{control}`: it is not in the {} catalogue ({FRAMEWORKS_DIR}/{stem}.yaml)",
                            framework.short
                        ),
                    ));
                }
                let relationship = Relationship::parse(e.relationship.value.trim());
                if relationship.is_none() {
                    diags.push(yaml::error_at(
                        &file,
                        &src,
                        &e.relationship,
                        format!(
                            "unknown relationship `{}`; use one of: {}",
                            e.relationship.value,
                            Relationship::ALL.map(Relationship::as_str).join(", ")
                        ),
                    ));
                }
                let strength = match &e.strength {
                    Some(s) if !(1..=10).contains(&s.value) => {
                        diags.push(yaml::error_at(
                            &file,
                            &src,
                            s,
                            format!("strength {} is out of range; it is a whole number from 1 (weak) to 10 (strong)", s.value),
                        ));
                        None
                    }
                    Some(s) => Some(s.value as u8),
                    None => None,
                };
                let at = yaml::pos(&e.measure);
                if let Some((l, c)) = seen.get(&(measure.clone(), control.clone())) {
                    diags.push(yaml::error_at(
                        &file,
                        &src,
                        &e.measure,
                        format!("duplicate edge {measure} → {control}: already mapped at line {l}, column {c}"),
                    ));
                    continue;
                }
                seen.insert((measure.clone(), control.clone()), at);
                if let (true, Some(relationship)) = (ok, relationship) {
                    vm.edges.push(Edge {
                        measure,
                        framework: stem.clone(),
                        control,
                        relationship,
                        strength,
                        rationale: e.rationale.unwrap_or_default(),
                    });
                }
            }
        }
        if vm.standards.is_empty() {
            continue;
        }
        // NIS2 edges: every measure implements a part of the points it names.
        if let Some(nis2) = mappings.frameworks.get(NIS2) {
            for m in v.measures.values() {
                for point in &m.nis2 {
                    if nis2.control(point).is_some() {
                        vm.edges.push(Edge {
                            measure: m.id.clone(),
                            framework: NIS2.to_string(),
                            control: point.clone(),
                            relationship: Relationship::SupersetOf,
                            strength: None,
                            rationale: Localized::new(),
                        });
                    }
                }
            }
        }
        mappings.versions.insert(v.version.clone(), vm);
    }
    mappings
}

fn expected_files() -> String {
    STANDARDS.map(|s| format!("`{s}.yaml`")).join(" or ")
}

fn load_framework(root: &Path, path: &Path, id: &str, diags: &mut Diagnostics) -> Option<Framework> {
    let file = rel(root, path);
    let src = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(_) => {
            diags.push(Diagnostic::error(
                &file,
                format!("missing reference catalogue `{id}` (every file of {FRAMEWORKS_DIR}/ is needed: {})", FRAMEWORKS.join(", ")),
            ));
            return None;
        }
    };
    let raw: RawFramework = match yaml::parse(&file, &src) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if raw.id.value != id {
        diags.push(yaml::error_at(&file, &src, &raw.id, format!("`id` is `{}`, but the file is the `{id}` catalogue", raw.id.value)));
    }
    let groups: BTreeSet<&str> = raw.groups.iter().map(|g| g.id.as_str()).collect();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut controls = Vec::new();
    for c in raw.controls {
        let cid = c.id.value.trim().to_string();
        // Control ids become URL path segments.
        if cid.is_empty() || !cid.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-') {
            diags.push(yaml::error_at(&file, &src, &c.id, format!("control id `{cid}` may contain only letters, digits, `.` and `-`")));
            continue;
        }
        if let Some(line) = seen.get(&cid) {
            diags.push(yaml::error_at(&file, &src, &c.id, format!("duplicate control `{cid}` (first on line {line})")));
            continue;
        }
        if !groups.contains(c.group.value.as_str()) {
            diags.push(yaml::error_at(&file, &src, &c.group, format!("unknown group `{}`; it is not listed under `groups`", c.group.value)));
        }
        seen.insert(cid.clone(), yaml::pos(&c.id).0);
        controls.push(Control { id: cid, group: c.group.value, name: c.name });
    }
    Some(Framework {
        id: id.to_string(),
        name: raw.name,
        short: raw.short,
        groups: raw.groups.into_iter().map(|g| Group { id: g.id, name: g.name }).collect(),
        controls,
    })
}

