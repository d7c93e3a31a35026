//! Project automation for Tessera: `cargo xtask test | demo | bench | pkg`.
//!
//! The `xtask` alias lives in `.cargo/config.toml`. Everything here shells out with
//! `std::process` (no async runtime): cargo, rustup, apt-get, npm and the built binaries.

mod bench;
mod bench_sizes;
mod demo;
mod fapi_server;
mod pkg;
mod serve;
mod table;
mod test;
mod tools;
mod util;
mod www;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tessera project automation.
#[derive(Debug, Parser)]
#[command(name = "xtask", bin_name = "cargo xtask", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Install missing tools, then run every test suite (native, wasm32, browser, Node).
    Test(test::TestArgs),
    /// Build and run the server (127.0.0.1:4000), the demo backend (127.0.0.1:4100) and the demo
    /// apps (Yew: 127.0.0.1:5173, plain JavaScript: 127.0.0.1:5174) until Ctrl-C.
    Demo(demo::DemoArgs),
    /// Build the npm package `@tessera/js` in pkg/ (headless and UI entries).
    Pkg,
    /// Serve the demo apps for a server started elsewhere (used by the end-to-end tests).
    #[command(hide = true)]
    ServeDemos(demo::ServeDemosArgs),
    /// Run the benchmarks and compare them with their reference and target.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Test(args) => test::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Pkg => pkg::run(),
        Command::ServeDemos(args) => demo::serve_demos(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
