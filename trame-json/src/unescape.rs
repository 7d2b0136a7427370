//! Decoding a JSON string's escapes.

/// Decodes the escapes of a JSON string's text (without its quotes):
/// `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, surrogate pairs joined. `None`
/// for a malformed escape or a lone surrogate (jiter rejects both first).
pub(crate) fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let esc = &rest.as_bytes()[i + 1..];
        let (c, used) = match *esc.first()? {
            b'"' => ('"', 1),
            b'\\' => ('\\', 1),
            b'/' => ('/', 1),
            b'b' => ('\u{8}', 1),
            b'f' => ('\u{c}', 1),
            b'n' => ('\n', 1),
            b'r' => ('\r', 1),
            b't' => ('\t', 1),
            b'u' => unicode_escape(&esc[1..]).map(|(c, used)| (c, used + 1))?,
            _ => return None,
        };
        out.push(c);
        rest = &rest[i + 1 + used..];
    }
    out.push_str(rest);
    Some(out)
}

/// The character of a `\u` escape whose four hex digits start `hex`, with
/// the low half of a surrogate pair when the first is a high half; the
/// number of bytes used after the `u`.
fn unicode_escape(hex: &[u8]) -> Option<(char, usize)> {
    let first = hex4(hex)?;
    if !(0xD800..0xDC00).contains(&first) {
        return char::from_u32(first).map(|c| (c, 4));
    }
    // A high surrogate: `\uDC00`–`\uDFFF` must follow.
    let low = match hex.get(4..6) {
        Some(b"\\u") => hex4(&hex[6..])?,
        _ => return None,
    };
    if !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    let c = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
    char::from_u32(c).map(|c| (c, 10))
}

/// The value of the four hex digits at the start of `b`.
fn hex4(b: &[u8]) -> Option<u32> {
    let digits = b.get(..4)?;
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc * 16 + v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_escapes_are_decoded() {
        assert_eq!(
            unescape(r#"a\"b\\c\/d\be\ff\ng\rh\ti"#).as_deref(),
            Some("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti")
        );
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs_are_decoded() {
        assert_eq!(unescape(r"\u00e9t\u00C9").as_deref(), Some("étÉ"));
        assert_eq!(unescape(r"x\ud83d\ude00y").as_deref(), Some("x😀y"));
        assert_eq!(unescape("déjà \\n vu").as_deref(), Some("déjà \n vu"));
    }

    #[test]
    fn malformed_escapes_are_rejected() {
        for bad in [
            r"\x",
            r"\u12",
            r"\u12g4",
            r"\ud83d",
            r"\ud83dx",
            r"\ud83d\u0041",
            r"\ude00",
            r"\",
        ] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }
}
