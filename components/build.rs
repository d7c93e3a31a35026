//! Flattens the shipped locale files (`locales/*.json`) into sorted `(key, text)` tables at build
//! time, so the wasm bundle carries neither the JSON text nor a parser for it (the parser stays
//! available to apps through `Localization::from_json`, and is dropped when they do not call it).

#[allow(dead_code, unreachable_pub)]
#[path = "src/localization/json.rs"]
mod json;

use std::fmt::Write as _;

/// The English tables by component area: a bundle links only the areas of the components it
/// renders (SignIn's page does not carry OrganizationProfile's strings). The first matching
/// prefix decides; everything else (flat keys, `unstable__errors.*`) is `CORE`.
const SECTIONS: &[(&str, &[&str])] = &[
    ("SIGN_IN", &["signIn."]),
    ("SIGN_UP", &["signUp."]),
    ("USER_BUTTON", &["userButton."]),
    (
        "ORGANIZATIONS",
        &[
            "organizationProfile.",
            "organizationSwitcher.",
            "createOrganization.",
            "membershipRole__",
        ],
    ),
    ("USER_PROFILE", &["userProfile."]),
];

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
        if name == "FR_FR" {
            write_table(&mut code, name, table.iter());
            continue;
        }
        let section_of = |key: &str| {
            SECTIONS
                .iter()
                .find(|(_, prefixes)| prefixes.iter().any(|p| key.starts_with(p)))
                .map_or("CORE", |(section, _)| section)
        };
        for section in std::iter::once("CORE").chain(SECTIONS.iter().map(|(s, _)| *s)) {
            write_table(
                &mut code,
                &format!("{name}_{section}"),
                table.iter().filter(|(k, _)| section_of(k) == section),
            );
        }
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("locales.rs");
    std::fs::write(out, code).expect("write locales.rs");
}

fn write_table<'a>(
    code: &mut String,
    name: &str,
    pairs: impl Iterator<Item = &'a (String, String)>,
) {
    let _ = writeln!(code, "pub(crate) const {name}: &[(&str, &str)] = &[");
    for (k, v) in pairs {
        let _ = writeln!(code, "    ({k:?}, {v:?}),");
    }
    let _ = writeln!(code, "];");
}
