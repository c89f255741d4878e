//! OSCAL 1.2 exports per level and version:
//! - `api/oscal/{level}/{version}/catalog.json` — the norm as an OSCAL catalog, one group per
//!   NIS2 point (a measure sits under its primary point), each measure a control with a
//!   `statement` and an `assessment-objective` part;
//! - `api/oscal/{level}/{version}/mapping-{standard}.json` — a `mapping-collection` from the
//!   standard's controls (source) to the measures (target); the relationship reads
//!   "source is <relationship> target", the same reading as the mapping files.
//!
//! Every UUID is a v5 UUID of a fixed name, and the dates come from the version's publication
//! date, so two builds of the same input write the same bytes.

use serde_json::{json, Value};
use uuid::Uuid;

use super::export::{level_edges, notices};
use super::STANDARDS;
use crate::norms::{nis2_key, Level, Version, NIS2_POINTS};
use crate::render::OutFile;
use crate::site::Site;

/// The OSCAL version the exports follow (validated against its published JSON schema).
pub const OSCAL_VERSION: &str = "1.2.3";

/// Namespace for the project's own OSCAL properties.
const NS: &str = "https://normsite.example.org/ns/oscal";

fn uuid(name: &str) -> String {
    // A fixed root namespace: UUIDs do not change with the site's base URL.
    let root = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://normsite.example.org/oscal");
    Uuid::new_v5(&root, name.as_bytes()).to_string()
}

fn metadata(site: &Site, v: &Version, title: String, extra_remarks: &str) -> Value {
    let notice: Vec<String> = notices(site).values().filter_map(|t| t.as_str().map(str::to_owned)).collect();
    json!({
        "title": title,
        "published": format!("{}T00:00:00Z", v.published),
        "last-modified": format!("{}T00:00:00Z", v.published),
        "version": v.version,
        "oscal-version": OSCAL_VERSION,
        "remarks": format!("{}{}", extra_remarks, notice.join("\n\n")),
    })
}

fn standard_ref(id: &str) -> &'static str {
    match id {
        "iso27001" => "urn:iso:std:iso-iec:27001:ed-3",
        _ => "urn:nen:std:nen:7510:2024",
    }
}

pub(super) fn files(site: &Site) -> Vec<OutFile> {
    let mut out = Vec::new();
    for (level, v) in site.mappings.published(&site.norms) {
        let base = format!("api/oscal/{}/{}", level.slug(), v.version);
        out.push(OutFile::json(format!("{base}/catalog.json"), &catalog(site, level, v)));
        for std_id in STANDARDS {
            if let Some(doc) = mapping(site, level, v, std_id) {
                out.push(OutFile::json(format!("{base}/mapping-{std_id}.json"), &doc));
            }
        }
    }
    out
}

