//! Markdown to HTML: pulldown-cmark for the text, syntect for code blocks.
//!
//! Code is highlighted with CSS classes (`hl-…`), never inline styles, so pages hold
//! under a Content-Security-Policy without `'unsafe-inline'`; the matching stylesheet
//! comes from [`highlight_css`]. Headings get stable `id`s for deep links.

use std::collections::HashMap;
use std::sync::OnceLock;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// A heading of a rendered document, for a table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` attribute (`how-to-apply`).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Html {
    /// The HTML fragment.
    pub html: String,
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Link and image targets with the byte offset where they are written, so a broken
    /// link can be reported at its line and column.
    #[serde(skip)]
    pub links: Vec<(String, usize)>,
    /// Whether the document has a code block, so its page links the highlighting stylesheet.
    pub has_code: bool,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a Markdown document. Heading ids are made unique within the document.
pub fn render(markdown: &str) -> Html {
    let mut links = Vec::new();
    let events: Vec<Event> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(e, range)| {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &e {
                links.push((dest_url.to_string(), range.start));
            }
            e
        })
        .collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut has_code = false;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // Collect the heading's text to derive its id.
                let mut j = i + 1;
                let mut text = String::new();
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let base = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| slugify(&text));
                let n = used.entry(base.clone()).or_insert(0);
                let unique = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
                *n += 1;
                headings.push(Heading { level: heading_number(*level), id: unique.clone(), text });
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                i += 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j] {
                        code.push_str(t);
                    }
                    j += 1;
                }
                out.push(Event::Html(CowStr::from(highlight(&code, &lang))));
                has_code = true;
                i = j + 1;
            }
            e => {
                out.push(e.clone());
                i += 1;
            }
        }
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Html { html: html_out, headings, links, has_code }
}

/// Renders a short Markdown fragment (a title, a table cell) without a wrapping `<p>`.
pub fn render_inline(markdown: &str) -> String {
    let html = render(markdown).html;
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn highlight(code: &str, lang: &str) -> String {
    let ss = syntaxes();
    let escaped_lang = lang.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "");
    let syntax = if lang.is_empty() { None } else { ss.find_syntax_by_token(lang) };
    let body = match syntax {
        Some(syntax) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator.parse_html_for_line_which_includes_newline(line).is_err() {
                    ok = false;
                    break;
                }
            }
            if ok { generator.finalize() } else { escape_html(code) }
        }
        None => escape_html(code),
    };
    if escaped_lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\"><code class=\"language-{escaped_lang}\">{body}</code></pre>\n")
    }
}

/// The stylesheet for highlighted code, from one of syntect's bundled themes, with every
/// text colour darkened where needed to reach WCAG AA contrast (4.5:1) on the code
/// background: bundled themes use pale greys for comments that fail it.
pub fn highlight_css() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    let css = syntect::html::css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let t = line.trim_start();
        match t.strip_prefix("color: #").and_then(|rest| rest.get(..6)) {
            Some(hex) if !t.starts_with("background") => match parse_hex(hex) {
                Some(rgb) => out.push_str(&format!(" color: {};\n", to_hex(accessible(rgb, CODE_BACKGROUND)))),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            },
            _ => {
                // The theme's own background would fight the site's code block colour.
                if !t.starts_with("background-color") {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Background of code blocks in the default theme (`--tint` in site.css).
const CODE_BACKGROUND: (u8, u8, u8) = (0xf2, 0xf5, 0xf8);

fn parse_hex(h: &str) -> Option<(u8, u8, u8)> {
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

fn to_hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let ch = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn accessible(mut c: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
    while contrast(c, bg) < 4.6 {
        c = ((c.0 as f64 * 0.9) as u8, (c.1 as f64 * 0.9) as u8, (c.2 as f64 * 0.9) as u8);
    }
    c
}

/// A URL- and id-safe slug: lower case ASCII letters, digits and dashes; other letters
/// keep their base form where Unicode decomposes them simply (é → e).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_diacritic(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() { "section".to_string() } else { out }
}

/// Folds common Latin letters with diacritics to their ASCII base letter.
pub fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        other => other,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let h = render("# Back-up & restore\n\n## Scope\n\n## Scope\n");
        assert!(h.html.contains("<h1 id=\"back-up-restore\">"), "{}", h.html);
        assert!(h.html.contains("<h2 id=\"scope-1\">"), "{}", h.html);
        assert_eq!(h.headings.len(), 3);
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let h = render("```rust\nfn main() {}\n```\n");
        assert!(h.html.contains("class=\"hl-"), "{}", h.html);
        assert!(!h.html.contains("style="), "{}", h.html);
    }

    #[test]
    fn tables_and_footnotes() {
        let h = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n");
        assert!(h.html.contains("<table>"));
        assert!(h.html.contains("footnote"));
    }

    #[test]
    fn highlight_colours_meet_wcag_aa_on_the_code_background() {
        let css = highlight_css();
        let mut n = 0;
        for line in css.lines().filter(|l| l.trim_start().starts_with("color: #")) {
            let hex = &line.trim_start()["color: #".len()..][..6];
            let c = parse_hex(hex).unwrap();
            assert!(contrast(c, CODE_BACKGROUND) >= 4.5, "{line}");
            n += 1;
        }
        assert!(n > 5, "the stylesheet has colours: {css}");
    }

    #[test]
    fn slugs_fold_diacritics() {
        assert_eq!(slugify("Privacyverklaring – één"), "privacyverklaring-een");
    }
}
