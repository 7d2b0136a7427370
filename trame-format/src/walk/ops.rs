//! The op helpers: every op the walk applies goes through here, so that a
//! dry walk applies none and every trame error gets the walk's position.

use facet::Facet;
use trame::{Op, Path, Source};

use super::{Dst, Sink, Walk};
use crate::error::{ErrorKind, Result};
use crate::source::Events;

impl<'de, E: Events<'de>, S: Sink<'de>> Walk<'_, 'de, E, S> {
    /// Applies one op (none when dry).
    #[inline]
    pub(crate) fn op(&mut self, op: Op<'de>) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match self.sink.apply(op) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.err(ErrorKind::Build(e))),
        }
    }

    /// Moves `v` into `dst`.
    #[inline]
    pub(crate) fn put<T: Facet<'de>>(&mut self, dst: Dst, v: T) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match dst {
            Dst::Here => self.op(Op::set().imm(v)),
            Dst::Field(i) => self.op(Op::set().at(i).imm(v)),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().imm(v))?;
                self.op(Op::end())
            }
        }
    }

    /// Moves `v` into `dst`, or (`convert`) converts it into `dst`'s type
    /// by that type's `try_from` hook.
    #[inline]
    pub(crate) fn put_as<T: Facet<'de>>(&mut self, dst: Dst, v: T, convert: bool) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        if convert {
            self.put_source(dst, Source::convert(v))
        } else {
            self.put(dst, v)
        }
    }

    /// Writes `src` at `dst` (a new element for `Append`).
    pub(crate) fn put_source(&mut self, dst: Dst, src: Source<'de>) -> Result<()> {
        if S::DRY {
            return Ok(());
        }
        match dst {
            Dst::Here => self.op(Op::Set {
                dst: Path::empty(),
                src,
            }),
            Dst::Field(i) => self.op(Op::Set {
                dst: Path::field(i),
                src,
            }),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::Set {
                    dst: Path::empty(),
                    src,
                })?;
                self.op(Op::end())
            }
        }
    }

    /// Opens `dst` with a staging source (`StageProxy`, `StageObject`);
    /// the cursor moves onto the new node.
    pub(crate) fn open_with(&mut self, dst: Dst, src: Source<'de>) -> Result<()> {
        let path = match dst {
            Dst::Here => Path::empty(),
            Dst::Field(i) => Path::field(i),
            Dst::Append => Path::append(),
        };
        self.op(Op::Set { dst: path, src })
    }

    /// Writes the default of `dst`'s type (`None` for an option).
    pub(crate) fn put_default(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => self.op(Op::set().default()),
            Dst::Field(i) => self.op(Op::set().at(i).default()),
            Dst::Append => {
                self.op(Op::set().append().stage())?;
                self.op(Op::set().default())?;
                self.op(Op::end())
            }
        }
    }

    /// Opens `dst` for building part by part; the cursor moves onto it.
    /// In deferred mode the node may be left incomplete and re-entered.
    #[inline]
    pub(crate) fn open(&mut self, dst: Dst, deferred: bool) -> Result<()> {
        let b = Op::set();
        let b = match dst {
            Dst::Here => b,
            Dst::Field(i) => b.at(i),
            Dst::Append => b.append(),
        };
        self.op(if deferred {
            b.stage_deferred()
        } else {
            b.stage()
        })
    }

    /// Leaves the node `open` entered.
    #[inline]
    pub(crate) fn close(&mut self, dst: Dst) -> Result<()> {
        match dst {
            Dst::Here => Ok(()),
            _ => self.op(Op::end()),
        }
    }
}
