//! The Vietnamese syllable inventory, generated from the orthography's rules.
//!
//! Restoration never invents a syllable Vietnamese cannot spell, so the candidate space is the
//! closed set of written syllables: initial consonant × rhyme × tone, minus the combinations the
//! spelling rules forbid (k/gh/ngh only before front vowels, stop-final rhymes carry only the
//! acute or dot tone, "qu" already holds the medial u). Generating the set from rules rather than
//! copying a word list means every spelling a plan could contain is reachable even when no
//! training text used it; the language model then tells likely from merely possible.

use kehoach_core::text::{place_tone, tone_position_in, Tone};

/// Initial consonants, "" for a syllable that starts with its vowel.
pub const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Rhymes (vowel nucleus with its glide and final), toneless.
pub const RHYMES: &[&str] = &[
    "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ac", "ach", "ap", "at", "ăm", "ăn",
    "ăng", "ăc", "ăp", "ăt", "âu", "ây", "âm", "ân", "âng", "âc", "âp", "ât", "e", "eo", "em",
    "en", "eng", "ec", "ep", "et", "ê", "êu", "êm", "ên", "ênh", "êch", "êp", "êt", "i", "ia",
    "iu", "im", "in", "inh", "ich", "ip", "it", "iêu", "iêm", "iên", "iêng", "iêc", "iêp", "iêt",
    "yêu", "yêm", "yên", "yêt", "o", "oi", "om", "on", "ong", "oc", "op", "ot", "oa", "oai", "oao",
    "oay", "oam", "oan", "oang", "oanh", "oac", "oach", "oap", "oat", "oăm", "oăn", "oăng", "oăc",
    "oăt", "oe", "oeo", "oen", "oet", "ô", "ôi", "ôm", "ôn", "ông", "ôc", "ôp", "ôt", "ơ", "ơi",
    "ơm", "ơn", "ơp", "ơt", "u", "ua", "ui", "um", "un", "ung", "uc", "up", "ut", "uân", "uâng",
    "uât", "uây", "uê", "uêch", "uênh", "uôi", "uôm", "uôn", "uông", "uôc", "uôt", "uy", "uya",
    "uych", "uyên", "uyêt", "uyn", "uynh", "uyt", "uyu", "ư", "ưa", "ưi", "ưu", "ưm", "ưn", "ưng",
    "ưc", "ưt", "ươi", "ươu", "ươm", "ươn", "ương", "ươc", "ươp", "ươt", "y", "ooc", "oong", "uơ",
    "yêng", "ynh", "yt", "ych", "yn", "yu",
];

fn is_front(rhyme: &str) -> bool {
    matches!(rhyme.chars().next(), Some('i' | 'e' | 'ê' | 'y'))
}

fn stop_final(rhyme: &str) -> bool {
    rhyme.ends_with('c') || rhyme.ends_with("ch") || rhyme.ends_with('p') || rhyme.ends_with('t')
}

/// Whether the orthography allows `initial` + `rhyme` (toneless).
pub fn allowed(initial: &str, rhyme: &str) -> bool {
    // Rhymes written with "y" after the medial u exist only after "qu" (quýt, quỳnh).
    if initial != "qu" && matches!(rhyme, "ynh" | "yt" | "ych" | "yn" | "yu") {
        return false;
    }
    let front = is_front(rhyme);
    let first = rhyme.chars().next().unwrap_or('a');
    match initial {
        // k, gh, ngh only before front vowels; c, g, ng never before them.
        "k" | "gh" | "ngh" => front && !rhyme.starts_with("yê"),
        "c" | "ng" => !front,
        "g" => !front || first == 'i',
        // "qu" holds the medial u: no rhyme starting with o/u/ư ("quốc" is qu + ôc).
        "qu" => matches!(first, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'y' | 'ơ' | 'ô'),
        // "gi" + i is written "gi" (gì, gìn) and generated from "g".
        "gi" => first != 'i' && !rhyme.starts_with("yê"),
        // "yê" only opens a syllable (yên) or follows the medial u (uyên).
        "" => !rhyme.starts_with("iê"),
        _ => !rhyme.starts_with("yê"),
    }
}

/// All toneless syllables (lowercase NFC).
pub fn toneless_syllables() -> Vec<String> {
    let mut out = Vec::new();
    for ini in INITIALS {
        for r in RHYMES {
            if allowed(ini, r) {
                out.push(format!("{ini}{r}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `place_tone` through the fast tables. Generating the inventory is a fifth of model
/// start-up, and the core helper composes every marked letter through Unicode normalisation.
fn place(toneless: &str, tone: Tone) -> String {
    if tone == Tone::Level {
        return toneless.to_string();
    }
    let mut chars: Vec<char> = toneless.chars().collect();
    match tone_position_in(&chars) {
        Some(p) => {
            chars[p] = crate::fast::with_tone(chars[p], tone);
            chars.into_iter().collect()
        }
        None => place_tone(toneless, tone),
    }
}

/// Every written syllable with every tone it may carry, lowercase NFC, canonical tone placement.
pub fn syllables() -> Vec<String> {
    let mut out = Vec::new();
    for s in toneless_syllables() {
        let tones: &[Tone] = if stop_final(&s) {
            &[Tone::Acute, Tone::Dot]
        } else {
            &Tone::ALL
        };
        for &t in tones {
            out.push(place(&s, t));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kehoach_core::text::canonical_tone;
    use std::collections::HashSet;

    #[test]
    fn common_syllables_present_and_impossible_absent() {
        let set: HashSet<String> = syllables().into_iter().collect();
        for w in [
            "người",
            "nghiệp",
            "quyết",
            "giấy",
            "khuỷu",
            "đề",
            "án",
            "hóa",
            "thủy",
            "chuyển",
            "tuyến",
            "gì",
            "yên",
            "trường",
            "ứng",
            "xã",
            "của",
            "việc",
            "quốc",
            "hoạch",
        ] {
            let c = canonical_tone(w);
            assert!(set.contains(&c), "{w} missing");
        }
        for w in [
            "ce", "ci", "ngi", "gha", "ka", "ngha", "quo", "hoàc", "cé", "iên",
        ] {
            assert!(!set.contains(&canonical_tone(w)), "{w} present");
        }
        assert!(set.contains("kế"));
        assert!(set.len() > 8000 && set.len() < 30000, "{}", set.len());
    }

    #[test]
    fn table_placement_equals_the_core_rule() {
        for s in toneless_syllables() {
            for t in Tone::ALL {
                assert_eq!(place(&s, t), place_tone(&s, t), "{s} {t:?}");
            }
        }
    }

    #[test]
    fn stop_finals_only_take_acute_or_dot() {
        let set: HashSet<String> = syllables().into_iter().collect();
        assert!(set.contains("các") && set.contains("cạc"));
        assert!(!set.contains("càc") && !set.contains("cac"));
    }
}
