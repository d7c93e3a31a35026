//! The demo apps in `www/`: building them, and serving them next to the server.
//!
//! - `www/yew-demo/` (crate `tessera-demo-yew`): `cargo build --release --target wasm32-unknown-unknown`,
//!   `wasm-bindgen --target web`, `wasm-opt`, plus the files of `www/yew-demo/public/` →
//!   `target/www/yew-demo/` (the folder served).
//! - `www/js-demo/`: plain JavaScript that installs `@tessera/js` from `pkg/` with `npm install` (a
//!   `file:` dependency) and maps the package's files with an import map; served as is (with its
//!   `node_modules`).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::pkg;
use crate::serve::{self, Site};
use crate::tools;
use crate::util::{self, Workspace};

pub(crate) const YEW_DEMO_PACKAGE: &str = "tessera-demo-yew";
const YEW_DEMO_STEM: &str = "tessera_demo_yew";

/// Where the built Yew demo is served from: `target/www/yew-demo/`.
pub(crate) fn yew_demo_dir(ws: &Workspace) -> PathBuf {
    ws.target_dir.join("www").join("yew-demo")
}

/// The JS demo's folder (served as is): `www/js-demo/`.
pub(crate) fn js_demo_dir() -> PathBuf {
    util::repo_root().join("www").join("js-demo")
}

/// What built: each demo can fail on its own (the other is still served).
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) yew: Result<()>,
    pub(crate) js: Result<()>,
}

/// Builds the npm package, both demos and installs the JS demo's packages.
pub(crate) fn build_all(ws: &Workspace) -> Built {
    let yew = build_yew_demo(ws);
    if let Err(err) = &yew {
        eprintln!("xtask: Yew demo not built: {err:#}");
    }
    let js = pkg::build().and_then(|()| install_js_demo());
    if let Err(err) = &js {
        eprintln!("xtask: JS demo not built: {err:#}");
    }
    Built { yew, js }
}

/// What is already built, without building (`--only node`, `serve-demos --no-build`).
pub(crate) fn already_built(ws: &Workspace) -> Built {
    let check = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(anyhow::anyhow!("{what} is not built"))
        }
    };
    Built {
        yew: check(
            yew_demo_dir(ws).join("index.html").is_file(),
            "the Yew demo",
        ),
        js: check(
            pkg::UI.is_built()
                && js_demo_dir()
                    .join("node_modules")
                    .join("@tessera")
                    .join("js")
                    .join("package.json")
                    .is_file(),
            "the JS demo",
        ),
    }
}

pub(crate) fn build_yew_demo(ws: &Workspace) -> Result<()> {
    util::run(util::cargo().args([
        "build",
        "--release",
        "--target",
        tools::WASM_TARGET,
        "-p",
        YEW_DEMO_PACKAGE,
    ]))?;
    let input = ws
        .target_dir
        .join(tools::WASM_TARGET)
        .join("release")
        .join(format!("{YEW_DEMO_STEM}.wasm"));
    let out = yew_demo_dir(ws);
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .with_context(|| format!("could not clean {}", out.display()))?;
    }
    util::run(util::command("wasm-bindgen").args([
        "--target".as_ref(),
        "web".as_ref(),
        "--no-typescript".as_ref(),
        "--out-dir".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]))?;
    let wasm = out.join(format!("{YEW_DEMO_STEM}_bg.wasm"));
    if !wasm.is_file() {
        bail!("wasm-bindgen left no {}", wasm.display());
    }
    let wasm = wasm.to_string_lossy().into_owned();
    util::run(
        util::command("wasm-opt")
            .args(tools::WASM_OPT_ARGS)
            .args([&wasm, "-o", &wasm]),
    )?;
    util::copy_dir(
        &util::repo_root()
            .join("www")
            .join("yew-demo")
            .join("public"),
        &out,
    )
}

/// `npm install` in `www/js-demo` (links `node_modules/@tessera/js` to `pkg/`).
pub(crate) fn install_js_demo() -> Result<()> {
    if !pkg::UI.is_built() {
        bail!("pkg/ui is not built (the components crate has no cdylib yet)");
    }
    util::run(util::command("npm").current_dir(js_demo_dir()).args([
        "install",
        "--no-audit",
        "--no-fund",
    ]))
}

/// The demos' addresses and the services they talk to.
#[derive(Debug)]
pub(crate) struct Serve<'a> {
    pub(crate) frontend_api: &'a str,
    /// The demo backend (`tessera-backend --example demo_api`) the signed-in page calls.
    pub(crate) demo_api: &'a str,
    pub(crate) yew_addr: &'a str,
    pub(crate) js_addr: &'a str,
}

/// The URLs of the demos that are served (`None`: not built).
#[derive(Debug, Default)]
pub(crate) struct Served {
    pub(crate) yew: Option<String>,
    pub(crate) js: Option<String>,
}

/// Serves the built demos in background threads (until the process exits).
pub(crate) fn serve(ws: &Workspace, built: &Built, how: &Serve<'_>) -> Result<Served> {
    let mut served = Served::default();
    if built.yew.is_ok() {
        served.yew = Some(serve::start(
            Site {
                name: "yew-demo",
                root: yew_demo_dir(ws),
                frontend_api: how.frontend_api.to_string(),
                demo_api: how.demo_api.to_string(),
            },
            how.yew_addr,
        )?);
    }
    if built.js.is_ok() {
        served.js = Some(serve::start(
            Site {
                name: "js-demo",
                root: js_demo_dir(),
                frontend_api: how.frontend_api.to_string(),
                demo_api: how.demo_api.to_string(),
            },
            how.js_addr,
        )?);
    }
    Ok(served)
}
