//! Fuzz inputs for trame's live runtime: a byte decoder into (root type,
//! abstract op sequence), the conversion of abstract ops into real [`Op`]s
//! with real `Imm` values, and the oracles checked after every input.
//!
//! Shared by the `cargo fuzz` target (`fuzz/fuzz_targets/ops.rs`) and by
//! the replay test that runs the committed corpus on stable Rust.
//!
//! # Input format
//!
//! Byte 0 picks the root type ([`types::roots`]), byte 1 holds [`Flags`].
//! Ops follow until the input ends (at most [`MAX_OPS`]). Each op starts
//! with a header byte: bits 0-2 the kind (0 `End`, 1 `Imm` of the slot's
//! type, 2 `Imm` of a wrong type, 3 `Default`, 4 `Stage`, 5
//! `StageDeferred`, 6 `Stage` with a capacity hint, 7 `StageDeferred` with
//! a capacity hint), bits 3-4 the path length (0-3). Path segments follow,
//! one byte each (`0x00..=0x7f`: `Field(b & 7)`, `0x80..=0xbf`:
//! `Field(b & 0x3f)`, `0xc0..=0xdf`: `Append`, `0xe0..=0xff`: `Root`),
//! then a seed byte for `Imm` kinds or a hint byte for hinted kinds. Missing
//! bytes read as zero. With bit 5 of the header set, kinds 1-3 are the hook
//! sources instead, each followed by a seed byte: 1 `Parse` of a text from
//! [`TEXTS`], 2 `ParseBytes` of `seed % 5` bytes, 3 `Convert` of a value
//! made by [`convert_source`] (a `u32`, zero included, a counted
//! [`types::Tracked`], a `u16`, a `String`).
//!
//! Bit 6 of the header selects the extended sources (before them, bit 6
//! was ignored; `encode` never set it, so every committed input decodes
//! to the same ops as before). With bit 6 set and bit 5 clear, kind 1 is
//! `StageProxy`, kind 2 an `Imm` of a scalar made by [`extra::scalar`]
//! (what a dynamic value's setters take) followed by a seed byte, kind 3
//! `Parse` of a text from [`EXT_TEXTS`] (UUIDs and near misses) followed
//! by a seed byte, kinds 4-7 `StageObject`, `StageObjectDeferred`, and
//! both with a hint byte. With bits 6 and 5 set, kind 1 is `ParseBytes` of
//! [`uuid_bytes`] (16 bytes, or 15 for one seed in four) followed by a
//! seed byte; kinds 2-7 read as with bit 5 clear. Kind 0 is `End` whatever
//! the other bits; bit 7 is ignored.
//!
//! # Oracles
//!
//! - no panic, no undefined behaviour (ASan under the fuzzer, Miri for the
//!   replay tests);
//! - every [`types::Tracked`] made is dropped exactly once;
//! - an op that is rejected poisons the Trame, and the error is specific;
//! - after each accepted op, the cursor's shape, view and depth are the
//!   ones the path rules predict;
//! - `Parse` of an `IpAddr` is accepted exactly when the standard library
//!   parses the text, and `Convert` of a `u32` into a `NonZero<u32>`
//!   exactly when it is not zero; `Parse` (text) and `ParseBytes` of a
//!   `Uuid` exactly when `uuid` accepts the text or the bytes;
//! - a successful build materializes as the root type; for modelled types
//!   ([`model`]) the build succeeds exactly when the model says every leaf
//!   was written, and the value equals the model's prediction;
//! - for inputs [`expect`] can follow (a `Uuid`, a `Value` or a `Ticket`
//!   root written whole, a `Value` staged as an array or object of
//!   scalars, a `Ticket` built through its proxy), the built value equals
//!   the prediction, and a build with a predicted value succeeds.

mod decode;
pub mod expect;
pub mod extra;
mod make;
pub mod model;
pub mod seeds;
mod shadow;
pub mod types;

pub use decode::{
    AOp, ASeg, ASrc, EXT_TEXTS, Flags, Input, MAX_OPS, TEXTS, bytes_of, convert_source, uuid_bytes,
};

use trame::{Op, OpBatch, Path, PathSegment, Source, Trame, View};

