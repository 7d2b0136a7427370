//! The types the format tests read: one per attribute (or family of
//! shapes), shared by every format.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use facet::Facet;

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Renamed {
    #[facet(rename = "full-name")]
    pub name: String,
    pub age: u32,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(rename_all = "kebab-case")]
pub struct Kebab {
    pub first_name: String,
    pub last_name: String,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Aliased {
    #[facet(alias = "colour")]
    pub color: String,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Defaults {
    pub a: u32,
    #[facet(default)]
    pub b: u32,
    #[facet(default = 7)]
    pub c: u32,
    pub d: Option<u32>,
    #[facet(default)]
    pub list: Vec<u32>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(default)]
pub struct ContainerDefault {
    pub a: u32,
    pub name: String,
    pub list: Vec<u32>,
}

impl Default for ContainerDefault {
    fn default() -> Self {
        ContainerDefault {
            a: 1,
            name: "default".into(),
            list: vec![9],
        }
    }
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Skipped {
    pub a: u32,
    #[facet(skip)]
    pub b: u32,
    #[facet(skip_deserializing)]
    pub c: String,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[facet(deny_unknown_fields)]
pub struct Strict {
    pub a: u32,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Lenient {
    pub a: u32,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Inner {
    pub x: u32,
    pub y: String,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Flat {
    pub id: u32,
    #[facet(flatten)]
    pub inner: Inner,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Nested {
    pub inner: Inner,
    pub list: Vec<Inner>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[repr(u8)]
pub enum External {
    Unit,
    Newtype(u32),
    Tuple(u8, String),
    Struct {
        x: i32,
        y: Option<i32>,
    },
    #[facet(rename = "renamed")]
    Renamed,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[repr(u8)]
#[facet(tag = "type")]
pub enum Internal {
    Circle { r: f64 },
    Square { side: f64 },
    Empty,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[repr(u8)]
#[facet(tag = "t", content = "c")]
pub enum Adjacent {
    Num(u32),
    Pair(u32, u32),
    Named { a: String },
    Nothing,
}

#[derive(Facet, Debug, PartialEq, Clone)]
#[repr(u8)]
#[facet(untagged)]
pub enum Untagged {
    Int(i64),
    Text(String),
    Point { x: i32, y: i32 },
    List(Vec<u32>),
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Collections {
    pub v: Vec<u32>,
    pub m: BTreeMap<String, u32>,
    pub h: HashMap<u32, bool>,
    pub s: BTreeSet<String>,
    pub a: [u8; 3],
    pub t: (u32, String, bool),
    pub o: Option<Box<Inner>>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Borrowed<'a> {
    pub s: &'a str,
    pub c: Cow<'a, str>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Newtype(pub u32);

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct HasNewtype {
    pub n: Newtype,
    pub b: Box<str>,
}

#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Scalars {
    pub b: bool,
    pub u8: u8,
    pub i16: i16,
    pub u64: u64,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub c: char,
    pub s: String,
}

/// A type that recurses without bound, for the depth limit.
#[derive(Facet, Debug, PartialEq, Clone)]
pub struct Deep {
    pub next: Option<Box<Deep>>,
}

/// A type with invariants (`n > 0`).
#[derive(Facet, Debug, PartialEq)]
#[facet(invariants = positive)]
pub struct Positive {
    pub n: i32,
}

fn positive(p: &Positive) -> bool {
    p.n > 0
}

/// `Positive` as a field and as list elements.
#[derive(Facet, Debug, PartialEq)]
pub struct Holder {
    pub name: String,
    pub p: Positive,
    pub list: Vec<Positive>,
}

/// Flatten of an optional struct: `Some` when one of its keys comes.
#[derive(Facet, Debug, PartialEq)]
pub struct Listing {
    pub id: u32,
    #[facet(flatten)]
    pub paging: Option<Paging>,
}

#[derive(Facet, Debug, PartialEq)]
pub struct Paging {
    pub page: u32,
    #[facet(default = 20)]
    pub per_page: u32,
}

/// Flatten of an externally tagged enum: a key naming a variant.
#[derive(Facet, Debug, PartialEq)]
pub struct Message {
    pub id: u32,
    #[facet(flatten)]
    pub body: Body,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
pub enum Body {
    Text { text: String },
    Ping,
    Code(u32),
}

/// An internally tagged enum whose newtype variant holds another
/// internally tagged enum (with a tag key of its own), read from one map.
#[derive(Facet, Debug, PartialEq)]
#[facet(tag = "kind")]
#[repr(u8)]
pub enum Event {
    Shape(ShapeEvent),
    Quit,
}

#[derive(Facet, Debug, PartialEq)]
#[facet(tag = "shape")]
#[repr(u8)]
pub enum ShapeEvent {
    Circle { r: u32 },
    Square { side: u32 },
}

/// An externally tagged enum with a fallback for names it does not know.
#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
pub enum Op {
    Add(u32),
    Stop,
    #[facet(other)]
    Unknown(String),
}
