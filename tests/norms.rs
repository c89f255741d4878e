//! Norms: loading and validation of `norms/`, and the pages and data built from it.
//!
//! Every test builds the fixture site `tests/fixtures/norms-valid` (three versions: 1.0
//! superseded, 2.0 current, 10.0 draft, so that numeric ordering matters) with the real theme
//! and UI strings, optionally after breaking one file.

use std::path::{Path, PathBuf};

use normsite::diag::Diagnostics;
use normsite::render::{RenderOptions, Rendered};
use normsite::site::{LoadOptions, Site};

const FIXTURE: &str = "tests/fixtures/norms-valid";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The fixture site in a temporary folder, after `change` has edited it.
fn fixture(change: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    copy_dir(&repo().join("i18n"), &dir.path().join("i18n"));
    copy_dir(&repo().join(FIXTURE), dir.path());
    change(dir.path());
    dir
}

/// Replaces `from` (which must occur) by `to` in a file of the site.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let src = std::fs::read_to_string(&path).unwrap();
    assert!(src.contains(from), "{file} does not contain {from:?}");
    std::fs::write(path, src.replacen(from, to, 1)).unwrap();
}

fn opts(root: &Path) -> LoadOptions {
    LoadOptions { root: root.to_path_buf(), date: Some("2026-01-01".parse().unwrap()), ..Default::default() }
}

fn load(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    Site::load(&opts(root))
}

/// Every error of a failed load as `file:line:col: message`.
fn errors(root: &Path) -> Vec<String> {
    let diags = match load(root) {
        Ok(_) => panic!("the site loaded without errors"),
        Err(d) => d,
    };
    diags.sorted().into_iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.location(), d.message)).collect()
}

/// 1-based column of `needle` on line `line` (1-based) of a file.
fn col(root: &Path, file: &str, line: usize, needle: &str) -> usize {
    let src = std::fs::read_to_string(root.join(file)).unwrap();
    src.lines().nth(line - 1).unwrap().find(needle).unwrap() + 1
}

fn render(root: &Path) -> (Site, Rendered, Diagnostics) {
    let (site, warnings) = load(root).unwrap_or_else(|d| panic!("{:#?}", d.sorted()));
    let rendered = normsite::render::render(&site, &RenderOptions::default())
        .unwrap_or_else(|d| panic!("{}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
    (site, rendered, warnings)
}

fn page<'a>(r: &'a Rendered, path: &str) -> &'a str {
    let bytes = r.files.get(path).unwrap_or_else(|| panic!("{path} was not rendered"));
    std::str::from_utf8(bytes).unwrap()
}

// ---------------------------------------------------------------- the valid fixture

#[test]
fn valid_fixture_loads_with_a_fallback_warning_for_german() {
    let dir = fixture(|_| {});
    let (site, warnings) = load(dir.path()).unwrap_or_else(|d| panic!("{:#?}", d.sorted()));
    let versions: Vec<&str> = site.norms.versions().iter().map(|v| v.version.as_str()).collect();
    assert_eq!(versions, ["1.0", "2.0", "10.0"], "sorted by number, not as strings");
    assert_eq!(site.norms.current_version(), Some("2.0"));
    assert!(site.norms.is_published("1.0"));
    assert!(!site.norms.is_published("10.0"), "a draft is not certifiable");
    assert_eq!(site.norms.previous("10.0").map(|v| v.version.as_str()), Some("2.0"));
    let v2 = site.norms.version("2.0").unwrap();
    assert_eq!(v2.level(normsite::norms::Level::Qm20).measures, ["A.01", "B.01", "A.03", "REP.01"]);
    assert!(v2.level(normsite::norms::Level::Qm10).is_mandatory("B.01"));
    let w: Vec<String> = warnings.sorted().iter().map(|d| format!("{}: {}", d.location(), d.message)).collect();
    assert!(
        w.contains(&"norms/2.0/measures: 5 measure(s) of version 2.0 have no `de` title, text or criteria; the `en` text is shown with a notice: A.03, A.04, B.01, C.01, REP.01".to_string()),
        "{w:#?}"
    );
}

// ---------------------------------------------------------------- each invalid case

