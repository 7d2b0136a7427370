//! Oracle property tests: generated shapes of every kind ×
//! generated op sequences (guided and raw ops, every source, every path
//! form, `End` and `build`), run in lock step on the reference model and on
//! a `Trame` over the verified runtime. After every op both must agree on
//! acceptance or the error, the cursor and every byte of the value under
//! construction; the checked heap must record no violation, hold only the
//! root while active, nothing after poisoning, and nothing once the built
//! value or the unfinished Trame is dropped.
//!
//! Cases: `TRAME_ORACLE_CASES` (default 2 000 in debug builds, 100 000 in
//! release builds).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use trame::verified::GeneratedShape;
use trame_check::driver::{Harness, Outcome};
use trame_check::generate::{GenOp, arb_hooked_shape, op, resolve};
use trame_check::model::is_modeled;

fn cases() -> u32 {
    let default = if cfg!(debug_assertions) {
        2_000
    } else {
        100_000
    };
    std::env::var("TRAME_ORACLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A capacity hint for every staging op of a case: none, the smallest
/// ones (one element per chunk), a few, or absurd (capped by the heap).
fn hint() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![
        4 => Just(None),
        1 => Just(Some(0)),
        1 => Just(Some(1)),
        1 => Just(Some(3)),
        1 => Just(Some(1 << 40)),
    ]
}

/// Runs `ops` on both sides, then builds or drops.
fn run(
    g: &GeneratedShape,
    ops: &[GenOp],
    deferred: bool,
    build: bool,
    hint: Option<usize>,
) -> Result<(), TestCaseError> {
    let mut h = Harness::new(&g.store, g.root, deferred);
    h.hint = hint;
    let fail = |m| TestCaseError::fail(format!("{m}"));
    let mut after_poison = 0;
    for (i, op) in ops.iter().enumerate() {
        let Some(action) = resolve(h.model(), op, i) else {
            continue;
        };
        if h.step(&action).map_err(fail)? == Outcome::Finished {
            return Ok(());
        }
        if h.model().is_poisoned() {
            // A couple of calls on a poisoned Trame are enough.
            after_poison += 1;
            if after_poison > 2 {
                break;
            }
        }
    }
    if build {
        h.step(&trame_check::driver::Action::Build).map_err(fail)?;
    }
    h.finish().map_err(fail)
}

proptest! {
    // Every shape `arb_shape` generates is modeled (`is_modeled` is
    // asserted, not used as a filter).
    #![proptest_config(ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    })]

    // t[verify state.init.byte-tracking]
    // t[verify state.machine.strict-end]
    // t[verify state.machine.deferred-end]
    // t[verify state.machine.overwrite]
    // t[verify state.machine.enum-select-writes-discriminant]
    // t[verify state.machine.enum-switch-drops-previous]
    // t[verify state.machine.enum-direct-then-switch]
    // t[verify state.machine.poison-cleanup]
    // t[verify state.machine.cleanup-no-double-free]
    // t[verify state.machine.build-finalization]
    // t[verify state.machine.container-append-stage-only]
    // t[verify state.machine.container-materialize-on-close]
    // t[verify state.machine.map-last-wins]
    // t[verify state.machine.set-uniqueness]
    // t[verify state.machine.container-capacity-hint]
    // t[verify hook.declared]
    // t[verify hook.missing]
    // t[verify hook.parse]
    // t[verify hook.convert]
    // t[verify hook.invariants]
    // t[verify hook.invariants.when]
    // t[verify proxy.choice]
    // t[verify proxy.missing]
    // t[verify proxy.stage]
    // t[verify proxy.convert]
    // t[verify dynamic.scalar]
    // t[verify dynamic.default]
    // t[verify dynamic.array]
    // t[verify dynamic.object]
    // t[verify dynamic.form]
    // t[verify dynamic.dropped-once]
    #[test]
    fn trame_agrees_with_the_model(
        g in arb_hooked_shape(),
        ops in prop::collection::vec(op(), 0..40),
        deferred in any::<bool>(),
        build in any::<bool>(),
        hint in hint(),
    ) {
        prop_assert!(is_modeled(g.shape()), "{:?}", g);
        run(&g, &ops, deferred, build, hint)?;
    }
}

/// The kinds a built value holds, by name: `Some`, `None`, `pointer`,
/// `Ok`, `Err`, `list`, `set`, `map` (with `non-empty …` for containers
/// holding something).
fn kinds_in(
    shape: trame::verified::VShape<'_>,
    part: trame_check::model::Part,
    value: &trame_check::model::AValue,
    out: &mut std::collections::BTreeSet<String>,
) {
    use trame::{IShape, ShapeKind};
    use trame_check::model::facts::{element, slots};
    use trame_check::model::{AValue, Part};
    match value {
        AValue::Scalar(_) => {}
        AValue::Fields(vs) => {
            for (t, v) in slots(shape, part).into_iter().zip(vs) {
                kinds_in(t.shape, t.part, v, out);
            }
        }
        AValue::Enum { variant, payload } => {
            let tys = if shape.variant_payload_in_place() {
                slots(shape, Part::Payload(*variant))
            } else {
                out.insert(["Ok", "Err"][*variant as usize].to_owned());
                slots(shape, Part::Variant(*variant))
            };
            for (t, v) in tys.into_iter().zip(payload) {
                kinds_in(t.shape, t.part, v, out);
            }
        }
        AValue::Option(None) => {
            out.insert("None".to_owned());
        }
        AValue::Option(Some(v)) => {
            out.insert("Some".to_owned());
            kinds_in(shape.inner().unwrap(), Part::Value, v, out);
        }
        AValue::Pointer(v) => {
            out.insert("pointer".to_owned());
            kinds_in(shape.inner().unwrap(), Part::Value, v, out);
        }
        AValue::Elems(vs) => {
            let name = match shape.kind() {
                ShapeKind::Map => "map",
                ShapeKind::Set => "set",
                _ => "list",
            };
            out.insert(name.to_owned());
            if !vs.is_empty() {
                out.insert(format!("non-empty {name}"));
            }
            let e = element(shape).unwrap();
            for v in vs {
                kinds_in(e.shape, e.part, v, out);
            }
        }
        AValue::Dyn(d) => {
            use trame_check::model::dynamic::Dyn;
            let (name, vs, part) = match d {
                Dyn::Null => ("dynamic null", &[][..], Part::Value),
                Dyn::Bytes(_) => ("dynamic scalar", &[][..], Part::Value),
                Dyn::Array(vs) => ("dynamic array", &vs[..], Part::Value),
                Dyn::Object(vs) => ("dynamic object", &vs[..], Part::Entry),
            };
            out.insert(name.to_owned());
            if !vs.is_empty() {
                out.insert(format!("non-empty {name}"));
            }
            for v in vs {
                kinds_in(shape, part, v, out);
            }
        }
    }
}

/// The name of a hook source.
fn src_name(src: &trame_check::model::Src) -> Option<&'static str> {
    use trame_check::model::Src;
    match src {
        Src::Parse(_) => Some("parse"),
        Src::ParseBytes(_) => Some("parse_bytes"),
        Src::Convert { .. } => Some("convert"),
        Src::StageProxy => Some("stage_proxy"),
        Src::StageObject | Src::StageObjectDeferred => Some("stage_object"),
        _ => None,
    }
}

