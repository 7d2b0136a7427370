//! Proptest generation of bounded shape graphs: a recursive description tree
//! is generated (so that shrinking yields smaller shapes) and then interned
//! into a fresh [`ShapeStore`].

use std::collections::HashMap;
use std::fmt;

use proptest::prelude::*;

use super::{MAX_FIELDS, ShapeBody, ShapeId, ShapeStore, StoreError, VShape, VariantSpec};
use crate::runtime::VariantStyle;

/// A generated shape graph: its own store and the shape under test.
#[derive(Clone)]
pub struct GeneratedShape {
    /// The store holding the root and everything it contains.
    pub store: ShapeStore,
    /// The generated shape.
    pub root: ShapeId,
}

impl GeneratedShape {
    /// The root shape.
    pub fn shape(&self) -> VShape<'_> {
        self.store.shape(self.root)
    }
}

impl fmt::Debug for GeneratedShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shape().structure())
    }
}

/// A shape described as a tree, before interning.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Desc {
    Scalar {
        size: usize,
        align: usize,
        has_default: bool,
    },
    /// Fields with a sort key and a field-default flag each; when
    /// `reordered`, memory order sorts the fields by key (ties by
    /// position), else it is declaration order.
    Struct {
        fields: Vec<(Desc, u8, bool)>,
        reordered: bool,
        has_default: bool,
    },
    Tuple(Vec<Desc>),
    Array(Box<Desc>, usize),
    /// An enum with a `tag_size`-byte discriminant; each variant has a
    /// style (0 unit, 1 tuple-like, 2 struct-like) and payload fields.
    Enum {
        tag_size: usize,
        variants: Vec<(u8, Vec<Desc>)>,
    },
    Option(Box<Desc>),
    /// `Result<ok, err>`.
    Result(Box<Desc>, Box<Desc>),
    Pointer(Box<Desc>),
    List(Box<Desc>),
    Set(Box<Desc>),
    Map(Box<Desc>, Box<Desc>),
    /// A struct with these fields plus a last field `kids`, a list of the
    /// struct itself (made with `reserve`/`define`).
    Tree(Vec<Desc>),
}

fn arb_scalar() -> impl Strategy<Value = Desc> {
    let layouts = prop_oneof![
        Just((1, 1)),
        Just((2, 2)),
        Just((4, 4)),
        Just((8, 8)),
        Just((16, 16)),
        Just((0, 1)),
    ];
    (layouts, any::<bool>()).prop_map(|((size, align), has_default)| Desc::Scalar {
        size,
        align,
        has_default,
    })
}

fn arb_desc(max_depth: u32) -> impl Strategy<Value = Desc> {
    arb_scalar().prop_recursive(max_depth, 24, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::vec(
                    (inner.clone(), any::<u8>(), proptest::bool::weighted(0.2)),
                    0..=4
                ),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(fields, reordered, has_default)| Desc::Struct {
                    fields,
                    reordered,
                    has_default,
                }),
            proptest::collection::vec(inner.clone(), 1..=3).prop_map(Desc::Tuple),
            (inner.clone(), 0..=3usize).prop_map(|(elem, len)| Desc::Array(Box::new(elem), len)),
            (
                prop_oneof![Just(1usize), Just(2), Just(4), Just(8)],
                proptest::collection::vec(
                    (0u8..3, proptest::collection::vec(inner.clone(), 0..=2)),
                    1..=3
                ),
            )
                .prop_map(|(tag_size, variants)| Desc::Enum {
                    tag_size,
                    variants: variants
                        .into_iter()
                        .map(|(style, fields)| match style {
                            0 => (0, Vec::new()),
                            _ => (style, fields),
                        })
                        .collect(),
                }),
            inner.clone().prop_map(|d| Desc::Option(Box::new(d))),
            (inner.clone(), inner.clone())
                .prop_map(|(ok, err)| Desc::Result(Box::new(ok), Box::new(err))),
            inner.clone().prop_map(|d| Desc::Pointer(Box::new(d))),
            inner.clone().prop_map(|d| Desc::List(Box::new(d))),
            inner.clone().prop_map(|d| Desc::Set(Box::new(d))),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| Desc::Map(Box::new(k), Box::new(v))),
            proptest::collection::vec(inner, 0..=2).prop_map(Desc::Tree),
        ]
    })
}

