//! Rendering: a pure function from the [`Site`] to files in memory.
//!
//! Every domain module describes its pages as [`PageJob`]s and its data exports as
//! [`OutFile`]s; this module adds what every page shares (language, translations,
//! navigation, alternates, assets), renders the Tera templates in parallel and
//! minifies the HTML. Nothing here touches the disk.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use crate::diag::Diagnostic;
use crate::site::Site;

/// What a page is, for search filters and the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// A scheme page from `content/`.
    Scheme,
    /// A news item.
    News,
    /// A norm version (the list of measures).
    Norm,
    /// One measure.
    Measure,
    /// A mapping or crosswalk page.
    Mapping,
    /// A register page (search, organisation, auditor).
    Register,
    /// The calculator.
    Calculator,
    /// Anything else (search page, 404, overview pages).
    Other,
}

/// One HTML page to render, in one language.
#[derive(Debug, Clone)]
pub struct PageJob {
    /// Language code of the page (`en`).
    pub lang: String,
    /// Path below the language folder, empty for the home page, otherwise ending in `/`
    /// (`norms/qm20/3.2/`). The page's URL is `/{lang}/{key}`.
    pub key: String,
    /// Template under `themes/{theme}/templates/` (`page.html`).
    pub template: String,
    /// The page title (plain text).
    pub title: String,
    /// A one-sentence description for search engines and link previews.
    pub description: Option<String>,
    /// Page-specific data, available to the template as `data`.
    pub data: Value,
    /// When the page is shown in `lang` but its text comes from another language, that
    /// language's code: the page then carries a visible notice.
    pub fallback_from: Option<String>,
    /// Languages this page really exists in (for hreflang); empty means "every language".
    pub translations: Vec<String>,
    /// What the page is.
    pub kind: PageKind,
    /// Extra Pagefind filters (`level`, `version`), rendered by the templates.
    pub search_filters: BTreeMap<String, String>,
    /// Whether Pagefind indexes the page (off for drafts, the register, 404).
    pub searchable: bool,
    /// Whether a searchable page goes into the archive index (`pagefind-archive/`), which
    /// the search page loads only when the reader asks for an older norm version, so the
    /// everyday search does not pay for every version ever published.
    pub search_archive: bool,
    /// Whether the page shows highlighted code and so needs the highlighting stylesheet,
    /// which every other page is spared (it is most of a page's CSS).
    pub has_code: bool,
    /// Whether the page is listed in `sitemap.xml`.
    pub in_sitemap: bool,
    /// Key of the canonical page when this one duplicates it (`latest/` → `3.2/`).
    pub canonical_key: Option<String>,
}

impl PageJob {
    /// A page with sensible defaults: listed in the sitemap, searchable, translated.
    pub fn new(lang: &str, key: impl Into<String>, template: &str, title: impl Into<String>, kind: PageKind) -> Self {
        PageJob {
            lang: lang.to_string(),
            key: key.into(),
            template: template.to_string(),
            title: title.into(),
            description: None,
            data: Value::Null,
            fallback_from: None,
            translations: Vec::new(),
            kind,
            search_filters: BTreeMap::new(),
            searchable: true,
            search_archive: false,
            has_code: false,
            in_sitemap: true,
            canonical_key: None,
        }
    }

    /// Sets the page data.
    pub fn with_data(mut self, data: impl Serialize) -> Self {
        self.data = serde_json::to_value(data).expect("page data serialises");
        self
    }

    /// The page's root-relative URL (`/en/norms/`).
    pub fn url(&self) -> String {
        format!("/{}/{}", self.lang, self.key)
    }

    /// Where the page is written in the output (`en/norms/index.html`).
    pub fn output_path(&self) -> String {
        if self.key.ends_with(".html") {
            format!("{}/{}", self.lang, self.key)
        } else {
            format!("{}/{}index.html", self.lang, self.key)
        }
    }
}

