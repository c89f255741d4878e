//! The build pipeline end to end, on small fixture sites: the files a build produces,
//! the exact errors of broken inputs, determinism, atomicity and the CLI's exit codes.

mod common;

use common::{fixture, normsite, read, snapshot, write};

fn build(root: &std::path::Path, out: &std::path::Path) -> (i32, String, String) {
    normsite(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()])
}

#[test]
fn a_valid_site_builds_every_page_language_and_site_file() {
    let site = fixture("site-basic");
    let out = site.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Built "), "summary line: {stdout}");
    assert!(stdout.contains(" pages, ") && stdout.contains(" ms"), "{stdout}");

    for lang in ["en", "nl", "de"] {
        let home = read(&out, &format!("{lang}/index.html"));
        assert!(home.contains(&format!("<html lang={lang}>")), "{lang}: {home}");
        for file in ["guide/index.html", "guide/setup/index.html", "news/index.html", "news/first/index.html", "404.html", "news/atom.xml"] {
            assert!(out.join(lang).join(file).is_file(), "{lang}/{file} missing");
        }
    }
    // The root page offers every language and redirects without JavaScript too.
    let root = read(&out, "index.html");
    assert!(root.contains("http-equiv=refresh") && root.contains("url=/en/"), "{root}");
    // Hreflang alternates list real translations only: German falls back, so it is not an alternate.
    let setup = read(&out, "en/guide/setup/index.html");
    assert!(setup.contains("hreflang=nl") && !setup.contains("href=https://example.org/de/guide/setup/ hreflang=de"), "{setup}");
    assert!(setup.contains("<link href=https://example.org/en/guide/setup/ rel=canonical>"), "{setup}");
    assert!(setup.contains("<span class=\"hl-source hl-shell hl-bash\">"), "code is highlighted: {setup}");
    assert!(setup.contains("<table>"), "tables render");
    // Only a page with code pays for the highlighting stylesheet.
    assert!(setup.contains("/assets/css/highlight."), "the page with code links the highlighting CSS: {setup}");
    let guide = read(&out, "en/guide/index.html");
    assert!(guide.contains("/assets/css/site.") && !guide.contains("/assets/css/highlight."), "{guide}");
    // The German page exists, says it is a fallback, and marks the text as English.
    let de = read(&out, "de/guide/setup/index.html");
    assert!(de.contains("notice-fallback") && de.contains("lang=en"), "{de}");
    // Site-wide files.
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/nl/guide/setup/</loc>"));
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://example.org/en/guide/setup/\""));
    assert!(!sitemap.contains("https://example.org/de/guide/setup/"), "fallback pages stay out of the sitemap");
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
    let headers = read(&out, "_headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'self'") && !headers.contains("unsafe-inline"));
    for h in ["Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"] {
        assert!(headers.contains(h), "{h} in _headers");
        assert!(read(&out, "nginx-security-headers.conf").contains(h), "{h} in nginx snippet");
    }
    let feed = read(&out, "nl/news/atom.xml");
    assert!(feed.contains("<title>Eerste nieuws</title>") && feed.contains("2026-03-01T00:00:00Z"), "{feed}");
    // Assets are fingerprinted.
    assert!(snapshot(&out).keys().any(|k| k.starts_with("assets/css/site.") && k.ends_with(".css") && k != "assets/css/site.css"));
}

#[test]
fn a_page_missing_in_a_complete_language_is_an_error_and_in_an_incomplete_one_a_warning() {
    let site = fixture("site-basic");
    std::fs::remove_file(site.path().join("content/guide/setup.nl.md")).unwrap();
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: page `guide/setup/` is missing in `nl` (no content/guide/setup.nl.md); the `en` text is shown with a notice\n  --> content/guide/setup.en.md"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: page `guide/setup/` is missing in `de`"), "{stderr}");
}

#[test]
fn broken_front_matter_yaml_is_reported_at_its_line_and_column() {
    let site = fixture("site-basic");
    write(site.path(), "content/guide/setup.en.md", "---\ntitle: Setting up\nweight: [1, 2\n---\nBody\n");
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error: invalid YAML"), "{stderr}");
    assert!(stderr.contains("--> content/guide/setup.en.md:4:1") || stderr.contains("--> content/guide/setup.en.md:3:"), "{stderr}");
}

#[test]
fn unknown_and_malformed_front_matter_fields_name_file_line_and_column() {
    let site = fixture("site-basic");
    write(site.path(), "content/guide/setup.en.md", "---\ntitle: Setting up\nauthor: me\n---\nBody\n");
    write(site.path(), "content/news/first.en.md", "---\ntitle: First\ndate: 2026-13-01\n---\nBody\n");
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown field `author`"), "{stderr}");
    assert!(stderr.contains("--> content/guide/setup.en.md:3:1"), "{stderr}");
    assert!(
        stderr.contains("error: `date` must be a date written YYYY-MM-DD, not `2026-13-01`\n  --> content/news/first.en.md:3:7"),
        "{stderr}"
    );
    assert!(stderr.contains("Check failed: 2 errors"), "all errors reported together: {stderr}");
}

