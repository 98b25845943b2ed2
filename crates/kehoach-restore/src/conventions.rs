//! Repairs that come from what OCR engines cannot print and from how the genre writes, not from
//! the syllable decoder: codes of the domain lexicon read with a look-alike letter, en dashes
//! printed as em dashes, a date's slash read as a colon, numbers glued to words (roman quarter
//! numerals read as digits are repaired by `kehoach_core::text::roman_quarters`, which the
//! segmenter also applies to a deadline whose numeral wrapped away from its "Quý").

use kehoach_core::text::replace_all_owned;
use regex::Regex;
use std::sync::LazyLock;

/// Glyphs OCR confuses with a capital I (and with each other).
fn fold_char(c: char) -> char {
    match c {
        'l' | 'I' | '|' | '1' | '!' => 'I',
        '0' => 'O',
        'Đ' => 'D',
        c => c,
    }
}

/// Characters OCR adds around a vertical stroke ("VNeI[D", "VNelID").
fn is_stray(c: char) -> bool {
    matches!(c, 'l' | 'I' | '|' | '1' | '!' | '[' | ']' | '\'' | '`')
}

fn fold(s: &[char]) -> String {
    s.iter().map(|&c| fold_char(c)).collect()
}

/// Codes of the domain lexicon ("VNeID", "HĐND", "CSDLQG") and their look-alike folds.
#[derive(Debug, Clone, Default)]
pub struct Codes {
    folded: Vec<(String, String)>,
}

impl Codes {
    /// The codes of a domain lexicon: entries with two capitals or more. In running text only
    /// those of four characters or more are snapped to: shorter ones ("DC", "SSO") are too
    /// close to other short words.
    pub fn from_lexicon(domain: &str) -> Codes {
        let mut folded: Vec<(String, String)> = domain
            .lines()
            .map(str::trim)
            .filter(|w| !w.starts_with('#') && !w.contains(' '))
            .filter(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 2)
            .map(|w| {
                let c: Vec<char> = w.chars().collect();
                (fold(&c), w.to_string())
            })
            .collect();
        folded.sort();
        folded.dedup();
        Codes { folded }
    }

    /// The code a chunk is a look-alike reading of: the same after folding look-alike glyphs,
    /// or after also dropping one stray stroke. None when the chunk is a code already, is not
    /// code-like (fewer than two capitals) or could be several codes.
    fn snap(&self, chunk: &str) -> Option<&str> {
        self.snap_min(chunk, 4)
    }

    /// [`Codes::snap`] for chunks of at least `min_len` characters. Within a document code
    /// ("06/QD-TTg", "64/KH-TCTTKDA") every part is a code, so two letters are enough there:
    /// "QD" can only be "QĐ".
    fn snap_min(&self, chunk: &str, min_len: usize) -> Option<&str> {
        let chars: Vec<char> = chunk.chars().collect();
        if chars.len() < min_len || chars.iter().filter(|c| c.is_uppercase()).count() < 2 {
            return None;
        }
        if self.folded.iter().any(|(_, w)| w == chunk) {
            return None;
        }
        let mut keys = vec![fold(&chars)];
        for i in 0..chars.len() {
            if is_stray(chars[i]) {
                let mut c = chars.clone();
                c.remove(i);
                keys.push(fold(&c));
            }
        }
        let hits: Vec<&str> = self
            .folded
            .iter()
            .filter(|(f, w)| {
                keys.contains(f)
                    && w.chars().next() == chars.first().copied()
                    && w.chars().count() >= min_len
            })
            .map(|(_, w)| w.as_str())
            .collect();
        let hits = if hits.is_empty() && min_len >= 4 {
            self.one_letter_off(chunk, &keys)
        } else {
            hits
        };
        let first = *hits.first()?;
        if hits.iter().any(|h| *h != first) {
            return None;
        }
        Some(first)
    }

