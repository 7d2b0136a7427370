//! Finding rule annotations in Rust sources.
//!
//! An annotation is the spec prefix, an opening bracket, a verb, a space, a
//! rule ID and a closing bracket, written in a comment: the verbs counted here
//! are `impl` and `verify` (tracey's other verbs, `depends` and `related`, are
//! ignored). The scan is textual and does not parse Rust. Like tracey, it
//! skips:
//!
//! - annotations inside backticks on their line (documentation that mentions
//!   the syntax);
//! - the line after a `@tracey:ignore-next-line` directive;
//! - everything between `@tracey:ignore-start` and `@tracey:ignore-end`.
//!
//! A marker preceded by a letter, digit or `_` (as in `set[...]`) is not an
//! annotation.

use crate::spec::is_id_char;
use std::path::{Path, PathBuf};
use std::{fs, io};

/// The spec prefix followed by the opening bracket.
const OPEN: &str = "t[";
/// Directive (split so that this file does not contain it) that skips the
/// next line.
const IGNORE_NEXT: &str = concat!("@tracey", ":ignore-next-line");
/// Directive that starts an ignored block.
const IGNORE_START: &str = concat!("@tracey", ":ignore-start");
/// Directive that ends an ignored block.
const IGNORE_END: &str = concat!("@tracey", ":ignore-end");

/// What an annotation claims about the code next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// The code implements the rule.
    Impl,
    /// The code tests the rule.
    Verify,
}

impl Verb {
    /// The verb as written in annotations.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Impl => "impl",
            Verb::Verify => "verify",
        }
    }
}

/// One annotation found in a source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// `impl` or `verify`.
    pub verb: Verb,
    /// The rule ID it names (not yet checked against the spec).
    pub id: String,
    /// 1-based line number.
    pub line: usize,
}

/// Annotations of one text, plus malformed ones (`line`, message).
#[derive(Debug, Default)]
pub struct Scan {
    /// Well-formed annotations, in order.
    pub annotations: Vec<Annotation>,
    /// Problems such as a missing `]` or an invalid character in an ID.
    pub malformed: Vec<(usize, String)>,
}

/// Scans one source text for annotations.
pub fn scan_source(text: &str) -> Scan {
    let mut scan = Scan::default();
    let mut skip_next = false;
    let mut in_ignore_block = false;
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        if in_ignore_block {
            in_ignore_block = !line.contains(IGNORE_END);
            continue;
        }
        if line.contains(IGNORE_START) {
            in_ignore_block = !line.contains(IGNORE_END);
            continue;
        }
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if line.contains(IGNORE_NEXT) {
            skip_next = true;
            continue;
        }
        scan_line(line, line_no, &mut scan);
    }
    if in_ignore_block {
        scan.malformed
            .push((text.lines().count(), format!("unclosed {IGNORE_START}")));
    }
    scan
}

/// Scans a single line, appending to `scan`.
fn scan_line(line: &str, line_no: usize, scan: &mut Scan) {
    for (pos, _) in line.match_indices(OPEN) {
        let before = &line[..pos];
        if before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        if before.matches('`').count() % 2 == 1 {
            continue;
        }
        let rest = &line[pos + OPEN.len()..];
        let Some((verb, rest)) = [Verb::Impl, Verb::Verify].into_iter().find_map(|verb| {
            rest.strip_prefix(verb.as_str())
                .and_then(|r| r.strip_prefix(' '))
                .map(|r| (verb, r))
        }) else {
            continue;
        };
        let Some(end) = rest.find(']') else {
            scan.malformed.push((
                line_no,
                format!("{} annotation without closing `]`", verb.as_str()),
            ));
            continue;
        };
        let id = rest[..end].trim();
        if id.is_empty() || !id.chars().all(is_id_char) {
            scan.malformed.push((
                line_no,
                format!("{} annotation with invalid rule id {id:?}", verb.as_str()),
            ));
            continue;
        }
        scan.annotations.push(Annotation {
            verb,
            id: id.to_owned(),
            line: line_no,
        });
    }
}