/// The property above is not vacuous: generated sequences are accepted
/// deep into the tree, builds succeed, every error kind shows up
/// (`AppendRequiresStage` and `ContainerClosed` included), `Append` is
/// accepted, and built values hold every kind.
#[test]
fn generated_sequences_reach_deep_states_and_every_outcome() {
    use proptest::strategy::ValueTree;
    use std::collections::{BTreeMap, BTreeSet};
    use trame::PathSegment;
    use trame_check::driver::Action;
    use trame_check::model::Part;

    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let shapes = arb_hooked_shape();
    let ops = prop::collection::vec(op(), 0..40);
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut max_depth = 0;
    for case in 0..3000 {
        let g = shapes.new_tree(&mut runner).unwrap().current();
        assert!(is_modeled(g.shape()), "{g:?}");
        let ops = ops.new_tree(&mut runner).unwrap().current();
        let mut h = Harness::new(&g.store, g.root, case % 2 == 1);
        // Every other case ends with `build` (if still active).
        let last = (case % 4 < 2).then_some(GenOp::Build);
        for (i, op) in ops.iter().chain(last.iter()).enumerate() {
            let Some(action) = resolve(h.model(), op, i) else {
                continue;
            };
            let predicted = (action == Action::Build).then(|| h.model().clone().build());
            let outcome = h.step(&action).unwrap_or_else(|m| panic!("{m}"));
            max_depth = max_depth.max(h.model().depth());
            let key = match (&action, &outcome) {
                (Action::Build, Outcome::Finished) if !h.model().is_poisoned() => {
                    let mut kinds = BTreeSet::new();
                    if let Some(Ok(v)) = &predicted {
                        kinds_in(g.shape(), Part::Value, v, &mut kinds);
                    }
                    for k in kinds {
                        *tally.entry(format!("built {k}")).or_default() += 1;
                    }
                    "build ok".to_owned()
                }
                (Action::Build, _) => {
                    if let Some(Err(e)) = &predicted {
                        let kind = format!("{e:?}");
                        let kind = kind.split([' ', '{', '(']).next().unwrap();
                        *tally.entry(format!("build {kind}")).or_default() += 1;
                    }
                    "build err".to_owned()
                }
                (Action::Set { path, .. }, Outcome::Accepted)
                    if path.contains(&PathSegment::Append) =>
                {
                    "accepted Append".to_owned()
                }
                (Action::Set { src, .. }, Outcome::Accepted) if src_name(src).is_some() => {
                    format!("accepted {}", src_name(src).unwrap())
                }
                (_, Outcome::Accepted) => "accepted".to_owned(),
                (_, Outcome::Rejected(e)) => format!("{e:?}")
                    .split([' ', '{', '('])
                    .next()
                    .unwrap()
                    .to_owned(),
                (_, Outcome::Finished) => "finished".to_owned(),
            };
            // A conversion refused, not by `Convert`: a proxy's.
            let convert = matches!(
                &action,
                Action::Set {
                    src: trame_check::model::Src::Convert { .. },
                    ..
                }
            );
            if key == "ConversionFailed" && !convert {
                *tally
                    .entry("proxy ConversionFailed".to_owned())
                    .or_default() += 1;
            }
            if let Outcome::Rejected(trame_check::model::MError::NoHook { hook: "proxy", .. }) =
                &outcome
            {
                *tally.entry("NoHook proxy".to_owned()).or_default() += 1;
            }
            if key == "InvariantViolated" {
                let when = match &action {
                    Action::Build => "build",
                    Action::End => "End",
                    _ => "Set",
                };
                *tally.entry(format!("{key} at {when}")).or_default() += 1;
            }
            *tally.entry(key).or_default() += 1;
            // One call on a poisoned Trame is enough.
            if outcome == Outcome::Finished
                || outcome == Outcome::Rejected(trame_check::model::MError::Poisoned)
            {
                break;
            }
        }
        let mut built = h.model().clone();
        if built.is_active() && built.build().is_ok() {
            *tally.entry("buildable at end".to_owned()).or_default() += 1;
        }
        h.finish().unwrap_or_else(|m| panic!("{m}"));
    }
    eprintln!("outcomes: {tally:#?}\nmax depth: {max_depth}");
    for key in [
        "accepted",
        "accepted Append",
        "build ok",
        "build err",
        "buildable at end",
        "Incomplete",
        "ShapeMismatch",
        "FieldOutOfRange",
        "NotAContainer",
        "AppendRequiresStage",
        "ContainerClosed",
        "RootNotFirst",
        "EndAtRoot",
        "NoDefault",
        "Unsupported",
        "Poisoned",
        "built Some",
        "built None",
        "built pointer",
        "built Ok",
        "built Err",
        "built non-empty list",
        "built non-empty set",
        "built non-empty map",
        "accepted parse",
        "accepted parse_bytes",
        "accepted convert",
        "NoHook",
        "ParseFailed",
        "ConversionFailed",
        "InvariantViolated",
        "build InvariantViolated",
        "InvariantViolated at End",
        "accepted stage_proxy",
        "built dynamic null",
        "built dynamic scalar",
        "built non-empty dynamic array",
        "built dynamic object",
        "accepted stage_object",
        "proxy ConversionFailed",
        "NoHook proxy",
    ] {
        assert!(
            tally.get(key).is_some_and(|n| *n > 0),
            "{key} never happened: {tally:#?}"
        );
    }
    assert!(max_depth >= 4, "max depth {max_depth}");
}

