//! Content pages: Markdown with YAML front matter under `content/`, one file per page
//! per language (`content/scheme/levels.nl.md` → `/nl/scheme/levels/`).
//!
//! `_index.{lang}.md` is a section's own page (`content/_index.en.md` is the home page).
//! A page missing in a language is rendered from the default language with a notice;
//! for a language marked complete that is an error, otherwise a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::markdown::{self, Heading};
use crate::render::{OutFile, PageJob, PageKind};
use crate::site::{escape_xml, Site};
use crate::yaml::{self, Spanned};

/// Folder of the content pages, under the site root.
pub const CONTENT_DIR: &str = "content";

/// Where a page appears in the site's menus.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Menu {
    /// The footer.
    Footer,
}

/// Front matter of a content page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
    #[serde(default)]
    weight: i32,
    #[serde(default)]
    menu: Option<Menu>,
    #[serde(default)]
    template: Option<Spanned<String>>,
    #[serde(default)]
    toc: bool,
}

/// One content page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct ContentPage {
    /// Language-independent key (`scheme/levels/`, `` for home).
    pub key: String,
    /// Language code of the file.
    pub lang: String,
    /// Source file, relative to the site root.
    pub file: PathBuf,
    /// Title.
    pub title: String,
    /// Description for search engines and previews.
    pub description: Option<String>,
    /// Publication date (required for news).
    pub date: Option<Date>,
    /// Last update.
    pub updated: Option<Date>,
    /// Sort order within its section (lower first; then title).
    pub weight: i32,
    /// Menu placement.
    pub menu: Option<Menu>,
    /// Template to render with.
    pub template: String,
    /// Whether to show a table of contents.
    pub toc: bool,
    /// Rendered body.
    pub html: String,
    /// Headings of the body.
    pub headings: Vec<Heading>,
    /// Whether the body has a code block (the page then links the highlighting stylesheet).
    pub has_code: bool,
    /// First section of the key (`news`), empty for top-level pages.
    pub section: String,
    /// Links in the body: (target, line, column, source line).
    #[serde(skip)]
    pub links: Vec<(String, u32, u32, String)>,
}

/// All content pages, by key and language.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// key → lang → page.
    pub pages: BTreeMap<String, BTreeMap<String, ContentPage>>,
}

impl Content {
    /// The page for `key` in `lang`, or the default-language page standing in for it.
    pub fn get<'a>(&'a self, key: &str, lang: &str, default: &str) -> Option<(&'a ContentPage, bool)> {
        let langs = self.pages.get(key)?;
        langs.get(lang).map(|p| (p, false)).or_else(|| langs.get(default).map(|p| (p, true)))
    }

    /// Pages of a section (`news`) in `lang` with fallback, newest first for dated pages.
    pub fn section<'a>(&'a self, section: &str, lang: &str, default: &str) -> Vec<(&'a ContentPage, bool)> {
        let mut v: Vec<_> = self
            .pages
            .keys()
            .filter(|k| k.starts_with(&format!("{section}/")) && k.as_str() != format!("{section}/"))
            .filter_map(|k| self.get(k, lang, default))
            .collect();
        v.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then(a.weight.cmp(&b.weight)).then(a.title.cmp(&b.title)));
        v
    }
}

