//! The certificate register end to end: validation errors, pages, exports, escaping.

mod common;

use std::path::{Path, PathBuf};

use normsite::build::build_in_memory;
use normsite::render::RenderOptions;
use normsite::site::LoadOptions;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The bundled site, copied so a test can change its register.
fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walk(&repo()) {
        let rel = entry.strip_prefix(repo()).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
        if !["normsite.yaml", "i18n", "content", "themes", "norms", "mappings", "hours", "register-data"].contains(&first.as_str()) {
            continue;
        }
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "target" || name.starts_with('.') || name == "public" {
            continue;
        }
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn errors_of(file: &str) -> Vec<String> {
    let src = std::fs::read_to_string(fixture(file)).unwrap();
    let (_, diags) = normsite::register::load::parse(Path::new("register.json"), &src);
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| format!("{}:{}:{} {} | {}", d.file.display(), d.line.unwrap(), d.column.unwrap(), d.json_path.clone().unwrap_or_default(), d.message))
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_is_reported_at_once_with_position_path_and_registration_number() {
    let got = errors_of("register-invalid/register.json");
    let want = vec![
        "register.json:16:22 organisations[0].certificates[0].expires | organisation NIS2QM-2025-000001: `expires` must be 3 years after `issued` (2025-05-01): 2028-05-01, not 2028-05-02",
        "register.json:18:37 organisations[0].certificates[0].remediation.items | organisation NIS2QM-2025-000001: `remediation.items` must be 1 or 2, not 3",
        "register.json:18:52 organisations[0].certificates[0].remediation.deadline | organisation NIS2QM-2025-000001: the remediation deadline 2025-08-02 is more than 3 months after `issued` (2025-05-01); the latest allowed is 2025-08-01",
        "register.json:24:30 organisations[1].registration_number | organisation NIS2QM-2025-000001: duplicate registration number (first at organisations[0])",
        "register.json:26:18 organisations[1].country | organisation NIS2QM-2025-000001: unknown country `XX` (expected an ISO 3166-1 alpha-2 code such as NL)",
        "register.json:30:33 organisations[1].certificates[0].certificate_number | organisation NIS2QM-2025-000001: duplicate certificate number `QM20-2025-0001` (first at organisations[0].certificates[0])",
        "register.json:31:19 organisations[1].certificates[0].norm | organisation NIS2QM-2025-000001: unknown norm `QM40` (expected QM10, QM20 or QM30)",
        "register.json:35:25 organisations[1].certificates[0].auditor_id | organisation NIS2QM-2025-000001: unknown auditor `AUD-9999` (not in `auditors`)",
        "register.json:43:25 organisations[1].certificates[1].auditor_id | organisation NIS2QM-2025-000001: auditor `AUD-0002` is not qualified for QM30 (qualified for: QM10, QM20)",
        "register.json:52:7 organisations[2].contact_email | organisation NIS2QM-2025-000003: unknown field `contact_email`, expected one of `registration_number`, `name`, `company_number`, `country`, `city`, `pre_registered`, `temporary_status_until`, `certificates`",
        "register.json:9:25 organisations[0].pre_registered | organisation NIS2QM-2025-000001: `pre_registered` must be a date written YYYY-MM-DD, not `2025-1-15`",
    ];
    assert_eq!(got, want);
}

#[test]
fn syntax_error_gives_line_and_column() {
    let src = "{\n  \"format_version\": 1,\n  \"exported_at\": \"2026-11-30T09:00:00Z\"\n  \"organisations\": []\n}\n";
    let (_, diags) = normsite::register::load::parse(Path::new("r.json"), src);
    assert_eq!(diags.len(), 1);
    assert_eq!((diags[0].line, diags[0].column), (Some(4), Some(3)));
    assert_eq!(diags[0].message, "invalid JSON: expected `,` or `}`");
}

#[test]
fn unpublished_scheme_version_fails_the_build_with_its_path() {
    let dir = site_copy();
    let opts = LoadOptions { root: dir.path().into(), register: Some(fixture("register-invalid/register.json")), ..Default::default() };
    let Err(diags) = normsite::site::Site::load(&opts) else { panic!("invalid register accepted") };
    let v: Vec<_> = diags.sorted().into_iter().filter(|d| d.message.contains("scheme version")).collect();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].json_path.as_deref(), Some("organisations[1].certificates[0].scheme_version"));
    assert_eq!(v[0].message, "organisation NIS2QM-2025-000001: scheme version `9.9` is not published by this site");
    assert_eq!((v[0].line, v[0].column), (Some(32), Some(29)));
    // A register whose only fault is the version.
    let src = std::fs::read_to_string(repo().join("register-data/register.json")).unwrap();
    let bad = src.replacen("\"scheme_version\": \"3.1\"", "\"scheme_version\": \"2.7\"", 1);
    let file = dir.path().join("register-data/register.json");
    std::fs::write(&file, &bad).unwrap();
    let opts = LoadOptions { root: dir.path().into(), ..Default::default() };
    let Err(diags) = normsite::site::Site::load(&opts) else { panic!("unpublished version accepted") };
    let errs: Vec<_> = diags.sorted().into_iter().filter(|d| d.is_error()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].message.ends_with("scheme version `2.7` is not published by this site"), "{}", errs[0].message);
    assert!(errs[0].json_path.as_deref().unwrap().ends_with("].scheme_version"));
    let line = errs[0].line.unwrap() as usize;
    assert!(bad.lines().nth(line - 1).unwrap().contains("\"2.7\""));
}

