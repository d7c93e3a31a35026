//! Session tokens minted per second by `tessera-server`'s signer, next to raw aws-lc-rs RS256
//! signing with a pre-parsed key over an equivalent signing input, measured in one run.
//!
//! `cargo run --profile native -p tessera-server --example mint_bench`
//! Prints `mint_bench tessera_server_per_s=<n> raw_aws_lc_per_s=<n> ratio=<r>`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use tessera_core::{SessionClaims, SESSION_TOKEN_VERSION};
use tessera_server::SigningKey;

const ROUND: Duration = Duration::from_millis(700);

fn round(op: &mut impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < ROUND {
        op();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Rates of `a` and `b`: rounds alternate (so machine load hits both alike); best round of each.
fn compare(mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    for _ in 0..50 {
        a();
        b();
    }
    let (mut best_a, mut best_b) = (0.0f64, 0.0f64);
    for _ in 0..5 {
        best_a = best_a.max(round(&mut a));
        best_b = best_b.max(round(&mut b));
    }
    (best_a, best_b)
}

fn claims(i: u64) -> SessionClaims {
    SessionClaims {
        azp: Some("http://localhost:5173".into()),
        exp: 1_800_000_060,
        iat: 1_800_000_000,
        iss: "http://127.0.0.1:4000".into(),
        nbf: 1_799_999_990,
        sid: "sess_2xY8pQm4Vb7NcRt1LkJh6WdZs0a".into(),
        sub: "user_2xY8pQm4Vb7NcRt1LkJh6WdZs0b".into(),
        v: SESSION_TOKEN_VERSION,
        fva: vec![0, -1],
        sts: "active".into(),
        jti: format!("jti{i:017}"),
        ..Default::default()
    }
}

fn main() {
    let generated = RsaKeyPair::generate(KeySize::Rsa2048).expect("generate RSA-2048");
    let der = generated.as_der().expect("pkcs8").as_ref().to_vec();
    let signer = SigningKey::from_pkcs8("ins_bench", &der).expect("signing key");
    let raw = RsaKeyPair::from_pkcs8(&der).expect("raw key");
    let rng = SystemRandom::new();
    let sample = signer.sign(&claims(0)).expect("sign");
    let signing_input = sample
        .rsplit_once('.')
        .map(|(input, _)| input.to_owned())
        .expect("three parts");

    let mut i = 0u64;
    let mut signature = vec![0u8; raw.public_modulus_len()];
    let (tessera, reference) = compare(
        || {
            i += 1;
            black_box(signer.sign(&claims(i)).expect("sign"));
        },
        || {
            raw.sign(
                &RSA_PKCS1_SHA256,
                &rng,
                black_box(signing_input.as_bytes()),
                &mut signature,
            )
            .expect("raw sign");
            black_box(&signature);
        },
    );
    let ratio = tessera / reference;
    println!("session tokens minted: tessera-server {tessera:.0}/s, raw aws-lc-rs RS256 {reference:.0}/s, ratio {ratio:.2} (target >= 0.8)");
    println!("mint_bench tessera_server_per_s={tessera:.0} raw_aws_lc_per_s={reference:.0} ratio={ratio:.3}");
}
