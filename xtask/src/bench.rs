//! `cargo xtask bench`: run the benchmarks and print them against their reference and target.
//!
//! Each section is a function returning a [`Section`]; [`run`] prints them all:
//! - throughput: session-token minting and verification vs raw aws-lc-rs;
//! - sizes ([`crate::bench_sizes`]): what a browser downloads from `@tessera/js` vs from Clerk's npm
//!   packages, gzip and raw, with a `twiggy` breakdown of the wasm files.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::bench_sizes;
use crate::table::Table;
use crate::util::{self, Workspace};

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// Exit non-zero if any measure is below its target or not available.
    #[arg(long)]
    check: bool,
    /// Run one section only.
    #[arg(long, value_enum)]
    only: Option<Only>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Only {
    /// Session tokens minted and verified per second.
    Throughput,
    /// Bundle sizes vs Clerk's, with the twiggy breakdown.
    Sizes,
}

/// A throughput benchmark: a cargo example (built with `--profile native`) that prints one line
/// `<example> <tessera_key>=<n> <reference_key>=<n> ratio=<r>`.
#[derive(Debug)]
struct Throughput {
    measure: &'static str,
    package: &'static str,
    example: &'static str,
    tessera_key: &'static str,
    reference_key: &'static str,
}

const THROUGHPUT: &[Throughput] = &[
    Throughput {
        measure: "verify session token /s",
        package: "tessera-backend",
        example: "verify_bench",
        tessera_key: "tessera_backend_per_s",
        reference_key: "raw_aws_lc_per_s",
    },
    Throughput {
        measure: "mint session token /s",
        package: "tessera-server",
        example: "mint_bench",
        tessera_key: "tessera_server_per_s",
        reference_key: "raw_aws_lc_per_s",
    },
];

/// Tessera must reach this fraction of the raw aws-lc-rs throughput.
const THROUGHPUT_TARGET_RATIO: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Ok,
    Below,
    NotAvailable,
    Failed,
}

impl Verdict {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::Below => "BELOW",
            Verdict::NotAvailable => "not available",
            Verdict::Failed => "FAILED",
        }
    }
}

#[derive(Debug)]
pub(crate) struct Section {
    pub(crate) title: &'static str,
    pub(crate) table: Table,
    pub(crate) verdicts: Vec<Verdict>,
    /// Printed after the table.
    pub(crate) notes: Vec<String>,
}

