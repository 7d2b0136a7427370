//! The op language: [`Op`], [`Source`], the fluent [`SetBuilder`], and
//! [`OpBatch`].

use std::borrow::Cow;
use std::collections::VecDeque;

use facet::Facet;

use crate::imm::Imm;
use crate::path::{Path, PathSegment};

/// Where the value written by a `Set` comes from.
#[derive(Debug)]
pub enum Source<'facet> {
    /// Move an existing value in.
    Imm(Imm<'facet>),
    /// Push a node for incremental construction (the hint sizes container
    /// staging; it never changes results).
    Stage(Option<usize>),
    /// Push a node whose whole subtree is in deferred mode.
    StageDeferred(Option<usize>),
    /// Push a node for a dynamic value (`facet_value::Value`) built as an
    /// object: `Append` + `Stage` then adds an entry, `Field(0)` its
    /// `String` key and `Field(1)` its value. (`Stage` builds a dynamic
    /// value as an array.) The hint sizes the staging of entries.
    StageObject(Option<usize>),
    /// [`Source::StageObject`], with the node's subtree in deferred mode.
    StageObjectDeferred(Option<usize>),
    /// Write the type's default value in place.
    Default,
    /// Push a node that builds the destination through the proxy its slot
    /// declares (the field's `#[facet(proxy = P)]`, else the type's; the
    /// Trame's format first, see [`Trame::with_format`](crate::Trame::with_format)):
    /// `Field(0)` of the new node is the proxy value; when the node closes
    /// it is converted into the destination.
    StageProxy,
    /// Build the value from text through the destination shape's parse
    /// hook (facet's `parse`: `IpAddr` from `"127.0.0.1"`). The text may be
    /// borrowed from the input or owned; the value built never borrows it.
    Parse(Cow<'facet, str>),
    /// Build the value from bytes through the destination shape's
    /// bytes-parse hook (facet's `parse_bytes`: a `Uuid` from 16 bytes).
    ParseBytes(Cow<'facet, [u8]>),
    /// Build the value from a value of another shape through the
    /// destination shape's conversion hook (facet's `try_from`: a
    /// `NonZero<u32>` from a `u32`). The value is dropped exactly once,
    /// converted or not. (Boxed: two variants holding an `Imm` would make
    /// every op larger, and conversions are rarer than `Imm`.)
    Convert(Box<Imm<'facet>>),
}

impl<'facet> Source<'facet> {
    /// Takes ownership of `value`. The value is dropped exactly once: by
    /// trame if the op is applied, with the op or batch otherwise.
    #[inline]
    pub fn imm<T: Facet<'facet>>(value: T) -> Self {
        Source::Imm(Imm::new(value))
    }

    /// Takes ownership of `value`, to be converted into the destination's
    /// shape by its `try_from` hook. Dropped exactly once, like
    /// [`Source::imm`].
    #[inline]
    pub fn convert<T: Facet<'facet>>(value: T) -> Self {
        Source::Convert(Box::new(Imm::new(value)))
    }
}

/// One operation on a [`Trame`](crate::Trame).
#[derive(Debug)]
pub enum Op<'facet> {
    /// Write `src` at `dst` (relative to the cursor).
    Set {
        /// Destination, relative to the cursor.
        dst: Path,
        /// What to write.
        src: Source<'facet>,
    },
    /// Leave the current node: validate and fold it (strict mode) or keep
    /// it for re-entry (deferred mode).
    End,
}

impl<'facet> Op<'facet> {
    /// Starts building a `Set` op.
    #[inline]
    pub fn set() -> SetBuilder {
        SetBuilder {
            path: Path::empty(),
        }
    }

    /// The `End` op.
    #[inline]
    pub fn end() -> Self {
        Op::End
    }
}

/// Fluent builder for `Set` ops: path segments first, then exactly one
/// source.
///
/// ```
/// use trame::Op;
/// let op = Op::set().at(0).at(1).imm(2u32); // Field(0)/Field(1) ← 2
/// let op = Op::set().root().at(2).default(); // Root/Field(2) ← Default
/// let op = Op::set().append().stage(); // new element, cursor moves in
/// # let _ = op;
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "a SetBuilder does nothing until a source method makes an Op"]
pub struct SetBuilder {
    path: Path,
}

impl SetBuilder {
    /// Appends `Field(n)`.
    #[inline]
    pub fn at(mut self, n: u32) -> Self {
        self.path = self.path.then_field(n);
        self
    }

    /// Appends `Append`.
    #[inline]
    pub fn append(mut self) -> Self {
        self.path = self.path.then_append();
        self
    }

    /// Appends `Root` (legal only as the first segment).
    #[inline]
    pub fn root(mut self) -> Self {
        self.path = self.path.then(PathSegment::Root);
        self
    }

