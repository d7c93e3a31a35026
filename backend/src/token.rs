//! The compact JWS form of a session token and the checks on its claims.

use base64::Engine as _;
use serde::de::IgnoredAny;
use serde::Deserialize;
use tessera_core::SessionClaims;

use crate::{VerifyError, VerifyOptions};

/// A token split into its parts and base64-decoded, with the header read; the payload's JSON is
/// left for after the signature is checked.
#[derive(Debug)]
pub(crate) struct CompactToken<'a> {
    /// `base64url(header) "." base64url(payload)`: what the signature covers.
    pub(crate) signing_input: &'a str,
    payload_json: Vec<u8>,
    pub(crate) signature: Vec<u8>,
    pub(crate) header: Header,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Header {
    pub(crate) alg: String,
    #[serde(default)]
    pub(crate) kid: Option<String>,
    /// Extensions the verifier must understand (RFC 7515 §4.1.11); we understand none.
    #[serde(default)]
    crit: Option<IgnoredAny>,
}

fn b64url_decode(part: &str, what: &'static str) -> Result<Vec<u8>, VerifyError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| VerifyError::Malformed(what))
}

impl<'a> CompactToken<'a> {
    /// Split and read the header: `Malformed` unless three base64url parts with a JSON header,
    /// `UnsupportedAlgorithm` unless RS256.
    pub(crate) fn parse(token: &'a str) -> Result<Self, VerifyError> {
        let mut parts = token.split('.');
        let (Some(header_b64), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(VerifyError::Malformed(
                "a token has three dot-separated parts",
            ));
        };
        let header_json = b64url_decode(header_b64, "the header is not base64url")?;
        let header: Header = serde_json::from_slice(&header_json)
            .map_err(|_| VerifyError::Malformed("the header is not a JSON object with `alg`"))?;
        if header.alg != "RS256" {
            return Err(VerifyError::UnsupportedAlgorithm(header.alg));
        }
        if header.crit.is_some() {
            return Err(VerifyError::Malformed(
                "unsupported critical header parameters",
            ));
        }
        if payload.is_empty() {
            return Err(VerifyError::Malformed("the payload is empty"));
        }
        let payload_json = b64url_decode(payload, "the payload is not base64url")?;
        let signature = b64url_decode(signature, "the signature is not base64url")?;
        Ok(Self {
            signing_input: &token[..header_b64.len() + 1 + payload.len()],
            payload_json,
            signature,
            header,
        })
    }

    /// Decode the payload (call only once the signature is verified).
    pub(crate) fn claims(&self) -> Result<SessionClaims, VerifyError> {
        serde_json::from_slice(&self.payload_json).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => VerifyError::InvalidClaims(e.to_string()),
            _ => VerifyError::Malformed("the payload is not JSON"),
        })
    }
}