/// Interns description trees into one store, sharing identical subtrees.
struct Interner {
    store: ShapeStore,
    seen: HashMap<Desc, ShapeId>,
    structs: usize,
}

impl Interner {
    fn intern(&mut self, desc: &Desc) -> Result<ShapeId, StoreError> {
        if let Some(id) = self.seen.get(desc) {
            return Ok(*id);
        }
        let id = match desc {
            Desc::Scalar {
                size,
                align,
                has_default,
            } => {
                let name = match (has_default, size) {
                    (true, 0) => "Unit".to_owned(),
                    (true, _) => format!("u{}", size * 8),
                    (false, _) => format!("Opaque{size}"),
                };
                self.store.scalar(&name, *size, *align, *has_default)?
            }
            Desc::Struct {
                fields,
                reordered,
                has_default,
            } => {
                let mut ids = Vec::with_capacity(fields.len());
                for (field, _, _) in fields {
                    ids.push(self.intern(field)?);
                }
                let names: Vec<String> = (0..fields.len()).map(|i| format!("f{i}")).collect();
                let named: Vec<(&str, ShapeId)> =
                    names.iter().map(String::as_str).zip(ids).collect();
                let mut order: Vec<usize> = (0..fields.len()).collect();
                if *reordered {
                    order.sort_by_key(|&i| (fields[i].1, i));
                }
                let name = format!("S{}", self.structs);
                self.structs += 1;
                let mut def = self.store.struct_def(&name, &named, &order, *has_default)?;
                if let ShapeBody::Struct {
                    fields: vfields, ..
                } = &mut def.body
                {
                    for (vf, (_, _, defaulted)) in vfields.iter_mut().zip(fields) {
                        vf.default = *defaulted;
                    }
                }
                let id = self.store.reserve(&name)?;
                self.store.define(id, def)?;
                id
            }
            Desc::Enum { tag_size, variants } => {
                let mut specs = Vec::with_capacity(variants.len());
                for (style, fields) in variants {
                    let mut ids = Vec::with_capacity(fields.len());
                    for field in fields {
                        ids.push(self.intern(field)?);
                    }
                    specs.push((*style, ids));
                }
                let names: Vec<String> = (0..MAX_FIELDS).map(|i| format!("f{i}")).collect();
                let vnames: Vec<String> = (0..specs.len()).map(|k| format!("V{k}")).collect();
                let fields: Vec<Vec<(&str, ShapeId)>> = specs
                    .iter()
                    .map(|(_, ids)| {
                        names
                            .iter()
                            .map(String::as_str)
                            .zip(ids.iter().copied())
                            .collect()
                    })
                    .collect();
                let spec: Vec<VariantSpec<'_>> = specs
                    .iter()
                    .zip(&fields)
                    .zip(&vnames)
                    .map(|(((style, _), f), vname)| {
                        let style = match style {
                            0 => VariantStyle::Unit,
                            1 => VariantStyle::Tuple,
                            _ => VariantStyle::Struct,
                        };
                        (vname.as_str(), style, f.as_slice())
                    })
                    .collect();
                let name = format!("E{}", self.structs);
                self.structs += 1;
                self.store.enumeration(&name, *tag_size, &spec)?
            }
            Desc::Tuple(elems) => {
                let mut ids = Vec::with_capacity(elems.len());
                for elem in elems {
                    ids.push(self.intern(elem)?);
                }
                self.store.tuple(&ids)?
            }
            Desc::Array(elem, len) => {
                let elem = self.intern(elem)?;
                self.store.array(elem, *len)?
            }
            Desc::Option(d) => {
                let d = self.intern(d)?;
                self.store.option(d)?
            }
            Desc::Result(ok, err) => {
                let (ok, err) = (self.intern(ok)?, self.intern(err)?);
                self.store.result(ok, err)?
            }
            Desc::Pointer(d) => {
                let d = self.intern(d)?;
                self.store.pointer(d)?
            }
            Desc::List(d) => {
                let d = self.intern(d)?;
                self.store.list(d)?
            }
            Desc::Set(d) => {
                let d = self.intern(d)?;
                self.store.set(d)?
            }
            Desc::Map(k, v) => {
                let (k, v) = (self.intern(k)?, self.intern(v)?);
                self.store.map(k, v)?
            }
            Desc::Tree(fields) => {
                let name = format!("T{}", self.structs);
                self.structs += 1;
                let id = self.store.reserve(&name)?;
                let mut ids = Vec::with_capacity(fields.len() + 1);
                for field in fields {
                    ids.push(self.intern(field)?);
                }
                ids.push(self.store.list(id)?);
                let mut names: Vec<String> = (0..fields.len()).map(|i| format!("f{i}")).collect();
                names.push("kids".to_owned());
                let named: Vec<(&str, ShapeId)> =
                    names.iter().map(String::as_str).zip(ids).collect();
                let order: Vec<usize> = (0..named.len()).collect();
                let def = self.store.struct_def("", &named, &order, false)?;
                self.store.define(id, def)?;
                id
            }
        };
        self.seen.insert(desc.clone(), id);
        Ok(id)
    }
}

