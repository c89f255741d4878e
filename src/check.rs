//! Checks on the rendered site: every internal link and asset reference resolves (anchors
//! included), and no page carries inline script, inline style or event-handler attributes,
//! which the Content-Security-Policy would block.
//!
//! Links written in Markdown are reported at their source `file:line:col`; links that come
//! from templates are reported against the page they appear on and its template.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use lol_html::{element, HtmlRewriter, Settings};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::Rendered;
use crate::site::Site;

/// What one HTML page links to and which ids it defines, as written in the page.
#[derive(Debug, Default)]
struct PageScan {
    ids: Vec<String>,
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
                // One pass over the attributes: asking for each name in turn scans them
                // all again, and this runs for every element of every page.
                let (mut has_src, mut json_type) = (false, false);
                for a in el.attributes() {
                    let n = a.name();
                    match n.as_str() {
                        "id" => s.ids.push(a.value()),
                        "name" if tag == "a" => s.ids.push(a.value()),
                        "href" => {
                            let v = a.value();
                            if v.trim_start().to_ascii_lowercase().starts_with("javascript:") {
                                s.csp.push(format!("a javascript: URL on <{tag}>"));
                            }
                            s.links.push(v);
                        }
                        "src" => {
                            has_src = true;
                            s.links.push(a.value());
                        }
                        "srcset" => {
                            for part in a.value().split(',') {
                                if let Some(u) = part.split_whitespace().next() {
                                    s.links.push(u.to_string());
                                }
                            }
                        }
                        "type" => json_type = matches!(a.value().as_str(), "application/json" | "application/ld+json"),
                        "style" => s.csp.push(format!("a style attribute on <{tag}>")),
                        n if n.starts_with("on") => s.csp.push(format!("an event-handler attribute `{n}` on <{tag}>")),
                        _ => {}
                    }
                }
                if tag == "script" && !has_src && !json_type {
                    s.csp.push("an inline <script>".into());
                }
                if tag == "style" {
                    s.csp.push("an inline <style> element".into());
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

/// What the check keeps of one page: its links as numbers into [`Links`]' tables, and its
/// ids. A large register has hundreds of thousands of pages that link to the same few
/// dozen places, so each distinct link is stored once.
#[derive(Debug)]
struct PageLinks {
    /// (target, link text) pairs, each once.
    links: Vec<(u32, u32)>,
    /// Ids (and `<a name>`s) defined on the page, sorted.
    ids: Vec<Box<str>>,
    csp: Vec<String>,
}

#[derive(Debug, Default)]
struct Tables {
    /// Resolved targets: output path (no leading `/`) and fragment.
    targets: Vec<(Box<str>, Option<Box<str>>)>,
    target_ids: HashMap<(Box<str>, Option<Box<str>>), u32>,
    /// Links as written.
    texts: Vec<Box<str>>,
    text_ids: HashMap<Box<str>, u32>,
    /// Pages by output path.
    pages: BTreeMap<String, PageLinks>,
}

/// The links and ids of every page, gathered while the pages render, so the check never
/// needs a page's HTML again (pages of a large build are written out as they render).
#[derive(Debug, Default)]
pub struct Links {
    tables: Mutex<Tables>,
}

impl Links {
    /// Reads the page written at `path` (`en/norms/index.html`). Safe to call from several
    /// threads at once.
    pub fn add(&self, path: &str, html: &[u8]) {
        let s = scan(html);
        let from = page_url(path);
        let mut resolved: Vec<((String, Option<String>), String)> =
            s.links.into_iter().filter_map(|l| resolve(&from, &l).map(|t| (t, l))).collect();
        resolved.sort_unstable();
        resolved.dedup();
        let mut ids: Vec<Box<str>> = s.ids.into_iter().map(String::into_boxed_str).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut t = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let links = resolved
            .into_iter()
            .map(|((p, f), text)| {
                let key = (p.into_boxed_str(), f.map(String::into_boxed_str));
                let target = match t.target_ids.get(&key) {
                    Some(&i) => i,
                    None => {
                        let i = t.targets.len() as u32;
                        t.targets.push(key.clone());
                        t.target_ids.insert(key, i);
                        i
                    }
                };
                let text = match t.text_ids.get(text.as_str()) {
                    Some(&i) => i,
                    None => {
                        let i = t.texts.len() as u32;
                        let text: Box<str> = text.into_boxed_str();
                        t.texts.push(text.clone());
                        t.text_ids.insert(text, i);
                        i
                    }
                };
                (target, text)
            })
            .collect();
        t.pages.insert(path.to_string(), PageLinks { links, ids, csp: s.csp });
    }

    fn has(&self, path: &str) -> bool {
        self.tables.lock().unwrap_or_else(|e| e.into_inner()).pages.contains_key(path)
    }
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
/// with an `index.html`; the file's path if so.
fn target_file(exists: &dyn Fn(&str) -> bool, path: &str) -> Option<String> {
    let candidates = if path.is_empty() {
        vec!["index.html".to_string()]
    } else if path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| exists(c))
}

/// Checks every HTML page of `rendered`. Returns one diagnostic per broken link target
/// (per page) and per CSP violation.
pub fn check(site: &Site, rendered: &Rendered) -> Vec<Diagnostic> {
    // Pages the renderer did not read as it went (files added after it, such as the
    // root page) are read now.
    let unread: Vec<(&String, &Vec<u8>)> =
        rendered.files.iter().filter(|(p, _)| p.ends_with(".html") && !rendered.links.has(p)).collect();
    unread.par_iter().for_each(|(p, b)| rendered.links.add(p, b));
    let t = rendered.links.tables.lock().unwrap_or_else(|e| e.into_inner());
    let exists = |p: &str| rendered.files.contains_key(p) || rendered.written.contains_key(p);
    // Each distinct target is checked once, whatever the number of pages linking to it.
    let problems: Vec<Option<String>> = t
        .targets
        .par_iter()
        .map(|(path, frag)| match target_file(&exists, path) {
            None => Some(format!("nothing is published at /{path}")),
            Some(target) => match (frag, t.pages.get(&target)) {
                (Some(f), Some(tp)) if tp.ids.binary_search(f).is_err() => Some(format!("/{path} has no element with id `{f}`")),
                _ => None,
            },
        })
        .collect();
    // Links written in Markdown carry their source position; index them by page URL.
    let sources = crate::content::link_sources(site);
    let mut diags = Vec::new();
    for (page, p) in &t.pages {
        let from = page_url(page);
        let mut seen = BTreeSet::new();
        for &(target, text) in &p.links {
            let Some(problem) = &problems[target as usize] else { continue };
            let link = &t.texts[text as usize];
            if !seen.insert(link) {
                continue;
            }
            let msg = format!("broken link `{link}`: {problem}");
            let d = match sources.get(&(from.clone(), link.to_string())) {
                Some((file, line, col, src_line)) => {
                    let mut d = Diagnostic::error(file.clone(), msg).at(*line, *col);
                    d.source_line = Some(src_line.clone());
                    d
                }
                None => Diagnostic::error(PathBuf::from(format!("/{page}")), format!("{msg} (written by the page's template)")),
            };
            diags.push(d);
        }
        for v in p.csp.iter().collect::<BTreeSet<_>>() {
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
