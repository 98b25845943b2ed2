//! Place names. A plan names its province, district and communes again and again, and the
//! language model knows none of them: "huyen Vu Ban" has a dozen plausible markings. The
//! gazetteer of administrative units settles a name where the text itself says what it is
//! ("huyện", "xã", … before it); the document then remembers the name and restores its other,
//! unmarked mentions ("Vu Ban - My Loc") the same way.

use crate::fast::{base, skeleton};
use kehoach_core::lexicon::{ADMINISTRATIVE_LEVELS, HIGHER_LEVELS};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Unit words, by skeleton, and the gazetteer's spelling of the unit.
static UNITS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    ADMINISTRATIVE_LEVELS
        .iter()
        .map(|&unit| (skeleton(unit), unit))
        .collect()
});

/// Longest name considered, in syllables.
const MAX_NAME: usize = 4;

/// Administrative units: (unit, skeleton of name) → spellings.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    names: FxHashMap<(String, String), Vec<String>>,
    /// Every name of two words or more, as the gazetteer spells it, and in capitals (a
    /// header's "HUYỆN HÒA VANG").
    spelled: FxHashSet<String>,
    spelled_upper: FxHashSet<String>,
    /// How many names use each syllable, lower-cased: the prior of a syllable in a name.
    syllable_uses: FxHashMap<String, u32>,
}

impl Gazetteer {
    /// Parses `unit<TAB>name` lines (unit in lower case, as [`ADMINISTRATIVE_LEVELS`] spells it).
    pub fn from_tsv(tsv: &str) -> Gazetteer {
        let mut names: FxHashMap<(String, String), Vec<String>> = FxHashMap::default();
        let mut spelled = FxHashSet::default();
        let mut syllable_uses: FxHashMap<String, u32> = FxHashMap::default();
        // The source list prints some names with their unit word ("Thành phố Hà Nội", "Thị
        // Trấn Ngọc Lặc"), where the text writes "thành phố Hà Nội": such a name is also known
        // without it ("Phường Đúc", a ward's real name, keeps both).
        let lines = tsv
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(unit, name)| {
                let bare = name
                    .get(..unit.len())
                    .filter(|head| head.to_lowercase() == unit)
                    .and_then(|_| name[unit.len()..].strip_prefix(' '))
                    .filter(|rest| !rest.is_empty());
                std::iter::once((unit, name)).chain(bare.map(|b| (unit, b)))
            });
        for (unit, name) in lines {
            for syl in name.split(' ') {
                *syllable_uses.entry(syl.to_lowercase()).or_default() += 1;
            }
            let v = names.entry((unit.to_string(), skeleton(name))).or_default();
            if !v.iter().any(|x| x == name) {
                v.push(name.to_string());
            }
            if name.contains(' ') {
                spelled.insert(name.to_string());
            }
        }
        let spelled_upper = spelled.iter().map(|n| n.to_uppercase()).collect();
        Gazetteer {
            names,
            spelled,
            spelled_upper,
            syllable_uses,
        }
    }

    /// How many of the gazetteer's names use `syllable` (any case). Vietnamese names draw on a
    /// small stock of syllables ("Bảo", "Minh", "Thành"), so this count is a prior for how a
    /// name the lexicon lacks is marked ("Khu công nghiệp Bao Minh": "Bảo" is in 43 names,
    /// "Báo" in one).
    pub fn syllable_uses(&self, syllable: &str) -> u32 {
        self.syllable_uses
            .get(&syllable.to_lowercase())
            .copied()
            .unwrap_or(0)
    }

    /// Byte ranges of `line` that print a place name of two words or more exactly as the
    /// gazetteer spells it, marks and capitals included ("Nghi Sơn"), or all in capitals ("HÒA
    /// VANG" in a header, once the document's names gave it its marks). Such a run is the name:
    /// restoration leaves its words alone, where the language model, which has never seen the
    /// name, would change them ("Nghỉ Sơn").
    pub fn printed_names(&self, line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if line.is_ascii() {
            return out;
        }
        let ws = words(line);
        let capital = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
        let mut i = 0;
        while i < ws.len() {
            let run = ws[i..]
                .iter()
                .take(MAX_NAME)
                .take_while(|w| capital(w))
                .count();
            let found = (2..=run).rev().find(|&n| {
                let span = &line[ws[i].start..ws[i + n - 1].end];
                !span.is_ascii()
                    && (self.spelled.contains(span) || self.spelled_upper.contains(span))
            });
            match found {
                Some(n) => {
                    out.push((ws[i].start, ws[i + n - 1].end));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The one spelling of a unit's name with this skeleton, if the gazetteer has exactly one.
    fn unique(&self, unit: &str, skel: &str) -> Option<&str> {
        match self.names.get(&(unit.to_string(), skel.to_string())) {
            Some(v) if v.len() == 1 => Some(&v[0]),
            _ => None,
        }
    }
}

/// A word of a line: byte range and text without surrounding punctuation.
struct Word<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for chunk in line.split(char::is_whitespace) {
        let start = pos;
        pos += chunk.len() + 1;
        let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            continue;
        }
        // `core` is a slice of `chunk`: its offset, not a substring search (the trimmed
        // prefix holds no alphanumeric char, so the first occurrence is this one).
        let off = start + (core.as_ptr() as usize - chunk.as_ptr() as usize);
        out.push(Word {
            start: off,
            end: off + core.len(),
            text: core,
        });
    }
    out
}

/// Whether a word may be a unit word ("huyện", "xã", "phường", "thị trấn" …): every unit's
/// skeleton starts with one of these letters, so most words are ruled out without building one.
fn may_open_unit(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| matches!(base(c).to_ascii_lowercase(), 't' | 'h' | 'q' | 'x' | 'p'))
}

