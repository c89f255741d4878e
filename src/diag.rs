//! Diagnostics: every problem a run finds, with the place it was found.
//!
//! Loading and validation never stop at the first problem: each step pushes
//! [`Diagnostic`]s into a list and the pipeline decides at the end whether the
//! run failed. A diagnostic prints rustc-style, with the offending source line
//! when one is known, so an editor can jump to `file:line:col`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build goes on; the site is still published.
    Warning,
    /// The build fails with exit status 1 and writes nothing.
    Error,
}

/// One problem, tied to a file and, where known, a line and column or a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known (only meaningful with a line).
    pub column: Option<u32>,
    /// A JSON path such as `organisations[41].certificates[0].expires`, for JSON inputs.
    pub json_path: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The source line the position points into, printed under the message.
    pub source_line: Option<String>,
    /// Extra context lines (for example a pre-rendered template report).
    pub note: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: None,
            column: None,
            json_path: None,
            message: message.into(),
            source_line: None,
            note: None,
        }
    }

    /// Points the diagnostic at a line and column of the file.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Points the diagnostic at a line and column and keeps the line's text from `source`
    /// so the message can show it.
    pub fn at_in(self, source: &str, line: u32, column: u32) -> Self {
        let text = source.lines().nth(line.saturating_sub(1) as usize).map(str::to_owned);
        let mut d = self.at(line, column);
        d.source_line = text;
        d
    }

    /// Attaches a JSON path (for JSON inputs).
    pub fn json_path(mut self, path: impl Into<String>) -> Self {
        self.json_path = Some(path.into());
        self
    }

    /// Attaches free-form context printed after the location.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, `file:line`, `file` or `file at json.path`: the place, in one token.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column, &self.json_path) {
            (Some(l), Some(c), _) => format!("{file}:{l}:{c}"),
            (Some(l), None, _) => format!("{file}:{l}"),
            (None, _, Some(p)) => format!("{file}: {p}"),
            (None, _, None) => format!("{file}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if self.line.is_some() {
            if let Some(p) = &self.json_path {
                write!(f, " ({p})")?;
            }
        }
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            write!(f, "\n{pad} |\n{num} | {text}")?;
            if let Some(col) = self.column {
                let caret_pad: String = text
                    .chars()
                    .take(col.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {caret_pad}^")?;
            }
        }
        if let Some(note) = &self.note {
            write!(f, "\n{}", note.trim_end())?;
        }
        Ok(())
    }
}

/// The problems collected by one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All diagnostics, sorted by file, line and column so output is stable
    /// whatever order the parallel loaders finished in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.json_path, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.json_path, &b.message))
        });
        v
    }

    /// Consumes the list.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diagnostics { items }
    }
}

/// Makes `path` relative to `root` for display, leaving it alone when it is elsewhere.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
