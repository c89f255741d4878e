//! Mappings end to end: the reference catalogues, the exact errors of a broken mapping file,
//! the pages (matrix, exemptions, reverse, coverage) and the exports (JSON, CSV, OSCAL, the
//! latter validated against NIST's published OSCAL 1.2.3 schema).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use normsite::build::build_in_memory;
use normsite::mappings::CsvRow;
use normsite::render::{RenderOptions, Rendered};
use normsite::site::{LoadOptions, Site};

fn opts(root: &Path) -> LoadOptions {
    LoadOptions { root: root.to_path_buf(), date: Some("2026-02-01".parse().unwrap()), ..Default::default() }
}

/// The bundled site, built once for all tests that read its output.
fn bundled() -> &'static (Site, Rendered) {
    static BUILT: OnceLock<(Site, Rendered)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (site, rendered, _) = build_in_memory(&opts(&common::repo()), &RenderOptions::default())
            .unwrap_or_else(|d| panic!("bundled site builds: {:#?}", d.sorted().iter().map(|x| x.to_string()).collect::<Vec<_>>()));
        (site, rendered)
    })
}

fn text<'a>(r: &'a Rendered, path: &str) -> &'a str {
    let bytes = r.files.get(path).unwrap_or_else(|| panic!("{path} is not in the output"));
    std::str::from_utf8(bytes).expect("utf-8")
}

/// The OSCAL schema: in CI the repository is cloned next to a copy of `shared/`.
fn oscal_schema_path() -> PathBuf {
    let repo = common::repo();
    let candidates = [repo.join("../shared/oscal/oscal_complete_schema-1.2.3.json"), repo.join("../../shared/oscal/oscal_complete_schema-1.2.3.json")];
    candidates.iter().find(|p| p.is_file()).cloned().unwrap_or_else(|| {
        panic!("OSCAL schema not found; expected it at {} (the repository is checked out next to shared/)", candidates[0].display())
    })
}

#[test]
fn iso_catalogue_holds_exactly_the_93_annex_a_controls() {
    let (site, _) = bundled();
    let iso = site.mappings.framework("iso27001").expect("ISO catalogue");
    let ids: Vec<&str> = iso.controls.iter().map(|c| c.id.as_str()).collect();
    let mut expected = Vec::new();
    for (theme, n) in [(5, 37), (6, 8), (7, 14), (8, 34)] {
        for i in 1..=n {
            expected.push(format!("{theme}.{i}"));
        }
    }
    assert_eq!(ids, expected);
    // Every control has a name in both complete languages.
    for c in &iso.controls {
        assert!(c.name.contains_key("en") && c.name.contains_key("nl"), "{}", c.id);
    }
    let nis2 = site.mappings.framework("nis2").unwrap();
    let points: Vec<&str> = nis2.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(points, normsite::norms::NIS2_POINTS);
}

#[test]
fn every_measure_of_the_current_version_is_mapped_to_iso_and_nen() {
    let (site, _) = bundled();
    let v = site.norms.current().expect("current version");
    let vm = site.mappings.version(&v.version).expect("current version has mappings");
    for m in v.measures.values() {
        for fw in ["iso27001", "nen7510", "nis2"] {
            assert!(vm.for_measure(fw, &m.id).next().is_some(), "{} has no {fw} edge", m.id);
        }
    }
}

#[test]
fn every_oscal_file_validates_against_the_oscal_schema() {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(oscal_schema_path()).unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("schema compiles");
    let (site, r) = bundled();
    let oscal: Vec<&String> = r.files.keys().filter(|p| p.starts_with("api/oscal/")).collect();
    // Three levels × the versions with mappings × (catalog + two mapping collections).
    let versions = site.mappings.versions.len();
    assert!(versions >= 1);
    assert_eq!(oscal.len(), 3 * versions * 3, "{oscal:#?}");
    for path in oscal {
        let doc: serde_json::Value = serde_json::from_slice(&r.files[path]).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}:\n{}", errors.join("\n"));
    }
}

