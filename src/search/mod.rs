//! Full-text search, indexed with Pagefind during the build.
//!
//! Pagefind runs in process on the HTML the renderer produced: every page whose `<main>`
//! carries `data-pagefind-body` (see `base.html`, driven by [`PageJob::searchable`]) is
//! handed over with its final URL (its head and `<main>` only), and Pagefind's output
//! (client script, WebAssembly, index chunks) comes back as in-memory [`OutFile`]s: under
//! `pagefind/` for the everyday search, under `pagefind-archive/` for superseded norm
//! versions. Every language gets its own index with its own stemmer, built in parallel
//! with the others, and the search page of a language only ever loads that language's index.
//!
//! Filters (`kind`, plus whatever a module puts in [`PageJob::search_filters`], such as
//! `level` and `version`) are `<meta data-pagefind-filter>` elements in the page head.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use lol_html::{element, HtmlRewriter, Settings};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use serde_json::json;

use crate::diag::Diagnostic;
use crate::render::{OutFile, PageJob, PageKind, Rendered};
use crate::site::Site;

/// Folder of the output that holds Pagefind's files; the search script imports
/// `/pagefind/pagefind.js` from here.
pub const OUTPUT_DIR: &str = "pagefind";

/// Folder of the archive bundle: pages of superseded norm versions. The search page merges
/// it into the main index (Pagefind's `mergeIndex`) only when the reader picks an older
/// version or all versions, so a cold everyday query never downloads it.
pub const ARCHIVE_DIR: &str = "pagefind-archive";

/// Which bundle a page is indexed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bundle {
    Main,
    Archive,
}

/// The search page, `/{lang}/search/`, in every language. `others` are the site's other
/// pages: the version menu of a language names the older versions its archive index holds.
pub fn pages(site: &Site, others: &[PageJob]) -> Vec<PageJob> {
    site.config
        .lang_codes()
        .map(|lang| {
            let title = site.i18n.get(lang, "search.title");
            let mut job = PageJob::new(lang, "search/", "search.html", title, PageKind::Other).with_data(json!({
                // The UI narrows to the current norm version unless the reader picks another;
                // older ones live in the archive index, which the menu names without loading.
                "current_version": site.norms.current_version(),
                "older_versions": archived_versions(lang, others),
            }));
            job.description = Some(site.i18n.get(lang, "search.description").to_string());
            // A results page has nothing of its own to find or to list for crawlers.
            job.searchable = false;
            job.in_sitemap = false;
            job
        })
        .collect()
}

/// The versions of `lang`'s pages that go into the archive index, newest first. Taken
/// from the pages themselves, so a language whose old versions all fall back to another
/// language (and so are not indexed) offers none, and its search never asks the archive.
fn archived_versions<'a>(lang: &str, jobs: &'a [PageJob]) -> Vec<&'a str> {
    let mut versions: Vec<&str> = jobs
        .iter()
        .filter(|j| j.lang == lang && j.searchable && j.search_archive)
        .filter_map(|j| j.search_filters.get("version").map(String::as_str))
        .collect();
    versions.sort_by(|a, b| version_order(b).cmp(&version_order(a)));
    versions.dedup();
    versions
}

