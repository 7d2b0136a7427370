//! Lock-step execution: every [`Action`] is applied to the reference
//! [`Model`] and to a `Trame` on the verified runtime, and everything
//! observable is compared after each one.
//!
//! Compared after every action: acceptance or the error (kind, location,
//! and for an incomplete value every missing path), poisoning, the cursor
//! (depth, shape, and which part of an enum it stands for), and every byte
//! of the root allocation (initialized or not, and its value: which `Imm`
//! or default wrote it). The checked heap must report no violation; while
//! active exactly one allocation (the root) is live, after poisoning none.
//! After a successful build the built bytes must be the model's value;
//! after the value or an unfinished Trame is dropped, the heap's teardown
//! report must be empty.

use core::fmt;

use trame::verified::{ShapeId, ShapeStore, VHeap, VPtr};
use trame::{IShape, PathSegment, RtSource, Trame, TrameError, VRuntime, View};

use crate::model::{AValue, MError, Model, Part, Src, value};

/// A Trame on the verified runtime.
pub type VTrame<'s> = Trame<'static, VRuntime<'s>>;

/// One step of a sequence.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `Set { dst: path, src }`.
    Set {
        /// The destination, relative to the cursor.
        path: Vec<PathSegment>,
        /// The source.
        src: Src,
    },
    /// `End`.
    End,
    /// `build()`, then drop the built value (ends the sequence).
    Build,
    /// Drop the unfinished Trame (ends the sequence).
    Drop,
}

impl Action {
    /// Whether the action ends a sequence.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Action::Build | Action::Drop)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Set { path, src } => {
                f.write_str("set([")?;
                for (i, seg) in path.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    match seg {
                        PathSegment::Field(n) => write!(f, "{sep}Field({n})")?,
                        PathSegment::Append => write!(f, "{sep}Append")?,
                        PathSegment::Root => write!(f, "{sep}Root")?,
                    }
                }
                match src {
                    Src::Imm { shape, tag } => write!(f, "], imm(shape {}, tag {tag}))", shape.0),
                    Src::Default => f.write_str("], default)"),
                    Src::Stage => f.write_str("], stage)"),
                    Src::StageDeferred => f.write_str("], stage_deferred)"),
                }
            }
            Action::End => f.write_str("end()"),
            Action::Build => f.write_str("build()"),
            Action::Drop => f.write_str("drop()"),
        }
    }
}

/// A disagreement between the model and trame, or a heap check that
/// failed, with the whole history that led to it.
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// What differed.
    pub what: String,
    /// The shape's full structure.
    pub shape: String,
    /// Whether the whole tree was deferred.
    pub deferred: bool,
    /// The actions applied, the failing one last.
    pub history: Vec<Action>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.what)?;
        writeln!(f, "  shape: {}", self.shape)?;
        writeln!(
            f,
            "  mode: {}",
            if self.deferred { "deferred" } else { "strict" }
        )?;
        for (i, a) in self.history.iter().enumerate() {
            writeln!(f, "  {i:>3}: {a}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Mismatch {}

/// What an accepted or rejected action led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Applied; the builder is still active.
    Accepted,
    /// Rejected with this error; the builder is poisoned.
    Rejected(MError),
    /// The sequence is over (built or dropped).
    Finished,
}

/// The model and a Trame side by side, with the heap they share.
pub struct Harness<'s> {
    store: &'s ShapeStore,
    model: Model<'s>,
    trame: Option<VTrame<'s>>,
    heap: VHeap<'s>,
    root_alloc: u32,
    deferred: bool,
    history: Vec<Action>,
    /// Compare the root allocation's bytes after each action.
    pub check_bytes: bool,
}

impl<'s> Harness<'s> {
    /// Starts building `root` (a shape of `store`) on both sides, strict or
    /// with the whole tree deferred.
    pub fn new(store: &'s ShapeStore, root: ShapeId, deferred: bool) -> Self {
        let heap = VHeap::new();
        let root_alloc = u32::try_from(heap.total_allocations()).expect("few allocations");
        let shape = store.shape(root);
        let trame = match deferred {
            true => VTrame::new_verified_deferred(heap.clone(), shape),
            false => VTrame::new_verified(heap.clone(), shape),
        };
        Harness {
            store,
            model: Model::new(store, root, deferred),
            trame: Some(trame),
            heap,
            root_alloc,
            deferred,
            history: Vec::new(),
            check_bytes: true,
        }
    }