#[test]
fn duplicate_measure_id() {
    let dir = fixture(|root| {
        std::fs::create_dir_all(root.join("norms/2.0/measures/more")).unwrap();
        std::fs::copy(root.join("norms/2.0/measures/B.01.yaml"), root.join("norms/2.0/measures/more/B.01.yaml")).unwrap();
    });
    assert_eq!(
        errors(dir.path()),
        ["norms/2.0/measures/more/B.01.yaml:1:5: duplicate measure id B.01: already defined at norms/2.0/measures/B.01.yaml:1:5"]
    );
}

#[test]
fn id_that_does_not_match_the_file_name() {
    let dir = fixture(|root| edit(root, "norms/1.0/measures/C.01.yaml", "id: C.01", "id: C.02"));
    // Only the mistake itself: levels.yaml still finds C.01 under its file name.
    assert_eq!(errors(dir.path()), ["norms/1.0/measures/C.01.yaml:1:5: measure id C.02 does not match the file name `C.01.yaml`"]);
}

#[test]
fn malformed_measure_id() {
    let dir = fixture(|root| {
        edit(root, "norms/1.0/measures/C.01.yaml", "id: C.01", "id: c.1");
    });
    assert!(errors(dir.path()).contains(
        &"norms/1.0/measures/C.01.yaml:1:5: measure id `c.1` is not one to three capital letters, a dot and two digits (such as `A.01`)".to_string()
    ));
}

#[test]
fn selection_naming_an_unknown_id() {
    let dir = fixture(|root| edit(root, "norms/2.0/levels.yaml", "C.01, REP.01]", "C.01, REP.01, Z.99]"));
    let c = col(dir.path(), "norms/2.0/levels.yaml", 3, "Z.99");
    assert_eq!(
        errors(dir.path()),
        [format!("norms/2.0/levels.yaml:3:{c}: QM30 selects Z.99, which is not a measure of this version (no measures/Z.99.yaml)")]
    );
}

#[test]
fn mandatory_measure_that_is_not_selected() {
    let dir = fixture(|root| edit(root, "norms/2.0/levels.yaml", "mandatory: [A.01, B.01] }\nQM20", "mandatory: [A.01, B.01, C.01] }\nQM20"));
    let c = col(dir.path(), "norms/2.0/levels.yaml", 1, "C.01");
    assert_eq!(
        errors(dir.path()),
        [format!("norms/2.0/levels.yaml:1:{c}: QM10 marks C.01 mandatory, but does not select it in `measures`")]
    );
}

#[test]
fn malformed_status() {
    let dir = fixture(|root| edit(root, "norms/1.0/version.yaml", "status: superseded", "status: superseeded"));
    assert_eq!(
        errors(dir.path()),
        ["norms/1.0/version.yaml:3:9: `status` must be `draft`, `current` or `superseded`, not `superseeded`"]
    );
}

#[test]
fn malformed_date() {
    let dir = fixture(|root| edit(root, "norms/2.0/version.yaml", "published: 2024-02-15", "published: 2024-02-30"));
    assert_eq!(errors(dir.path()), ["norms/2.0/version.yaml:2:12: `published` must be a date written YYYY-MM-DD, not `2024-02-30`"]);
    let dir = fixture(|root| edit(root, "norms/2.0/version.yaml", "published: 2024-02-15", "published: 15-02-2024"));
    assert_eq!(errors(dir.path()), ["norms/2.0/version.yaml:2:12: `published` must be a date written YYYY-MM-DD, not `15-02-2024`"]);
}

#[test]
fn two_current_versions() {
    let dir = fixture(|root| edit(root, "norms/10.0/version.yaml", "status: draft", "status: current"));
    assert_eq!(
        errors(dir.path()),
        ["norms/10.0/version.yaml:3:9: version 10.0 is marked current, but version 2.0 is current too (norms/2.0/version.yaml:3:9); exactly one version is current"]
    );
}

#[test]
fn no_current_version() {
    let dir = fixture(|root| edit(root, "norms/2.0/version.yaml", "status: current", "status: superseded"));
    assert_eq!(errors(dir.path()), ["norms: no norm version has `status: current`; exactly one version is current"]);
}

#[test]
fn version_that_does_not_match_its_folder() {
    let dir = fixture(|root| edit(root, "norms/2.0/version.yaml", "version: \"2.0\"", "version: \"2.1\""));
    assert_eq!(errors(dir.path()), ["norms/2.0/version.yaml:1:10: `version: 2.1` does not match the folder name `2.0`"]);
}