    /// Codes of five characters or more that a chunk reads with one letter wrong besides the
    /// look-alikes ("VNcID", "VNelH" for "VNeID"), its first two letters right: a fax's OCR
    /// garbles one more letter of a long code, and no word of the language or other code is so
    /// near one. A chunk that is the code in other capitals is the plan's own spelling
    /// ("VNEID"), kept.
    fn one_letter_off<'a>(&'a self, chunk: &str, keys: &[String]) -> Vec<&'a str> {
        let head: Vec<char> = chunk.chars().take(2).collect();
        let lower = chunk.to_lowercase();
        self.folded
            .iter()
            .filter(|(f, w)| {
                let code: Vec<char> = w.chars().collect();
                code.len() >= 5
                    && code[..2] == head[..]
                    && w.to_lowercase() != lower
                    && keys.iter().any(|k| {
                        k.chars().count() == f.chars().count()
                            && k.chars().zip(f.chars()).filter(|(a, b)| a != b).count() == 1
                    })
            })
            .map(|(_, w)| w.as_str())
            .collect()
    }

    /// Replaces look-alike readings of codes in a line; spacing and punctuation stay.
    pub fn repair_line(&self, line: &str) -> String {
        if self.folded.is_empty() {
            return line.to_string();
        }
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while !rest.is_empty() {
            let ws = rest.len() - rest.trim_start().len();
            out.push_str(&rest[..ws]);
            rest = &rest[ws..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let chunk = &rest[..end];
            let core = chunk.trim_matches(|c: char| {
                matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”')
            });
            // `core` is a slice of `chunk` (its first occurrence in it: the trimmed prefix is
            // punctuation `core` does not start with).
            let at = core.as_ptr() as usize - chunk.as_ptr() as usize;
            match self.snap(core) {
                Some(code) if !core.is_empty() => {
                    out.push_str(&chunk[..at]);
                    out.push_str(code);
                    out.push_str(&chunk[at + core.len()..]);
                }
                _ => self.repair_code_parts(chunk, &mut out),
            }
            rest = &rest[end..];
        }
        out
    }
}

impl Codes {
    /// The parts of a document code ("06/QD-TTg": a number, then letter groups joined by "/"
    /// and "-"), each snapped on its own; anything else is copied as it is.
    fn repair_code_parts(&self, chunk: &str, out: &mut String) {
        let is_code = chunk.starts_with(|c: char| c.is_ascii_digit())
            && chunk.contains('/')
            && chunk.chars().any(|c| c.is_uppercase());
        if !is_code {
            out.push_str(chunk);
            return;
        }
        let mut part = String::new();
        let flush = |part: &mut String, out: &mut String| {
            out.push_str(self.snap_min(part, 2).unwrap_or(part));
            part.clear();
        };
        for c in chunk.chars() {
            if c.is_alphanumeric() || c == '&' {
                part.push(c);
            } else {
                flush(&mut part, out);
                out.push(c);
            }
        }
        flush(&mut part, out);
    }
}

/// A spaced em dash becomes an en dash ("Cục C06 — BCA" → "Cục C06 – BCA"). Tesseract's
/// English and Vietnamese models have no en dash in their character sets, so they print the
/// en dash Vietnamese documents set between spaced words as an em dash, a character those
/// documents hardly use.
pub fn spaced_dashes_to_en(text: String) -> String {
    if !text.contains('—') {
        return text;
    }
    replace_all_owned(&SPACED_EM, text, "$1 – $2")
}

/// An em dash (or the "—-" Tesseract prints for a long en dash) between two words with white
/// space on at least one side. "a—b" stays: that is how an em dash is set; so does a dash with
/// nothing after it on the line (a rule or a speck read as a dash).
static SPACED_EM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^\s—])(?:[ \t]+—-?[ \t]*|[ \t]*—-?[ \t]+)([^\s—-])").expect("spaced em dash")
});

/// A number glued to the word after it ("Đề án 06các cấp") gets its space back when the word
/// is lower case and carries a Vietnamese mark: a unit or a code suffix ("10km", "4G", "2a")
/// has none, and a capital after a digit is more likely a misread digit ("1Ô" for "10").
/// Only a number of one to four digits that starts a word counts ("PC06", "t6i" are words).
///
/// A plain scan: garbled OCR has a digit inside a word on almost every line ("t6i"), where a
/// Unicode-aware regex cost more than the rest of the conventions together.
pub fn unglue_numbers(text: String) -> String {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || text[..i].chars().next_back().is_some_and(is_word) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start > 4 {
            continue;
        }
        let word_len: usize = text[i..]
            .chars()
            .take_while(|&c| is_word(c))
            .map(char::len_utf8)
            .sum();
        let word = &text[i..i + word_len];
        if !word.is_empty() && !word.is_ascii() && word.chars().all(char::is_lowercase) {
            cuts.push(i);
        }
        i += word_len;
    }
    if cuts.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + cuts.len());
    let mut pos = 0;
    for c in cuts {
        out.push_str(&text[pos..c]);
        out.push(' ');
        pos = c;
    }
    out.push_str(&text[pos..]);
    out
}

