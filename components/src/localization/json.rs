//! A tiny reader for localization files: JSON objects whose leaves are strings, flattened to
//! dotted keys (`signIn.start.title`). Other JSON values are skipped. Small on purpose: it keeps a
//! general JSON library out of the wasm bundle.

use std::fmt;

/// Where and why a localization file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the problem.
    pub offset: usize,
    pub reason: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid localization JSON at byte {}: {}",
            self.offset, self.reason
        )
    }
}

impl std::error::Error for ParseError {}

/// Every string leaf of the object `text`, with its dotted path.
pub(crate) fn flatten(text: &str) -> Result<Vec<(String, String)>, ParseError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
        out: Vec::new(),
    };
    reader.space();
    if reader.peek() != Some(b'{') {
        return Err(reader.fail("expected an object"));
    }
    reader.value(&mut String::new(), 0)?;
    reader.space();
    if reader.at != reader.bytes.len() {
        return Err(reader.fail("trailing characters"));
    }
    Ok(reader.out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    out: Vec<(String, String)>,
}

impl Reader<'_> {
    fn fail(&self, reason: &'static str) -> ParseError {
        ParseError {
            offset: self.at,
            reason,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8, reason: &'static str) -> Result<(), ParseError> {
        self.space();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.fail(reason))
        }
    }

    /// A value at `path`: objects recurse, strings are recorded, the rest is skipped.
    fn value(&mut self, path: &mut String, depth: usize) -> Result<(), ParseError> {
        if depth > 32 {
            return Err(self.fail("nested too deep"));
        }
        self.space();
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                self.space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.eat(b':', "expected ':'")?;
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                    self.value(path, depth + 1)?;
                    path.truncate(len);
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(self.fail("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let kept = self.out.len();
                self.space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    // Arrays are not part of a localization: read and drop.
                    self.value(&mut String::new(), depth + 1)?;
                    self.space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            self.out.truncate(kept);
                            return Ok(());
                        }
                        _ => return Err(self.fail("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => {
                let value = self.string()?;
                if !path.is_empty() {
                    self.out.push((path.clone(), value));
                }
                Ok(())
            }
            Some(_) => {
                // A number, true, false or null.
                let start = self.at;
                while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                {
                    self.at += 1;
                }
                if self.at == start {
                    Err(self.fail("unexpected character"))
                } else {
                    Ok(())
                }
            }
            None => Err(self.fail("unexpected end")),
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a string"));
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek(), Some(b'"' | b'\\') | None) {
                self.at += 1;
            }
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = self.peek().ok_or_else(|| self.fail("unexpected end"))?;
                    self.at += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) {
                                if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                                    return Err(self.fail("lone surrogate"));
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                0x10000
                                    + ((high - 0xD800) << 10)
                                    + (low.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                high
                            };
                            out.push(
                                char::from_u32(code)
                                    .ok_or_else(|| self.fail("invalid \\u escape"))?,
                            );
                        }
                        _ => return Err(self.fail("invalid escape")),
                    }
                }
                _ => return Err(self.fail("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("short \\u escape"))?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| self.fail("invalid \\u escape"))?;
        self.at += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_objects_flatten_to_dotted_keys() {
        let leaves = flatten(
            r#"{"a":"x","b":{"c":"y\n\u00e9\"","n":1,"l":["z",{"k":"v"}],"t":true},"e":{}}"#,
        )
        .unwrap();
        assert_eq!(
            leaves,
            vec![("a".into(), "x".into()), ("b.c".into(), "y\né\"".into())]
        );
    }

    #[test]
    fn malformed_input_is_an_error_with_an_offset() {
        assert_eq!(flatten(r#"{"a":"x""#).unwrap_err().offset, 8);
        assert!(flatten(r#"["a"]"#).is_err());
        assert!(flatten(r#"{"a":"x"} extra"#).is_err());
        assert!(flatten(r#"{"a":"\ud800"}"#).is_err());
    }
}
