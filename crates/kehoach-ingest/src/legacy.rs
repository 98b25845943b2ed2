//! Legacy Vietnamese encodings: TCVN3 (ABC, fonts ".VnTime"…) and VNI-Windows ("VNI-Times"…).
//!
//! Before Unicode, Vietnamese documents were typed in 8-bit "font encodings": the bytes are
//! Latin-1/Windows-1252 characters, and a special font draws them as Vietnamese letters. Such
//! text survives in old .doc/.txt files and in PDF text layers whose fonts carry no Unicode map,
//! where "Kế hoạch" reads "KÕ ho¹ch" (TCVN3) or "Keá hoaïch" (VNI). This module recognises both
//! and converts them to NFC Unicode.
//!
//! Tables are data, not guesses:
//! * TCVN3 is the upper half (0xA0–0xFF) of TCVN 5712:1993 (VN1/VN3), taken from glibc's
//!   `TCVN5712-1` charmap. The VN1-only capitals in 0x01–0x17 and 0x80–0x9F are not used by
//!   the ABC ".Vn" fonts (VN3) and are deliberately not mapped: in real files those bytes are
//!   Windows-1252 punctuation. ABC "capital" fonts (".VnTimeH") draw the lower-case codes as
//!   capitals: [`Legacy::Tcvn3Capitals`].
//! * VNI-Windows writes a base letter followed by a mark byte; the 134 pairs below were generated
//!   from that structure and checked entry by entry against a published VNI↔Unicode table.
//!
//! Text is taken as a `&str` whose characters stand for the original bytes (Latin-1, or the
//! Windows-1252 punctuation block for 0x80–0x9F), which is what a text-layer extractor or a
//! Windows-1252 decoder yields; [`bytes_to_unicode`] takes raw bytes.

use kehoach_core::text::split_tone;
use unicode_normalization::UnicodeNormalization;

/// A legacy Vietnamese 8-bit encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, the "ABC" encoding of the ".Vn…" fonts.
    Tcvn3,
    /// TCVN3 drawn with an ABC capital font (".VnTimeH"): lower-case codes show as capitals.
    Tcvn3Capitals,
    /// VNI-Windows ("VNI-Times" and other "VNI-" fonts).
    Vni,
}

impl Legacy {
    /// Name used in the JSON `source.encoding` field.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 | Legacy::Tcvn3Capitals => "tcvn3",
            Legacy::Vni => "vni",
        }
    }
}

/// The encoding a PDF/Word font name implies: ".VnTime", ".VnArialH", "VNI-Times", "VNI-Helve".
///
/// Subset prefixes ("ABCDEF+.VnTime") and style suffixes (",Bold", "-Bold") are ignored; the
/// dot of ".Vn" is sometimes lost when fonts are renamed, so "VnTime" counts too.
pub fn from_font_name(font: &str) -> Option<Legacy> {
    let name = font.rsplit('+').next().unwrap_or(font);
    if name.to_ascii_lowercase().starts_with("vni") {
        return Some(Legacy::Vni);
    }
    let face = name.split([',', '-', ' ']).next().unwrap_or("");
    let rest = face.strip_prefix('.').unwrap_or(face);
    let tail = rest
        .strip_prefix("Vn")
        .or_else(|| rest.strip_prefix("VN"))?;
    // ".VnTime": the face name after "Vn" starts with a capital letter.
    if !tail.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    Some(if tail.len() > 1 && tail.ends_with('H') {
        Legacy::Tcvn3Capitals
    } else {
        Legacy::Tcvn3
    })
}

/// The 8-bit code a character stands for: Latin-1 directly, 0x80–0x9F through Windows-1252.
fn byte_of(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// Windows-1252 view of one byte (the inverse of `byte_of`): how legacy bytes are spelled in
/// the `&str` that [`to_unicode`] takes.
pub fn char_of(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH[(b - 0x80) as usize]
    } else {
        b as char
    }
}

