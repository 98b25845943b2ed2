//! Table-driven versions of the tone helpers of `kehoach_core::text`, for the hot paths.
//!
//! The core helpers go through Unicode decomposition for every call, which is correct for any
//! input but dominated start-up (hundreds of thousands of dictionary words) and decoding time.
//! Vietnamese has a closed set of precomposed letters, so one table built once answers the same
//! questions with a hash lookup. Tests check equality with the core helpers on the whole
//! inventory and the word list.

use kehoach_core::text::Tone;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

struct Tables {
    /// letter → (letter without tone, tone, ASCII base)
    split: FxHashMap<char, (char, Tone, char)>,
    /// (letter without tone, tone) → letter
    join: FxHashMap<(char, Tone), char>,
    /// `split` for the code points of [`dense_index`]: the per-char hot path is an array read.
    dense: Vec<Option<(char, Tone, char)>>,
}

/// Position in `Tables::dense` of the Latin blocks holding every Vietnamese letter (Latin-1,
/// Latin Extended-A/B up to ư, Latin Extended Additional from ạ).
#[inline]
pub(crate) fn dense_index(c: char) -> Option<usize> {
    let u = c as u32;
    if u < 0x250 {
        Some(u as usize)
    } else if (0x1ea0..0x1f00).contains(&u) {
        Some(0x250 + (u - 0x1ea0) as usize)
    } else {
        None
    }
}

/// (letter without tone, tone, ASCII base) of a letter of the tables.
#[inline]
fn split(t: &Tables, c: char) -> Option<(char, Tone, char)> {
    match dense_index(c) {
        Some(i) => t.dense[i],
        None => t.split.get(&c).copied(),
    }
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut split = FxHashMap::default();
        let mut join = FxHashMap::default();
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYbcdđghklmnpqrstvxfjwzBCDĐGHKLMNPQRSTVXFJWZ".chars()
        {
            let ascii = kehoach_core::text::base_letter(base);
            for t in Tone::ALL {
                let c = kehoach_core::text::with_tone(base, t);
                if t != Tone::Level && c == base {
                    continue;
                }
                split.insert(c, (base, t, ascii));
                join.insert((base, t), c);
            }
        }
        let dense = (0..0x250u32)
            .chain(0x1ea0..0x1f00)
            .map(|u| split.get(&char::from_u32(u).unwrap()).copied())
            .collect();
        Tables { split, join, dense }
    })
}

/// The ASCII letter under all marks ('ấ' → 'a', 'Đ' → 'D'); other characters unchanged.
#[inline]
pub fn base(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    split(tables(), c).map_or(c, |x| x.2)
}

/// The letter without its tone, shape marks kept ('ệ' → 'ê').
#[inline]
pub fn untone(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    split(tables(), c).map_or(c, |x| x.0)
}

/// `kehoach_core::text::with_tone` by table: the toneless letter carrying `tone` ('ô', acute
/// → 'ố'); letters that cannot carry a tone are returned unchanged.
#[inline]
pub fn with_tone(c: char, tone: Tone) -> char {
    if tone == Tone::Level {
        return c;
    }
    tables().join.get(&(c, tone)).copied().unwrap_or(c)
}

/// Canonical-tone form of one word of letters (NFC input), or None when the word has something
/// the tables do not cover (then the caller uses the core helper).
pub fn canonical_word(word: &str) -> Option<String> {
    let t = tables();
    let mut toneless: Vec<char> = Vec::with_capacity(word.len());
    let mut tone = Tone::Level;
    for c in word.chars() {
        if c.is_ascii_alphabetic() {
            toneless.push(c);
            continue;
        }
        let (tl, tn, _) = split(t, c)?;
        if tn != Tone::Level {
            if tone != Tone::Level {
                return None;
            }
            tone = tn;
        }
        toneless.push(tl);
    }
    if tone == Tone::Level {
        return Some(toneless.into_iter().collect());
    }
    let pos = kehoach_core::text::tone_position_in(&toneless)?;
    let marked = *t.join.get(&(toneless[pos], tone))?;
    toneless[pos] = marked;
    Some(toneless.into_iter().collect())
}

/// Lowercase canonical-tone key of a token (see `model::lookup_key`).
pub fn lookup_key(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    if let Some(k) = lookup_key_letters(s) {
        return k;
    }
    let lower: String = s.chars().flat_map(char::to_lowercase).collect();
    if lower.chars().all(char::is_alphabetic) {
        if let Some(k) = canonical_word(&lower) {
            return k;
        }
    }
    kehoach_core::text::canonical_tone(&lower)
}

/// [`lookup_key`] of a word of at most 24 letters that lowercase to one letter of the tables
/// each, in one pass without intermediate strings; None for anything else (and wherever
/// [`canonical_word`] gives up), which then takes the general path.
fn lookup_key_letters(s: &str) -> Option<String> {
    let t = tables();
    let mut toneless = ['\0'; 24];
    let mut n = 0;
    let mut tone = Tone::Level;
    for c in s.chars() {
        let mut lower = c.to_lowercase();
        let l = lower.next()?;
        if lower.next().is_some() || n == toneless.len() {
            return None;
        }
        toneless[n] = if l.is_ascii_alphabetic() {
            l
        } else {
            let (tl, tn, _) = split(t, l)?;
            if tn != Tone::Level {
                if tone != Tone::Level {
                    return None;
                }
                tone = tn;
            }
            tl
        };
        n += 1;
    }
    let toneless = &mut toneless[..n];
    if tone != Tone::Level {
        let pos = kehoach_core::text::tone_position_in(toneless)?;
        toneless[pos] = *t.join.get(&(toneless[pos], tone))?;
    }
    Some(toneless.iter().collect())
}

/// ASCII skeleton: lowercase, no marks.
pub fn skeleton(s: &str) -> String {
    s.chars()
        .map(|c| base(c).to_lowercase().next().unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_core::text::{canonical_tone, strip_marks};

    #[test]
    fn agrees_with_core_helpers() {
        let mut words: Vec<String> = crate::inventory::syllables();
        for l in crate::WORD_LIST.lines().take(5000) {
            words.extend(l.split(' ').map(str::to_string));
        }
        words.extend(["Hoá", "THUỶ", "Quốc", "giữa", "GIỮA", "Đề"].map(str::to_string));
        // Garbled, mixed and foreign tokens take the general path.
        words.extend(
            [
                "Hién",
                "M6",
                "s¢'",
                "hóá",
                "İstanbul",
                "Ñandú",
                "ĐÀNẴNG",
                "x".repeat(30).as_str(),
            ]
            .map(str::to_string),
        );
        for w in &words {
            let w = kehoach_core::text::nfc(w);
            assert_eq!(lookup_key(&w), canonical_tone(&w.to_lowercase()), "{w}");
            assert_eq!(skeleton(&w), strip_marks(&w).to_lowercase(), "{w}");
        }
        assert_eq!(untone('ệ'), 'ê');
        // The dense tables answer like the map for every char.
        let t = tables();
        for u in (0..0x3000u32).chain(0x1e00..0x2000) {
            let Some(c) = char::from_u32(u) else { continue };
            let want = t.split.get(&c);
            assert_eq!(
                base(c),
                if c.is_ascii() {
                    c
                } else {
                    want.map_or(c, |x| x.2)
                }
            );
            assert_eq!(
                untone(c),
                if c.is_ascii() {
                    c
                } else {
                    want.map_or(c, |x| x.0)
                }
            );
        }
        assert_eq!(base('Đ'), 'D');
    }
}
