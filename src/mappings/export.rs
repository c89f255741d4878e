//! `/api/mappings/{level}/{version}.json` and `.csv`: every edge of the measures a level selects.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Edge, VersionMappings, FRAMEWORKS};
use crate::norms::{Level, Version};
use crate::render::OutFile;
use crate::site::Site;

/// The columns of the CSV export, in order.
pub const CSV_HEADER: [&str; 6] = ["measure", "framework", "control", "relationship", "strength", "rationale"];

/// One row of the CSV export (and the same fields of each JSON edge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    /// Measure id.
    pub measure: String,
    /// `iso27001`, `nen7510` or `nis2`.
    pub framework: String,
    /// Control id.
    pub control: String,
    /// NIST IR 8477 keyword: how the control relates to the measure.
    pub relationship: String,
    /// 1–10, empty when not given.
    pub strength: Option<u8>,
    /// Rationale in the site's default language, empty when none.
    pub rationale: Option<String>,
}

/// The edges of the measures `level` selects, in selection order, then framework order.
pub(super) fn level_edges<'a>(vm: &'a VersionMappings, v: &'a Version, level: Level) -> Vec<&'a Edge> {
    v.measures_at(level)
        .flat_map(|m| FRAMEWORKS.iter().flat_map(move |fw| vm.for_measure(fw, &m.id)))
        .collect()
}

/// The CSV rows of one level and version.
pub fn csv_rows(site: &Site, level: Level, v: &Version) -> Vec<CsvRow> {
    let Some(vm) = site.mappings.version(&v.version) else { return Vec::new() };
    let default = &site.config.default_language;
    level_edges(vm, v, level)
        .into_iter()
        .map(|e| CsvRow {
            measure: e.measure.clone(),
            framework: e.framework.clone(),
            control: e.control.clone(),
            relationship: e.relationship.as_str().to_string(),
            strength: e.strength,
            rationale: e.rationale.get(default).cloned(),
        })
        .collect()
}

/// The notice that ISO and NEN references are informative, in every complete language.
pub(super) fn notices(site: &Site) -> serde_json::Map<String, Value> {
    site.config
        .languages
        .iter()
        .filter(|l| l.complete)
        .map(|l| (l.code.clone(), json!(site.i18n.get(&l.code, "mappings.disclaimer"))))
        .collect()
}

pub(super) fn files(site: &Site) -> Vec<OutFile> {
    let mut out = Vec::new();
    for (level, v) in site.mappings.published(&site.norms) {
        let vm = &site.mappings.versions[&v.version];
        let base = format!("api/mappings/{}/{}", level.slug(), v.version);
        let sel = v.level(level);
        let edges: Vec<Value> = level_edges(vm, v, level)
            .into_iter()
            .map(|e| {
                json!({
                    "measure": e.measure,
                    "framework": e.framework,
                    "control": e.control,
                    "relationship": e.relationship,
                    "strength": e.strength,
                    "rationale": e.rationale.get(&site.config.default_language),
                    "rationale_translations": e.rationale,
                    "mandatory": sel.is_mandatory(&e.measure),
                    "covers_measure": e.relationship.covers(),
                })
            })
            .collect();
        let frameworks: Vec<Value> = FRAMEWORKS
            .iter()
            .filter_map(|id| site.mappings.framework(id))
            .map(|f| json!({ "id": f.id, "short": f.short, "name": f.name }))
            .collect();
        let doc = json!({
            "format_version": 1,
            "level": level.as_str(),
            "version": v.version,
            "published": v.published.to_string(),
            "status": v.status.as_str(),
            "notice": notices(site),
            "relationship_reading": "Each edge reads: the framework control is <relationship> the measure (NIST IR 8477 set-theory relationship mapping). Only `equal` and `superset-of` cover the measure for an exemption.",
            "frameworks": frameworks,
            "edges": edges,
        });
        out.push(OutFile::json(format!("{base}.json"), &doc));

        let mut bytes = Vec::new();
        // The notice travels with the data as `#` comment lines, which CSV readers can skip.
        for text in notices(site).values() {
            bytes.extend_from_slice(format!("# {}\n", text.as_str().unwrap_or_default()).as_bytes());
        }
        let mut w = csv::Writer::from_writer(bytes);
        for row in csv_rows(site, level, v) {
            w.serialize(&row).expect("CSV serialises to memory");
        }
        let bytes = w.into_inner().expect("CSV flushes to memory");
        out.push(OutFile::new(format!("{base}.csv"), bytes));
    }
    out
}
