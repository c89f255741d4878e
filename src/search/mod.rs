//! Full-text search, indexed with Pagefind during the build.
//!
//! Pagefind runs in process on the HTML the renderer produced: every page whose `<main>`
//! carries `data-pagefind-body` (see `base.html`, driven by [`PageJob::searchable`]) is
//! handed over with its final URL, and Pagefind's output (client script, WebAssembly,
//! index chunks) comes back as in-memory [`OutFile`]s under `pagefind/`. Pagefind splits
//! the index by `<html lang>`, so every language gets its own index with its own stemmer,
//! and the search page of a language only ever loads that language's index.
//!
//! Filters (`kind`, plus whatever a module puts in [`PageJob::search_filters`], such as
//! `level` and `version`) are `<meta data-pagefind-filter>` elements in the page head.

use std::cell::Cell;
use std::path::PathBuf;

use lol_html::{element, HtmlRewriter, Settings};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let mut main = Vec::new();
    let mut archive = Vec::new();
    for (path, bytes) in &rendered.files {
        let Some(url) = page_url(path) else { continue };
        match bundle_of(bytes) {
            Some(Bundle::Main) => main.push((url, String::from_utf8_lossy(bytes).into_owned())),
            Some(Bundle::Archive) => archive.push((url, String::from_utf8_lossy(bytes).into_owned())),
            None => {}
        }
    }
    let mut out = Vec::new();
    if main.is_empty() {
        // Nothing to search: no index, and the search page says so instead of failing.
        return Ok(out);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| error(format!("cannot start the indexer: {e}")))?;
    for (name, bytes) in runtime.block_on(run_pagefind(main))? {
        if wanted(&name) {
            out.push(OutFile::new(format!("{OUTPUT_DIR}/{name}"), bytes));
        }
    }
    if !archive.is_empty() {
        for (name, bytes) in runtime.block_on(run_pagefind(archive))? {
            if wanted_in_archive(&name) {
                out.push(OutFile::new(format!("{ARCHIVE_DIR}/{name}"), bytes));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
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

/// Which bundle the page's `<main>` asks to be indexed in, if any. Read from the parsed
/// HTML, not by a text search, so a page that merely mentions the attribute is not
/// mistaken for one.
fn bundle_of(html: &[u8]) -> Option<Bundle> {
    let found = Cell::new(None);
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("main[data-pagefind-body]", |el| {
                found.set(Some(if el.has_attribute("data-search-archive") { Bundle::Archive } else { Bundle::Main }));
                Ok(())
            })),
            |_: &[u8]| {},
        );
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    found.get()
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