const TCVN3_HIGH: [char; 96] = [
    '\u{00A0}', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}', '\u{0110}',
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}', '\u{1EB0}',
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00E0}', '\u{1EA3}', '\u{00E3}',
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}', '\u{1EB4}',
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}', '\u{1EA7}',
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}', '\u{1EBD}',
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}', '\u{00EC}',
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}', '\u{00F2}',
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}', '\u{1ED7}',
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}', '\u{00F9}',
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}', '\u{1EEF}',
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}', '\u{1ED0}',
];
const VNI_PAIRS: [(&str, char); 134] = [
    ("AÀ", 'Ầ'),
    ("AÁ", 'Ấ'),
    ("AÂ", 'Â'),
    ("AÃ", 'Ẫ'),
    ("AÄ", 'Ậ'),
    ("AÅ", 'Ẩ'),
    ("AÈ", 'Ằ'),
    ("AÉ", 'Ắ'),
    ("AÊ", 'Ă'),
    ("AË", 'Ặ'),
    ("AÏ", 'Ạ'),
    ("AÕ", 'Ã'),
    ("AØ", 'À'),
    ("AÙ", 'Á'),
    ("AÚ", 'Ẳ'),
    ("AÛ", 'Ả'),
    ("AÜ", 'Ẵ'),
    ("EÀ", 'Ề'),
    ("EÁ", 'Ế'),
    ("EÂ", 'Ê'),
    ("EÃ", 'Ễ'),
    ("EÄ", 'Ệ'),
    ("EÅ", 'Ể'),
    ("EÏ", 'Ẹ'),
    ("EÕ", 'Ẽ'),
    ("EØ", 'È'),
    ("EÙ", 'É'),
    ("EÛ", 'Ẻ'),
    ("OÀ", 'Ồ'),
    ("OÁ", 'Ố'),
    ("OÂ", 'Ô'),
    ("OÃ", 'Ỗ'),
    ("OÄ", 'Ộ'),
    ("OÅ", 'Ổ'),
    ("OÏ", 'Ọ'),
    ("OÕ", 'Õ'),
    ("OØ", 'Ò'),
    ("OÙ", 'Ó'),
    ("OÛ", 'Ỏ'),
    ("UÏ", 'Ụ'),
    ("UÕ", 'Ũ'),
    ("UØ", 'Ù'),
    ("UÙ", 'Ú'),
    ("UÛ", 'Ủ'),
    ("YÕ", 'Ỹ'),
    ("YØ", 'Ỳ'),
    ("YÙ", 'Ý'),
    ("YÛ", 'Ỷ'),
    ("aà", 'ầ'),
    ("aá", 'ấ'),
    ("aâ", 'â'),
    ("aã", 'ẫ'),
    ("aä", 'ậ'),
    ("aå", 'ẩ'),
    ("aè", 'ằ'),
    ("aé", 'ắ'),
    ("aê", 'ă'),
    ("aë", 'ặ'),
    ("aï", 'ạ'),
    ("aõ", 'ã'),
    ("aø", 'à'),
    ("aù", 'á'),
    ("aú", 'ẳ'),
    ("aû", 'ả'),
    ("aü", 'ẵ'),
    ("eà", 'ề'),
    ("eá", 'ế'),
    ("eâ", 'ê'),
    ("eã", 'ễ'),
    ("eä", 'ệ'),
    ("eå", 'ể'),
    ("eï", 'ẹ'),
    ("eõ", 'ẽ'),
    ("eø", 'è'),
    ("eù", 'é'),
    ("eû", 'ẻ'),
    ("oà", 'ồ'),
    ("oá", 'ố'),
    ("oâ", 'ô'),
    ("oã", 'ỗ'),
    ("oä", 'ộ'),
    ("oå", 'ổ'),
    ("oï", 'ọ'),
    ("oõ", 'õ'),
    ("oø", 'ò'),
    ("où", 'ó'),
    ("oû", 'ỏ'),
    ("uï", 'ụ'),
    ("uõ", 'ũ'),
    ("uø", 'ù'),
    ("uù", 'ú'),
    ("uû", 'ủ'),
    ("yõ", 'ỹ'),
    ("yø", 'ỳ'),
    ("yù", 'ý'),
    ("yû", 'ỷ'),
    ("Æ", 'Ỉ'),
    ("Ì", 'Ì'),
    ("Í", 'Í'),
    ("Î", 'Ỵ'),
    ("Ñ", 'Đ'),
    ("Ò", 'Ị'),
    ("Ó", 'Ĩ'),
    ("Ô", 'Ơ'),
    ("ÔÏ", 'Ợ'),
    ("ÔÕ", 'Ỡ'),
    ("ÔØ", 'Ờ'),
    ("ÔÙ", 'Ớ'),
    ("ÔÛ", 'Ở'),
    ("Ö", 'Ư'),
    ("ÖÏ", 'Ự'),
    ("ÖÕ", 'Ữ'),
    ("ÖØ", 'Ừ'),
    ("ÖÙ", 'Ứ'),
    ("ÖÛ", 'Ử'),
    ("æ", 'ỉ'),
    ("ì", 'ì'),
    ("í", 'í'),
    ("î", 'ỵ'),
    ("ñ", 'đ'),
    ("ò", 'ị'),
    ("ó", 'ĩ'),
    ("ô", 'ơ'),
    ("ôï", 'ợ'),
    ("ôõ", 'ỡ'),
    ("ôø", 'ờ'),
    ("ôù", 'ớ'),
    ("ôû", 'ở'),
    ("ö", 'ư'),
    ("öï", 'ự'),
    ("öõ", 'ữ'),
    ("öø", 'ừ'),
    ("öù", 'ứ'),
    ("öû", 'ử'),
];

