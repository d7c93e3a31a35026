//! `cargo xtask test`: install what is missing, then run every test suite and summarise.
//!
//! Steps, in order (see [`Step`]): install → build-server → cargo-test → wasm-core → wasm-browser
//! → build-www → node. A failing step does not stop later independent steps; the exit code is
//! non-zero if any step failed.
//!
//! The browser suites get a `tessera-server` (`--addr 127.0.0.1:0 --db :memory:`) started by xtask:
//! its URL is `TESSERA_TEST_FAPI_URL` (read at compile time with `option_env!`). The Node tests get
//! the demo apps already served — see [`node_tests`] for the environment they receive.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use clap::{Args, ValueEnum};

use crate::fapi_server::{self, Service};
use crate::table::Table;
use crate::tools;
use crate::util::{self, Workspace};
use crate::www;

/// Crate directories with `wasm-pack test --headless --chrome` suites (wasm-bindgen tests that call
/// `wasm_bindgen_test_configure!(run_in_browser)`, in the crate's `tests/`). A crate without a
/// `tests/` folder yet is skipped.
const BROWSER_SUITES: &[&str] = &["sdk", "components"];

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Assume the tools are installed (skip the `install` step).
    #[arg(long)]
    skip_install: bool,
    /// Run only these steps (repeat or comma-separate). Default: all, in order.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "STEP")]
    only: Vec<Step>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Step {
    /// Install missing tools: wasm32 target, Chromium, wasm-bindgen, wasm-pack, wasm-opt, tests/ npm packages.
    Install,
    /// `cargo build --profile native -p tessera-server` and the demo backend (`-p tessera-backend
    /// --example demo_api`): the binaries the Node tests start.
    BuildServer,
    /// Native `cargo test` of the workspace (without the browser-only Yew demo app).
    CargoTest,
    /// tessera-core's tests on wasm32 under wasm-bindgen-test-runner (Node).
    WasmCore,
    /// `wasm-pack test --headless --chrome` for each crate with a browser suite.
    WasmBrowser,
    /// The npm package (pkg/) and both demo apps (www/), which the Node tests drive.
    BuildWww,
    /// `npm test --prefix tests` (end-to-end tests against the server binary).
    Node,
}

impl Step {
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug)]
enum Status {
    Passed,
    Failed(String),
    Skipped(String),
}

/// Test counts parsed from a step's output (cargo/libtest, wasm-bindgen-test-runner, node --test,
/// Playwright summaries).
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
    seen: bool,
}

impl Counts {
    fn parse(output: &str) -> Self {
        let mut counts = Counts::default();
        for line in output.lines() {
            let line = line.trim();
            if line.starts_with("test result:") || line.starts_with(|c: char| c.is_ascii_digit()) {
                // libtest: "test result: ok. 7 passed; 0 failed; 0 ignored; …"
                // Playwright: "12 passed (3.4s)", "1 failed"
                let tokens: Vec<&str> = line.split_whitespace().collect();
                let scan = if line.starts_with("test result:") {
                    &tokens[..]
                } else {
                    &tokens[..tokens.len().min(2)]
                };
                for pair in scan.windows(2) {
                    if let Ok(n) = pair[0].parse::<u64>() {
                        let word = pair[1].trim_end_matches([';', ',', '.']);
                        counts.add(word, n);
                    }
                }
            } else if let Some(rest) = line.strip_prefix("# ").or_else(|| line.strip_prefix("ℹ "))
            {
                // node --test: "# pass 5" (tap) / "ℹ pass 5" (spec)
                if let Some((word, n)) = rest.split_once(' ') {
                    if let Ok(n) = n.trim().parse::<u64>() {
                        counts.add(word, n);
                    }
                }
            }
        }
        counts
    }

    fn add(&mut self, word: &str, n: u64) {
        match word {
            "passed" | "pass" => {
                self.passed += n;
                self.seen = true;
            }
            "failed" | "fail" => {
                self.failed += n;
                self.seen = true;
            }
            _ => {}
        }
    }

    fn merge(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.seen |= other.seen;
    }
}

#[derive(Debug)]
struct Outcome {
    step: Step,
    status: Status,
    time: Option<Duration>,
    counts: Counts,
}