#[test]
fn higher_level_dropping_a_lower_levels_measure() {
    let dir = fixture(|root| edit(root, "norms/2.0/levels.yaml", "QM20: { measures: [A.01, B.01, ", "QM20: { measures: [A.01, "));
    let e = errors(dir.path());
    assert_eq!(
        e[0],
        "norms/2.0/levels.yaml:2:7: QM20 drops B.01 of QM10: a higher level keeps every measure of the level below (or set `keeps_lower_levels: false` in version.yaml)"
    );
    // B.01 is still mandatory at QM20 in the fixture, which is now a second mistake.
    assert_eq!(e.len(), 2, "{e:#?}");

    // A version may say explicitly that its levels do not nest.
    let dir = fixture(|root| {
        edit(root, "norms/2.0/levels.yaml", "QM20: { measures: [A.01, B.01, A.03, REP.01], mandatory: [A.01, B.01] }", "QM20: { measures: [A.01, A.03, REP.01], mandatory: [A.01] }");
        edit(root, "norms/2.0/version.yaml", "status: current\n", "status: current\nkeeps_lower_levels: false\n");
    });
    assert!(load(dir.path()).is_ok());
}

#[test]
fn text_missing_in_a_complete_language_is_an_error() {
    let dir = fixture(|root| {
        edit(
            root,
            "norms/2.0/measures/C.01.yaml",
            "  nl: \"Versleutel laptops en telefoons.\"\n",
            "",
        )
    });
    // The position is the first line of the `text` mapping.
    assert_eq!(errors(dir.path()), ["norms/2.0/measures/C.01.yaml:7:3: measure C.01 has no `nl` text"]);
}

#[test]
fn derived_from_must_name_a_measure_of_the_previous_version() {
    let dir = fixture(|root| edit(root, "norms/2.0/measures/A.04.yaml", "derived_from: [A.02]", "derived_from: [A.09]"));
    assert_eq!(
        errors(dir.path()),
        ["norms/2.0/measures/A.04.yaml:17:16: measure A.04 is `derived_from` A.09, which is not a measure of the previous version 1.0"]
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let dir = fixture(|root| {
        edit(root, "norms/1.0/version.yaml", "status: superseded", "status: old");
        edit(root, "norms/2.0/version.yaml", "published: 2024-02-15", "published: soon");
        edit(root, "norms/10.0/levels.yaml", "C.01, REP.01]", "C.01, REP.01, Z.99]");
    });
    let e = errors(dir.path());
    assert_eq!(e.len(), 3, "{e:#?}");
    assert!(e[0].starts_with("norms/1.0/version.yaml:3:9:"));
    assert!(e[1].starts_with("norms/10.0/levels.yaml:3:"));
    assert!(e[2].starts_with("norms/2.0/version.yaml:2:12:"));
}

#[test]
fn files_of_other_modules_under_a_version_are_ignored() {
    // The fixture's norms/2.0/notes.md is not even valid YAML: files the norms module
    // does not own (audit hours, mappings, notes) are left to their own modules.
    let dir = fixture(|_| {});
    assert!(load(dir.path()).is_ok());
}

// ---------------------------------------------------------------- pages

#[test]
fn measure_page_shows_text_criteria_references_and_history() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let html = page(&r, "en/norms/qm10/2.0/a.01/index.html");
    assert!(html.contains("<h1 data-pagefind-weight=\"10\"><span class=\"norms-id\">A.01</span> <span>Back-ups</span></h1>"), "{html}");
    assert!(html.contains("Back up all business data every day and keep one copy offline."));
    assert!(html.contains("<li>A restore test report</li>"));
    assert!(html.contains("Mandatory at QM10"));
    assert!(html.contains("Art. 21(2)(c) Business continuity"));
    // History: introduced in 1.0, changed in 2.0 with the word difference, unchanged in 10.0.
    assert!(html.contains("data-history-version=\"1.0\" data-what=\"introduced\""));
    assert!(html.contains("data-history-version=\"2.0\" data-what=\"changed\""));
    assert!(html.contains("data-history-version=\"10.0\" data-what=\"unchanged\""));
    assert!(html.contains("every <del>week</del><ins>day</ins> and keep"), "{html}");
    // The version switcher: every version, in numeric order, on the same measure.
    let a = html.find("href=\"/en/norms/qm10/1.0/a.01/\" data-version=\"1.0\"").unwrap();
    let b = html.find("href=\"/en/norms/qm10/2.0/a.01/\" aria-current=\"page\" data-version=\"2.0\"").unwrap();
    let c = html.find("href=\"/en/norms/qm10/10.0/a.01/\" data-version=\"10.0\"").unwrap();
    assert!(a < b && b < c);
    // Current version: indexed for search, with level and version filters.
    assert!(html.contains("data-pagefind-body"));
    // Once each: Pagefind reads every filter on the page, and a second copy shows up as
    // "QM10, QM10" in the results.
    assert_eq!(html.matches("content=\"QM10\" data-pagefind-filter=\"level[content]\"").count(), 1, "{html}");
    assert_eq!(html.matches("content=\"2.0\" data-pagefind-filter=\"version[content]\"").count(), 1);
    assert_eq!(html.matches("data-pagefind-filter").count(), 3, "kind, level and version, nothing else");
}