fn vni_lookup(pair: &str) -> Option<char> {
    VNI_PAIRS
        .binary_search_by(|(k, _)| (*k).cmp(pair))
        .ok()
        .map(|i| VNI_PAIRS[i].1)
}

/// Converts legacy-encoded text (see the module doc for how bytes are represented) to NFC
/// Unicode. Characters that are not part of the encoding (ASCII, and real Unicode letters that
/// a mixed document may already contain) pass through unchanged.
pub fn to_unicode(text: &str, enc: Legacy) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    match enc {
        Legacy::Tcvn3 | Legacy::Tcvn3Capitals => {
            for c in text.chars() {
                let mapped = match byte_of(c) {
                    Some(b) if b >= 0xA0 => TCVN3_HIGH[(b - 0xA0) as usize],
                    _ => c,
                };
                if enc == Legacy::Tcvn3Capitals {
                    out.extend(mapped.to_uppercase());
                } else {
                    out.push(mapped);
                }
            }
        }
        Legacy::Vni => {
            let chars: Vec<char> = text.chars().collect();
            let mut i = 0;
            let mut buf = [0u8; 8];
            while i < chars.len() {
                if i + 1 < chars.len() {
                    let mut pair = String::with_capacity(4);
                    pair.push(chars[i]);
                    pair.push(chars[i + 1]);
                    if let Some(u) = vni_lookup(&pair) {
                        out.push(u);
                        i += 2;
                        continue;
                    }
                }
                let single = chars[i].encode_utf8(&mut buf);
                out.push(vni_lookup(single).unwrap_or(chars[i]));
                i += 1;
            }
        }
    }
    out.nfc().collect()
}

/// [`to_unicode`] for raw bytes (a legacy .txt file, a PDF string drawn with a legacy font).
pub fn bytes_to_unicode(bytes: &[u8], enc: Legacy) -> String {
    let text: String = bytes.iter().map(|&b| char_of(b)).collect();
    to_unicode(&text, enc)
}

/// Detects a legacy encoding in raw bytes (see [`detect`]).
pub fn detect_bytes(bytes: &[u8]) -> Option<Legacy> {
    if std::str::from_utf8(bytes).is_ok() && bytes.iter().any(|&b| b >= 0x80) {
        // Valid UTF-8 with non-ASCII content is Unicode text, not a legacy 8-bit file.
        return None;
    }
    let text: String = bytes.iter().map(|&b| char_of(b)).collect();
    detect(&text)
}