    /// The model, as it is now.
    pub fn model(&self) -> &Model<'s> {
        &self.model
    }

    /// The actions applied so far.
    pub fn history(&self) -> &[Action] {
        &self.history
    }

    fn mismatch(&self, what: String) -> Mismatch {
        Mismatch {
            what,
            shape: self.model.root_shape().structure(),
            deferred: self.deferred,
            history: self.history.clone(),
        }
    }

    fn ensure(&self, ok: bool, what: impl FnOnce() -> String) -> Result<(), Mismatch> {
        match ok {
            true => Ok(()),
            false => Err(self.mismatch(what())),
        }
    }

    /// Applies `action` to both sides and compares.
    pub fn step(&mut self, action: &Action) -> Result<Outcome, Mismatch> {
        let Some(trame) = self.trame.as_mut() else {
            return Ok(Outcome::Finished);
        };
        self.history.push(action.clone());
        let (expected, got) = match action {
            Action::Set { path, src } => {
                let rt = match *src {
                    Src::Imm { shape, tag } => {
                        let imm = self.heap.new_imm(self.store.shape(shape), tag);
                        RtSource::Imm(imm.expect("heap capacity"))
                    }
                    Src::Default => RtSource::Default,
                    Src::Stage => RtSource::Stage(None),
                    Src::StageDeferred => RtSource::StageDeferred(None),
                };
                (self.model.apply_set(path, *src), trame.apply_set(path, rt))
            }
            Action::End => (self.model.apply_end(), trame.apply_end()),
            Action::Build => return self.build(),
            Action::Drop => {
                self.trame = None;
                self.check_teardown("after dropping the unfinished Trame")?;
                return Ok(Outcome::Finished);
            }
        };
        let got = got.map_err(|e| observe(&e));
        self.ensure(expected == got, || {
            format!("outcome differs: model {expected:?}, trame {got:?}")
        })?;
        self.check_state()?;
        Ok(match got {
            Ok(()) => Outcome::Accepted,
            Err(e) => Outcome::Rejected(e),
        })
    }

    /// Compares the state after an applied action.
    fn check_state(&self) -> Result<(), Mismatch> {
        let t = self.trame.as_ref().expect("checked while the Trame exists");
        let v = self.heap.violations();
        self.ensure(v.is_empty(), || format!("heap violations: {v:#?}"))?;
        self.ensure(t.is_poisoned() == self.model.is_poisoned(), || {
            format!(
                "poisoned: model {}, trame {}",
                self.model.is_poisoned(),
                t.is_poisoned()
            )
        })?;
        let live = self.heap.live_allocations();
        if self.model.is_poisoned() {
            return self.ensure(live == 0, || {
                format!("{live} allocation(s) live after poisoning")
            });
        }
        self.ensure(live == 1, || {
            format!("{live} allocation(s) live, expected only the root")
        })?;
        let node = self.model.cursor_node().expect("active model");
        self.ensure(t.depth() == self.model.depth(), || {
            format!("depth: model {}, trame {}", self.model.depth(), t.depth())
        })?;
        let view = match node.part {
            Part::Value => View::Value,
            Part::Variant(v) => View::Variant(v),
            Part::Payload(v) => View::Payload(v),
        };
        self.ensure(t.cursor_view() == Some(view), || {
            format!("cursor view: model {view:?}, trame {:?}", t.cursor_view())
        })?;
        let shape = t.cursor_shape().map(|s| s.id());
        self.ensure(shape == Some(node.shape), || {
            format!("cursor shape: model {:?}, trame {shape:?}", node.shape)
        })?;
        if self.check_bytes {
            let expected = self.model.predicted_bytes();
            let got = self.read_bytes(self.root_alloc, 0, expected.len());
            self.ensure(expected == got, || {
                format!(
                    "root bytes differ\n  model {}\n  trame {}",
                    show(&expected),
                    show(&got)
                )
            })?;
        }
        Ok(())
    }

    /// Every byte of `len` at `offset` in allocation `alloc`: `Some` when
    /// initialized.
    fn read_bytes(&self, alloc: u32, offset: u32, len: usize) -> Vec<Option<u8>> {
        (0..len as u32)
            .map(|i| {
                let ptr = VPtr {
                    alloc,
                    offset: offset + i,
                };
                self.heap.read(ptr, 1).map(|b| b[0])
            })
            .collect()
    }

    fn build(&mut self) -> Result<Outcome, Mismatch> {
        let trame = self.trame.take().expect("present");
        let expected = self.model.build();
        match (expected, trame.build()) {
            (Ok(value), Ok(built)) => {
                let v = self.heap.violations();
                self.ensure(v.is_empty(), || format!("heap violations at build: {v:#?}"))?;
                let live = self.heap.live_allocations();
                self.ensure(live == 1, || {
                    format!("{live} allocation(s) live after build")
                })?;
                let shape = built.runtime_shape();
                let mut want = vec![None; shape.size()];
                value::render(shape, Part::Value, &value, 0, &mut want);
                let ptr = built.ptr();
                let got = self.read_bytes(ptr.alloc, ptr.offset, shape.size());
                self.ensure(want == got, || {
                    format!(
                        "built value {value} differs\n  model {}\n  trame {}",
                        show(&want),
                        show(&got)
                    )
                })?;
                drop(built);
                self.check_teardown("after dropping the built value")?;
            }
            (expected, got) => {
                let got = got
                    .map(|_| AValue::Fields(Vec::new()))
                    .map_err(|e| observe(&e));
                let same = match (&expected, &got) {
                    (Err(a), Err(b)) => a == b,
                    _ => false,
                };
                self.ensure(same, || {
                    format!("build outcome differs: model {expected:?}, trame {got:?}")
                })?;
                self.check_teardown("after a failed build")?;
            }
        }
        Ok(Outcome::Finished)
    }

    fn check_teardown(&self, when: &str) -> Result<(), Mismatch> {
        let report = self.heap.teardown_report();
        self.ensure(report.is_empty(), || {
            format!("heap not empty {when}: {report:#?}")
        })
    }

    /// Ends the run: drops the Trame if it is still there and checks that
    /// the heap holds nothing.
    pub fn finish(mut self) -> Result<(), Mismatch> {
        if self.trame.is_some() {
            self.trame = None;
            self.check_teardown("after dropping the unfinished Trame")?;
        }
        Ok(())
    }
}

