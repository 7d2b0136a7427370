//! The abstract op language the fuzz input decodes into ([`AOp`],
//! [`ASrc`], [`ASeg`]), the byte format of an input ([`Input`], see the
//! crate documentation), and the values the hook sources take (texts,
//! bytes, conversion sources).

use arbitrary::{Arbitrary, Unstructured};
use trame::Source;

use crate::types::{self, Root, roots};

/// Most ops decoded from one input.
pub const MAX_OPS: usize = 64;

/// An abstract path segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ASeg {
    /// `Field(n)`.
    Field(u8),
    /// `Append`.
    Append,
    /// `Root`.
    Root,
}

/// An abstract source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ASrc {
    /// `Imm` of a value of the slot's own type made from the seed.
    Imm(u8),
    /// `Imm` of a value of another type made from the seed.
    Wrong(u8),
    /// `Default`.
    Default,
    /// `Stage`, with an optional capacity hint byte.
    Stage(Option<u8>),
    /// `StageDeferred`, with an optional capacity hint byte.
    StageDeferred(Option<u8>),
    /// `Parse` of `TEXTS[seed % TEXTS.len()]`.
    Parse(u8),
    /// `ParseBytes` of `seed % 5` bytes, each `seed`.
    ParseBytes(u8),
    /// `Convert` of the value [`convert_source`] makes from the seed.
    Convert(u8),
    /// `StageProxy`.
    StageProxy,
    /// `StageObject`, with an optional capacity hint byte.
    StageObject(Option<u8>),
    /// `StageObjectDeferred`, with an optional capacity hint byte.
    StageObjectDeferred(Option<u8>),
    /// `Imm` of the scalar [`crate::extra::scalar`] makes from the seed.
    Scalar(u8),
    /// `Parse` of `EXT_TEXTS[seed % EXT_TEXTS.len()]`.
    ParseExt(u8),
    /// `ParseBytes` of [`uuid_bytes`]`(seed)`.
    ParseBytesExt(u8),
}

/// The texts `Parse` offers: addresses, numbers, and text neither accepts.
pub const TEXTS: [&str; 12] = [
    "10.0.0.1",
    "::1",
    "192.168.0.255",
    "fe80::1",
    "1.2.3.256",
    "not an ip",
    "",
    "0",
    "7",
    "42",
    "-1",
    "4294967296",
];

/// The texts `ParseExt` offers: UUIDs in the forms `uuid` accepts
/// (hyphenated, simple, braced, URN, upper case), near misses, and a port
/// and a number for the other hooks.
pub const EXT_TEXTS: [&str; 10] = [
    "67e55044-10b1-426f-9247-bb680e5fe0c8",
    "67e5504410b1426f9247bb680e5fe0c8",
    "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
    "urn:uuid:67E55044-10B1-426F-9247-BB680E5FE0C8",
    "67e55044-10b1-426f-9247-bb680e5fe0cz",
    "67e55044-10b1-426f-9247-bb680e5fe0c",
    "00000000-0000-0000-0000-000000000000",
    "67e55044_10b1_426f_9247_bb680e5fe0c8",
    "8080",
    "",
];

/// The bytes of `ParseBytesExt(seed)`: 16 (a UUID's), or 15 for one seed
/// in four.
pub fn uuid_bytes(seed: u8) -> Vec<u8> {
    let n = if seed % 4 == 3 { 15 } else { 16 };
    (0..n).map(|i| seed.wrapping_mul(i + 1)).collect()
}

/// The bytes of `ParseBytes(seed)`.
pub fn bytes_of(seed: u8) -> Vec<u8> {
    vec![seed; usize::from(seed % 5)]
}

/// The value `Convert(seed)` offers at a slot of shape `target`: a `u32`
/// (zero for one seed in three of them), a counted `Tracked`, a `u16`, or
/// a `String` (moved in unchanged where the slot is a `String`, converted
/// by the destination's `try_from` elsewhere).
pub fn convert_source(seed: u8) -> Source<'static> {
    match seed % 6 {
        0 => Source::convert(0u32),
        1 | 2 => Source::convert(u32::from(seed)),
        3 => Source::convert(types::Tracked::new(u32::from(seed))),
        5 => Source::convert(format!("{seed}")),
        _ => Source::convert(u16::from(seed)),
    }
}

/// An abstract op.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AOp {
    /// `End`.
    End,
    /// `Set { dst, src }`.
    Set(Vec<ASeg>, ASrc),
}

/// Per-input switches (byte 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Flags(pub u8);

impl Flags {
    /// Start with `Trame::new_deferred`.
    pub const DEFERRED: u8 = 1;
    /// Apply all ops with one `apply_batch`.
    pub const BATCH: u8 = 2;
    /// Render the tree (`Display`) after every op.
    pub const RENDER: u8 = 4;
    /// Drop the Trame instead of building it.
    pub const NO_BUILD: u8 = 8;
    /// Drop the built value without materializing it.
    pub const DROP_BUILT: u8 = 16;
    /// Try to materialize the built value as a wrong type first.
    pub const WRONG_MATERIALIZE: u8 = 32;

    pub(crate) fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// A decoded input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// Index into [`types::roots`] (taken modulo their number).
    pub ty: u8,
    /// Switches.
    pub flags: Flags,
    /// The ops.
    pub ops: Vec<AOp>,
}

