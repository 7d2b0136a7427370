//! Lock-step execution: every [`Action`] is applied to the reference
//! [`Model`] and to a `Trame` on the verified runtime, and everything
//! observable is compared after each one.
//!
//! Compared after every action: acceptance or the error (kind, location,
//! and for an incomplete value every missing path), poisoning, the cursor
//! (depth, shape, which part of an enum it stands for, whether it is on a
//! map entry), and every byte of the root allocation (initialized or not,
//! and its value: which `Imm` or default wrote it). Handles (options,
//! pointers, `Result`s, lists, sets, maps) are followed: what they own is
//! read back from the checked heap and compared with the model's value.
//! The checked heap must report no violation; while active the number of
//! live allocations must be what the model's tree owns (the root, inner
//! allocations of wrappers, what handles own, 1 to `n` staging chunks per
//! container of `n` staged elements), after poisoning none. After a
//! successful build the built value must be the model's, and own exactly
//! the allocations it should; after the value or an unfinished Trame is
//! dropped, the heap's teardown report must be empty.
//!
//! The checked heap hands out at most `MAX_ALLOCATIONS` allocations (live
//! and freed together). A sequence that comes within [`HEAP_MARGIN`] of
//! that bound, or whose `Imm` does not fit, ends there: the Trame is
//! dropped and the heap must be left empty.

use core::fmt;

use trame::verified::{MAX_ALLOCATIONS, ShapeId, ShapeStore, VHeap, VPtr};
use trame::{IShape, PathSegment, RtSource, Trame, TrameError, VRuntime, View};

use crate::model::image::{owned_allocations, to_vvalue};
use crate::model::{AValue, Image, MError, Model, PByte, Part, Src};

/// Allocations kept in reserve below the heap's bound: more than one op
/// can make besides its `Imm` (closing a wrapper or container allocates
/// once, and a tree holds at most 32 nodes).
pub const HEAP_MARGIN: usize = 64;

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
                    Src::StageProxy => f.write_str("], stage_proxy)"),
                    Src::StageObject => f.write_str("], stage_object)"),
                    Src::StageObjectDeferred => f.write_str("], stage_object_deferred)"),
                    Src::Parse(text) => write!(f, "], parse({:?}))", text.render()),
                    Src::ParseBytes(first) => {
                        write!(f, "], parse_bytes({:?}))", Src::bytes(*first))
                    }
                    Src::Convert { shape, tag } => {
                        write!(f, "], convert(shape {}, tag {tag}))", shape.0)
                    }
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
    exhausted: bool,
    /// Compare the root allocation's bytes after each action.
    pub check_bytes: bool,
    /// The capacity hint given with every `Stage` and `StageDeferred`
    /// (the model ignores hints: they must not change what is accepted
    /// or built).
    pub hint: Option<usize>,
}

impl<'s> Harness<'s> {
    /// Starts building `root` (a shape of `store`) on both sides, strict or
    /// with the whole tree deferred.
    pub fn new(store: &'s ShapeStore, root: ShapeId, deferred: bool) -> Self {
        Self::with_format(store, root, deferred, None)
    }

