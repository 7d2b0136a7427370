//! `Display for Trame` with containers and wrappers: runs of complete
//! elements (`0..=4 ●`), staging chunks (`📦0 📦1`), which also show the
//! chunk sizing policy, an `Option`'s or pointer's inner allocation (`📦`)
//! and wrappers set whole (`●`).

use crate::support::*;

/// Appends element `k` to the list at the cursor, staged and folded.
fn push_u32(t: &mut Trame<'static>, k: u32) {
    ok(t, Op::set().append().stage());
    ok(t, Op::set().imm(k));
    ok(t, Op::end());
}

#[test]
fn complete_elements_render_as_runs_split_by_staged_ones() {
    let mut t = Trame::new::<Vec<u32>>();
    for k in 0..5 {
        push_u32(&mut t, k);
    }
    ok(&mut t, Op::set().append().stage());
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Vec<u32>⟩ 📦0\n",
            "  ├─ 0..=4 ●\n",
            "▶ └─ 5 → ⟨Child: u32⟩ ○\n",
        )
    );
    ok(&mut t, Op::set().imm(5u32));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(2).stage()); // re-enter a complete element
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Vec<u32>⟩ 📦0\n",
            "  ├─ 0..=1 ●\n",
            "▶ ├─ 2 → ⟨Child: u32⟩ ●\n",
            "  └─ 3..=5 ●\n",
        )
    );
    ok(&mut t, Op::end());
    assert_eq!(built::<Vec<u32>>(t), [0, 1, 2, 3, 4, 5]);
}

/// Without a hint the first chunk takes 1024 bytes (256 `u32`s); the next
/// is as large as all before it. A run ending at a multiple of 64 elements
/// ends at the last element.
#[test]
fn the_first_chunk_takes_1024_bytes_then_chunks_double() {
    let mut t = Trame::new::<Vec<u32>>();
    for k in 0..256 {
        push_u32(&mut t, k);
    }
    assert_eq!(t.to_string(), "▶ ⟨Root: Vec<u32>⟩ 📦0\n  └─ 0..=255 ●\n");
    push_u32(&mut t, 256);
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: Vec<u32>⟩ 📦0 📦1\n  └─ 0..=256 ●\n"
    );
    for k in 257..512 {
        push_u32(&mut t, k);
    }
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: Vec<u32>⟩ 📦0 📦1\n  └─ 0..=511 ●\n"
    );
    push_u32(&mut t, 512);
    assert_eq!(
        t.to_string(),
        "▶ ⟨Root: Vec<u32>⟩ 📦0 📦1 📦2\n  └─ 0..=512 ●\n"
    );
    let v = built::<Vec<u32>>(t);
    assert!(v.iter().copied().eq(0..513));
}

/// A chunk of a zero-sized element takes no memory: one chunk holds them
/// all.
#[test]
fn zero_sized_elements_share_one_chunk() {
    let mut t = Trame::new::<Vec<()>>();
    for _ in 0..1025 {
        ok(&mut t, Op::set().append().stage());
        ok(&mut t, Op::set().imm(()));
        ok(&mut t, Op::end());
    }
    assert_eq!(t.to_string(), "▶ ⟨Root: Vec<()>⟩ 📦0\n  └─ 0..=1024 ●\n");
    assert_eq!(built::<Vec<()>>(t).len(), 1025);
}

#[derive(Facet, Debug, PartialEq)]
struct Wrapped {
    opt: Option<u32>,
    boxed: Box<u32>,
}

/// A wrapper with nothing in it is `○`; once its slot has memory (the
/// payload's own allocation) `📦`; set whole `●`.
#[test]
fn wrappers_render_their_inner_allocation_and_whole_values() {
    let mut t = Trame::new::<Wrapped>();
    ok(&mut t, Op::set().at(0).stage());
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Wrapped⟩\n",
            "▶ ├─ opt → ⟨Child: Option<u32>⟩ ○\n",
            "  │   └─ 0 ○\n",
            "  └─ boxed ○\n",
        )
    );
    ok(&mut t, Op::set().at(0).imm(3u32));
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Wrapped⟩\n",
            "▶ ├─ opt → ⟨Child: Option<u32>⟩ 📦\n",
            "  │   └─ 0 ●\n",
            "  └─ boxed ○\n",
        )
    );
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().at(1).imm(Box::new(4u32)));
    ok(&mut t, Op::set().at(1).stage()); // re-enter the whole pointer
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: Wrapped⟩\n",
            "  ├─ opt ●\n",
            "▶ └─ boxed → ⟨Child: Box<u32>⟩ ●\n",
            "      └─ 0 ○\n",
        )
    );
    ok(&mut t, Op::end());
    assert_eq!(
        built::<Wrapped>(t),
        Wrapped {
            opt: Some(3),
            boxed: Box::new(4)
        }
    );
}

#[test]
fn map_entries_render_key_and_value() {
    let mut t = Trame::new::<BTreeMap<u32, Option<u32>>>();
    ok(&mut t, Op::set().append().stage());
    ok(&mut t, Op::set().at(0).imm(1u32));
    ok(&mut t, Op::set().at(1).imm(Some(2u32)));
    ok(&mut t, Op::end());
    ok(&mut t, Op::set().append().stage());
    ok(&mut t, Op::set().at(1).stage());
    assert_eq!(
        t.to_string(),
        concat!(
            "  ⟨Root: BTreeMap<u32, Option<u32>>⟩ 📦0\n",
            "  ├─ 0 ●\n",
            "  └─ 1 → ⟨Entry: (u32, Option<u32>)⟩\n",
            "      ├─ key ○\n",
            "▶     └─ value → ⟨Child: Option<u32>⟩ ○\n",
            "          └─ 0 ○\n",
        )
    );
}
