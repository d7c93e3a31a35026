//! The remote JWKS: fetched from a small in-process Frontend API stand-in, cached, refetched on
//! key rotation, rate-limited against floods of unknown `kid`s. Time moves by an injected clock.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{claims_at, jwks_of, key, JwksServer, TestKey, NOW};
use tessera_backend::{ManualClock, Verifier, VerifyError, VerifyOptions};

const INTERVAL: Duration = Duration::from_secs(10);

struct Fixture {
    server: JwksServer,
    clock: ManualClock,
    verifier: Verifier,
}

impl Fixture {
    async fn serving(keys: &[&TestKey]) -> Self {
        let server = JwksServer::start(jwks_of(keys)).await;
        let clock = ManualClock::at_unix(NOW as u64);
        let verifier = Verifier::new(
            VerifyOptions::new(&server.url)
                .with_clock(clock.clone())
                .with_jwks_refetch_interval(INTERVAL),
        )
        .unwrap();
        Self {
            server,
            clock,
            verifier,
        }
    }

    /// A fresh token (issued "now" by the fixture's server) signed with `key`.
    fn token(&self, key: &TestKey) -> String {
        let now = tessera_backend::Clock::now(&self.clock)
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        key.token(&claims_at(&self.server.url, now as i64))
    }

    async fn verify(&self, token: &str) -> Result<tessera_backend::SessionClaims, VerifyError> {
        self.verifier.verify(token).await
    }
}

#[tokio::test]
async fn the_jwks_is_fetched_once_and_cached() {
    let f = Fixture::serving(&[key()]).await;
    assert_eq!(
        f.server.hits(),
        0,
        "nothing is fetched before a token arrives"
    );
    for _ in 0..5 {
        let claims = f.verify(&f.token(key())).await.unwrap();
        assert_eq!(claims.iss, f.server.url);
    }
    f.clock.advance(Duration::from_secs(600));
    f.verify(&f.token(key())).await.unwrap();
    assert_eq!(f.server.hits(), 1);
}

#[tokio::test]
async fn a_rotated_key_is_picked_up_by_one_refetch() {
    let f = Fixture::serving(&[key()]).await;
    f.verify(&f.token(key())).await.unwrap();
    assert_eq!(f.server.hits(), 1);

    let next = TestKey::generate("ins_test_2");
    f.server.serve(jwks_of(&[key(), &next]));
    f.clock.advance(INTERVAL);
    f.verify(&f.token(&next)).await.unwrap();
    assert_eq!(f.server.hits(), 2, "one refetch for the new kid");
    f.verify(&f.token(&next)).await.unwrap();
    f.verify(&f.token(key())).await.unwrap();
    assert_eq!(f.server.hits(), 2, "both keys now come from the cache");
}

#[tokio::test]
async fn a_flood_of_unknown_kids_costs_one_request_per_interval() {
    let f = Fixture::serving(&[key()]).await;
    f.verify(&f.token(key())).await.unwrap();
    f.clock.advance(INTERVAL);

    // Tokens naming kids the issuer never had (signed with some key: they never get that far).
    let forged = |i: usize| {
        let header = serde_json::json!({"alg": "RS256", "kid": format!("ins_bogus_{i}")});
        key().sign_raw(
            &header.to_string(),
            &claims_at(&f.server.url, NOW).to_string(),
        )
    };
    for i in 0..50 {
        let token = forged(i);
        assert_eq!(
            f.verify(&token).await,
            Err(VerifyError::UnknownKid(format!("ins_bogus_{i}")))
        );
    }
    assert_eq!(f.server.hits(), 2, "only the first unknown kid refetched");

    f.clock.advance(INTERVAL - Duration::from_millis(1));
    assert!(f.verify(&forged(50)).await.is_err());
    assert_eq!(f.server.hits(), 2, "still inside the interval");

    f.clock.advance(Duration::from_millis(1));
    for i in 51..60 {
        assert!(matches!(
            f.verify(&forged(i)).await,
            Err(VerifyError::UnknownKid(_))
        ));
    }
    assert_eq!(
        f.server.hits(),
        3,
        "one more request once the interval passed"
    );
    // Known keys kept verifying throughout.
    f.verify(&f.token(key())).await.unwrap();
    assert_eq!(f.server.hits(), 3);
}

