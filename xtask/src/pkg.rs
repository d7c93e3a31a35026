//! The npm package `@tessera/js` in `pkg/`: `cargo xtask pkg`.
//!
//! Entries, each a `wasm-pack build --release --target web` of one crate:
//! - `pkg/headless/` from `sdk` (the `Tessera` class only — the smallest wasm);
//! - `pkg/ui/` from `components` (the `Tessera` class plus every mount function — `mountSignIn`,
//!   `mountSignUp`, `mountUserButton`, the organization components, `mountUserProfile` — and
//!   `unmount`);
//! - `pkg/ui-sign-in/`, `pkg/ui-sign-up/`: `components` with one mount function each (cargo
//!   features `mount-…`), for pages that show only that component: a wasm module cannot be split
//!   into lazily loaded chunks the way Clerk's JS is, so the split happens at build time.
//!
//! wasm-pack runs with `--no-opt` and `--no-pack`; xtask then runs `wasm-opt` itself with
//! [`tools::WASM_OPT_ARGS`] (the same flags for every shipped wasm, whatever a crate's metadata says),
//! shortens the names the wasm module and its glue share ([`minify_names`]), minifies the JS glue with esbuild, and removes what wasm-pack leaves for a standalone package
//! (`.gitignore`, README, licences). The hand-written `pkg/package.json` and `pkg/README.md`
//! describe the entries.

use std::path::{Path, PathBuf};
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
    /// Cargo features instead of the crate's defaults (`None`: the defaults).
    pub(crate) features: Option<&'static str>,
}

pub(crate) const HEADLESS: Entry = Entry {
    name: "headless",
    crate_dir: "sdk",
    stem: "tessera_sdk",
    features: None,
};

pub(crate) const UI: Entry = Entry {
    name: "ui",
    crate_dir: "components",
    stem: "tessera_components",
    features: None,
};

pub(crate) const UI_SIGN_IN: Entry = Entry {
    name: "ui-sign-in",
    crate_dir: "components",
    stem: "tessera_components",
    features: Some("mount-sign-in"),
};

pub(crate) const UI_SIGN_UP: Entry = Entry {
    name: "ui-sign-up",
    crate_dir: "components",
    stem: "tessera_components",
    features: Some("mount-sign-up"),
};

/// The UI entries, the full one first.
pub(crate) const UI_ENTRIES: [Entry; 3] = [UI, UI_SIGN_IN, UI_SIGN_UP];

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