#[test]
fn superseded_and_draft_pages_carry_banners() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let old = page(&r, "en/norms/qm10/1.0/a.01/index.html");
    assert!(old.contains("data-banner=\"superseded\""));
    assert!(old.contains("<a href=\"/en/norms/qm10/2.0/a.01/\">Read A.01 in the current version 2.0</a>"), "{old}");
    // Superseded versions are indexed, under their own version filter: the search page
    // leaves them out until the reader picks that version.
    assert!(old.contains("data-pagefind-body"), "superseded versions are searchable through the version filter");
    assert!(old.contains("content=\"1.0\" data-pagefind-filter=\"version[content]\""));
    // A.02 was retired in 2.0: the banner points at the current norm.
    let gone = page(&r, "en/norms/qm20/1.0/a.02/index.html");
    assert!(gone.contains("<a href=\"/en/norms/qm20/2.0/\">This measure is not part of version 2.0: read the current norm</a>"));
    assert!(gone.contains("data-what=\"removed\""));
    assert!(gone.contains("Replaced by: <a href=\"/en/norms/qm20/2.0/a.03/\">A.03</a>"), "{gone}");
    // A.02 does not exist at QM20 in 2.0 or 10.0: the switcher goes to those norms and says so.
    assert!(gone.contains("<a href=\"/en/norms/qm20/2.0/\" data-version=\"2.0\">2.0</a> <span class=\"norms-status norms-status-current\">current</span> <span class=\"norms-missing\">(not at this level)</span>"));
    let draft = page(&r, "nl/norms/qm30/10.0/index.html");
    assert!(draft.contains("data-banner=\"draft\""));
    assert!(draft.contains("Versie 10.0 is een concept"));
    assert!(!draft.contains("data-pagefind-body"), "drafts are not searchable");
    assert!(!page(&r, "en/norms/qm30/10.0/a.01/index.html").contains("data-pagefind-body"));
}

#[test]
fn norm_page_groups_by_nis2_point_and_marks_mandatory_measures() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let html = page(&r, "en/norms/qm30/2.0/index.html");
    let c = html.find("id=\"point-c\"").unwrap();
    let h = html.find("id=\"point-h\"").unwrap();
    let i = html.find("id=\"point-i\"").unwrap();
    let rep = html.find("id=\"point-art23\"").unwrap();
    assert!(c < h && h < i && i < rep, "NIS2 order a–j, then 20 and 23");
    assert!(html.contains("6 measures, of which 3 mandatory"));
    assert!(html.contains("id=\"A.03\" data-measure=\"A.03\" data-mandatory=\"true\""));
    assert!(html.contains("id=\"A.04\" data-measure=\"A.04\" data-mandatory=\"false\""));
    assert!(html.contains("<form class=\"norms-filter no-print\" data-norms-filter hidden>"), "the filter needs JS");
    // latest/ is the same norm with a canonical link to the versioned URL, kept out of search.
    let latest = page(&r, "en/norms/qm30/latest/index.html");
    assert!(latest.contains("<link rel=\"canonical\" href=\"https://norms.example.org/en/norms/qm30/2.0/\">"));
    assert!(latest.contains("6 measures, of which 3 mandatory"));
    assert!(!latest.contains("data-pagefind-body"));
}

