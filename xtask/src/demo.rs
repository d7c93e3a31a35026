//! `cargo xtask demo`: build and run the Frontend API server (and, later, the demo apps in `www/`)
//! until Ctrl-C.
//!
//! To add a demo app: build it in [`build`] and push a [`Service`] for its dev/static server in
//! [`services`]. The [`Supervisor`] runs all services, forwards their output and stops them all
//! on Ctrl-C or when one exits.

use std::process::{Child, Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;

use crate::util::{self, Workspace};

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Address the server listens on.
    #[arg(long, default_value = "127.0.0.1:4000")]
    addr: String,
    /// SQLite database file (relative to the repo root), or `:memory:`.
    #[arg(long, default_value = ".tessera/dev.sqlite")]
    db: String,
    /// More arguments for tessera-server, e.g. `-- --allowed-origin http://localhost:5173`.
    #[arg(last = true, value_name = "SERVER_ARGS")]
    server_args: Vec<String>,
}

/// A long-running process of the demo.
#[derive(Debug)]
struct Service {
    name: &'static str,
    command: Command,
}

pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode> {
    let ws = Workspace::load()?;
    build()?;
    let services = services(&ws, args)?;
    println!();
    println!("Tessera demo — Ctrl-C to stop.");
    println!("  Frontend API: http://{}", args.addr);
    println!("  demo apps in www/: in progress (not built yet)");
    println!();
    Supervisor::start(services)?.wait()
}

/// Builds everything the demo runs.
fn build() -> Result<()> {
    util::build_server()
    // Later: build the sdk/components with wasm-pack and the www/ apps here.
}

/// The processes of the demo, in start order.
fn services(ws: &Workspace, args: &DemoArgs) -> Result<Vec<Service>> {
    let root = util::repo_root();
    if args.db != ":memory:" {
        let db = root.join(&args.db);
        if let Some(parent) = db.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("could not create {}", parent.display()))?;
        }
    }
    let mut server = util::command(ws.server_bin());
    server
        .args(["--addr", &args.addr, "--db", &args.db])
        .args(&args.server_args);
    Ok(vec![Service {
        name: "tessera-server",
        command: server,
    }])
}

#[derive(Debug)]
struct Supervisor {
    running: Vec<(&'static str, Child)>,
    stop: Arc<AtomicBool>,
}

impl Supervisor {
    fn start(services: Vec<Service>) -> Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
            .context("could not install the Ctrl-C handler")?;
        let mut supervisor = Self {
            running: Vec::new(),
            stop,
        };
        for mut service in services {
            println!("$ {}", util::describe(&service.command));
            match service.command.spawn() {
                Ok(child) => supervisor.running.push((service.name, child)),
                Err(err) => {
                    supervisor.shutdown(false);
                    return Err(err).with_context(|| format!("could not start {}", service.name));
                }
            }
        }
        Ok(supervisor)
    }

    /// Waits for Ctrl-C (or SIGTERM) or for any service to exit, then stops the others.
    fn wait(mut self) -> Result<ExitCode> {
        loop {
            if self.stop.load(Ordering::SeqCst) {
                println!("\nxtask demo: stopping…");
                self.shutdown(true);
                return Ok(ExitCode::SUCCESS);
            }
            for (name, child) in &mut self.running {
                if let Some(status) = child.try_wait()? {
                    eprintln!("xtask demo: {name} exited ({status}); stopping the others");
                    let code = if status.success() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    };
                    self.shutdown(false);
                    return Ok(code);
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Stops every service still running. After a terminal's Ctrl-C (`signalled`) the services got
    /// the SIGINT too (same process group), so they first get time to exit by themselves; then
    /// they are sent SIGINT, and finally killed.
    fn shutdown(&mut self, signalled: bool) {
        let all_exited = |running: &mut Vec<(&'static str, Child)>, within: Duration| {
            let deadline = Instant::now() + within;
            loop {
                running.retain_mut(|(_, child)| matches!(child.try_wait(), Ok(None)));
                if running.is_empty() || Instant::now() >= deadline {
                    return running.is_empty();
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        };
        if signalled && all_exited(&mut self.running, Duration::from_secs(2)) {
            return;
        }
        for (_, child) in &self.running {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
        }
        if all_exited(&mut self.running, Duration::from_secs(5)) {
            return;
        }
        for (name, child) in &mut self.running {
            eprintln!("xtask demo: killing {name}");
            let _ = child.kill();
            let _ = child.wait();
        }
        self.running.clear();
    }
}

impl Drop for Supervisor {
    fn drop(&mut self) {
        for (_, child) in &mut self.running {
            let _ = child.kill();
        }
    }
}
