//! Pins every name and signature of the public API contract
//! (`shared/design/api.md`): if one drifts, this file stops compiling.

use std::error::Error;
use std::fmt::Display;

use trame::{
    Facet, HeapValue, IRuntime, Imm, LRuntime, Op, OpBatch, Path, PathSegment, SetBuilder, Shape,
    Source, Trame, TrameError,
};

fn assert_display<T: Display>() {}
fn assert_error<T: Error>() {}

#[test]
fn every_contract_item_exists_with_its_signature() {
    // Trame
    let _: fn() -> Trame<'static> = Trame::new::<u32>;
    let _: fn() -> Trame<'static> = Trame::new_deferred::<u32>;
    let _: unsafe fn(&'static Shape) -> Trame<'static> = Trame::from_shape;
    let _: fn(&mut Trame<'static>, Op<'static>) -> Result<(), TrameError> = Trame::apply;
    let _: fn(&mut Trame<'static>, &mut OpBatch<'static>) -> Result<(), TrameError> =
        Trame::apply_batch;
    let _: fn(Trame<'static>) -> Result<HeapValue<'static>, TrameError> = Trame::build;
    let _: fn(&Trame<'static>) -> bool = Trame::is_poisoned;
    let _: fn(&Trame<'static>) -> usize = Trame::depth;
    let _: Trame<'static, LRuntime> = Trame::new::<u8>();
    assert_display::<Trame<'static>>();
    fn generic<R: IRuntime>(t: &mut Trame<'static, R>) -> (bool, usize) {
        (t.is_poisoned(), t.depth())
    }
    let _ = generic(&mut Trame::new::<u8>());

    // HeapValue
    let _: fn(&HeapValue<'static>) -> &'static Shape = HeapValue::shape;
    let _: fn(HeapValue<'static>) -> Result<u32, TrameError> = HeapValue::materialize::<u32>;
    let _: Option<HeapValue<'static, LRuntime>> = None;

    // Paths
    let segs = [
        PathSegment::Field(1),
        PathSegment::Append,
        PathSegment::Root,
    ];
    let _: fn() -> Path = Path::empty;
    let _: fn(u32) -> Path = Path::field;
    let _: fn() -> Path = Path::append;
    let _: fn() -> Path = Path::root;
    let _: fn(Path, PathSegment) -> Path = Path::then;
    let _: fn(Path, u32) -> Path = Path::then_field;
    let _: fn(Path) -> Path = Path::then_append;
    let p = Path::root()
        .then_field(1)
        .then_append()
        .then(PathSegment::Field(2));
    let _: &[PathSegment] = p.segments();
    assert_eq!(Path::field(1).segments(), &segs[..1]);

    // Sources and Imm
    let _: Source<'static> = Source::Stage(None);
    let _: Source<'static> = Source::StageDeferred(Some(3));
    let _: Source<'static> = Source::Default;
    let _: Source<'static> = Source::imm(5u32);
    let imm: Imm<'static> = Imm::new(5u32);
    let _: &'static Shape = imm.shape();
    let _: Source<'static> = Source::Imm(imm);
    let _: unsafe fn(*mut u8, &'static Shape) -> Imm<'static> = Imm::from_raw;

    // Ops and the builder
    let _: fn() -> SetBuilder = Op::set;
    let _: fn() -> Op<'static> = Op::end;
    let b: SetBuilder = Op::set().at(0).append().root().path(Path::field(2));
    let _: Op<'static> = b.clone().imm(1u8);
    let _: Op<'static> = b.clone().default();
    let _: Op<'static> = b.clone().stage();
    let _: Op<'static> = b.clone().stage_with_capacity(10);
    let _: Op<'static> = b.clone().stage_deferred();
    let _: Op<'static> = b.stage_deferred_with_capacity(10);
    match (Op::Set {
        dst: Path::empty(),
        src: Source::Default,
    }) {
        Op::Set { dst, src } => {
            let _: (Path, Source<'static>) = (dst, src);
        }
        Op::End => unreachable!(),
    }

    // Batches
    let mut batch: OpBatch<'static> = OpBatch::new();
    batch.push(Op::end());
    let _: usize = batch.len();
    let _: bool = batch.is_empty();

    // Errors
    let e = TrameError::Poisoned;
    assert!(e.is_poisoned());
    assert_display::<TrameError>();
    assert_error::<TrameError>();

    // Re-exports
    fn facet_bound<'a, T: Facet<'a>>() {}
    facet_bound::<u32>();
}
