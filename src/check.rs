//! Checks on the rendered site: every internal link and asset reference resolves (anchors
//! included), and no page carries inline script, inline style or event-handler attributes,
//! which the Content-Security-Policy would block.
//!
//! Links written in Markdown are reported at their source `file:line:col`; links that come
//! from templates are reported against the page they appear on and its template.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use lol_html::{element, HtmlRewriter, Settings};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::Rendered;
use crate::site::Site;

/// What one HTML page links to and which ids it defines.
#[derive(Debug, Default)]
struct PageScan {
    ids: BTreeSet<String>,
    links: Vec<String>,
    csp: Vec<String>,
}

fn scan(html: &[u8]) -> PageScan {
    let scan = RefCell::new(PageScan::default());
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                    let mut s = scan.borrow_mut();
                    let tag = el.tag_name();
                    if let Some(id) = el.get_attribute("id") {
                        s.ids.insert(id);
                    }
                    if tag == "a" {
                        if let Some(name) = el.get_attribute("name") {
                            s.ids.insert(name);
                        }
                    }
                    for attr in ["href", "src"] {
                        if let Some(v) = el.get_attribute(attr) {
                            // <link rel=alternate hreflang> and canonical point at absolute URLs; others are checked.
                            s.links.push(v);
                        }
                    }
                    if let Some(srcset) = el.get_attribute("srcset") {
                        for part in srcset.split(',') {
                            if let Some(u) = part.split_whitespace().next() {
                                s.links.push(u.to_string());
                            }
                        }
                    }
                    if tag == "script" && el.get_attribute("src").is_none() {
                        let ty = el.get_attribute("type").unwrap_or_default();
                        if !(ty == "application/json" || ty == "application/ld+json") {
                            s.csp.push("an inline <script>".into());
                        }
                    }
                    if tag == "style" {
                        s.csp.push("an inline <style> element".into());
                    }
                    for a in el.attributes() {
                        let n = a.name();
                        if n == "style" {
                            s.csp.push(format!("a style attribute on <{tag}>"));
                        } else if n.starts_with("on") {
                            s.csp.push(format!("an event-handler attribute `{n}` on <{tag}>"));
                        }
                    }
                    if let Some(href) = el.get_attribute("href") {
                        if href.trim_start().to_ascii_lowercase().starts_with("javascript:") {
                            s.csp.push(format!("a javascript: URL on <{tag}>"));
                        }
                    }
                    Ok(())
                })),
            |_: &[u8]| {},
        );
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    scan.into_inner()
}

/// Resolves a link found on the page at `from` (a root-relative URL such as `/en/x/`) to
/// an output path and fragment; `None` for external links and non-page schemes.
fn resolve(from: &str, link: &str) -> Option<(String, Option<String>)> {
    let link = link.trim();
    if link.is_empty()
        || link.starts_with("//")
        || link.starts_with(crate::serve::INTERNAL_PREFIX)
        || link.contains("://")
        || ["mailto:", "tel:", "data:", "javascript:"].iter().any(|p| link.starts_with(p))
    {
        return None;
    }
    let (without_frag, frag) = match link.split_once('#') {
        Some((a, f)) => (a, Some(f.to_string())),
        None => (link, None),
    };
    let path = without_frag.split('?').next().unwrap_or("");
    let absolute = if path.is_empty() {
        from.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        let base = &from[..from.rfind('/').map(|i| i + 1).unwrap_or(0)];
        format!("{base}{path}")
    };
    // Normalise `.` and `..` segments.
    let mut parts: Vec<&str> = Vec::new();
    for seg in absolute.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if absolute.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some((out, frag.filter(|f| !f.is_empty())))
}

/// Whether `path` (no leading slash) names a file of the output, directly or as a folder
/// with an `index.html`.
fn target_file<'a>(files: &'a BTreeMap<String, Vec<u8>>, path: &str) -> Option<&'a str> {
    let candidates = if path.is_empty() {
        vec!["index.html".to_string()]
    } else if path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find_map(|c| files.get_key_value(&c).map(|(k, _)| k.as_str()))
}

/// Checks every HTML page of `rendered`. Returns one diagnostic per broken link target
/// (per page) and per CSP violation.
pub fn check(site: &Site, rendered: &Rendered) -> Vec<Diagnostic> {
    let html_files: Vec<(&String, &Vec<u8>)> = rendered.files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    let scans: BTreeMap<&str, PageScan> =
        html_files.par_iter().map(|(p, b)| (p.as_str(), scan(b))).collect();
    // Links written in Markdown carry their source position; index them by page URL.
    let sources = crate::content::link_sources(site);
    let mut diags = Vec::new();
    for (page, s) in &scans {
        let from = page_url(page);
        let mut seen = BTreeSet::new();
        for link in &s.links {
            let Some((path, frag)) = resolve(&from, link) else { continue };
            let problem = match target_file(&rendered.files, &path) {
                None => Some(format!("broken link `{link}`: nothing is published at /{path}")),
                Some(target) => match (&frag, scans.get(target)) {
                    (Some(f), Some(ts)) if !ts.ids.contains(f) => {
                        Some(format!("broken link `{link}`: /{path} has no element with id `{f}`"))
                    }
                    _ => None,
                },
            };
            if let Some(msg) = problem {
                if !seen.insert(link.clone()) {
                    continue;
                }
                let d = match sources.get(&(from.clone(), link.clone())) {
                    Some((file, line, col, src_line)) => {
                        let mut d = Diagnostic::error(file.clone(), msg).at(*line, *col);
                        d.source_line = Some(src_line.clone());
                        d
                    }
                    None => Diagnostic::error(PathBuf::from(format!("/{page}")), format!("{msg} (written by the page's template)")),
                };
                diags.push(d);
            }
        }
        for v in s.csp.iter().collect::<BTreeSet<_>>() {
            diags.push(Diagnostic::error(
                PathBuf::from(format!("/{page}")),
                format!("{v} would be blocked by the Content-Security-Policy"),
            ));
        }
    }
    diags
}

fn page_url(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute_links() {
        assert_eq!(resolve("/en/a/b/", "../c/"), Some(("en/a/c/".into(), None)));
        assert_eq!(resolve("/en/a/", "/nl/a/#x"), Some(("nl/a/".into(), Some("x".into()))));
        assert_eq!(resolve("/en/a/", "#top"), Some(("en/a/".into(), Some("top".into()))));
        assert_eq!(resolve("/en/", "https://example.org/"), None);
        assert_eq!(resolve("/en/", "mailto:x@example.org"), None);
    }

    #[test]
    fn finds_inline_script_and_style() {
        let s = scan(b"<p style=\"color:red\" onclick=\"x()\">a</p><script>alert(1)</script><script src=\"/a.js\"></script>");
        assert_eq!(s.csp.len(), 3, "{:?}", s.csp);
    }
}
