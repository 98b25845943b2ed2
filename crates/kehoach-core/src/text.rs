//! Vietnamese text normalisation shared by every stage.
//!
//! Vietnamese writes one tone mark per syllable, and two conventions disagree on which vowel
//! carries it ("hóa"/"hoá", "thủy"/"thuỷ"). Documents mix both, so comparisons (evaluation,
//! dictionary look-ups) go through [`canonical_tone`], which places every tone by one fixed rule.

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// The six tones; `Level` is the unmarked one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Level,
    Grave,
    Acute,
    Hook,
    Tilde,
    Dot,
}

impl Tone {
    /// All tones, `Level` first.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' => Some(Tone::Grave),
            '\u{301}' => Some(Tone::Acute),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// The combining mark of the tone (None for `Level`).
    pub fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }
}

/// NFC form of `s`. Everything kehoach emits goes through this.
pub fn nfc(s: &str) -> String {
    // Most text already is NFC: the quick check costs a fraction of normalising it.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Replaces code points that broken PDF fonts emit in place of Vietnamese letters and that
/// Vietnamese text never uses otherwise: 'ƣ'/'Ƣ' (LATIN LETTER OI, U+01A3/U+01A2) for 'ư'/'Ư'
/// (fonts built for the TCVN/VNI era map the horned u to that slot), and the compatibility
/// ligatures 'ﬁ'/'ﬂ' that PDF text layers keep. The result is NFC.
pub fn fix_font_substitutes(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ƣ' => out.push('ư'),
            'Ƣ' => out.push('Ư'),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            _ => out.push(c),
        }
    }
    nfc(&out)
}

/// `s` without its leading words that `lead` accepts and its trailing words that `trail`
/// accepts (words: runs between white space): what OCR prints of specks and rules at the edges
/// of a scanned line or cell. A slice of `s`; empty when every word goes.
pub fn trim_words(s: &str, lead: impl Fn(&str) -> bool, trail: impl Fn(&str) -> bool) -> &str {
    let mut words = s.split_whitespace();
    let Some(first) = words.by_ref().find(|w| !lead(w)) else {
        return "";
    };
    let last = words.rev().find(|w| !trail(w)).unwrap_or(first);
    if last == first && trail(first) {
        return "";
    }
    let start = first.as_ptr() as usize - s.as_ptr() as usize;
    let end = last.as_ptr() as usize - s.as_ptr() as usize + last.len();
    &s[start..end]
}

/// Runs of white space become one space; leading and trailing space is removed.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The cells of a Markdown pipe-table line ("| a | b |" → ["a", "b"], white space folded; the
/// closing bar may be missing), or None for another line. The segmenter reads OCR tools'
/// Markdown with it and the scan generator prints the same tables, so both split alike.
pub fn table_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(
        inner
            .split('|')
            .map(|c| fold_whitespace(c.trim()))
            .collect(),
    )
}

/// A pipe table's separator row ("|---|:--:|"), from its [`table_cells`].
pub fn is_table_rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' ')))
}

/// An acronym as plans print one ("UBND", "C06", "TN&MT"): two capitals or more and no
/// lower-case letter.
pub fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_uppercase()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

/// `s` with its first char in upper case ("hà" → "Hà"); the rest as it is.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// True for the twelve Vietnamese vowel letters with any marks, either case.
pub fn is_vowel(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    }
    matches!(
        base_letter(c).to_ascii_lowercase(),
        'a' | 'e' | 'i' | 'o' | 'u' | 'y'
    ) && c.is_alphabetic()
}

/// The ASCII letter under all marks ('ấ' → 'a', 'Đ' → 'D'); other characters unchanged.
pub fn base_letter(c: char) -> char {
    match c {
        'đ' => 'd',
        'Đ' => 'D',
        _ => {
            let mut it = std::iter::once(c).nfd();
            it.next().unwrap_or(c)
        }
    }
}

/// Removes every diacritic, 'đ' included: "Đề án" → "De an".
pub fn strip_marks(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if c.is_alphabetic() {
                base_letter(c)
            } else {
                c
            }
        })
        .collect()
}

/// Splits a syllable into its toneless NFC form and its tone: "hoá" → ("hoa", Acute).
pub fn split_tone(syllable: &str) -> (String, Tone) {
    let mut tone = Tone::Level;
    let toneless: String = syllable
        .nfd()
        .filter(|&c| match Tone::from_mark(c) {
            Some(t) => {
                tone = t;
                false
            }
            None => true,
        })
        .nfc()
        .collect();
    (toneless, tone)
}

/// Adds a tone mark to one letter, keeping its case and shape marks.
pub fn with_tone(c: char, tone: Tone) -> char {
    match tone.mark() {
        None => c,
        Some(m) => {
            let s: String = std::iter::once(c).chain(std::iter::once(m)).nfc().collect();
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        }
    }
}

fn has_shape_mark(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'
    )
}

