//! The same scenarios on both runtimes: each scenario is one generic
//! function over [`Fixture`], run once on the live runtime with real facet
//! types and once on the verified runtime with the equivalent dynamic
//! shapes. Outcomes (accepted/rejected, error kinds and messages, built
//! values) must agree; the verified run also checks the heap.

use trame::verified::{ShapeStore, VHeap, VShape};
use trame::{Facet, IRuntime, Op, PathSegment, RtSource, Trame, TrameError, VRuntime};

#[derive(Facet, Debug, PartialEq)]
struct Pair {
    a: u32,
    b: u32,
}

#[derive(Facet, Debug, PartialEq)]
struct Outer {
    inner: Pair,
    c: u32,
}

/// What a scenario needs from a runtime.
trait Fixture {
    type R: IRuntime;
    /// A fresh Trame building an `Outer`.
    fn outer(&self) -> Trame<'static, Self::R>;
    /// `Set { dst: path, src: Imm(v) }` for a `u32` value `v`.
    fn set_u32(
        &self,
        t: &mut Trame<'static, Self::R>,
        path: &[PathSegment],
        v: u8,
    ) -> Result<(), TrameError>;
    /// Builds and returns the `Outer` as `[inner.a, inner.b, c]`, and checks
    /// that nothing is left afterwards.
    fn finish(&self, t: Trame<'static, Self::R>) -> Result<[u8; 3], TrameError>;
    /// Checks that nothing is left (after poison or drop).
    fn assert_empty(&self);
}

struct Live;

impl Fixture for Live {
    type R = trame::LRuntime;
    fn outer(&self) -> Trame<'static> {
        Trame::new::<Outer>()
    }
    fn set_u32(
        &self,
        t: &mut Trame<'static>,
        path: &[PathSegment],
        v: u8,
    ) -> Result<(), TrameError> {
        t.apply(Op::set().path(path.into()).imm(u32::from(v)))
    }
    fn finish(&self, t: Trame<'static>) -> Result<[u8; 3], TrameError> {
        let o = t.build()?.materialize::<Outer>()?;
        Ok([o.inner.a, o.inner.b, o.c].map(|x| u8::try_from(x).unwrap()))
    }
    fn assert_empty(&self) {}
}

struct Verified<'s> {
    heap: VHeap<'s>,
    outer: VShape<'s>,
    u32: VShape<'s>,
}

impl<'s> Fixture for Verified<'s> {
    type R = VRuntime<'s>;
    fn outer(&self) -> Trame<'static, VRuntime<'s>> {
        Trame::new_verified(self.heap.clone(), self.outer)
    }
    fn set_u32(
        &self,
        t: &mut Trame<'static, VRuntime<'s>>,
        path: &[PathSegment],
        v: u8,
    ) -> Result<(), TrameError> {
        let imm = self.heap.clone().new_imm(self.u32, v).unwrap();
        t.apply_set(path, RtSource::Imm(imm))
    }
    fn finish(&self, t: Trame<'static, VRuntime<'s>>) -> Result<[u8; 3], TrameError> {
        let v = t.build()?;
        let bytes = self
            .heap
            .read(v.ptr(), 12)
            .expect("built value initialized");
        drop(v);
        self.assert_empty();
        for chunk in bytes.chunks(4) {
            assert!(
                chunk.iter().all(|b| *b == chunk[0]),
                "each u32 comes from one Imm"
            );
        }
        Ok([bytes[0], bytes[4], bytes[8]])
    }
    fn assert_empty(&self) {
        assert!(
            self.heap.teardown_report().is_empty(),
            "{:#?}",
            self.heap.teardown_report()
        );
    }
}

/// Runs `scenario` on both runtimes and checks that they agree.
fn on_both<T: PartialEq + core::fmt::Debug>(scenario: impl Fn(&dyn AnyFixture) -> T) {
    let live = scenario(&Live);
    let mut store = ShapeStore::new();
    let u32 = store.scalar("u32", 4, 4, true).unwrap();
    let pair = store
        .structure("Pair", &[("a", u32), ("b", u32)], false)
        .unwrap();
    let outer = store
        .structure("Outer", &[("inner", pair), ("c", u32)], false)
        .unwrap();
    let fixture = Verified {
        heap: VHeap::new(),
        outer: store.shape(outer),
        u32: store.shape(u32),
    };
    let verified = scenario(&fixture);
    fixture.assert_empty();
    assert_eq!(live, verified, "live and verified runtimes disagree");
}

/// Object-safe view of a fixture, so one closure serves both runtimes.
trait AnyFixture {
    /// Runs `ops` (a script) and returns the outcome of each step plus the
    /// built value, as comparable data.
    fn script(&self, ops: &[Step]) -> Vec<Outcome>;
}

