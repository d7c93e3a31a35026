//! The sizes section of `cargo xtask bench`: what a browser downloads.
//!
//! - (a) the headless SDK: `pkg/headless` wasm + JS glue (+ wasm-bindgen snippets);
//! - (b) a page with SignIn from the UI build: `pkg/ui-sign-in` (the entry such a page imports,
//!   `@tessera/js/ui/sign-in`) wasm + glue + snippets + any CSS file; the full `pkg/ui` entry (every
//!   component) is listed next to it, for a page that mounts several;
//! - the reference: the `@clerk/clerk-js` + `@clerk/ui` files a page with Clerk's SignIn downloads,
//!   recorded in headless Chromium from the clerk-js e2e test's page (`xtask/scripts/clerk-page-files.mjs`,
//!   npm packages from `tests/node_modules`), or, when that cannot run, `clerk.browser.js` +
//!   `ui.browser.js` alone (a lower bound: SignIn's chunks not counted) — the note says which.
//!
//! Every file is gzipped here the same way (level 9), ours and Clerk's. `pkg/` is rebuilt first.
//! Then `twiggy top` lists the largest functions of each wasm file, from a build that keeps the
//! function names (the shipped files have none; the code is the same).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::bench::{Section, Verdict};
use crate::pkg::{self, Entry};
use crate::table::Table;
use crate::tools;
use crate::util::{self, Workspace};

/// Targets in bytes of gzip (1 KB = 1,000 B).
const HEADLESS_TARGET: u64 = 42_000;
const UI_SIGN_IN_TARGET: u64 = 134_000;
/// `twiggy top -n` rows per wasm file.
const TWIGGY_ROWS: &str = "15";

/// Files and their sizes.
#[derive(Debug, Default)]
struct Download {
    files: Vec<(String, u64, u64)>,
}

impl Download {
    fn measure(root: &Path, files: &[PathBuf]) -> Result<Self> {
        let mut out = Self::default();
        for file in files {
            let bytes = std::fs::read(file)
                .with_context(|| format!("could not read {}", file.display()))?;
            let name = file
                .strip_prefix(root)
                .unwrap_or(file)
                .to_string_lossy()
                .into_owned();
            out.files
                .push((name, bytes.len() as u64, gzip_len(&bytes)?));
        }
        Ok(out)
    }