#[test]
fn changes_page_lists_added_removed_changed_and_newly_mandatory() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let html = page(&r, "en/norms/qm20/2.0/changes/index.html");
    let section = |name: &str| -> &str {
        let start = html.find(&format!("data-changes=\"{name}\"")).unwrap_or_else(|| panic!("no {name} section"));
        let end = html[start..].find("</section>").unwrap() + start;
        &html[start..end]
    };
    let added = section("added");
    assert!(added.contains("Added measures (2)"));
    assert!(added.contains("data-measure=\"A.03\"") && added.contains("Derived from <a href=\"/en/norms/qm20/1.0/a.02/\">A.02</a>"), "{added}");
    assert!(added.contains("data-measure=\"REP.01\"") && added.contains("new measure"));
    let removed = section("removed");
    assert!(removed.contains("Removed measures (1)"));
    assert!(removed.contains("<a href=\"/en/norms/qm20/1.0/a.02/\">") && removed.contains("retired"));
    assert!(removed.contains("Replaced by <a href=\"/en/norms/qm20/2.0/a.03/\">A.03</a>"));
    let changed = section("changed");
    assert!(changed.contains("Changed measures (1)"));
    assert!(changed.contains("every <del>week</del><ins>day</ins> and"));
    assert!(changed.contains("een back-up") == false, "the diff is in the page's language");
    let mandatory = section("newly-mandatory");
    assert!(mandatory.contains("Newly mandatory (1)") && mandatory.contains("data-measure=\"B.01\""));
    // The draft compares with the version before it by number (2.0), not by string order.
    let draft = page(&r, "nl/norms/qm30/10.0/changes/index.html");
    assert!(draft.contains("Wijzigingen sinds versie 2.0"));
    assert!(
        draft.contains("Versleutel <del>laptops</del><ins>laptops, telefoons</ins> en <del>telefoons.</del><ins>USB-sticks.</ins>"),
        "{draft}"
    );
    // The first version has nothing to compare with.
    assert!(!r.files.contains_key("en/norms/qm20/1.0/changes/index.html"));
}

#[test]
fn ladder_page_has_stable_anchors_and_why_notes() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let html = page(&r, "en/norms/ladder/qm20-qm30/index.html");
    assert!(html.contains("<h1>From QM20 to QM30</h1>"));
    assert!(html.contains("What QM30 adds to QM20 in version 2.0: 2 measures."));
    assert!(html.contains("<li id=\"A.04\" data-measure=\"A.04\">"));
    assert!(html.contains("<li id=\"C.01\" data-measure=\"C.01\">"));
    assert!(html.contains("In a crisis, minutes count."));
    assert!(html.contains("href=\"/en/norms/qm30/2.0/a.04/\""));
    // Made mandatory at QM30 though already in QM20.
    let stricter = &html[html.find("id=\"stricter-title\"").unwrap()..];
    assert!(stricter.contains("id=\"A.03\"") && stricter.contains("id=\"REP.01\""));
    let nl = page(&r, "nl/norms/ladder/qm10-qm20/index.html");
    assert!(nl.contains("Toezichthouders en klanten moeten tijdig horen."));
}

#[test]
fn incomplete_language_falls_back_with_a_notice() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let translated = page(&r, "de/norms/qm10/2.0/a.01/index.html");
    assert!(!translated.contains("notice-fallback"));
    assert!(translated.contains("Datensicherung"));
    let fallback = page(&r, "de/norms/qm10/2.0/b.01/index.html");
    assert!(fallback.contains("notice-fallback"));
    assert!(fallback.contains("Give people only the access they need."));
    assert!(!fallback.contains("data-pagefind-body"), "fallback pages are not indexed");
}

#[test]
fn print_view_holds_every_measure_of_the_norm() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let html = page(&r, "en/norms/qm30/2.0/print/index.html");
    for id in ["A.01", "A.03", "A.04", "B.01", "C.01", "REP.01"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} missing");
    }
    assert!(html.contains("Send an early warning within 24 hours"));
    assert!(html.contains("css/norms."), "print stylesheet linked");
}

#[test]
fn every_link_on_the_norm_pages_resolves() {
    let dir = fixture(|_| {});
    let (site, r, _) = render(dir.path());
    let problems: Vec<String> = normsite::check::check(&site, &r)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let versions = ["1.0", "2.0", "10.0"];
    for lang in ["en", "nl", "de"] {
        for level in ["qm10", "qm20", "qm30"] {
            for v in versions {
                assert!(r.files.contains_key(&format!("{lang}/norms/{level}/{v}/index.html")));
            }
        }
    }
}