/// One file of the rendered site, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Path below the output root, with `/` separators (`api/register.json`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl OutFile {
    /// A file from a path and bytes.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutFile { path: path.into(), bytes: bytes.into() }
    }

    /// Pretty, stable JSON.
    pub fn json(path: impl Into<String>, value: &impl Serialize) -> Self {
        let mut bytes = serde_json::to_vec_pretty(value).expect("data serialises");
        bytes.push(b'\n');
        OutFile::new(path, bytes)
    }
}

/// The rendered site.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// Every output file by path, sorted so writing and hashing are deterministic.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Number of HTML pages.
    pub pages: usize,
}

/// Options that change how pages render without changing the model.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Adds the live-reload script (for `serve`).
    pub live_reload: bool,
}

/// Everything the domain modules want rendered, collected in one list.
pub fn all_jobs(site: &Site) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    jobs.extend(crate::content::pages(site));
    jobs.extend(crate::norms::pages(site));
    jobs.extend(crate::mappings::pages(site));
    jobs.extend(crate::register::pages(site));
    jobs.extend(crate::hours::pages(site));
    if site.config.search {
        let search = crate::search::pages(site, &jobs);
        jobs.extend(search);
    }
    jobs
}

/// All non-HTML outputs of the domain modules.
pub fn all_data_files(site: &Site) -> Vec<OutFile> {
    let mut files = Vec::new();
    files.extend(crate::content::files(site));
    files.extend(crate::norms::files(site));
    files.extend(crate::mappings::files(site));
    files.extend(crate::register::files(site));
    files.extend(crate::hours::files(site));
    files
}

/// Renders the whole site into memory, search index included. Errors are template errors,
/// all of them.
pub fn render(site: &Site, opts: &RenderOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let mut out = render_pages(site, opts)?;
    add_search_index(site, &mut out).map_err(|d| vec![d])?;
    Ok(out)
}

