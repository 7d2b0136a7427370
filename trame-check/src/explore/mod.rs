//! Exhaustive bounded exploration: every shape of [`shapes::enumerate`] up
//! to a depth, in strict and deferred mode, × every sequence of actions up
//! to a length, over an alphabet of actions resolved against the current
//! state ([`alphabet`]). Every sequence is replayed from scratch in lock
//! step on the model and on a `Trame` (see [`driver`](crate::driver)),
//! which checks every step and the heap.
//!
//! The search runs over model states (the model is cheap to clone); each
//! maximal sequence is then replayed on both sides. A sequence ends at the
//! length bound (then the Trame is dropped), at `build` or `drop`, or at
//! the first error (poisoned states are terminal; the replay still checks
//! that everything was cleaned up).
//!
//! With pruning, a state already explored with at least as many actions
//! left is not explored again: its sequence is replayed (the path to it is
//! new) but not extended. States are compared with `Imm` tags erased (see
//! [`Model::fingerprint`]): trame never looks into value bytes except enum
//! discriminants, which stay in the state, so two states that differ only
//! in which values were moved in behave alike.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use trame::PathSegment;
use trame::verified::{BROKEN_BYTE, ShapeId, ShapeStore, VShape};

use crate::driver::{Action, Harness, Mismatch, Outcome};
use crate::generate::Place;
use crate::model::facts::{NodeKind, Part, node_kind};
use crate::model::{MError, Model, Src, Text};
use crate::shapes;

mod features;
use features::{declares_proxies, dynamic_actions, dynamic_scalar, proxy_actions};

/// How far to explore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Shape nesting depth (see [`shapes`]).
    pub depth: u32,
    /// Longest action sequence (a final `build` or `drop` counts).
    pub len: usize,
    /// Skip states already explored with at least as many actions left.
    pub prune: bool,
}

impl Bound {
    /// The default bound: shapes of depth ≤ 2, every sequence of ≤ 4
    /// actions, no pruning. Overridden by `TRAME_EXPLORE_DEPTH`,
    /// `TRAME_EXPLORE_LEN` and `TRAME_EXPLORE_PRUNE` (`1` to prune).
    pub fn from_env() -> Bound {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
        };
        Bound {
            depth: var("TRAME_EXPLORE_DEPTH").map_or(2, |d| d as u32),
            len: var("TRAME_EXPLORE_LEN").unwrap_or(4),
            prune: var("TRAME_EXPLORE_PRUNE").is_some_and(|p| p != 0),
        }
    }
}

/// What an exploration covered.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Shapes explored (each in strict and deferred mode).
    pub shapes: usize,
    /// Sequences replayed on both sides.
    pub sequences: u64,
    /// Actions replayed (on both sides, each checked).
    pub steps: u64,
    /// Distinct model states reached (per shape and mode, tags erased).
    pub states: u64,
    /// Sequences that ended with a successful build.
    pub builds: u64,
    /// Sequences that ended with an error.
    pub errors: u64,
    /// Accepted steps whose source is `Parse`, `ParseBytes` or `Convert`.
    pub hook_writes: u64,
    /// Sequences that ended with `NoHook`, `ParseFailed` or
    /// `ConversionFailed`.
    pub hook_errors: u64,
    /// Sequences that ended with `InvariantViolated` (at `End`, at a
    /// climb, or at `build`).
    pub invariant_errors: u64,
    /// Accepted `StageProxy` steps.
    pub proxy_stagings: u64,
    /// Proxy values converted by accepted steps (`End`, a climb, `build`).
    pub proxy_conversions: u64,
    /// Sequences that ended with a proxy's conversion refused.
    pub proxy_failures: u64,
    /// Sequences that ended with `StageProxy` where no proxy is declared.
    pub proxy_missing: u64,
    /// Accepted `StageObject` and `StageObjectDeferred` steps.
    pub dynamic_objects: u64,
    /// Sequences that ended with a scalar refused by a dynamic value.
    pub dynamic_refused: u64,
    /// Wall time.
    pub elapsed: Duration,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} shapes × 2 modes, {} sequences ({} steps, {} successful builds, {} errors; \
             {} hook writes accepted, {} hook errors, {} invariant violations; \
             {} proxy stagings, {} proxy conversions, {} refused, {} without a proxy; \
             {} objects staged, {} scalars refused by a dynamic value), \
             {} distinct states, {:.1} s",
            self.shapes,
            self.sequences,
            self.steps,
            self.builds,
            self.errors,
            self.hook_writes,
            self.hook_errors,
            self.invariant_errors,
            self.proxy_stagings,
            self.proxy_conversions,
            self.proxy_failures,
            self.proxy_missing,
            self.dynamic_objects,
            self.dynamic_refused,
            self.states,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Explores every shape up to `bound.depth` in both modes.
