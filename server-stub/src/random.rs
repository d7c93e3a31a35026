//! Random ids, tokens and one-time codes, from the operating system's CSPRNG (via aws-lc-rs).

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn fill(buf: &mut [u8]) {
    // The system RNG only fails if the OS cannot provide randomness at all; nothing is safe then.
    #[allow(clippy::expect_used)]
    SystemRandom::new()
        .fill(buf)
        .expect("the operating system's random number generator failed");
}

/// `len` base62 characters, uniformly distributed (rejection sampling, no modulo bias).
pub(crate) fn base62(len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        fill(&mut buf);
        for &b in &buf {
            if b < 248 && out.len() < len {
                out.push(char::from(BASE62[usize::from(b % 62)]));
            }
        }
    }
    out
}

/// `len` characters from `[a-z0-9]`, uniformly distributed (backup codes: easy to read out).
pub(crate) fn lower_alphanumeric(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 32];
    while out.len() < len {
        fill(&mut buf);
        for &b in &buf {
            // 252 = 7 * 36: accept only bytes that map uniformly.
            if b < 252 && out.len() < len {
                out.push(char::from(ALPHABET[usize::from(b % 36)]));
            }
        }
    }
    out
}

/// A new id `{prefix}_{27 base62 chars}` (about 160 bits).
pub(crate) fn id(prefix: &str) -> String {
    format!("{prefix}_{}", base62(27))
}

/// A six-digit one-time code, uniformly distributed.
pub(crate) fn six_digit_code() -> String {
    loop {
        let mut buf = [0u8; 4];
        fill(&mut buf);
        let n = u32::from_le_bytes(buf);
        // Reject the top sliver so every code is equally likely.
        if n < u32::MAX - (u32::MAX % 1_000_000) {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// Random bytes for salts and keys.
pub(crate) fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    fill(&mut buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_are_unique() {
        let a = id("sess");
        let b = id("sess");
        assert!(tessera_core::ids::has_prefix(&a, "sess"));
        assert_eq!(a.len(), "sess_".len() + 27);
        assert_ne!(a, b);
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..200 {
            let code = six_digit_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
