//! Flattens the shipped locale files (`locales/*.json`) into sorted `(key, text)` tables at build
//! time, so the wasm bundle carries neither the JSON text nor a parser for it (the parser stays
//! available to apps through `Localization::from_json`, and is dropped when they do not call it).

#[allow(dead_code, unreachable_pub)]
#[path = "src/localization/json.rs"]
mod json;

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=src/localization/json.rs");
    let mut code = String::new();
    for (name, file) in [
        ("EN_US", "locales/en-US.json"),
        ("FR_FR", "locales/fr-FR.json"),
    ] {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let pairs = json::flatten(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        // Sorted by key, the later of two equal keys kept: the order `Strings` keeps at run time.
        let mut table: Vec<(String, String)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            match table.binary_search_by(|(t, _)| t.as_str().cmp(&k)) {
                Ok(i) => table[i].1 = v,
                Err(i) => table.insert(i, (k, v)),
            }
        }
        let _ = writeln!(code, "pub(super) const {name}: &[(&str, &str)] = &[");
        for (k, v) in table {
            let _ = writeln!(code, "    ({k:?}, {v:?}),");
        }
        let _ = writeln!(code, "];");
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(out, code).expect("write locales.rs");
}
