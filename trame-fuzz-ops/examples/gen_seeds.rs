//! Writes the seed corpus to `fuzz/corpus/ops/` (one file per seed).

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/ops");
    std::fs::create_dir_all(&dir)?;
    for (name, input) in trame_fuzz_ops::seeds::seeds() {
        std::fs::write(dir.join(format!("seed-{name}")), input.encode())?;
    }
    println!("wrote {}", dir.display());
    Ok(())
}