/// Directory names that are never scanned (build output and VCS data; this
/// also covers `fuzz/target`).
const SKIPPED_DIRS: [&str; 2] = ["target", ".git"];

/// Lists every `.rs` file under `root`, sorted, skipping [`SKIPPED_DIRS`]
/// wherever they occur. Symbolic links are not followed.
pub fn rust_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = entry.path();
            let name = entry.file_name();
            if kind.is_dir() {
                if !SKIPPED_DIRS.iter().any(|s| name == *s) {
                    stack.push(path);
                }
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds fixture text; `@[` stands for the real marker so that this file
    /// contains no annotations of its own.
    fn fixture(text: &str) -> String {
        text.replace("@[", OPEN)
    }

    fn found(text: &str) -> Vec<(Verb, String, usize)> {
        scan_source(&fixture(text))
            .annotations
            .into_iter()
            .map(|a| (a.verb, a.id, a.line))
            .collect()
    }

    #[test]
    fn finds_impl_and_verify_with_lines() {
        let text =
            "// @[impl a.b]\nfn f() {}\n/// @[verify a.b] and @[impl c.d-e]\n/* @[verify x.y] */\n";
        assert_eq!(
            found(text),
            [
                (Verb::Impl, "a.b".to_owned(), 1),
                (Verb::Verify, "a.b".to_owned(), 3),
                (Verb::Impl, "c.d-e".to_owned(), 3),
                (Verb::Verify, "x.y".to_owned(), 4),
            ]
        );
    }

    #[test]
    fn ignores_other_verbs_bare_ids_and_indexing() {
        let text = "// @[depends a.b] @[related a.b] @[a.b]\nlet v = set[impl_x]; list@[verify a.b];\nt[impl_count] = 1;\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }

    #[test]
    fn ignores_annotations_in_backticks() {
        let text = "/// Write `@[impl a.b]` above the code.\n/// `x` then @[verify c.d]\n";
        assert_eq!(found(text), [(Verb::Verify, "c.d".to_owned(), 2)]);
    }

    #[test]
    fn honours_ignore_directives() {
        let text = format!(
            "// {IGNORE_NEXT}\n// @[impl skip.one]\n// @[impl keep.one]\n// {IGNORE_START}\n// @[impl skip.two]\n// {IGNORE_END}\n// @[verify keep.two]\n"
        );
        assert_eq!(
            found(&text),
            [
                (Verb::Impl, "keep.one".to_owned(), 3),
                (Verb::Verify, "keep.two".to_owned(), 7),
            ]
        );
        let unclosed = scan_source(&format!("// {IGNORE_START}\n// @[impl a.b]\n"));
        assert!(unclosed.annotations.is_empty());
        assert_eq!(unclosed.malformed.len(), 1);
    }

    #[test]
    fn reports_malformed_annotations() {
        let scan = scan_source(&fixture("// @[impl a.b\n// @[verify A.B]\n// @[impl ]\n"));
        assert!(scan.annotations.is_empty());
        let lines: Vec<usize> = scan.malformed.iter().map(|m| m.0).collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn walks_rust_files_and_skips_target_and_git() {
        let root = std::env::temp_dir().join(format!("xtask-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for dir in [
            "a/src",
            "a/tests",
            "target/debug",
            "fuzz/target/x",
            ".git/hooks",
        ] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "a/src/lib.rs",
            "a/tests/t.rs",
            "a/src/notes.md",
            "target/debug/gen.rs",
            "fuzz/target/x/gen.rs",
            ".git/hooks/h.rs",
        ] {
            fs::write(root.join(file), "").unwrap();
        }
        let files = rust_files(&root).unwrap();
        let rel: Vec<String> = files
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        fs::remove_dir_all(&root).unwrap();
        assert_eq!(rel, ["a/src/lib.rs", "a/tests/t.rs"]);
    }
}