#[test]
fn a_broken_template_is_reported_at_the_template_file_line_and_column() {
    let site = fixture("site-basic");
    let page = site.path().join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.title }</h1>")).unwrap();
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let line = text.lines().position(|l| l.contains("<h1>{{ page.title }}</h1>")).unwrap() + 1;
    assert!(stderr.contains(&format!("--> themes/default/templates/page.html:{line}:")), "{stderr}");
}

#[test]
fn a_broken_link_in_markdown_is_reported_where_it_was_written() {
    let site = fixture("site-basic");
    write(
        site.path(),
        "content/guide/setup.en.md",
        "---\ntitle: Setting up\n---\n## Install\n\nSee [the missing page](/en/guide/nowhere/) and [a bad anchor](/en/guide/setup/#nope).\n",
    );
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: broken link `/en/guide/nowhere/`: nothing is published at /en/guide/nowhere/\n  --> content/guide/setup.en.md:6:5"),
        "{stderr}"
    );
    assert!(stderr.contains("broken link `/en/guide/setup/#nope`: /en/guide/setup/ has no element with id `nope`"), "{stderr}");
}

#[test]
fn check_writes_nothing() {
    let site = fixture("site-basic");
    let (code, stdout, _) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Checked "), "{stdout}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = fixture("site-basic");
    let (a, b) = (site.path().join("out-a"), site.path().join("out-b"));
    assert_eq!(build(site.path(), &a).0, 0);
    assert_eq!(build(site.path(), &b).0, 0);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = fixture("site-basic");
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).0, 0);
    let before = snapshot(&out);
    write(site.path(), "content/guide/setup.en.md", "---\ntitle: [broken\n---\n");
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(snapshot(&out), before, "the previous site is untouched");
    // No staging folders are left behind next to the output.
    let leftovers = common::staging_leftovers(site.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_build_failing_on_its_inputs_creates_nothing_on_disk() {
    let site = fixture("site-basic");
    write(site.path(), "content/guide/setup.en.md", "---\ntitle: [broken\n---\n");
    let out = site.path().join("new/deeper/public");
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 1, "{stderr}");
    assert!(!site.path().join("new").exists(), "no output folder, no staging folder, not even their parents");
}

#[test]
fn a_successful_rebuild_replaces_stale_files() {
    let site = fixture("site-basic");
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).0, 0);
    std::fs::remove_file(site.path().join("content/news/first.en.md")).unwrap();
    std::fs::remove_file(site.path().join("content/news/first.nl.md")).unwrap();
    assert_eq!(build(site.path(), &out).0, 0);
    assert!(!out.join("en/news/first/index.html").exists(), "a removed page disappears from the output");
}

#[test]
fn the_output_folder_may_not_contain_the_sources() {
    let site = fixture("site-basic");
    let (code, _, stderr) = build(site.path(), site.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("refusing to write the site over"), "{stderr}");
    assert!(site.path().join("normsite.yaml").exists());
}

#[test]
fn wrong_usage_exits_with_status_2() {
    assert_eq!(normsite(&["build", "--no-such-flag"]).0, 2);
    assert_eq!(normsite(&["build", "--date", "2026-02-30"]).0, 2);
    assert_eq!(normsite(&["frobnicate"]).0, 2);
}

#[test]
fn a_missing_site_configuration_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = normsite(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--> normsite.yaml"), "{stderr}");
}

#[test]
fn inline_script_in_markdown_is_rejected_because_the_csp_would_block_it() {
    let site = fixture("site-basic");
    write(site.path(), "content/guide/setup.en.md", "---\ntitle: Setting up\n---\n## Install\n\n<p style=\"color:red\">x</p>\n");
    let (code, _, stderr) = normsite(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("a style attribute on <p> would be blocked by the Content-Security-Policy"), "{stderr}");
}

#[test]
fn a_site_without_search_has_no_index_no_search_page_and_no_search_box() {
    let site = fixture("site-basic");
    let config = std::fs::read_to_string(site.path().join("normsite.yaml")).unwrap();
    write(site.path(), "normsite.yaml", &format!("{config}search: false\n"));
    let out = site.path().join("public");
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stderr}");
    let files = snapshot(&out);
    assert!(!files.keys().any(|k| k.starts_with("pagefind")), "a search index was built");
    assert!(!out.join("en/search/index.html").exists(), "a search page was built");
    let page = read(&out, "en/guide/setup/index.html");
    assert!(!page.contains("header-search") && !page.contains("data-pagefind-body"), "{page}");

    // The same site with search on (the default) has all three.
    write(site.path(), "normsite.yaml", &config);
    let (code, _, stderr) = build(site.path(), &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(snapshot(&out).keys().any(|k| k.starts_with("pagefind/pagefind-entry.json")));
    assert!(out.join("en/search/index.html").is_file());
    assert!(read(&out, "en/guide/setup/index.html").contains("header-search"));
}