    /// Appends all segments of `p`.
    #[inline]
    pub fn path(mut self, p: Path) -> Self {
        self.path.extend(&p);
        self
    }

    #[inline]
    fn with<'facet>(self, src: Source<'facet>) -> Op<'facet> {
        Op::Set {
            dst: self.path,
            src,
        }
    }

    /// Finishes with `Source::Imm(value)`.
    #[inline]
    pub fn imm<'facet, T: Facet<'facet>>(self, value: T) -> Op<'facet> {
        self.with(Source::imm(value))
    }

    /// Finishes with `Source::Imm(value)`, without the lifetime check of
    /// [`Imm::new`](crate::Imm::new): for types such as a `#[facet(opaque)]`
    /// type, whose lifetimes trame cannot see.
    ///
    /// # Safety
    /// As for [`Imm::new_unchecked`](crate::Imm::new_unchecked): `T` is
    /// exactly the type of the slot the op writes, lifetimes included.
    #[inline]
    pub unsafe fn imm_unchecked<'facet, T: Facet<'facet>>(self, value: T) -> Op<'facet> {
        // SAFETY: the caller's guarantee, passed on.
        self.with(Source::Imm(unsafe { crate::Imm::new_unchecked(value) }))
    }

    /// Finishes with `Source::Parse(text)`: the destination is built from
    /// text by its shape's parse hook.
    ///
    /// ```
    /// use std::net::IpAddr;
    /// use trame::{Op, Trame};
    /// let mut t = Trame::new::<IpAddr>();
    /// t.apply(Op::set().parse("127.0.0.1"))?;
    /// let ip = t.build()?.materialize::<IpAddr>()?;
    /// assert_eq!(ip, IpAddr::from([127, 0, 0, 1]));
    /// # Ok::<(), trame::TrameError>(())
    /// ```
    #[inline]
    pub fn parse<'facet>(self, text: impl Into<Cow<'facet, str>>) -> Op<'facet> {
        self.with(Source::Parse(text.into()))
    }

    /// Finishes with `Source::ParseBytes(bytes)`: the destination is built
    /// from bytes by its shape's bytes-parse hook.
    #[inline]
    pub fn parse_bytes<'facet>(self, bytes: impl Into<Cow<'facet, [u8]>>) -> Op<'facet> {
        self.with(Source::ParseBytes(bytes.into()))
    }

    /// Finishes with `Source::Convert(value)`: the destination is built from
    /// `value` by its shape's `try_from` hook.
    ///
    /// ```
    /// use std::num::NonZero;
    /// use trame::{Op, Trame, TrameError};
    /// let mut t = Trame::new::<NonZero<u32>>();
    /// t.apply(Op::set().convert(7u32))?;
    /// assert_eq!(t.build()?.materialize::<NonZero<u32>>()?.get(), 7);
    ///
    /// let mut t = Trame::new::<NonZero<u32>>();
    /// let err = t.apply(Op::set().convert(0u32)).unwrap_err();
    /// assert!(matches!(err, TrameError::ConversionFailed { .. }));
    /// # Ok::<(), trame::TrameError>(())
    /// ```
    #[inline]
    pub fn convert<'facet, T: Facet<'facet>>(self, value: T) -> Op<'facet> {
        self.with(Source::convert(value))
    }

    /// Finishes with `Source::Default`.
    #[inline]
    pub fn default<'facet>(self) -> Op<'facet> {
        self.with(Source::Default)
    }

    /// Finishes with `Source::Stage(None)`.
    #[inline]
    pub fn stage<'facet>(self) -> Op<'facet> {
        self.with(Source::Stage(None))
    }

    /// Finishes with `Source::Stage(Some(n))`.
    #[inline]
    pub fn stage_with_capacity<'facet>(self, n: usize) -> Op<'facet> {
        self.with(Source::Stage(Some(n)))
    }

    /// Finishes with `Source::StageProxy`: the destination is built as its
    /// proxy type (`Field(0)` of the new node, where the cursor is), and
    /// converted when the node closes.
    ///
    /// ```
    /// use std::time::Duration;
    /// use trame::{Op, Trame};
    /// // facet builds a `Duration` through its proxy `(u64, u32)`.
    /// let mut t = Trame::new::<Duration>();
    /// t.apply(Op::set().stage_proxy())?;
    /// t.apply(Op::set().at(0).imm((3u64, 500u32)))?;
    /// let d = t.build()?.materialize::<Duration>()?;
    /// assert_eq!(d, Duration::new(3, 500));
    /// # Ok::<(), trame::TrameError>(())
    /// ```
    #[inline]
    pub fn stage_proxy<'facet>(self) -> Op<'facet> {
        self.with(Source::StageProxy)
    }

    /// Finishes with `Source::StageDeferred(None)`.
    #[inline]
    pub fn stage_deferred<'facet>(self) -> Op<'facet> {
        self.with(Source::StageDeferred(None))
    }

    /// Finishes with `Source::StageDeferred(Some(n))`.
    #[inline]
    pub fn stage_deferred_with_capacity<'facet>(self, n: usize) -> Op<'facet> {
        self.with(Source::StageDeferred(Some(n)))
    }

    /// Finishes with `Source::StageObject(None)`: opens a dynamic value
    /// (`facet_value::Value`) as an object, whose entries are staged like a
    /// map's (`Append` + `Stage`, then `Field(0)` the `String` key and
    /// `Field(1)` the value). `stage()` opens one as an array, whose
    /// elements are dynamic values; a scalar is set by `imm` (`()` for
    /// null, a `bool`, an integer, a float, a `String` or `&str`, a
    /// `Vec<u8>` or `&[u8]`) and `default()` writes null.
    ///
    /// ```
    /// use facet_value::{Value, value};
    /// use trame::{Op, Trame};
    ///
    /// // {"name": "trame", "tags": [1, true, null]}
    /// let mut t = Trame::new::<Value>();
    /// t.apply(Op::set().stage_object())?;
    /// t.apply(Op::set().append().stage())?; // entry 0
    /// t.apply(Op::set().at(0).imm(String::from("name")))?;
    /// t.apply(Op::set().at(1).imm("trame"))?; // a string
    /// t.apply(Op::end())?;
    /// t.apply(Op::set().append().stage())?; // entry 1
    /// t.apply(Op::set().at(0).imm(String::from("tags")))?;
    /// t.apply(Op::set().at(1).stage())?; // an array
    /// for op in [Op::set().imm(1u32), Op::set().imm(true), Op::set().default()] {
    ///     t.apply(Op::set().append().stage())?; // an element
    ///     t.apply(op)?; // 1, true, null
    ///     t.apply(Op::end())?;
    /// }
    /// let value = t.build()?.materialize::<Value>()?;
    /// assert_eq!(value, value!({"name": "trame", "tags": [1, true, null]}));
    /// # Ok::<(), trame::TrameError>(())
    /// ```
    #[inline]
    pub fn stage_object<'facet>(self) -> Op<'facet> {
        self.with(Source::StageObject(None))
    }

    /// Finishes with `Source::StageObject(Some(n))` (see
    /// [`SetBuilder::stage_object`]).
    #[inline]
    pub fn stage_object_with_capacity<'facet>(self, n: usize) -> Op<'facet> {
        self.with(Source::StageObject(Some(n)))
    }

    /// Finishes with `Source::StageObjectDeferred(None)` (see
    /// [`SetBuilder::stage_object`] and [`SetBuilder::stage_deferred`]).
    #[inline]
    pub fn stage_object_deferred<'facet>(self) -> Op<'facet> {
        self.with(Source::StageObjectDeferred(None))
    }
}

