//! Authenticator-app codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, ±1 step of skew),
//! through the `totp-rs` crate. A code is accepted once per time step: the caller stores the last
//! step used and passes it back.

use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::error::{FapiError, FapiResult};

const DIGITS: u8 = 6;
const STEP_SECONDS: u64 = 30;
const SKEW_STEPS: u16 = 1;

/// A new random 160-bit secret, base32-encoded (what authenticator apps are given).
pub(crate) fn new_secret() -> String {
    Secret::from(crate::random::bytes::<20>().to_vec()).to_base32()
}

fn authenticator(secret_base32: &str, digits: u8, account: &str, issuer: &str) -> FapiResult<Totp> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| FapiError::internal(&format!("stored TOTP secret: {e:?}")))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(SKEW_STEPS)
        .with_step_duration(STEP_SECONDS)
        .with_secret(secret)
        .with_account_name(account.replace(':', "")) // ':' separates issuer and account in the URI
        .with_issuer(Some(issuer.replace(':', "")))
        .build()
        .map_err(|e| FapiError::internal(&format!("TOTP parameters: {e:?}")))
}

/// The `otpauth://totp/…` URI an authenticator app scans.
pub(crate) fn uri(secret_base32: &str, account: &str, issuer: &str) -> FapiResult<String> {
    authenticator(secret_base32, DIGITS, account, issuer)?
        .to_url()
        .map_err(|e| FapiError::internal(&format!("TOTP URI: {e:?}")))
}

/// The time step `code` is valid for at `now_ms` (±1 step), if any and if later than `last_used_step`.
pub(crate) fn verify(
    secret_base32: &str,
    code: &str,
    now_ms: i64,
    last_used_step: Option<u64>,
) -> FapiResult<Option<u64>> {
    let totp = authenticator(secret_base32, DIGITS, "user", "tessera")?;
    let now = u64::try_from(now_ms / 1000).unwrap_or(0);
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(totp
        .check(&code, now)
        .filter(|step| last_used_step.is_none_or(|last| *step > last)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows: secret "12345678901234567890", 8 digits.
    #[test]
    fn rfc_6238_appendix_b_vectors() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let totp = authenticator(&secret, 8, "rfc", "rfc").unwrap();
        for (time, expected) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.generate(time).to_string(), expected, "T = {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_once_per_step_within_skew() {
        let secret = new_secret();
        let totp = authenticator(&secret, DIGITS, "a", "b").unwrap();
        let now_ms = 1_800_000_000_000i64;
        let code = totp.generate(1_800_000_000).to_string();
        let step = verify(&secret, &code, now_ms, None)
            .unwrap()
            .expect("current code");
        assert_eq!(
            verify(&secret, &code, now_ms, Some(step)).unwrap(),
            None,
            "replay refused"
        );
        assert!(
            verify(&secret, &code, now_ms + 30_000, None)
                .unwrap()
                .is_some(),
            "one step late is accepted"
        );
        assert!(
            verify(&secret, &code, now_ms + 90_000, None)
                .unwrap()
                .is_none(),
            "three steps late is not"
        );
        assert!(verify(&secret, "000000", now_ms, None).unwrap().is_none() || code == "000000");
    }

    #[test]
    fn uri_names_issuer_and_account() {
        let uri = uri(&new_secret(), "ada@example.com", "Acme").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Acme:ada%40example.com?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Acme"));
    }
}
