//! The norms as data: `/api/norms/{level}/{version}.json` (documented by the JSON Schema at
//! `/api/norms.schema.json`, committed as `src/norms/norms.schema.json`) and an Atom feed of
//! norm versions per language (`/{lang}/norms/atom.xml`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Level, Version};
use crate::render::OutFile;
use crate::site::{escape_xml, Site};

/// The schema as committed; a test keeps it equal to what the types below generate.
const SCHEMA: &str = include_str!("norms.schema.json");

/// One norm (a level of a version) as published at `/api/norms/{level}/{version}.json`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "Norm", deny_unknown_fields)]
pub struct NormExport {
    /// URL of this schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The level: `QM10` (basic), `QM20` (substantial) or `QM30` (high).
    #[schemars(regex(pattern = r"^QM(10|20|30)$"))]
    pub level: String,
    /// The norm version number (`3.2`).
    #[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)+$"))]
    pub version: String,
    /// Publication date, YYYY-MM-DD (for a draft: the planned date).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub published: String,
    /// `draft`, `current` or `superseded`; exactly one version is current.
    #[schemars(extend("enum" = ["draft", "current", "superseded"]))]
    pub status: String,
    /// What changed in this version, Markdown, by language code.
    pub summary: BTreeMap<String, String>,
    /// The web page of this norm, by language code.
    pub url: BTreeMap<String, String>,
    /// The measures this level selects, in the norm's order.
    pub measures: Vec<MeasureExport>,
}

/// One measure as selected by a level.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MeasureExport {
    /// Stable id: one to three capital letters, a dot, two digits (`A.01`).
    #[schemars(regex(pattern = r"^[A-Z]{1,3}\.[0-9]{2}$"))]
    pub id: String,
    /// Whether the measure must score a pass at this level.
    pub mandatory: bool,
    /// NIS2 references: article 21(2) points `21.2.a` … `21.2.j`, `20` (governance), `23` (reporting).
    #[schemars(length(min = 1))]
    pub nis2: Vec<Nis2Ref>,
    /// Title by language code (languages without a translation are absent).
    pub title: BTreeMap<String, String>,
    /// Text (Markdown) by language code.
    pub text: BTreeMap<String, String>,
    /// Assessment criteria / expected evidence by language code.
    pub criteria: BTreeMap<String, Vec<String>>,
    /// Why the measure matters, by language code (may be empty).
    pub why: BTreeMap<String, String>,
    /// Ids of the previous version's measures this one was split off or merged from.
    pub derived_from: Vec<String>,
    /// The measure's web page, by language code.
    pub url: BTreeMap<String, String>,
}

/// A NIS2 reference.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(extend("enum" = ["21.2.a", "21.2.b", "21.2.c", "21.2.d", "21.2.e", "21.2.f", "21.2.g", "21.2.h", "21.2.i", "21.2.j", "20", "23"]))]
#[serde(transparent)]
pub struct Nis2Ref(pub String);

/// The JSON Schema of [`NormExport`], pretty-printed with a trailing newline.
pub fn schema_json() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(NormExport)).expect("schema serialises");
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "description".into(),
            "A norm of the certification scheme: one level (QM10, QM20, QM30) of one norm version, with the measures that level selects. Published at /api/norms/{level}/{version}.json (level lower case: qm20).".into(),
        );
    }
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}

/// The export of one level of one version.
pub fn export(site: &Site, v: &Version, level: Level) -> NormExport {
    let langs: Vec<&str> = site.config.lang_codes().collect();
    let sel = v.level(level);
    let urls = |path: &str| -> BTreeMap<String, String> {
        langs.iter().map(|l| (l.to_string(), site.absolute(&format!("/{l}/{path}")))).collect()
    };
    let base = format!("norms/{}/{}/", level.slug(), v.version);
    NormExport {
        schema: site.absolute("/api/norms.schema.json"),
        level: level.as_str().into(),
        version: v.version.clone(),
        published: v.published.to_string(),
        status: v.status.as_str().into(),
        summary: v.summary.clone(),
        url: urls(&base),
        measures: v
            .measures_at(level)
            .map(|m| MeasureExport {
                id: m.id.clone(),
                mandatory: sel.is_mandatory(&m.id),
                nis2: m.nis2.iter().cloned().map(Nis2Ref).collect(),
                title: m.title.clone(),
                text: m.text.clone(),
                criteria: m.criteria.clone(),
                why: m.why.clone(),
                derived_from: m.derived_from.clone(),
                url: urls(&format!("{base}{}/", m.slug())),
            })
            .collect(),
    }
}

pub(super) fn files(site: &Site) -> Vec<OutFile> {
    let norms = &site.norms;
    if norms.is_empty() {
        return Vec::new();
    }
    let mut out = vec![OutFile::new("api/norms.schema.json", SCHEMA)];
    let mut index = Vec::new();
    for v in norms.versions() {
        for level in Level::ALL {
            let path = format!("api/norms/{}/{}.json", level.slug(), v.version);
            index.push(serde_json::json!({
                "level": level.as_str(),
                "version": v.version,
                "status": v.status.as_str(),
                "published": v.published.to_string(),
                "url": site.absolute(&format!("/{path}")),
            }));
            out.push(OutFile::json(path, &export(site, v, level)));
        }
    }
    out.push(OutFile::json(
        "api/norms/index.json",
        &serde_json::json!({ "current": norms.current_version(), "norms": index }),
    ));
    for lang in site.config.lang_codes() {
        out.push(feed(site, lang));
    }
    out
}

fn feed(site: &Site, lang: &str) -> OutFile {
    let default = &site.config.default_language;
    let norms = &site.norms;
    let updated = norms.versions().iter().map(|v| v.published).max().expect("non-empty");
    let self_url = site.absolute(&format!("/{lang}/norms/atom.xml"));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(site.i18n.get(lang, "norms.feed_title")),
        escape_xml(&self_url),
        escape_xml(&self_url),
        escape_xml(&site.absolute(&format!("/{lang}/norms/"))),
        escape_xml(site.i18n.get(lang, "common.site_name")),
    );
    // Newest first, as feed readers expect.
    for v in norms.versions().iter().rev() {
        let url = site.absolute(&format!("/{lang}/norms/#v{}", v.version));
        let summary = v.summary.get(lang).or_else(|| v.summary.get(default)).map(String::as_str).unwrap_or("");
        let status = site.i18n.get(lang, &format!("norms.status.{}", v.status.as_str())).to_string();
        xml.push_str(&format!(
            "  <entry>\n    <title>{} {} ({})</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape_xml(site.i18n.get(lang, "norms.version")),
            escape_xml(&v.version),
            escape_xml(&status),
            escape_xml(&site.absolute(&format!("/norms/{}", v.version))),
            escape_xml(&url),
            v.published,
            escape_xml(&crate::markdown::render(summary).html),
        ));
    }
    xml.push_str("</feed>\n");
    OutFile::new(format!("{lang}/norms/atom.xml"), xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema documents the export; regenerate it with
    /// `NORMSITE_WRITE_SCHEMA=1 cargo test --lib norms::export`.
    #[test]
    fn committed_schema_matches_the_types() {
        let generated = schema_json();
        if std::env::var_os("NORMSITE_WRITE_SCHEMA").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/norms/norms.schema.json"), &generated).unwrap();
            return;
        }
        assert_eq!(SCHEMA, generated, "src/norms/norms.schema.json is out of date; regenerate it (see the comment above)");
    }
}
