//! Password hashing (argon2id) and the password rules of NIST SP 800-63B: a minimum length, a
//! generous maximum, no composition rules.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tessera_core::ErrorCode;

use axum::http::StatusCode;

use crate::error::FapiError;

/// Fewer characters than this are refused.
pub(crate) const MIN_LENGTH: usize = 8;
/// More characters than this are refused (well above the 64 NIST asks to accept).
pub(crate) const MAX_LENGTH: usize = 128;

/// Check a new password against the rules; the error names the `password` parameter.
pub(crate) fn validate(password: &str) -> Result<(), FapiError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormPasswordLengthTooShort,
            "Passwords must be 8 characters or more.",
            format!("Passwords must be {MIN_LENGTH} characters or more."),
        )
        .param("password"));
    }
    if length > MAX_LENGTH {
        return Err(FapiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FormPasswordLengthTooLong,
            "Passwords must be less than 128 characters.",
            format!("Passwords must be {MAX_LENGTH} characters or fewer."),
        )
        .param("password"));
    }
    Ok(())
}

/// Hash a password with argon2id (default parameters) and a random salt, as a PHC string.
pub(crate) fn hash(password: &str) -> Result<String, FapiError> {
    let salt = SaltString::encode_b64(&crate::random::bytes::<16>())
        .map_err(|e| FapiError::internal(&e))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| FapiError::internal(&e))
}

/// Whether `password` matches the stored PHC string. A corrupt hash never matches.
pub(crate) fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse battery!", &a));
        assert!(!verify("x", "not a phc string"));
    }

    #[test]
    fn length_rules_only() {
        assert_eq!(
            validate("short").unwrap_err().code(),
            &ErrorCode::FormPasswordLengthTooShort
        );
        assert!(validate("alllowercase").is_ok());
        assert!(validate(&"é".repeat(72)).is_ok());
        assert_eq!(
            validate(&"a".repeat(129)).unwrap_err().code(),
            &ErrorCode::FormPasswordLengthTooLong
        );
    }
}
