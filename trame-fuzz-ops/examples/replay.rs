//! Replays fuzz inputs on stable Rust: `cargo run -p trame-fuzz-ops
//! --example replay -- FILE_OR_DIR...` (for example a crash artifact, or a
//! whole corpus directory). Panics on the first oracle violation, after
//! printing the decoded input.

use std::path::{Path, PathBuf};

fn inputs(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).expect("read dir") {
            inputs(&e.expect("dir entry").path(), out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        inputs(Path::new(&arg), &mut files);
    }
    files.sort();
    let (mut built, mut compared) = (0, 0);
    for f in &files {
        let data = std::fs::read(f).expect("read input");
        let input = trame_fuzz_ops::Input::decode(&data);
        eprintln!("{}: {:?}", f.display(), input);
        let report = trame_fuzz_ops::run(&input);
        built += usize::from(report.built);
        compared += usize::from(report.compared);
    }
    println!(
        "{} inputs, {built} built, {compared} compared with the model",
        files.len()
    );
}