/// A scripted step.
#[derive(Clone, Copy, Debug)]
enum Step {
    Set(&'static [PathSegment], u8),
    Stage(&'static [PathSegment]),
    End,
    Build,
    Drop,
}

/// A comparable outcome of a step.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok { depth: usize },
    Err { message: String, poisoned: bool },
    Built([u8; 3]),
}

fn outcome(r: Result<(), TrameError>, depth: usize, poisoned: bool) -> Outcome {
    match r {
        Ok(()) => Outcome::Ok { depth },
        Err(e) => Outcome::Err {
            message: e.to_string(),
            poisoned,
        },
    }
}

impl<F: Fixture> AnyFixture for F {
    fn script(&self, steps: &[Step]) -> Vec<Outcome> {
        let mut out = Vec::new();
        let mut t = Some(self.outer());
        for step in steps {
            let Some(tr) = t.as_mut() else { break };
            let r = match *step {
                Step::Set(path, v) => self.set_u32(tr, path, v),
                Step::Stage(path) => tr.apply_set(path, RtSource::Stage(None)),
                Step::End => tr.apply_end(),
                Step::Build => {
                    match self.finish(t.take().unwrap()) {
                        Ok(v) => out.push(Outcome::Built(v)),
                        Err(e) => out.push(Outcome::Err {
                            message: e.to_string(),
                            poisoned: true,
                        }),
                    }
                    continue;
                }
                Step::Drop => {
                    t = None;
                    self.assert_empty();
                    continue;
                }
            };
            out.push(outcome(r, tr.depth(), tr.is_poisoned()));
            if tr.is_poisoned() {
                self.assert_empty();
            }
        }
        drop(t);
        self.assert_empty();
        out
    }
}

const F0: &[PathSegment] = &[PathSegment::Field(0)];
const F1: &[PathSegment] = &[PathSegment::Field(1)];
const F00: &[PathSegment] = &[PathSegment::Field(0), PathSegment::Field(0)];
const F01: &[PathSegment] = &[PathSegment::Field(0), PathSegment::Field(1)];
const ROOT_F1: &[PathSegment] = &[PathSegment::Root, PathSegment::Field(1)];
const F0_ROOT: &[PathSegment] = &[PathSegment::Field(0), PathSegment::Root];
const F2: &[PathSegment] = &[PathSegment::Field(2)];

use Step::*;

// t[verify state.machine.strict-end]
#[test]
fn nested_strict_success() {
    on_both(|f| f.script(&[Stage(F0), Set(F0, 1), Set(F1, 2), End, Set(F1, 9), Build]));
}

// t[verify state.machine.strict-end]
#[test]
fn nested_strict_failure() {
    on_both(|f| {
        let out = f.script(&[Stage(F0), Set(F0, 1), End, Set(F1, 9)]);
        assert!(matches!(&out[2], Outcome::Err { message, poisoned: true }
            if message == "missing field b in Pair at $.inner"));
        assert!(matches!(&out[3], Outcome::Err { poisoned: true, .. }));
        out
    });
}

// t[verify api.path.cursor-after-write]
// t[verify api.path.root-first]
#[test]
fn multi_segment_paths_and_root() {
    on_both(|f| {
        let out = f.script(&[Set(F00, 1), Set(F1, 2), Set(ROOT_F1, 9), Build]);
        assert_eq!(out[0], Outcome::Ok { depth: 1 });
        assert_eq!(out[2], Outcome::Ok { depth: 0 });
        assert_eq!(out[3], Outcome::Built([1, 2, 9]));
        out
    });
}

// t[verify state.machine.overwrite]
#[test]
fn overwrites() {
    on_both(|f| {
        f.script(&[
            Set(F00, 1),
            Set(F0, 5),
            Set(F01, 6),
            Set(F0, 7),
            End,
            Set(F1, 3),
            Build,
        ])
    });
}

// t[verify api.build.climbs-from-cursor]
#[test]
fn build_from_deep_cursor() {
    on_both(|f| {
        f.script(&[
            Set(F1, 4),
            Stage(F01),
            Set(&[], 8),
            Set(
                &[
                    PathSegment::Root,
                    PathSegment::Field(0),
                    PathSegment::Field(0),
                ],
                2,
            ),
            Build,
        ])
    });
}

#[test]
fn errors_agree() {
    for steps in [
        &[End][..],
        &[Set(F2, 1)],
        &[Set(F0_ROOT, 1)],
        &[Stage(F0), Set(F0, 1), Build],
        &[Stage(&[PathSegment::Append])],
        &[Set(&[PathSegment::Field(1), PathSegment::Field(0)], 1)],
        &[Set(F1, 1), Drop],
        &[Stage(F0), Set(F0, 1), Drop],
    ] {
        on_both(|f| f.script(steps));
    }
}
