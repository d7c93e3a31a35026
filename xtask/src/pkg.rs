//! The npm package `@tessera/js` in `pkg/`: `cargo xtask pkg`.
//!
//! Two entries, each a `wasm-pack build --release --target web` of one crate:
//! - `pkg/headless/` from `sdk` (the `Tessera` class only — the smallest wasm);
//! - `pkg/ui/` from `components` (the `Tessera` class plus `mountSignIn`, `mountSignUp`,
//!   `mountUserButton`, `unmount`).
//!
//! wasm-pack runs with `--no-opt` and `--no-pack`; xtask then runs `wasm-opt` itself with
//! [`tools::WASM_OPT_ARGS`] (the same flags for every shipped wasm, whatever a crate's metadata says)
//! and removes what wasm-pack leaves for a standalone package (`.gitignore`, README, licences). The
//! hand-written `pkg/package.json` and `pkg/README.md` describe both entries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::tools;
use crate::util;

/// One entry of the package.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Folder under `pkg/`.
    pub(crate) name: &'static str,
    /// The crate's folder in the workspace.
    pub(crate) crate_dir: &'static str,
    /// wasm-bindgen's file stem (the crate name with underscores).
    pub(crate) stem: &'static str,
}

pub(crate) const HEADLESS: Entry = Entry {
    name: "headless",
    crate_dir: "sdk",
    stem: "tessera_sdk",
};

pub(crate) const UI: Entry = Entry {
    name: "ui",
    crate_dir: "components",
    stem: "tessera_components",
};

impl Entry {
    pub(crate) fn out_dir(self) -> PathBuf {
        util::repo_root().join("pkg").join(self.name)
    }

    pub(crate) fn wasm(self) -> PathBuf {
        self.out_dir().join(format!("{}_bg.wasm", self.stem))
    }

    pub(crate) fn glue(self) -> PathBuf {
        self.out_dir().join(format!("{}.js", self.stem))
    }

    pub(crate) fn is_built(self) -> bool {
        self.wasm().is_file() && self.glue().is_file()
    }

    /// Whether the crate can be built by wasm-pack yet (it declares a `cdylib`).
    fn is_cdylib(self) -> bool {
        std::fs::read_to_string(util::repo_root().join(self.crate_dir).join("Cargo.toml"))
            .is_ok_and(|manifest| manifest.contains("cdylib"))
    }
}

/// `cargo xtask pkg`.
pub(crate) fn run() -> Result<ExitCode> {
    build()?;
    Ok(ExitCode::SUCCESS)
}

/// Builds both entries. The UI entry is skipped (with a note) while `components` is no cdylib.
pub(crate) fn build() -> Result<()> {
    build_entry(HEADLESS)?;
    if UI.is_cdylib() {
        build_entry(UI)?;
    } else {
        println!(
            "\nxtask pkg: skipping pkg/{}: {} declares no cdylib yet",
            UI.name, UI.crate_dir
        );
        let _ = std::fs::remove_dir_all(UI.out_dir());
    }
    Ok(())
}

/// Builds into `target/pkg-staging/<entry>-<pid>`, then swaps the result into `pkg/<entry>` (a
/// page or another build reading `pkg/` never sees a half-written entry).
fn build_entry(entry: Entry) -> Result<()> {
    let staging = util::repo_root()
        .join("target")
        .join("pkg-staging")
        .join(format!("{}-{}", entry.name, std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("could not clean {}", staging.display()))?;
    }
    util::run(util::command("wasm-pack").args([
        "build".as_ref(),
        "--release".as_ref(),
        "--target".as_ref(),
        "web".as_ref(),
        "--mode".as_ref(),
        "no-install".as_ref(),
        "--no-opt".as_ref(),
        "--no-pack".as_ref(),
        "--out-dir".as_ref(),
        staging.as_os_str(),
        entry.crate_dir.as_ref(),
    ]))?;
    let wasm = staging.join(format!("{}_bg.wasm", entry.stem));
    if !wasm.is_file() {
        bail!("wasm-pack left no {}", wasm.display());
    }
    let wasm = wasm.to_string_lossy().into_owned();
    util::run(
        util::command("wasm-opt")
            .args(tools::WASM_OPT_ARGS)
            .args([&wasm, "-o", &wasm]),
    )?;
    for leftover in [
        ".gitignore",
        "package.json",
        "README.md",
        "LICENSE",
        "LICENSE-MIT",
        "LICENSE-APACHE",
    ] {
        let _ = std::fs::remove_file(staging.join(leftover));
    }
    let out = entry.out_dir();
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .with_context(|| format!("could not replace {}", out.display()))?;
    }
    std::fs::rename(&staging, &out)
        .with_context(|| format!("could not move {} to {}", staging.display(), out.display()))
}