#[test]
fn oscal_exports_are_stable_and_dated_by_the_version() {
    let (_, r) = bundled();
    let doc: serde_json::Value = serde_json::from_str(text(r, "api/oscal/qm20/3.2/mapping-iso27001.json")).unwrap();
    let mc = &doc["mapping-collection"];
    assert_eq!(mc["metadata"]["last-modified"], "2026-01-01T00:00:00Z");
    assert_eq!(mc["metadata"]["oscal-version"], "1.2.3");
    assert!(mc["metadata"]["remarks"].as_str().unwrap().contains("informative only"));
    let maps = mc["mappings"][0]["maps"].as_array().unwrap();
    let a01 = maps.iter().find(|m| m["targets"][0]["id-ref"] == "A.01" && m["sources"][0]["id-ref"] == "5.1").unwrap();
    assert_eq!(a01["relationship"], "superset-of");
    // UUIDs are unique within the file.
    let mut uuids: Vec<&str> = maps.iter().map(|m| m["uuid"].as_str().unwrap()).collect();
    let n = uuids.len();
    uuids.sort();
    uuids.dedup();
    assert_eq!(uuids.len(), n);
    // The catalog groups measures per NIS2 point with statement and assessment objective.
    let cat: serde_json::Value = serde_json::from_str(text(r, "api/oscal/qm10/3.2/catalog.json")).unwrap();
    let groups = cat["catalog"]["groups"].as_array().unwrap();
    assert_eq!(groups[0]["id"], "nis2-a");
    let a01 = &groups[0]["controls"][0];
    assert_eq!(a01["id"], "A.01");
    let parts: Vec<&str> = a01["parts"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(parts, ["statement", "assessment-objective"]);
    // A second, independent render of the same input writes the same bytes.
    let (_, again, _) = build_in_memory(&opts(&common::repo()), &RenderOptions::default()).unwrap();
    for (path, bytes) in r.files.iter().filter(|(p, _)| p.starts_with("api/oscal/") || p.starts_with("api/mappings/")) {
        assert_eq!(Some(bytes), again.files.get(path), "{path} differs between builds");
    }
}

#[test]
fn csv_and_json_exports_hold_the_same_edges() {
    let (site, r) = bundled();
    for level in ["qm10", "qm20", "qm30"] {
        let csv_text = text(r, &format!("api/mappings/{level}/3.2.csv"));
        // The notice comes first, in every complete language.
        assert!(csv_text.starts_with("# References to ISO/IEC 27001 and NEN 7510 are informative only."), "{csv_text}");
        assert!(csv_text.contains("# Verwijzingen naar ISO/IEC 27001 en NEN 7510 zijn uitsluitend informatief."));
        let mut rd = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(csv_text.as_bytes());
        assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), normsite::mappings::CSV_HEADER);
        let rows: Vec<CsvRow> = rd.deserialize().map(|r| r.unwrap()).collect();

        let json: serde_json::Value = serde_json::from_str(text(r, &format!("api/mappings/{level}/3.2.json"))).unwrap();
        let from_json: Vec<CsvRow> = json["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| CsvRow {
                measure: e["measure"].as_str().unwrap().into(),
                framework: e["framework"].as_str().unwrap().into(),
                control: e["control"].as_str().unwrap().into(),
                relationship: e["relationship"].as_str().unwrap().into(),
                strength: e["strength"].as_u64().map(|s| s as u8),
                rationale: e["rationale"].as_str().map(String::from),
            })
            .collect();
        assert_eq!(rows, from_json, "{level}");
        // Writing the rows again gives the same CSV body.
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in &rows {
            w.serialize(row).unwrap();
        }
        let body = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(csv_text.ends_with(&body), "{level}: CSV does not round-trip");
        // Only measures the level selects appear.
        let lvl = normsite::norms::Level::parse(level).unwrap();
        let sel = site.norms.version("3.2").unwrap().level(lvl);
        assert!(rows.iter().all(|r| sel.contains(&r.measure)));
        assert!(rows.iter().any(|r| r.rationale.is_some()));
    }
}

#[test]
fn versions_without_mapping_data_have_no_mapping_pages_or_exports() {
    let (site, r) = bundled();
    assert!(site.mappings.version("1.0").is_none());
    assert!(!r.files.contains_key("en/mappings/qm10/1.0/index.html"));
    assert!(!r.files.contains_key("api/mappings/qm10/1.0.json"));
    assert!(r.files.contains_key("en/mappings/qm10/3.2/index.html"));
    assert!(r.files.contains_key("nl/mappings/qm30/3.1/exemptions/index.html"));
}

#[test]
fn exemption_view_lists_covered_and_remaining_measures_without_javascript() {
    let (_, r) = bundled();
    let html = text(r, "en/mappings/qm10/3.2/exemptions/index.html");
    let iso = &html[html.find("data-framework=iso27001").unwrap()..html.find("data-framework=nen7510").unwrap()];
    let covered = &iso[iso.find("data-list=covered").unwrap()..iso.find("data-list=remaining").unwrap()];
    let remaining = &iso[iso.find("data-list=remaining").unwrap()..];
    // A.01 (policy) is covered by ISO 5.1 (superset-of); A.02 (risk analysis) only overlaps.
    assert!(covered.contains("data-measure=A.01"), "{covered}");
    assert!(remaining.contains("data-measure=A.02") && !covered.contains("data-measure=A.02"));
    // NEN 7510 covers J.01 (care-sector MFA guidance); ISO 27001 does not.
    let nen = &html[html.find("data-framework=nen7510").unwrap()..];
    let nen_covered = &nen[..nen.find("data-list=remaining").unwrap()];
    assert!(nen_covered.contains("data-measure=J.01"));
    assert!(remaining.contains("data-measure=J.01"));
    // The toggle is hidden until the script runs; the notice is there.
    assert!(html.contains("data-exemptions-toggle hidden"));
    assert!(html.contains("informative only"));
    let nl = text(r, "nl/mappings/qm10/3.2/exemptions/index.html");
    assert!(nl.contains("uitsluitend informatief"));
}

