//! Repository tasks for the trame workspace.
//!
//! Usage: `cargo run -p xtask -- trace [--root DIR]`, `cargo run -p xtask --
//! inside [--root DIR]`
//!
//! `trace` checks spec traceability: every rule defined in `docs/spec.md`
//! must have at least one `impl` and one `verify` annotation somewhere in the
//! workspace's Rust sources, unless it is listed in `docs/pending-rules.txt`.
//! It prints a coverage table and a summary, and exits with status 1 if a
//! rule is missing an annotation or anything else is wrong (unknown rule IDs,
//! duplicate definitions, malformed annotations, unknown pending IDs).
//!
//! `inside` checks that no source, script or manifest names a path outside
//! the repository (a user's clone has nothing beside it).

mod annotations;
mod inside;
mod pending;
mod report;
mod spec;
mod trace;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Help text.
const USAGE: &str = "usage: cargo run -p xtask -- (trace | inside) [--root DIR]

tasks:
  trace   check that every rule of docs/spec.md is implemented and verified
  inside  check that no source, script or manifest reads outside the repository
(DIR defaults to the workspace root)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str);
    if matches!(task, Some("trace" | "inside")) {
        let root = match parse_root(&args[1..]) {
            Ok(root) => root,
            Err(msg) => {
                eprintln!("error: {msg}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        let failed = match task {
            Some("trace") => {
                let report = trace::trace(&root);
                trace::print(&report);
                report.failed()
            }
            _ => {
                let escapes = inside::check(&root);
                for e in &escapes {
                    println!(
                        "{}:{}: {} leaves the repository",
                        e.file.display(),
                        e.line,
                        e.path
                    );
                }
                println!("inside: {} paths outside the repository", escapes.len());
                !escapes.is_empty()
            }
        };
        return if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    match task {
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Reads the optional `--root DIR` argument; the default is the workspace
/// root (the parent of this crate's directory).
fn parse_root(args: &[String]) -> Result<PathBuf, String> {
    match args {
        [] => Ok(Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap_or(Path::new("."))
            .to_path_buf()),
        [flag, dir] if flag == "--root" => Ok(PathBuf::from(dir)),
        _ => Err(format!("unexpected arguments: {}", args.join(" "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_argument() {
        let default = parse_root(&[]).unwrap();
        assert!(default.join("xtask").join("Cargo.toml").exists());
        let given = parse_root(&["--root".into(), "/some/dir".into()]).unwrap();
        assert_eq!(given, PathBuf::from("/some/dir"));
        assert!(parse_root(&["--bogus".into()]).is_err());
    }
}