/// Loads every Markdown file under `content/`, in parallel.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Content {
    let dir = root.join(CONTENT_DIR);
    let files: Vec<PathBuf> = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let langs: BTreeSet<&str> = config.lang_codes().collect();
    let results: Vec<Result<ContentPage, Vec<Diagnostic>>> =
        files.par_iter().map(|p| load_page(root, &dir, p, &langs)).collect();
    let mut content = Content::default();
    // Pages whose file failed to load: their translations are not reported as orphans,
    // the parse error already says what is wrong.
    let mut failed: BTreeSet<String> = BTreeSet::new();
    for (r, path) in results.into_iter().zip(&files) {
        match r {
            Ok(page) => {
                content.pages.entry(page.key.clone()).or_default().insert(page.lang.clone(), page);
            }
            Err(ds) => {
                if let Some(key) = key_of(&dir, path) {
                    failed.insert(key);
                }
                diags.extend(ds)
            }
        }
    }
    // Translations: every page of the default language should exist in every language.
    let default = &config.default_language;
    for (key, by_lang) in &content.pages {
        if failed.contains(key) {
            continue;
        }
        let Some(original) = by_lang.get(default) else {
            let (_, any) = by_lang.iter().next().expect("non-empty");
            diags.push(Diagnostic::warning(
                &any.file,
                format!("page `/{}/{key}` has no `{default}` original; it is published only in the languages it exists in", any.lang),
            ));
            continue;
        };
        for lang in &config.languages {
            if !by_lang.contains_key(&lang.code) {
                let msg = format!(
                    "page `{key}` is missing in `{}` (no {}); the `{default}` text is shown with a notice",
                    lang.code,
                    expected_name(&original.file, &lang.code).display()
                );
                diags.push(if lang.complete {
                    Diagnostic::error(&original.file, msg)
                } else {
                    Diagnostic::warning(&original.file, msg)
                });
            }
        }
    }
    content
}

/// The page key of a content file (`scheme/process/`), from its path alone.
fn key_of(dir: &Path, path: &Path) -> Option<String> {
    let relp = path.strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
    let (base, _) = relp.trim_end_matches(".md").rsplit_once('.')?;
    Some(page_key(base))
}

fn page_key(base: &str) -> String {
    match base {
        "_index" => String::new(),
        b => match b.strip_suffix("/_index") {
            Some(section) => format!("{section}/"),
            None => format!("{b}/"),
        },
    }
}

fn expected_name(original: &Path, lang: &str) -> PathBuf {
    let name = original.file_name().unwrap().to_string_lossy();
    let stem = name.trim_end_matches(".md");
    let base = stem.rsplit_once('.').map(|(b, _)| b).unwrap_or(stem);
    original.with_file_name(format!("{base}.{lang}.md"))
}

fn load_page(root: &Path, dir: &Path, path: &Path, langs: &BTreeSet<&str>) -> Result<ContentPage, Vec<Diagnostic>> {
    let file = rel(root, path);
    let src = std::fs::read_to_string(path).map_err(|e| vec![crate::site::unreadable(root, path, e)])?;
    let relp = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
    let stem = relp.trim_end_matches(".md");
    let Some((base, lang)) = stem.rsplit_once('.') else {
        return Err(vec![Diagnostic::error(&file, "a content file is named `name.{lang}.md` (for example `privacy.en.md`)")]);
    };
    if !langs.contains(lang) {
        return Err(vec![Diagnostic::error(
            &file,
            format!("language `{lang}` in the file name is not configured in normsite.yaml"),
        )]);
    }
    let key = page_key(base);
    let (fm_src, body, offset) = split_front_matter(&src)
        .ok_or_else(|| vec![Diagnostic::error(&file, "missing front matter: the file must start with a `---` line").at_in(&src, 1, 1)])?;
    let fm: FrontMatter = yaml::parse_at(&file, fm_src, &src, offset).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let section = key.split('/').next().filter(|_| key.contains('/') && key.matches('/').count() > 1).unwrap_or("").to_string();
    let mut date_of = |v: &Option<Spanned<String>>, what: &str| -> Option<Date> {
        let s = v.as_ref()?;
        match s.value.parse::<Date>() {
            Ok(d) if s.value.len() == 10 => Some(d),
            _ => {
                let (l, c) = yaml::pos(s);
                errors.push(
                    Diagnostic::error(&file, format!("`{what}` must be a date written YYYY-MM-DD, not `{}`", s.value))
                        .at_in(&src, l + offset, c),
                );
                None
            }
        }
    };
    let date = date_of(&fm.date, "date");
    let updated = date_of(&fm.updated, "updated");
    if section == "news" && fm.date.is_none() {
        errors.push(Diagnostic::error(&file, "a news item needs a `date` (YYYY-MM-DD) in its front matter").at_in(&src, 1, 1));
    }
    if fm.title.trim().is_empty() {
        errors.push(Diagnostic::error(&file, "`title` is empty").at_in(&src, 2, 1));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let template = fm.template.as_ref().map(|t| t.value.clone()).unwrap_or_else(|| {
        if key.is_empty() {
            "home.html".into()
        } else if base.ends_with("_index") {
            "section.html".into()
        } else {
            "page.html".into()
        }
    });
    let md = markdown::render(body);
    let body_start = src.len() - body.len();
    let links = md
        .links
        .iter()
        .map(|(url, off)| {
            let (line, col) = line_col(&src, body_start + off);
            let text = src.lines().nth(line as usize - 1).unwrap_or("").to_string();
            (url.clone(), line, col, text)
        })
        .collect();
    Ok(ContentPage {
        key,
        lang: lang.to_string(),
        file,
        title: fm.title,
        description: fm.description,
        date,
        updated,
        weight: fm.weight,
        menu: fm.menu,
        template,
        toc: fm.toc,
        html: md.html,
        headings: md.headings,
        has_code: md.has_code,
        section,
        links,
    })
}

fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let before = &src[..offset.min(src.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    (line, col)
}

/// Where each Markdown link was written: (page URL, link) → (file, line, column, line text).
/// Fallback pages share their original's source.
pub fn link_sources(site: &Site) -> std::collections::HashMap<(String, String), (PathBuf, u32, u32, String)> {
    let mut map = std::collections::HashMap::new();
    let default = &site.config.default_language;
    for key in site.content.pages.keys() {
        for lang in site.config.lang_codes() {
            if let Some((page, _)) = site.content.get(key, lang, default) {
                for (url, line, col, text) in &page.links {
                    map.entry((format!("/{lang}/{key}"), url.clone()))
                        .or_insert_with(|| (page.file.clone(), *line, *col, text.clone()));
                }
            }
        }
    }
    map
}

/// Splits `---\nyaml\n---\nbody`; returns (yaml, body, lines before the yaml).
fn split_front_matter(src: &str) -> Option<(&str, &str, u32)> {
    let rest = src.strip_prefix("---\n").or_else(|| src.strip_prefix("---\r\n"))?;
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..pos], &rest[pos + line.len()..], 1));
        }
        pos += line.len();
    }
    None
}

