//! A format crate's view of trame-walk: a `Tokens` implementation written
//! outside the crate, with its public items only, over a list of tokens
//! (what a tokenizer would produce), driving the walk to build values.

use std::borrow::Cow;

use facet::Facet;
use trame_walk::{Error, ErrorKind, Int, Number, Peek, Result, StrRead, Tokens, from_tokens};

/// The tokens of a tiny self-describing format.
#[derive(Clone, Copy, Debug)]
enum Tok {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'static str),
    Open,
    Close,
    OpenMap,
    Key(&'static str),
    CloseMap,
}

/// [`Tokens`] over a list of [`Tok`]s; a position is a token's index.
#[derive(Clone)]
struct List {
    toks: &'static [Tok],
    at: usize,
}

impl List {
    fn new(toks: &'static [Tok]) -> Self {
        List { toks, at: 0 }
    }

    fn next(&mut self) -> Result<Tok> {
        let t = self.toks.get(self.at).copied();
        self.at += 1;
        t.ok_or_else(|| Error::new(ErrorKind::UnexpectedEnd, self.at - 1))
    }

    fn bad(&self, what: &str) -> Error {
        Error::new(ErrorKind::Syntax(format!("expected {what}")), self.at)
    }

    fn kind(t: Tok) -> Option<Peek> {
        Some(match t {
            Tok::Null => Peek::NULL,
            Tok::Bool(true) => Peek::TRUE,
            Tok::Bool(false) => Peek::FALSE,
            Tok::Int(_) | Tok::Float(_) => Peek::NUMBER,
            Tok::Str(_) => Peek::STRING,
            Tok::Open => Peek::ARRAY,
            Tok::OpenMap => Peek::OBJECT,
            Tok::Close | Tok::Key(_) | Tok::CloseMap => return None,
        })
    }

    fn after_key(&mut self) -> Result<Option<&'static str>> {
        match self.next()? {
            Tok::Key(k) => Ok(Some(k)),
            Tok::CloseMap => Ok(None),
            _ => Err(self.bad("a key")),
        }
    }

    fn element(&mut self) -> Result<Option<Peek>> {
        match self.toks.get(self.at) {
            Some(Tok::Close) => {
                self.at += 1;
                Ok(None)
            }
            _ => self.peek().map(Some),
        }
    }
}

impl<'de> Tokens<'de> for List {
    fn peek(&mut self) -> Result<Peek> {
        let t = self.toks.get(self.at).copied();
        match t.and_then(List::kind) {
            Some(p) => Ok(p),
            None if t.is_none() => Err(Error::new(ErrorKind::UnexpectedEnd, self.at)),
            None => Err(self.bad("a value")),
        }
    }
    fn offset(&self) -> usize {
        self.at
    }
    fn null(&mut self) -> Result<()> {
        match self.next()? {
            Tok::Null => Ok(()),
            _ => Err(self.bad("null")),
        }
    }
    fn bool(&mut self, _peek: Peek) -> Result<bool> {
        match self.next()? {
            Tok::Bool(b) => Ok(b),
            _ => Err(self.bad("a boolean")),
        }
    }
    fn int(&mut self, _peek: Peek) -> Result<Int<'de>> {
        match self.next()? {
            Tok::Int(n) => Ok(Int::I64(n)),
            Tok::Float(f) => Ok(Int::F64(f)),
            _ => Err(self.bad("a number")),
        }
    }
    fn number(&mut self, _peek: Peek) -> Result<Number<'de>> {
        match self.next()? {
            Tok::Int(n) => Ok(Number::I64(n)),
            Tok::Float(f) => Ok(Number::F64(f)),
            _ => Err(self.bad("a number")),
        }
    }
    fn string(&mut self, _decode: bool) -> Result<StrRead<'de>> {
        match self.next()? {
            Tok::Str(s) => Ok(StrRead::Borrowed(s)),
            _ => Err(self.bad("a string")),
        }
    }
    fn scratch_str(&mut self) -> Result<&str> {
        match self.next()? {
            Tok::Str(s) => Ok(s),
            _ => Err(self.bad("a string")),
        }
    }
    fn array_start(&mut self) -> Result<Option<Peek>> {
        match self.next()? {
            Tok::Open => self.element(),
            _ => Err(self.bad("a list")),
        }
    }
    fn array_step(&mut self) -> Result<Option<Peek>> {
        self.element()
    }
    fn object_start(&mut self) -> Result<Option<&str>> {
        match self.next()? {
            Tok::OpenMap => self.after_key(),
            _ => Err(self.bad("a map")),
        }
    }
    fn next_key(&mut self) -> Result<Option<&str>> {
        self.after_key()
    }
    fn key_text(&mut self, first: bool) -> Result<Option<StrRead<'de>>> {
        let key = if first {
            match self.next()? {
                Tok::OpenMap => self.after_key()?,
                _ => return Err(self.bad("a map")),
            }
        } else {
            self.after_key()?
        };
        Ok(key.map(StrRead::Borrowed))
    }
    fn skip_scalar(&mut self, _peek: Peek) -> Result<()> {
        self.next().map(drop)
    }
    fn finish(&mut self) -> Result<()> {
        match self.at < self.toks.len() {
            true => Err(Error::new(ErrorKind::TrailingData, self.at)),
            false => Ok(()),
        }
    }
}