/// Staging more nodes than the verified runtime's arena holds fails with
/// `OutOfCapacity` on both sides, and the failure cleans up like any
/// other: a deferred tree of 4 arrays of 3 structs of 4 scalars, every
/// part staged and left open, needs more than 32 nodes.
#[test]
fn node_capacity_is_exhausted_alike() {
    use trame::PathSegment::Field;
    use trame::verified::ShapeStore;
    use trame_check::driver::Action;
    use trame_check::model::{MError, NODE_CAPACITY, Src};

    let mut store = ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let inner = store
        .structure("I", &[("a", n), ("b", n), ("c", n), ("d", n)], false)
        .unwrap();
    let arr = store.array(inner, 3).unwrap();
    let outer = store
        .structure(
            "O",
            &[("w", arr), ("x", arr), ("y", arr), ("z", arr)],
            false,
        )
        .unwrap();
    let mut h = Harness::new(&store, outer, true);
    let stage = |path: Vec<trame::PathSegment>| Action::Set {
        path,
        src: Src::Stage,
    };
    let mut nodes = 1;
    let mut last = Outcome::Accepted;
    'outer: for w in 0..4 {
        for e in 0..3 {
            for f in 0..4 {
                let path = match (e, f) {
                    (0, 0) => vec![Field(w), Field(e), Field(f)],
                    (_, 0) => vec![Field(e), Field(f)],
                    _ => vec![Field(f)],
                };
                let fresh = path.len();
                last = h.step(&stage(path)).unwrap_or_else(|m| panic!("{m}"));
                if last != Outcome::Accepted {
                    break 'outer;
                }
                nodes += fresh;
                h.step(&Action::End).unwrap_or_else(|m| panic!("{m}"));
            }
            h.step(&Action::End).unwrap_or_else(|m| panic!("{m}"));
        }
        h.step(&Action::End).unwrap_or_else(|m| panic!("{m}"));
    }
    assert_eq!(last, Outcome::Rejected(MError::OutOfCapacity));
    assert!(nodes <= NODE_CAPACITY, "{nodes} nodes");
    h.finish().unwrap_or_else(|m| panic!("{m}"));
}

