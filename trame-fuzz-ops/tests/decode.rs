//! The byte format of the extended sources (header bit 6), as documented
//! in the crate's module doc, and the old format left as it was.

use trame_fuzz_ops::{AOp, ASeg, ASrc, Input};

fn ops(bytes: &[u8]) -> Vec<AOp> {
    let mut data = vec![0, 0];
    data.extend_from_slice(bytes);
    Input::decode(&data).ops
}

#[test]
fn bit_6_selects_the_extended_sources() {
    let set = |src| AOp::Set(vec![], src);
    assert_eq!(ops(&[0x41]), [set(ASrc::StageProxy)]);
    assert_eq!(ops(&[0x42, 9]), [set(ASrc::Scalar(9))]);
    assert_eq!(ops(&[0x43, 9]), [set(ASrc::ParseExt(9))]);
    assert_eq!(ops(&[0x44]), [set(ASrc::StageObject(None))]);
    assert_eq!(ops(&[0x45]), [set(ASrc::StageObjectDeferred(None))]);
    assert_eq!(ops(&[0x46, 3]), [set(ASrc::StageObject(Some(3)))]);
    assert_eq!(ops(&[0x47, 3]), [set(ASrc::StageObjectDeferred(Some(3)))]);
    assert_eq!(ops(&[0x61, 9]), [set(ASrc::ParseBytesExt(9))]);
    // Bit 5 changes only kind 1; kind 0 is `End`; bit 7 is ignored.
    assert_eq!(ops(&[0x62, 9]), [set(ASrc::Scalar(9))]);
    assert_eq!(ops(&[0x40, 0x60]), [AOp::End, AOp::End]);
    assert_eq!(ops(&[0xc1]), [set(ASrc::StageProxy)]);
    // Paths as before (bits 3-4).
    assert_eq!(
        ops(&[0x49, 0xc0]),
        [AOp::Set(vec![ASeg::Append], ASrc::StageProxy)]
    );
}

#[test]
fn headers_without_bit_6_decode_as_before() {
    let set = |src| AOp::Set(vec![], src);
    assert_eq!(ops(&[0x01, 4]), [set(ASrc::Imm(4))]);
    assert_eq!(ops(&[0x21, 4]), [set(ASrc::Parse(4))]);
    assert_eq!(ops(&[0x22, 4]), [set(ASrc::ParseBytes(4))]);
    assert_eq!(ops(&[0x23, 4]), [set(ASrc::Convert(4))]);
    assert_eq!(ops(&[0x24]), [set(ASrc::Stage(None))]);
    assert_eq!(ops(&[0x87, 2]), [set(ASrc::StageDeferred(Some(2)))]);
}