fn build(desc: &Desc) -> Option<GeneratedShape> {
    let mut interner = Interner {
        store: ShapeStore::new(),
        seen: HashMap::new(),
        structs: 0,
    };
    let root = interner.intern(desc).ok()?;
    Some(GeneratedShape {
        store: interner.store,
        root,
    })
}

/// Shapes nested up to `max_depth` levels of structs, tuples, arrays,
/// enums, options, results, pointers, lists, sets, maps and recursive
/// structs (holding a list of themselves) over scalars of several sizes and
/// alignments, with and without defaults; some structs have a reordered
/// layout. Graphs that would exceed the store's bounds are not generated.
/// Shrinking yields smaller shapes.
pub fn arb_shape(max_depth: u32) -> impl Strategy<Value = GeneratedShape> {
    arb_desc(max_depth).prop_filter_map("shape graph exceeds the store bounds", |d| build(&d))
}

impl Arbitrary for GeneratedShape {
    type Parameters = ();
    type Strategy = BoxedStrategy<GeneratedShape>;

    fn arbitrary_with(_: ()) -> Self::Strategy {
        arb_shape(3).boxed()
    }
}

#[cfg(test)]
mod tests {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestError, TestRunner};

    use super::*;
    use crate::runtime::verified::{MAX_VALUE_SIZE, VHeap};
    use crate::runtime::{IHeap, IShape, ShapeKind};

    proptest! {
        #[test]
        fn every_generated_shape_has_a_consistent_layout(g in any::<GeneratedShape>()) {
            for raw in 0..g.store.len() {
                let s = g.store.shape(ShapeId(u16::try_from(raw).unwrap()));
                prop_assert!(s.align().is_power_of_two());
                prop_assert!(s.size().is_multiple_of(s.align()));
                prop_assert!(s.size() <= MAX_VALUE_SIZE);
                let mut child_bytes = 0;
                for i in 0..s.slot_count() {
                    let slot = s.slot(i).unwrap();
                    prop_assert!(slot.offset + slot.shape.size() <= s.size(), "{:?} slot {}", s, i);
                    prop_assert!(slot.offset.is_multiple_of(slot.shape.align()));
                    prop_assert!(slot.shape.align() <= s.align());
                    child_bytes += value_bytes(slot.shape);
                }
                let ranges = s.value_ranges();
                for pair in ranges.windows(2) {
                    prop_assert!(pair[0].1 < pair[1].0, "unmerged or unsorted {:?}", ranges);
                }
                for &(start, end) in ranges {
                    prop_assert!(start < end && end <= s.size());
                }
                if s.kind().has_slots() {
                    prop_assert_eq!(value_bytes(s), child_bytes, "{:?}", s);
                }
            }
        }

        #[test]
        fn building_any_shape_slot_by_slot_is_clean(g in any::<GeneratedShape>()) {
            let root = g.shape();
            let mut heap = VHeap::new();
            let p = heap.alloc(root).unwrap();
            let parts: Vec<_> = if !root.kind().has_slots() {
                vec![(0, root)]
            } else {
                (0..root.slot_count()).map(|i| root.slot(i).unwrap()).map(|s| (s.offset, s.shape)).collect()
            };
            for (offset, shape) in parts {
                let dst = heap.offset(p, offset);
                if !heap.default_in_place(dst, shape) {
                    let imm = heap.new_imm(shape, 0x5A).unwrap();
                    heap.imm_move_into(imm, dst);
                }
            }
            prop_assert_eq!(heap.is_init(p, root), Some(true));
            // Handles own further allocations (pointees, payloads, storage).
            prop_assert!(heap.initialized_bytes() >= value_bytes(root) || contains_enum(root));
            prop_assert!(heap.value(p, root).is_some());
            heap.drop_in_place(p, root);
            heap.dealloc(p, root);
            prop_assert!(heap.teardown_report().is_empty(), "{:?}", heap.teardown_report());
        }
    }

    fn contains_enum(s: VShape<'_>) -> bool {
        s.kind() == ShapeKind::Enum
            || (0..s.slot_count()).any(|i| contains_enum(s.slot(i).unwrap().shape))
    }

    fn value_bytes(s: VShape<'_>) -> usize {
        s.value_ranges().iter().map(|(a, b)| b - a).sum()
    }

    #[test]
    fn generation_covers_every_kind_and_reordered_layouts() {
        let mut runner = TestRunner::deterministic();
        let strategy = arb_shape(3);
        let (mut kinds, mut reordered, mut no_default) = (Vec::new(), false, false);
        // Enums built in place, and results (also of kind `Enum`).
        let (mut in_place, mut results) = (false, false);
        for _ in 0..300 {
            let g = strategy.new_tree(&mut runner).unwrap().current();
            for raw in 0..g.store.len() {
                let s = g.store.shape(ShapeId(u16::try_from(raw).unwrap()));
                if !kinds.contains(&s.kind()) {
                    kinds.push(s.kind());
                }
                let offs: Vec<usize> = (0..s.slot_count())
                    .map(|i| s.slot(i).unwrap().offset)
                    .collect();
                reordered |= offs.windows(2).any(|w| w[0] > w[1]);
                no_default |= !s.has_default();
                if s.kind() == ShapeKind::Enum {
                    in_place |= s.variant_payload_in_place();
                    results |= !s.variant_payload_in_place();
                }
            }
        }
        assert_eq!(kinds.len(), 10, "{kinds:?}");
        assert!(reordered && no_default);
        assert!(in_place && results);
    }

    fn minimal_failure(property: fn(&GeneratedShape) -> bool) -> GeneratedShape {
        let config = Config {
            failure_persistence: None,
            ..Config::default()
        };
        let result = TestRunner::new(config).run(&arb_shape(3), |g| {
            prop_assert!(property(&g));
            Ok(())
        });
        match result {
            Err(TestError::Fail(_, minimal)) => minimal,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn shrinking_yields_smaller_shapes() {
        // A property every shape fails shrinks to the simplest shape.
        let minimal = minimal_failure(|_| false);
        assert_eq!(minimal.store.len(), 1);
        assert_eq!(format!("{minimal:?}"), "Opaque1!");
        // A size property shrinks to a shape that still fails it.
        let minimal = minimal_failure(|g| g.shape().size() < 16);
        assert!(minimal.shape().size() >= 16, "{minimal:?}");
    }
}
