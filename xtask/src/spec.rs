//! Reading rule definitions out of the spec (`docs/spec.md`).
//!
//! A rule is defined by a blockquote line that starts with the marker, for
//! example `> t[state.machine.strict-end]`; in other words a line matching
//! `^>\s*t\[([a-z0-9._-]+)\]`. Markers elsewhere (inline in prose, in
//! fenced code blocks, indented) are not definitions.

use std::collections::BTreeMap;

/// One rule definition found in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDef {
    /// The rule ID, e.g. `state.machine.strict-end`.
    pub id: String,
    /// 1-based line number of the definition.
    pub line: usize,
}

/// Rule definitions of a spec, plus the problems found while reading it.
#[derive(Debug, Default)]
pub struct SpecRules {
    /// Every distinct rule, in the order of its first definition.
    pub rules: Vec<RuleDef>,
    /// Problems, e.g. a rule defined twice.
    pub errors: Vec<String>,
}

/// Returns true for the characters a rule ID may contain.
pub fn is_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

/// If `line` is a rule definition line, returns the rule ID it defines.
pub fn definition_id(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('>')?.trim_start();
    let rest = rest.strip_prefix("t[")?;
    let end = rest.find(|c: char| !is_id_char(c))?;
    if end == 0 || !rest[end..].starts_with(']') {
        return None;
    }
    Some(&rest[..end])
}

/// Tracks fenced code blocks (```` ``` ```` or `~~~`) so that markers inside
/// them are not taken for definitions.
#[derive(Default)]
struct Fence {
    open: Option<char>,
}

impl Fence {
    /// Updates the state for `line`; returns true if the line is part of a
    /// fenced block (including the fence lines themselves).
    fn step(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let marker = ['`', '~']
            .into_iter()
            .find(|&c| trimmed.starts_with(&c.to_string().repeat(3)));
        match (self.open, marker) {
            (None, Some(c)) => {
                self.open = Some(c);
                true
            }
            (Some(open), Some(c)) if open == c => {
                self.open = None;
                true
            }
            (open, _) => open.is_some(),
        }
    }
}

/// Parses the spec text and returns its rules; duplicate definitions are
/// reported as errors (the first definition is kept).
pub fn parse_spec(text: &str) -> SpecRules {
    let mut out = SpecRules::default();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    let mut fence = Fence::default();
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        if fence.step(line) {
            continue;
        }
        let Some(id) = definition_id(line) else {
            continue;
        };
        if let Some(first) = first_line.get(id) {
            out.errors.push(format!(
                "rule {id} is defined twice (lines {first} and {line_no})"
            ));
            continue;
        }
        first_line.insert(id.to_owned(), line_no);
        out.rules.push(RuleDef {
            id: id.to_owned(),
            line: line_no,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(spec: &SpecRules) -> Vec<&str> {
        spec.rules.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn definition_lines_are_recognised() {
        assert_eq!(definition_id("> t[a.b]"), Some("a.b"));
        assert_eq!(definition_id(">t[a.b-c_d.9]"), Some("a.b-c_d.9"));
        assert_eq!(definition_id(">   t[x.y] trailing text"), Some("x.y"));
        assert_eq!(definition_id("t[a.b]"), None, "not in a blockquote");
        assert_eq!(definition_id(" > t[a.b]"), None, "indented");
        assert_eq!(definition_id("> see t[a.b]"), None, "inline mention");
        assert_eq!(definition_id("> t[A.b]"), None, "upper case");
        assert_eq!(definition_id("> t[a b]"), None, "space in id");
        assert_eq!(definition_id("> t[]"), None, "empty id");
        assert_eq!(definition_id("> t[a.b"), None, "unterminated");
    }

    #[test]
    fn parse_collects_rules_with_lines() {
        let text = "# Title\n\n> t[one.a]\n> Text.\n\nprose t[two.b]\n\n> t[two.b]\n> More.\n";
        let spec = parse_spec(text);
        assert!(spec.errors.is_empty(), "{:?}", spec.errors);
        assert_eq!(ids(&spec), ["one.a", "two.b"]);
        assert_eq!(spec.rules[0].line, 3);
        assert_eq!(spec.rules[1].line, 8);
    }

    #[test]
    fn duplicate_definition_is_an_error() {
        let text = "> t[dup.rule]\n> A.\n\n> t[other.rule]\n\n> t[dup.rule]\n> B.\n";
        let spec = parse_spec(text);
        assert_eq!(ids(&spec), ["dup.rule", "other.rule"]);
        assert_eq!(spec.errors.len(), 1);
        assert!(spec.errors[0].contains("dup.rule"), "{}", spec.errors[0]);
        assert!(
            spec.errors[0].contains("lines 1 and 6"),
            "{}",
            spec.errors[0]
        );
    }

    #[test]
    fn markers_in_fenced_code_are_ignored() {
        let text = "```markdown\n> t[in.fence]\n```\n~~~\n> t[in.tilde]\n```\n> t[still.in]\n~~~\n> t[real.rule]\n";
        let spec = parse_spec(text);
        assert_eq!(ids(&spec), ["real.rule"]);
    }
}