/// A deferred tree of 31 nodes, one short of the arena's capacity: every
/// part of `w` and most of `x` staged and left open.
fn nearly_full() -> (
    trame::verified::ShapeStore,
    trame::verified::ShapeId,
    Vec<trame_check::driver::Action>,
) {
    use trame::PathSegment::{Field, Root};
    use trame::VariantStyle;
    use trame_check::driver::Action;
    use trame_check::model::Src;

    let mut store = trame::verified::ShapeStore::new();
    let n = store.scalar("N", 1, 1, false).unwrap();
    let d = store.scalar("D", 2, 2, true).unwrap();
    let inner = store
        .structure("I", &[("a", n), ("b", n), ("c", n), ("d", n)], false)
        .unwrap();
    let arr = store.array(inner, 3).unwrap();
    let e = store
        .enumeration(
            "E",
            1,
            &[
                ("V0", VariantStyle::Tuple, &[("0", inner)]),
                ("V1", VariantStyle::Tuple, &[("0", d)]),
            ],
        )
        .unwrap();
    let root = store
        .structure("R", &[("w", arr), ("x", arr), ("e", e)], false)
        .unwrap();
    let stage = |path| Action::Set {
        path,
        src: Src::Stage,
    };
    let mut prefix = Vec::new();
    for (w, elems, last) in [(0, 3, 4), (1, 3, 2)] {
        for el in 0..elems {
            let fields = if el + 1 == elems { last } else { 4 };
            for f in 0..fields {
                prefix.push(stage(vec![Root, Field(w), Field(el), Field(f)]));
            }
        }
    }
    prefix.push(stage(vec![Root]));
    (store, root, prefix)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: (cases() / 20).max(50),
        ..ProptestConfig::default()
    })]

    /// Ops near the arena's capacity: staging, selecting and switching
    /// variants, climbing and validating when one more node does not fit.
    #[test]
    fn trame_agrees_with_the_model_near_node_capacity(
        ops in prop::collection::vec(op(), 0..24),
        build in any::<bool>(),
    ) {
        let (store, root, prefix) = nearly_full();
        let mut h = Harness::new(&store, root, true);
        let fail = |m| TestCaseError::fail(format!("{m}"));
        for a in &prefix {
            prop_assert_eq!(h.step(a).map_err(fail)?, Outcome::Accepted);
        }
        prop_assert_eq!(h.model().root().map(|r| r.count()), Some(31));
        for (i, op) in ops.iter().enumerate() {
            let Some(action) = resolve(h.model(), op, i) else {
                continue;
            };
            if h.step(&action).map_err(fail)? == Outcome::Finished || h.model().is_poisoned() {
                h.finish().map_err(fail)?;
                return Ok(());
            }
        }
        if build {
            h.step(&trame_check::driver::Action::Build).map_err(fail)?;
        }
        h.finish().map_err(fail)?;
    }
}
