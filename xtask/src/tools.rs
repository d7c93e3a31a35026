//! Tool versions and their installation (idempotent: each tool is checked first and only
//! installed when missing or at another version).
//!
//! Where things go:
//! - `rustup target add wasm32-unknown-unknown` — the active toolchain;
//! - Chromium + chromedriver — Debian packages (`/usr/bin/chromium`, `/usr/bin/chromedriver`);
//! - `wasm-bindgen`, `wasm-bindgen-test-runner`, `wasm-pack`, `twiggy` — `cargo install` →
//!   `$CARGO_HOME/bin`;
//! - `wasm-opt` — npm `binaryen` in [`tools_dir`] (`$HOME/.cache/tessera/tools`, or
//!   `$TESSERA_TOOLS_DIR`), whose `node_modules/.bin` goes first on `PATH` for every child process.
//!   Never Debian's `binaryen`: its wasm-opt 108 produces wasm that fails to instantiate.
//! - `esbuild` — npm, next to `binaryen`: minifies the wasm-bindgen JS glue of the npm package.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::util::{self, command};

/// The Rust target of the browser crates.
pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// `wasm-bindgen-cli`. Must equal the `wasm-bindgen` crate in `Cargo.lock` (pinned `=0.2.130` in the
/// workspace), or wasm-pack rebuilds the CLI. Installed WITHOUT `--locked`: its lock file pins a
/// crate version the reachable index lacks.
pub(crate) const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// `wasm-pack`, installed with `--locked`.
pub(crate) const WASM_PACK_VERSION: &str = "0.15.1";
/// npm `binaryen` (provides `wasm-opt` version 132).
pub(crate) const BINARYEN_NPM_VERSION: &str = "132.0.0";
/// npm `esbuild`, the JS minifier for the package's glue files.
pub(crate) const ESBUILD_NPM_VERSION: &str = "0.28.2";
/// `wasm-opt` arguments for every shipped wasm file: smallest size, and the post-MVP features
/// rustc's wasm32 output uses (without them wasm-opt rejects the module).
pub(crate) const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--converge",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];
/// `twiggy` (wasm size profiler, `cargo xtask bench`), installed with `--locked`.
pub(crate) const TWIGGY_VERSION: &str = "0.8.0";
/// Oldest Node.js major version the Node tests support (`engines` in tests/package.json).
pub(crate) const NODE_MIN_MAJOR: u32 = 20;
/// Headless browser for wasm-pack browser tests and the Node end-to-end tests (Debian packages).
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM_APT_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// Where npm-installed tools live (`$TESSERA_TOOLS_DIR`, default `$HOME/.cache/tessera/tools`).
pub(crate) fn tools_dir() -> PathBuf {
    std::env::var_os("TESSERA_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache").join("tessera").join("tools"))
}

/// `<tools dir>/node_modules/.bin`: first on `PATH` for child processes.
pub(crate) fn tools_bin_dir() -> PathBuf {
    tools_dir().join("node_modules").join(".bin")
}

/// `$CARGO_HOME/bin` (default `$HOME/.cargo/bin`), where `cargo install` puts binaries.
pub(crate) fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
        .join("bin")
}

/// Installs whatever is missing. Every tool is attempted even if an earlier one failed; the
/// error lists all failures.
pub(crate) fn install_all() -> Result<()> {
    let mut installer = Installer::default();
    type Task = fn(&mut Installer) -> Result<()>;
    let tasks: [(&str, Task); 9] = [
        ("wasm32 target", Installer::wasm_target),
        ("chromium", Installer::chromium),
        ("node", Installer::node),
        ("wasm-bindgen", Installer::wasm_bindgen),
        ("wasm-pack", Installer::wasm_pack),
        ("wasm-opt", Installer::binaryen),
        ("esbuild", Installer::esbuild),
        ("twiggy", Installer::twiggy),
        ("tests/ npm packages", Installer::test_packages),
    ];
    let mut failures = Vec::new();
    for (name, task) in tasks {
        if let Err(err) = task(&mut installer) {
            eprintln!("xtask: installing {name} failed: {err:#}");
            failures.push(name);
        }
    }
    if !failures.is_empty() {
        bail!("could not install: {}", failures.join(", "));
    }
    Ok(())
}

fn present(what: &str, detail: &str) {
    println!("  ok  {what}: {detail}");
}