#[test]
fn reverse_page_lists_measures_per_level_with_the_relationship() {
    let (_, r) = bundled();
    let html = text(r, "en/mappings/iso27001/8.13/index.html");
    // C.01 (backups) is in QM10; C.03 (offline copy) only from QM20.
    let qm10 = &html[html.find("data-level=QM10").unwrap()..html.find("data-level=QM20").unwrap()];
    assert!(qm10.contains("data-measure=C.01 data-relationship=subset-of"), "{qm10}");
    assert!(!qm10.contains("data-measure=C.03"));
    let qm30 = &html[html.find("data-level=QM30").unwrap()..];
    assert!(qm30.contains("data-measure=C.03 data-relationship=intersects-with"));
    assert!(html.contains("informative only"));
    // Links go to the measure's page at that level.
    assert!(qm10.contains("href=/en/norms/qm10/3.2/c.01/"));
    assert!(r.files.contains_key("en/mappings/nis2/21.2.a/index.html"));
    assert!(r.files.contains_key("nl/mappings/nen7510/Z.1/index.html"));
}

#[test]
fn coverage_lists_iso_controls_and_nis2_points_no_measure_relates_to() {
    let (_, r) = bundled();
    let html = text(r, "en/mappings/qm10/3.2/coverage/index.html");
    let iso = &html[html.find("data-framework=iso27001").unwrap()..html.find("data-framework=nis2").unwrap()];
    // Nothing in the sample maps to 7.11 (utilities); 5.1 is related to A.01.
    assert!(iso.contains("href=/en/mappings/iso27001/7.11/"));
    assert!(!iso.contains("href=/en/mappings/iso27001/5.1/"));
    // QM10 selects no measure with a primary or secondary reference to point (h)? It does (H.01):
    let nis2 = &html[html.find("data-framework=nis2").unwrap()..];
    assert!(!nis2.contains("href=/en/mappings/nis2/21.2.h/"));
}

// ---------------------------------------------------------------- errors

#[test]
fn invalid_mapping_file_reports_every_error_with_its_position() {
    let dir = common::fixture("mappings-invalid");
    let diags = match Site::load(&opts(dir.path())) {
        Ok(_) => panic!("the fixture has errors"),
        Err(d) => d,
    };
    let errors: Vec<String> = diags
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.location(), d.message))
        .collect();
    let f = "norms/1.0/mappings/iso27001.yaml";
    assert_eq!(
        errors,
        [
            format!("{f}:4:16: unknown measure `A.09`: norm version 1.0 has no measure with this id"),
            format!("{f}:5:31: unknown control `5.99`: it is not in the ISO 27001 catalogue (norms/frameworks/iso27001.yaml)"),
            format!("{f}:6:53: unknown relationship `overlaps`; use one of: equal, superset-of, subset-of, intersects-with, no-relationship"),
            format!("{f}:7:16: duplicate edge A.01 → 8.13: already mapped at line 3, column 16"),
            format!("{f}:8:80: strength 11 is out of range; it is a whole number from 1 (weak) to 10 (strong)"),
        ]
    );
}

#[test]
fn a_valid_copy_of_the_fixture_loads_and_derives_nis2_and_reverse_edges() {
    let dir = common::fixture("mappings-invalid");
    common::write(
        dir.path(),
        "norms/1.0/mappings/iso27001.yaml",
        "framework: iso27001\nedges:\n  - { measure: A.01, control: \"8.13\", relationship: superset-of, strength: 8 }\n  - { measure: B.01, control: \"8.13\", relationship: intersects-with }\n",
    );
    let (site, _) = Site::load(&opts(dir.path())).unwrap_or_else(|d| panic!("{:#?}", d.sorted()));
    let vm = site.mappings.version("1.0").unwrap();
    let reverse: Vec<&str> = vm.for_control("iso27001", "8.13").map(|e| e.measure.as_str()).collect();
    assert_eq!(reverse, ["A.01", "B.01"]);
    assert!(vm.covered_by("iso27001", "A.01"));
    assert!(!vm.covered_by("iso27001", "B.01"));
    let nis2: Vec<&str> = vm.for_measure("nis2", "B.01").map(|e| e.control.as_str()).collect();
    assert_eq!(nis2, ["21.2.i", "21.2.j"]);
}