#[tokio::test]
async fn concurrent_first_requests_share_one_fetch() {
    let f = Fixture::serving(&[key()]).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let verifier = f.verifier.clone();
        let token = f.token(key());
        tasks.spawn(async move { verifier.verify(&token).await });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap().unwrap();
    }
    assert_eq!(f.server.hits(), 1);
}

#[tokio::test]
async fn an_unreachable_jwks_is_reported_and_not_hammered() {
    let f = Fixture::serving(&[key()]).await;
    f.server.fail_with(500);
    for _ in 0..5 {
        let error = f.verify(&f.token(key())).await.unwrap_err();
        assert!(
            matches!(&error, VerifyError::JwksUnavailable(m) if m.contains("500")),
            "{error:?}"
        );
    }
    assert_eq!(f.server.hits(), 1);

    f.server.serve(jwks_of(&[key()]));
    f.clock.advance(INTERVAL);
    f.verify(&f.token(key())).await.unwrap();
    assert_eq!(f.server.hits(), 2);
}

#[tokio::test]
async fn an_old_cache_is_refetched_and_survives_an_outage() {
    let server = JwksServer::start(jwks_of(&[key()])).await;
    let clock = ManualClock::at_unix(NOW as u64);
    let verifier = Verifier::new(
        VerifyOptions::new(&server.url)
            .with_clock(clock.clone())
            .with_jwks_refetch_interval(INTERVAL)
            .with_jwks_max_age(Duration::from_secs(300)),
    )
    .unwrap();
    let token_at = |secs: u64| key().token(&claims_at(&server.url, (NOW as u64 + secs) as i64));

    verifier.verify(&token_at(0)).await.unwrap();
    clock.advance(Duration::from_secs(300));
    verifier.verify(&token_at(300)).await.unwrap();
    assert_eq!(server.hits(), 2, "a cache at max age is refetched");

    // During an outage the stale keys keep verifying, at one attempt per interval.
    server.fail_with(503);
    clock.advance(Duration::from_secs(300));
    verifier.verify(&token_at(600)).await.unwrap();
    verifier.verify(&token_at(600)).await.unwrap();
    assert_eq!(server.hits(), 3);

    // A key the issuer removed stops verifying once the cache is refreshed.
    let other = TestKey::generate("ins_test_3");
    server.serve(jwks_of(&[&other]));
    clock.advance(INTERVAL);
    assert_eq!(
        verifier.verify(&token_at(610)).await,
        Err(VerifyError::UnknownKid(key().kid.clone()))
    );
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn refresh_jwks_fetches_now_despite_the_rate_limit() {
    let f = Fixture::serving(&[key()]).await;
    f.verifier.refresh_jwks().await.unwrap();
    assert_eq!(f.server.hits(), 1);
    let next = TestKey::generate("ins_test_2");
    f.server.serve(jwks_of(&[&next]));
    f.verifier.refresh_jwks().await.unwrap();
    assert_eq!(f.server.hits(), 2);
    f.verify(&f.token(&next)).await.unwrap();
    f.server.fail_with(500);
    assert!(matches!(
        f.verifier.refresh_jwks().await,
        Err(VerifyError::JwksUnavailable(_))
    ));
    f.verify(&f.token(&next)).await.unwrap();
}

#[tokio::test]
async fn the_issuer_must_match_the_jwks_origin() {
    let f = Fixture::serving(&[key()]).await;
    let token = key().token(&claims_at("http://127.0.0.1:1", NOW));
    assert!(matches!(
        f.verify(&token).await,
        Err(VerifyError::IssuerMismatch { .. })
    ));
}
