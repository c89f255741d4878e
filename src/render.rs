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

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::output::Staging;
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
    pub data: PageData,
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
    /// Whether the page goes through the HTML minifier when the site minifies. Off for the
    /// per-organisation register pages: their template is compact already, the minifier
    /// saves them about 6 % (a few dozen bytes once gzipped) and, at one page per
    /// organisation per language, it was about a third of a large register's build time.
    pub minify: bool,
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
            data: PageData::Ready(tera::Value::none()),
            fallback_from: None,
            translations: Vec::new(),
            kind,
            search_filters: BTreeMap::new(),
            searchable: true,
            search_archive: false,
            has_code: false,
            minify: true,
            in_sitemap: true,
            canonical_key: None,
        }
    }

    /// Sets the page data.
    pub fn with_data(mut self, data: impl Serialize) -> Self {
        self.data = PageData::Ready(tera::Value::from_serializable(&data));
        self
    }

    /// Sets page data that is computed only when the page renders.
    pub fn with_data_later(mut self, data: impl Fn(&Site) -> tera::Value + Send + Sync + 'static) -> Self {
        self.data = PageData::Later(std::sync::Arc::new(data));
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

/// A page's template data.
///
/// Held as a template value from the start (converting it once more per page costs
/// seconds at 100k pages), or computed on the rendering thread just before the page
/// renders: a register of 100,000 organisations has 300,000 such pages, and holding all
/// their data at once would take gigabytes.
#[derive(Clone)]
pub enum PageData {
    /// Data computed with the job.
    Ready(tera::Value),
    /// Data computed when the page renders.
    Later(std::sync::Arc<dyn Fn(&Site) -> tera::Value + Send + Sync>),
}

impl std::fmt::Debug for PageData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageData::Ready(v) => f.debug_tuple("Ready").field(v).finish(),
            PageData::Later(_) => f.write_str("Later(..)"),
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

/// A data file written by a function rather than held as bytes, for exports too large to
/// build in memory first (the register export at a million organisations is half a
/// gigabyte). With a staging folder it is written straight into its file.
pub struct StreamedFile<'a> {
    /// Path below the output root (`api/register.json`).
    pub path: String,
    /// Writes the file's content.
    #[allow(clippy::type_complexity)]
    pub write: Box<dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Send + Sync + 'a>,
}

/// The rendered site.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output files held in memory, by path, sorted so writing and hashing are
    /// deterministic. With a staging folder, only the pages the search indexer still
    /// reads, the 404 pages, the site files and assets (the other pages and the data files
    /// are in [`Rendered::written`]); without one (`check`, `serve`, tests), every file.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Files already written to the build's staging folder as they rendered, with their
    /// sizes: a large register's pages are gigabytes that need not all be in memory.
    pub written: BTreeMap<String, usize>,
    /// Number of HTML pages.
    pub pages: usize,
    /// The links and ids of the pages, read as they rendered, for the link check.
    pub links: crate::check::Links,
}

impl Rendered {
    /// Number of files, in memory and written.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.written.len()
    }

    /// Total bytes of all files, in memory and written.
    pub fn byte_count(&self) -> usize {
        self.files.values().map(Vec::len).sum::<usize>() + self.written.values().sum::<usize>()
    }
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

/// All non-HTML outputs of the domain modules, handed to `emit` one at a time.
pub fn all_data_files(site: &Site, emit: &mut dyn FnMut(OutFile)) {
    crate::content::files(site).into_iter().for_each(&mut *emit);
    crate::norms::files(site).into_iter().for_each(&mut *emit);
    crate::mappings::files(site).into_iter().for_each(&mut *emit);
    crate::register::files(site, emit);
    crate::hours::files(site).into_iter().for_each(&mut *emit);
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
    render_pages_to(site, opts, None)
}

