//! Byte positions inside a JSON document that is already known to be well-formed.
//!
//! serde_json stops at the first error of a document. To report *every* problem of a
//! register export, the loader cuts the document into its top-level members and array
//! elements with this scanner and deserialises each element on its own; the positions
//! found here turn an element's local error, or a semantic error's JSON path, back into
//! a line and column of the whole file.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    /// An object member.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the string starting at `i` (which holds `"`).
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// End (exclusive) of the value starting at `i`.
pub fn value_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => string_end(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                j += 1;
            }
            j
        }
    }
}

/// Members of the object starting at `i`: (key, key offset, value start, value end).
pub fn members(src: &str, i: usize) -> Vec<(String, usize, usize, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    if b.get(i) != Some(&b'{') {
        return out;
    }
    let mut j = ws(b, i + 1);
    while j < b.len() && b[j] == b'"' {
        let kend = string_end(b, j);
        let key: String = serde_json::from_str(&src[j..kend]).unwrap_or_default();
        let colon = ws(b, kend);
        let vstart = ws(b, colon + 1);
        let vend = value_end(b, vstart);
        out.push((key, j, vstart, vend));
        j = ws(b, vend);
        if b.get(j) == Some(&b',') {
            j = ws(b, j + 1);
        }
    }
    out
}

/// Elements of the array starting at `i`: (start, end) of each.
pub fn elements(src: &str, i: usize) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    if b.get(i) != Some(&b'[') {
        return out;
    }
    let mut j = ws(b, i + 1);
    while j < b.len() && b[j] != b']' {
        let end = value_end(b, j);
        out.push((j, end));
        j = ws(b, end);
        if b.get(j) == Some(&b',') {
            j = ws(b, j + 1);
        }
    }
    out
}

/// Start of the value at `path` below the value starting at `i`; where a step is missing,
/// the start of the deepest value found, so an error about a missing member points at
/// the object that lacks it.
pub fn locate(src: &str, i: usize, path: &[Step]) -> usize {
    let mut at = ws(src.as_bytes(), i);
    for step in path {
        let next = match step {
            Step::Key(k) => members(src, at).into_iter().find(|(key, ..)| key == k).map(|(_, _, s, _)| s),
            Step::Index(n) => elements(src, at).get(*n).map(|(s, _)| *s),
        };
        match next {
            Some(n) => at = n,
            None => break,
        }
    }
    at
}

/// Line starts of a text, for turning byte offsets into 1-based line and column.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `src`.
    pub fn new(src: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based (line, column in characters) of byte `offset`.
    pub fn line_col(&self, src: &str, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = src.get(start..offset.min(src.len())).map(|s| s.chars().count()).unwrap_or(0);
        (line as u32, col as u32 + 1)
    }

    /// Byte offset of 1-based (line, column) counted from byte `base`, as serde_json reports
    /// positions inside a slice that starts at `base`.
    pub fn offset_in(&self, src: &str, base: usize, line: usize, column: usize) -> usize {
        let base_line = self.starts.partition_point(|&s| s <= base) - 1;
        let target_line = base_line + line.saturating_sub(1);
        let line_start = if line <= 1 { base } else { self.starts.get(target_line).copied().unwrap_or(src.len()) };
        // serde_json counts columns in bytes; column 0 means "before the first byte".
        (line_start + column.saturating_sub(1)).min(src.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values_across_lines() {
        let src = "{\n \"a\": [ {\"x\": 1}, {\"x\": \"q\\\"]}\", \"y\": [true]} ],\n \"b\": null }";
        let top = members(src, 0);
        assert_eq!(top.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let els = elements(src, top[0].2);
        assert_eq!(els.len(), 2);
        let at = locate(src, 0, &[Step::Key("a"), Step::Index(1), Step::Key("y")]);
        assert_eq!(&src[at..at + 6], "[true]");
        let lines = Lines::new(src);
        assert_eq!(lines.line_col(src, top[1].1), (3, 2));
    }
}

/// The path of the innermost member or element of the value starting at `i` whose extent
/// (key included) contains byte `offset`: it names the value a serde error points into.
pub fn path_at(src: &str, i: usize, offset: usize) -> Vec<OwnedStep> {
    let b = src.as_bytes();
    let mut path = Vec::new();
    let mut at = i;
    loop {
        let next = match b.get(at) {
            Some(b'{') => members(src, at)
                .into_iter()
                .find(|(_, k, _, e)| *k <= offset && offset < *e)
                .map(|(key, _, s, _)| (OwnedStep::Key(key), s)),
            Some(b'[') => elements(src, at)
                .into_iter()
                .enumerate()
                .find(|(_, (s, e))| *s <= offset && offset < *e)
                .map(|(n, (s, _))| (OwnedStep::Index(n), s)),
            _ => None,
        };
        match next {
            Some((step, s)) => {
                path.push(step);
                at = s;
            }
            None => return path,
        }
    }
}

/// A path step that owns its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedStep {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Appends steps to a JSON path string (`a[1].b`).
pub fn push_path(base: &mut String, steps: &[OwnedStep]) {
    for s in steps {
        match s {
            OwnedStep::Key(k) => {
                base.push('.');
                base.push_str(k);
            }
            OwnedStep::Index(n) => base.push_str(&format!("[{n}]")),
        }
    }
}