/// The OSCAL catalog of a level of a version.
pub fn catalog(site: &Site, level: Level, v: &Version) -> Value {
    let default = site.config.default_language.as_str();
    let sel = v.level(level);
    let nis2 = site.mappings.framework(super::NIS2);
    let groups: Vec<Value> = NIS2_POINTS
        .iter()
        .filter_map(|point| {
            let controls: Vec<Value> = v
                .measures_at(level)
                .filter(|m| m.nis2.first().map(String::as_str) == Some(*point))
                .map(|m| {
                    let (title, _) = m.title_in(default, default);
                    let (text, _) = m.text_in(default, default);
                    let criteria = m.criteria_in(default, default);
                    let mut props = vec![
                        json!({ "name": "label", "value": m.id }),
                        json!({ "name": "mandatory", "ns": NS, "value": if sel.is_mandatory(&m.id) { "true" } else { "false" } }),
                    ];
                    for p in &m.nis2 {
                        props.push(json!({ "name": "nis2-reference", "ns": NS, "value": p }));
                    }
                    let objective = criteria.iter().map(|c| format!("- {c}")).collect::<Vec<_>>().join("\n");
                    json!({
                        "id": m.id,
                        "title": title,
                        "props": props,
                        "links": [{ "href": site.absolute(&format!("/{default}/norms/{}/{}/{}/", level.slug(), v.version, m.slug())), "rel": "alternate" }],
                        "parts": [
                            { "id": format!("{}_smt", m.id), "name": "statement", "prose": text.trim_end() },
                            { "id": format!("{}_obj", m.id), "name": "assessment-objective", "prose": objective },
                        ],
                    })
                })
                .collect();
            if controls.is_empty() {
                return None;
            }
            let title = nis2
                .and_then(|f| f.control(point))
                .and_then(|c| c.name.get(default))
                .cloned()
                .unwrap_or_else(|| point.to_string());
            Some(json!({
                "id": format!("nis2-{}", nis2_key(point)),
                "class": "nis2-point",
                "title": format!("NIS2 {}: {title}", nis2_label(point)),
                "props": [{ "name": "nis2-reference", "ns": NS, "value": point }],
                "controls": controls,
            }))
        })
        .collect();
    let title = format!("NIS2 Quality Mark {} — norm version {}", level.as_str(), v.version);
    json!({
        "catalog": {
            "uuid": uuid(&format!("catalog:{}:{}", level.slug(), v.version)),
            "metadata": metadata(site, v, title, ""),
            "groups": groups,
        }
    })
}

fn nis2_label(point: &str) -> String {
    match point.strip_prefix("21.2.") {
        Some(p) => format!("art. 21(2)({p})"),
        None => format!("art. {point}"),
    }
}

/// The OSCAL mapping collection from a standard to a level of a version; `None` without edges.
pub fn mapping(site: &Site, level: Level, v: &Version, std_id: &str) -> Option<Value> {
    let vm = site.mappings.version(&v.version)?;
    if !vm.standards.contains(std_id) {
        return None;
    }
    let framework = site.mappings.framework(std_id)?;
    let default = site.config.default_language.as_str();
    let maps: Vec<Value> = level_edges(vm, v, level)
        .into_iter()
        .filter(|e| e.framework == std_id)
        .map(|e| {
            let mut m = json!({
                "uuid": uuid(&format!("map:{}:{}:{std_id}:{}:{}", level.slug(), v.version, e.control, e.measure)),
                "relationship": e.relationship.as_str(),
                "sources": [{ "type": "control", "id-ref": e.control }],
                "targets": [{ "type": "control", "id-ref": e.measure }],
            });
            let obj = m.as_object_mut().expect("object");
            if let Some(s) = e.strength {
                obj.insert("props".into(), json!([{ "name": "strength", "ns": NS, "value": s.to_string() }]));
            }
            if let Some(r) = e.rationale.get(default) {
                obj.insert("remarks".into(), json!(r));
            }
            m
        })
        .collect();
    if maps.is_empty() {
        return None;
    }
    let status = if v.status == crate::norms::Status::Draft { "draft" } else { "complete" };
    let title = format!("{} → NIS2 Quality Mark {} (norm version {})", framework.short, level.as_str(), v.version);
    let description = format!(
        "Each map reads: the {} control (source) is <relationship> the NIS2 Quality Mark measure (target), in NIST IR 8477 set-theory terms. Only `equal` and `superset-of` count towards an exemption.",
        framework.short
    );
    Some(json!({
        "mapping-collection": {
            "uuid": uuid(&format!("mapping-collection:{}:{}:{std_id}", level.slug(), v.version)),
            "metadata": metadata(site, v, title, ""),
            "provenance": {
                "method": "human",
                "matching-rationale": "semantic",
                "status": status,
                "mapping-description": description,
            },
            "mappings": [{
                "uuid": uuid(&format!("mapping:{}:{}:{std_id}", level.slug(), v.version)),
                "source-resource": { "type": "catalog", "href": standard_ref(std_id) },
                "target-resource": { "type": "catalog", "href": "catalog.json" },
                "maps": maps,
            }],
        }
    }))
}
