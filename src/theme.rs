//! The theme: Tera templates and static assets under `themes/{name}/`.
//!
//! Templates live in `templates/`, assets in `static/`. Assets are fingerprinted so
//! they can be cached forever: a stylesheet becomes `assets/css/site.1a2b3c4d.css`.
//! JavaScript modules import each other by relative path, so the `js/` folder is
//! fingerprinted as a whole (`assets/js.1a2b3c4d/calculator.js`) instead of file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{rel, Diagnostic, Diagnostics};
use crate::render::OutFile;

/// Templates and fingerprinted assets of the configured theme.
pub struct Theme {
    tera: tera::Tera,
    /// The theme's fingerprinted static files.
    pub assets: Assets,
    /// Folder of the theme, relative to the site root, for messages.
    pub dir: PathBuf,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { tera: tera::Tera::new(), assets: Assets::default(), dir: PathBuf::new() }
    }
}

impl Theme {
    /// Loads templates and assets; every template syntax error becomes a diagnostic.
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Theme {
        let dir = root.join("themes").join(&config.theme);
        let rel_dir = rel(root, &dir);
        if !dir.is_dir() {
            diags.push(Diagnostic::error(&rel_dir, format!("theme `{}` not found", config.theme)));
            return Theme::default();
        }
        let mut sources: Vec<(String, String)> = Vec::new();
        let tdir = dir.join("templates");
        for entry in WalkDir::new(&tdir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.path().strip_prefix(&tdir).unwrap().to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(s) => sources.push((name, s)),
                Err(e) => diags.push(crate::site::unreadable(root, entry.path(), e)),
            }
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
            // Tera stops at the first broken template; parse each one alone to report all.
            let mut found = Vec::new();
            for (name, src) in &sources {
                let mut one = tera::Tera::new();
                if let Err(e) = one.add_raw_template(name, src) {
                    if !e.to_string().contains("not found") {
                        found.push(template_error(&rel_dir, &e));
                    }
                }
            }
            if found.is_empty() {
                found.push(template_error(&rel_dir, &e));
            }
            diags.extend(found);
        }
        let assets = Assets::load(root, &dir.join("static"), diags);
        Theme { tera, assets, dir: rel_dir }
    }

    /// Renders a template; a runtime error (unknown variable, bad filter argument)
    /// becomes a diagnostic naming the template file.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| template_error(&self.dir, &e))
    }

    /// Whether the theme has a template of that name.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

/// Turns a Tera error into a diagnostic at `templates/{file}:{line}:{col}`.
fn template_error(theme_dir: &Path, e: &tera::Error) -> Diagnostic {
    let text = e.to_string();
    // Tera 2 reports `--> name:line:col` in its rendered report; lift it out so the
    // diagnostic's location is the real file path, and keep the report as a note.
    let mut file = theme_dir.join("templates");
    let mut line_col = None;
    for l in text.lines() {
        if let Some(rest) = l.trim_start().strip_prefix("--> ") {
            let mut parts = rest.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.trim().parse::<u32>().ok());
            let line = parts.next().and_then(|c| c.trim().parse::<u32>().ok());
            if let (Some(c), Some(l), Some(name)) = (col, line, parts.next()) {
                file = file.join(name.trim());
                line_col = Some((l, c));
                break;
            }
        }
    }
    let first = text.lines().next().unwrap_or("template error").trim().to_string();
    let mut d = Diagnostic::error(file, format!("template error: {first}"));
    if let Some((l, c)) = line_col {
        d = d.at(l, c);
    }
    let rest: Vec<&str> = text.lines().skip(1).collect();
    if !rest.is_empty() {
        d = d.note(rest.join("\n"));
    }
    if let Some(src) = std::error::Error::source(e) {
        d.message.push_str(&format!(": {src}"));
    }
    d
}

/// Static files with their fingerprinted output paths.
#[derive(Debug, Default, Clone)]
pub struct Assets {
    /// Logical path (`css/site.css`) → (output path, bytes).
    files: BTreeMap<String, (String, Vec<u8>)>,
}

impl Assets {
    fn load(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Assets {
        let mut raw: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                let logical = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                match std::fs::read(entry.path()) {
                    Ok(b) => {
                        raw.insert(logical, b);
                    }
                    Err(e) => diags.push(crate::site::unreadable(root, entry.path(), e)),
                }
            }
        }
        // The code-highlighting stylesheet comes from syntect's theme, so it always matches
        // the classes `markdown.rs` emits.
        raw.insert("css/highlight.css".into(), crate::markdown::highlight_css().into_bytes());
        let mut js_hash = Sha256::new();
        for (name, bytes) in raw.iter().filter(|(n, _)| n.starts_with("js/")) {
            js_hash.update(name.as_bytes());
            js_hash.update(bytes);
        }
        let js_dir = format!("js.{}", short_hash(&js_hash.finalize()));
        let files = raw
            .into_iter()
            .map(|(logical, bytes)| {
                let out = if let Some(rest) = logical.strip_prefix("js/") {
                    format!("assets/{js_dir}/{rest}")
                } else {
                    let h = short_hash(&Sha256::digest(&bytes));
                    match logical.rsplit_once('.') {
                        Some((stem, ext)) if !stem.ends_with('/') => format!("assets/{stem}.{h}.{ext}"),
                        _ => format!("assets/{logical}.{h}"),
                    }
                };
                (logical, (out, bytes))
            })
            .collect();
        Assets { files }
    }

    /// Logical path → root-relative URL, for templates (`asset["css/site.css"]`).
    pub fn urls(&self) -> BTreeMap<&str, String> {
        self.files.iter().map(|(k, (out, _))| (k.as_str(), format!("/{out}"))).collect()
    }

    /// URL of one asset.
    pub fn url(&self, logical: &str) -> Option<String> {
        self.files.get(logical).map(|(out, _)| format!("/{out}"))
    }

    /// Output files.
    pub fn files(&self) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
        self.files.values().map(|(p, b)| (p.clone(), b.clone()))
    }
}

fn short_hash(bytes: &[u8]) -> String {
    bytes.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// The Content-Security-Policy every page is served with. No `'unsafe-inline'` and no
/// `'unsafe-eval'`: the site has no inline script or style. Pagefind compiles WebAssembly,
/// which needs `'wasm-unsafe-eval'` and nothing more.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

const HEADERS: [(&str, &str); 6] = [
    ("Content-Security-Policy", CSP),
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
];

/// `_headers` (Netlify / Cloudflare Pages) and `nginx-security-headers.conf`, carrying the
/// same policy, so the site is served with it whichever host is chosen.
pub fn security_headers() -> Vec<OutFile> {
    let mut netlify = String::from("/*\n");
    let mut nginx = String::from("# Include inside the server block that serves the site.\n");
    for (k, v) in HEADERS {
        netlify.push_str(&format!("  {k}: {v}\n"));
        nginx.push_str(&format!("add_header {k} \"{v}\" always;\n"));
    }
    netlify.push_str("/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n");
    nginx.push_str("location /assets/ {\n  add_header Cache-Control \"public, max-age=31536000, immutable\" always;\n");
    for (k, v) in HEADERS {
        // nginx drops inherited add_header lines inside a location that has its own.
        nginx.push_str(&format!("  add_header {k} \"{v}\" always;\n"));
    }
    nginx.push_str("}\n");
    vec![OutFile::new("_headers", netlify), OutFile::new("nginx-security-headers.conf", nginx)]
}
