//! Localization: a resource of strings keyed the way Clerk keys them (`formButtonPrimary`,
//! `signIn.start.title`, `unstable__errors.<code>`), en-US built in, other locales as data files,
//! deep-partial overrides merged over a base, and `{{token}}` interpolation.
//!
//! ```
//! use tessera_components::localization::{key, Localization};
//!
//! let ours = Localization::from_json(r#"{"signIn":{"start":{"title":"Welcome to {{applicationName}}"}}}"#)?;
//! let resource = Localization::en_us().merged(&ours);
//! assert_eq!(resource.t(key::SIGN_IN_START_TITLE, &[("applicationName", "Acme")]), "Welcome to Acme");
//! assert_eq!(resource.text(key::FORM_BUTTON_PRIMARY), "Continue");
//! # Ok::<(), tessera_components::localization::ParseError>(())
//! ```

mod json;
pub mod key;
mod pseudo;

use std::fmt;
use std::rc::Rc;

pub use json::ParseError;

#[cfg(test)]
const EN_US: &str = include_str!("../../locales/en-US.json");
#[cfg(test)]
const FR_FR: &str = include_str!("../../locales/fr-FR.json");

/// The shipped locale files as sorted `(key, text)` tables, flattened by `build.rs`; en-US in
/// one table per component area.
mod builtin {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The English strings of one component area (`build.rs` splits en-US by key prefix). A
/// component renders with [`Localization::over_section`] of its own area, so a bundle carries
/// the English of the components it links and no other.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Section(&'static [(&'static str, &'static str)]);

/// The areas of [`Section`].
pub(crate) mod sections {
    use super::{builtin, Section};

    pub(crate) const SIGN_IN: Section = Section(builtin::EN_US_SIGN_IN);
    pub(crate) const SIGN_UP: Section = Section(builtin::EN_US_SIGN_UP);
    pub(crate) const USER_BUTTON: Section = Section(builtin::EN_US_USER_BUTTON);
    pub(crate) const ORGANIZATIONS: Section = Section(builtin::EN_US_ORGANIZATIONS);
    pub(crate) const USER_PROFILE: Section = Section(builtin::EN_US_USER_PROFILE);
    /// Every area but the core (flat keys and `unstable__errors.*`).
    pub(crate) const ALL: [Section; 5] =
        [SIGN_IN, SIGN_UP, USER_BUTTON, ORGANIZATIONS, USER_PROFILE];
}

/// The locales shipped with the components.
pub const LOCALES: &[&str] = &["en-US", "fr-FR", "en-XA"];

/// A (possibly partial) set of localized strings by dotted key. Cheap to clone.
#[derive(Clone, Default)]
pub struct Localization {
    strings: Rc<Strings>,
    /// The pseudo-locale: English added by [`Localization::over_section`] is pseudo-localized.
    pseudo: bool,
}

impl PartialEq for Localization {
    fn eq(&self, other: &Self) -> bool {
        self.pseudo == other.pseudo
            && (Rc::ptr_eq(&self.strings, &other.strings) || self.strings == other.strings)
    }
}

impl fmt::Debug for Localization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Localization")
            .field("locale", &self.strings.get("locale"))
            .field("strings", &self.strings.len())
            .finish()
    }
}

thread_local! {
    static EN_US_RESOURCE: Localization = sections::ALL
        .iter()
        .fold(Localization::en_core(), |all, section| all.over_section(*section));
    static EN_US_CORE: Localization = Localization::builtin(builtin::EN_US_CORE);
}

impl Localization {
    /// An empty (entirely partial) resource.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in English resource every other one falls back to.
    pub fn en_us() -> Self {
        EN_US_RESOURCE.with(Clone::clone)
    }

    /// en-US without the component areas: what the provider hands down; each component lays it
    /// over the English of its own area ([`Localization::over_section`]).
    pub(crate) fn en_core() -> Self {
        EN_US_CORE.with(Clone::clone)
    }

    /// This resource over the English of `section`: keys this resource has win. Under the
    /// pseudo-locale the section's English is pseudo-localized too.
    pub(crate) fn over_section(&self, section: Section) -> Self {
        let mut strings: Strings = section
            .0
            .iter()
            .map(|(k, v)| {
                let text = if self.pseudo {
                    pseudo::pseudo_localize(v)
                } else {
                    (*v).to_owned()
                };
                ((*k).to_owned(), text)
            })
            .collect();
        for (k, v) in self.strings.iter() {
            strings.insert(k.clone(), v.clone());
        }
        Self {
            strings: Rc::new(strings),
            pseudo: self.pseudo,
        }
    }

    /// French (France), complete, over en-US.
    pub fn fr_fr() -> Self {
        Self::en_us().merged(&Self::builtin(builtin::FR_FR))
    }

