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

/// The search page, `/{lang}/search/`, in every language.
pub fn pages(site: &Site) -> Vec<PageJob> {
    site.config
        .lang_codes()
        .map(|lang| {
            let title = site.i18n.get(lang, "search.title");
            let mut job = PageJob::new(lang, "search/", "search.html", title, PageKind::Other).with_data(json!({
                // The UI narrows to the current norm version unless the reader picks another.
                "current_version": site.norms.current_version(),
            }));
            job.description = Some(site.i18n.get(lang, "search.description").to_string());
            // A results page has nothing of its own to find or to list for crawlers.
            job.searchable = false;
            job.in_sitemap = false;
            job
        })
        .collect()
}

/// Builds the search index from the rendered HTML: one Pagefind index per language,
/// returned as files under `pagefind/`, sorted by path.
pub fn index(_site: &Site, rendered: &Rendered) -> Result<Vec<OutFile>, Diagnostic> {
    let pages: Vec<(String, String)> = rendered
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let url = page_url(path)?;
            if !is_searchable(bytes) {
                return None;
            }
            Some((url, String::from_utf8_lossy(bytes).into_owned()))
        })
        .collect();
    if pages.is_empty() {
        // Nothing to search: no index, and the search page says so instead of failing.
        return Ok(Vec::new());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| error(format!("cannot start the indexer: {e}")))?;
    let files = runtime.block_on(run_pagefind(pages))?;
    let mut out: Vec<OutFile> = files
        .into_iter()
        .filter(|(name, _)| wanted(name))
        .map(|(name, bytes)| OutFile::new(format!("{OUTPUT_DIR}/{name}"), bytes))
        .collect();
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

/// `en/x/index.html` → `/en/x/`; `None` for files that are not pages of a language
/// (the root redirect, the root `404.html`) and for `404.html` pages.
fn page_url(path: &str) -> Option<String> {
    let dir = path.strip_suffix("index.html")?;
    if dir.is_empty() {
        return None;
    }
    Some(format!("/{dir}"))
}

/// Whether the page's `<main>` asks to be indexed. Checked on the parsed HTML, not by a
/// text search, so a page that merely mentions the attribute is not mistaken for one.
fn is_searchable(html: &[u8]) -> bool {
    let found = Cell::new(false);
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("main[data-pagefind-body]", |_el| {
                found.set(true);
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
        assert!(is_searchable(b"<html><body><main id=main data-pagefind-body>x</main></body></html>"));
        assert!(!is_searchable(b"<html><body><main id=main>data-pagefind-body</main></body></html>"));
        assert!(!is_searchable(b"<html><body><div data-pagefind-body>x</div></body></html>"));
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
