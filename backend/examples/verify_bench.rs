//! Verifications per second of `tessera-backend` against raw aws-lc-rs RS256 verification with a
//! pre-parsed key, measured in one run over the same token.
//!
//! `cargo run --profile native -p tessera-backend --example verify_bench`
//!
//! Prints one machine-readable line for `cargo xtask bench`:
//! `verify_bench tessera_backend_per_s=<n> raw_aws_lc_per_s=<n> ratio=<r>`
//! The two sides run in many short alternating rounds (which side goes first alternates too); each
//! rate is the median of its rounds and `ratio` is the median of the per-pair ratios, so a
//! neighbour's burst of CPU use on a shared machine hits both sides of a pair alike.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{
    KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::json;
use tessera_backend::{Verifier, VerifyOptions};

const ISSUER: &str = "http://127.0.0.1:4000";
const ROUNDS: usize = 41;
const ROUND: Duration = Duration::from_millis(100);

/// Run `op` repeatedly for about `ROUND`; operations per second.
fn rate(mut op: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    loop {
        for _ in 0..64 {
            op();
        }
        n += 64;
        let elapsed = start.elapsed();
        if elapsed >= ROUND {
            return n as f64 / elapsed.as_secs_f64();
        }
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let key_pair = KeyPair::generate(KeySize::Rsa2048)?;
    let public = key_pair.public_key();
    let kid = "ins_2bench0000000000000000000";
    let jwks = json!({"keys": [{
        "kid": kid, "alg": "RS256", "use": "sig", "kty": "RSA",
        "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
        "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
    }]});

    // A v2 session token as the server mints it, with an active organization. An hour of
    // lifetime so the run cannot outlast it.
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let header = json!({"alg": "RS256", "kid": kid, "typ": "JWT"});
    let claims = json!({
        "azp": "http://localhost:3000", "exp": now + 3600, "fva": [2, -1], "iat": now,
        "iss": ISSUER, "jti": "a1b2c3d4e5f6a7b8c9d0", "nbf": now - 10,
        "sid": "sess_2abcDEFghiJKLmnoPQRstuVWxyz", "sts": "active",
        "sub": "user_2abcDEFghiJKLmnoPQRstuVWxyz", "v": 2,
        "fea": "o:sys_profile,o:sys_memberships",
        "o": {"id": "org_2abcDEFghiJKLmnoPQRstuVWxyz", "slg": "acme", "rol": "admin",
              "per": "manage,delete,read", "fpm": "3,5"},
    });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0; key_pair.public_modulus_len()];
    key_pair.sign(
        &RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )?;
    let token = format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(&signature));

    // (a) the crate: static JWKS, so the cache is warm from the start.
    let options = VerifyOptions::new(ISSUER).with_authorized_parties(["http://localhost:3000"]);
    let verifier = Verifier::from_jwks_json(options, &jwks.to_string())?;
    // (b) raw aws-lc-rs with a key parsed once.
    let raw_key = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public.as_der()?.as_ref())?;

    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    let verified = runtime.block_on(verifier.verify(&token))?;
    if verified.o.is_none()
        || raw_key
            .verify_sig(signing_input.as_bytes(), &signature)
            .is_err()
    {
        return Err("the benchmark token does not verify".into());
    }

    let measure_ours = || {
        runtime.block_on(async {
            let start = Instant::now();
            let mut n = 0u64;
            loop {
                for _ in 0..64 {
                    let claims = verifier.verify(black_box(&token)).await;
                    black_box(claims.is_ok());
                }
                n += 64;
                if start.elapsed() >= ROUND {
                    break n as f64 / start.elapsed().as_secs_f64();
                }
            }
        })
    };
    let measure_raw = || {
        rate(|| {
            let ok = raw_key.verify_sig(black_box(signing_input.as_bytes()), black_box(&signature));
            black_box(ok.is_ok());
        })
    };
    // Warm-up of both sides, not counted.
    measure_ours();
    measure_raw();
    let (mut ours, mut raw, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (o, r) = if round % 2 == 0 {
            let o = measure_ours();
            (o, measure_raw())
        } else {
            let r = measure_raw();
            (measure_ours(), r)
        };
        ours.push(o);
        raw.push(r);
        ratios.push(o / r);
    }
    let (ours, raw, ratio) = (median(ours), median(raw), median(ratios));
    println!(
        "verify_bench tessera_backend_per_s={ours:.0} raw_aws_lc_per_s={raw:.0} ratio={ratio:.3}"
    );
    println!(
        "tessera-backend verifies {ours:.0} session tokens/s ({:.1} µs each) vs {raw:.0} raw RS256 \
         signature checks/s ({:.1} µs): {:.1}% of raw, median of {ROUNDS} paired rounds on one core",
        1e6 / ours,
        1e6 / raw,
        ratio * 100.0
    );
    Ok(())
}