use model::{Model, Src, Step};
use shadow::Shadow;
use types::{drops, maker_for, makers};

fn hint(b: u8) -> usize {
    // 0xff stands for an absurd hint, which must not change the outcome.
    if b == 0xff { 1 << 40 } else { usize::from(b) }
}

/// The real op for `op`, with `Imm` values made for the slot the shadow
/// cursor says the path names.
fn real_op(op: &AOp, shadow: &Shadow) -> Op<'static> {
    let (path, src) = match op {
        AOp::End => return Op::End,
        AOp::Set(path, src) => (path, src),
    };
    let mut dst = Path::empty();
    for s in path {
        dst = dst.then(match *s {
            ASeg::Field(n) => PathSegment::Field(u32::from(n)),
            ASeg::Append => PathSegment::Append,
            ASeg::Root => PathSegment::Root,
        });
    }
    let target = shadow.target(path);
    let src = match *src {
        ASrc::Imm(seed) => {
            let maker = target.and_then(maker_for).unwrap_or(&makers()[0]);
            Source::Imm((maker.imm)(seed))
        }
        ASrc::Wrong(seed) => {
            let all = makers();
            let mut i = seed as usize % all.len();
            if Some(all[i].shape) == target {
                i = (i + 1) % all.len();
            }
            Source::Imm((all[i].imm)(seed))
        }
        ASrc::Default => Source::Default,
        ASrc::Stage(h) => Source::Stage(h.map(hint)),
        ASrc::StageDeferred(h) => Source::StageDeferred(h.map(hint)),
        ASrc::Parse(seed) => Source::Parse(TEXTS[usize::from(seed) % TEXTS.len()].into()),
        ASrc::ParseBytes(seed) => Source::ParseBytes(bytes_of(seed).into()),
        ASrc::Convert(seed) => convert_source(seed),
        ASrc::StageProxy => Source::StageProxy,
        ASrc::StageObject(h) => Source::StageObject(h.map(hint)),
        ASrc::StageObjectDeferred(h) => Source::StageObjectDeferred(h.map(hint)),
        ASrc::Scalar(seed) => Source::Imm(extra::scalar(seed).0),
        ASrc::ParseExt(seed) => {
            Source::Parse(EXT_TEXTS[usize::from(seed) % EXT_TEXTS.len()].into())
        }
        ASrc::ParseBytesExt(seed) => Source::ParseBytes(uuid_bytes(seed).into()),
    };
    Op::Set { dst, src }
}

/// Whether `op` uses a source the expected-value model does not know (a
/// hook, a proxy, a dynamic value's).
fn is_hook(op: &AOp) -> bool {
    matches!(
        op,
        AOp::Set(
            _,
            ASrc::Parse(_)
                | ASrc::ParseBytes(_)
                | ASrc::Convert(_)
                | ASrc::StageProxy
                | ASrc::StageObject(_)
                | ASrc::StageObjectDeferred(_)
                | ASrc::Scalar(_)
                | ASrc::ParseExt(_)
                | ASrc::ParseBytesExt(_)
        )
    )
}

