//! The one place that parses YAML.
//!
//! `serde_yaml` is deprecated upstream; normsite uses `serde-saphyr`, a maintained
//! serde-compatible deserializer that also records where every value came from
//! ([`Spanned`]). That lets validation point at `file:line:col` for semantic errors
//! (an unknown measure id, overlapping hour bands), not only for syntax errors.
//! Keeping every YAML call behind this module means a future switch touches one file.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;

/// A value together with the line and column it was read from.
pub use serde_saphyr::Spanned;

/// Parses `src` (the whole file at `file`) into `T`.
///
/// On failure returns one diagnostic with the position of the problem and the offending line.
pub fn parse<T: DeserializeOwned>(file: &Path, src: &str) -> Result<T, Diagnostic> {
    parse_at(file, src, src, 0)
}

/// Parses a YAML fragment that starts `line_offset` lines into `whole` (for example
/// front matter after a `---` line), so positions are reported against the real file.
pub fn parse_at<T: DeserializeOwned>(
    file: &Path,
    fragment: &str,
    whole: &str,
    line_offset: u32,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(fragment).map_err(|e| {
        let plain = e.without_snippet();
        let message = strip_location_suffix(&plain.to_string());
        let d = Diagnostic::error(file, format!("invalid YAML: {message}"));
        match plain.location() {
            Some(loc) if loc.line() > 0 => {
                d.at_in(whole, loc.line() as u32 + line_offset, loc.column().max(1) as u32)
            }
            _ => d,
        }
    })
}

/// `(line, column)` of a spanned value, both 1-based.
pub fn pos<T>(s: &Spanned<T>) -> (u32, u32) {
    (s.referenced.line() as u32, s.referenced.column().max(1) as u32)
}

/// An error pointing at a spanned value, with the value's source line.
pub fn error_at<T>(file: &Path, src: &str, at: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
    let (l, c) = pos(at);
    Diagnostic::error(file, message).at_in(src, l, c)
}

/// A warning pointing at a spanned value, with the value's source line.
pub fn warning_at<T>(file: &Path, src: &str, at: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
    let (l, c) = pos(at);
    Diagnostic::warning(file, message).at_in(src, l, c)
}

// serde-saphyr appends " at line X, column Y" to its messages; the diagnostic already
// carries the position, so the message reads better without it.
fn strip_location_suffix(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg);
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[allow(dead_code)]
        a: u32,
        b: Spanned<String>,
    }

    #[test]
    fn syntax_error_points_at_line_and_column() {
        let src = "a: 1\nb: [unclosed\n";
        let e = parse::<T>(Path::new("x.yaml"), src).unwrap_err();
        assert!(e.line.is_some(), "{e}");
        assert!(e.to_string().contains("x.yaml:"), "{e}");
    }

    #[test]
    fn unknown_field_is_an_error_with_its_line() {
        let src = "a: 1\nb: x\nc: 2\n";
        let e = parse::<T>(Path::new("x.yaml"), src).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains('c'), "{e}");
    }

    #[test]
    fn spans_survive_with_offset() {
        let whole = "---\na: 1\nb: hello\n---\nbody";
        let frag = "a: 1\nb: hello\n";
        let t: T = parse_at(Path::new("p.md"), frag, whole, 1).unwrap();
        assert_eq!(pos(&t.b), (2, 4));
        let d = error_at(Path::new("p.md"), frag, &t.b, "bad");
        assert_eq!(d.line, Some(2));
    }
}
