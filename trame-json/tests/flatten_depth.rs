//! `#[facet(flatten)]` through more levels than a route holds inline: every
//! key is found at any depth, in any order.

use facet::Facet;

macro_rules! levels {
    ($last:ident $klast:ident) => {
        #[derive(Facet, Debug, PartialEq)]
        struct $last {
            $klast: u32,
        }
    };
    ($name:ident $k:ident, $next:ident $knext:ident $(, $rest:ident $krest:ident)*) => {
        #[derive(Facet, Debug, PartialEq)]
        struct $name {
            $k: u32,
            #[facet(flatten)]
            next: $next,
        }
        levels!($next $knext $(, $rest $krest)*);
    };
}

levels!(L0 k0, L1 k1, L2 k2, L3 k3, L4 k4, L5 k5, L6 k6, L7 k7, L8 k8, L9 k9, L10 k10, L11 k11);

// t[verify api.flatten.any-depth]
#[test]
fn twelve_levels_of_flatten_in_any_key_order() {
    let keys: Vec<String> = (0..12).map(|k| format!("\"k{k}\": {k}")).collect();
    for order in [keys.clone(), keys.iter().rev().cloned().collect()] {
        let json = format!("{{{}}}", order.join(", "));
        let v: L0 = trame_json::from_str(&json).unwrap();
        let deepest = v.next.next.next.next.next.next.next.next.next.next.next;
        assert_eq!(v.k0, 0);
        assert_eq!(deepest, L11 { k11: 11 });
    }
    // A key missing from the deepest level is named as a key of the
    // object it was expected in (flattened keys belong to the outer object).
    let json = format!("{{{}}}", keys[..11].join(", "));
    let err = trame_json::from_str::<L0>(&json).unwrap_err().to_string();
    assert_eq!(err, "missing field k11 in L0 at $ (line 1, column 101)");
}