/// A capitalised (or all-capitals) word without marks, as an unmarked or stripped text prints
/// a name.
fn is_bare_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && w.chars().all(|c| c.is_ascii_alphabetic())
        && (w.chars().skip(1).all(|c| c.is_ascii_lowercase())
            || w.chars().all(|c| c.is_ascii_uppercase()))
}

/// The skeleton of consecutive words, joined by single spaces (the gazetteer's key).
fn skeleton_of(ws: &[Word]) -> String {
    skeleton(&ws.iter().map(|w| w.text).collect::<Vec<_>>().join(" "))
}

/// How many of the leading words could be a name (at most [`MAX_NAME`]).
fn name_run(ws: &[Word]) -> usize {
    ws.iter()
        .take(MAX_NAME)
        .take_while(|w| is_bare_name_word(w.text))
        .count()
}

/// Names one document uses: skeleton → spelling.
#[derive(Debug, Clone, Default)]
pub struct DocNames {
    known: FxHashMap<String, String>,
    /// The syllables of the known names, as spelled.
    syllables: FxHashSet<String>,
    /// Units the document names, by a number ("Quận 8", "Phường 4") or a learned name
    /// ("phường Trần Hưng Đạo"): (unit word's skeleton, name's skeleton) → the unit word's
    /// spelling. The name settles what the unit word is, where the language model would read
    /// "Quan 8" or "PHUONG TRAN HUNG DAO" with a word it knows better ("quan", "phương").
    /// One-word units only.
    units: FxHashMap<(String, String), &'static str>,
}