/// [`render_pages`], writing each page the search indexer does not read straight into
/// `staging` (when given) as soon as it is rendered, instead of keeping it in memory.
pub fn render_pages_to(site: &Site, opts: &RenderOptions, staging: Option<&Staging>) -> Result<Rendered, Vec<Diagnostic>> {
    let theme = &site.theme;
    let mut jobs = all_jobs(site);
    let shared = SharedContext::new(site);
    let links = crate::check::Links::default();
    let results: Vec<Result<(String, Page), Diagnostic>> = jobs
        .par_iter_mut()
        .map(|job| {
            // A page's data is needed for its own rendering only: taking it out frees it as
            // soon as the page is done, which keeps large registers within memory.
            let data = match std::mem::replace(&mut job.data, PageData::Ready(tera::Value::none())) {
                PageData::Ready(v) => v,
                PageData::Later(make) => make(site),
            };
            let ctx = page_context(site, job, data, opts, &shared);
            let html = theme.render(&job.template, &ctx)?;
            let bytes = if site.config.minify && job.minify {
                minify(&html)
            } else {
                // The renderer's buffer has grown by doubling: keeping its spare capacity for
                // every page would double the memory a large site is held in.
                let mut bytes = html.into_bytes();
                bytes.shrink_to_fit();
                bytes
            };
            let path = job.output_path();
            // Read for the link check now, while the page is at hand.
            links.add(&path, &bytes);
            // Searchable pages stay for the indexer, and pages published under a file
            // name (the 404 page) for the copies made of them below.
            let needed_later = (job.searchable && site.config.search) || job.key.ends_with(".html");
            match staging {
                Some(staging) if !needed_later => {
                    staging.write(&path, &bytes).map_err(|e| Diagnostic::error(PathBuf::from(&path), format!("cannot write the page: {e}")))?;
                    Ok((path, Page::Written(bytes.len())))
                }
                _ => Ok((path, Page::Held(bytes))),
            }
        })
        .collect();
    let mut errors = Vec::new();
    let mut out = Rendered { links, ..Rendered::default() };
    for r in results {
        match r {
            Ok((path, page)) => {
                out.pages += 1;
                match page {
                    Page::Held(bytes) => {
                        out.files.insert(path, bytes);
                    }
                    Page::Written(len) => {
                        out.written.insert(path, len);
                    }
                }
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
    // Nothing after rendering reads the data files (the link check only needs to know
    // they exist): with a staging folder, each is written as soon as it is made.
    let mut write_error = None;
    all_data_files(site, &mut |f| match staging {
        Some(staging) if write_error.is_none() => match staging.write(&f.path, &f.bytes) {
            Ok(()) => {
                out.written.insert(f.path, f.bytes.len());
            }
            Err(e) => write_error = Some(Diagnostic::error(PathBuf::from(&f.path), format!("cannot write the file: {e}"))),
        },
        Some(_) => {}
        None => {
            out.files.insert(f.path, f.bytes);
        }
    });
    if let Some(e) = write_error {
        return Err(vec![e]);
    }
    for f in crate::register::streamed_files(site) {
        let cannot = |e: std::io::Error| vec![Diagnostic::error(PathBuf::from(&f.path), format!("cannot write the file: {e}"))];
        match staging {
            Some(staging) => {
                let len = staging.write_with(&f.path, &*f.write).map_err(cannot)?;
                out.written.insert(f.path.clone(), len);
            }
            None => {
                let mut bytes = Vec::new();
                (f.write)(&mut bytes).map_err(cannot)?;
                out.files.insert(f.path.clone(), bytes);
            }
        }
    }
    for f in crate::site::site_files(site, &jobs) {
        out.files.insert(f.path, f.bytes);
    }
    for (path, bytes) in theme.assets.files() {
        out.files.insert(path, bytes);
    }
    Ok(out)
}

/// A rendered page: in memory, or already written to the staging folder (its size).
enum Page {
    Held(Vec<u8>),
    Written(usize),
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
pub fn page_context(site: &Site, job: &PageJob, data: tera::Value, opts: &RenderOptions, shared: &SharedContext) -> tera::Context {
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
    ctx.insert_value("data", data);
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