    /// The pseudo-locale: every en-US string bracketed and accented (`[Šíĝñ íñ …]`), so text that
    /// does not go through localization stands out.
    pub fn en_xa() -> Self {
        Self::pseudo_of(&Self::en_us())
    }

    /// The pseudo-locale of the core strings only; component areas are pseudo-localized when a
    /// component lays the result over its section.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn en_xa_core() -> Self {
        Self::pseudo_of(&Self::en_core())
    }

    fn pseudo_of(english: &Self) -> Self {
        let mut strings: Strings = english
            .strings
            .iter()
            .map(|(k, v)| (k.clone(), pseudo::pseudo_localize(v)))
            .collect();
        strings.insert("locale".into(), "en-XA".into());
        Self {
            strings: Rc::new(strings),
            pseudo: true,
        }
    }

    /// A shipped locale by tag (`en-US`, `fr-FR`, `en-XA`), complete over en-US.
    pub fn for_locale(tag: &str) -> Option<Self> {
        match tag {
            "en-US" | "en" => Some(Self::en_us()),
            "fr-FR" | "fr" => Some(Self::fr_fr()),
            "en-XA" => Some(Self::en_xa()),
            _ => None,
        }
    }

    /// A deep-partial resource from JSON (`{"signIn":{"start":{"title":"…"}}}`); non-string
    /// leaves are ignored.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        Ok(Self::from_pairs(json::flatten(text)?))
    }

    /// A resource from dotted keys and their strings.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            strings: Rc::new(pairs.into_iter().collect()),
            pseudo: false,
        }
    }

    /// A table from `build.rs`: already sorted by key, without duplicates.
    fn builtin(table: &[(&str, &str)]) -> Self {
        Self {
            strings: Rc::new(Strings(
                table
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            )),
            pseudo: false,
        }
    }

    /// `overrides` laid over this resource: keys it has win, the others stay. The result is the
    /// pseudo-locale if either is.
    pub fn merged(&self, overrides: &Localization) -> Self {
        let pseudo = self.pseudo || overrides.pseudo;
        if overrides.strings.is_empty() {
            return Self {
                pseudo,
                ..self.clone()
            };
        }
        if self.strings.is_empty() {
            return Self {
                pseudo,
                ..overrides.clone()
            };
        }
        let mut strings = Strings::clone(&self.strings);
        for (k, v) in overrides.strings.iter() {
            strings.insert(k.clone(), v.clone());
        }
        Self {
            strings: Rc::new(strings),
            pseudo,
        }
    }

    /// The string at `key`, if this resource has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// The string at `key` without interpolation; the key itself when missing (so a gap shows).
    pub fn text(&self, key: &str) -> String {
        self.t(key, &[])
    }

    /// The string at `key` with `{{token}}` (and `{{token|titleize}}`) replaced from `tokens`.
    pub fn t(&self, key: &str, tokens: &[(&str, &str)]) -> String {
        match self.get(key) {
            Some(template) => interpolate(template, tokens),
            None => key.to_owned(),
        }
    }

    /// The message for a server error: `unstable__errors.<code>` when localized, else the server's
    /// long message, else a generic one. Returns the key used (for `data-localization-key`).
    pub fn error(&self, code: &str, long_message: Option<&str>) -> (String, String) {
        let key = format!("{}{code}", key::ERRORS_PREFIX);
        if let Some(text) = self.get(&key) {
            return (key, interpolate(text, &[]));
        }
        match long_message.filter(|m| !m.is_empty()) {
            Some(message) => (key, message.to_owned()),
            None => (key::ERROR_UNKNOWN.to_owned(), self.text(key::ERROR_UNKNOWN)),
        }
    }

    /// Every key of this resource.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.0.iter().map(|(k, _)| k.as_str())
    }
}

/// Strings sorted by key (a map without the weight of `BTreeMap` in the wasm bundle).
#[derive(Clone, Default, PartialEq, Eq)]
struct Strings(Vec<(String, String)>);