// ---------------------------------------------------------------- data

#[test]
fn json_export_validates_against_the_published_schema() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let schema: serde_json::Value = serde_json::from_slice(&r.files["api/norms.schema.json"]).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let export: serde_json::Value = serde_json::from_slice(&r.files["api/norms/qm30/2.0.json"]).unwrap();
    let problems: Vec<String> = validator.iter_errors(&export).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(export["level"], "QM30");
    assert_eq!(export["status"], "current");
    let ids: Vec<&str> = export["measures"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["A.01", "B.01", "A.03", "A.04", "C.01", "REP.01"]);
    assert_eq!(export["measures"][2]["mandatory"], true);
    assert_eq!(export["measures"][5]["nis2"][0], "23");
    // The schema rejects what it should: a measure without an id.
    let mut broken = export.clone();
    broken["measures"][0].as_object_mut().unwrap().remove("id");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn atom_feed_lists_every_version_newest_first() {
    let dir = fixture(|_| {});
    let (_, r, _) = render(dir.path());
    let feed = page(&r, "nl/norms/atom.xml");
    let a = feed.find("<title>Versie 10.0 (concept)</title>").unwrap();
    let b = feed.find("<title>Versie 2.0 (geldend)</title>").unwrap();
    let c = feed.find("<title>Versie 1.0 (vervangen)</title>").unwrap();
    assert!(a < b && b < c);
    assert!(feed.contains("<link href=\"https://norms.example.org/nl/norms/#v2.0\"/>"));
}

// ---------------------------------------------------------------- the bundled sample content

#[test]
fn bundled_site_publishes_every_level_version_and_language_with_working_links() {
    let (site, r, warnings) = normsite::build::build_in_memory(&opts(&repo()), &RenderOptions::default())
        .unwrap_or_else(|d| panic!("{}", d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
    let norm_warnings: Vec<String> =
        warnings.sorted().iter().filter(|d| d.file.starts_with("norms")).map(|d| d.to_string()).collect();
    assert!(norm_warnings.iter().all(|w| w.contains("have no `de`")), "{norm_warnings:#?}");
    let versions: Vec<&str> = site.norms.versions().iter().map(|v| v.version.as_str()).collect();
    assert_eq!(versions, ["1.0", "2.0", "3.0", "3.1", "3.2", "4.0"]);
    assert_eq!(site.norms.current_version(), Some("3.2"));
    for lang in ["en", "nl", "de"] {
        for level in ["qm10", "qm20", "qm30"] {
            assert!(r.files.contains_key(&format!("{lang}/norms/{level}/latest/index.html")));
            for v in &versions {
                assert!(r.files.contains_key(&format!("{lang}/norms/{level}/{v}/index.html")), "{lang} {level} {v}");
                assert!(r.files.contains_key(&format!("{lang}/norms/{level}/{v}/print/index.html")));
                assert!(r.files.contains_key(&format!("api/norms/{level}/{v}.json")));
                if *v != "1.0" {
                    assert!(r.files.contains_key(&format!("{lang}/norms/{level}/{v}/changes/index.html")));
                }
            }
        }
        assert!(r.files.contains_key(&format!("{lang}/norms/atom.xml")));
    }
    // The current version has at least 60 measures, all at QM30.
    let cur = site.norms.current().unwrap();
    assert!(cur.measures.len() >= 60);
    assert_eq!(cur.level(normsite::norms::Level::Qm30).measures.len(), cur.measures.len());
    // The 3.2 changes page shows the sample's real differences: something was added at QM30.
    let changes = std::str::from_utf8(&r.files["en/norms/qm30/3.2/changes/index.html"]).unwrap();
    assert!(!changes.contains("Nothing changed at this level."));
    // Every export validates against the published schema.
    let schema: serde_json::Value = serde_json::from_slice(&r.files["api/norms.schema.json"]).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (path, bytes) in r.files.iter().filter(|(p, _)| p.starts_with("api/norms/") && p.ends_with(".json") && !p.ends_with("index.json")) {
        let export: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert!(validator.is_valid(&export), "{path} does not validate");
    }
}