/// Detects TCVN3 or VNI text by character statistics.
///
/// Only words with non-ASCII characters are evidence. The text is taken as legacy when such
/// words are mostly not Vietnamese syllables as they stand, and mostly become syllables after
/// conversion; of TCVN3 and VNI the one that yields more syllables wins. Returns None for
/// Unicode Vietnamese, plain ASCII, and too little evidence (fewer than 3 such words).
pub fn detect(text: &str) -> Option<Legacy> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"'))
        .filter(|w| !w.is_ascii() && w.chars().any(char::is_alphabetic))
        .take(4000)
        .collect();
    if words.len() < 3 {
        return None;
    }
    let valid =
        |f: &dyn Fn(&str) -> String| words.iter().filter(|w| is_vietnamese_word(&f(w))).count();
    let n = words.len() as f64;
    let as_is = valid(&|w| w.to_string()) as f64 / n;
    let tcvn = valid(&|w| to_unicode(w, Legacy::Tcvn3)) as f64 / n;
    let vni = valid(&|w| to_unicode(w, Legacy::Vni)) as f64 / n;
    let (best, share) = if tcvn >= vni {
        (Legacy::Tcvn3, tcvn)
    } else {
        (Legacy::Vni, vni)
    };
    (share >= 0.6 && share > as_is + 0.3).then_some(best)
}

/// True when `word` (letters only, after trimming punctuation) is a well-formed Vietnamese
/// syllable, or a run of such syllables joined by '-' ("Quảng-Bình"): initial consonant,
/// vowel nucleus from the closed list of Vietnamese nuclei, optional final, at most one tone.
pub fn is_vietnamese_word(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    !w.is_empty() && w.split('-').all(is_vietnamese_syllable)
}

const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 8] = ["ch", "ng", "nh", "c", "m", "n", "p", "t"];
/// Vowel nuclei with their glides (toneless), as the rhyme tables of Vietnamese list them.
const NUCLEI: [&str; 55] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "oai", "oay", "oao", "oeo", "uây", "uôi",
    "ươi", "ươu", "uya", "uyê", "uyu", "yêu", "iêu",
];

