//! Project automation for Tessera: `cargo xtask test | demo | bench`.
//!
//! The `xtask` alias lives in `.cargo/config.toml`. Everything here shells out with
//! `std::process` (no async runtime): cargo, rustup, apt-get, npm and the built binaries.

mod bench;
mod demo;
mod table;
mod test;
mod tools;
mod util;

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
    /// Build and run the Frontend API server on 127.0.0.1:4000 until Ctrl-C.
    Demo(demo::DemoArgs),
    /// Run the benchmarks and compare them with their reference and target.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Test(args) => test::run(&args),
        Command::Demo(args) => demo::run(&args),
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
