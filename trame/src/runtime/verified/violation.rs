//! [`Violation`]: a broken heap contract, as the checked heap records it.

use core::fmt;

/// What kind of contract a heap operation broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViolationKind {
    /// A pointer whose allocation index was never handed out.
    UnknownAllocation,
    /// An access to a freed allocation.
    UseAfterFree,
    /// An access reaching past the end of its allocation.
    OutOfBounds,
    /// An access at an offset that is not a multiple of the shape's
    /// alignment, or with a shape more aligned than the allocation.
    Misaligned,
    /// `dealloc` of an allocation already freed.
    DoubleFree,
    /// `dealloc` of a pointer that does not point at an allocation's start.
    FreeOfInteriorPointer,
    /// `dealloc` with a shape other than the one allocated.
    DeallocWrongShape,
    /// `dealloc` of memory that still holds initialized bytes.
    DeallocInitialized,
    /// A write of a value over bytes that are already initialized.
    InitOverInit,
    /// `drop_in_place` of a value none of whose bytes are initialized.
    DropUninit,
    /// `drop_in_place` of a value only some of whose bytes are initialized.
    DropPartlyInit,
    /// A read or copy of bytes that are not initialized.
    ReadUninit,
    /// `move_value` with overlapping source and destination.
    OverlappingMove,
    /// An operation on an allocation of the wrong kind (a staging chunk
    /// freed as a value, a value freed as a chunk, a handle naming a chunk).
    WrongAllocationKind,
    /// A handle (option, pointer, container value) whose bytes do not name
    /// a live allocation it owns.
    BadHandle,
    /// An allocation still live at teardown.
    Leak,
    /// An enum's variant selected or cleared while payload bytes (of the
    /// old variant) are still initialized.
    StalePayload,
}

impl ViolationKind {
    /// A short lowercase description, the start of every message.
    pub fn describe(self) -> &'static str {
        match self {
            ViolationKind::UnknownAllocation => "pointer to unknown allocation",
            ViolationKind::UseAfterFree => "use after free",
            ViolationKind::OutOfBounds => "out-of-bounds access",
            ViolationKind::Misaligned => "misaligned access",
            ViolationKind::DoubleFree => "double free",
            ViolationKind::FreeOfInteriorPointer => "free of interior pointer",
            ViolationKind::DeallocWrongShape => "dealloc with wrong shape",
            ViolationKind::DeallocInitialized => {
                "dealloc of memory that still holds initialized bytes"
            }
            ViolationKind::InitOverInit => "init over init",
            ViolationKind::DropUninit => "drop of uninitialized value",
            ViolationKind::DropPartlyInit => "drop of a partly initialized value",
            ViolationKind::ReadUninit => "read/copy of uninitialized bytes",
            ViolationKind::OverlappingMove => "move between overlapping ranges",
            ViolationKind::WrongAllocationKind => "wrong allocation kind",
            ViolationKind::BadHandle => "bad handle",
            ViolationKind::Leak => "leak",
            ViolationKind::StalePayload => "stale enum payload",
        }
    }
}

/// One broken contract, as recorded by the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// What was broken.
    pub kind: ViolationKind,
    /// Which operation, allocation, offset, length and shapes were involved.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
