//! The site configuration file, `normsite.yaml` at the site root.

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::yaml::{self, Spanned};

/// File name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "normsite.yaml";

/// One language the site is published in.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// ISO 639-1 code, used in URLs (`/en/`) and `<html lang>`.
    pub code: String,
    /// The language's own name, for the language switcher (`Nederlands`).
    pub name: String,
    /// A complete language must have every page and string: anything missing is an error.
    /// An incomplete one falls back to the default language with a visible notice.
    #[serde(default)]
    pub complete: bool,
}

/// An entry of the main navigation.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// Page key below the language folder (`norms/`); empty for the home page.
    pub key: String,
    /// Translation key of the label (`nav.norms`).
    pub label: String,
}

/// How the register is published.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum RegisterMode {
    /// One HTML page per organisation and language (the default).
    #[default]
    Pages,
    /// One view page per language plus a host rewrite rule; for very large registers.
    Shards,
}

/// The parsed `normsite.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is published at, without trailing slash; used for canonical
    /// links, the sitemap, feeds and QR codes. `--base-url` overrides it.
    pub base_url: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Code of the default language; pages missing elsewhere fall back to it.
    pub default_language: String,
    /// Languages in the order the switcher lists them.
    pub languages: Vec<Language>,
    /// How the register is published.
    #[serde(default)]
    pub register_mode: RegisterMode,
    /// Minify HTML output (on by default; `serve` may turn it off for readability).
    #[serde(default = "yes")]
    pub minify: bool,
    /// The main navigation, in order.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// Build the full-text search (index, search pages, header search box); on by default.
    #[serde(default = "yes")]
    pub search: bool,
    /// Where `default_language` was written, for error messages.
    #[serde(skip)]
    pub default_language_line: Option<(u32, u32)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    default_language: Spanned<String>,
    languages: Vec<Language>,
    #[serde(default)]
    register_mode: RegisterMode,
    #[serde(default = "yes")]
    minify: bool,
    #[serde(default)]
    menu: Vec<MenuItem>,
    #[serde(default = "yes")]
    search: bool,
}

fn default_theme() -> String {
    "default".into()
}

fn yes() -> bool {
    true
}

impl Config {
    /// Reads and checks `normsite.yaml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let file = Path::new(CONFIG_FILE);
        let src = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::error(file, format!("cannot read the site configuration: {e}"))]
        })?;
        let raw: RawConfig = yaml::parse(file, &src).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        if raw.languages.is_empty() {
            errors.push(Diagnostic::error(file, "`languages` lists no language"));
        }
        if !raw.languages.iter().any(|l| l.code == raw.default_language.value) {
            errors.push(yaml::error_at(
                file,
                &src,
                &raw.default_language,
                format!("default language `{}` is not in `languages`", raw.default_language.value),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for l in &raw.languages {
            if !is_lang_code(&l.code) {
                errors.push(Diagnostic::error(file, format!("language code `{}` is not a lower-case ISO 639-1 code", l.code)));
            }
            if !seen.insert(&l.code) {
                errors.push(Diagnostic::error(file, format!("language `{}` is listed twice", l.code)));
            }
        }
        if !(raw.base_url.starts_with("https://") || raw.base_url.starts_with("http://")) {
            errors.push(Diagnostic::error(file, "`base_url` must be an absolute http(s) URL"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            base_url: raw.base_url.trim_end_matches('/').to_string(),
            theme: raw.theme,
            default_language_line: Some(yaml::pos(&raw.default_language)),
            default_language: raw.default_language.value,
            languages: raw.languages,
            register_mode: raw.register_mode,
            minify: raw.minify,
            menu: raw.menu,
            search: raw.search,
        })
    }

    /// The default language's entry.
    pub fn default_lang(&self) -> &Language {
        self.languages
            .iter()
            .find(|l| l.code == self.default_language)
            .expect("validated on load")
    }

    /// Looks a language up by code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Language codes in configured order.
    pub fn lang_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }
}

fn is_lang_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}