fn installing(what: &str, why: &str) {
    println!("\n==> installing {what} ({why})");
}

#[derive(Debug, Default)]
struct Installer {
    apt_updated: bool,
}

impl Installer {
    fn wasm_target(&mut self) -> Result<()> {
        let installed = command("rustup")
            .args(["target", "list", "--installed"])
            .stderr(Stdio::inherit())
            .output()
            .context("could not run rustup (is Rust installed with rustup?)")?;
        if String::from_utf8_lossy(&installed.stdout)
            .lines()
            .any(|l| l.trim() == WASM_TARGET)
        {
            present("rust target", WASM_TARGET);
            return Ok(());
        }
        installing(WASM_TARGET, "rust target missing");
        util::run(command("rustup").args(["target", "add", WASM_TARGET]))
    }

    fn chromium(&mut self) -> Result<()> {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            present("chromium", &format!("{CHROMIUM}, {CHROMEDRIVER}"));
            return Ok(());
        }
        installing("chromium + chromedriver", "not in /usr/bin");
        self.apt_install(CHROMIUM_APT_PACKAGES)
    }

    fn node(&mut self) -> Result<()> {
        let node = util::version_of("node");
        let npm = util::version_of("npm");
        if let (Some(node), Some(npm)) = (&node, &npm) {
            let major = node
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok())
                .unwrap_or(0);
            if major < NODE_MIN_MAJOR {
                println!("  warning: node {node} is older than {NODE_MIN_MAJOR}; tests may fail");
            }
            present("node", &format!("{node}, npm {npm}"));
            return Ok(());
        }
        // Only ask apt for npm when node itself is missing or came from Debian: a NodeSource
        // `nodejs` bundles npm and conflicts with Debian's `npm` package.
        let packages: &[&str] = if node.is_none() {
            &["nodejs", "npm"]
        } else {
            &["npm"]
        };
        installing(&packages.join(" + "), "node/npm not found");
        self.apt_install(packages)
    }

    fn wasm_bindgen(&mut self) -> Result<()> {
        check_lockfile_wasm_bindgen();
        let want = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
        self.cargo_install(
            "wasm-bindgen",
            &want,
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
            ],
        )
    }

    fn wasm_pack(&mut self) -> Result<()> {
        let want = format!("wasm-pack {WASM_PACK_VERSION}");
        self.cargo_install(
            "wasm-pack",
            &want,
            &[
                "install",
                "wasm-pack",
                "--version",
                WASM_PACK_VERSION,
                "--locked",
            ],
        )
    }

    /// The wasm size profiler behind `cargo xtask bench`'s breakdown.
    fn twiggy(&mut self) -> Result<()> {
        // `twiggy --version` prints the name of its CLI crate: `twiggy-opt 0.8.0`.
        let want = format!("twiggy-opt {TWIGGY_VERSION}");
        self.cargo_install(
            "twiggy",
            &want,
            &["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"],
        )
    }

    /// `cargo install` unless `program --version` prints exactly `want`.
    fn cargo_install(&mut self, program: &str, want: &str, args: &[&str]) -> Result<()> {
        let found = util::version_of(program);
        if found.as_deref() == Some(want) {
            present(program, want);
            return Ok(());
        }
        let why = match &found {
            Some(v) => format!("found {v}"),
            None => "not found".to_string(),
        };
        installing(want, &format!("{why}; takes a few minutes"));
        // Run outside the workspace so its `.cargo/config.toml` cannot affect the install.
        util::run(util::cargo().current_dir(home()).args(args))?;
        match util::version_of(program) {
            Some(v) if v == want => Ok(()),
            other => bail!(
                "after installing, `{program} --version` gives {other:?}, expected {want:?} \
                 (is another {program} earlier on PATH than {}?)",
                cargo_bin_dir().display()
            ),
        }
    }

    fn binaryen(&mut self) -> Result<()> {
        let wasm_opt = tools_bin_dir().join("wasm-opt");
        let major = BINARYEN_NPM_VERSION.split('.').next().unwrap_or_default();
        let want = format!("version {major}");
        if let Some(found) = util::version_of(&wasm_opt).filter(|v| v.contains(&want)) {
            present("wasm-opt", &format!("{found} ({})", wasm_opt.display()));
            return Ok(());
        }
        installing(
            &format!("binaryen@{BINARYEN_NPM_VERSION} (wasm-opt)"),
            &format!("into {}", tools_dir().display()),
        );
        std::fs::create_dir_all(tools_dir())
            .with_context(|| format!("could not create {}", tools_dir().display()))?;
        util::run(command("npm").args([
            "install",
            "--prefix",
            &tools_dir().to_string_lossy(),
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN_NPM_VERSION}"),
            &format!("esbuild@{ESBUILD_NPM_VERSION}"),
        ]))?;
        match util::version_of(&wasm_opt) {
            Some(v) if v.contains(&want) => Ok(()),
            other => bail!("{} --version gives {other:?}", wasm_opt.display()),
        }
    }

    fn esbuild(&mut self) -> Result<()> {
        let esbuild = tools_bin_dir().join("esbuild");
        if let Some(found) = util::version_of(&esbuild).filter(|v| v == ESBUILD_NPM_VERSION) {
            present("esbuild", &format!("{found} ({})", esbuild.display()));
            return Ok(());
        }
        installing(
            &format!("esbuild@{ESBUILD_NPM_VERSION}"),
            &format!("into {}", tools_dir().display()),
        );
        std::fs::create_dir_all(tools_dir())
            .with_context(|| format!("could not create {}", tools_dir().display()))?;
        // Installed together with binaryen: `--no-save` installs replace what is not named.
        util::run(command("npm").args([
            "install",
            "--prefix",
            &tools_dir().to_string_lossy(),
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN_NPM_VERSION}"),
            &format!("esbuild@{ESBUILD_NPM_VERSION}"),
        ]))?;
        match util::version_of(&esbuild) {
            Some(v) if v == ESBUILD_NPM_VERSION => Ok(()),
            other => bail!("{} --version gives {other:?}", esbuild.display()),
        }
    }

    /// `npm ci` (or `npm install` without a lock file) in `tests/`, skipped when `node_modules`
    /// is newer than `package.json` and the lock file.
    fn test_packages(&mut self) -> Result<()> {
        let dir = util::repo_root().join("tests");
        let package_json = dir.join("package.json");
        if !package_json.exists() {
            present("tests/ npm packages", "no tests/package.json yet");
            return Ok(());
        }
        let lock = dir.join("package-lock.json");
        let installed_marker = dir.join("node_modules").join(".package-lock.json");
        let up_to_date = match mtime(&installed_marker) {
            Some(installed) => [&package_json, &lock]
                .iter()
                .filter_map(|p| mtime(p))
                .all(|t| t <= installed),
            None => false,
        };
        if up_to_date {
            present("tests/ npm packages", "node_modules up to date");
            return Ok(());
        }
        let mut cmd = command("npm");
        cmd.current_dir(&dir);
        if lock.exists() {
            installing("tests/ npm packages", "npm ci");
            cmd.arg("ci");
        } else {
            installing("tests/ npm packages", "no package-lock.json: npm install");
            cmd.arg("install");
        }
        util::run(cmd.args(["--no-audit", "--no-fund"]))
    }

    fn apt_install(&mut self, packages: &[&str]) -> Result<()> {
        let sudo = !is_root() && util::version_of("sudo").is_some();
        let apt = |args: &[&str]| {
            let mut cmd = if sudo {
                let mut c = command("sudo");
                c.arg("apt-get");
                c
            } else {
                command("apt-get")
            };
            cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
            cmd
        };
        if !self.apt_updated {
            util::run(&mut apt(&["update"]))?;
            self.apt_updated = true;
        }
        let mut args = vec!["install", "-y"];
        args.extend_from_slice(packages);
        util::run(&mut apt(&args))
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn is_root() -> bool {
    command("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Warns when `Cargo.lock`'s `wasm-bindgen` differs from [`WASM_BINDGEN_VERSION`].
fn check_lockfile_wasm_bindgen() {
    let Ok(lock) = std::fs::read_to_string(util::repo_root().join("Cargo.lock")) else {
        return;
    };
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == r#"name = "wasm-bindgen""# {
            let version = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
                .map(|v| v.trim_matches('"'));
            if let Some(version) = version.filter(|v| *v != WASM_BINDGEN_VERSION) {
                println!(
                    "  warning: Cargo.lock has wasm-bindgen {version} but xtask installs \
                     {WASM_BINDGEN_VERSION}; update WASM_BINDGEN_VERSION in xtask/src/tools.rs"
                );
            }
        }
    }
}
