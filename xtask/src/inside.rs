//! `inside`: checks that nothing in the repository reads files outside it.
//!
//! A user's clone has nothing beside it, so every path that a test, bench,
//! example, build or CI script names must resolve inside the repository.
//! The check scans the text files (Rust sources, scripts, manifests, CI) for
//! relative paths that climb with `..` and resolves each one from where it
//! is read: the file's own directory for `#[path]`, `include_str!` and
//! `include_bytes!`, scripts and manifests; the crate's directory for any
//! other path in Rust code (`CARGO_MANIFEST_DIR`, and the directory cargo
//! runs tests and benches in). A path that escapes the repository is
//! reported.

use std::path::{Component, Path, PathBuf};

/// One path that leaves the repository.
#[derive(Debug, PartialEq, Eq)]
pub struct Escape {
    /// The file that names it, relative to the root.
    pub file: PathBuf,
    /// Its line (1-based).
    pub line: usize,
    /// The path as written.
    pub path: String,
}

/// File kinds that can name paths read at build, test or CI time.
fn scanned(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    matches!(ext, "rs" | "sh" | "toml") || path.starts_with(".ci")
}

/// Every escaping path in the files below `root` (skipping `target` and
/// hidden directories other than `.ci`).
pub fn check(root: &Path) -> Vec<Escape> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "target" && (name == ".ci" || !name.starts_with('.')) {
                    stack.push(path);
                }
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if !scanned(&rel) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let crate_dir = crate_dir_of(root, &rel);
            for (n, line) in text.lines().enumerate() {
                let rust = rel.extension().is_some_and(|e| e == "rs");
                let by_file = !rust
                    || ["#[path", "include_str!", "include_bytes!"]
                        .iter()
                        .any(|m| line.contains(m));
                let base = match by_file {
                    true => rel.parent().unwrap_or(Path::new("")).to_path_buf(),
                    false => crate_dir.clone(),
                };
                for p in climbing_paths(line) {
                    if escapes(&base.join(&p)) {
                        out.push(Escape {
                            file: rel.clone(),
                            line: n + 1,
                            path: p,
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}

/// The directory of the crate that holds `rel` (the nearest ancestor with a
/// `Cargo.toml`), relative to the root.
fn crate_dir_of(root: &Path, rel: &Path) -> PathBuf {
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if root.join(d).join("Cargo.toml").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    PathBuf::new()
}

/// The relative paths in `line` that start by climbing (`../`).
fn climbing_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("../") {
        // Back up over a leading `./` or a run of `../` already passed.
        let start = at;
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_alphanumeric() || "._-/".contains(c)))
            .unwrap_or(tail.len());
        out.push(tail[..end].to_owned());
        rest = &tail[end.max(3)..];
    }
    out
}

/// Whether `rel` (relative to the root) climbs above the root.
fn escapes(rel: &Path) -> bool {
    let mut depth: i64 = 0;
    for c in rel.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_paths_that_leave_the_repository() {
        // Paths are built here, not written, so that this file holds none.
        let up = |n: usize| "../".repeat(n);
        let shared = format!("{}shared/data/json", up(2));
        assert_eq!(
            climbing_paths(&format!("join(\"{shared}\"); x")),
            vec![shared.clone()]
        );
        assert!(escapes(&Path::new("trame-json").join(&shared)));
        assert!(!escapes(
            &Path::new("trame-json").join(format!("{}data", up(1)))
        ));
        let bench = format!("trame-bench/src/measures/{}trame-json/tests/common", up(3));
        assert!(!escapes(Path::new(&bench)));
    }

    #[test]
    fn this_repository_reads_nothing_outside() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert_eq!(check(root), vec![]);
    }
}