/// Index (in chars) of the vowel that carries the tone of a toneless syllable under the
/// canonical rule, or None if the syllable has no vowel.
///
/// The rule is the traditional one ("hóa", "thủy"): a vowel with a shape mark wins (the last
/// one, so "ươ" marks "ơ"); otherwise a closed syllable marks its last vowel, an open one its
/// first vowel of two or the middle of three. "qu" and "gi" + vowel are initial consonants.
pub fn tone_position(toneless: &str) -> Option<usize> {
    let chars: Vec<char> = toneless.chars().collect();
    tone_position_in(&chars)
}

/// [`tone_position`] on the chars of a toneless syllable (any case), for callers that already
/// hold them.
pub fn tone_position_in(chars: &[char]) -> Option<usize> {
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut start = lower.iter().position(|&c| is_vowel(c))?;
    // "qu" + vowel, "gi" + vowel: the u / i belong to the initial consonant.
    if start > 0 && start + 1 < lower.len() && is_vowel(lower[start + 1]) {
        let prev = lower[start - 1];
        if (prev == 'q' && lower[start] == 'u') || (prev == 'g' && lower[start] == 'i') {
            start += 1;
        }
    }
    let mut end = start;
    while end < lower.len() && is_vowel(lower[end]) {
        end += 1;
    }
    let cluster = start..end;
    if let Some(i) = cluster.clone().rev().find(|&i| has_shape_mark(lower[i])) {
        return Some(i);
    }
    let closed = end < lower.len();
    let n = end - start;
    Some(match (closed, n) {
        (true, _) => end - 1,
        (false, 1) | (false, 2) => start,
        (false, _) => start + 1,
    })
}

/// Puts `tone` on the right vowel of a toneless syllable (canonical rule of [`tone_position`]).
pub fn place_tone(toneless: &str, tone: Tone) -> String {
    if tone == Tone::Level {
        return toneless.to_string();
    }
    match tone_position(toneless) {
        None => toneless.to_string(),
        Some(p) => toneless
            .chars()
            .enumerate()
            .map(|(i, c)| if i == p { with_tone(c, tone) } else { c })
            .collect(),
    }
}

/// Re-places the tone of every word in `s` by the canonical rule, so "hoá" and "hóa" compare
/// equal. Non-word characters are kept as they are; the result is NFC.
pub fn canonical_tone(s: &str) -> String {
    let s = nfc(s);
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            let (toneless, tone) = split_tone(word);
            out.push_str(&place_tone(&toneless, tone));
            word.clear();
        }
    };
    for c in s.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Tokens for accuracy metrics: `\w+` runs of the NFC text with canonical tone, lowercased.
pub fn metric_tokens(s: &str) -> Vec<String> {
    word_runs(&canonical_tone(s).to_lowercase())
}

/// Tokens of the OCR benchmarks: `\w+` runs of the NFC, lower-cased text, tones as printed
/// (a tone on the wrong vowel is an OCR error there).
pub fn caseless_tokens(s: &str) -> Vec<String> {
    word_runs(&nfc(s).to_lowercase())
}

/// `\w+` runs (`\w`: alphanumeric, '_', or a combining mark, as in Unicode regex; after NFC
/// Vietnamese has no combining marks, but a stray one must not split a token).
fn word_runs(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_' || matches!(c as u32, 0x300..=0x36F)))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

static QUARTER_ONES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(qu[yý])(\s+)([1Il|H]{1,3})(\s*/|\s+n[aă]m|\s*[,.;)]|\s*$)")
        .expect("quarter pattern")
});

/// "Quy" before a quarter's number: "quy" (rule) is never followed by one, so the mark the text
/// lost is the one of "Quý" (quarter); the language model sees a roman numeral as any number
/// and cannot tell.
static QUARTER_UNMARKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([Qq])uy(\s+)(I{1,3}|IV|[1-4]|11|111)(\s*/|\s+n[aă]m|\s*[,.;)]|\s*$)")
        .expect("unmarked quarter pattern")
});

/// A quarter's numeral run into its year, the slash lost ("Quý I2024", "Quý 12024", "Quý l
/// 2024"): a year has four digits, so the strokes before it are the numeral.
static QUARTER_GLUED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(qu[yý])(\s+)([1Il|H]{1,3}V?|[1Il|]?V)[ \t]*((?:19|20)\d\d)(?-u:\b)")
        .expect("quarter glued to its year")
});

/// `re.replace_all` on an owned text: the text itself where nothing matched, with one scan and
/// no copy (an `is_match` check before `replace_all` scans twice where something matches).
pub fn replace_all_owned<R: regex::Replacer>(re: &Regex, text: String, rep: R) -> String {
    let replaced = match re.replace_all(&text, rep) {
        std::borrow::Cow::Owned(s) => Some(s),
        std::borrow::Cow::Borrowed(_) => None,
    };
    replaced.unwrap_or(text)
}