impl Strings {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    fn insert(&mut self, key: String, value: String) {
        match self.find(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, String)> for Strings {
    /// A later pair wins over an earlier one with the same key.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut strings = Self::default();
        for (k, v) in pairs {
            strings.insert(k, v);
        }
        strings
    }
}

/// Replace `{{name}}` / `{{name|modifier}}`; unknown tokens become empty.
pub fn interpolate(template: &str, tokens: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let mut parts = after[..end].split('|').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let value = tokens
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| *v);
        match parts.next() {
            Some("titleize") => out.push_str(&titleize(value)),
            _ => out.push_str(value),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn titleize(value: &str) -> String {
    value
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            // ASCII only: full Unicode case tables would weigh more than the feature.
            chars.next().map_or_else(String::new, |first| {
                std::iter::once(first.to_ascii_uppercase())
                    .chain(chars)
                    .collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_tables_are_the_locale_files() {
        assert!(Localization::en_us() == Localization::from_json(EN_US).unwrap());
        assert!(Localization::builtin(builtin::FR_FR) == Localization::from_json(FR_FR).unwrap());
        let tables = std::iter::once(builtin::EN_US_CORE).chain(sections::ALL.iter().map(|s| s.0));
        let mut total = 0;
        for table in tables {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
            total += table.len();
        }
        // The areas split en-US: every key in exactly one table.
        assert_eq!(total, Localization::en_us().strings.len());
        assert!(builtin::EN_US_SIGN_IN
            .iter()
            .all(|(k, _)| k.starts_with("signIn.")));
    }

    #[test]
    fn a_component_area_lies_under_the_core_and_its_overrides() {
        let core = Localization::en_core();
        assert_eq!(core.get(key::SIGN_IN_START_TITLE), None);
        assert!(core.get(key::FORM_BUTTON_PRIMARY).is_some());
        let sign_in = core.over_section(sections::SIGN_IN);
        assert_eq!(
            sign_in.t(key::SIGN_IN_START_TITLE, &[("applicationName", "Acme")]),
            "Sign in to Acme"
        );
        // French over the core wins over the area's English.
        let fr = core.merged(&Localization::builtin(builtin::FR_FR));
        assert_eq!(
            fr.over_section(sections::SIGN_IN)
                .t(key::SIGN_IN_START_TITLE, &[("applicationName", "Acme")]),
            "S’identifier sur Acme"
        );
        // The pseudo-locale reaches the area's strings, through a merge too.
        let xa = core
            .merged(&Localization::en_xa_core())
            .over_section(sections::SIGN_IN);
        assert_eq!(
            xa.get(key::SIGN_IN_START_TITLE),
            Some("[Šíĝñ íñ ţö {{applicationName}}]")
        );
    }

    #[test]
    fn shipped_locales_have_every_key() {
        let en = Localization::from_json(EN_US).unwrap();
        let fr = Localization::from_json(FR_FR).unwrap();
        for k in key::ALL {
            assert!(en.get(k).is_some(), "en-US lacks {k}");
            assert!(fr.get(k).is_some(), "fr-FR lacks {k}");
        }
        // fr-FR is complete: nothing falls back to English.
        for k in en.keys() {
            assert!(fr.get(k).is_some(), "fr-FR lacks {k}");
        }
        assert_eq!(
            Localization::fr_fr().t(key::SIGN_IN_START_TITLE, &[("applicationName", "Acme")]),
            "S’identifier sur Acme"
        );
    }

    #[test]
    fn a_deep_partial_override_wins_and_the_rest_falls_back() {
        let overrides =
            Localization::from_json(r#"{"formButtonPrimary":"Go","signIn":{"start":{"title":"Hi {{applicationName|titleize}}"}}}"#)
                .unwrap();
        let merged = Localization::fr_fr().merged(&overrides);
        assert_eq!(merged.text(key::FORM_BUTTON_PRIMARY), "Go");
        assert_eq!(
            merged.t(
                key::SIGN_IN_START_TITLE,
                &[("applicationName", "acme_corp")]
            ),
            "Hi Acme Corp"
        );
        assert_eq!(
            merged.text(key::SIGN_IN_PASSWORD_TITLE),
            "Saisissez votre mot de passe"
        );
        assert_eq!(merged.text("no.such.key"), "no.such.key");
    }

    #[test]
    fn errors_use_the_code_then_the_server_message() {
        let en = Localization::en_us();
        let (k, text) = en.error("form_password_incorrect", Some("server says"));
        assert_eq!(k, "unstable__errors.form_password_incorrect");
        assert!(text.starts_with("Password is incorrect"));
        let (k, text) = en.error("brand_new_code", Some("The server's words."));
        assert_eq!(
            (k.as_str(), text.as_str()),
            ("unstable__errors.brand_new_code", "The server's words.")
        );
        let (k, _) = en.error("brand_new_code", None);
        assert_eq!(k, key::ERROR_UNKNOWN);
    }

    #[test]
    fn the_pseudo_locale_marks_every_string_and_keeps_tokens() {
        let xa = Localization::en_xa();
        assert_eq!(
            xa.get(key::SIGN_IN_START_TITLE),
            Some("[Šíĝñ íñ ţö {{applicationName}}]")
        );
        for k in key::ALL {
            let text = xa.text(k);
            assert!(text.starts_with('[') && text.ends_with(']'), "{k}: {text}");
        }
    }
}
