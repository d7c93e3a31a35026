//! `cargo xtask demo`: build and run the Frontend API server, the demo backend and the two demo
//! apps in `www/` until Ctrl-C; and the hidden `cargo xtask serve-demos`, which serves the built
//! demos for a server started elsewhere (the end-to-end tests use it).
//!
//! The server and the demo backend (`tessera-backend --example demo_api`) are child processes (each
//! prints its URL); the demos are served by [`crate::serve`] threads inside xtask. The
//! [`Supervisor`] forwards Ctrl-C and stops the children.

use std::process::{Child, Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;

use crate::fapi_server::{self, Service};
use crate::util::{self, Workspace};
use crate::www::{self, Built};

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Address the server listens on.
    #[arg(long, default_value = "127.0.0.1:4000")]
    addr: String,
    /// SQLite database file (relative to the repo root), or `:memory:`.
    #[arg(long, default_value = ".tessera/dev.sqlite")]
    db: String,
    /// Address of the Yew demo.
    #[arg(long, default_value = "127.0.0.1:5173")]
    yew_addr: String,
    /// Address of the plain JavaScript demo.
    #[arg(long, default_value = "127.0.0.1:5174")]
    js_addr: String,
    /// Address of the demo backend (`GET /api/me`, called by the demos' signed-in page).
    #[arg(long, default_value = "127.0.0.1:4100")]
    api_addr: String,
    /// More arguments for tessera-server, e.g. `-- --allowed-origin http://localhost:5173`.
    #[arg(last = true, value_name = "SERVER_ARGS")]
    server_args: Vec<String>,
}

/// `cargo xtask serve-demos`: serve the demo apps for a server that is already running.
#[derive(Debug, Args)]
pub(crate) struct ServeDemosArgs {
    /// The Frontend API the demo pages talk to.
    #[arg(long, default_value = "http://127.0.0.1:4000")]
    frontend_api: String,
    /// Address of the Yew demo (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    yew_addr: String,
    /// Address of the plain JavaScript demo (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    js_addr: String,
    /// The demo backend the signed-in page calls (`tessera-backend --example demo_api`).
    #[arg(long, default_value = "http://127.0.0.1:4100")]
    demo_api: String,
    /// Serve what is already built (`target/www/yew-demo`, `www/js-demo` with `pkg/`).
    #[arg(long)]
    no_build: bool,
}

pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode> {
    let ws = Workspace::load()?;
    util::build_server()?;
    fapi_server::build_demo_api()?;
    let built = www::build_all(&ws);
    if args.db != ":memory:" {
        let db = util::repo_root().join(&args.db);
        if let Some(parent) = db.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("could not create {}", parent.display()))?;
        }
    }
    let mut server_args = vec!["--addr", &args.addr, "--db", &args.db];
    server_args.extend(args.server_args.iter().map(String::as_str));
    let server = Service::fapi_server(&ws, &server_args, true)?;
    let api = Service::demo_api(&ws, &args.api_addr, &server.url, true)?;
    let served = www::serve(
        &ws,
        &built,
        &www::Serve {
            frontend_api: &server.url,
            demo_api: &api.url,
            yew_addr: &args.yew_addr,
            js_addr: &args.js_addr,
        },
    )?;
    println!();
    println!("Tessera demo — Ctrl-C to stop.");
    println!("  Frontend API: {}", server.url);
    println!("  Demo API:     {}", api.url);
    print_demo_urls(&built, &served);
    println!();
    let children = [server, api]
        .into_iter()
        .map(|service| {
            let name = service.name();
            let child = service
                .into_child()
                .with_context(|| format!("{name} is not running"))?;
            Ok((name, child))
        })
        .collect::<Result<_>>()?;
    Supervisor::start(children)?.wait()
}

pub(crate) fn serve_demos(args: &ServeDemosArgs) -> Result<ExitCode> {
    let ws = Workspace::load()?;
    let built = if args.no_build {
        www::already_built(&ws)
    } else {
        www::build_all(&ws)
    };
    let served = www::serve(
        &ws,
        &built,
        &www::Serve {
            frontend_api: &args.frontend_api,
            demo_api: &args.demo_api,
            yew_addr: &args.yew_addr,
            js_addr: &args.js_addr,
        },
    )?;
    println!();
    print_demo_urls(&built, &served);
    println!("  Frontend API: {}", args.frontend_api);
    println!("  Demo API:     {}", args.demo_api);
    Supervisor::start(Vec::new())?.wait()
}

/// `  Yew demo:     http://…` and `  JS demo:      http://…` (the tests read these lines).
fn print_demo_urls(built: &Built, served: &www::Served) {
    let line = |label: &str, url: &Option<String>, result: &Result<()>| match (url, result) {
        (Some(url), _) => println!("  {label:<13} {url}"),
        (None, Err(err)) => println!("  {label:<13} not available ({err:#})"),
        (None, Ok(())) => println!("  {label:<13} not available"),
    };
    line("Yew demo:", &served.yew, &built.yew);
    line("JS demo:", &served.js, &built.js);
}

#[derive(Debug)]
struct Supervisor {
    running: Vec<(&'static str, Child)>,
    stop: Arc<AtomicBool>,
}

impl Supervisor {
    /// Watches running processes (none: just waits for Ctrl-C or SIGTERM).
    fn start(running: Vec<(&'static str, Child)>) -> Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
            .context("could not install the Ctrl-C handler")?;
        Ok(Self { running, stop })
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
