//! Start the real `tessera-server` binary and talk to it over HTTP, as an app would.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

pub mod app;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// A running server process.
pub struct Server {
    pub child: Child,
    pub url: String,
    pub publishable_key: String,
}

impl Server {
    /// Start the binary on a free port with the given database and extra arguments.
    pub fn start(db: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tessera-server"))
            .args(["--addr", "127.0.0.1:0", "--db", db])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tessera-server");
        let stdout = child.stdout.take().expect("stdout");
        let mut url = None;
        let mut publishable_key = None;
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref() {
            let line = line.expect("read stdout");
            if let Some(v) = line.trim().strip_prefix("Frontend API:") {
                url = Some(v.trim().to_owned());
            }
            if let Some(v) = line.trim().strip_prefix("Publishable key:") {
                publishable_key = Some(v.trim().to_owned());
            }
            if line.trim().starts_with("JWKS:") {
                break;
            }
        }
        // Keep draining stdout so the server never writes into a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            url: url.expect("Frontend API line"),
            publishable_key: publishable_key.expect("publishable key line"),
        }
    }

    /// `kill -9`: no chance to flush or clean up.
    pub fn kill_hard(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh temporary database path.
pub fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tessera-test-{name}-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("db.sqlite")
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// A browser-like FAPI client: a cookie jar and an Origin.
pub struct Browser {
    pub http: reqwest::Client,
    pub origin: String,
}

impl Browser {
    pub fn new(origin: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Self {
            http,
            origin: origin.to_owned(),
        }
    }

    /// A request with a form body; returns status and JSON.
    pub async fn post(&self, url: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .http
            .post(url)
            .header("Origin", &self.origin)
            .form(form)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, url: &str) -> (u16, Value) {
        let response = self
            .http
            .get(url)
            .header("Origin", &self.origin)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// The code of the newest outbox message to `to`.
pub async fn outbox_code(base: &str, to: &str) -> String {
    let outbox: Value = reqwest::get(format!("{base}/__dev/outbox"))
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    outbox["data"]
        .as_array()
        .expect("data")
        .iter()
        .rev()
        .find(|m| m["to"] == to)
        .and_then(|m| m["code"].as_str())
        .expect("a code for this address")
        .to_owned()
}
