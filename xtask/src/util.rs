//! Process helpers and workspace facts (root, target dir, examples) shared by every command.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::tools;

/// The repository root (the directory holding the workspace `Cargo.toml`).
pub(crate) fn repo_root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
    })
}

/// `PATH` for child processes: the npm tools dir (binaryen's `wasm-opt`) first, then cargo's bin
/// dir (`wasm-bindgen`, `wasm-pack`), then whatever the caller had.
pub(crate) fn child_path() -> &'static OsString {
    static PATH: OnceLock<OsString> = OnceLock::new();
    PATH.get_or_init(|| {
        let mut dirs = vec![tools::tools_bin_dir(), tools::cargo_bin_dir()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
    })
}

/// A command that runs in the repo root with [`child_path`] as its `PATH` (which is also used to
/// look the program up).
pub(crate) fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(repo_root()).env("PATH", child_path());
    cmd
}

/// `cargo`, the same one that runs xtask when started through `cargo xtask`.
pub(crate) fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// A shell-like rendering of a command, for logs.
pub(crate) fn describe(cmd: &Command) -> String {
    let mut out = String::new();
    for (key, value) in cmd.get_envs() {
        if key != "PATH" {
            if let Some(value) = value {
                out.push_str(&format!(
                    "{}={} ",
                    key.to_string_lossy(),
                    value.to_string_lossy()
                ));
            }
        }
    }
    out.push_str(&program_name(cmd));
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        if arg.is_empty() || arg.contains(char::is_whitespace) {
            out.push_str(&format!(" '{arg}'"));
        } else {
            out.push(' ');
            out.push_str(&arg);
        }
    }
    out
}

/// The program of a command for display: `cargo` for cargo itself (run by its full toolchain path).
fn program_name(cmd: &Command) -> String {
    let program = cmd.get_program();
    if std::env::var_os("CARGO").is_some_and(|cargo| cargo == program) {
        "cargo".to_string()
    } else {
        program.to_string_lossy().into_owned()
    }
}

/// A short name for a command in messages: program and first argument (`cargo test`).
pub(crate) fn short_name(cmd: &Command) -> String {
    let program = program_name(cmd);
    let program = Path::new(&program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or(program);
    match cmd.get_args().next() {
        Some(arg) => format!("{program} {}", arg.to_string_lossy()),
        None => program,
    }
}

fn announce(cmd: &Command) {
    println!("\n$ {}", describe(cmd));
    let _ = std::io::stdout().flush();
}

/// Runs a command with inherited stdio and returns its exit status.
pub(crate) fn run_status(cmd: &mut Command) -> Result<ExitStatus> {
    announce(cmd);
    cmd.status()
        .with_context(|| format!("could not start `{}`", describe(cmd)))
}

/// Runs a command with inherited stdio; a non-zero exit is an error.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let status = run_status(cmd)?;
    if !status.success() {
        bail!("`{}` failed ({status})", short_name(cmd));
    }
    Ok(())
}

/// Runs a command, echoing its stdout line by line while also capturing it (stderr is inherited).
pub(crate) fn run_tee(cmd: &mut Command) -> Result<(ExitStatus, String)> {
    announce(cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{}`", describe(cmd)))?;
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        let out = std::io::stdout();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            let mut out = out.lock();
            out.write_all(&line)?;
            out.flush()?;
            captured.push_str(&String::from_utf8_lossy(&line));
        }
    }
    let status = child.wait()?;
    Ok((status, captured))
}

/// The first line of `program --version`, or `None` if it cannot be run or fails.
pub(crate) fn version_of(program: impl AsRef<std::ffi::OsStr>) -> Option<String> {
    let output = command(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Some(text.lines().next().unwrap_or_default().trim().to_string())
}

/// "1m 05s" / "12.3s".
pub(crate) fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs >= 60.0 {
        let whole = duration.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    } else {
        format!("{secs:.1}s")
    }
}

/// Facts about the workspace from `cargo metadata` (target dir, packages and their examples).
#[derive(Debug)]
pub(crate) struct Workspace {
    pub(crate) target_dir: PathBuf,
    packages: Vec<Package>,
}

#[derive(Debug)]
struct Package {
    name: String,
    examples: Vec<String>,
}

impl Workspace {
    pub(crate) fn load() -> Result<Self> {
        let output = cargo()
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .stderr(Stdio::inherit())
            .output()
            .context("could not run `cargo metadata`")?;
        if !output.status.success() {
            bail!("`cargo metadata` failed ({})", output.status);
        }
        let meta: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("bad `cargo metadata` output")?;
        let target_dir = meta["target_directory"]
            .as_str()
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target"));
        let packages = meta["packages"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|pkg| Package {
                name: pkg["name"].as_str().unwrap_or_default().to_string(),
                examples: pkg["targets"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter(|t| {
                        t["kind"]
                            .as_array()
                            .is_some_and(|kinds| kinds.iter().any(|k| k == "example"))
                    })
                    .filter_map(|t| t["name"].as_str().map(str::to_string))
                    .collect(),
            })
            .collect();
        Ok(Self {
            target_dir,
            packages,
        })
    }

    pub(crate) fn has_example(&self, package: &str, example: &str) -> bool {
        self.packages
            .iter()
            .any(|p| p.name == package && p.examples.iter().any(|e| e == example))
    }

    /// The server binary built by `cargo build --profile native -p tessera-server`.
    pub(crate) fn server_bin(&self) -> PathBuf {
        self.target_dir
            .join("native")
            .join(format!("tessera-server{}", std::env::consts::EXE_SUFFIX))
    }
}

/// `cargo build --profile native -p tessera-server` (used by `test` and `demo`).
pub(crate) fn build_server() -> Result<()> {
    run(cargo().args(["build", "--profile", "native", "-p", "tessera-server"]))
}

/// Stops a child process: SIGINT, up to 5 s to exit, then a kill.
pub(crate) fn stop_child(mut child: std::process::Child) {
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_)) | Err(_)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Copies the files of `from` into `to` (recursively), creating directories as needed.
pub(crate) fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("could not create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("could not read {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| {
                format!(
                    "could not copy {} to {}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}