/// "Quý 1/2024" read by OCR becomes "Quý I/2024": plans number quarters in roman numerals, and
/// a capital I, a small l, a bar and the digit 1 are one stroke to an OCR engine; two strokes
/// set close read as an H ("Quý IH/2024" for "Quý III/2024"). Only such strokes are touched,
/// three at most ("Quý 2/2024" has no look-alike reading). "Quy I" (the mark lost) becomes
/// "Quý I". A numeral run into its year gets its slash back ("Quý I2024" → "Quý I/2024").
pub fn roman_quarters(text: String) -> String {
    let text = replace_all_owned(&QUARTER_GLUED_YEAR, text, |c: &regex::Captures| {
        format!("{}{}{}/{}", &c[1], &c[2], &c[3], &c[4])
    });
    let text = replace_all_owned(&QUARTER_UNMARKED, text, |c: &regex::Captures| {
        format!("{}uý{}{}{}", &c[1], &c[2], &c[3], &c[4])
    });
    replace_all_owned(&QUARTER_ONES, text, |c: &regex::Captures| {
        let strokes: usize = c[3]
            .chars()
            .map(|x| if matches!(x, 'H' | 'h') { 2 } else { 1 })
            .sum();
        if strokes > 3 {
            return c[0].to_string();
        }
        format!("{}{}{}{}", &c[1], &c[2], "I".repeat(strokes), &c[4])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_words_are_trimmed() {
        let bare = |w: &str| !w.chars().any(char::is_alphanumeric);
        assert_eq!(trim_words("| a b ¬ .", bare, bare), "a b");
        assert_eq!(trim_words("- a –", |_| false, bare), "- a");
        assert_eq!(trim_words(". |", bare, bare), "");
        assert_eq!(trim_words("a", bare, bare), "a");
        assert_eq!(trim_words("x .", |_| false, |w| w == "x" || w == "."), "");
    }

    #[test]
    fn capitalise_raises_the_first_char_only() {
        assert_eq!(capitalise("hà tĩnh"), "Hà tĩnh");
        assert_eq!(capitalise("đề án"), "Đề án");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn tone_split_and_place_round_trip() {
        for w in [
            "hóa", "thủy", "người", "quyết", "giữa", "khuỷu", "hoài", "Đề", "ĐỀ", "tiếng", "mưa",
            "gì", "quý", "xoáy", "Ủy",
        ] {
            let (t, tone) = split_tone(w);
            assert_eq!(place_tone(&t, tone), nfc(w), "{w}");
        }
    }

    #[test]
    fn both_conventions_canonicalise_alike() {
        assert_eq!(canonical_tone("hoá thuỷ"), canonical_tone("hóa thủy"));
        assert_eq!(canonical_tone("Tự động hoá."), "Tự động hóa.");
        assert_eq!(canonical_tone("toán hoàn"), "toán hoàn");
    }

    #[test]
    fn font_substitutes_become_vietnamese_letters() {
        assert_eq!(
            fix_font_substitutes("Quảng Xƣơng, NGƢỜI"),
            "Quảng Xương, NGƯỜI"
        );
        // A decomposed tone on the substitute composes onto the real letter.
        assert_eq!(fix_font_substitutes("lƣ\u{309}"), "lử");
    }

    #[test]
    fn strip_and_fold() {
        assert_eq!(
            strip_marks("Đề án Phát triển ứng dụng"),
            "De an Phat trien ung dung"
        );
        assert_eq!(fold_whitespace("  a \t b\n c "), "a b c");
    }

    #[test]
    fn metric_tokens_lowercase_and_canonical() {
        assert_eq!(
            metric_tokens("Hoá, 06/QĐ-TTg!"),
            vec!["hóa", "06", "qđ", "ttg"]
        );
    }

    #[test]
    fn quarter_numerals() {
        assert_eq!(
            roman_quarters("Quý 1/2024, quý 11 năm 2025; Quý 2/2024; Quý 1".into()),
            "Quý I/2024, quý II năm 2025; Quý 2/2024; Quý I"
        );
        assert_eq!(roman_quarters("số 1 quý".into()), "số 1 quý");
        assert_eq!(
            roman_quarters("Quý IH/2024; Quý Il năm 2024; quý H/2025; Quý HH/2024".into()),
            "Quý III/2024; Quý II năm 2024; quý II/2025; Quý HH/2024"
        );
        assert_eq!(
            roman_quarters("Quy I năm 2024; quy IV/2025, Quy 1/2024; quy định, quy 5/2024".into()),
            "Quý I năm 2024; quý IV/2025, Quý I/2024; quy định, quy 5/2024"
        );
        // The slash lost between the numeral and the year.
        assert_eq!(
            roman_quarters("Quý I2024; Quý 12024; Quý l 2024; Quý IV2025; Quý 2024".into()),
            "Quý I/2024; Quý I/2024; Quý I/2024; Quý IV/2025; Quý 2024"
        );
    }
}
