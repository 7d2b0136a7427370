//! The `trace` task: checks that every rule of the spec is implemented and
//! verified.
//!
//! Inputs, relative to the workspace root:
//! - `docs/spec.md`: rule definitions;
//! - every `.rs` file in the workspace (except `target/` and `.git/`):
//!   `impl` and `verify` annotations;
//! - `docs/pending-rules.txt` (optional): rules allowed to lack annotations.

use crate::annotations::{rust_files, scan_source};
use crate::pending::parse_pending;
use crate::report::{Located, Report, build_report};
use crate::spec::parse_spec;
use std::fs;
use std::path::Path;

/// The spec, relative to the workspace root.
pub const SPEC_PATH: &str = "docs/spec.md";
/// The pending list, relative to the workspace root.
pub const PENDING_PATH: &str = "docs/pending-rules.txt";

/// Runs the check on the workspace at `root` and returns the report.
pub fn trace(root: &Path) -> Report {
    let mut errors = Vec::new();

    let spec_text = match fs::read_to_string(root.join(SPEC_PATH)) {
        Ok(text) => text,
        Err(e) => {
            errors.push(format!("cannot read {SPEC_PATH}: {e}"));
            String::new()
        }
    };
    let spec = parse_spec(&spec_text);
    errors.extend(spec.errors.iter().map(|e| format!("{SPEC_PATH}: {e}")));
    if spec.rules.is_empty() {
        errors.push(format!("{SPEC_PATH} defines no rules"));
    }

    let pending_text = match fs::read_to_string(root.join(PENDING_PATH)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            errors.push(format!("cannot read {PENDING_PATH}: {e}"));
            String::new()
        }
    };
    let pending = parse_pending(&pending_text);

    let mut annotations = Vec::new();
    match rust_files(root) {
        Ok(files) => {
            for path in files {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                let text = match fs::read_to_string(&path) {
                    Ok(text) => text,
                    Err(e) => {
                        errors.push(format!("cannot read {rel}: {e}"));
                        continue;
                    }
                };
                let scan = scan_source(&text);
                errors.extend(
                    scan.malformed
                        .iter()
                        .map(|(line, msg)| format!("{rel}:{line}: {msg}")),
                );
                annotations.extend(scan.annotations.into_iter().map(|annotation| Located {
                    file: rel.clone(),
                    annotation,
                }));
            }
        }
        Err(e) => errors.push(format!("cannot list sources under {}: {e}", root.display())),
    }

    build_report(&spec.rules, &annotations, &pending, errors)
}

/// Prints the report: the table and summary on stdout, warnings and errors
/// on stderr.
pub fn print(report: &Report) {
    print!("{}", report.table());
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for error in &report.errors {
        eprintln!("error: {error}");
    }
    let missing = report.tally().2;
    if missing > 0 {
        eprintln!(
            "error: {missing} rule(s) lack an impl or verify annotation and are not in {PENDING_PATH}"
        );
    }
    println!("{}", report.summary());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Status;
    use std::path::PathBuf;

    /// A scratch workspace in the temp directory, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }

        /// Writes a file; in `.rs` files `@[` stands for the real marker.
        fn write(&self, rel: &str, text: &str) {
            let path = self.0.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if rel.ends_with(".rs") {
                text.replace("@[", "t[")
            } else {
                text.to_owned()
            };
            fs::write(path, text).unwrap();
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    const SPEC: &str =
        "# Spec\n\n> t[core.a]\n> Must a.\n\n> t[core.b]\n> Must b.\n\n> t[later.c]\n> Must c.\n";

    #[test]
    fn end_to_end_pass_and_fail() {
        let ws = Scratch::new("e2e");
        ws.write(SPEC_PATH, SPEC);
        ws.write(PENDING_PATH, "# later work\nlater.c\n");
        ws.write(
            "lib/src/lib.rs",
            "// @[impl core.a]\n// @[impl core.b]\n#[cfg(test)]\n// @[verify core.a]\n",
        );
        ws.write("lib/target/debug/x.rs", "// @[verify core.b]\n");

        let report = trace(&ws.0);
        assert!(report.failed(), "core.b has no verify outside target/");
        let b = report.rows.iter().find(|r| r.id == "core.b").unwrap();
        assert_eq!(b.status.label(), "MISSING verify");
        assert_eq!(
            report.summary(),
            "trace: 3 rules, 1 covered, 1 pending, 1 missing"
        );

        ws.write("lib/tests/b.rs", "// @[verify core.b]\n");
        let report = trace(&ws.0);
        assert!(!report.failed(), "{:?}", report.errors);
        assert_eq!(
            report.summary(),
            "trace: 3 rules, 2 covered, 1 pending, 0 missing"
        );
        let c = report.rows.iter().find(|r| r.id == "later.c").unwrap();
        assert_eq!(c.status, Status::Pending);
    }

    #[test]
    fn typo_and_malformed_annotations_fail() {
        let ws = Scratch::new("typo");
        ws.write(SPEC_PATH, SPEC);
        ws.write(
            "src/main.rs",
            "// @[impl core.a] @[verify core.a] @[impl core.b] @[verify core.b]\n// @[impl later.c] @[verify later.c]\n// @[impl core.aa]\n// @[verify core.b\n",
        );
        let report = trace(&ws.0);
        assert!(report.failed());
        assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
        assert!(
            report.errors[0].starts_with("src/main.rs:4:"),
            "{:?}",
            report.errors
        );
        assert!(
            report.errors[1].contains("unknown rule core.aa"),
            "{:?}",
            report.errors
        );
    }

    #[test]
    fn missing_spec_and_duplicates_fail() {
        let ws = Scratch::new("nospec");
        let report = trace(&ws.0);
        assert!(report.failed());
        assert!(
            report
                .errors
                .iter()
                .any(|e| e.contains("cannot read docs/spec.md"))
        );

        ws.write(SPEC_PATH, "> t[x.y]\n\n> t[x.y]\n");
        ws.write("a.rs", "// @[impl x.y]\n// @[verify x.y]\n");
        let report = trace(&ws.0);
        assert!(report.failed());
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        assert!(report.errors[0].contains("defined twice"));
    }
}