/// One page job per content key and language (fallbacks included), plus the 404 pages.
pub fn pages(site: &Site) -> Vec<PageJob> {
    let cfg = &site.config;
    let default = &cfg.default_language;
    let mut jobs = Vec::new();
    for (key, by_lang) in &site.content.pages {
        let translations: Vec<String> = by_lang.keys().cloned().collect();
        let langs: Vec<&str> = if by_lang.contains_key(default) {
            cfg.lang_codes().collect()
        } else {
            by_lang.keys().map(String::as_str).collect()
        };
        for lang in langs {
            let Some((page, fallback)) = site.content.get(key, lang, default) else { continue };
            let kind = if page.section == "news" { PageKind::News } else { PageKind::Scheme };
            let children: Vec<serde_json::Value> = if page.template == "section.html" || key.is_empty() || page.template == "news.html" {
                let sec = key.trim_end_matches('/');
                site.content
                    .section(sec, lang, default)
                    .into_iter()
                    .filter(|(p, _)| p.key.trim_end_matches('/').matches('/').count() == sec.matches('/').count() + if sec.is_empty() { 0 } else { 1 })
                    .map(|(p, fb)| summary(site, lang, p, fb))
                    .collect()
            } else {
                Vec::new()
            };
            let mut job = PageJob::new(lang, key.clone(), &page.template, page.title.clone(), kind).with_data(json!({
                "html": page.html,
                "headings": page.headings,
                "toc": page.toc,
                "date": page.date.map(|d| d.to_string()),
                "date_human": page.date.map(|d| site.i18n.format_date(lang, d)),
                "updated": page.updated.map(|d| d.to_string()),
                "updated_human": page.updated.map(|d| site.i18n.format_date(lang, d)),
                "section": page.section,
                "children": children,
            }));
            job.description = page.description.clone();
            job.translations = translations.clone();
            job.has_code = page.has_code;
            if fallback {
                job.fallback_from = Some(page.lang.clone());
                job.searchable = false;
            }
            jobs.push(job);
        }
    }
    for lang in cfg.lang_codes() {
        let mut job = PageJob::new(lang, "404.html", "404.html", site.i18n.get(lang, "common.not_found_title"), PageKind::Other);
        job.in_sitemap = false;
        job.searchable = false;
        jobs.push(job);
    }
    jobs
}