/// Time, issuer and authorized-party checks; `now` in Unix seconds.
pub(crate) fn check_claims(
    claims: &SessionClaims,
    now: i64,
    options: &VerifyOptions,
) -> Result<(), VerifyError> {
    let skew = i64::try_from(options.clock_skew.as_secs()).unwrap_or(i64::MAX);
    if now >= claims.exp.saturating_add(skew) {
        return Err(VerifyError::Expired {
            expired_at: claims.exp,
        });
    }
    let earliest = now.saturating_add(skew);
    if claims.nbf > earliest {
        return Err(VerifyError::NotYetValid {
            not_before: claims.nbf,
        });
    }
    if claims.iat > earliest {
        return Err(VerifyError::NotYetValid {
            not_before: claims.iat,
        });
    }
    if claims.iss.trim_end_matches('/') != options.frontend_api_url {
        return Err(VerifyError::IssuerMismatch {
            expected: options.frontend_api_url.clone(),
            found: claims.iss.clone(),
        });
    }
    if !options.authorized_parties.is_empty() {
        let allowed = claims
            .azp
            .as_ref()
            .is_some_and(|azp| options.authorized_parties.iter().any(|p| p == azp));
        if !allowed {
            return Err(VerifyError::UnauthorizedParty {
                azp: claims.azp.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests fail loudly on purpose
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    fn claims(now: i64) -> SessionClaims {
        SessionClaims {
            azp: Some("http://localhost:3000".into()),
            exp: now + 60,
            iat: now,
            nbf: now - 5,
            iss: "http://127.0.0.1:4000".into(),
            sid: "sess_1".into(),
            sub: "user_1".into(),
            v: 2,
            ..Default::default()
        }
    }

    #[test]
    fn parse_rejects_each_malformation() {
        let header = b64(r#"{"alg":"RS256","kid":"ins_1"}"#);
        let ok = format!("{header}.{}.AAAA", b64("{}"));
        let parsed = CompactToken::parse(&ok).unwrap();
        assert_eq!(parsed.header.kid.as_deref(), Some("ins_1"));
        assert_eq!(parsed.signing_input, &ok[..ok.len() - 5]);

        for bad in [
            "abc",
            "a.b",
            "a.b.c.d",
            &format!("{header}..AAAA"),
            "!!!.e30.AAAA",
            &format!("{}.e30.AAAA", b64("not json")),
            &format!("{}.e30.AAAA", b64(r#"{"kid":"no alg"}"#)),
            &format!("{header}.e30.!!!"),
            &format!("{}.e30.AAAA", b64(r#"{"alg":"RS256","crit":["exp"]}"#)),
        ] {
            assert!(
                matches!(CompactToken::parse(bad), Err(VerifyError::Malformed(_))),
                "{bad}"
            );
        }
        let none = format!("{}.e30.", b64(r#"{"alg":"none"}"#));
        assert_eq!(
            CompactToken::parse(&none).unwrap_err(),
            VerifyError::UnsupportedAlgorithm("none".into())
        );
    }

    #[test]
    fn payload_errors_split_into_malformed_and_invalid_claims() {
        let header = b64(r#"{"alg":"RS256"}"#);
        let not_json = format!("{header}.{}.AAAA", b64("{oops"));
        let token = CompactToken::parse(&not_json).unwrap();
        assert!(matches!(token.claims(), Err(VerifyError::Malformed(_))));
        let missing_sub = format!("{header}.{}.AAAA", b64(r#"{"exp":1}"#));
        let token = CompactToken::parse(&missing_sub).unwrap();
        assert!(matches!(token.claims(), Err(VerifyError::InvalidClaims(_))));
    }

    #[test]
    fn time_checks_honour_the_skew_at_their_edges() {
        let options = VerifyOptions::new("http://127.0.0.1:4000");
        let now = 1_000_000;
        let c = claims(now);
        assert_eq!(check_claims(&c, now, &options), Ok(()));
        // exp + 5 s skew: still valid one second before, expired at.
        assert_eq!(check_claims(&c, now + 64, &options), Ok(()));
        assert_eq!(
            check_claims(&c, now + 65, &options),
            Err(VerifyError::Expired {
                expired_at: now + 60
            })
        );
        let future = SessionClaims {
            nbf: now + 6,
            iat: now + 6,
            ..claims(now)
        };
        assert_eq!(
            check_claims(&future, now, &options),
            Err(VerifyError::NotYetValid {
                not_before: now + 6
            })
        );
        assert_eq!(check_claims(&future, now + 1, &options), Ok(()));
        let issued_in_future = SessionClaims {
            iat: now + 30,
            ..claims(now)
        };
        assert!(matches!(
            check_claims(&issued_in_future, now, &options),
            Err(VerifyError::NotYetValid { .. })
        ));
    }

    #[test]
    fn issuer_ignores_a_trailing_slash_and_azp_is_strict_when_configured() {
        let now = 1_000_000;
        let options = VerifyOptions::new("http://127.0.0.1:4000/");
        let slash = SessionClaims {
            iss: "http://127.0.0.1:4000/".into(),
            ..claims(now)
        };
        assert_eq!(check_claims(&slash, now, &options), Ok(()));
        let other = SessionClaims {
            iss: "http://127.0.0.1:4001".into(),
            ..claims(now)
        };
        assert!(matches!(
            check_claims(&other, now, &options),
            Err(VerifyError::IssuerMismatch { .. })
        ));

        let options = options.with_authorized_parties(["http://localhost:3000"]);
        assert_eq!(check_claims(&claims(now), now, &options), Ok(()));
        let no_azp = SessionClaims {
            azp: None,
            ..claims(now)
        };
        assert_eq!(
            check_claims(&no_azp, now, &options),
            Err(VerifyError::UnauthorizedParty { azp: None })
        );
    }
}
