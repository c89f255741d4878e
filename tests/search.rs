//! The search index built during `normsite build`: one Pagefind index per language,
//! only searchable pages in it, a search page per language, and the same bytes on every build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the bundled site (the repository's own site files) into a temporary folder.
fn bundled_site() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ["normsite.yaml", "i18n", "content", "themes", "norms", "mappings", "hours", "register-data"] {
        let from = src.join(entry);
        if from.exists() {
            copy(&from, &dir.path().join(entry));
        }
    }
    dir
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read dir") {
            let e = e.expect("entry");
            copy(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy");
    }
}

fn build(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_normsite"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .status()
        .expect("run normsite");
    assert!(status.success(), "normsite build failed");
}

/// Every file below `dir`, by `/`-separated relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let p: PathBuf = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("below base").to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn every_language_gets_its_own_index_of_its_searchable_pages_and_builds_repeat_byte_for_byte() {
    let site = bundled_site();
    let out1 = site.path().join("out1");
    let out2 = site.path().join("out2");
    // Two separate processes: hash seeds and thread timing differ between them.
    build(site.path(), &out1);
    build(site.path(), &out2);
    let a = files(&out1);
    let b = files(&out2);

    let pagefind: Vec<&String> = a.keys().filter(|p| p.starts_with("pagefind/")).collect();
    assert!(!pagefind.is_empty(), "no pagefind/ files in the output");
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the two builds produced different file lists"
    );
    for (path, bytes) in &a {
        assert!(&b[path] == bytes, "{path} differs between two builds of the same site");
    }

    let entry: serde_json::Value =
        serde_json::from_slice(&a["pagefind/pagefind-entry.json"]).expect("pagefind-entry.json is JSON");
    let languages = entry["languages"].as_object().expect("languages");
    for lang in ["en", "nl"] {
        let index = languages.get(lang).unwrap_or_else(|| panic!("no {lang} index in {entry}"));
        // Stemming: the language's own WebAssembly build is named and shipped.
        assert_eq!(index["wasm"], lang, "{lang} index has no stemmer: {index}");
        assert!(a.contains_key(&format!("pagefind/wasm.{lang}.pagefind")), "wasm.{lang}.pagefind missing");
        assert!(
            a.contains_key(&format!("pagefind/pagefind.{}.pf_meta", index["hash"].as_str().expect("hash"))),
            "{lang} meta index missing"
        );
        // Exactly the pages that asked to be indexed, and every one of them: the current
        // ones in the main bundle, superseded norm versions in the archive bundle.
        let count = |archived: bool| {
            a.iter()
                .filter(|(p, html)| {
                    let html = String::from_utf8_lossy(html);
                    p.starts_with(&format!("{lang}/"))
                        && p.ends_with("/index.html")
                        && html.contains("data-pagefind-body")
                        && html.contains("data-search-archive") == archived
                })
                .count()
        };
        let (current, archived) = (count(false), count(true));
        assert!(current > 0, "no searchable {lang} pages in the bundled site");
        assert!(archived > 0, "no {lang} pages of superseded versions in the bundled site");
        assert_eq!(index["page_count"], current, "{lang} index page count");
        let archive_entry: serde_json::Value =
            serde_json::from_slice(&a["pagefind-archive/pagefind-entry.json"]).expect("archive entry is JSON");
        let archive_index = &archive_entry["languages"][lang];
        assert_eq!(archive_index["page_count"], archived, "{lang} archive index page count");
        assert!(
            a.contains_key(&format!("pagefind-archive/pagefind.{}.pf_meta", archive_index["hash"].as_str().expect("hash"))),
            "{lang} archive meta index missing"
        );
        // The search page itself exists and is not in the index.
        let page = String::from_utf8_lossy(&a[&format!("{lang}/search/index.html")]).into_owned();
        assert!(!page.contains("data-pagefind-body"), "the {lang} search page indexes itself");
        assert!(page.contains("data-search-needs-js"), "the {lang} search page lacks its no-JavaScript notice");
        // The version menu names the archive's versions of this language without fetching it.
        let archived_versions: std::collections::BTreeSet<String> = a
            .iter()
            .filter(|(p, html)| p.starts_with(&format!("{lang}/")) && String::from_utf8_lossy(html).contains("data-search-archive"))
            .filter_map(|(_, html)| {
                let html = String::from_utf8_lossy(html);
                // `<meta name=search-version content=3.1 data-pagefind-filter=version[content]>`,
                // attributes in any order, quoted or not.
                let tag = html.split("<meta").find(|t| t.split('>').next().is_some_and(|t| t.contains("version[content]")))?;
                let tag = tag.split('>').next()?;
                let value = tag.split("content=").nth(1)?;
                let value = value.strip_prefix('"').map_or_else(|| value.split([' ', '>']).next(), |v| v.split('"').next())?;
                Some(value.to_string())
            })
            .collect();
        let listed = page.split("data-older-versions=").nth(1).expect("data-older-versions on the search page");
        let listed = listed.trim_start_matches('"').split(['"', '>']).next().unwrap_or("");
        let listed: std::collections::BTreeSet<String> = listed.split_whitespace().map(str::to_string).collect();
        assert_eq!(listed, archived_versions, "{lang} search page names other versions than its archive holds");
    }
    // The archive is merged into the main bundle in the browser: it ships no script of its own.
    assert!(!a.keys().any(|p| p.starts_with("pagefind-archive/") && (p.ends_with(".js") || p.contains("wasm"))));
    // The ready-made Pagefind UIs inject inline styles the CSP blocks: not shipped.
    assert!(!a.keys().any(|p| p.starts_with("pagefind/pagefind-ui") || p.starts_with("pagefind/pagefind-component-ui")));
}

#[test]
fn filters_are_rendered_for_searchable_pages_only() {
    let site = bundled_site();
    let out = site.path().join("out");
    build(site.path(), &out);
    let a = files(&out);
    // The minifier drops attribute quotes where HTML allows it; compare without them.
    let scheme = String::from_utf8_lossy(&a["en/scheme/index.html"]).replace('"', "");
    assert!(
        scheme.contains("content=scheme data-pagefind-filter=kind[content]"),
        "scheme page has no kind filter"
    );
    let not_found = String::from_utf8_lossy(&a["en/404.html"]).into_owned();
    assert!(!not_found.contains("data-pagefind-filter"), "the 404 page carries search filters");
}
