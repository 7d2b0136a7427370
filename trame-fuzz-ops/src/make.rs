//! [`Make`]: a value of a type from a one-byte seed, for the fuzzer's
//! `Imm` values, for the types of [`crate::types`] and the standard
//! containers, pointers and scalars they hold.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZero;
use std::rc::Rc;
use std::sync::Arc;

use crate::types::*;

/// Makes a value of `Self` from a one-byte seed.
pub trait Make: Sized {
    /// The value for `seed`.
    fn make(seed: u8) -> Self;
}

macro_rules! make_int {
    ($($t:ty => $f:expr),* $(,)?) => {
        $(impl Make for $t {
            fn make(seed: u8) -> Self {
                let f: fn(u8) -> $t = $f;
                f(seed)
            }
        })*
    };
}

make_int! {
    u8 => |s| s,
    u16 => |s| u16::from(s % 8),
    u32 => |s| u32::from(s % 16),
    i64 => |s| -i64::from(s),
    bool => |s| s & 1 == 1,
    f64 => |s| f64::from(s) / 2.0,
    String => |s| format!("k{}", s % 8),
    Tracked => |s| Tracked::new(u32::from(s % 8)),
    Pair => |s| Pair { a: u32::make(s), b: u32::make(s.wrapping_add(1)) },
    Outer => |s| Outer { inner: Pair::make(s), c: u32::make(s.wrapping_add(2)) },
    Flat => |s| Flat { inner: Pair::make(s), c: u32::make(s.wrapping_add(2)) },
    Named => |s| Named { s: String::make(s), t: Tracked::make(s), v: Make::make(s) },
    Wrap => |s| Wrap(u32::make(s), Tracked::make(s)),
    E1 => |s| match s % 3 {
        0 => E1::Unit,
        1 => E1::Tup(u32::make(s), String::make(s)),
        _ => E1::Named { x: u16::make(s), t: Tracked::make(s) },
    },
    E2 => |s| match s % 3 {
        0 => E2::A(Tracked::make(s)),
        1 => E2::B { inner: Pair::make(s), s: String::make(s) },
        _ => E2::C,
    },
    E3 => |s| match s % 3 {
        0 => E3::X,
        1 => E3::Y(Box::make(s)),
        _ => E3::Z { v: Make::make(s), n: u32::make(s) },
    },
    WithDefaults => |s| WithDefaults {
        a: u32::make(s),
        b: u16::make(s),
        c: Make::make(s),
        d: String::make(s),
        t: Tracked::make(s),
    },
    Chain => |s| Chain {
        val: Tracked::make(s),
        next: if s.is_multiple_of(4) { None } else { Some(Box::new(Chain::make(s / 4))) },
    },
    Deep => |s| Deep {
        items: Make::make(s),
        map: Make::make(s),
        e: E1::make(s),
        chains: Make::make(s / 2),
    },
    Result<u32, String> => |s| if s & 1 == 0 { Ok(u32::make(s)) } else { Err(String::make(s)) },
    IpAddr => |s| IpAddr::V4(Ipv4Addr::new(10, 0, 0, s)),
    NonZero<u32> => |s| NonZero::new(u32::from(s % 16) + 1).expect("not zero"),
    // One seed in eight makes a span that breaks its invariants (moved in
    // whole, it is not checked unless it is the root or re-staged).
    Span => |s| {
        let lo = u32::from(s % 4);
        let hi = if s % 8 == 7 { 0 } else { lo + u32::from(s % 3) };
        Span { lo, hi, t: Tracked::make(s) }
    },
    Host => |s| Host {
        t: Tracked::make(s),
        addr: IpAddr::make(s),
        port: NonZero::make(s),
        span: Span::make(s),
        spans: Make::make(s),
        last: Box::make(s),
    },
}

impl<A: Make, B: Make> Make for (A, B) {
    fn make(seed: u8) -> Self {
        (A::make(seed), B::make(seed.wrapping_add(1)))
    }
}

impl<T: Make, const N: usize> Make for [T; N] {
    fn make(seed: u8) -> Self {
        core::array::from_fn(|i| T::make(seed.wrapping_add(i as u8)))
    }
}

impl<T: Make> Make for Option<T> {
    fn make(seed: u8) -> Self {
        (!seed.is_multiple_of(3)).then(|| T::make(seed))
    }
}

impl<T: Make> Make for Box<T> {
    fn make(seed: u8) -> Self {
        Box::new(T::make(seed))
    }
}

impl<T: Make> Make for Arc<T> {
    fn make(seed: u8) -> Self {
        Arc::new(T::make(seed))
    }
}

impl<T: Make> Make for Rc<T> {
    fn make(seed: u8) -> Self {
        Rc::new(T::make(seed))
    }
}

impl<T: Make> Make for Box<[T]> {
    fn make(seed: u8) -> Self {
        Vec::<T>::make(seed).into_boxed_slice()
    }
}

/// Number of elements in a made container: 0 to 3.
fn len_of(seed: u8) -> u8 {
    seed % 4
}

impl<T: Make> Make for Vec<T> {
    fn make(seed: u8) -> Self {
        (0..len_of(seed))
            .map(|i| T::make(seed.wrapping_add(i)))
            .collect()
    }
}

impl<T: Make + Eq + core::hash::Hash> Make for HashSet<T> {
    fn make(seed: u8) -> Self {
        Vec::<T>::make(seed).into_iter().collect()
    }
}

impl<T: Make + Ord> Make for BTreeSet<T> {
    fn make(seed: u8) -> Self {
        Vec::<T>::make(seed).into_iter().collect()
    }
}

impl<K: Make + Eq + core::hash::Hash, W: Make> Make for HashMap<K, W> {
    fn make(seed: u8) -> Self {
        Vec::<(K, W)>::make(seed).into_iter().collect()
    }
}

impl<K: Make + Ord, W: Make> Make for BTreeMap<K, W> {
    fn make(seed: u8) -> Self {
        Vec::<(K, W)>::make(seed).into_iter().collect()
    }
}
