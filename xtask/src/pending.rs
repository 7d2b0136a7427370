//! Reading the pending list (`docs/pending-rules.txt`).
//!
//! The list names rules whose feature is scheduled for later work: they may
//! lack `impl` or `verify` annotations without failing the check. Format: one
//! rule ID per line; `#` starts a comment that runs to the end of the line;
//! blank lines are ignored.

/// One entry of the pending list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEntry {
    /// The rule ID.
    pub id: String,
    /// 1-based line number in the list.
    pub line: usize,
}

/// Parses the pending list.
pub fn parse_pending(text: &str) -> Vec<PendingEntry> {
    text.lines()
        .enumerate()
        .filter_map(|(idx, line)| {
            let content = line.split('#').next().unwrap_or_default().trim();
            (!content.is_empty()).then(|| PendingEntry {
                id: content.to_owned(),
                line: idx + 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let text = "# header\n\nstate.a  # trailing comment\n   \n  state.b\n#state.c\n";
        let entries = parse_pending(text);
        assert_eq!(
            entries,
            [
                PendingEntry {
                    id: "state.a".into(),
                    line: 3
                },
                PendingEntry {
                    id: "state.b".into(),
                    line: 5
                },
            ]
        );
    }

    #[test]
    fn empty_list_has_no_entries() {
        assert!(parse_pending("").is_empty());
        assert!(parse_pending("# only comments\n\n").is_empty());
    }
}
