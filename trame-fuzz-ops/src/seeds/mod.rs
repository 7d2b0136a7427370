//! The seed corpus: small inputs that reach successful builds of every root
//! type, whole and piece by piece, in strict, deferred and batch mode, plus
//! a few that fail on purpose. `cargo run -p trame-fuzz-ops --example
//! gen_seeds` writes them to `fuzz/corpus/ops/`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

mod build;
mod extra;

pub use build::ty;
use build::{
    convert, default, elements, end, imm, input, parse, parse_bytes, stage, stage_deferred,
    stage_hint, wrong,
};

use std::net::IpAddr;
use std::num::NonZero;

use crate::types::{
    Chain, Deep, E1, E2, E3, Flat, Host, Named, Outer, Pair, Span, Tracked, WithDefaults, Wrap,
    roots,
};
use crate::{AOp, Flags, Input};

/// Named seeds.
pub fn seeds() -> Vec<(String, Input)> {
    let d = Flags::DEFERRED;
    let b = Flags::BATCH;
    let r = Flags::RENDER;
    let mut out: Vec<(String, Input)> = Vec::new();
    // Every root type, set whole.
    for i in 0..roots().len() {
        out.push((
            format!("whole-{i:02}"),
            input(i as u8, 0, vec![imm(&[], 5)]),
        ));
    }
    let mut add = |name: &str, ty: u8, flags: u8, ops: Vec<AOp>| {
        out.push((name.to_string(), input(ty, flags, ops)));
    };
    add(
        "pair-fields",
        ty::<Pair>(),
        0,
        vec![imm(&[0], 1), imm(&[1], 2)],
    );
    add(
        "outer-staged",
        ty::<Outer>(),
        r,
        vec![stage(&[0]), imm(&[0], 1), imm(&[1], 2), end(), imm(&[1], 9)],
    );
    add(
        "outer-paths",
        ty::<Outer>(),
        0,
        vec![imm(&[0, 0], 3), imm(&[1], 4), end(), imm(&[1], 5)],
    );
    add(
        "outer-default-overwrite",
        ty::<Outer>(),
        0,
        vec![default(&[]), stage(&[0]), imm(&[1], 7), end()],
    );
    add(
        "flat-deferred",
        ty::<Flat>(),
        d,
        vec![
            stage(&[0]),
            imm(&[0], 1),
            end(),
            imm(&[1], 9),
            stage(&[0]),
            imm(&[1], 2),
            end(),
        ],
    );
    add(
        "flat-stage-deferred",
        ty::<Flat>(),
        0,
        vec![
            stage_deferred(&[]),
            stage(&[0]),
            imm(&[0], 1),
            end(),
            imm(&[1], 9),
            stage(&[0]),
            imm(&[1], 2),
            end(),
        ],
    );
    add(
        "tuple-root-paths",
        ty::<(u32, String)>(),
        0,
        vec![imm(&[0], 1), imm(&[-2, 1], 2)],
    );
    add(
        "array",
        ty::<[u16; 3]>(),
        0,
        vec![imm(&[0], 1), imm(&[1], 2), imm(&[2], 3), imm(&[1], 4)],
    );
    add(
        "named",
        ty::<Named>(),
        0,
        vec![
            imm(&[0], 1),
            imm(&[1], 2),
            stage(&[2]),
            stage(&[-1]),
            imm(&[], 3),
            end(),
            end(),
        ],
    );
    add(
        "wrap",
        ty::<Wrap>(),
        d,
        vec![imm(&[1], 1), imm(&[0], 2), imm(&[1], 3)],
    );
    add("e1-unit", ty::<E1>(), 0, vec![stage(&[0])]);
    add(
        "e1-tuple",
        ty::<E1>(),
        0,
        vec![stage(&[1]), stage(&[0]), imm(&[0], 1), imm(&[1], 2)],
    );
    add(
        "e1-named-switch",
        ty::<E1>(),
        0,
        vec![
            imm(&[1, 0, 0], 1),
            imm(&[1], 5),
            end(),
            end(),
            imm(&[2, 0, 1], 2),
            imm(&[0], 3),
        ],
    );
    add(
        "e2-nested",
        ty::<E2>(),
        0,
        vec![
            stage(&[1, 0, 0]),
            imm(&[0], 1),
            imm(&[1], 2),
            end(),
            imm(&[1], 3),
        ],
    );
    add(
        "e2-whole-then-field",
        ty::<E2>(),
        0,
        vec![imm(&[], 1), imm(&[1, 0, 1], 4)],
    );
    add(
        "e3-vec-default",
        ty::<E3>(),
        0,
        vec![
            stage(&[2, 0]),
            stage(&[0]),
            stage(&[-1]),
            imm(&[], 1),
            end(),
            end(),
        ],
    );
    add("e3-box", ty::<E3>(), d, vec![imm(&[1, 0, 0], 4)]);
    add("option-some", ty::<Option<u32>>(), 0, vec![imm(&[0], 3)]);
    add(
        "option-none",
        ty::<Option<String>>(),
        0,
        vec![imm(&[0], 3), default(&[])],
    );
    add(
        "box-pair",
        ty::<Box<Pair>>(),
        0,
        vec![stage(&[0]), imm(&[0], 1), imm(&[1], 2), end()],
    );
    add("arc-string", ty::<Arc<String>>(), 0, vec![imm(&[0], 1)]);
    add(
        "rc-tracked",
        ty::<Rc<Tracked>>(),
        0,
        vec![imm(&[0], 1), imm(&[0], 2)],
    );
    add(
        "box-tracked",
        ty::<Box<Tracked>>(),
        d,
        vec![stage(&[0]), imm(&[], 1), end()],
    );
    add(
        "vec-u32",
        ty::<Vec<u32>>(),
        0,
        vec![
            stage(&[]),
            stage(&[-1]),
            imm(&[], 1),
            end(),
            stage(&[-1]),
            imm(&[], 2),
            end(),
            imm(&[1], 3),
        ],
    );
    add(
        "vec-u32-deferred",
        ty::<Vec<u32>>(),
        d,
        vec![
            stage(&[-1]),
            end(),
            stage(&[-1]),
            imm(&[], 2),
            end(),
            stage(&[0]),
            imm(&[], 5),
            end(),
        ],
    );
    add(
        "vec-string-batch",
        ty::<Vec<String>>(),
        b,
        elements(&[1, 2]),
    );
    add(
        "vec-vec-u8",
        ty::<Vec<Vec<u8>>>(),
        0,
        vec![
            stage(&[-1]),
            stage(&[-1]),
            imm(&[], 1),
            end(),
            stage(&[-1]),
            imm(&[], 2),
            end(),
            end(),
        ],
    );
    add(
        "hashmap-last-wins",
        ty::<HashMap<String, u32>>(),
        0,
        vec![
            stage(&[-1]),
            imm(&[0], 1),
            imm(&[1], 2),
            end(),
            stage(&[-1]),
            imm(&[1], 3),
            imm(&[0], 1),
            end(),
            stage(&[-1]),
            imm(&[0], 2),
            imm(&[1], 4),
            end(),
        ],
    );
    add(
        "btreemap-deferred",
        ty::<BTreeMap<u32, String>>(),
        d,
        vec![
            stage(&[-1]),
            imm(&[0], 1),
            end(),
            stage(&[-1]),
            imm(&[0], 2),
            imm(&[1], 2),
            end(),
            stage(&[0]),
            imm(&[1], 3),
            end(),
        ],
    );
    add(
        "hashset-dups",
        ty::<HashSet<String>>(),
        0,
        elements(&[1, 9, 2]),
    );
    add("btreeset", ty::<BTreeSet<u16>>(), b, elements(&[1, 1]));
    add(
        "array-option-box",
        ty::<[Option<Box<u8>>; 2]>(),
        0,
        vec![imm(&[0, 0, 0], 9), default(&[-2, 1])],
    );
    add("with-defaults", ty::<WithDefaults>(), 0, vec![imm(&[3], 1)]);
    add(
        "with-defaults-deferred",
        ty::<WithDefaults>(),
        d,
        vec![imm(&[4], 1), imm(&[2, 0], 2), end(), imm(&[3], 3)],
    );
    add(
        "chain",
        ty::<Chain>(),
        0,
        vec![
            imm(&[0], 1),
            stage(&[1, 0, 0]),
            imm(&[0], 2),
            imm(&[1], 1),
            end(),
            end(),
            end(),
        ],
    );
    add(
        "deep",
        ty::<Deep>(),
        r,
        vec![
            stage(&[0]),
            stage(&[-1]),
            imm(&[0], 1),
            imm(&[1], 2),
            imm(&[2], 3),
            end(),
            end(),
            stage(&[1]),
            stage(&[-1]),
            imm(&[0], 4),
            stage(&[1]),
            imm(&[0], 5),
            imm(&[1], 6),
            end(),
            end(),
            end(),
            stage(&[2, 1, 0]),
            imm(&[0], 7),
            imm(&[1], 8),
            end(),
            end(),
            end(),
            imm(&[3], 9),
        ],
    );
    add(
        "deep-deferred",
        ty::<Deep>(),
        d,
        vec![
            stage(&[1, -1]),
            imm(&[0], 4),
            end(),
            end(),
            imm(&[0], 1),
            stage(&[1, 0]),
            stage(&[1]),
            imm(&[1], 2),
            imm(&[0], 2),
            end(),
            end(),
            end(),
            imm(&[2], 2),
            imm(&[3], 3),
        ],
    );
    add(
        "vec-tracked-hint",
        ty::<Vec<Tracked>>(),
        0,
        vec![
            stage_hint(&[], 0xff),
            stage(&[-1]),
            imm(&[], 1),
            end(),
            stage(&[-1]),
            imm(&[], 2),
            end(),
            imm(&[0], 3),
        ],
    );
    add(
        "map-of-vecs",
        ty::<HashMap<String, Vec<Tracked>>>(),
        0,
        vec![
            stage(&[-1]),
            imm(&[0], 1),
            stage(&[1]),
            stage(&[-1]),
            imm(&[], 1),
            end(),
            end(),
            end(),
        ],
    );
    add(
        "option-box-outer",
        ty::<Option<Box<Outer>>>(),
        0,
        vec![
            stage(&[0, 0]),
            imm(&[1], 1),
            stage(&[0]),
            imm(&[0], 2),
            imm(&[1], 3),
            end(),
            end(),
        ],
    );
    add(
        "vec-enum",
        ty::<Vec<E1>>(),
        d,
        vec![
            stage(&[-1]),
            stage(&[1, 0]),
            imm(&[0], 1),
            imm(&[1], 2),
            end(),
            end(),
            end(),
            stage(&[-1]),
            stage(&[0]),
        ],
    );
    add("boxed-slice", ty::<Box<[u32]>>(), 0, elements(&[1, 2]));
    add(
        "hashset-tracked",
        ty::<HashSet<Tracked>>(),
        0,
        elements(&[1, 9]),
    );
    add(
        "btreemap-tracked",
        ty::<BTreeMap<Tracked, Option<Tracked>>>(),
        0,
        vec![
            stage(&[-1]),
            imm(&[0], 1),
            default(&[1]),
            end(),
            stage(&[-1]),
            imm(&[0], 9),
            imm(&[1], 1),
            end(),
        ],
    );
    add(
        "arc-vec",
        ty::<Arc<Vec<String>>>(),
        0,
        vec![stage(&[0]), stage(&[-1]), imm(&[], 1), end(), end()],
    );
    // Failures on purpose: a wrong type, End at the root, an incomplete
    // strict End, Root not first, Imm at Append, a closed container.
    add(
        "fail-wrong-type",
        ty::<Pair>(),
        0,
        vec![imm(&[0], 1), wrong(&[1], 1)],
    );
    add("fail-end-root", ty::<Named>(), 0, vec![imm(&[0], 1), end()]);
    add(
        "fail-incomplete",
        ty::<Outer>(),
        0,
        vec![stage(&[0]), imm(&[0], 1), end()],
    );
    add(
        "fail-root-not-first",
        ty::<Outer>(),
        0,
        vec![imm(&[0, -2], 1)],
    );
    add(
        "fail-imm-append",
        ty::<Vec<Tracked>>(),
        0,
        vec![imm(&[-1], 1)],
    );
    add(
        "fail-closed",
        ty::<Vec<String>>(),
        0,
        vec![imm(&[], 1), stage(&[-1])],
    );
    // Hook sources (texts: `TEXTS[seed]`; conversions: `convert_source`)
    // and invariants.
    add("hook-parse-ip", ty::<IpAddr>(), 0, vec![parse(&[], 1)]);
    add(
        "hook-option-nonzero",
        ty::<Option<NonZero<u32>>>(),
        0,
        vec![convert(&[0], 2)],
    );
    let span = |lo: u8, hi: u8| vec![imm(&[0], lo), imm(&[1], hi), imm(&[2], 1)];
    let host = |flags: u8, span_ops: Vec<AOp>| {
        let mut ops = vec![imm(&[0], 1), parse(&[1], 2), convert(&[2], 1)];
        ops.push(stage(&[3]));
        ops.extend(span_ops);
        ops.push(end());
        ops.extend([
            stage(&[4, -1]),
            imm(&[0], 1),
            imm(&[1], 2),
            imm(&[2], 3),
            end(),
        ]);
        ops.extend([end(), imm(&[5], 4)]);
        (flags, ops)
    };
    let (flags, ops) = host(0, span(1, 2));
    add("hook-host", ty::<Host>(), flags, ops);
    // Deferred: the span breaks its invariants at its `End`, which keeps
    // it for re-entry; it is corrected before validation.
    let (flags, mut ops) = host(d, span(3, 0));
    ops.extend([stage(&[-2, 3]), imm(&[1], 7), end()]);
    add("hook-host-deferred", ty::<Host>(), flags, ops);
    add(
        "fail-hook-parse-bytes-nohook",
        ty::<Host>(),
        0,
        vec![imm(&[0], 1), parse_bytes(&[1], 3)],
    );
    add(
        "fail-hook-parse",
        ty::<Host>(),
        0,
        vec![imm(&[0], 1), parse(&[1], 5)],
    );
    add(
        "fail-hook-convert-zero",
        ty::<NonZero<u32>>(),
        0,
        vec![convert(&[], 0)],
    );
    add(
        "fail-hook-convert-tracked",
        ty::<(u32, String)>(),
        0,
        vec![convert(&[0], 3)],
    );
    add("fail-hook-nohook", ty::<Host>(), 0, vec![parse(&[0], 1)]);
    let mut broken = vec![stage(&[-1])];
    broken.extend(span(3, 0));
    broken.push(end());
    add("fail-hook-invariants", ty::<Vec<Span>>(), 0, broken);
    add(
        "drop-unfinished",
        ty::<Deep>(),
        Flags::NO_BUILD | d,
        vec![
            stage(&[0, -1]),
            imm(&[1], 1),
            end(),
            end(),
            stage(&[3, -1]),
            imm(&[0], 2),
        ],
    );
    add(
        "materialize-wrong",
        ty::<Named>(),
        Flags::WRONG_MATERIALIZE,
        vec![imm(&[], 1)],
    );
    add(
        "drop-built",
        ty::<Chain>(),
        Flags::DROP_BUILT,
        vec![imm(&[], 7)],
    );
    out.extend(extra::seeds());
    out
}