fn summary(site: &Site, lang: &str, p: &ContentPage, fallback: bool) -> serde_json::Value {
    json!({
        "title": p.title,
        "url": format!("/{lang}/{}", p.key),
        "description": p.description,
        "date": p.date.map(|d| d.to_string()),
        "date_human": p.date.map(|d| site.i18n.format_date(lang, d)),
        "fallback": fallback,
        "weight": p.weight,
    })
}

/// The main navigation for a page: the menu of `normsite.yaml`, labels in `lang`.
pub fn nav(site: &Site, lang: &str, current_key: &str, footer: &serde_json::Value) -> serde_json::Value {
    let items: Vec<serde_json::Value> = site
        .config
        .menu
        .iter()
        .map(|m| {
            let active = if m.key.is_empty() { current_key.is_empty() } else { current_key.starts_with(&m.key) };
            json!({ "label": site.i18n.get(lang, &m.label), "url": format!("/{lang}/{}", m.key), "active": active })
        })
        .collect();
    json!({ "main": items, "footer": footer })
}

/// The footer links of one language (pages with `menu: footer`), ordered by weight.
/// Computed once per language, not per page: it scans every page.
pub fn footer(site: &Site, lang: &str) -> serde_json::Value {
    let mut footer: Vec<(i32, serde_json::Value)> = site
        .content
        .pages
        .keys()
        .filter_map(|key| site.content.get(key, lang, &site.config.default_language))
        .filter(|(p, _)| p.menu == Some(Menu::Footer))
        .map(|(p, _)| (p.weight, json!({ "label": p.title, "url": format!("/{lang}/{}", p.key) })))
        .collect();
    footer.sort_by_key(|(w, _)| *w);
    serde_json::Value::Array(footer.into_iter().map(|(_, v)| v).collect())
}

/// The root redirect page and an Atom feed of news per language.
pub fn files(site: &Site) -> Vec<OutFile> {
    let mut files = Vec::new();
    for lang in site.config.lang_codes() {
        files.push(news_feed(site, lang));
    }
    files
}

fn news_feed(site: &Site, lang: &str) -> OutFile {
    let default = &site.config.default_language;
    let items = site.content.section("news", lang, default);
    let feed_url = site.absolute(&format!("/{lang}/news/atom.xml"));
    let updated = items.iter().filter_map(|(p, _)| p.updated.or(p.date)).max().unwrap_or(site.build_date);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}T00:00:00Z</updated>\n",
        escape_xml(site.i18n.get(lang, "news.feed_title")),
        escape_xml(&feed_url),
        escape_xml(&feed_url),
        escape_xml(&site.absolute(&format!("/{lang}/news/"))),
        updated
    );
    for (p, _) in items {
        let url = site.absolute(&format!("/{lang}/{}", p.key));
        let date = p.date.unwrap_or(site.build_date);
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape_xml(&p.title),
            escape_xml(&url),
            escape_xml(&url),
            p.updated.unwrap_or(date),
            escape_xml(p.description.as_deref().unwrap_or("")),
            escape_xml(&p.html)
        ));
    }
    xml.push_str("</feed>\n");
    OutFile::new(format!("{lang}/news/atom.xml"), xml)
}

/// The page at `/`: sends visitors to their preferred language (a small script reads the
/// browser's languages; without JavaScript a meta refresh goes to the default language
/// and the page lists every language).
pub fn root_page(site: &Site) -> Result<OutFile, Diagnostic> {
    let mut ctx = tera::Context::new();
    let langs: Vec<_> = site
        .config
        .languages
        .iter()
        .map(|l| json!({"code": l.code, "name": l.name, "url": format!("/{}/", l.code)}))
        .collect();
    ctx.insert("languages", &langs);
    ctx.insert("default_language", &site.config.default_language);
    ctx.insert("asset", &site.theme.assets.urls());
    ctx.insert("t", site.i18n.table(&site.config.default_language));
    ctx.insert("site", &json!({"base_url": site.config.base_url}));
    let html = site.theme.render("root.html", &ctx)?;
    Ok(OutFile::new("index.html", html))
}