/// `3.10` after `3.9`: versions compare by their numeric parts.
fn version_order(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// Builds the search indexes from the rendered HTML: one Pagefind bundle under
/// `pagefind/` for the everyday search, and one under `pagefind-archive/` for pages of
/// superseded norm versions (see [`ARCHIVE_DIR`]); each bundle holds one index per
/// language. Returned as files sorted by path.
pub fn index(_site: &Site, rendered: &Rendered) -> Result<Vec<OutFile>, Diagnostic> {
    // Pagefind indexes one page after another (its state is locked while it parses a
    // page), but languages and bundles are independent indexes: each (bundle, language)
    // group runs on its own, in parallel, and the groups' outputs are merged per bundle.
    let prepared: Vec<(Bundle, String, String, String)> = rendered
        .files
        .par_iter()
        .filter_map(|(path, bytes)| {
            let url = page_url(path)?;
            let (bundle, html) = prepare(bytes)?;
            let lang = path.split('/').next().unwrap_or_default().to_string();
            Some((bundle, lang, url, html))
        })
        .collect();
    let mut groups: BTreeMap<(Bundle, String), Vec<(String, String)>> = BTreeMap::new();
    for (bundle, lang, url, html) in prepared {
        groups.entry((bundle, lang)).or_default().push((url, html));
    }
    if !groups.keys().any(|(b, _)| *b == Bundle::Main) {
        // Nothing to search: no index, and the search page says so instead of failing.
        return Ok(Vec::new());
    }
    let mut bundles: BTreeMap<Bundle, Vec<Vec<(String, Vec<u8>)>>> = BTreeMap::new();
    for ((bundle, _), files) in run_groups(groups) {
        bundles.entry(bundle).or_default().push(files?);
    }
    let mut out = Vec::new();
    for (bundle, runs) in bundles {
        let (dir, keep): (&str, fn(&str) -> bool) = match bundle {
            Bundle::Main => (OUTPUT_DIR, wanted),
            Bundle::Archive => (ARCHIVE_DIR, wanted_in_archive),
        };
        for (name, bytes) in merge(runs)? {
            if keep(&name) {
                out.push(OutFile::new(format!("{dir}/{name}"), bytes));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Output of one Pagefind run, or why it failed.
type RunResult = Result<Vec<(String, Vec<u8>)>, Diagnostic>;

/// Runs one Pagefind index per group on a few threads of its own (as many as the machine
/// has cores), returning the results in group order. Not on rayon's pool: Pagefind uses
/// rayon inside its async code, and a rayon worker waiting in there may pick up another
/// group, whose `block_on` would then start a runtime inside a runtime and panic.
fn run_groups(groups: BTreeMap<(Bundle, String), Vec<(String, String)>>) -> Vec<((Bundle, String), RunResult)> {
    let queue = std::sync::Mutex::new(groups.into_iter().collect::<Vec<_>>());
    let done = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(queue.lock().map_or(1, |q| q.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some((key, pages)) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    let files = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(|e| error(format!("cannot start the indexer: {e}")))
                        .and_then(|rt| rt.block_on(run_pagefind(pages)));
                    if let Ok(mut d) = done.lock() {
                        d.push((key, files));
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by(|a, b| a.0.cmp(&b.0));
    done
}

/// Joins the outputs of several Pagefind runs over disjoint languages into one bundle:
/// the entry files' language lists are combined; every other file either belongs to one
/// language (its name carries the language and a content hash) or is Pagefind's own
/// client code, the same in every run.
fn merge(runs: Vec<Vec<(String, Vec<u8>)>>) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    const ENTRY: &str = "pagefind-entry.json";
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for run in runs {
        for (name, bytes) in run {
            if name == ENTRY {
                let this: serde_json::Value = serde_json::from_slice(&bytes)
                    .map_err(|e| error(format!("Pagefind wrote an unreadable {ENTRY}: {e}")))?;
                match entry.as_mut() {
                    None => entry = Some(this),
                    Some(all) => {
                        let (Some(into), Some(from)) = (all["languages"].as_object_mut(), this["languages"].as_object()) else {
                            return Err(error(format!("Pagefind's {ENTRY} has no `languages`")));
                        };
                        for (lang, index) in from {
                            if into.insert(lang.clone(), index.clone()).is_some() {
                                return Err(error(format!("language `{lang}` was indexed twice")));
                            }
                        }
                    }
                }
            } else if let Some(before) = files.insert(name.clone(), bytes) {
                if files[&name] != before {
                    return Err(error(format!("two search indexes wrote different files named {name}")));
                }
            }
        }
    }
    if let Some(mut entry) = entry {
        if let Some(langs) = entry["languages"].as_object_mut() {
            // Languages in code order, whatever order the runs came in.
            let mut sorted: Vec<(String, serde_json::Value)> = std::mem::take(langs).into_iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            langs.extend(sorted);
        }
        files.insert(ENTRY.to_string(), serde_json::to_vec(&entry).expect("JSON value"));
    }
    Ok(files)
}

async fn run_pagefind(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let options = PagefindServiceConfig::builder().keep_index_url(false).build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| error(format!("cannot configure Pagefind: {e}")))?;
    for (url, html) in pages {
        index
            .add_html_file(None, Some(url.clone()), html)
            .await
            .map_err(|e| error(format!("Pagefind could not index {url}: {e}")))?;
    }
    let files = index.get_files().await.map_err(|e| error(format!("Pagefind could not build the index: {e}")))?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .collect())
}

/// Pagefind also ships its ready-made UIs, a playground and a highlighter for target
/// pages; the site uses only the JS API (the UIs inject inline styles, which the CSP
/// blocks), so those are left out.
fn wanted(name: &str) -> bool {
    !(name.starts_with("pagefind-ui.")
        || name == "pagefind-highlight.js"
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("playground/"))
}

/// The archive bundle is only ever merged into the main one, which brings the client
/// script and the WebAssembly: it needs just its entry file and its index chunks.
fn wanted_in_archive(name: &str) -> bool {
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || name.starts_with("index/")
        || name.starts_with("fragment/")
        || name.starts_with("filter/")
}

/// `en/x/index.html` → `/en/x/`; `None` for files that are not pages of a language
/// (the root redirect, the root `404.html`) and for `404.html` pages.
fn page_url(path: &str) -> Option<String> {
    let dir = path.strip_suffix("index.html")?;
    if dir.is_empty() {
        return None;
    }
    Some(format!("/{dir}"))
}

/// Which bundle the page's `<main>` asks to be indexed in, if any, and the page as
/// Pagefind needs it: the head (language, filters, metadata) and the `<main>` alone. The
/// header, navigation and footer are never indexed, and Pagefind parses every byte it is
/// given, so they are dropped here. Read from the parsed HTML, not by a text search, so a
/// page that merely mentions the attribute is not mistaken for one.
fn prepare(html: &[u8]) -> Option<(Bundle, String)> {
    let found = Cell::new(None);
    let mut out = Vec::with_capacity(html.len());
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new()
                .append_element_content_handler(element!("main[data-pagefind-body]", |el| {
                    found.set(Some(if el.has_attribute("data-search-archive") { Bundle::Archive } else { Bundle::Main }));
                    Ok(())
                }))
                .append_element_content_handler(element!("body > :not(main)", |el| {
                    el.remove();
                    Ok(())
                })),
            |chunk: &[u8]| out.extend_from_slice(chunk),
        );
        rewriter.write(html).ok()?;
        rewriter.end().ok()?;
    }
    let bundle = found.get()?;
    Some((bundle, String::from_utf8_lossy(&out).into_owned()))
}

#[cfg(test)]
fn bundle_of(html: &[u8]) -> Option<Bundle> {
    prepare(html).map(|(b, _)| b)
}

fn error(message: String) -> Diagnostic {
    Diagnostic::error(PathBuf::from(OUTPUT_DIR), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_drop_index_html() {
        assert_eq!(page_url("en/norms/qm20/3.2/index.html").as_deref(), Some("/en/norms/qm20/3.2/"));
        assert_eq!(page_url("nl/index.html").as_deref(), Some("/nl/"));
        assert_eq!(page_url("index.html"), None);
        assert_eq!(page_url("en/404.html"), None);
        assert_eq!(page_url("api/register.json"), None);
    }

    #[test]
    fn only_main_with_the_body_attribute_is_searchable() {
        assert_eq!(bundle_of(b"<html><body><main id=main data-pagefind-body>x</main></body></html>"), Some(Bundle::Main));
        assert_eq!(
            bundle_of(b"<html><body><main data-pagefind-body data-search-archive>x</main></body></html>"),
            Some(Bundle::Archive)
        );
        assert_eq!(bundle_of(b"<html><body><main id=main>data-pagefind-body</main></body></html>"), None);
        assert_eq!(bundle_of(b"<html><body><div data-pagefind-body>x</div></body></html>"), None);
    }

    #[test]
    fn pagefind_gets_the_head_and_main_only() {
        let page = b"<html lang=en><head><title>T</title></head><body><a href=#main>Skip</a><header><nav>Menu</nav></header>\
            <main data-pagefind-body><h1>Backup</h1><div><p>Text</p></div></main><footer>Foot</footer></body></html>";
        let (bundle, html) = prepare(page).expect("searchable");
        assert_eq!(bundle, Bundle::Main);
        assert_eq!(html, "<html lang=en><head><title>T</title></head><body>\
            <main data-pagefind-body><h1>Backup</h1><div><p>Text</p></div></main></body></html>");
    }

    #[test]
    fn the_archive_ships_only_its_index() {
        assert!(wanted_in_archive("pagefind-entry.json"));
        assert!(wanted_in_archive("pagefind.en_1a2b.pf_meta"));
        assert!(wanted_in_archive("index/en_1a2b.pf_index"));
        assert!(wanted_in_archive("fragment/en_1a2b.pf_fragment"));
        assert!(wanted_in_archive("filter/en_1a2b.pf_filter"));
        assert!(!wanted_in_archive("pagefind.js"));
        assert!(!wanted_in_archive("wasm.en.pagefind"));
    }

    #[test]
    fn ready_made_uis_are_not_shipped() {
        assert!(wanted("pagefind.js"));
        assert!(wanted("wasm.nl.pagefind"));
        assert!(wanted("fragment/en_abc.pf_fragment"));
        assert!(!wanted("pagefind-ui.js"));
        assert!(!wanted("pagefind-component-ui.css"));
    }
}
