//! The model: an immutable [`Site`] built from every input, and the site-wide files
//! derived from it (sitemap, robots.txt, security headers, the root language redirect).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::I18n;
use crate::render::{OutFile, PageJob};
use crate::theme::Theme;

/// What a run was asked to do, beyond the files on disk.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Site root folder (holds `normsite.yaml`).
    pub root: PathBuf,
    /// Register file; default `register-data/register.json` under the root.
    pub register: Option<PathBuf>,
    /// `--base-url`, overriding the configuration.
    pub base_url: Option<String>,
    /// `--date`: the "as of" day for statuses; default the register's export date.
    pub date: Option<Date>,
}

/// Everything a build knows, validated. Rendering only reads it.
pub struct Site {
    /// Site root folder.
    pub root: PathBuf,
    /// `normsite.yaml`.
    pub config: Config,
    /// UI strings.
    pub i18n: I18n,
    /// Templates and static assets.
    pub theme: Theme,
    /// Content pages from `content/`.
    pub content: crate::content::Content,
    /// Norm versions and their measures.
    pub norms: crate::norms::Norms,
    /// Mappings to ISO 27001, NEN 7510 and NIS2.
    pub mappings: crate::mappings::Mappings,
    /// The public certificate register.
    pub register: crate::register::Register,
    /// The audit-hours rules.
    pub hours: crate::hours::Hours,
    /// The "as of" date for statuses rendered into the HTML.
    pub build_date: Date,
}

impl Site {
    /// Loads and validates every input. On success also returns the warnings; on failure
    /// every diagnostic found (errors and warnings), sorted by file and position.
    pub fn load(opts: &LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        let root = opts.root.clone();
        let mut config = Config::load(&root).map_err(Diagnostics::from)?;
        if let Some(url) = &opts.base_url {
            config.base_url = url.trim_end_matches('/').to_string();
        }
        let register_path = opts.register.clone().unwrap_or_else(|| root.join(crate::register::DEFAULT_FILE));

        // The inputs are independent until validation: load them side by side.
        let ((i18n, theme, content), (norms, hours, register)) = rayon::join(
            || {
                let mut d = Diagnostics::new();
                let i18n = I18n::load(&root, &config, &mut d);
                let mut d2 = Diagnostics::new();
                let theme = Theme::load(&root, &config, &mut d2);
                let mut d3 = Diagnostics::new();
                let content = crate::content::load(&root, &config, &mut d3);
                d.extend(d2.into_vec());
                d.extend(d3.into_vec());
                ((i18n, d), theme, content)
            },
            || {
                let mut d = Diagnostics::new();
                let norms = crate::norms::load(&root, &config, &mut d);
                let mut d2 = Diagnostics::new();
                let hours = crate::hours::load(&root, &config, &mut d2);
                let mut d3 = Diagnostics::new();
                let register = crate::register::load(&root, &register_path, &mut d3);
                d.extend(d2.into_vec());
                d.extend(d3.into_vec());
                ((norms, d), hours, register)
            },
        );
        let ((i18n, mut diags), theme, content) = (i18n, theme, content);
        let ((norms, d), hours, register) = (norms, hours, register);
        diags.extend(d.into_vec());

        // Cross-references need more than one input.
        let mappings = crate::mappings::load(&root, &config, &norms, &mut diags);
        crate::register::validate(&register, &register_path, &norms, &root, &mut diags);

        let build_date = opts.date.or_else(|| crate::register::export_date(&register)).unwrap_or_else(|| {
            // Without a register or --date there is no "as of" day in the inputs; a fixed
            // day keeps builds reproducible rather than leaking the wall clock.
            Date::new(2026, 1, 1).expect("valid date")
        });

        if diags.has_errors() {
            return Err(diags);
        }
        let site = Site { root, config, i18n, theme, content, norms, mappings, register, hours, build_date };
        Ok((site, diags))
    }

    /// Absolute URL of a root-relative path (`/en/` → `https://example.org/en/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url, path)
    }

    /// Path of the site root.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Site-wide files that depend on the list of pages: sitemap, robots.txt, the root
/// redirect page and the security headers for common hosts.
pub fn site_files(site: &Site, jobs: &[PageJob]) -> Vec<OutFile> {
    let mut files = vec![sitemap(site, jobs), robots(site)];
    files.extend(crate::theme::security_headers());
    files
}

fn sitemap(site: &Site, jobs: &[PageJob]) -> OutFile {
    use std::collections::BTreeMap;
    use std::fmt::Write;
    // Group by key so each URL lists its real translations as alternates.
    let mut by_key: BTreeMap<&str, Vec<&PageJob>> = BTreeMap::new();
    for j in jobs.iter().filter(|j| j.in_sitemap && j.fallback_from.is_none() && j.canonical_key.is_none()) {
        by_key.entry(&j.key).or_default().push(j);
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for group in by_key.values() {
        for j in group {
            let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", escape_xml(&site.absolute(&j.url())));
            if group.len() > 1 {
                for alt in group {
                    let _ = writeln!(
                        xml,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        alt.lang,
                        escape_xml(&site.absolute(&alt.url()))
                    );
                }
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutFile::new("sitemap.xml", xml)
}

fn robots(site: &Site) -> OutFile {
    OutFile::new("robots.txt", format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", site.config.base_url))
}

/// Escapes text for XML element content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A diagnostic for a file that could not be read.
pub fn unreadable(root: &Path, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(crate::diag::rel(root, path), format!("cannot read: {e}"))
}