pub fn explore(bound: Bound) -> Result<Report, Box<Mismatch>> {
    let start = Instant::now();
    let mut report = Report::default();
    for desc in shapes::enumerate(bound.depth) {
        let built = shapes::build(&desc);
        for deferred in [false, true] {
            explore_shape(&built.store, built.root, deferred, bound, &mut report)?;
        }
        report.shapes += 1;
    }
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Explores one shape in one mode, adding to `report`.
pub fn explore_shape(
    store: &ShapeStore,
    root: ShapeId,
    deferred: bool,
    bound: Bound,
    report: &mut Report,
) -> Result<(), Box<Mismatch>> {
    let mut search = Search {
        store,
        root,
        deferred,
        bound,
        seen: HashMap::new(),
        report,
        prefix: Vec::new(),
        last: Vec::new(),
    };
    let model = Model::new(store, root, deferred);
    search.dfs(&model)
}

struct Search<'a, 's> {
    store: &'s ShapeStore,
    root: ShapeId,
    deferred: bool,
    bound: Bound,
    /// Fingerprint → fewest actions it was reached with.
    seen: HashMap<u64, usize>,
    report: &'a mut Report,
    prefix: Vec<Action>,
    /// The sequence replayed last: steps it shares with the next one lead
    /// to states already compared byte by byte (replay is deterministic).
    last: Vec<Action>,
}

impl Search<'_, '_> {
    fn dfs(&mut self, model: &Model<'_>) -> Result<(), Box<Mismatch>> {
        let depth = self.prefix.len();
        let fp = model.fingerprint(true);
        match self.seen.get(&fp) {
            None => {
                self.report.states += 1;
                self.seen.insert(fp, depth);
            }
            Some(&d) if self.bound.prune && d <= depth => return self.replay(),
            Some(_) => {
                self.seen.insert(fp, depth);
            }
        }
        if depth >= self.bound.len {
            return self.replay();
        }
        for action in alphabet(model, depth) {
            self.prefix.push(action);
            let action = self.prefix.last().expect("just pushed");
            if action.is_terminal() {
                self.replay()?;
            } else {
                let mut next = model.clone();
                let result = match action {
                    Action::Set { path, src } => next.apply_set(path, *src),
                    _ => next.apply_end(),
                };
                match result {
                    Ok(()) => self.dfs(&next)?,
                    Err(_) => self.replay()?,
                }
            }
            self.prefix.pop();
        }
        Ok(())
    }

    /// Replays the current sequence on both sides from scratch.
    fn replay(&mut self) -> Result<(), Box<Mismatch>> {
        let mut h = Harness::new(self.store, self.root, self.deferred);
        self.report.sequences += 1;
        let shared = self
            .last
            .iter()
            .zip(&self.prefix)
            .take_while(|(a, b)| a == b)
            .count();
        for (i, a) in self.prefix.iter().enumerate() {
            self.report.steps += 1;
            h.check_bytes = i >= shared;
            let built = (*a == Action::Build).then(|| h.model().clone().build());
            let converted = h.model().conversions();
            let outcome = h.step(a).map_err(Box::new)?;
            self.report.proxy_conversions += h.model().conversions() - converted;
            let proxy = matches!(
                a,
                Action::Set {
                    src: Src::StageProxy,
                    ..
                }
            );
            if proxy && outcome == Outcome::Accepted {
                self.report.proxy_stagings += 1;
            }
            let converting = matches!(
                a,
                Action::Set {
                    src: Src::Convert { .. },
                    ..
                }
            );
            let object = matches!(
                a,
                Action::Set {
                    src: Src::StageObject | Src::StageObjectDeferred,
                    ..
                }
            );
            if object && outcome == Outcome::Accepted {
                self.report.dynamic_objects += 1;
            }
            let writing = matches!(
                a,
                Action::Set {
                    src: Src::Imm { .. },
                    ..
                }
            );
            let error = match (&outcome, built) {
                (Outcome::Rejected(e), _) => Some(e.clone()),
                (_, Some(Err(e))) => Some(e),
                _ => None,
            };
            match error {
                Some(MError::InvariantViolated { .. } | MError::InvariantViolatedAny(_)) => {
                    self.report.invariant_errors += 1;
                }
                Some(MError::NoHook { hook: "proxy", .. }) => self.report.proxy_missing += 1,
                Some(MError::ConversionFailed { .. }) if writing => {
                    self.report.dynamic_refused += 1;
                }
                Some(MError::ConversionFailed { .. } | MError::AnyOf(_)) if !converting => {
                    self.report.proxy_failures += 1;
                }
                Some(
                    MError::NoHook { .. }
                    | MError::ParseFailed { .. }
                    | MError::ConversionFailed { .. },
                ) => self.report.hook_errors += 1,
                _ => {}
            }
            if let (Outcome::Accepted, Action::Set { src, .. }) = (&outcome, a)
                && matches!(
                    src,
                    Src::Parse(_) | Src::ParseBytes(_) | Src::Convert { .. }
                )
            {
                self.report.hook_writes += 1;
            }
            match outcome {
                Outcome::Rejected(_) => self.report.errors += 1,
                Outcome::Finished if !h.model().is_poisoned() && *a == Action::Build => {
                    self.report.builds += 1;
                }
                _ => {}
            }
        }
        self.last.clone_from(&self.prefix);
        h.finish().map_err(Box::new)
    }
}

/// The hook sources tried at a whole value of `shape` at step `k`, for the
/// hooks it declares: parse of digits (first digit `(k + 1) % 10`) and of
/// a text that is refused (`"…x"` at a slot, `""` at the empty path);
/// bytes starting with `k + 1` (and, at the empty path, none); conversions
/// from the hook's source shape with an even tag (`100 + 2k`, converted
/// into tag `101 + 2k`), an odd one (refused), `BROKEN_BYTE - 1` when the
/// shape declares invariants (converted into a broken value) and, at the
/// empty path, from another shape (refused) and from the shape itself with
/// an odd tag (moved in without the hook); with invariants, an `Imm`
/// tagged [`BROKEN_BYTE`]. Tags stay distinct within a sequence of up to
/// 9 steps, except for the broken ones.
fn hook_sources(shape: VShape<'_>, k: usize, here: bool) -> Vec<Src> {
    let h = shape.def_hooks();
    let tag = 1 + (k % 100) as u8;
    let mut out = Vec::new();
    if h.parse {
        out.push(Src::Parse(Text::Digits(tag % 10)));
        out.push(Src::Parse(match here {
            true => Text::Empty,
            false => Text::Mixed(tag % 10),
        }));
    }
    if h.parse_bytes {
        out.push(Src::ParseBytes(Some(tag)));
        if here {
            out.push(Src::ParseBytes(None));
        }
    }
    if let Some(from) = h.try_from {
        let even = 100u8.wrapping_add(2 * (k % 64) as u8);
        out.push(Src::Convert {
            shape: from,
            tag: even,
        });
        out.push(Src::Convert {
            shape: from,
            tag: even + 1,
        });
        if h.invariants {
            out.push(Src::Convert {
                shape: from,
                tag: BROKEN_BYTE - 1,
            });
        }
        if here {
            let other = (0..shape.store().len())
                .map(|i| ShapeId(i as u16))
                .find(|id| *id != from)
                .expect("a store with a conversion has two shapes");
            out.push(Src::Convert {
                shape: other,
                tag: even,
            });
            // The destination's own shape, with a tag the hook would
            // refuse: moved in as it is.
            out.push(Src::Convert {
                shape: shape.id(),
                tag: even + 1,
            });
        }
    }
    if h.invariants {
        out.push(Src::Imm {
            shape: shape.id(),
            tag: BROKEN_BYTE,
        });
    }
    out
}

/// The actions tried from the model's current state, step `k` of the
/// sequence (the tag of its `Imm`s is `k + 1`):
///
/// - for each way down from the cursor node (each slot; each variant of
///   an enum; each staged element of a container, and `Append`): `Stage`
///   and `StageDeferred` there, and where it names a whole value by
///   `Field`, an `Imm` of its shape and `Default`; at `Append`, an `Imm`
///   (an error: `Append` takes only staging sources);
/// - for each of those whose target has a way down: a two-segment path
///   through its first one (`[i, 0]`, `[Append, 0]` for a map's key), with
///   a matching `Imm` when it names a whole value, `Stage` otherwise;
/// - at the empty path: a matching `Imm` and `Default` when the cursor
///   node is a whole value, `StageDeferred`, and for a container `Stage`
///   (which opens it, or fails on a closed one);
/// - `End`, and below the root `[Root]` with `Stage` (climb to the root);
/// - errors: `Stage` at the first index out of range, `Stage` at
///   `[Append]` of something that is not a container, `Stage` at
///   `[Field(0), Root]`, and an `Imm` of a mismatching shape at the empty
///   path;
/// - the hook sources of `hook_sources` at every whole value whose shape
///   declares hooks (by `Field`, and at the empty path), and at the first
///   slot holding a whole value a hook source that shape lacks (parse,
///   parse_bytes or try_from, turning with `k`);
/// - in stores that declare a proxy, the `StageProxy` actions of
///   `proxy_actions`;
/// - `build` and `drop`.
///
/// `Default` where there is none, `End` at the root or on an incomplete
/// strict node, `Imm`/`Default` at a variant or payload, staging into a
/// closed container are errors that come up on their own.
pub fn alphabet(model: &Model<'_>, k: usize) -> Vec<Action> {
    let Some(here) = Place::start(model, false) else {
        return Vec::new();
    };
    let store = model.store();
    let (shape, part) = (here.shape, here.part);
    let kind = node_kind(shape, part);
    let tag = 1 + (k % 100) as u8;
    let set = |path: Vec<PathSegment>, src: Src| Action::Set { path, src };
    let imm = |s: VShape<'_>| Src::Imm { shape: s.id(), tag };
    let mut out = Vec::new();
    let choices = here.choices();
    for &seg in &choices {
        let child = here.step(seg).expect("a choice leads somewhere");
        out.push(set(vec![seg], Src::Stage));
        out.push(set(vec![seg], Src::StageDeferred));
        match seg {
            PathSegment::Append => out.push(set(vec![seg], imm(child.shape))),
            _ if child.part.is_value() && kind != NodeKind::Enum => {
                out.push(set(vec![seg], imm(child.shape)));
                out.push(set(vec![seg], Src::Default));
                for src in hook_sources(child.shape, k, false) {
                    out.push(set(vec![seg], src));
                }
            }
            _ => {}
        }
        if let Some(&gseg) = child.choices().first() {
            let grand = child.step(gseg).expect("a choice leads somewhere");
            let src = match grand.part {
                Part::Value if gseg != PathSegment::Append => imm(grand.shape),
                _ => Src::Stage,
            };
            out.push(set(vec![seg, gseg], src));
        }
    }
    if part.is_value() {
        out.push(set(vec![], imm(shape)));
        out.push(set(vec![], Src::Default));
        for src in hook_sources(shape, k, true) {
            out.push(set(vec![], src));
        }
    }
    if kind == NodeKind::Container {
        out.push(set(vec![], Src::Stage));
    }
    out.push(set(vec![], Src::StageDeferred));
    out.push(Action::End);
    if model.depth() > 0 {
        out.push(set(vec![PathSegment::Root], Src::Stage));
    }
    let fields = choices
        .iter()
        .filter(|s| matches!(s, PathSegment::Field(_)))
        .count();
    out.push(set(vec![PathSegment::Field(fields as u32)], Src::Stage));
    if kind != NodeKind::Container {
        out.push(set(vec![PathSegment::Append], Src::Stage));
    }
    out.push(set(
        vec![PathSegment::Field(0), PathSegment::Root],
        Src::Stage,
    ));
    let alien = (0..store.len())
        .map(|i| ShapeId(i as u16))
        .find(|id| *id != shape.id())
        .expect("every explored store has a second shape");
    out.push(set(vec![], Src::Imm { shape: alien, tag }));
    // An `Imm` of another shape at the first slot holding a whole value
    // (the common write, which trame answers by a fast path first).
    if let Some(&seg) = choices
        .iter()
        .find(|s| matches!(s, PathSegment::Field(_)))
        .filter(|_| kind != NodeKind::Enum)
    {
        let child = here.step(seg).expect("a choice leads somewhere");
        if child.part.is_value() {
            let alien = (0..store.len())
                .map(|i| ShapeId(i as u16))
                .find(|id| *id != child.shape.id())
                .expect("every explored store has a second shape");
            out.push(set(vec![seg], Src::Imm { shape: alien, tag }));
            // A hook source where the shape lacks the hook (which one
            // turns with the step).
            let hooks = child.shape.def_hooks();
            let probe = match k % 3 {
                0 if !hooks.parse => Some(Src::Parse(Text::Digits(tag % 10))),
                1 if !hooks.parse_bytes => Some(Src::ParseBytes(Some(tag))),
                2 if hooks.try_from.is_none() => Some(Src::Convert { shape: alien, tag }),
                _ => None,
            };
            if let Some(src) = probe {
                out.push(set(vec![seg], src));
            }
        }
    }
    if declares_proxies(store) {
        out.extend(proxy_actions(model, &here, &choices));
    }
    if let Some(scalar) = dynamic_scalar(store) {
        out.extend(dynamic_actions(&here, &choices, scalar, tag));
    }
    out.push(Action::Build);
    out.push(Action::Drop);
    debug_assert!(!matches!(kind, NodeKind::Unmodeled(_)));
    out
}
