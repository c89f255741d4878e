//! UI strings per language: `i18n/{lang}/{namespace}.yaml`.
//!
//! Each file is a namespace (`i18n/en/common.yaml` → `t.common.*` in templates and
//! `common.*` for [`I18n::get`]). Every language is compared key by key with the default
//! language: a key missing in a complete language is an error, in an incomplete one a
//! warning, and the default language's string fills the gap so no page shows a hole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

/// Folder under the site root that holds translation files.
pub const I18N_DIR: &str = "i18n";

/// Translation strings for every configured language.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    /// Nested string tables per language code, already completed from the default language.
    tables: BTreeMap<String, Value>,
    /// Flat `namespace.key.sub` → string per language, for lookups from Rust.
    flat: BTreeMap<String, BTreeMap<String, String>>,
    default_lang: String,
}

impl I18n {
    /// Loads every language's files and checks them against the default language.
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> I18n {
        let mut raw: BTreeMap<String, (Value, BTreeMap<String, PathBuf>)> = BTreeMap::new();
        for lang in config.lang_codes() {
            let dir = root.join(I18N_DIR).join(lang);
            let mut table = Map::new();
            let mut origin = BTreeMap::new();
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(_) => Vec::new(),
            };
            entries.sort();
            for path in entries.into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
                let rel = crate::diag::rel(root, &path);
                let ns = path.file_stem().unwrap().to_string_lossy().to_string();
                let src = match std::fs::read_to_string(&path) {
                    Ok(s) => s,
                    Err(e) => {
                        diags.push(Diagnostic::error(&rel, format!("cannot read: {e}")));
                        continue;
                    }
                };
                match yaml::parse::<Value>(&rel, &src) {
                    Ok(v @ Value::Object(_)) => {
                        let mut keys = BTreeMap::new();
                        flatten(&ns, &v, &mut keys);
                        for k in keys.keys() {
                            origin.insert(k.clone(), rel.clone());
                        }
                        table.insert(ns, v);
                    }
                    Ok(_) => diags.push(Diagnostic::error(&rel, "a translation file must be a mapping of keys to strings")),
                    Err(d) => diags.push(d),
                }
            }
            raw.insert(lang.to_string(), (Value::Object(table), origin));
        }

        let default = config.default_language.clone();
        let mut default_flat = BTreeMap::new();
        if let Some((v, _)) = raw.get(&default) {
            for (ns, sub) in v.as_object().into_iter().flatten() {
                flatten(ns, sub, &mut default_flat);
            }
        }
        let mut tables = BTreeMap::new();
        let mut flat = BTreeMap::new();
        for lang in &config.languages {
            let (v, _) = raw.remove(&lang.code).unwrap_or_default();
            let mut lang_flat = BTreeMap::new();
            for (ns, sub) in v.as_object().into_iter().flatten() {
                flatten(ns, sub, &mut lang_flat);
            }
            let mut missing = Vec::new();
            for (k, s) in &default_flat {
                if !lang_flat.contains_key(k) {
                    missing.push(k.clone());
                    lang_flat.insert(k.clone(), s.clone());
                }
            }
            if !missing.is_empty() && lang.code != default {
                let file = PathBuf::from(I18N_DIR).join(&lang.code);
                let msg = format!(
                    "{} UI string(s) missing in `{}`, using `{}`: {}",
                    missing.len(),
                    lang.code,
                    default,
                    summarise(&missing)
                );
                diags.push(if lang.complete { Diagnostic::error(file, msg) } else { Diagnostic::warning(file, msg) });
            }
            tables.insert(lang.code.clone(), unflatten(&lang_flat));
            flat.insert(lang.code.clone(), lang_flat);
        }
        I18n { tables, flat, default_lang: default }
    }

    /// The nested table for templates (`t`).
    pub fn table(&self, lang: &str) -> &Value {
        static EMPTY: Value = Value::Null;
        self.tables.get(lang).unwrap_or(&EMPTY)
    }

    /// One string by dotted key; falls back to the default language, then to the key itself
    /// so a missing string is visible rather than blank.
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.flat
            .get(lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.flat.get(&self.default_lang).and_then(|m| m.get(key)))
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// A date in the language's long form (`3 December 2026`), using `common.months`.
    pub fn format_date(&self, lang: &str, date: jiff::civil::Date) -> String {
        let month_key = format!("common.months.{}", date.month());
        let month = self.get(lang, &month_key);
        let pattern = self.get(lang, "common.date_format");
        let pattern = if pattern == "common.date_format" { "{day} {month} {year}" } else { pattern };
        pattern
            .replace("{day}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year().to_string())
    }
}

fn summarise(keys: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = keys.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if keys.len() > SHOWN {
        s.push_str(&format!(" and {} more", keys.len() - SHOWN));
    }
    s
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, sub) in m {
                flatten(&format!("{prefix}.{k}"), sub, out);
            }
        }
        Value::Array(items) => {
            // Lists (month names) are addressed 1-based, as people count them.
            for (i, sub) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{}", i + 1), sub, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        Value::Number(n) => {
            out.insert(prefix.to_string(), n.to_string());
        }
        Value::Bool(b) => {
            out.insert(prefix.to_string(), b.to_string());
        }
        Value::Null => {}
    }
}

fn unflatten(flat: &BTreeMap<String, String>) -> Value {
    let mut root = Map::new();
    for (k, s) in flat {
        let mut parts = k.split('.').peekable();
        let mut cur = &mut root;
        while let Some(p) = parts.next() {
            if parts.peek().is_none() {
                cur.insert(p.to_string(), Value::String(s.clone()));
            } else {
                let next = cur.entry(p.to_string()).or_insert_with(|| Value::Object(Map::new()));
                if !next.is_object() {
                    *next = Value::Object(Map::new());
                }
                cur = next.as_object_mut().unwrap();
            }
        }
    }
    Value::Object(root)
}
