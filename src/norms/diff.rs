//! Word-level differences between two texts, as HTML that reads without JavaScript:
//! removed words in `<del>`, added words in `<ins>`, everything escaped.

use similar::{ChangeTag, TextDiff};

use crate::markdown::escape_html;

/// The word diff of `old` → `new` as HTML. Runs of removed or added words are grouped into
/// one `<del>` / `<ins>` so the result reads as phrases rather than single words.
pub fn words_html(old: &str, new: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    let mut out = String::with_capacity(old.len() + new.len());
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close(&mut out, open);
            match tag {
                ChangeTag::Delete => out.push_str("<del>"),
                ChangeTag::Insert => out.push_str("<ins>"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(&escape_html(change.value()));
    }
    close(&mut out, open);
    out
}

fn close(out: &mut String, open: Option<ChangeTag>) {
    match open {
        Some(ChangeTag::Delete) => out.push_str("</del>"),
        Some(ChangeTag::Insert) => out.push_str("</ins>"),
        _ => {}
    }
}

/// Whether two texts differ in anything but white space.
pub fn differs(old: &str, new: &str) -> bool {
    old.split_whitespace().ne(new.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_removed_and_added_words() {
        let html = words_html("Back up data every week.", "Back up data every day <b>.");
        assert_eq!(html, "Back up data every <del>week.</del><ins>day &lt;b&gt;.</ins>");
    }

    #[test]
    fn whitespace_only_is_not_a_change() {
        assert!(!differs("a  b\n", "a b"));
        assert!(differs("a b", "a c"));
    }
}