#[derive(Debug, Default)]
struct Report {
    outcomes: Vec<Outcome>,
}

impl Report {
    /// Runs a step, records its result and time, and returns whether it passed.
    fn run(&mut self, step: Step, body: impl FnOnce(&mut Counts) -> Result<()>) -> bool {
        println!("\n========== xtask test: {} ==========", step.name());
        let start = Instant::now();
        let mut counts = Counts::default();
        let status = match body(&mut counts) {
            Ok(()) => Status::Passed,
            Err(err) => {
                eprintln!("xtask: step {} failed: {err:#}", step.name());
                Status::Failed(format!("{err:#}"))
            }
        };
        let passed = matches!(status, Status::Passed);
        self.outcomes.push(Outcome {
            step,
            status,
            time: Some(start.elapsed()),
            counts,
        });
        passed
    }

    fn skip(&mut self, step: Step, why: &str) {
        self.outcomes.push(Outcome {
            step,
            status: Status::Skipped(why.to_string()),
            time: None,
            counts: Counts::default(),
        });
    }

    fn fail(&mut self, step: Step, why: &str) {
        self.outcomes.push(Outcome {
            step,
            status: Status::Failed(why.to_string()),
            time: None,
            counts: Counts::default(),
        });
    }

    /// Prints the table and the final `N passed, N failed` line; returns the number of failures.
    fn print(&self) -> usize {
        let mut table = Table::new(&["step", "result", "time", "tests", "note"]);
        let (mut passed, mut failed) = (0, 0);
        for o in &self.outcomes {
            let (result, note) = match &o.status {
                Status::Passed => {
                    passed += 1;
                    ("ok", String::new())
                }
                Status::Failed(why) => {
                    failed += 1;
                    ("FAILED", first_line(why))
                }
                Status::Skipped(why) => ("skipped", why.clone()),
            };
            let tests = if o.counts.seen {
                format!("{} passed, {} failed", o.counts.passed, o.counts.failed)
            } else {
                "-".to_string()
            };
            table.row(vec![
                o.step.name(),
                result.to_string(),
                o.time.map(util::format_duration).unwrap_or("-".into()),
                tests,
                note,
            ]);
        }
        println!("\n========== xtask test: summary ==========");
        print!("{}", table.render());
        println!("{passed} passed, {failed} failed");
        failed
    }
}

fn first_line(text: &str) -> String {
    const MAX: usize = 100;
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > MAX {
        format!("{}…", line.chars().take(MAX).collect::<String>())
    } else {
        line.to_string()
    }
}

/// Runs a command, echoing and parsing its output for test counts; non-zero exit is an error.
fn run_counted(cmd: &mut Command, counts: &mut Counts) -> Result<()> {
    let (status, output) = util::run_tee(cmd)?;
    counts.merge(Counts::parse(&output));
    if !status.success() {
        bail!("`{}` failed ({status})", util::short_name(cmd));
    }
    Ok(())
}