impl DocNames {
    /// Learns the names `text` introduces with a unit word ("huyen Vu Ban" → "Vụ Bản").
    pub fn learn(gaz: &Gazetteer, text: &str) -> DocNames {
        let mut known = FxHashMap::default();
        let mut units = FxHashMap::default();
        // Every name a unit word introduced, decided or not.
        let mut introduced: FxHashSet<String> = FxHashSet::default();
        for line in text.lines() {
            let ws = words(line);
            let mut i = 0;
            while i < ws.len() {
                // The unit word: one or two words ("thị trấn").
                if !may_open_unit(ws[i].text) {
                    i += 1;
                    continue;
                }
                let mut hit = None;
                for len in [2usize, 1] {
                    if i + len > ws.len() {
                        continue;
                    }
                    let sk = skeleton_of(&ws[i..i + len]);
                    if let Some((_, unit)) = UNITS.iter().find(|(s, _)| *s == sk) {
                        hit = Some((len, *unit));
                        break;
                    }
                }
                let Some((ulen, unit)) = hit else {
                    i += 1;
                    continue;
                };
                let first = i + ulen;
                if let Some(n) = ws
                    .get(first)
                    .filter(|w| w.text.bytes().all(|b| b.is_ascii_digit()))
                {
                    if ulen == 1 && gaz.unique(unit, n.text).is_some() {
                        units.insert((skeleton(ws[i].text), n.text.to_string()), unit);
                    }
                }
                let run = name_run(&ws[first..]);
                // The longest run the gazetteer knows as this unit's name.
                for n in (1..=run).rev() {
                    let sk = skeleton_of(&ws[first..first + n]);
                    introduced.insert(sk.clone());
                    if let Some(name) = gaz.unique(unit, &sk) {
                        if ulen == 1 {
                            units.insert((skeleton(ws[i].text), sk.clone()), unit);
                        }
                        // Two units may share a skeleton with different spellings: then the
                        // document does not decide, and nothing is remembered.
                        match known.get(&sk) {
                            Some(prev) if prev != name => {
                                known.insert(sk, String::new());
                            }
                            _ => {
                                known.insert(sk, name.to_string());
                            }
                        }
                        break;
                    }
                }
                i = first.max(i + 1);
            }
        }
        // A district or province named without its unit word ("Vụ Bản - Mỹ Lộc"): two
        // capitalised words in a row whose skeleton is the name of exactly one such unit, and
        // which no unit word of the document introduced (a "xã Dong Son" that could be Đông Sơn
        // or Đồng Sơn leaves "Dong Son" undecided everywhere). Communes are left out: ten
        // thousand of them make common word pairs look like names.
        for line in text.lines() {
            let ws = words(line);
            for i in 0..ws.len().saturating_sub(1) {
                if !(is_bare_name_word(ws[i].text) && is_bare_name_word(ws[i + 1].text)) {
                    continue;
                }
                let sk = skeleton_of(&ws[i..i + 2]);
                if known.contains_key(&sk) || introduced.contains(&sk) {
                    continue;
                }
                let mut names = HIGHER_LEVELS.iter().filter_map(|u| gaz.unique(u, &sk));
                if let Some(name) = names.next() {
                    if names.all(|m| m == name) {
                        known.insert(sk, name.to_string());
                    }
                }
            }
        }
        known.retain(|_, v| !v.is_empty());
        // As spelled, and in capitals for a header's lines ("PHƯỜNG TRẦN HƯNG ĐẠO").
        let syllables = known
            .values()
            .flat_map(|n| n.split(' ').flat_map(|w| [w.to_string(), w.to_uppercase()]))
            .collect();
        DocNames {
            known,
            syllables,
            units,
        }
    }

    /// Whether `word` spells a syllable of a learned name exactly (capitalised, marked): such a
    /// word is evidence the decoder must not overrule with its language model, which has never
    /// seen the name. So is the word of a unit the document names by a number or a name, spelled
    /// with its marks ("Quận", "quận" where the plan is about "Quận 8").
    pub fn protects(&self, word: &str) -> bool {
        if word.is_ascii() {
            return false;
        }
        if word.chars().next().is_some_and(char::is_uppercase) && self.syllables.contains(word) {
            return true;
        }
        if self.units.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        self.units.values().any(|u| lower == *u)
    }

    /// The one learned name a run's skeleton is a misreading of: as many words, each word the
    /// name's or, when that has three letters or more, within one edit of it and starting with
    /// the same letter ("Qudng Xwong" for
    /// "Quảng Xương": OCR read "ả" as "d" and "ư" as "w"). None when no name or several fit.
    fn near(&self, sk: &str) -> Option<&String> {
        let words: Vec<Vec<char>> = sk.split(' ').map(|w| w.chars().collect()).collect();
        let mut found = None;
        for (name_sk, name) in &self.known {
            let fits = name_sk.split(' ').count() == words.len()
                && name_sk.split(' ').zip(&words).all(|(nw, w)| {
                    let nw: Vec<char> = nw.chars().collect();
                    nw == *w
                        || (nw.len() >= 3 && nw[0] == w[0] && crate::edit::levenshtein(&nw, w) <= 1)
                });
            if fits {
                if found.is_some() {
                    return None;
                }
                found = Some(name);
            }
        }
        found
    }