/// Whether trame must accept `op` (`Some(true)`) or refuse it
/// (`Some(false)`), where the standard library says: `Parse` of an
/// `IpAddr`, `Convert` of a `u32` into a `NonZero<u32>` (both written into
/// a slot or at the cursor: the value itself is not checked there).
fn hook_expectation(op: &AOp, shadow: &Shadow) -> Option<bool> {
    let AOp::Set(path, src) = op else {
        return None;
    };
    if path.contains(&ASeg::Append) || path.is_empty() && shadow.stack.last()?.view != View::Value {
        return None;
    }
    let target = shadow.target(path)?;
    match *src {
        ASrc::Parse(seed) if target == <std::net::IpAddr as facet::Facet>::SHAPE => {
            let text = TEXTS[usize::from(seed) % TEXTS.len()];
            Some(text.parse::<std::net::IpAddr>().is_ok())
        }
        ASrc::Convert(seed)
            if target == <std::num::NonZero<u32> as facet::Facet>::SHAPE
                && matches!(seed % 6, 0..=2) =>
        {
            Some(seed % 6 != 0)
        }
        ASrc::Convert(seed) if target == <uuid::Uuid as facet::Facet>::SHAPE && seed % 6 == 5 => {
            Some(uuid::Uuid::parse_str(&format!("{seed}")).is_ok())
        }
        ASrc::Parse(seed) if target == <uuid::Uuid as facet::Facet>::SHAPE => {
            Some(uuid::Uuid::parse_str(TEXTS[usize::from(seed) % TEXTS.len()]).is_ok())
        }
        ASrc::ParseExt(seed) if target == <uuid::Uuid as facet::Facet>::SHAPE => {
            Some(uuid::Uuid::parse_str(EXT_TEXTS[usize::from(seed) % EXT_TEXTS.len()]).is_ok())
        }
        ASrc::ParseExt(seed) if target == <std::net::IpAddr as facet::Facet>::SHAPE => {
            let text = EXT_TEXTS[usize::from(seed) % EXT_TEXTS.len()];
            Some(text.parse::<std::net::IpAddr>().is_ok())
        }
        ASrc::ParseBytes(seed) if target == <uuid::Uuid as facet::Facet>::SHAPE => {
            Some(uuid::Uuid::from_slice(&bytes_of(seed)).is_ok())
        }
        ASrc::ParseBytesExt(seed) if target == <uuid::Uuid as facet::Facet>::SHAPE => {
            Some(uuid::Uuid::from_slice(&uuid_bytes(seed)).is_ok())
        }
        _ => None,
    }
}

fn model_step(model: &mut Model, op: &AOp) {
    match op {
        AOp::End => model.end(),
        AOp::Set(path, src) => {
            let steps: Vec<Step> = path
                .iter()
                .map(|s| match *s {
                    ASeg::Field(n) => Step::Field(u32::from(n)),
                    ASeg::Append => Step::Append,
                    ASeg::Root => Step::Root,
                })
                .collect();
            let src = match *src {
                ASrc::Imm(seed) => Src::Imm(seed),
                ASrc::Default => Src::Default,
                ASrc::Stage(_) | ASrc::StageDeferred(_) => Src::Stage,
                ASrc::Wrong(_) => panic!("trame accepted an Imm of the wrong type"),
                _ => unreachable!("the model is dropped at the first hook source"),
            };
            model.set(&steps, src);
        }
    }
}

/// What happened to one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Ops applied successfully.
    pub accepted: usize,
    /// Whether `build()` succeeded.
    pub built: bool,
    /// Whether the built value was compared with the model's prediction.
    pub compared: bool,
}

/// Decodes and runs one input, checking every oracle (panics on a
/// violation).
pub fn run_bytes(data: &[u8]) -> Report {
    run(&Input::decode(data))
}

/// Runs one input, checking every oracle (panics on a violation).
pub fn run(input: &Input) -> Report {
    drops::reset();
    let report = run_inner(input);
    let (made, dropped) = drops::counts();
    assert_eq!(made, dropped, "Tracked values made vs dropped");
    report
}