/// Renders every page and file of the site except the search index, which is built from
/// these pages by [`add_search_index`].
pub fn render_pages(site: &Site, opts: &RenderOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let theme = &site.theme;
    let mut jobs = all_jobs(site);
    let shared = SharedContext::new(site);
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .par_iter_mut()
        .map(|job| {
            // A page's data is needed for its own rendering only: taking it out frees it as
            // soon as the page is done, which keeps large registers within memory.
            let data = std::mem::take(&mut job.data);
            let ctx = page_context(site, job, data, opts, &shared);
            let html = theme.render(&job.template, &ctx)?;
            let bytes = if site.config.minify { minify(&html) } else { html.into_bytes() };
            Ok((job.output_path(), bytes))
        })
        .collect();
    let mut errors = Vec::new();
    let mut out = Rendered::default();
    for r in results {
        match r {
            Ok((path, bytes)) => {
                out.pages += 1;
                out.files.insert(path, bytes);
            }
            Err(d) => {
                if !errors.contains(&d) {
                    errors.push(d);
                }
            }
        }
    }
    match crate::content::root_page(site) {
        Ok(f) => {
            let bytes = if site.config.minify { minify(&String::from_utf8_lossy(&f.bytes)) } else { f.bytes };
            out.files.insert(f.path, bytes);
        }
        Err(d) => errors.push(d),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Hosts serve `/404.html` for unknown paths: give them the default language's page.
    if let Some(page) = out.files.get(&format!("{}/404.html", site.config.default_language)).cloned() {
        out.files.insert("404.html".into(), page);
    }
    for f in all_data_files(site) {
        out.files.insert(f.path, f.bytes);
    }
    for f in crate::site::site_files(site, &jobs) {
        out.files.insert(f.path, f.bytes);
    }
    for (path, bytes) in theme.assets.files() {
        out.files.insert(path, bytes);
    }
    Ok(out)
}

/// Indexes the rendered pages for search and adds the index files.
pub fn add_search_index(site: &Site, out: &mut Rendered) -> Result<(), Diagnostic> {
    for f in search_index(site, out)? {
        out.files.insert(f.path, f.bytes);
    }
    Ok(())
}

/// The search index files of the rendered pages (none when the site has search off).
pub fn search_index(site: &Site, out: &Rendered) -> Result<Vec<OutFile>, Diagnostic> {
    if !site.config.search {
        return Ok(Vec::new());
    }
    crate::search::index(site, out)
}

/// The parts of the template context that are the same for every page of a language,
/// converted to template values once: the UI strings alone are hundreds of entries, and
/// template values share their contents, so each page gets them for the price of a pointer.
pub struct SharedContext {
    langs: BTreeMap<String, LangContext>,
    asset: tera::Value,
}

struct LangContext {
    t: tera::Value,
    site: tera::Value,
    footer: Value,
}

impl SharedContext {
    /// Computes the shared parts for every language of the site.
    pub fn new(site: &Site) -> Self {
        let cfg = &site.config;
        let langs = cfg
            .lang_codes()
            .map(|lang| {
                let site_value = json!({
                    "base_url": cfg.base_url,
                    "default_language": cfg.default_language,
                    "build_date": site.build_date.to_string(),
                    "build_date_human": site.i18n.format_date(lang, site.build_date),
                    "search": cfg.search,
                });
                let shared = LangContext {
                    t: tera::Value::from_serializable(site.i18n.table(lang)),
                    site: tera::Value::from_serializable(&site_value),
                    footer: crate::content::footer(site, lang),
                };
                (lang.to_string(), shared)
            })
            .collect();
        SharedContext { langs, asset: tera::Value::from_serializable(&site.theme.assets.urls()) }
    }
}

/// The context every template receives; see the theme README for each name. `data` is
/// the page's own data (taken out of the job by the renderer).
pub fn page_context(site: &Site, job: &PageJob, data: Value, opts: &RenderOptions, shared: &SharedContext) -> tera::Context {
    let cfg = &site.config;
    let lang = &job.lang;
    let per_lang = &shared.langs[lang.as_str()];
    let languages: Vec<Value> = cfg
        .languages
        .iter()
        .map(|l| {
            let real = job.translations.is_empty() || job.translations.iter().any(|t| t == &l.code);
            json!({
                "code": l.code,
                "name": l.name,
                "url": format!("/{}/{}", l.code, job.key),
                "current": &l.code == lang,
                "translated": real,
            })
        })
        .collect();
    let canonical_key = job.canonical_key.as_deref().unwrap_or(&job.key);
    let mut ctx = tera::Context::new();
    ctx.insert("lang", lang);
    ctx.insert("languages", &languages);
    ctx.insert_value("t", per_lang.t.clone());
    ctx.insert_value("site", per_lang.site.clone());
    ctx.insert(
        "page",
        &json!({
            "key": job.key,
            "url": job.url(),
            "canonical": format!("{}/{}/{}", cfg.base_url, lang, canonical_key),
            "title": job.title,
            "description": job.description,
            "kind": job.kind,
            "fallback_from": job.fallback_from,
            "fallback_from_name": job.fallback_from.as_ref().and_then(|c| cfg.language(c)).map(|l| l.name.clone()),
            "search_filters": job.search_filters,
            "searchable": job.searchable && cfg.search,
            "has_code": job.has_code,
            "search_archive": job.search_archive,
        }),
    );
    ctx.insert("nav", &crate::content::nav(site, lang, &job.key, &per_lang.footer));
    ctx.insert_value("asset", shared.asset.clone());
    ctx.insert("live_reload", &opts.live_reload);
    ctx.insert_value("data", tera::Value::from_serializable(&data));
    ctx
}

fn minify(html: &str) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        // Keep closing tags and quotes: the output stays valid HTML that any parser
        // (and the link checker) reads the same way a browser does.
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html.as_bytes(), &cfg)
}