pub(crate) fn run(args: &BenchArgs) -> Result<ExitCode> {
    let ws = Workspace::load()?;
    let mut sections = Vec::new();
    if args.only.is_none_or(|only| only == Only::Throughput) {
        sections.push(throughput(&ws));
    }
    if args.only.is_none_or(|only| only == Only::Sizes) {
        sections.push(bench_sizes::sizes(&ws));
    }

    println!("\n========== xtask bench ==========");
    let mut verdicts = Vec::new();
    for section in &sections {
        println!("\n{}", section.title);
        print!("{}", section.table.render());
        for note in &section.notes {
            println!("{note}");
        }
        verdicts.extend(&section.verdicts);
    }
    let crashed = verdicts.contains(&Verdict::Failed);
    let unmet = verdicts.iter().any(|v| *v != Verdict::Ok);
    Ok(if crashed || (args.check && unmet) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn throughput(ws: &Workspace) -> Section {
    let mut table = Table::new(&[
        "measure",
        "tessera",
        "reference",
        "ratio",
        "target",
        "result",
        "source",
    ]);
    let mut verdicts = Vec::new();
    let target = format!("≥ {THROUGHPUT_TARGET_RATIO:.2}");
    for bench in THROUGHPUT {
        let source = format!("{} --example {}", bench.package, bench.example);
        let (verdict, tessera, reference, ratio) = match measure_throughput(ws, bench) {
            Measured::NotAvailable => (Verdict::NotAvailable, None, None, None),
            Measured::Failed(why) => {
                eprintln!("xtask bench: {}: {why}", bench.example);
                (Verdict::Failed, None, None, None)
            }
            Measured::Values {
                tessera,
                reference,
                ratio,
            } => {
                let verdict = if ratio >= THROUGHPUT_TARGET_RATIO {
                    Verdict::Ok
                } else {
                    Verdict::Below
                };
                (verdict, Some(tessera), Some(reference), Some(ratio))
            }
        };
        let dash = || "-".to_string();
        table.row(vec![
            bench.measure.to_string(),
            tessera.map(format_rate).unwrap_or_else(dash),
            reference.map(format_rate).unwrap_or_else(dash),
            ratio.map(|r| format!("{r:.2}")).unwrap_or_else(dash),
            target.clone(),
            verdict.label().to_string(),
            source,
        ]);
        verdicts.push(verdict);
    }
    Section {
        title: "Throughput (reference: raw aws-lc-rs RS256, same machine)",
        table,
        verdicts,
        notes: Vec::new(),
    }
}

#[derive(Debug)]
enum Measured {
    NotAvailable,
    Failed(String),
    Values {
        tessera: f64,
        reference: f64,
        ratio: f64,
    },
}

fn measure_throughput(ws: &Workspace, bench: &Throughput) -> Measured {
    if !ws.has_example(bench.package, bench.example) {
        println!(
            "\nxtask bench: {}: not available (no example `{}` in {} yet)",
            bench.example, bench.example, bench.package
        );
        return Measured::NotAvailable;
    }
    let mut cmd = util::cargo();
    cmd.args([
        "run",
        "--profile",
        "native",
        "-p",
        bench.package,
        "--example",
        bench.example,
    ]);
    let (status, output) = match util::run_tee(&mut cmd) {
        Ok(result) => result,
        Err(err) => return Measured::Failed(format!("{err:#}")),
    };
    if !status.success() {
        return Measured::Failed(format!("exited with {status}"));
    }
    let Some(values) = parse_result_line(&output, bench.example) else {
        return Measured::Failed(format!(
            "no `{} key=value…` line in its output",
            bench.example
        ));
    };
    let (Some(&tessera), Some(&reference)) = (
        values.get(bench.tessera_key),
        values.get(bench.reference_key),
    ) else {
        return Measured::Failed(format!(
            "its result line lacks {} or {}",
            bench.tessera_key, bench.reference_key
        ));
    };
    let ratio = values.get("ratio").copied().unwrap_or(if reference > 0.0 {
        tessera / reference
    } else {
        0.0
    });
    Measured::Values {
        tessera,
        reference,
        ratio,
    }
}

/// The numeric `key=value` pairs of the last line starting with `name`.
fn parse_result_line(output: &str, name: &str) -> Option<BTreeMap<String, f64>> {
    let line = output
        .lines()
        .rev()
        .find(|l| l.split_whitespace().next() == Some(name))?;
    Some(
        line.split_whitespace()
            .filter_map(|token| token.split_once('='))
            .filter_map(|(k, v)| v.parse::<f64>().ok().map(|v| (k.to_string(), v)))
            .collect(),
    )
}

/// `1234567.8` → `1,234,568`.
fn format_rate(value: f64) -> String {
    if !value.is_finite() || value < 0.0 {
        return format!("{value}");
    }
    let digits = format!("{value:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{format_rate, parse_result_line};

    #[test]
    fn parses_the_last_result_line() {
        let out = "warming up\nverify_bench tessera_backend_per_s=9000 raw_aws_lc_per_s=10000.5 ratio=0.90\n";
        let values = parse_result_line(out, "verify_bench").expect("line");
        assert_eq!(values.get("tessera_backend_per_s"), Some(&9000.0));
        assert_eq!(values.get("raw_aws_lc_per_s"), Some(&10000.5));
        assert_eq!(values.get("ratio"), Some(&0.9));
        assert!(parse_result_line(out, "mint_bench").is_none());
    }

    #[test]
    fn formats_rates_with_separators() {
        assert_eq!(format_rate(1234567.8), "1,234,568");
        assert_eq!(format_rate(999.0), "999");
    }
}