/// A FIFO queue of ops for [`Trame::apply_batch`](crate::Trame::apply_batch).
///
/// Ops are consumed from the front as they are applied. Ops left in the
/// batch still own their values and drop them when the batch is dropped.
#[derive(Debug, Default)]
pub struct OpBatch<'facet> {
    ops: VecDeque<Op<'facet>>,
}

impl<'facet> OpBatch<'facet> {
    /// An empty batch.
    #[inline]
    pub fn new() -> Self {
        OpBatch {
            ops: VecDeque::new(),
        }
    }

    /// An empty batch with room for `n` ops.
    #[inline]
    pub fn with_capacity(n: usize) -> Self {
        OpBatch {
            ops: VecDeque::with_capacity(n),
        }
    }

    /// Adds an op at the back.
    #[inline]
    pub fn push(&mut self, op: Op<'facet>) {
        self.ops.push_back(op);
    }

    /// Number of ops not yet applied.
    #[inline]
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether every op has been applied (or none was pushed).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Removes the front op.
    #[inline]
    pub(crate) fn pop_front(&mut self) -> Option<Op<'facet>> {
        self.ops.pop_front()
    }
}

impl<'facet> Extend<Op<'facet>> for OpBatch<'facet> {
    #[inline]
    fn extend<I: IntoIterator<Item = Op<'facet>>>(&mut self, iter: I) {
        self.ops.extend(iter);
    }
}

impl<'facet> FromIterator<Op<'facet>> for OpBatch<'facet> {
    #[inline]
    fn from_iter<I: IntoIterator<Item = Op<'facet>>>(iter: I) -> Self {
        OpBatch {
            ops: iter.into_iter().collect(),
        }
    }
}