fn run_inner(input: &Input) -> Report {
    let root = input.root();
    let flags = input.flags;
    let mut t = if flags.has(Flags::DEFERRED) {
        (root.deferred)()
    } else {
        (root.strict)()
    };
    // The expected-value model knows `Imm` and `Default` only: an input
    // with a hook source is checked by the other oracles.
    let mut model = (model::is_modelled(root.shape) && !input.ops.iter().any(is_hook))
        .then(|| Model::new(root.shape));
    let mut shadow = Shadow::new(root.shape);
    let expected = expect::predict(input);
    let mut report = Report {
        accepted: 0,
        built: false,
        compared: false,
    };
    if flags.has(Flags::BATCH) {
        // The shadow cursor assumes every op is accepted; once one is not,
        // the Trame is poisoned and later ops are never applied.
        let mut batch = OpBatch::new();
        for op in &input.ops {
            batch.push(real_op(op, &shadow));
            shadow.apply(op);
        }
        let n = batch.len();
        let res = t.apply_batch(&mut batch);
        let applied = n - batch.len();
        match res {
            Ok(()) => {
                assert!(batch.is_empty());
                report.accepted = applied;
                if let Some(m) = model.as_mut() {
                    input.ops.iter().for_each(|op| model_step(m, op));
                }
            }
            Err(e) => {
                assert!(applied >= 1, "a failing batch applied the failing op");
                report.accepted = applied - 1;
                check_error(&t, &e);
                model = None;
            }
        }
        drop(batch);
    } else {
        for op in &input.ops {
            let real = real_op(op, &shadow);
            let expected = hook_expectation(op, &shadow);
            let result = t.apply(real);
            // Refused before the hook ran (a closed container, a variant
            // view, …), the hook's verdict is not at stake.
            let hook_ran = matches!(
                result,
                Ok(())
                    | Err(trame::TrameError::ParseFailed { .. }
                        | trame::TrameError::ConversionFailed { .. })
            );
            if let Some(ok) = expected.filter(|_| hook_ran) {
                assert_eq!(result.is_ok(), ok, "hook outcome of {op:?}: {result:?}");
            }
            match result {
                Ok(()) => {
                    report.accepted += 1;
                    shadow.apply(op);
                    if !shadow.lost {
                        check_cursor(&t, &shadow);
                    }
                    if let Some(m) = model.as_mut() {
                        model_step(m, op);
                        assert_eq!(m.depth(), t.depth(), "model depth");
                    }
                }
                Err(e) => {
                    check_error(&t, &e);
                    model = None;
                    break;
                }
            }
            if flags.has(Flags::RENDER) {
                let _ = t.to_string();
            }
        }
    }
    if flags.has(Flags::NO_BUILD) || t.is_poisoned() {
        if t.is_poisoned() {
            assert!(matches!(t.apply(Op::end()), Err(e) if e.is_poisoned()));
        }
        drop(t);
        return report;
    }
    let prediction = model.as_ref().map(Model::predict);
    match t.build() {
        Ok(hv) => {
            report.built = true;
            assert_eq!(hv.shape(), root.shape, "built shape");
            if let Some(p) = &prediction {
                assert!(p.is_some(), "build succeeded, model says incomplete");
            }
            if let Some(want) = expected
                && !flags.has(Flags::DROP_BUILT)
                && !flags.has(Flags::WRONG_MATERIALIZE)
            {
                want.check(hv);
                report.compared = true;
                return report;
            }
            if flags.has(Flags::DROP_BUILT) {
                drop(hv);
            } else if flags.has(Flags::WRONG_MATERIALIZE)
                && root.shape != <u8 as facet::Facet>::SHAPE
            {
                // The shape check fails; the value is dropped with the error.
                assert!(hv.materialize::<u8>().is_err());
            } else {
                let got = (root.take)(hv);
                if let (Some(got), Some(Some(want))) = (got, prediction) {
                    assert_eq!(got, want, "built value vs model");
                    report.compared = true;
                }
            }
        }
        Err(e) => {
            assert!(!e.is_poisoned(), "first error must be specific: {e:?}");
            if let Some(want) = &expected {
                want.check_failure(&e);
            }
            if let Some(p) = &prediction {
                assert!(p.is_none(), "build failed ({e}), model predicted {p:?}");
            }
        }
    }
    report
}

/// An op was rejected: the Trame is poisoned and the error is specific.
fn check_error(t: &Trame<'static>, e: &trame::TrameError) {
    assert!(!e.is_poisoned(), "first error must be specific: {e:?}");
    assert!(t.is_poisoned(), "an error poisons the Trame");
    assert_eq!(t.depth(), 0);
    let _ = e.to_string();
}

/// After an accepted op, the cursor is where the path rules put it.
fn check_cursor(t: &Trame<'static>, shadow: &Shadow) {
    let pos = *shadow.stack.last().expect("root");
    assert_eq!(t.depth(), shadow.stack.len() - 1, "depth");
    assert_eq!(t.cursor_shape(), Some(pos.shape), "cursor shape");
    assert_eq!(t.cursor_view(), Some(pos.view), "cursor view");
    assert_eq!(t.cursor_is_map_entry(), pos.entry, "cursor on a map entry");
}