fn seg_from(b: u8) -> ASeg {
    match b {
        0x00..=0x7f => ASeg::Field(b & 7),
        0x80..=0xbf => ASeg::Field(b & 0x3f),
        0xc0..=0xdf => ASeg::Append,
        0xe0..=0xff => ASeg::Root,
    }
}

fn seg_byte(s: ASeg) -> u8 {
    match s {
        ASeg::Field(n) if n < 8 => n,
        ASeg::Field(n) => 0x80 | (n & 0x3f),
        ASeg::Append => 0xc0,
        ASeg::Root => 0xe0,
    }
}

impl<'a> Arbitrary<'a> for AOp {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let h = u8::arbitrary(u)?;
        let kind = h & 7;
        if kind == 0 {
            return Ok(AOp::End);
        }
        let len = (h >> 3) & 3;
        let mut path = Vec::with_capacity(len as usize);
        for _ in 0..len {
            path.push(seg_from(u8::arbitrary(u)?));
        }
        let hook = h & 0x20 != 0;
        if h & 0x40 != 0 {
            return Ok(AOp::Set(path, ext_source(kind, hook, u)?));
        }
        let src = match kind {
            1 if hook => ASrc::Parse(u8::arbitrary(u)?),
            2 if hook => ASrc::ParseBytes(u8::arbitrary(u)?),
            3 if hook => ASrc::Convert(u8::arbitrary(u)?),
            1 => ASrc::Imm(u8::arbitrary(u)?),
            2 => ASrc::Wrong(u8::arbitrary(u)?),
            3 => ASrc::Default,
            4 => ASrc::Stage(None),
            5 => ASrc::StageDeferred(None),
            6 => ASrc::Stage(Some(u8::arbitrary(u)?)),
            _ => ASrc::StageDeferred(Some(u8::arbitrary(u)?)),
        };
        Ok(AOp::Set(path, src))
    }
}

/// The source of an op header with bit 6 set (`kind` is not 0).
fn ext_source(kind: u8, hook: bool, u: &mut Unstructured<'_>) -> arbitrary::Result<ASrc> {
    Ok(match kind {
        1 if hook => ASrc::ParseBytesExt(u8::arbitrary(u)?),
        1 => ASrc::StageProxy,
        2 => ASrc::Scalar(u8::arbitrary(u)?),
        3 => ASrc::ParseExt(u8::arbitrary(u)?),
        4 => ASrc::StageObject(None),
        5 => ASrc::StageObjectDeferred(None),
        6 => ASrc::StageObject(Some(u8::arbitrary(u)?)),
        _ => ASrc::StageObjectDeferred(Some(u8::arbitrary(u)?)),
    })
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let ty = u8::arbitrary(u)?;
        let flags = Flags(u8::arbitrary(u)?);
        let mut ops = Vec::new();
        while !u.is_empty() && ops.len() < MAX_OPS {
            ops.push(AOp::arbitrary(u)?);
        }
        Ok(Input { ty, flags, ops })
    }
}

impl Input {
    /// Decodes `data` (never fails: missing bytes read as zero).
    pub fn decode(data: &[u8]) -> Input {
        Input::arbitrary(&mut Unstructured::new(data)).expect("byte decoding cannot fail")
    }

    /// The bytes that decode to this input (the inverse of [`Input::decode`]).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![self.ty, self.flags.0];
        for op in &self.ops {
            match op {
                AOp::End => out.push(0),
                AOp::Set(path, src) => {
                    assert!(path.len() <= 3, "paths have at most 3 segments");
                    let kind = match src {
                        ASrc::Imm(_) => 1,
                        ASrc::Wrong(_) => 2,
                        ASrc::Default => 3,
                        ASrc::Stage(None) => 4,
                        ASrc::StageDeferred(None) => 5,
                        ASrc::Stage(Some(_)) => 6,
                        ASrc::StageDeferred(Some(_)) => 7,
                        ASrc::Parse(_) => 0x20 | 1,
                        ASrc::ParseBytes(_) => 0x20 | 2,
                        ASrc::Convert(_) => 0x20 | 3,
                        ASrc::StageProxy => 0x40 | 1,
                        ASrc::Scalar(_) => 0x40 | 2,
                        ASrc::ParseExt(_) => 0x40 | 3,
                        ASrc::StageObject(None) => 0x40 | 4,
                        ASrc::StageObjectDeferred(None) => 0x40 | 5,
                        ASrc::StageObject(Some(_)) => 0x40 | 6,
                        ASrc::StageObjectDeferred(Some(_)) => 0x40 | 7,
                        ASrc::ParseBytesExt(_) => 0x60 | 1,
                    };
                    out.push(kind | ((path.len() as u8) << 3));
                    out.extend(path.iter().map(|s| seg_byte(*s)));
                    match src {
                        ASrc::Imm(b)
                        | ASrc::Wrong(b)
                        | ASrc::Parse(b)
                        | ASrc::ParseBytes(b)
                        | ASrc::Convert(b)
                        | ASrc::Scalar(b)
                        | ASrc::ParseExt(b)
                        | ASrc::ParseBytesExt(b)
                        | ASrc::StageObject(Some(b))
                        | ASrc::StageObjectDeferred(Some(b))
                        | ASrc::Stage(Some(b))
                        | ASrc::StageDeferred(Some(b)) => out.push(*b),
                        _ => {}
                    }
                }
            }
        }
        out
    }

    /// The root type.
    pub fn root(&self) -> &'static Root {
        let roots = roots();
        &roots[self.ty as usize % roots.len()]
    }
}