/// A date's slash read as a colon or a fraction slash: "Tháng 9:2024", "31:12/2024", "Quý
/// I⁄2025". Tesseract reads a faint or slanted slash so on faxes. A plan writes no ratio or
/// time with a four-digit year after the colon, and never a fraction slash.
static DATE_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,2})([:/])(?:(\d{1,2})([/:]))?((?:19|20)\d\d)").expect("date colon pattern")
});

/// "9:2024" → "9/2024", "31:12/2024" → "31/12/2024" where the numbers can be a day and a month
/// and stand alone (no digit, colon or slash touches them); every fraction slash becomes a
/// slash.
pub fn date_separators(text: String) -> String {
    let text = if text.contains('⁄') {
        text.replace('⁄', "/")
    } else {
        text
    };
    if !text.contains(':') {
        return text;
    }
    // A point may end the sentence after a date, not stand before one ("1.9:2024").
    let touches =
        |c: Option<char>, marks: &str| c.is_some_and(|c| c.is_ascii_digit() || marks.contains(c));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for c in DATE_COLON.captures_iter(&text) {
        let m = c.get(0).expect("match");
        let (before, after) = (
            text[..m.start()].chars().next_back(),
            text[m.end()..].chars().next(),
        );
        let first: u32 = c[1].parse().unwrap_or(0);
        let colon = &c[2] == ":" || c.get(4).is_some_and(|s| s.as_str() == ":");
        let plausible = match c.get(3) {
            Some(month) => {
                (1..=31).contains(&first) && (1..=12).contains(&month.as_str().parse().unwrap_or(0))
            }
            None => (1..=12).contains(&first),
        };
        if !colon || !plausible || touches(before, ":/.") || touches(after, ":/") {
            continue;
        }
        out.push_str(&text[pos..m.start()]);
        match c.get(3) {
            Some(month) => out.push_str(&format!("{}/{}/{}", &c[1], month.as_str(), &c[5])),
            None => out.push_str(&format!("{}/{}", &c[1], &c[5])),
        }
        pos = m.end();
    }
    out.push_str(&text[pos..]);
    out
}

/// A roman outline number at the start of a line read with look-alike strokes ("Il. TỔ CHỨC
/// THỰC HIỆN" for "II."): a small l or a bar is one I stroke, as in [`kehoach_core::text::roman_quarters`].
static ROMAN_OUTLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(\s*)([Il|]{1,3}V?|V[Il|]{1,3})(\.\s+)(.*)$").expect("roman outline pattern")
});