/// Builds every entry. The UI entries are skipped (with a note) while `components` is no cdylib.
pub(crate) fn build() -> Result<()> {
    write_locales()?;
    build_entry(HEADLESS)?;
    for entry in UI_ENTRIES {
        if entry.is_cdylib() {
            build_entry(entry)?;
        } else {
            println!(
                "\nxtask pkg: skipping pkg/{}: {} declares no cdylib yet",
                entry.name, entry.crate_dir
            );
            let _ = std::fs::remove_dir_all(entry.out_dir());
        }
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
    let mut wasm_pack = util::command("wasm-pack");
    wasm_pack.args([
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
    ]);
    if let Some(features) = entry.features {
        wasm_pack.args(["--", "--no-default-features", "--features", features]);
    }
    util::run(&mut wasm_pack)?;
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
    let glue = staging.join(format!("{}.js", entry.stem));
    minify_names(Path::new(&wasm), &glue)?;
    minify(&glue)?;
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

/// Shortens the import and export names between a wasm module and its wasm-bindgen glue
/// (`__wbg_call_a410eb4b59ed5965` → `a`, `tessera_createSignIn` → `K`): wasm-opt renames them in
/// the module and prints the mapping, and the glue is rewritten to match. The names are internal
/// (the package's API is the glue's classes and functions), and each appears in both files:
/// some 1.5 KB of gzip in the headless entry. wasm-bindgen has no option for it.
fn minify_names(wasm: &Path, glue: &Path) -> Result<()> {
    let features = tools::WASM_OPT_ARGS
        .iter()
        .filter(|a| a.starts_with("--enable"));
    let output = util::command("wasm-opt")
        .args(features)
        .arg("--minify-imports-and-exports-and-modules")
        // Metadata no browser reads.
        .args(["--strip-producers", "--strip-target-features"])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .output()
        .context("could not run wasm-opt")?;
    if !output.status.success() {
        bail!(
            "wasm-opt --minify-imports-and-exports-and-modules failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mapping = String::from_utf8_lossy(&output.stdout);
    let mapping: serde_json::Value =
        serde_json::from_str(&mapping).context("wasm-opt printed no JSON mapping of the names")?;
    let pairs = |key: &str, old: usize, new: usize| -> Vec<(String, String)> {
        mapping[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|pair| {
                Some((
                    pair[old].as_str()?.to_owned(),
                    pair[new].as_str()?.to_owned(),
                ))
            })
            .collect()
    };
    let mut text = std::fs::read_to_string(glue)
        .with_context(|| format!("could not read {}", glue.display()))?;
    // wasm-opt puts every import in the module `a`; the glue has one import module (no
    // wasm-bindgen snippets), `"./<stem>_bg.js"`.
    let modules: std::collections::BTreeSet<String> = pairs("imports", 0, 0)
        .into_iter()
        .map(|(module, _)| module)
        .collect();
    let [module] = Vec::from_iter(modules)
        .try_into()
        .map_err(|modules: Vec<String>| {
            anyhow::anyhow!(
                "the glue imports from {} modules; one expected",
                modules.len()
            )
        })?;
    text = rename(&text, &format!("\"{module}\""), "\"a\"", |_, _| true)
        .with_context(|| format!("import module {module} not found in {}", glue.display()))?;
    // Imports are the keys of the glue's import object (`name:function(…)`); exports are read
    // as properties of the instance's exports (`wasm.name`).
    for (old, new) in pairs("imports", 1, 2) {
        text = rename(&text, &old, &new, |before, after| {
            before != b'.' && matches!(after, b':' | b'(')
        })
        .with_context(|| format!("import {old} not found in {}", glue.display()))?;
    }
    for (old, new) in pairs("exports", 0, 1) {
        // Exports the glue never reads (wasm-bindgen's internals) stay absent.
        if let Ok(renamed) = rename(&text, &old, &new, |before, _| before == b'.') {
            text = renamed;
        }
    }
    std::fs::write(glue, text).with_context(|| format!("could not write {}", glue.display()))?;
    // The typings describe the exports too (`InitOutput`); the module's own `.wasm.d.ts` is for
    // bundlers that import the wasm directly, which this package does not support.
    let types = glue.with_extension("d.ts");
    if let Ok(mut text) = std::fs::read_to_string(&types) {
        for (old, new) in pairs("exports", 0, 1) {
            if let Ok(renamed) = rename(&text, &old, &new, |before, after| {
                before == b' ' && after == b':'
            }) {
                text = renamed;
            }
        }
        std::fs::write(&types, text)
            .with_context(|| format!("could not write {}", types.display()))?;
    }
    let _ = std::fs::remove_file(wasm.with_extension("wasm.d.ts"));
    Ok(())
}

/// `text` with every whole-word `old` whose neighbouring bytes pass `accept` replaced by `new`;
/// an error when there is none.
fn rename(text: &str, old: &str, new: &str, accept: impl Fn(u8, u8) -> bool) -> Result<String> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut last, mut found) = (0, false);
    for (at, _) in text.match_indices(old) {
        let before = if at == 0 { b' ' } else { bytes[at - 1] };
        let after = bytes.get(at + old.len()).copied().unwrap_or(b' ');
        if is_word(before) || is_word(after) || !accept(before, after) {
            continue;
        }
        out.push_str(&text[last..at]);
        out.push_str(new);
        last = at + old.len();
        found = true;
    }
    if !found {
        bail!("no occurrence of {old}");
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// Minifies a wasm-bindgen glue file in place with esbuild, its snippets bundled in (ES module kept:
/// exports, `import.meta.url`).
/// Property names are left alone: the wasm module imports the glue's functions by name.
fn minify(glue: &std::path::Path) -> Result<()> {
    let minified = glue.with_extension("min.js");
    util::run(util::command("esbuild").args([
        glue.as_os_str(),
        "--minify".as_ref(),
        // wasm-bindgen's inline JS snippets (`snippets/…`) go into the glue: one file less.
        "--bundle".as_ref(),
        "--format=esm".as_ref(),
        "--target=es2020".as_ref(),
        "--log-level=warning".as_ref(),
        format!("--outfile={}", minified.display()).as_ref(),
    ]))?;
    std::fs::rename(&minified, glue)
        .with_context(|| format!("could not replace {}", glue.display()))?;
    if let Some(dir) = glue.parent() {
        let _ = std::fs::remove_dir_all(dir.join("snippets"));
    }
    Ok(())
}

/// `pkg/locales/<tag>.js` for every `components/locales/<tag>.json`: an ES module exporting the
/// resource as a named (`frFR`) and default export, Clerk's `@clerk/localizations` shape, for the
/// `localization` mount prop. The wasm carries en-US (and its pseudo-locale) only.
fn write_locales() -> Result<()> {
    let source = util::repo_root().join("components").join("locales");
    let out = util::repo_root().join("pkg").join("locales");
    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;
    let mut tags: Vec<String> = std::fs::read_dir(&source)
        .with_context(|| format!("could not list {}", source.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    tags.sort();
    for tag in tags {
        let json = std::fs::read_to_string(source.join(format!("{tag}.json")))
            .with_context(|| format!("could not read the {tag} locale"))?;
        let value: serde_json::Value = serde_json::from_str(&json)
            .with_context(|| format!("components/locales/{tag}.json is not JSON"))?;
        let name = export_name(&tag);
        let module = format!(
            "// Generated by `cargo xtask pkg` from components/locales/{tag}.json.\n\
             export const {name} = {};\nexport default {name};\n",
            serde_json::to_string(&value)?
        );
        let types = format!(
            "// Generated by `cargo xtask pkg`.\n\
             export interface LocalizationResource {{ [key: string]: string | LocalizationResource; }}\n\
             /** The complete `{tag}` resource, for the `localization` prop of the mount functions. */\n\
             export declare const {name}: LocalizationResource;\nexport default {name};\n"
        );
        std::fs::write(out.join(format!("{tag}.js")), module)?;
        std::fs::write(out.join(format!("{tag}.d.ts")), types)?;
    }
    Ok(())
}

/// `fr-FR` → `frFR` (the export names of `@clerk/localizations`).
fn export_name(tag: &str) -> String {
    tag.split('-').collect()
}