    fn raw(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    fn gzip(&self) -> u64 {
        self.files.iter().map(|f| f.2).sum()
    }
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

pub(crate) fn sizes(ws: &Workspace) -> Section {
    let mut table = Table::new(&[
        "download",
        "files",
        "raw",
        "gzip",
        "target (gzip)",
        "vs Clerk (gzip)",
        "result",
    ]);
    let mut verdicts = Vec::new();
    let mut notes = Vec::new();
    let root = util::repo_root();

    println!("\n========== xtask bench: sizes (building pkg/) ==========");
    let built = pkg::build();
    if let Err(err) = &built {
        eprintln!("xtask bench: pkg/ not built: {err:#}");
    }

    let clerk = clerk_download(&mut notes);
    let clerk_gzip = clerk.as_ref().map(|(d, _)| d.gzip()).ok();

    let ours = [
        (
            "(a) headless SDK: @tessera/js",
            pkg::HEADLESS,
            Some(HEADLESS_TARGET),
        ),
        (
            "(b) page with SignIn: @tessera/js/ui/sign-in",
            pkg::UI_SIGN_IN,
            Some(UI_SIGN_IN_TARGET),
        ),
        ("    every component: @tessera/js/ui", pkg::UI, None),
    ];
    for (label, entry, target) in ours {
        let target_text = target.map_or_else(|| "-".to_string(), |t| format!("≤ {}", kb(t)));
        let measured = if entry.is_built() {
            Download::measure(root, &entry_files(entry))
        } else {
            Err(anyhow::anyhow!("pkg/{} is not built", entry.name))
        };
        match measured {
            Ok(download) => {
                let gzip = download.gzip();
                let verdict = match target {
                    None => None,
                    Some(target) if gzip <= target => Some(Verdict::Ok),
                    Some(_) => Some(Verdict::Below),
                };
                let ratio = clerk_gzip
                    .filter(|c| *c > 0)
                    .map(|c| format!("{:.2}×", gzip as f64 / c as f64))
                    .unwrap_or_else(|| "-".into());
                table.row(vec![
                    label.to_string(),
                    download.files.len().to_string(),
                    kb(download.raw()),
                    kb(gzip),
                    target_text,
                    ratio,
                    verdict.map(Verdict::label).unwrap_or_default().to_string(),
                ]);
                notes.push(file_list(label.trim(), &download));
                verdicts.extend(verdict);
            }
            Err(err) => {
                eprintln!("xtask bench: {label}: {err:#}");
                table.row(vec![
                    label.to_string(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    target_text,
                    "-".into(),
                    Verdict::NotAvailable.label().to_string(),
                ]);
                verdicts.push(Verdict::NotAvailable);
            }
        }
    }
    match &clerk {
        Ok((download, label)) => {
            table.row(vec![
                label.clone(),
                download.files.len().to_string(),
                kb(download.raw()),
                kb(download.gzip()),
                "reference".into(),
                "1.00×".into(),
                String::new(),
            ]);
            notes.push(file_list(label, download));
        }
        Err(err) => {
            notes.push(format!("Clerk reference not available: {err:#}"));
        }
    }

    notes.push(String::new());
    notes.push(
        "Largest functions (twiggy top, from a build of the same code that keeps function names):"
            .into(),
    );
    for entry in [pkg::HEADLESS, pkg::UI_SIGN_IN, pkg::UI] {
        match twiggy_top(ws, entry) {
            Ok((top, by_crate)) => notes.push(format!(
                "\npkg/{} ({}):\n{top}\n\nby crate (shallow bytes of functions and data, without the names \
                 section; generic code counts for the crate of its outer type):\n{by_crate}",
                entry.name, entry.crate_dir
            )),
            Err(err) => notes.push(format!("\npkg/{}: no breakdown: {err:#}", entry.name)),
        }
    }

    Section {
        title: "Sizes: what the browser downloads (1 KB = 1,000 B; gzip -9 of each file, summed)",
        table,
        verdicts,
        notes,
    }
}

/// `1,234 B` → `1.2 KB` with the exact bytes.
fn kb(bytes: u64) -> String {
    format!("{:.1} KB ({} B)", bytes as f64 / 1000.0, group(bytes))
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn file_list(label: &str, download: &Download) -> String {
    let mut out = format!("\n{label}:");
    for (name, raw, gzip) in &download.files {
        out.push_str(&format!(
            "\n  {:>10} gzip  {:>10} raw  {name}",
            group(*gzip),
            group(*raw)
        ));
    }
    out
}

/// What a page using an entry downloads: its wasm, its JS glue, wasm-bindgen's inline snippets
/// and any stylesheet.
fn entry_files(entry: Entry) -> Vec<PathBuf> {
    let mut files = vec![entry.wasm(), entry.glue()];
    let mut extra = Vec::new();
    collect(&entry.out_dir(), &mut extra);
    extra.retain(|f| {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let in_snippets = f.components().any(|c| c.as_os_str() == "snippets");
        (in_snippets && ext == "js") || ext == "css"
    });
    extra.sort();
    files.extend(extra);
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Clerk's files for a page with SignIn, and the row label saying how they were found.
fn clerk_download(notes: &mut Vec<String>) -> Result<(Download, String)> {
    let root = util::repo_root();
    let modules = root.join("tests").join("node_modules").join("@clerk");
    let dist = |package: &str| modules.join(package).join("dist");
    let version = |package: &str| -> String {
        std::fs::read_to_string(modules.join(package).join("package.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|v| v["version"].as_str().map(str::to_string))
            .unwrap_or_else(|| "?".into())
    };
    if !dist("clerk-js").is_dir() || !dist("ui").is_dir() {
        bail!("tests/node_modules/@clerk/{{clerk-js,ui}} not installed (run `cargo xtask test --only install`)");
    }
    let versions = format!("clerk-js {} + ui {}", version("clerk-js"), version("ui"));
    match record_clerk_page() {
        Ok(recorded) if !recorded.is_empty() => {
            let files: Vec<PathBuf> = recorded
                .iter()
                .filter_map(|f| {
                    let (prefix, rest) = f.split_once('/')?;
                    let package = match prefix {
                        "clerk-js" => "clerk-js",
                        "clerk-ui" => "ui",
                        _ => return None,
                    };
                    Some(dist(package).join(rest))
                })
                .collect();
            notes.push(format!(
                "\nClerk: the {} files a page with Clerk's SignIn fetched in headless Chromium \
                 (tests/support/clerk-app.mjs against tessera-server), measured from tests/node_modules.",
                files.len()
            ));
            Ok((
                Download::measure(&modules, &files)?,
                format!("Clerk page with SignIn ({versions})"),
            ))
        }
        other => {
            let why = match other {
                Ok(_) => "no file recorded".to_string(),
                Err(err) => format!("{err:#}"),
            };
            notes.push(format!(
                "\nClerk: recording a page failed ({why}); counted clerk.browser.js + ui.browser.js only \
                 (a lower bound: the chunks SignIn loads are missing)."
            ));
            let files = [
                dist("clerk-js").join("clerk.browser.js"),
                dist("ui").join("ui.browser.js"),
            ];
            Ok((
                Download::measure(&modules, &files)?,
                format!("Clerk main bundles only ({versions})"),
            ))
        }
    }
}

/// Runs `xtask/scripts/clerk-page-files.mjs`: the files under `clerk-js/…` and `clerk-ui/…`.
fn record_clerk_page() -> Result<Vec<String>> {
    let root = util::repo_root();
    let script = root
        .join("xtask")
        .join("scripts")
        .join("clerk-page-files.mjs");
    let mut cmd = util::command("node");
    cmd.arg(&script)
        .env("TESSERA_ROOT", root)
        .env("TESSERA_CHROMIUM", tools::CHROMIUM)
        .stderr(std::process::Stdio::inherit());
    println!("\n$ {}", util::describe(&cmd));
    let output = cmd.output().context("could not run node")?;
    if !output.status.success() {
        bail!("{} exited with {}", script.display(), output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .context("no JSON line in its output")?;
    let value: serde_json::Value = serde_json::from_str(line).context("bad JSON line")?;
    Ok(value["files"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.as_str().map(str::to_string))
        .collect())
}

/// `twiggy top` of an entry's wasm, built with function names kept: the release profile without
/// `strip` (in `target/size-profile`), `wasm-bindgen`, then `wasm-opt -g` with the shipped flags.
/// Returns the top list and a table of bytes by crate.
fn twiggy_top(ws: &Workspace, entry: Entry) -> Result<(String, String)> {
    if !entry.is_built() {
        bail!("pkg/{} is not built", entry.name);
    }
    let target_dir = ws.target_dir.join("size-profile");
    let package = entry.stem.replace('_', "-");
    let mut build = util::cargo();
    build
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        .args([
            "build",
            "--release",
            "--target",
            tools::WASM_TARGET,
            "--lib",
            "-p",
            &package,
        ]);
    if let Some(features) = entry.features {
        build.args(["--no-default-features", "--features", features]);
    }
    util::run(&mut build)?;
    let input = target_dir
        .join(tools::WASM_TARGET)
        .join("release")
        .join(format!("{}.wasm", entry.stem));
    let out = target_dir.join("named").join(entry.name);
    util::run(util::command("wasm-bindgen").args([
        "--target".as_ref(),
        "web".as_ref(),
        "--out-dir".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]))?;
    let wasm = out.join(format!("{}_bg.wasm", entry.stem));
    let wasm = wasm.to_string_lossy().into_owned();
    util::run(
        util::command("wasm-opt")
            .arg("-g")
            .args(tools::WASM_OPT_ARGS)
            .args([&wasm, "-o", &wasm]),
    )?;
    let twiggy = |args: &[&str]| -> Result<String> {
        let output = util::command("twiggy")
            .args(args)
            .output()
            .context("could not run twiggy (installed by `cargo xtask test --only install`)")?;
        if !output.status.success() {
            bail!("twiggy exited with {}", output.status);
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string())
    };
    let top = twiggy(&["top", "-n", TWIGGY_ROWS, &wasm])?;
    let all = twiggy(&["top", "-n", "1000000", "--format", "csv", &wasm])?;
    Ok((top, render_by_crate(&by_crate(&all))))
}

/// Shallow bytes per crate from `twiggy top --format csv`, largest first, without the names
/// section (it exists only in the named build).
fn by_crate(csv: &str) -> Vec<(String, u64)> {
    let mut totals: Vec<(String, u64)> = Vec::new();
    for line in csv.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent — the name may hold commas.
        let mut fields = line.rsplitn(5, ',');
        let (Some(_), Some(_), Some(_), Some(size), Some(name)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        let Ok(size) = size.parse::<u64>() else {
            continue;
        };
        let name = name.trim_matches('"').replace("\"\"", "\"");
        let Some(group) = crate_of(&name) else {
            continue;
        };
        match totals.iter_mut().find(|(g, _)| *g == group) {
            Some((_, total)) => *total += size,
            None => totals.push((group, size)),
        }
    }
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

/// The crate a twiggy item belongs to; `None` for the names section.
fn crate_of(name: &str) -> Option<String> {
    if name.contains("function names") || name.contains("subsection") {
        return None;
    }
    if name.starts_with("data segment") {
        return Some("(data: strings, tables)".into());
    }
    if name.contains(" shim") || name.starts_with("__wbg") || name.starts_with("__wbindgen") {
        return Some("(wasm-bindgen glue)".into());
    }
    let symbol = name
        .trim_start_matches(['<', '&', '*', ' ', '('])
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ")
        .trim_start_matches("impl ");
    let head = symbol.split("::").next().unwrap_or_default();
    let head = head.split('[').next().unwrap_or_default();
    if symbol.contains("::")
        && !head.is_empty()
        && head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Some(head.to_string())
    } else {
        Some("(other: types, imports, exports, tables)".into())
    }
}

fn render_by_crate(totals: &[(String, u64)]) -> String {
    const ROWS: usize = 12;
    let sum: u64 = totals.iter().map(|t| t.1).sum();
    let share = |bytes: u64| {
        if sum > 0 {
            bytes as f64 * 100.0 / sum as f64
        } else {
            0.0
        }
    };
    let mut out = String::new();
    for (name, bytes) in totals.iter().take(ROWS) {
        out.push_str(&format!(
            "  {:>9} B  {:>5.1}%  {name}\n",
            group(*bytes),
            share(*bytes)
        ));
    }
    let rest: u64 = totals.iter().skip(ROWS).map(|t| t.1).sum();
    if rest > 0 {
        out.push_str(&format!(
            "  {:>9} B  {:>5.1}%  ({} more)\n",
            group(rest),
            share(rest),
            totals.len() - ROWS
        ));
    }
    out.push_str(&format!("  {:>9} B  100.0%  total", group(sum)));
    out
}

#[cfg(test)]
mod tests {
    use super::{by_crate, crate_of, group, gzip_len, kb};

    #[test]
    fn groups_twiggy_items_by_crate() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent
\"\"\"function names\"\" subsection\",900,50.0,,
\"data segment \"\".rodata\"\"\",100,5.0,,
<yew::html::component::lifecycle::CompStateInner<COMP> as yew::html::Stateful>::view::h3e,60,3.0,,
yew::dom_bundle::bnode::reconcile::h1,40,2.0,,
<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<A, B>>::malloc,30,1.5,,
tessera_sdk::json::Json::opt::h4,20,1.0,,
tessera_new externref shim,10,0.5,,
";
        let totals = by_crate(csv);
        assert_eq!(
            totals,
            vec![
                ("(data: strings, tables)".to_string(), 100),
                ("yew".to_string(), 100),
                ("dlmalloc".to_string(), 30),
                ("tessera_sdk".to_string(), 20),
                ("(wasm-bindgen glue)".to_string(), 10),
            ]
        );
        assert_eq!(
            crate_of("table[0]").as_deref(),
            Some("(other: types, imports, exports, tables)")
        );
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(kb(41_999), "42.0 KB (41,999 B)");
    }

    #[test]
    fn gzip_shrinks_repetitive_text() {
        let text = "tessera ".repeat(1000);
        let len = gzip_len(text.as_bytes()).expect("gzip");
        assert!(len > 0 && len < 200, "{len}");
    }
}
