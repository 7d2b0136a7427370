//! `Display for Trame`: the tree after every step of the spec's examples,
//! deeper trees, leaf children, and the poisoned state.

use trame::{Facet, Op, Trame};

use crate::support::{Outer, Pair, ok};

/// A struct with a tuple and an array, for deeper renderings.
#[derive(Facet, Debug, PartialEq)]
struct Wide {
    pair: Pair,
    nums: [u8; 2],
    last: (u8, Outer),
}

const OUTER_EMPTY: &str = "▶ ⟨Root: Outer⟩\n  ├─ inner ○\n  └─ c ○\n";
const OUTER_STAGED: &str = concat!(
    "  ⟨Root: Outer⟩\n",
    "▶ ├─ inner → ⟨Child: Pair⟩\n",
    "  │   ├─ a ○\n",
    "  │   └─ b ○\n",
    "  └─ c ○\n",
);
const OUTER_A_SET: &str = concat!(
    "  ⟨Root: Outer⟩\n",
    "▶ ├─ inner → ⟨Child: Pair⟩\n",
    "  │   ├─ a ●\n",
    "  │   └─ b ○\n",
    "  └─ c ○\n",
);
const OUTER_B_SET: &str = concat!(
    "  ⟨Root: Outer⟩\n",
    "▶ ├─ inner → ⟨Child: Pair⟩\n",
    "  │   ├─ a ●\n",
    "  │   └─ b ●\n",
    "  └─ c ○\n",
);
const OUTER_FOLDED: &str = "▶ ⟨Root: Outer⟩\n  ├─ inner ●\n  └─ c ○\n";
const OUTER_DONE: &str = "▶ ⟨Root: Outer⟩\n  ├─ inner ●\n  └─ c ●\n";
const POISONED: &str = "∅  (Trame poisoned; no tree remains)\n";

#[test]
fn spec_outer_example_step_by_step() {
    let mut t = Trame::new::<Outer>();
    assert_eq!(t.to_string(), OUTER_EMPTY);
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(t.to_string(), OUTER_STAGED);
    ok(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(t.to_string(), OUTER_A_SET);
    ok(&mut t, Op::set().at(1).imm(2u32));
    assert_eq!(t.to_string(), OUTER_B_SET);
    ok(&mut t, Op::end());
    assert_eq!(t.to_string(), OUTER_FOLDED);
    ok(&mut t, Op::set().at(1).imm(9u32));
    assert_eq!(t.to_string(), OUTER_DONE);
    assert_eq!(format!("{t:?}"), OUTER_DONE);
}

#[test]
fn spec_outer_failing_example_step_by_step() {
    let mut t = Trame::new::<Outer>();
    ok(&mut t, Op::set().at(0).stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    assert_eq!(t.to_string(), OUTER_A_SET);
    assert!(t.apply(Op::end()).is_err());
    assert_eq!(t.to_string(), POISONED);
    assert_eq!(format!("{t:?}"), POISONED);
}

#[test]
fn spec_scalar_and_tuple_examples() {
    let mut t = Trame::new::<u32>();
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ○\n");
    ok(&mut t, Op::set().imm(42u32));
    assert_eq!(t.to_string(), "▶ ⟨Root: u32⟩ ●\n");

    let mut t = Trame::new::<(u32, u32)>();
    assert_eq!(t.to_string(), "▶ ⟨Root: (u32, u32)⟩\n  ├─ 0 ○\n  └─ 1 ○\n");
    ok(&mut t, Op::set().at(0).imm(10u32));
    assert_eq!(t.to_string(), "▶ ⟨Root: (u32, u32)⟩\n  ├─ 0 ●\n  └─ 1 ○\n");
}

#[test]
fn deeper_trees_and_leaf_children() {
    let mut t = Trame::new::<Wide>();
    ok(&mut t, Op::set().at(2).at(1).at(0).at(1).stage());
    assert_eq!(t.depth(), 4);
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Wide⟩\n",
            "  ├─ pair ○\n",
            "  ├─ nums ○\n",
            "  └─ last → ⟨Child: (u8, Outer)⟩\n",
            "      ├─ 0 ○\n",
            "      └─ 1 → ⟨Child: Outer⟩\n",
            "          ├─ inner → ⟨Child: Pair⟩\n",
            "          │   ├─ a ○\n",
            "▶         │   └─ b → ⟨Child: u32⟩ ○\n",
            "          └─ c ○\n",
        )
    );
    ok(&mut t, Op::set().imm(5u32));
    assert!(
        t.to_string()
            .contains("▶         │   └─ b → ⟨Child: u32⟩ ●\n")
    );
    ok(&mut t, Op::end());
    assert_eq!(t.depth(), 3);
    assert!(
        t.to_string()
            .contains("▶         ├─ inner → ⟨Child: Pair⟩\n")
    );
    assert!(t.to_string().contains("          │   └─ b ●\n"));
}

#[test]
fn arrays_render_positions() {
    let mut t = Trame::new::<Wide>();
    ok(&mut t, Op::set().at(1).at(1).imm(3u8));
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Wide⟩\n",
            "  ├─ pair ○\n",
            "▶ ├─ nums → ⟨Child: [u8; 2]⟩\n",
            "  │   ├─ 0 ○\n",
            "  │   └─ 1 ●\n",
            "  └─ last ○\n",
        )
    );
}

#[test]
fn render_of_a_poisoned_trame() {
    let mut t = Trame::new::<Wide>();
    ok(&mut t, Op::set().at(0).at(0).imm(1u32));
    assert!(t.apply(Op::set().at(9).imm(1u32)).is_err());
    assert_eq!(t.to_string(), POISONED);
}
