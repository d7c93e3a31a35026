//! The pseudo-locale transform: brackets and accents, tokens untouched.

/// `Sign in to {{applicationName}}` → `[Šíĝñ íñ ţö {{applicationName}}]`.
pub(crate) fn pseudo_localize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2 + 2);
    out.push('[');
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with("{{") {
            if let Some(end) = rest.find("}}") {
                out.push_str(&rest[..end + 2]);
                rest = &rest[end + 2..];
                continue;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(accent(c));
        }
        rest = chars.as_str();
    }
    out.push(']');
    out
}

fn accent(c: char) -> char {
    match c {
        'a' => 'á',
        'c' => 'ç',
        'e' => 'é',
        'g' => 'ĝ',
        'i' => 'í',
        'n' => 'ñ',
        'o' => 'ö',
        's' => 'š',
        't' => 'ţ',
        'u' => 'ü',
        'y' => 'ý',
        'A' => 'Å',
        'C' => 'Ç',
        'E' => 'É',
        'I' => 'Î',
        'O' => 'Ö',
        'S' => 'Š',
        'U' => 'Û',
        other => other,
    }
}
