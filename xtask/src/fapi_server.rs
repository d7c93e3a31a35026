//! Starting `tessera-server` as a child process and reading the Frontend API URL from its banner
//! (`  Frontend API:    http://127.0.0.1:PORT`), so it can listen on port 0.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};

use crate::util::{self, Workspace};

const BANNER_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `tessera-server`; killed when dropped unless [`FapiServer::into_child`] took it.
#[derive(Debug)]
pub(crate) struct FapiServer {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`, as the server printed it.
    pub(crate) url: String,
}

impl FapiServer {
    /// Starts the built server with `args` (e.g. `--addr 127.0.0.1:0 --db :memory:`). Its output
    /// is echoed when `echo`, else dropped after the banner.
    pub(crate) fn start(ws: &Workspace, args: &[&str], echo: bool) -> Result<Self> {
        let mut cmd = util::command(ws.server_bin());
        cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped());
        Self::spawn(cmd, echo)
    }

    fn spawn(mut cmd: Command, echo: bool) -> Result<Self> {
        println!("$ {}", util::describe(&cmd));
        let mut child = cmd
            .spawn()
            .with_context(|| format!("could not start `{}`", util::describe(&cmd)))?;
        let stdout = child
            .stdout
            .take()
            .context("tessera-server: no stdout pipe")?;
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
                if let Some(url) = frontend_api_url(&line) {
                    if let Some(found) = found.take() {
                        let _ = found.send(url);
                    }
                }
            }
        });
        let mut server = Self {
            child: Some(child),
            url: String::new(),
        };
        match url.recv_timeout(BANNER_TIMEOUT) {
            Ok(url) => {
                server.url = url;
                Ok(server)
            }
            Err(_) => {
                let status = server
                    .child
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten());
                match status {
                    Some(status) => {
                        bail!("tessera-server exited before printing its banner ({status})")
                    }
                    None => Err(anyhow!(
                        "tessera-server printed no `Frontend API:` line within {}s",
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

    /// Stops the server: SIGINT, then a kill after 5 s.
    pub(crate) fn stop(mut self) {
        if let Some(child) = self.child.take() {
            util::stop_child(child);
        }
    }
}

impl Drop for FapiServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
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
    use super::frontend_api_url;

    #[test]
    fn reads_the_banner_line() {
        assert_eq!(
            frontend_api_url("  Frontend API:    http://127.0.0.1:40123/").as_deref(),
            Some("http://127.0.0.1:40123")
        );
        assert_eq!(frontend_api_url("  Publishable key: pk_test_x"), None);
    }
}
