//! The seed builders: op constructors in a compact notation (paths as
//! integers, `-1` for `Append`, `-2` for `Root`) and the root type index.

use facet::Facet;

use crate::types::roots;
use crate::{AOp, ASeg, ASrc, Flags, Input};

/// Index of the root type `T`.
pub fn ty<T: Facet<'static>>() -> u8 {
    roots()
        .iter()
        .position(|r| r.shape == T::SHAPE)
        .expect("a root type") as u8
}

pub(super) fn path(p: &[i32]) -> Vec<ASeg> {
    p.iter()
        .map(|&s| match s {
            -1 => ASeg::Append,
            -2 => ASeg::Root,
            n => ASeg::Field(n as u8),
        })
        .collect()
}

/// `Set(path, Imm(seed))`; in paths, `-1` is `Append` and `-2` is `Root`.
pub(super) fn imm(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::Imm(seed))
}

pub(super) fn wrong(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::Wrong(seed))
}

pub(super) fn default(p: &[i32]) -> AOp {
    AOp::Set(path(p), ASrc::Default)
}

pub(super) fn stage(p: &[i32]) -> AOp {
    AOp::Set(path(p), ASrc::Stage(None))
}

pub(super) fn stage_hint(p: &[i32], h: u8) -> AOp {
    AOp::Set(path(p), ASrc::Stage(Some(h)))
}

pub(super) fn stage_deferred(p: &[i32]) -> AOp {
    AOp::Set(path(p), ASrc::StageDeferred(None))
}

pub(super) fn parse(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::Parse(seed))
}

pub(super) fn parse_bytes(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::ParseBytes(seed))
}

pub(super) fn convert(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::Convert(seed))
}

pub(super) fn end() -> AOp {
    AOp::End
}

pub(super) fn input(ty: u8, flags: u8, ops: Vec<AOp>) -> Input {
    Input {
        ty,
        flags: Flags(flags),
        ops,
    }
}

/// One list or set element per seed: `Append`+`Stage`, `Imm(seed)` at
/// the element, `End`.
pub(super) fn elements(seeds: &[u8]) -> Vec<AOp> {
    seeds
        .iter()
        .flat_map(|&seed| [stage(&[-1]), imm(&[], seed), end()])
        .collect()
}

pub(super) fn stage_proxy(p: &[i32]) -> AOp {
    AOp::Set(path(p), ASrc::StageProxy)
}

pub(super) fn stage_object(p: &[i32]) -> AOp {
    AOp::Set(path(p), ASrc::StageObject(None))
}

pub(super) fn stage_object_deferred(p: &[i32], h: Option<u8>) -> AOp {
    AOp::Set(path(p), ASrc::StageObjectDeferred(h))
}

pub(super) fn scalar(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::Scalar(seed))
}

pub(super) fn parse_ext(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::ParseExt(seed))
}

pub(super) fn parse_bytes_ext(p: &[i32], seed: u8) -> AOp {
    AOp::Set(path(p), ASrc::ParseBytesExt(seed))
}