pub(crate) fn run(args: &TestArgs) -> Result<ExitCode> {
    let ws = Workspace::load()?;
    let root = util::repo_root();
    let selected = |step: Step| args.only.is_empty() || args.only.contains(&step);
    let mut report = Report::default();

    if selected(Step::Install) {
        if args.skip_install {
            report.skip(Step::Install, "--skip-install");
        } else {
            report.run(Step::Install, |_| tools::install_all());
        }
    }

    let mut server_built = true;
    if selected(Step::BuildServer) {
        server_built = report.run(Step::BuildServer, |_| {
            util::build_server()?;
            fapi_server::build_demo_api()
        });
    }

    if selected(Step::CargoTest) {
        report.run(Step::CargoTest, cargo_test);
    }

    if selected(Step::WasmCore) {
        report.run(Step::WasmCore, wasm_core);
    }

    if selected(Step::WasmBrowser) {
        let suites: Vec<&str> = BROWSER_SUITES
            .iter()
            .copied()
            .filter(|dir| root.join(dir).join("tests").is_dir())
            .collect();
        if suites.is_empty() {
            report.skip(Step::WasmBrowser, "no browser suites yet");
        } else if !server_built {
            report.fail(Step::WasmBrowser, "not run: build-server failed");
        } else {
            report.run(Step::WasmBrowser, |counts| {
                wasm_browser(&ws, &suites, counts)
            });
        }
    }

    let mut built = None;
    if selected(Step::BuildWww) {
        report.run(Step::BuildWww, |_| {
            let result = www::build_all(&ws);
            let failed: Vec<String> = [("Yew demo", &result.yew), ("JS demo", &result.js)]
                .into_iter()
                .filter_map(|(what, r)| r.as_ref().err().map(|e| format!("{what}: {e:#}")))
                .collect();
            built = Some(result);
            if failed.is_empty() {
                Ok(())
            } else {
                bail!("{}", failed.join("; "))
            }
        });
    }

    if selected(Step::Node) {
        let server_bin = ws.server_bin();
        if !root.join("tests").join("package.json").exists() {
            report.skip(Step::Node, "no tests/package.json yet");
        } else if !server_built {
            report.fail(Step::Node, "not run: build-server failed");
        } else if let Some(missing) = [server_bin, fapi_server::demo_api_bin(&ws)]
            .into_iter()
            .find(|bin| !bin.exists())
        {
            report.fail(
                Step::Node,
                &format!("not run: {} missing (run build-server)", missing.display()),
            );
        } else {
            let built = built.unwrap_or_else(|| www::already_built(&ws));
            report.run(Step::Node, |counts| node_tests(&ws, &built, counts));
        }
    }

    let failed = report.print();
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Native tests of every crate but the Yew demo app (browser-only, no tests). The sdk and the
/// components run their native tests here and their browser suites in `wasm-browser`. The server's integration tests
/// (server-stub/tests) find the binary through `CARGO_BIN_EXE_tessera-server`.
fn cargo_test(counts: &mut Counts) -> Result<()> {
    run_counted(
        util::cargo().args([
            "test",
            "--workspace",
            "--exclude",
            www::YEW_DEMO_PACKAGE,
            "--no-fail-fast",
        ]),
        counts,
    )
}

/// tessera-core's `#[wasm_bindgen_test]` tests compiled for wasm32 and run by
/// wasm-bindgen-test-runner (in Node unless a test module asks for a browser).
fn wasm_core(counts: &mut Counts) -> Result<()> {
    run_counted(
        util::cargo()
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .args([
                "test",
                "-p",
                "tessera-core",
                "--target",
                tools::WASM_TARGET,
                "--no-fail-fast",
            ]),
        counts,
    )
}

/// `wasm-pack test --headless --chrome` for each crate in [`BROWSER_SUITES`], with a fresh
/// `tessera-server` (in-memory database, any free port) whose URL is `TESSERA_TEST_FAPI_URL`, and a
/// second one in multi-session mode (`single_session_mode = false`) whose URL is
/// `TESSERA_TEST_MULTI_SESSION_FAPI_URL`.
/// `--mode no-install` makes wasm-pack fail fast instead of downloading tools (they come from the
/// install step).
fn wasm_browser(ws: &Workspace, suites: &[&str], counts: &mut Counts) -> Result<()> {
    let server = Service::fapi_server(ws, &["--addr", "127.0.0.1:0", "--db", ":memory:"], false)?;
    println!("tessera-server for the browser suites: {}", server.url);
    let config = ws.target_dir.join("multi-session-test.toml");
    std::fs::write(&config, "single_session_mode = false\n")
        .with_context(|| format!("could not write {}", config.display()))?;
    let config = config.to_string_lossy();
    let multi = Service::fapi_server(
        ws,
        &[
            "--addr",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--config",
            &config,
        ],
        false,
    )?;
    println!("multi-session tessera-server: {}", multi.url);
    let mut failed = Vec::new();
    for dir in suites {
        let mut cmd = util::command("wasm-pack");
        cmd.args(["test", "--headless", "--chrome", "--mode", "no-install"]);
        if Path::new(tools::CHROMEDRIVER).exists() {
            cmd.args(["--chromedriver", tools::CHROMEDRIVER]);
        }
        cmd.arg(dir)
            .env("TESSERA_TEST_FAPI_URL", &server.url)
            .env("TESSERA_TEST_MULTI_SESSION_FAPI_URL", &multi.url);
        test_env(&mut cmd, ws);
        if let Err(err) = run_counted(&mut cmd, counts) {
            eprintln!("xtask: browser suite {dir} failed: {err:#}");
            failed.push(*dir);
        }
    }
    server.stop();
    multi.stop();
    if !failed.is_empty() {
        bail!("browser suites failed: {}", failed.join(", "));
    }
    Ok(())
}

/// The Node end-to-end tests; `tests/package.json` defines the `test` script.
///
/// xtask starts a `tessera-server` (`:memory:`, any free port) and serves the built demo apps
/// against it (any free ports), with a demo backend verifying its tokens (any free port), then runs
/// `npm test` with, besides [`test_env`]:
/// - `TESSERA_FAPI_URL`: that server's Frontend API URL (a development instance: `/__dev/outbox`);
/// - `TESSERA_DEMO_API_URL`: the demo backend the demos' signed-in page calls (`GET /api/me`);
/// - `TESSERA_YEW_DEMO_URL`, `TESSERA_JS_DEMO_URL`: the demos (unset when a demo is not built);
/// - `TESSERA_YEW_DEMO_DIR`, `TESSERA_JS_DEMO_DIR`, `TESSERA_PKG_DIR`: the built files;
/// - `TESSERA_XTASK_BIN`: this binary, for `serve-demos` against a server of the test's own.
fn node_tests(ws: &Workspace, built: &www::Built, counts: &mut Counts) -> Result<()> {
    let mut cmd = util::command("npm");
    cmd.args(["test", "--prefix", "tests"]);
    test_env(&mut cmd, ws);
    cmd.env("TESSERA_YEW_DEMO_DIR", www::yew_demo_dir(ws))
        .env("TESSERA_JS_DEMO_DIR", www::js_demo_dir())
        .env("TESSERA_PKG_DIR", root_pkg_dir());
    if let Ok(xtask) = std::env::current_exe() {
        cmd.env("TESSERA_XTASK_BIN", xtask);
    }
    let services = if built.yew.is_ok() || built.js.is_ok() {
        let server =
            Service::fapi_server(ws, &["--addr", "127.0.0.1:0", "--db", ":memory:"], false)?;
        let api = Service::demo_api(ws, "127.0.0.1:0", &server.url, false)?;
        let served = www::serve(
            ws,
            built,
            &www::Serve {
                frontend_api: &server.url,
                demo_api: &api.url,
                yew_addr: "127.0.0.1:0",
                js_addr: "127.0.0.1:0",
            },
        )?;
        println!(
            "demo apps for the Node tests: server {}, demo API {}",
            server.url, api.url
        );
        cmd.env("TESSERA_FAPI_URL", &server.url)
            .env("TESSERA_DEMO_API_URL", &api.url);
        if let Some(url) = &served.yew {
            println!("  Yew demo: {url}");
            cmd.env("TESSERA_YEW_DEMO_URL", url);
        }
        if let Some(url) = &served.js {
            println!("  JS demo:  {url}");
            cmd.env("TESSERA_JS_DEMO_URL", url);
        }
        vec![api, server]
    } else {
        Vec::new()
    };
    let result = run_counted(&mut cmd, counts);
    for service in services {
        service.stop();
    }
    result
}

fn root_pkg_dir() -> std::path::PathBuf {
    util::repo_root().join("pkg")
}

/// Environment for suites that start the server or a browser themselves.
fn test_env(cmd: &mut Command, ws: &Workspace) {
    cmd.env("TESSERA_SERVER_BIN", ws.server_bin())
        .env("TESSERA_ROOT", util::repo_root())
        .env("TESSERA_CHROMIUM", tools::CHROMIUM);
}

#[cfg(test)]
mod tests {
    use super::Counts;

    #[test]
    fn parses_libtest_node_and_playwright_counts() {
        let out = "\
running 7 tests
test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.03s
test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.00s
# pass 4
# fail 1
ℹ pass 2
  10 passed (3.4s)
12 requests served
";
        let c = Counts::parse(out);
        assert!(c.seen);
        assert_eq!((c.passed, c.failed), (7 + 3 + 4 + 2 + 10, 2 + 1));
    }

    #[test]
    fn no_counts_in_plain_output() {
        let c = Counts::parse("Compiling foo\nFinished\n");
        assert!(!c.seen);
    }
}