/// True when `s` is one well-formed Vietnamese syllable (any case, NFC or not).
pub fn is_vietnamese_syllable(s: &str) -> bool {
    let marks = s
        .nfd()
        .filter(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .count();
    if marks > 1 {
        return false;
    }
    let (toneless, _) = split_tone(&s.to_lowercase());
    if toneless.is_empty() || !toneless.chars().all(char::is_alphabetic) {
        return false;
    }
    let mut starts: Vec<&str> = INITIALS
        .iter()
        .filter_map(|i| toneless.strip_prefix(i))
        .collect();
    starts.push(&toneless);
    starts.iter().any(|rest| {
        FINALS
            .iter()
            .filter_map(|f| rest.strip_suffix(f))
            .chain(std::iter::once(*rest))
            .any(|nucleus| NUCLEI.contains(&nucleus))
    })
}

/// Share of the alphabetic words of `text` that are Vietnamese syllables, and how many words
/// were looked at. Words that are all capitals and ASCII (acronyms such as "UBND") and words
/// with digits are not counted.
pub fn syllable_share(text: &str) -> (f64, usize) {
    let mut total = 0usize;
    let mut ok = 0usize;
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        for s in w.split('-') {
            if s.is_empty() || s.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if s.len() > 1 && s.chars().all(|c| c.is_ascii_uppercase()) {
                continue;
            }
            total += 1;
            if is_vietnamese_syllable(s) {
                ok += 1;
            }
        }
    }
    if total == 0 {
        (0.0, 0)
    } else {
        (ok as f64 / total as f64, total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unicode text of one real plan sentence, and the same sentence typed in each encoding
    /// (bytes written out by hand from the TCVN 5712 and VNI code charts).
    const UNI: &str = "Kế hoạch triển khai Đề án 06 của Ủy ban nhân dân tỉnh Quảng Bình";

    #[test]
    fn tcvn3_bytes_convert() {
        // K Õ(0xD5) | h o ¹(0xB9) c h | t r i Ó(0xD3) n | k h a i | § Ò(0xD2) | ¸(0xB8) n ...
        let bytes: &[u8] = b"K\xd5 ho\xb9ch tri\xd3n khai \xa7\xd2 \xb8n 06 c\xf1a \xf1y ban nh\xa9n d\xa9n t\xd8nh Qu\xb6ng B\xd7nh";
        // Capital Ủ does not exist in VN3: ABC documents write it with the lower-case code, so
        // compare case-insensitively on that one word.
        let got = bytes_to_unicode(bytes, Legacy::Tcvn3);
        assert_eq!(got.to_lowercase(), UNI.to_lowercase());
        assert_eq!(detect_bytes(bytes), Some(Legacy::Tcvn3));
    }

    #[test]
    fn vni_text_converts() {
        let vni = "Keá hoaïch trieån khai Ñeà aùn 06 cuûa UÛy ban nhaân daân tænh Quaûng Bình";
        assert_eq!(to_unicode(vni, Legacy::Vni), UNI);
        assert_eq!(detect(vni), Some(Legacy::Vni));
    }

    #[test]
    fn every_vni_pair_maps_to_a_distinct_vietnamese_letter() {
        let mut seen = std::collections::HashSet::new();
        for (k, u) in VNI_PAIRS {
            assert!(seen.insert(u), "{u} twice");
            assert_eq!(to_unicode(k, Legacy::Vni), u.to_string());
        }
        assert_eq!(seen.len(), 134);
        // sorted, since lookup is a binary search
        assert!(VNI_PAIRS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The TCVN3 table against the system's iconv (glibc TCVN5712-1), where available.
    #[test]
    fn tcvn3_table_matches_iconv() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let bytes: Vec<u8> = (0xA1u8..=0xFF)
            .filter(|b| !(0xB0..=0xB4).contains(b))
            .collect();
        let child = Command::new("iconv")
            .args(["-f", "TCVN5712-1", "-t", "UTF-8"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("iconv not available; table checked by the other tests only");
            return;
        };
        child.stdin.take().unwrap().write_all(&bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            eprintln!("iconv lacks TCVN5712-1");
            return;
        }
        let want: String = String::from_utf8(out.stdout).unwrap().nfc().collect();
        assert_eq!(bytes_to_unicode(&bytes, Legacy::Tcvn3), want);
    }

    #[test]
    fn capitals_font() {
        // ".VnTimeH" heading "KẾ HOẠCH" is typed with lower-case codes.
        assert_eq!(
            bytes_to_unicode(b"K\xd5 HO\xb9CH", Legacy::Tcvn3Capitals),
            "KẾ HOẠCH"
        );
    }

    #[test]
    fn font_names() {
        assert_eq!(from_font_name(".VnTime"), Some(Legacy::Tcvn3));
        assert_eq!(
            from_font_name("ABCDEF+.VnTimeH,Bold"),
            Some(Legacy::Tcvn3Capitals)
        );
        assert_eq!(from_font_name(".VnArial-Bold"), Some(Legacy::Tcvn3));
        assert_eq!(from_font_name("VNI-Times"), Some(Legacy::Vni));
        assert_eq!(
            from_font_name("QWERTY+VNI-Helve-Condense"),
            Some(Legacy::Vni)
        );
        assert_eq!(from_font_name("TimesNewRomanPSMT"), None);
        assert_eq!(from_font_name("Verdana"), None);
        assert_eq!(from_font_name("ArialMT"), None);
    }

    #[test]
    fn unicode_and_ascii_are_not_legacy() {
        assert_eq!(detect(UNI), None);
        assert_eq!(
            detect("Plain English text with no accents at all, none."),
            None
        );
        assert_eq!(detect_bytes(UNI.as_bytes()), None);
        // French Latin-1 is not Vietnamese in either encoding.
        assert_eq!(
            detect("Le théâtre est fermé après la fête, déjà été là."),
            None
        );
    }

    #[test]
    fn syllables() {
        for w in [
            "nghiêng", "quyết", "giữa", "người", "khuỷu", "Đề", "ĐỀ", "oà", "thuở", "tỉnh",
        ] {
            assert!(is_vietnamese_syllable(w), "{w}");
        }
        for w in ["ƣ", "dƣ", "§Ò", "ho¹ch", "xyz", "strength", "aáb", "tiéẻn"] {
            assert!(!is_vietnamese_syllable(w), "{w}");
        }
    }
}