/// "Il. TỔ CHỨC THỰC HIỆN" → "II. TỔ CHỨC THỰC HIỆN". Only a numeral with a look-alike stroke
/// (l or |) heading a line set in capitals is touched: section headings are, and a line of
/// prose that starts "l. " is not one.
pub fn roman_outlines(text: String) -> String {
    replace_all_owned(&ROMAN_OUTLINE, text, |c: &regex::Captures| {
        let numeral = &c[2];
        let letters: Vec<char> = c[4].chars().filter(|x| x.is_alphabetic()).collect();
        let upper = letters.iter().filter(|x| x.is_uppercase()).count();
        let caps_line = letters.len() >= 4 && upper * 10 >= letters.len() * 8;
        if !caps_line || !numeral.contains(['l', '|']) {
            return c[0].to_string();
        }
        let fixed: String = numeral
            .chars()
            .map(|x| if matches!(x, 'l' | '|') { 'I' } else { x })
            .collect();
        format!("{}{}{}{}", &c[1], fixed, &c[3], &c[4])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_outline_strokes_heading_a_capitals_line() {
        assert_eq!(
            roman_outlines("Il. TỔ CHỨC THỰC HIỆN\nlll. KINH PHÍ\n|V. NHÓM A".into()),
            "II. TỔ CHỨC THỰC HIỆN\nIII. KINH PHÍ\nIV. NHÓM A"
        );
        // Prose, a clean numeral and a lone outline are left alone.
        let keep = "l. các đơn vị báo cáo\nII. NỘI DUNG\nIl.";
        assert_eq!(roman_outlines(keep.into()), keep);
    }

    #[test]
    fn parts_of_a_document_code_snap_back() {
        let codes = Codes::from_lexicon("QĐ\nNĐ\nTCTTKĐA\nKH\nDC\n");
        assert_eq!(
            codes.repair_line("số 06/QD-TTg, 64/KH-TCTTKDA và 13/2023/ND-CP; QD DC"),
            "số 06/QĐ-TTg, 64/KH-TCTTKĐA và 13/2023/NĐ-CP; QD DC"
        );
        // Not a document code: left alone.
        assert_eq!(codes.repair_line("QD-TTg"), "QD-TTg");
    }

    #[test]
    fn a_long_code_with_one_more_letter_wrong_snaps_back() {
        let codes = Codes::from_lexicon("VNeID\nCSDLQG\nUBND\nHĐND\n");
        for garbled in ["VNcID", "VNelH", "VNelÐ", "VNelHD"] {
            assert_eq!(codes.repair_line(garbled), "VNeID", "{garbled}");
        }
        // Short codes, other first letters, two letters off and the code in other capitals
        // (a plan's own spelling) stay as read.
        for kept in ["UBNN", "XNeID", "VNcIH", "CSDL", "VNEID", "VNeiD"] {
            assert_eq!(codes.repair_line(kept), kept);
        }
    }

    #[test]
    fn codes_read_with_lookalikes_snap_back() {
        let codes = Codes::from_lexicon("VNeID\nHĐND\nCCCD\nDC\n# c\nTTHC");
        assert_eq!(
            codes.repair_line("qua VNelD. và VNelID, VNeI[D (VNeID) HDND CCCD"),
            "qua VNeID. và VNeID, VNeID (VNeID) HĐND CCCD"
        );
        // Not code-like, or too short: untouched.
        assert_eq!(codes.repair_line("Vnel DC lD TTHCC"), "Vnel DC lD TTHCC");
    }

    #[test]
    fn a_date_s_slash_read_as_a_colon() {
        let f = |s: &str| date_separators(s.to_string());
        assert_eq!(f("Tháng 9:2024"), "Tháng 9/2024");
        assert_eq!(f("Trước 31:12/2024."), "Trước 31/12/2024.");
        assert_eq!(f("Quý I⁄2025"), "Quý I/2025");
        assert_eq!(f("ngày 5/4:2023;"), "ngày 5/4/2023;");
        assert_eq!(f("9:2024 10:2024"), "9/2024 10/2024");
        // Times, ratios, labels and impossible months stay.
        assert_eq!(f("lúc 9:30 ngày 2/3/2024"), "lúc 9:30 ngày 2/3/2024");
        assert_eq!(f("Tháng 13:2024"), "Tháng 13:2024");
        assert_eq!(f("Thời gian: 2024"), "Thời gian: 2024");
        assert_eq!(f("tỷ lệ 1:25000"), "tỷ lệ 1:25000");
    }

    #[test]
    fn spaced_dashes() {
        assert_eq!(
            spaced_dashes_to_en("Cục C06 — BCA; a—b; C06— BCA; C06 —- BCA".into()),
            "Cục C06 – BCA; a—b; C06 – BCA; C06 – BCA"
        );
        assert_eq!(spaced_dashes_to_en("— mục; có}. —".into()), "— mục; có}. —");
        assert_eq!(
            unglue_numbers(
                "Đề án 06các cấp, 06cơ, 10km, 4G, 2a, 5ha, PC06, Mô hình 1Ô:, t6i, 12345các, 7"
                    .into()
            ),
            "Đề án 06 các cấp, 06 cơ, 10km, 4G, 2a, 5ha, PC06, Mô hình 1Ô:, t6i, 12345các, 7"
        );
    }
}
