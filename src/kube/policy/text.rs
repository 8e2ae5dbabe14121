//! Which characters an argument may hold. Control characters, bidi controls and invisible
//! characters are how terminal escapes, log-line injection and "Trojan source" homoglyph tricks
//! (`del\u{200b}ete`, `get\0delete`) reach a terminal or an audit log; no kubectl argument needs
//! them, so any argument holding one is refused, and the character is named by code point,
//! never echoed.

use std::ffi::OsStr;
use std::fmt::Write as _;

/// Why an argument was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadText {
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// A character no argument may hold.
    Forbidden(char),
}

impl BadText {
    /// A description that names the character without printing it: `a control character (U+001B)`.
    pub fn describe(self) -> String {
        match self {
            BadText::InvalidUtf8 => "bytes that are not valid UTF-8".to_owned(),
            BadText::Forbidden(c) => format!("{} (U+{:04X})", class_of(c), u32::from(c)),
        }
    }
}

/// Checks one argument: `Ok(text)` when it is UTF-8 without forbidden characters.
pub fn check_arg(arg: &OsStr) -> Result<&str, BadText> {
    let text = arg.to_str().ok_or(BadText::InvalidUtf8)?;
    match text.chars().find(|&c| is_forbidden(c)) {
        Some(c) => Err(BadText::Forbidden(c)),
        None => Ok(text),
    }
}

/// Whether a character is refused in any argument: C0 and C1 controls and DEL; bidi marks,
/// embeddings, overrides and isolates; zero-width and other invisible formatting characters;
/// line and paragraph separators; variation selectors; and the tag block used to smuggle
/// invisible ASCII into prompts.
pub fn is_forbidden(c: char) -> bool {
    matches!(u32::from(c),
        0x00..=0x1F | 0x7F..=0x9F // C0, DEL, C1
        | 0xAD                    // soft hyphen
        | 0x061C                  // Arabic letter mark
        | 0x115F | 0x1160 | 0x3164 | 0xFFA0 // Hangul fillers
        | 0x180E                  // Mongolian vowel separator
        | 0x200B..=0x200F         // zero-width space/joiners, LRM, RLM
        | 0x2028..=0x202E         // line/paragraph separators, bidi embeddings and overrides
        | 0x2060..=0x206F         // word joiner, invisible operators, bidi isolates
        | 0xFE00..=0xFE0F         // variation selectors
        | 0xFEFF                  // zero-width no-break space (BOM)
        | 0xFFF9..=0xFFFB         // interlinear annotation
        | 0xE0000..=0xE007F       // tags
        | 0xE0100..=0xE01EF       // variation selectors supplement
    )
}

fn class_of(c: char) -> &'static str {
    match u32::from(c) {
        0x00..=0x1F | 0x7F..=0x9F => "a control character",
        0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 => "a bidirectional-text control",
        _ => "an invisible formatting character",
    }
}

/// A printable, lossless rendering of any argument for logs: forbidden characters become
/// `\u{...}`, bytes that are not UTF-8 become `\xNN`, a backslash becomes `\\`; anything else
/// is kept as is.
pub fn escape_for_log(arg: &OsStr) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = String::new();
    for chunk in arg.as_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else if is_forbidden(c) {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt as _;

    use super::*;

    #[test]
    fn plain_arguments_pass() {
        for arg in ["get", "pods", "-o=jsonpath={.items[*].metadata.name}", "app=ünïcode", "名前", ""] {
            assert_eq!(check_arg(OsStr::new(arg)), Ok(arg));
        }
    }

    #[test]
    fn controls_bidi_and_invisibles_are_refused_by_code_point() {
        let cases = [
            ("get\0delete", '\0', "a control character (U+0000)"),
            ("pods\x1b[2J", '\x1b', "a control character (U+001B)"),
            ("a\nb", '\n', "a control character (U+000A)"),
            ("x\u{7f}", '\u{7f}', "a control character (U+007F)"),
            ("x\u{85}", '\u{85}', "a control character (U+0085)"),
            ("del\u{200b}ete", '\u{200b}', "an invisible formatting character (U+200B)"),
            ("\u{202e}teled", '\u{202e}', "a bidirectional-text control (U+202E)"),
            ("get\u{2066}", '\u{2066}', "a bidirectional-text control (U+2066)"),
            ("\u{feff}get", '\u{feff}', "an invisible formatting character (U+FEFF)"),
            ("get\u{e0041}", '\u{e0041}', "an invisible formatting character (U+E0041)"),
            ("a\u{2028}b", '\u{2028}', "an invisible formatting character (U+2028)"),
        ];
        for (arg, c, description) in cases {
            let err = check_arg(OsStr::new(arg)).unwrap_err();
            assert_eq!(err, BadText::Forbidden(c), "{arg:?}");
            assert_eq!(err.describe(), description);
        }
    }

    #[test]
    fn invalid_utf8_is_refused() {
        let err = check_arg(OsStr::from_bytes(b"get\xff")).unwrap_err();
        assert_eq!(err, BadText::InvalidUtf8);
    }

    #[test]
    fn log_escaping_is_printable_and_lossless() {
        assert_eq!(escape_for_log(OsStr::new("get pods")), "get pods");
        assert_eq!(escape_for_log(OsStr::new("a\x1b[2Jb")), "a\\u{1b}[2Jb");
        assert_eq!(escape_for_log(OsStr::new("del\u{200b}ete")), "del\\u{200b}ete");
        assert_eq!(escape_for_log(OsStr::from_bytes(b"x\xffy")), "x\\xffy");
        assert_eq!(escape_for_log(OsStr::new("a\\u{1b}")), "a\\\\u{1b}");
        assert!(escape_for_log(OsStr::from_bytes(b"\x1b\xfe\xe2\x80\xae")).chars().all(|c| !is_forbidden(c)));
    }
}