#[test]
fn committed_schema_is_the_generated_one_and_the_export_conforms() {
    let committed = std::fs::read_to_string(repo().join("register-data/register.schema.json")).unwrap();
    assert_eq!(committed, normsite::register::schema_text(), "run: normsite gen-register --schema > register-data/register.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sample: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(repo().join("register-data/register.json")).unwrap()).unwrap();
    assert!(validator.is_valid(&sample));
    let (_, rendered, _) = build_in_memory(&LoadOptions { root: repo(), ..Default::default() }, &RenderOptions::default()).unwrap();
    let export: serde_json::Value = serde_json::from_slice(&rendered.files["api/register.json"]).unwrap();
    let errs: Vec<String> = validator.iter_errors(&export).map(|e| e.to_string()).collect();
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(export["organisations"].as_array().unwrap().len(), sample["organisations"].as_array().unwrap().len());
    assert_eq!(rendered.files["api/register.schema.json"], committed.as_bytes());
    // Unknown fields are rejected by the schema too (no contact data).
    let mut with_email = sample.clone();
    with_email["organisations"][0]["email"] = "a@b.example".into();
    assert!(!validator.is_valid(&with_email));
}

fn page<'a>(files: &'a std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> &'a str {
    std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
}

#[test]
fn organisation_pages_carry_status_contract_and_qr_code() {
    let (site, rendered, _) = build_in_memory(&LoadOptions { root: repo(), ..Default::default() }, &RenderOptions::default()).unwrap();
    assert_eq!(site.build_date.to_string(), "2026-11-30");
    let mut seen = std::collections::BTreeSet::new();
    for o in &site.register.organisations {
        for lang in ["en", "nl", "de"] {
            // The minifier drops attribute quotes where HTML allows it.
            let html = page(&rendered.files, &format!("{lang}/register/{}/index.html", o.registration_number)).replace('"', "");
            let html = html.as_str();
            assert!(html.contains("<svg") && html.contains("class=qr"));
            for c in &o.certificates {
                let status = c.status(site.build_date).as_str();
                seen.insert(status);
                let at = html.find(&format!("data-certificate={} ", c.certificate_number)).unwrap();
                let rest = &html[at..];
                let st = rest.find("data-status=").unwrap();
                let value: String = rest[st + 12..].chars().take_while(|c| *c != '>' && *c != ' ').collect();
                assert_eq!(value, status, "{} in {lang}", c.certificate_number);
            }
        }
        seen.insert(o.status(site.build_date).as_str());
    }
    for s in ["valid", "conditional", "remediation-overdue", "expired", "withdrawn", "not-yet-valid", "pre-registered", "certified", "no-valid-certificate"] {
        assert!(seen.contains(s), "sample lacks status {s}");
    }
    assert!(site.register.organisations.iter().any(|o| o.temporary_status(site.build_date)));
    let en = page(&rendered.files, "en/register/index.html");
    assert!(en.contains("Status as of") && en.contains("30 November 2026"));
    assert!(rendered.files.contains_key("api/register/index/manifest.json"));
    assert!(rendered.files.contains_key("en/register/atom.xml"));
    assert!(rendered.files.contains_key("nl/auditors/AUD-0001/index.html"));
}