    /// [`Harness::new`] for a Trame with a format (`Trame::with_format`):
    /// proxies declared for it apply first, on both sides.
    pub fn with_format(
        store: &'s ShapeStore,
        root: ShapeId,
        deferred: bool,
        format: Option<&'static str>,
    ) -> Self {
        let heap = VHeap::new();
        let root_alloc = u32::try_from(heap.total_allocations()).expect("few allocations");
        let shape = store.shape(root);
        let trame = match deferred {
            true => VTrame::new_verified_deferred(heap.clone(), shape),
            false => VTrame::new_verified(heap.clone(), shape),
        };
        let (trame, model) = match format {
            Some(f) => (
                trame.with_format(f),
                Model::new(store, root, deferred).with_format(f),
            ),
            None => (trame, Model::new(store, root, deferred)),
        };
        Harness {
            store,
            model,
            trame: Some(trame),
            heap,
            root_alloc,
            deferred,
            history: Vec::new(),
            exhausted: false,
            check_bytes: true,
            hint: None,
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
        let hooks = crate::generate::describe_hooks(self.store);
        let shape = match hooks.is_empty() {
            true => self.model.root_shape().structure(),
            false => format!("{}\n  hooks: {hooks}", self.model.root_shape().structure()),
        };
        Mismatch {
            what,
            shape,
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
        if self.heap.total_allocations() + HEAP_MARGIN > MAX_ALLOCATIONS {
            return self.exhausted();
        }
        self.history.push(action.clone());
        let (text, bytes) = match action {
            Action::Set {
                src: Src::Parse(text),
                ..
            } => (text.render(), Vec::new()),
            Action::Set {
                src: Src::ParseBytes(first),
                ..
            } => (String::new(), Src::bytes(*first)),
            _ => (String::new(), Vec::new()),
        };
        let (expected, got) = match action {
            Action::Set { path, src } => {
                let rt = match *src {
                    Src::Imm { shape, tag } => {
                        match self.heap.new_imm(self.store.shape(shape), tag) {
                            Ok(imm) => RtSource::Imm(imm),
                            Err(_) => return self.exhausted(),
                        }
                    }
                    Src::Convert { shape, tag } => {
                        match self.heap.new_imm(self.store.shape(shape), tag) {
                            Ok(imm) => RtSource::Convert(imm),
                            Err(_) => return self.exhausted(),
                        }
                    }
                    Src::Parse(_) => RtSource::Parse(&text),
                    Src::ParseBytes(_) => RtSource::ParseBytes(&bytes),
                    Src::Default => RtSource::Default,
                    Src::Stage => RtSource::Stage(self.hint),
                    Src::StageDeferred => RtSource::StageDeferred(self.hint),
                    Src::StageProxy => RtSource::StageProxy,
                    Src::StageObject => RtSource::StageObject(self.hint),
                    Src::StageObjectDeferred => RtSource::StageObjectDeferred(self.hint),
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
        let same = match (&expected, &got) {
            (Err(a), Err(b)) => a.admits(b),
            (a, b) => a == b,
        };
        self.ensure(same, || {
            format!("outcome differs: model {expected:?}, trame {got:?}")
        })?;
        self.check_state()?;
        Ok(match got {
            Ok(()) => Outcome::Accepted,
            Err(e) => Outcome::Rejected(e),
        })
    }

    /// Ends a sequence for which the checked heap has no room left.
    fn exhausted(&mut self) -> Result<Outcome, Mismatch> {
        self.trame = None;
        self.exhausted = true;
        self.check_teardown("after dropping a Trame whose heap is full")?;
        Ok(Outcome::Finished)
    }

    /// Whether the sequence was cut short because the heap was full.
    pub fn was_exhausted(&self) -> bool {
        self.exhausted
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
        let (min, max) = self.model.live_allocations().expect("active model");
        self.ensure((min..=max).contains(&live), || {
            format!("{live} allocation(s) live, expected {min}..={max}")
        })?;
        let node = self.model.cursor_node().expect("active model");
        self.ensure(t.depth() == self.model.depth(), || {
            format!("depth: model {}, trame {}", self.model.depth(), t.depth())
        })?;
        let view = match node.part {
            Part::Value | Part::Entry | Part::Proxy(_) => View::Value,
            Part::Variant(v) => View::Variant(v),
            Part::Payload(v) => View::Payload(v),
        };
        self.ensure(t.cursor_view() == Some(view), || {
            format!("cursor view: model {view:?}, trame {:?}", t.cursor_view())
        })?;
        let entry = node.part == Part::Entry;
        self.ensure(t.cursor_is_map_entry() == entry, || {
            format!("cursor on a map entry: model {entry}, trame {}", !entry)
        })?;
        let shape = t.cursor_shape().map(|s| s.id());
        self.ensure(shape == Some(node.shape), || {
            format!("cursor shape: model {:?}, trame {shape:?}", node.shape)
        })?;
        if self.check_bytes {
            let expected = self.model.predicted_image();
            self.compare_image(&expected, self.root_alloc, 0, "root bytes")?;
        }
        Ok(())
    }

    /// Compares the memory at `offset` of allocation `alloc` with
    /// `expected`: every byte (handles only as initialized), then what
    /// each handle owns, read back structurally.
    fn compare_image(
        &self,
        expected: &Image,
        alloc: u32,
        offset: u32,
        what: &str,
    ) -> Result<(), Mismatch> {
        let got = Image {
            bytes: self
                .read_bytes(alloc, offset, expected.bytes.len())
                .into_iter()
                .zip(&expected.bytes)
                .map(|(b, e)| match (b, e) {
                    (None, _) => PByte::Uninit,
                    (Some(_), PByte::Handle) => PByte::Handle,
                    (Some(b), _) => PByte::Byte(b),
                })
                .collect(),
            handles: Vec::new(),
        };
        self.ensure(expected.bytes == got.bytes, || {
            format!(
                "{what} differ\n  model {}\n  trame {}",
                expected.show(),
                got.show()
            )
        })?;
        for (at, shape, value) in &expected.handles {
            let shape = self.store.shape(*shape);
            let ptr = VPtr {
                alloc,
                offset: offset + *at as u32,
            };
            let want = to_vvalue(shape, value);
            let got = self.heap.value(ptr, shape);
            self.ensure(got.as_ref() == Some(&want), || {
                format!(
                    "{what}: the {} handle at {at} owns {got:?}, the model expects {value} = {want:?}",
                    shape.name()
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
                let shape = built.runtime_shape();
                let owned = 1 + owned_allocations(shape, Part::Value, &value);
                let live = self.heap.live_allocations();
                self.ensure(live == owned, || {
                    format!("{live} allocation(s) live after build, expected {owned}")
                })?;
                let mut want = Image::new(shape.size());
                want.render(shape, Part::Value, &value, 0);
                let ptr = built.ptr();
                self.compare_image(
                    &want,
                    ptr.alloc,
                    ptr.offset,
                    &format!("built value {value}"),
                )?;
                drop(built);
                self.check_teardown("after dropping the built value")?;
            }
            (expected, got) => {
                let got = got
                    .map(|_| AValue::Fields(Vec::new()))
                    .map_err(|e| observe(&e));
                let same = match (&expected, &got) {
                    (Err(a), Err(b)) => a.admits(b),
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
        TrameError::NoHook { path, shape, hook } => MError::NoHook {
            path: path.clone(),
            shape: shape.clone(),
            hook,
        },
        TrameError::ParseFailed { path, shape, .. } => MError::ParseFailed {
            path: path.clone(),
            shape: shape.clone(),
        },
        TrameError::ConversionFailed {
            path, shape, from, ..
        } => MError::ConversionFailed {
            path: path.clone(),
            shape: shape.clone(),
            from: from.clone(),
        },
        TrameError::InvariantViolated { path, shape, .. } => MError::InvariantViolated {
            path: path.clone(),
            shape: shape.clone(),
        },
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
