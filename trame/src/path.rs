//! Paths: where an op applies, relative to the cursor.

use smallvec::SmallVec;

/// One step of a [`Path`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// Struct field, tuple element, array element, enum variant, option or
    /// pointer payload (`0`), list/set element or map entry (re-entry by
    /// index). Indices follow declaration order.
    Field(u32),
    /// A new list or set element, or map entry (staging only).
    Append,
    /// The root node. Legal only as the first segment; climbing to the root
    /// has `End` semantics for every node left on the way.
    Root,
}

/// Segments stored inline before a path spills to the heap.
const INLINE_SEGMENTS: usize = 4;

/// A sequence of [`PathSegment`]s, stored inline when short.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(SmallVec<[PathSegment; INLINE_SEGMENTS]>);

impl Path {
    /// The empty path: the current node itself.
    #[inline]
    pub fn empty() -> Self {
        Path(SmallVec::new())
    }

    /// `Field(n)`.
    #[inline]
    pub fn field(n: u32) -> Self {
        Path::empty().then_field(n)
    }

    /// `Append`.
    #[inline]
    pub fn append() -> Self {
        Path::empty().then_append()
    }

    /// `Root`.
    #[inline]
    pub fn root() -> Self {
        Path::empty().then(PathSegment::Root)
    }

    /// This path followed by `seg`.
    #[inline]
    pub fn then(mut self, seg: PathSegment) -> Self {
        self.0.push(seg);
        self
    }

    /// This path followed by `Field(n)`.
    #[inline]
    pub fn then_field(self, n: u32) -> Self {
        self.then(PathSegment::Field(n))
    }

    /// This path followed by `Append`.
    #[inline]
    pub fn then_append(self) -> Self {
        self.then(PathSegment::Append)
    }

    /// The segments, first to last.
    #[inline]
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// Appends every segment of `other`.
    #[inline]
    pub(crate) fn extend(&mut self, other: &Path) {
        self.0.extend_from_slice(&other.0);
    }
}

impl From<&[PathSegment]> for Path {
    #[inline]
    fn from(segments: &[PathSegment]) -> Self {
        Path(SmallVec::from_slice(segments))
    }
}

impl core::fmt::Display for Path {
    /// Renders the path as written in ops: `Field(0)/Append/Field(1)`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(empty)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            match seg {
                PathSegment::Field(n) => write!(f, "Field({n})")?,
                PathSegment::Append => f.write_str("Append")?,
                PathSegment::Root => f.write_str("Root")?,
            }
        }
        Ok(())
    }
}
