//! The services the demos and the Node tests run as child processes, each reading its URL from the
//! line the service prints once it listens (so it can listen on port 0):
//! - `tessera-server` (`  Frontend API:    http://127.0.0.1:PORT`);
//! - the demo backend, `tessera-backend`'s example `demo_api` (`demo api listening on http://…`).

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::util::{self, Workspace};

const BANNER_TIMEOUT: Duration = Duration::from_secs(30);

/// `cargo build --profile native -p tessera-backend --example demo_api` (used by `test` and `demo`).
pub(crate) fn build_demo_api() -> Result<()> {
    util::run(util::cargo().args([
        "build",
        "--profile",
        "native",
        "-p",
        "tessera-backend",
        "--example",
        "demo_api",
    ]))
}

/// The demo backend built by [`build_demo_api`].
pub(crate) fn demo_api_bin(ws: &Workspace) -> PathBuf {
    ws.target_dir
        .join("native")
        .join("examples")
        .join(format!("demo_api{}", std::env::consts::EXE_SUFFIX))
}

/// A running service; killed when dropped unless [`Service::into_child`] took it.
#[derive(Debug)]
pub(crate) struct Service {
    name: &'static str,
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`, as the service printed it.
    pub(crate) url: String,
}

impl Service {
    /// Starts the built `tessera-server` with `args` (e.g. `--addr 127.0.0.1:0 --db :memory:`). Its
    /// output is echoed when `echo`, else dropped after the banner.
    pub(crate) fn fapi_server(ws: &Workspace, args: &[&str], echo: bool) -> Result<Self> {
        let mut cmd = util::command(ws.server_bin());
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped());
        Self::spawn("tessera-server", cmd, frontend_api_url, echo)
    }

    /// Starts the built demo backend on `addr`, verifying tokens of the Frontend API `frontend_api`.
    pub(crate) fn demo_api(
        ws: &Workspace,
        addr: &str,
        frontend_api: &str,
        echo: bool,
    ) -> Result<Self> {
        let mut cmd = util::command(demo_api_bin(ws));
        cmd.args(["--addr", addr, "--frontend-api", frontend_api])
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        Self::spawn("demo api", cmd, demo_api_url, echo)
    }

    fn spawn(
        name: &'static str,
        mut cmd: Command,
        url_in: fn(&str) -> Option<String>,
        echo: bool,
    ) -> Result<Self> {
        println!("$ {}", util::describe(&cmd));
        let mut child = cmd
            .spawn()
            .with_context(|| format!("could not start `{}`", util::describe(&cmd)))?;
        let stdout = child
            .stdout
            .take()
            .with_context(|| format!("{name}: no stdout pipe"))?;
        let (found, url) = mpsc::channel();
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if echo {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(out, "{line}");
                    let _ = out.flush();
                }
                if let Some(url) = url_in(&line) {
                    if let Some(found) = found.take() {
                        let _ = found.send(url);
                    }
                }
            }
        });
        let mut service = Self {
            name,
            child: Some(child),
            url: String::new(),
        };
        match url.recv_timeout(BANNER_TIMEOUT) {
            Ok(url) => {
                service.url = url;
                Ok(service)
            }
            Err(_) => {
                let status = service
                    .child
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten());
                match status {
                    Some(status) => {
                        bail!("{name} exited before printing its URL ({status})")
                    }
                    None => Err(anyhow!(
                        "{name} printed no URL within {}s",
                        BANNER_TIMEOUT.as_secs()
                    )),
                }
            }
        }
    }

    /// Hands the process over (e.g. to the demo's supervisor), which then stops it.
    pub(crate) fn into_child(mut self) -> Option<Child> {
        self.child.take()
    }

    /// What it is, for messages (`tessera-server`, `demo api`).
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// Stops the service: SIGINT, then a kill after 5 s.
    pub(crate) fn stop(mut self) {
        if let Some(child) = self.child.take() {
            util::stop_child(child);
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The URL of the demo backend's line `demo api listening on http://…`.
fn demo_api_url(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix("demo api listening on ")?;
    url.starts_with("http")
        .then(|| url.trim_end_matches('/').to_string())
}

/// The URL of a banner line `  Frontend API:    http://…`.
fn frontend_api_url(line: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("Frontend API:")?;
    let url = rest.split_whitespace().next()?;
    url.starts_with("http")
        .then(|| url.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::{demo_api_url, frontend_api_url};

    #[test]
    fn reads_the_banner_line() {
        assert_eq!(
            frontend_api_url("  Frontend API:    http://127.0.0.1:40123/").as_deref(),
            Some("http://127.0.0.1:40123")
        );
        assert_eq!(frontend_api_url("  Publishable key: pk_test_x"), None);
        assert_eq!(
            demo_api_url("demo api listening on http://127.0.0.1:4100").as_deref(),
            Some("http://127.0.0.1:4100")
        );
        assert_eq!(
            demo_api_url("  Frontend API:    http://127.0.0.1:4000"),
            None
        );
    }
}
