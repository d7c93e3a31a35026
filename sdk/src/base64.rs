//! Base64 decoding (the publishable key, JWT payloads): a few lines instead of a crate. In the
//! browser the engine decodes (`atob`, then UTF-8 through `decodeURIComponent(escape(…))`), so the
//! bundle carries neither a decoder nor a UTF-8 validator.

/// Decode base64 (`url`: the base64url alphabet) of UTF-8 text. `None` when `text` is not base64
/// of that alphabet (padding optional) or the bytes are not UTF-8.
#[cfg(target_arch = "wasm32")]
pub(crate) fn decode_text(text: &str, url: bool) -> Option<String> {
    use wasm_bindgen::JsValue;

    use crate::browser::{call, get, global};
    let global = global();
    let mut text = JsValue::from_str(text);
    if url {
        // `atob` knows only the standard alphabet: `-_` become `+/` (`String.prototype.replaceAll`;
        // characters of neither alphabet stay, and `atob` refuses them).
        let replace_all = get(&get(&get(&global, "String"), "prototype"), "replaceAll");
        let replace_all: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&replace_all);
        for (from, to) in [("-", "+"), ("_", "/")] {
            text = replace_all
                .call2(&text, &JsValue::from_str(from), &JsValue::from_str(to))
                .ok()?;
        }
    }
    let binary = call(&global, "atob", &[&text]).ok()?;
    let escaped = call(&global, "escape", &[&binary]).ok()?;
    call(&global, "decodeURIComponent", &[&escaped])
        .ok()?
        .as_string()
}

/// Decode base64 (`url`: the base64url alphabet) of UTF-8 text. `None` when `text` is not base64
/// of that alphabet (padding optional) or the bytes are not UTF-8.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn decode_text(text: &str, url: bool) -> Option<String> {
    String::from_utf8(decode(text, url)?).ok()
}

/// Decode standard (`+/`) or, with `url`, base64url (`-_`) text; padding is optional.
/// `None` on any other character or an impossible length.
#[cfg(not(target_arch = "wasm32"))]
fn decode(text: &str, url: bool) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' if !url => 62,
            b'/' if !url => 63,
            b'-' if url => 62,
            b'_' if url => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A single leftover character carries fewer than 8 bits: not valid base64.
    (bits < 6).then_some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::decode;

    #[test]
    fn decodes_text() {
        assert_eq!(super::decode_text("w6lh", false).as_deref(), Some("éa"));
        assert_eq!(super::decode_text("_w", true), None, "not UTF-8");
    }

    #[test]
    fn decodes_both_alphabets_with_and_without_padding() {
        assert_eq!(decode("aGVsbG8=", false).as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode("aGVsbG8", false).as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode("-_8", true).as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(decode("+/8", false).as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(decode("-_8", false), None);
        assert_eq!(decode("+/8", true), None);
        assert_eq!(decode("a", false), None);
        assert_eq!(decode("!!!", true), None);
        assert_eq!(decode("", true).as_deref(), Some(&b""[..]));
    }
}
