//! Replays the committed fuzz corpus and the crash regressions through the
//! fuzz target's decoder and oracles, on stable Rust (and under Miri), so
//! CI exercises them without libFuzzer.

use std::path::{Path, PathBuf};

use trame::{IShape, Shape, ShapeKind};
use trame_fuzz_ops::seeds::seeds;
use trame_fuzz_ops::types::{maker_for, roots};
use trame_fuzz_ops::{Input, run, run_bytes};

fn fuzz_dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz")
        .join(sub)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    out.sort();
    out
}

/// Under Miri, only every `n`th corpus file (Miri is slow).
const STRIDE: usize = if cfg!(miri) { 8 } else { 1 };

#[test]
fn committed_corpus_replays_cleanly() {
    let all = files(&fuzz_dir("corpus/ops"));
    assert!(all.len() >= 30, "seed corpus has {} files", all.len());
    let mut built = 0;
    for path in all.iter().step_by(STRIDE) {
        let data = std::fs::read(path).expect("read corpus file");
        let report = std::panic::catch_unwind(|| run_bytes(&data))
            .unwrap_or_else(|_| panic!("oracle violation replaying {}", path.display()));
        built += usize::from(report.built);
    }
    assert!(built * STRIDE >= 20, "only {built} corpus inputs build");
}

#[test]
fn crash_regressions_replay_cleanly() {
    for path in files(&fuzz_dir("regressions")) {
        let data = std::fs::read(&path).expect("read regression file");
        let report = std::panic::catch_unwind(|| run_bytes(&data));
        assert!(
            report.is_ok(),
            "oracle violation replaying {}",
            path.display()
        );
    }
}

#[test]
fn seeds_round_trip_and_reach_their_outcome() {
    let mut compared = 0;
    for (name, input) in seeds().into_iter().step_by(STRIDE) {
        let bytes = input.encode();
        assert_eq!(Input::decode(&bytes), input, "{name} round-trips");
        let report = run(&input);
        let should_fail = name.starts_with("fail-");
        assert_eq!(
            report.accepted,
            input.ops.len() - usize::from(should_fail),
            "{name}: ops accepted"
        );
        if !should_fail && !name.starts_with("drop-unfinished") {
            assert!(report.built, "{name} builds");
        }
        compared += usize::from(report.compared);
    }
    assert!(
        compared * STRIDE >= 10,
        "only {compared} seeds checked against the model"
    );
}

#[test]
fn committed_corpus_holds_every_seed() {
    for (name, input) in seeds() {
        let path = fuzz_dir("corpus/ops").join(format!("seed-{name}"));
        let data = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `cargo run -p trame-fuzz-ops --example gen_seeds`)",
                path.display()
            )
        });
        assert_eq!(data, input.encode(), "{name} is up to date");
    }
}

fn reachable(shape: &'static Shape, seen: &mut Vec<&'static Shape>) {
    if seen.contains(&shape) {
        return;
    }
    seen.push(shape);
    let mut next = Vec::new();
    for i in 0..shape.slot_count() {
        next.extend(shape.slot(i).map(|s| s.shape));
    }
    for v in 0..shape.variant_count() {
        for i in 0..shape.variant_field_count(v) {
            next.extend(shape.variant_field(v, i).map(|s| s.shape));
        }
    }
    // The proxy values a `StageProxy` node holds, the type's and the
    // fields'.
    next.extend(shape.effective_proxy(None).map(|p| p.shape));
    if let facet::Type::User(facet::UserType::Struct(st)) = shape.ty {
        next.extend(
            st.fields
                .iter()
                .filter_map(|f| f.effective_proxy(None))
                .map(|p| p.shape),
        );
    }
    next.extend(shape.inner());
    next.extend(shape.map_key());
    next.extend(shape.map_value());
    for s in next {
        reachable(s, seen);
    }
}

#[test]
fn every_reachable_shape_has_a_value_maker() {
    let mut seen = Vec::new();
    for r in roots() {
        reachable(r.shape, &mut seen);
    }
    let missing: Vec<String> = seen
        .iter()
        .filter(|s| maker_for(s).is_none())
        .map(|s| s.to_string())
        .collect();
    assert!(missing.is_empty(), "no value maker for {missing:?}");
    assert!(roots().len() >= 30);
    let kinds: Vec<ShapeKind> = roots().iter().map(|r| r.shape.kind()).collect();
    for k in [
        ShapeKind::Scalar,
        ShapeKind::Struct,
        ShapeKind::Tuple,
        ShapeKind::Array,
        ShapeKind::Enum,
        ShapeKind::Option,
        ShapeKind::Pointer,
        ShapeKind::List,
        ShapeKind::Set,
        ShapeKind::Map,
    ] {
        assert!(kinds.contains(&k), "no root of kind {k:?}");
    }
}