#[test]
fn markup_in_register_strings_is_escaped_everywhere() {
    let dir = site_copy();
    let file = dir.path().join("register-data/register.json");
    let src = std::fs::read_to_string(&file).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&src).unwrap();
    let payload = "<script>alert('x')</script><img src=x onerror=alert(1)>\"'&";
    doc["organisations"][0]["name"] = payload.into();
    doc["organisations"][0]["city"] = "</script><svg onload=alert(2)>".into();
    doc["auditors"][0]["name"] = "</title><b onmouseover=alert(3)>Aud</b>".into();
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let reg = doc["organisations"][0]["registration_number"].as_str().unwrap().to_string();
    let (_, rendered, _) = build_in_memory(&LoadOptions { root: dir.path().into(), ..Default::default() }, &RenderOptions::default()).unwrap();
    // Parsed as a browser would: no payload may become an element or an attribute.
    for (path, bytes) in rendered.files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let bad = std::cell::RefCell::new(Vec::new());
        let mut rw = lol_html::HtmlRewriter::new(
            lol_html::Settings::new().append_element_content_handler(lol_html::element!("*", |el| {
                let tag = el.tag_name();
                let inline_script = tag == "script" && el.get_attribute("src").is_none() && el.get_attribute("type").as_deref() != Some("application/json");
                if inline_script || tag == "b" || (tag == "img" && el.get_attribute("src").as_deref() == Some("x")) || el.attributes().iter().any(|a| a.name().starts_with("on")) {
                    bad.borrow_mut().push(tag);
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        rw.write(bytes).unwrap();
        rw.end().unwrap();
        assert!(bad.borrow().is_empty(), "{path}: {:?}", bad.borrow());
    }
    let html = page(&rendered.files, &format!("en/register/{reg}/index.html"));
    // Organisation pages are not minified: the template engine's escaping shows, the whole
    // name as text.
    assert!(
        html.contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;</h1>"),
        "name shown as text"
    );
    // The minified list page: the minifier escapes only what HTML needs, `<` as `&lt;`.
    let list = page(&rendered.files, "en/register/index.html");
    assert!(list.contains("&lt;img src=x onerror=alert(1)>"));
    // The index holds it as JSON data, which the script inserts with textContent.
    let export: serde_json::Value = serde_json::from_slice(&rendered.files["api/register.json"]).unwrap();
    assert_eq!(export["organisations"][0]["name"], payload);
}

#[test]
fn shard_mode_emits_view_page_and_rewrites_instead_of_organisation_pages() {
    let dir = site_copy();
    let cfg = dir.path().join("normsite.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap().replace("register_mode: pages", "register_mode: shards");
    std::fs::write(&cfg, text).unwrap();
    let (site, rendered, _) = build_in_memory(&LoadOptions { root: dir.path().into(), ..Default::default() }, &RenderOptions::default()).unwrap();
    let reg = &site.register.organisations[0].registration_number;
    assert!(!rendered.files.contains_key(&format!("en/register/{reg}/index.html")));
    assert!(rendered.files.contains_key("en/register/view/index.html"));
    assert!(page(&rendered.files, "_redirects").contains("/nl/register/*  /nl/register/view/index.html  200"));
    assert!(page(&rendered.files, "nginx-register.conf").contains("try_files $uri $uri/index.html /$1/register/view/index.html;"));
}

#[test]
fn index_shards_are_small_and_a_lookup_reads_few_of_them() {
    let reg_file = tempfile::NamedTempFile::new().unwrap();
    let mut w = std::io::BufWriter::new(reg_file.reopen().unwrap());
    normsite::register::generate::write(20_000, 7, jiff::civil::date(2026, 11, 30), &mut w).unwrap();
    drop(w);
    let src = std::fs::read_to_string(reg_file.path()).unwrap();
    let (reg, diags) = normsite::register::load::parse(Path::new("r.json"), &src);
    assert!(diags.is_empty(), "{:?}", diags.first());
    assert_eq!(reg.organisations.len(), 20_000);
    let mut files = Vec::new();
    normsite::register::index::build(&reg, &mut |f| files.push(f));
    let manifest = files.iter().find(|f| f.path.ends_with("manifest.json")).unwrap();
    assert!(manifest.bytes.len() < 30_000, "manifest {} bytes", manifest.bytes.len());
    let max_shard = files.iter().filter(|f| f.path.contains("/s")).map(|f| f.bytes.len()).max().unwrap();
    assert!(max_shard < 40_000, "largest shard {max_shard} bytes");
}

#[test]
fn a_build_failing_after_its_pages_were_written_leaves_the_previous_output_as_it_was() {
    let dir = site_copy();
    let out = dir.path().join("out");
    let opts = LoadOptions { root: dir.path().into(), ..Default::default() };
    let snapshot = |out: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walk(out).into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect();
        files.sort();
        files
    };
    normsite::build::build(&opts, &out, &normsite::build::silent).unwrap();
    let before = snapshot(&out);
    let org_pages = before.iter().filter(|(p, _)| p.to_string_lossy().contains("/register/NIS2QM-")).count();
    assert!(org_pages > 100, "organisation pages are published ({org_pages})");
    // The link check finds this only after every organisation page has been rendered and
    // written into the staging folder.
    let about = dir.path().join("content/about.en.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, format!("{text}\n[A page that is gone](/en/no-such-page/)\n")).unwrap();
    let errors = normsite::build::build(&opts, &out, &normsite::build::silent).unwrap_err();
    assert!(errors.sorted().iter().any(|d| d.message.contains("broken link `/en/no-such-page/`")), "{:?}", errors.sorted());
    assert!(snapshot(&out) == before, "the previous site is untouched");
    let leftovers = common::staging_leftovers(dir.path());
    assert!(leftovers.is_empty(), "no staging folder is left behind: {leftovers:?}");
}

#[test]
fn a_build_written_as_it_renders_is_the_site_rendered_in_memory() {
    // `build` writes organisation pages and data files into the staging folder as they are
    // made; `check`, `serve` and these tests hold everything in memory. Same site, byte for byte.
    let dir = site_copy();
    let out = dir.path().join("out");
    let opts = LoadOptions { root: dir.path().into(), ..Default::default() };
    let report = normsite::build::build(&opts, &out, &normsite::build::silent).unwrap();
    let (_, rendered, _) = build_in_memory(&opts, &RenderOptions::default()).unwrap();
    assert!(rendered.written.is_empty(), "in memory, nothing is written");
    let on_disk: std::collections::BTreeMap<String, Vec<u8>> = walk(&out)
        .into_iter()
        .map(|p| (p.strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap()))
        .collect();
    assert_eq!(on_disk.len(), report.files, "the summary counts every file written");
    assert_eq!(on_disk.keys().collect::<Vec<_>>(), rendered.files.keys().collect::<Vec<_>>());
    for (path, bytes) in &rendered.files {
        assert!(on_disk[path] == *bytes, "{path} differs");
    }
}