/// Bytes as `0a 0a __ df`, `__` for uninitialized.
fn show(bytes: &[Option<u8>]) -> String {
    let parts: Vec<String> = bytes
        .iter()
        .map(|b| b.map_or_else(|| "__".to_owned(), |b| format!("{b:02x}")))
        .collect();
    format!("[{}]", parts.join(" "))
}

/// The model's view of a trame error.
pub fn observe(e: &TrameError) -> MError {
    match e {
        TrameError::Poisoned => MError::Poisoned,
        TrameError::Incomplete { all, .. } => {
            let mut all = all.clone();
            all.sort();
            MError::Incomplete { all }
        }
        TrameError::ShapeMismatch { path, .. } => MError::ShapeMismatch { path: path.clone() },
        TrameError::FieldOutOfRange {
            path, index, count, ..
        } => MError::FieldOutOfRange {
            path: path.clone(),
            index: *index,
            count: *count,
        },
        TrameError::NotAContainer { path, .. } => MError::NotAContainer { path: path.clone() },
        TrameError::AppendRequiresStage { path, .. } => {
            MError::AppendRequiresStage { path: path.clone() }
        }
        TrameError::RootNotFirst { position } => MError::RootNotFirst {
            position: *position,
        },
        TrameError::ContainerClosed { path, .. } => MError::ContainerClosed { path: path.clone() },
        TrameError::EndAtRoot => MError::EndAtRoot,
        TrameError::NoDefault { path, .. } => MError::NoDefault { path: path.clone() },
        TrameError::Unsupported { path, .. } => MError::Unsupported { path: path.clone() },
        TrameError::OutOfCapacity { .. } => MError::OutOfCapacity,
        other => MError::Other(other.to_string()),
    }
}

/// Runs `actions` from a fresh start on both sides, checking after each.
/// Stops after a terminal action; drops an unfinished Trame at the end.
pub fn run(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    actions: &[Action],
) -> Result<(), Mismatch> {
    let mut h = Harness::new(store, root, deferred);
    for a in actions {
        if h.step(a)? == Outcome::Finished {
            break;
        }
    }
    h.finish()
}