    /// The spelling, in the word's case, of a one-word unit without marks at `ws[i]` followed
    /// by a number or name the document names such a unit by ("QUAN 8" → "QUẬN", "phuong Tran
    /// Hung Dao" → "phường"), if it differs from the word.
    fn unit_word(&self, line: &str, ws: &[Word], i: usize) -> Option<String> {
        let w = ws[i].text;
        let next = ws.get(i + 1)?;
        if self.units.is_empty()
            || !w.is_ascii()
            || !may_open_unit(w)
            || &line[ws[i].end..next.start] != " "
        {
            return None;
        }
        let unit_sk = skeleton(w);
        let unit = (1..=MAX_NAME.min(ws.len() - i - 1)).find_map(|n| {
            let span = &line[next.start..ws[i + n].end];
            if span.split(' ').count() != n {
                return None;
            }
            self.units.get(&(unit_sk.clone(), skeleton(span)))
        })?;
        let spelled = if w.chars().all(|c| c.is_ascii_uppercase()) {
            unit.to_uppercase()
        } else if w.chars().next().is_some_and(char::is_uppercase) {
            kehoach_core::text::capitalise(unit)
        } else {
            unit.to_string()
        };
        (spelled != w).then_some(spelled)
    }

    /// Gives every unmarked mention of a learned name its spelling. Only runs of capitalised
    /// unmarked words are touched, so a name the text already marks stays as printed.
    pub fn apply(&self, line: &str) -> String {
        if self.known.is_empty() && self.units.is_empty()
            || line.is_ascii() && !line.chars().any(|c| c.is_uppercase()) && self.units.is_empty()
        {
            return line.to_string();
        }
        let ws = words(line);
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            if let Some(unit) = self.unit_word(line, &ws, i) {
                edits.push((ws[i].start, ws[i].end, unit));
                i += 1;
                continue;
            }
            if !is_bare_name_word(ws[i].text) {
                i += 1;
                continue;
            }
            let run = name_run(&ws[i..]);
            let mut step = 1;
            for n in (2..=run).rev() {
                // Words of a name are separated by single spaces only.
                let span = &line[ws[i].start..ws[i + n - 1].end];
                let sk = skeleton(span);
                if span.split(' ').count() != n {
                    continue;
                }
                if let Some(name) = self.known.get(&sk).or_else(|| self.near(&sk)) {
                    let caps = !span.chars().any(|c| c.is_lowercase());
                    let name = if caps {
                        name.to_uppercase()
                    } else {
                        name.clone()
                    };
                    edits.push((ws[i].start, ws[i + n - 1].end, name));
                    step = n;
                    break;
                }
            }
            i += step;
        }
        if edits.is_empty() {
            return line.to_string();
        }
        let mut out = String::with_capacity(line.len() + 8);
        let mut pos = 0;
        for (s, e, name) in edits {
            out.push_str(&line[pos..s]);
            out.push_str(&name);
            pos = e;
        }
        out.push_str(&line[pos..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_listed_with_its_unit_word_is_known_without_it() {
        let gaz = Gazetteer::from_tsv("thành phố\tThành phố Hà Nội\n");
        let text = "UBND thanh pho Ha Noi";
        let names = DocNames::learn(&gaz, text);
        assert_eq!(names.apply(text), "UBND thanh pho Hà Nội");
        // As listed, too.
        assert!(gaz.unique("thành phố", "thanh pho ha noi").is_some());
    }

    #[test]
    fn every_level_passes_the_first_letter_test() {
        for level in ADMINISTRATIVE_LEVELS {
            assert!(may_open_unit(level), "{level}");
            assert!(may_open_unit(&level.to_uppercase()), "{level}");
        }
    }

    #[test]
    fn names_introduced_by_a_unit_are_restored_everywhere() {
        let gaz = Gazetteer::from_tsv(
            "huyện\tVụ Bản\nhuyện\tMỹ Lộc\nxã\tMỹ Lộc\nxã\tĐông Sơn\nxã\tĐồng Sơn\nhuyện\tĐông Sơn\n",
        );
        let text = "UBND huyen Vu Ban ban hanh\nCuc Thong ke Vu Ban - My Loc\nhuyen My Loc; xa Dong Son\nTrung tam Dong Son";
        let names = DocNames::learn(&gaz, text);
        let out: Vec<String> = text.lines().map(|l| names.apply(l)).collect();
        assert_eq!(out[0], "UBND huyện Vụ Bản ban hanh");
        assert_eq!(out[1], "Cuc Thong ke Vụ Bản - Mỹ Lộc");
        // "xã Dong Son" could be Đông Sơn or Đồng Sơn: undecided, kept.
        assert_eq!(out[2], "huyện Mỹ Lộc; xa Dong Son");
        assert_eq!(out[3], "Trung tam Dong Son");
        // The unit word before a learned name takes its marks too.
        assert_eq!(names.apply("HUYEN VU BAN"), "HUYỆN VỤ BẢN");
        assert!(names.protects("VỤ") && names.protects("huyện"));
        assert!(names.protects("Bản") && !names.protects("bản") && !names.protects("Ban"));
        // A misreading of one letter per word is the learned name; two letters are not.
        assert_eq!(names.apply("Cuc Thong ke Vu Bdn"), "Cuc Thong ke Vụ Bản");
        assert_eq!(names.apply("Trung tam Mw Lec"), "Trung tam Mw Lec");
    }

    #[test]
    fn a_district_named_without_its_unit_word_is_restored() {
        let gaz = Gazetteer::from_tsv("huyện\tVụ Bản\nhuyện\tMỹ Lộc\nxã\tMỹ Thành\n");
        let text = "Cuc Thong ke khu vuc Vu Ban - My Loc\nxa My Thanh; My Thanh";
        let names = DocNames::learn(&gaz, text);
        let out: Vec<String> = text.lines().map(|l| names.apply(l)).collect();
        assert_eq!(out[0], "Cuc Thong ke khu vuc Vụ Bản - Mỹ Lộc");
        // A commune only by its unit word.
        assert_eq!(out[1], "xã Mỹ Thành; Mỹ Thành");
    }

    #[test]
    fn names_printed_as_the_gazetteer_spells_them_are_found() {
        let gaz = Gazetteer::from_tsv("thị xã\tNghi Sơn\nhuyện\tVụ Bản\n");
        let line = "BQL Khu kinh tế Nghi Sơn và Vụ Bản, Nghi Son, nghi Sơn";
        let found = |line: &str| -> Vec<String> {
            gaz.printed_names(line)
                .iter()
                .map(|&(a, b)| line[a..b].to_string())
                .collect()
        };
        assert_eq!(found(line), ["Nghi Sơn", "Vụ Bản"]);
        // In capitals too (a header's line), with the marks; not without them.
        assert_eq!(found("HUYỆN VỤ BẢN, VỤ BAN"), ["VỤ BẢN"]);
    }

    #[test]
    fn a_unit_named_by_a_number_gets_its_marks() {
        let gaz = Gazetteer::from_tsv("quận\t8\nphường\t4\nhuyện\tVụ Bản\n");
        let text = "UY BAN NHAN DAN\nQUAN 8\nQuan 8, ngay 05; phuong 4 va quan 8";
        let names = DocNames::learn(&gaz, text);
        assert_eq!(names.apply("QUAN 8"), "QUẬN 8");
        assert_eq!(
            names.apply("Quan 8, ngay 05; phuong 4 va quan 8"),
            "Quận 8, ngay 05; phường 4 va quận 8"
        );
        // A number the gazetteer has for no such unit, or no number: left alone.
        assert_eq!(names.apply("quan 9 va quan tam"), "quan 9 va quan tam");
        assert!(names.protects("Quận") && names.protects("quận") && !names.protects("quan"));
        // Without a numbered unit in the text, nothing is learned.
        let none = DocNames::learn(&gaz, "quan tam 8 nguoi");
        assert_eq!(none.apply("quan 8"), "quan 8");
    }

    #[test]
    fn marked_names_are_left_as_printed() {
        let gaz = Gazetteer::from_tsv("huyện\tVụ Bản\n");
        let names = DocNames::learn(&gaz, "huyen Vu Ban");
        assert_eq!(
            names.apply("huyện Vụ Bản và Vũ Bản"),
            "huyện Vụ Bản và Vũ Bản"
        );
    }
}
