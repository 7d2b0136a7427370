//! The op helpers: every op the walk applies goes through here, so that a
//! dry walk applies none and every trame error gets the walk's position.

use facet::Facet;
use trame::Op;

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