#[derive(Facet, Debug, PartialEq)]
struct Point {
    x: i32,
    #[facet(default)]
    y: i32,
}

#[derive(Facet, Debug, PartialEq)]
#[repr(u8)]
#[facet(untagged)]
enum Shape {
    Dot(Point),
    Path(Vec<Point>),
}

#[derive(Facet, Debug, PartialEq)]
struct Drawing {
    name: Cow<'static, str>,
    #[facet(flatten)]
    origin: Point,
    shapes: Vec<Shape>,
    scale: Option<f64>,
    visible: bool,
}

#[test]
fn a_foreign_source_drives_the_walk() {
    use Tok::*;
    static DOC: &[Tok] = &[
        OpenMap,
        Key("shapes"),
        Open,
        OpenMap,
        Key("x"),
        Int(1),
        CloseMap,
        Open,
        OpenMap,
        Key("y"),
        Int(3),
        Key("x"),
        Int(2),
        CloseMap,
        Close,
        Close,
        Key("x"),
        Int(-4),
        Key("name"),
        Str("d"),
        Key("scale"),
        Null,
        Key("visible"),
        Bool(true),
        CloseMap,
    ];
    let d: Drawing = from_tokens(List::new(DOC)).unwrap();
    assert_eq!(
        d,
        Drawing {
            name: Cow::Borrowed("d"),
            origin: Point { x: -4, y: 0 },
            shapes: vec![
                Shape::Dot(Point { x: 1, y: 0 }),
                Shape::Path(vec![Point { x: 2, y: 3 }]),
            ],
            scale: None,
            visible: true,
        }
    );
    assert!(matches!(d.name, Cow::Borrowed(_)));
}

#[test]
fn a_foreign_source_gets_paths_and_its_positions_in_errors() {
    use Tok::*;
    static DOC: &[Tok] = &[
        OpenMap,
        Key("name"),
        Str("d"),
        Key("x"),
        Float(0.5),
        Key("shapes"),
        Open,
        Close,
        CloseMap,
    ];
    let err = from_tokens::<Drawing, _>(List::new(DOC)).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::WrongType { found: "float", .. }),
        "{err}"
    );
    assert_eq!(err.path(), "$.x");
    assert_eq!(err.offset(), 4);
    static TRAILING: &[Tok] = &[Int(1), Int(2)];
    let err = from_tokens::<i32, _>(List::new(TRAILING)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TrailingData), "{err}");
}
