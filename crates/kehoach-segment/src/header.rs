//! The document header: number, date, place, issuer, title, declared model count.
//!
//! Vietnamese administrative documents follow a fixed layout (Nghị định 30/2020/NĐ-CP): issuer
//! and "Số: …" on the left, place and date on the right, then "KẾ HOẠCH" and the title, then a
//! preamble ("Căn cứ …", "Thực hiện …") ending in "<issuer> ban hành Kế hoạch …". OCR often
//! merges the two header columns into one line, so every pattern is searched within lines, not
//! anchored to them.

use crate::prep::PrepLine;
use kehoach_core::text::{capitalise, fold_whitespace};
use kehoach_core::DocumentHeader;
use regex::Regex;
use std::sync::LazyLock;

/// A cited document: its number ("12/KH-UBND"), its date, or its kind with "số".
static CITES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d\s*/\s*[a-z0-9]|ngay\s+\d|(?:ke hoach|quyet dinh|cong van|chi thi|nghi quyet|thong bao|huong dan|nghi dinh|thong tu|de an)\s+so(?-u:\b)")
        .expect("cites")
});
/// "Số: 94/KH-UBND", and "Số 45/KH-CATP" without its colon at a line's start (elsewhere "số
/// 96/KH-UBND" cites another plan).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)s[o6]\s*:|^s[o6]\s)\s*(\d+[a-z0-9]*\s*/\s*[a-z0-9][a-z0-9\-./]*[a-z0-9])",
    )
    .expect("number")
});
/// "<place>, ngày D tháng M năm Y"; a draft leaves the day blank for the clerk ("Hà Tĩnh, ngày
/// tháng 3 năm 2024").
/// Also "<place>, ngày 05/3/2025".
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^,:]+?)\s*,\s*ngay\s+(?:(?:(\d{1,2})\s+)?thang\s+(\d{1,2})\s+nam\s+(\d{4})|(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))")
        .expect("place date")
});
static TITLE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(can cu|thuc hien|thi hanh|nham|theo|de |trien khai thuc hien (quyet dinh|chi thi|ke hoach) so)")
        .expect("title stop")
});
/// "Số:" with or without the number after it (drafts leave it blank for the clerk).
static NUMBER_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)s[o6]\s*:|^s[o6]\s+\d").expect("number label"));
static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)(gom|bang|voi|trien khai|co|la|ban hanh)\s+|:\s*)?(\d{1,3})\s+mo hinh(?-u:\b)",
    )
    .expect("declared")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"“[^”]*”|"[^"]*"|\([^)]*\)"#).expect("quoted"));
static ROMAN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ivx]+\s*[.)]\s+\S").expect("roman heading"));
/// A section heading in capitals whose space after the numeral OCR lost ("I.MỤC ĐÍCH").
static ROMAN_HEADING_GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[IVX]+[.)]\p{Lu}{2}").expect("glued roman heading"));

/// Reads the header from the lines before the first model heading (`body_start`).
pub fn read_header(lines: &[PrepLine], body_start: usize) -> DocumentHeader {
    read_header_cased(lines, body_start).0
}

/// [`read_header`], and how the document's running text writes its words ([`Casing`], read
/// once: for the issuer here, for titles in capitals by the caller).
pub(crate) fn read_header_cased(lines: &[PrepLine], body_start: usize) -> (DocumentHeader, Casing) {
    let head = &lines[..body_start.min(lines.len())];
    let mut h = DocumentHeader::default();
    for l in head.iter().take(60) {
        if h.number.is_none() {
            if let Some(c) = NUMBER.captures(&l.key) {
                let m = c.get(1).expect("group 1");
                let number: String = l
                    .clean_span(m.start(), m.end())
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                h.number = Some(number);
            }
        }
        if h.date.is_none() {
            if let Some(c) = PLACE_DATE.captures(&l.key) {
                // Day, month and year in words (groups 2–4) or in figures (5–7).
                let (d, m, y) = if c.get(5).is_some() {
                    (5, 6, 7)
                } else {
                    (2, 3, 4)
                };
                let date = c.get(d).map(|day| {
                    crate::deadline::Date::new(
                        c[y].parse().unwrap_or(0),
                        c[m].parse().unwrap_or(0),
                        day.as_str().parse().unwrap_or(0),
                    )
                });
                // A valid date gives the date and the place; a blank day, the place alone.
                let take_place = match date {
                    Some(d) => d.is_some(),
                    None => h.place.is_none(),
                };
                if take_place {
                    h.date = date.flatten().map(|d| d.iso());
                    let g = c.get(1).expect("group 1");
                    let mut place = l.clean_span(g.start(), g.end()).to_string();
                    // "Số: 94 /KH-UBND Quảng Xương" (merged columns): the place follows the number.
                    if let Some(nc) = NUMBER.captures(&l.key) {
                        let end = nc.get(0).expect("match").end();
                        if end <= g.end() && end >= g.start() {
                            place = l.clean_span(end, g.end()).to_string();
                        }
                    }
                    let place = fold_whitespace(place.trim_matches(|c: char| !c.is_alphanumeric()));
                    if !place.is_empty()
                        && (date.is_some() || place.chars().any(char::is_uppercase))
                    {
                        h.place = Some(place);
                    }
                }
            }
        }
    }
    let (title, title_end) = read_title(head);
    h.title = title;
    let casing = Casing::new(lines, h.place.as_deref());
    let block = || issuer_block(head, &casing);
    h.issuer = match read_issuer(head, h.place.as_deref()) {
        // "UBND thành phố ban hành …": the level without its name; the header column
        // ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ TĨNH") names it in full.
        Some(i) if ends_in_level(&i) => block()
            .filter(|b| {
                let (bk, ik) = (crate::prep::key_of(b), crate::prep::key_of(&i));
                bk.len() > ik.len() && bk.starts_with(&ik)
            })
            .or(Some(i)),
        Some(i) => Some(i),
        None => block(),
    };
    h.declared_model_count = read_declared_count(head, title_end, h.title.as_deref());
    if let (Some(issuer), Some(place)) = (&h.issuer, &h.place) {
        h.issuer = Some(with_place_marks(issuer, place));
    }
    (h, casing)
}

/// The issuer with its unit's name spelt as the place line spells it, where the two differ
/// only in marks and the place line has more of them: the issuer comes from the header column
/// in capitals, which OCR reads with fewer marks ("PHƯỜNG HÀNG TRONG" over "Hàng Trống, ngày
/// 3 tháng 7 năm 2024"), and a mark lost is far likelier than one invented.
fn with_place_marks(issuer: &str, place: &str) -> String {
    let marks = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    let place_key = crate::prep::key_of(place);
    let n = place.split(' ').count();
    let mut words: Vec<&str> = issuer.split(' ').collect();
    let mut i = 0;
    while i + n <= words.len() {
        let run = words[i..i + n].join(" ");
        if crate::prep::key_of(&run) == place_key && marks(&run) < marks(place) {
            words.splice(i..i + n, place.split(' '));
            i += n;
        } else {
            i += 1;
        }
    }
    words.join(" ")
}

/// Index of the line that is "KẾ HOẠCH" on its own (possibly with the header columns merged).
/// Specks and rules of a faxed page print beside it as punctuation ("_ .KẾ HOẠCH | _"), so
/// the line is compared without what it has around its letters.
fn kehoach_line(head: &[PrepLine]) -> Option<usize> {
    head.iter().position(|l| {
        let key = l.key.trim_matches(|c: char| !c.is_alphanumeric());
        key == "ke hoach" || key.ends_with(" ke hoach")
    })
}

/// A title line without the scan debris at its edges: leading and trailing space-separated
/// runs of specks and rule marks ("| điện tử năm 2024 ¬ ."). Dashes and brackets are kept, as a
/// title may wrap before "– 2025" or end in "(sửa đổi)".
fn without_edge_debris(s: &str) -> &str {
    let speck = |w: &str| {
        w.chars().all(|c| {
            matches!(
                c,
                '|' | '_'
                    | '¬'
                    | 'ˆ'
                    | '„'
                    | '"'
                    | '\''
                    | '`'
                    | '.'
                    | ','
                    | ':'
                    | ';'
                    | '~'
                    | '^'
                    | '°'
            )
        })
    };
    kehoach_core::text::trim_words(s, speck, speck)
}

/// The title: the lines after "KẾ HOẠCH" up to the preamble. Returns the title and the index
/// of the first line after it.
fn read_title(head: &[PrepLine]) -> (Option<String>, usize) {
    let Some(k) = kehoach_line(head) else {
        return (None, 0);
    };
    let mut parts: Vec<&str> = Vec::new();
    let mut i = k + 1;
    while i < head.len() {
        let l = &head[i];
        if l.is_blank() || l.is_debris() {
            // A run of blank lines after the title separates it from the preamble.
            if !parts.is_empty() && head[i..].iter().take(3).all(|x| x.is_blank()) {
                break;
            }
            i += 1;
            continue;
        }
        let part = without_edge_debris(&l.clean);
        let key = crate::prep::key_of(part);
        // The preamble's own sentence ("UBND thành phố ban hành Kế hoạch … như sau:").
        let preamble = key.contains("ban hanh ke hoach") || l.clean.trim_end().ends_with(':');
        // A title may itself open with "Thực hiện" ("Thực hiện mô hình chuyển đổi số năm
        // 2025"): the first line after "KẾ HOẠCH" stops it only when it cites a document, as
        // the preamble's "Thực hiện Kế hoạch số 12/KH-UBND ngày …" does.
        let title_opening =
            parts.is_empty() && key.starts_with("thuc hien") && !CITES.is_match(&key);
        if TITLE_STOP.is_match(&key) && !title_opening
            || preamble
            || ROMAN_HEADING.is_match(&key)
            || ROMAN_HEADING_GLUED.is_match(part)
            || l.clean.chars().all(|c| matches!(c, '-' | '_' | '*' | ' '))
            || parts.len() >= 6
        {
            break;
        }
        if !part.is_empty() {
            parts.push(part);
        }
        i += 1;
    }
    if parts.is_empty() {
        (None, i)
    } else {
        (Some(fold_whitespace(&parts.join(" "))), i)
    }
}

/// Paragraphs of the preamble (blank-separated runs of lines), as (clean, key) strings.
fn paragraphs(head: &[PrepLine]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut clean = String::new();
    let mut key = String::new();
    for l in head {
        if l.is_blank() {
            if !clean.is_empty() {
                out.push((std::mem::take(&mut clean), std::mem::take(&mut key)));
            }
            continue;
        }
        if l.is_debris() {
            continue;
        }
        if !clean.is_empty() {
            clean.push(' ');
            key.push(' ');
        }
        clean.push_str(&l.clean);
        key.push_str(&l.key);
    }
    if !clean.is_empty() {
        out.push((clean, key));
    }
    out
}

/// Expands the abbreviations an issuer name starts with.
fn expand_issuer(s: &str) -> String {
    for (abbr, full) in [
        ("UBND", "Ủy ban nhân dân"),
        ("HĐND", "Hội đồng nhân dân"),
        ("HDND", "Hội đồng nhân dân"),
    ] {
        if let Some(rest) = s.strip_prefix(abbr) {
            if rest.starts_with(' ') {
                return format!("{full}{rest}");
            }
        }
    }
    s.to_string()
}

/// The issuer, from the preamble's "<issuer> ban hành Kế hoạch": the clause before "ban hành",
/// with parenthesised abbreviations dropped and the place added when the name stops at an
/// administrative level ("… Đề án 06 tỉnh" → "… Đề án 06 tỉnh Quảng Bình").
fn read_issuer(head: &[PrepLine], place: Option<&str>) -> Option<String> {
    for (clean, key) in paragraphs(head) {
        if key.starts_with("can cu") {
            continue;
        }
        let Some(at) = key.find(" ban hanh ke hoach") else {
            continue;
        };
        let before_chars = key[..at].chars().count();
        let before: String = clean.chars().take(before_chars).collect();
        // Remove quoted titles and parentheses, then keep the last clause.
        let unquoted = QUOTED.replace_all(&before, "");
        let clause = unquoted
            .rsplit([',', ';'])
            .next()
            .unwrap_or(&unquoted)
            .trim();
        if clause.is_empty() || clause.chars().count() > 120 {
            continue;
        }
        let mut issuer = expand_issuer(&fold_whitespace(clause));
        let last = issuer.rsplit(' ').next().unwrap_or("").to_lowercase();
        if matches!(
            last.as_str(),
            "tỉnh" | "huyện" | "xã" | "thành phố" | "thị xã" | "quận"
        ) {
            if let Some(p) = place {
                issuer = format!("{issuer} {p}");
            }
        }
        return Some(issuer);
    }
    None
}

/// Mark-free keys of the administrative levels that open a place ("xã Hòa Bình", "huyện Vụ
/// Bản"): a level's marks may be lost in OCR.
static LEVELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    kehoach_core::lexicon::ADMINISTRATIVE_LEVELS
        .iter()
        .map(|l| crate::prep::key_of(l))
        .collect()
});

/// The words of the administrative levels as spelled (lower case, canonical tone placement):
/// a word with marks is a level only as spelled ("quản" is no "quận").
static MARKED_LEVELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = kehoach_core::lexicon::ADMINISTRATIVE_LEVELS
        .iter()
        .flat_map(|l| l.split(' '))
        .map(kehoach_core::text::canonical_tone)
        .collect();
    words.sort();
    words.dedup();
    words
});

/// Mark-free keys of the national name and motto, printed beside the issuer in the header's
/// right column (merged into the same lines when OCR reads across the columns).
const MOTTO: &[&str] = &[
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
];

/// Where the right column starts in a merged header line: its first words are enough, since
/// the rest may wrap onto the next line ("… CHỦ NGHĨA VIỆT" / "NAM").
const MOTTO_STARTS: &[&str] = &["cong hoa xa hoi", "doc lap"];

/// Length in words of the administrative level `words` (mark-free keys) open with, if any.
fn level_at<S: AsRef<str>>(words: &[S]) -> Option<usize> {
    LEVELS.iter().find_map(|l| {
        let n = l.split(' ').count();
        (words.len() >= n && words[..n].iter().map(AsRef::as_ref).eq(l.split(' '))).then_some(n)
    })
}

/// Whether an administrative level ends `words`, starting at word `from` or later.
fn ends_with_level<S: AsRef<str>>(words: &[S], from: usize) -> bool {
    (from..words.len()).any(|s| level_at(&words[s..]) == Some(words.len() - s))
}

/// The words of `text`'s mark-free key.
fn key_words(text: &str) -> Vec<String> {
    crate::prep::key_of(text)
        .split(' ')
        .map(str::to_string)
        .collect()
}

/// Whether the `next` word of a re-cased line continues a unit's name: the words so far end
/// with an administrative level followed by at most two capitalised words ("thành phố", "thành
/// phố Hà").
fn in_unit_name(cased: &[String], next: &str) -> bool {
    // "xã hội" is no commune.
    if cased.last().is_some_and(|w| w.to_lowercase() == "xã") && next.to_lowercase() == "hội" {
        return false;
    }
    // A word with marks is a level only as the level is spelled: "quản" (in "quản lý") is no
    // "quận". A word without any is taken by its key (its marks may be lost).
    let words: Vec<String> = cased
        .iter()
        .map(|w| {
            let lower = kehoach_core::text::canonical_tone(&w.to_lowercase());
            let level = MARKED_LEVELS.contains(&lower) || lower.is_ascii();
            if level {
                crate::prep::key_of(w)
            } else {
                lower
            }
        })
        .collect();
    for j in (0..cased.len()).rev() {
        if ends_with_level(&words[..=j], 0) {
            return cased.len() - 1 - j <= 2;
        }
        if !cased[j].chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    false
}

/// Whether `issuer` ends with an administrative level and no name ("Ủy ban nhân dân huyện").
fn ends_in_level(issuer: &str) -> bool {
    ends_with_level(&key_words(issuer), 1)
}

/// Whether `text` opens with an administrative level and goes on to its name ("HUYỆN VỤ BẢN").
fn opens_level(text: &str) -> bool {
    let words = key_words(text);
    level_at(&words).is_some_and(|n| words.len() > n)
}

/// Whether `text` names a level and its place anywhere ("CÔNG AN HUYỆN YÊN LẠC"); "xã hội" is
/// no commune.
fn names_level(text: &str) -> bool {
    let words = key_words(text);
    (0..words.len()).any(|i| {
        level_at(&words[i..]).is_some_and(|n| {
            words
                .get(i + n)
                .is_some_and(|next| !(words[i] == "xa" && n == 1 && *next == "hoi"))
        })
    })
}

/// The motto after its first two words.
const MOTTO_REST: &str = "tu do - hanh phuc";

/// Where the right column's national name or motto starts in a header line's key, if it has
/// one (byte offset).
fn motto_at(key: &str) -> Option<usize> {
    let mut cut = MOTTO_STARTS.iter().filter_map(|m| key.find(m)).min();
    // The motto's first two words misread ("Đặc lập - Tự do - Hạnh phúc"): its rest still
    // marks where the right column starts, two words before it.
    if let Some(i) = key.find(MOTTO_REST) {
        let before = key[..i].trim_end().trim_end_matches('-').trim_end();
        let words: Vec<usize> = before.match_indices(' ').map(|(j, _)| j + 1).collect();
        let start = if words.len() >= 2 {
            words[words.len() - 2]
        } else {
            0
        };
        cut = Some(cut.map_or(start, |c| c.min(start)));
    }
    cut
}

/// Whether `key` is the wrapped end of the national name or motto ("nam", "viet nam").
fn motto_tail(key: &str) -> bool {
    let k = key.trim();
    !k.is_empty()
        && MOTTO.iter().any(|m| {
            m.strip_suffix(k)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
        })
}

/// The issuer from the header's left column, for a plan whose preamble does not say "<issuer>
/// ban hành Kế hoạch": the lines above the number ("ỦY BAN NHÂN DÂN" / "XÃ HÒA BÌNH"), with
/// the motto of the right column removed. When a parent body heads the column ("UBND HUYỆN
/// VỤ BẢN" / "TỔ CÔNG TÁC ĐỀ ÁN 06"), the issuer is the body under it, completed with the
/// parent's level and place. Capitals are re-cased as the document's running text writes
/// each word ("Hòa Bình", "Đề án", "xã").
fn issuer_block(head: &[PrepLine], casing: &Casing) -> Option<String> {
    // The column ends at the number or the place and date, even left blank in a draft ("Số:
    // /KH-UBND", "ngày    tháng 3"), or else at "KẾ HOẠCH", which is not part of it.
    let kh = kehoach_line(head);
    let stop = head
        .iter()
        .position(|l| NUMBER_LABEL.is_match(&l.key) || PLACE_DATE.is_match(&l.key))
        .or(kh)?;
    let mut parts: Vec<String> = Vec::new();
    let last = if Some(stop) == kh {
        stop
    } else {
        (stop + 1).min(head.len())
    };
    for l in &head[..last] {
        let mut key = l.key.clone();
        let mut clean = l.clean.clone();
        // Cut the right column and the number: what follows the motto, "Số:" or the place.
        let mut cut = motto_at(&key).unwrap_or(key.len());
        if let Some(m) = NUMBER_LABEL.find(&key) {
            cut = cut.min(m.start());
        }
        if let Some(c) = PLACE_DATE.captures(&key) {
            cut = cut.min(c.get(0).map_or(cut, |m| m.start()));
        }
        if cut < key.len() {
            let chars = key[..cut].chars().count();
            clean = clean.chars().take(chars).collect();
            key.truncate(cut);
        }
        if motto_tail(&key) {
            continue;
        }
        let clean = clean
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if crate::prep::in_capitals(&clean, 2) {
            parts.push(clean);
        }
    }
    if parts.is_empty() {
        return None;
    }
    // The body: from the last part that names one (not a level and place) to the end.
    let mut body_at = parts.iter().rposition(|p| !opens_level(p)).unwrap_or(0);
    // A name wrapped over two lines ("BAN CHỈ ĐẠO TRIỂN KHAI" / "ĐỀ ÁN 06 TỈNH QUẢNG NGÃI"): a
    // line opening with no agency's head word continues the agency above it, when that one
    // opens with a head word and names no place (a complete "ỦY BAN NHÂN DÂN HUYỆN …" does).
    // In capitals every word would pass for an acronym: head words only.
    use crate::body::opens_with_agency_head as headed;
    while body_at > 0
        && !headed(&parts[body_at])
        && headed(&parts[body_at - 1])
        && !names_level(&parts[body_at - 1])
    {
        body_at -= 1;
    }
    let mut issuer = parts[body_at..].join(" ");
    // A level word inside the body ("CÔNG AN HUYỆN YÊN LẠC" under "CÔNG AN TỈNH …"): the body
    // names its own place.
    if body_at > 0 && !parts[body_at..].iter().any(|p| names_level(p)) {
        issuer = format!("{issuer} {}", parent_of(&parts[..body_at], &issuer));
    }
    let issuer = expand_issuer(&fold_whitespace(&issuer));
    Some(casing.apply(&issuer))
}

/// What a subordinate body's name takes from the header lines above it (`parents`, top down),
/// read upwards from the nearest: a parent organisation without a place is kept whole and the
/// next line up still gives its place ("SỞ Y TẾ" under "UBND TỈNH …" → "SỞ Y TẾ TỈNH …"); a
/// line with a level and place ends it. The People's Committee of a place is the place's
/// government, so its body is named by level and place alone ("UBND HUYỆN VỤ BẢN" / "TỔ CÔNG
/// TÁC ĐỀ ÁN 06" is the "Tổ công tác Đề án 06 huyện Vụ Bản"), while any other parent keeps its
/// name: a police department is the province police's ("Phòng PC06 Công an tỉnh Bắc Ninh", not
/// a "Phòng PC06 tỉnh Bắc Ninh"). The working group or steering committee of a programme
/// (`body` names "Đề án") is the place's whichever agency's letterhead it uses: "CÔNG AN
/// HUYỆN KIM SƠN" / "TỔ CÔNG TÁC ĐỀ ÁN 06" is the "Tổ công tác Đề án 06 huyện Kim Sơn".
fn parent_of(parents: &[String], body: &str) -> String {
    let programme = key_words(body)
        .windows(2)
        .any(|w| w[0] == "de" && w[1] == "an");
    let mut taken: Vec<&str> = Vec::new();
    for p in parents.iter().rev() {
        let words: Vec<&str> = p.split(' ').collect();
        let Some(k) = (0..words.len()).find(|&k| opens_level(&words[k..].join(" "))) else {
            taken.push(p);
            continue;
        };
        let parent = key_words(&words[..k].join(" ")).join(" ");
        if programme || matches!(parent.as_str(), "" | "ubnd" | "uy ban nhan dan") {
            taken.push(p.split_at(words[..k].iter().map(|w| w.len() + 1).sum()).1);
        } else {
            taken.push(p);
        }
        break;
    }
    taken.join(" ")
}

/// [`Casing::apply`] with a casing read for it alone.
#[cfg(test)]
fn recase(caps: &str, all: &[PrepLine], place: Option<&str>) -> String {
    Casing::new(all, place).apply(caps)
}

/// Longest run of words [`Casing`] looks up as one.
const MAX_RUN: usize = 6;

/// How often the text writes each form of a word or run of words (keyed by lower case).
type Forms = std::collections::HashMap<String, std::collections::HashMap<String, usize>>;

/// How a document's running text writes its words and runs of words, read once for every
/// line in capitals it re-cases ([`Casing::apply`]).
pub(crate) struct Casing {
    forms: Forms,
    runs: Forms,
    /// Per form counted in `forms`, how often the next word follows it in the same run: a
    /// capital the run may owe to a longer name ("Công" in "Công an").
    followed: std::collections::HashMap<String, usize>,
}

impl Casing {
    /// Counts the forms of `all` lines, the `place` and the official names.
    pub(crate) fn new(all: &[PrepLine], place: Option<&str>) -> Casing {
        let mut forms: Forms = Default::default();
        let mut followed: std::collections::HashMap<String, usize> = Default::default();
        let mut runs: Forms = Default::default();
        // The organs whose case the rules of administrative writing fix (Nghị định 30/2020/NĐ-CP,
        // Phụ lục II), as runs written twice: one stray capital in a garbled table cell ("Í Ban
        // quản lý chợ" in a fax) made "ỦY BAN NHÂN DÂN" read "Ủy Ban nhân dân".
        // Other agencies' official names come from the domain lexicon ("SỞ THÔNG TIN VÀ TRUYỀN
        // THÔNG" in a plan that writes the name only at a sentence's start and "ngành thông tin và
        // truyền thông" in its title): counted the same way, so a name the text writes otherwise
        // more than once still wins.
        let official = || {
            ["Ủy ban nhân dân", "Hội đồng nhân dân"]
                .into_iter()
                .chain(kehoach_core::lexicon::agency_names())
        };
        for name in official() {
            *runs
                .entry(name.to_lowercase())
                .or_default()
                .entry(name.to_string())
                .or_default() += 2;
        }
        // The lexicon's acronyms keep their capitals when the text writes them nowhere else.
        for a in kehoach_core::lexicon::acronyms() {
            forms
                .entry(a.to_lowercase())
                .or_default()
                .entry(a.to_string())
                .or_default();
        }
        // Counts one run of words (the words of one phrase, in order) and each of its words. A
        // run's first word is left out where it opens a sentence: it is capitalised for its place,
        // not for what it is.
        // `opens`: 0 inside a sentence, 1 after a semicolon (a capital there is a name's when it
        // starts a run, "…năm 2024; Sở Y tế xây dựng", but may be a list item's on its own), 2 at
        // a sentence's start.
        let mut count = |words: &[&str], opens: &[u8]| {
            for (i, w) in words.iter().enumerate() {
                if opens[i] == 0 {
                    *forms
                        .entry(w.to_lowercase())
                        .or_default()
                        .entry(w.to_string())
                        .or_default() += 1;
                    if i + 1 < words.len() {
                        *followed.entry(w.to_string()).or_default() += 1;
                    }
                }
                for n in 2..=MAX_RUN.min(words.len() - i) {
                    if opens[i] == 2 {
                        break;
                    }
                    let run = words[i..i + n].join(" ");
                    *runs
                        .entry(run.to_lowercase())
                        .or_default()
                        .entry(run)
                        .or_default() += 1;
                }
            }
        };
        // The place as the place-and-date line prints it, where it opens the line ("Nghệ An, ngày").
        let place_words: Vec<&str> = place
            .unwrap_or("")
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect();
        // It is a name printed in its own case, evidence enough for its run alone: counted as a
        // run written twice.
        for _ in 0..2 {
            count(&place_words, &vec![0; place_words.len()]);
        }
        for l in all {
            // A header line that merged both columns ("THỊ XÃ ĐIỆN BÀN Độc lập - Tự do - Hạnh
            // phúc") is read from the motto on: the left column's capitals are no evidence of how
            // the text writes its words.
            let line = match motto_at(&l.key) {
                Some(i) => {
                    let skip = l.key[..i].chars().count();
                    let at = l
                        .clean
                        .char_indices()
                        .nth(skip)
                        .map_or(l.clean.len(), |c| c.0);
                    &l.clean[at..]
                }
                None => l.clean.as_str(),
            };
            let letters = line.chars().filter(|c| c.is_alphabetic()).count();
            let lower = line.chars().filter(|c| c.is_lowercase()).count();
            if lower * 2 < letters {
                continue;
            }
            // Words separated by single spaces form a run; other punctuation ends it.
            let mut sentence_start = 2u8;
            let (mut words, mut opens): (Vec<&str>, Vec<u8>) = (Vec::new(), Vec::new());
            for (w, sep) in line
                .split_inclusive(|c: char| !c.is_alphanumeric())
                .map(|p| p.split_at(p.trim_end_matches(|c: char| !c.is_alphanumeric()).len()))
            {
                let opened = sentence_start;
                // A table cell's first word is capitalised for its place too.
                let ends = if sep.contains(['.', ':', '!', '?', '|']) {
                    2
                } else {
                    u8::from(sep.contains(';'))
                };
                if !w.is_empty() || ends > 0 {
                    sentence_start = ends;
                }
                if w.chars().any(char::is_alphabetic) {
                    words.push(w);
                    opens.push(opened);
                }
                if sep != " " && !(w.is_empty() && sep.is_empty()) {
                    count(&words, &opens);
                    words.clear();
                    opens.clear();
                }
            }
            count(&words, &opens);
        }
        // A header abbreviates ("CỤC CẢNH SÁT QLHC VỀ TTXH"): a name's first words count as the
        // name does, unless the text writes them otherwise: its "Tổ công tác" (even where only
        // "công tác" shows inside a sentence) is not the lexicon's "Tổ Công tác triển khai …".
        for name in official() {
            let words: Vec<&str> = name.split(' ').collect();
            for n in 2..words.len() {
                let tail = words[1..n].join(" ");
                let written = if n == 2 { &forms } else { &runs };
                let otherwise = written
                    .get(&tail.to_lowercase())
                    .is_some_and(|f| !f.contains_key(&tail));
                if otherwise {
                    continue;
                }
                let run = words[..n].join(" ");
                runs.entry(run.to_lowercase())
                    .or_insert_with(|| std::iter::once((run, 2)).collect());
            }
        }
        Casing {
            forms,
            runs,
            followed,
        }
    }

    /// `text` as the running text writes its words when it is set in capitals (a title or a
    /// group heading printed as a heading: "TRIỂN KHAI CÁC MÔ HÌNH ĐIỂM THUỘC ĐỀ ÁN 06" →
    /// "Triển khai các mô hình điểm thuộc Đề án 06"), as the issuer is; other text as it is.
    pub(crate) fn in_running_case(&self, text: &str) -> String {
        if crate::prep::in_capitals(text, 4) {
            self.apply_to(text, false)
        } else {
            text.to_string()
        }
    }

    /// Re-cases a name set in capitals as the document's running text (lines mostly in lower
    /// case) writes it: runs of two or more words the text writes at least twice, as it writes
    /// them most often ("SỞ Y TẾ" → "Sở Y tế", where the text's other "y tế" would make a lone
    /// "Y" lower case), other words one by one as the text writes each most often; a word it
    /// never writes so is lower-cased, the first is capitalised. A word the text only ever
    /// writes in capitals (an acronym) stays so. The words of the `place` count as written
    /// there.
    pub(crate) fn apply(&self, caps: &str) -> String {
        self.apply_to(caps, true)
    }

    /// [`Casing::apply`] to a name (`name`: an issuer, whose words are capitalised as the text
    /// most often writes each) or to a phrase (a title: a word outside a run the text writes is
    /// capitalised only where the text never writes it in lower case and capitalises it at
    /// least twice, as it does a name's word; "Công" capitalised in every "Công an" is still the
    /// "công" of "công tác" once the text writes that).
    fn apply_to(&self, caps: &str, name: bool) -> String {
        let Casing {
            forms,
            runs,
            followed,
        } = self;
        // Each word as (opening punctuation, word, closing punctuation): a title quotes and
        // lists ("“TRƯỜNG HỌC …”", "AN NINH, TRẬT TỰ"), and a run does not go across a mark.
        let toks: Vec<(&str, &str, &str)> = caps
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                let at = w.find(core).unwrap_or(0);
                (&w[..at], core, &w[at + core.len()..])
            })
            .collect();
        let mut cased: Vec<String> = Vec::with_capacity(toks.len());
        let mut i = 0;
        while i < toks.len() {
            let run = (2..=MAX_RUN.min(toks.len() - i)).rev().find_map(|n| {
                let words = &toks[i..i + n];
                let joined = words.iter().enumerate().all(|(j, t)| {
                    !t.1.is_empty()
                        && !t.1.chars().any(char::is_lowercase)
                        && (j == 0 || t.0.is_empty())
                        && (j + 1 == n || t.2.is_empty())
                });
                if !joined {
                    return None;
                }
                let key: Vec<&str> = words.iter().map(|t| t.1).collect();
                // A run written so once is no evidence against the words' usual forms.
                runs.get(&key.join(" ").to_lowercase())
                    .and_then(best_form)
                    .filter(|r| r.1 >= 2)
                    .map(|r| (n, r.0))
            });
            if let Some((n, r)) = run {
                cased.extend(r.split(' ').map(str::to_string));
                i += n;
                continue;
            }
            let w = toks[i].1;
            let mixed = w.chars().any(char::is_lowercase);
            // After an administrative level ("THÀNH PHỐ HÀ TĨNH"), a word the text never writes is
            // part of the unit's name: capitalised, not lower-cased.
            let names_unit = in_unit_name(&cased, w);
            // So does the field a department is named after ("PHÒNG CẢNH SÁT …" → "Phòng Cảnh
            // sát …"), by the rules of administrative writing.
            let names_field = crate::body::is_field_department_head(&cased.join(" "));
            let lower = w.to_lowercase();
            let written = forms.get(&lower);
            let phrase_form = |b: &str, n: usize| {
                // Capitals inside the word ("VNeID", "CCCD") are the word's own; a capital
                // initial is, where the text writes the word so outside a longer run.
                let alone = n - followed.get(b).copied().unwrap_or(0).min(n);
                b.chars().skip(1).any(char::is_uppercase)
                    || alone >= 2 && written.is_some_and(|f| !f.contains_key(&lower))
            };
            cased.push(match written.and_then(best_form) {
                _ if mixed => w.to_string(),
                Some((b, n)) if name || phrase_form(&b, n) => b,
                Some(_) if written.is_some_and(|f| f.contains_key(&lower)) => lower,
                _ if names_unit || names_field => capitalise(&lower),
                _ => lower,
            });
            i += 1;
        }
        let out: Vec<String> = toks
            .iter()
            .zip(&cased)
            .map(|((open, _, close), w)| format!("{open}{w}{close}"))
            .collect();
        capitalise_first_letter(&out.join(" "))
    }
}

/// `s` with its first letter in upper case, after any opening punctuation ("“trường …" →
/// "“Trường …").
fn capitalise_first_letter(s: &str) -> String {
    match s.find(char::is_alphanumeric) {
        Some(i) => format!("{}{}", &s[..i], capitalise(&s[i..])),
        None => s.to_string(),
    }
}

/// The form a word or run is re-cased to, and how often the text writes it: one with a
/// lower-case letter over one in capitals (merged header columns put capitals into mixed
/// lines), then the most used, then lower case.
fn best_form(f: &std::collections::HashMap<String, usize>) -> Option<(String, usize)> {
    f.iter()
        .max_by_key(|(f, n)| {
            (
                f.chars().any(char::is_lowercase),
                **n,
                !f.chars().any(char::is_uppercase),
                // Ties go the same way on every run.
                std::cmp::Reverse(f.as_str()),
            )
        })
        .map(|(f, n)| (f.clone(), *n))
}

/// The model count the plan declares for itself ("gồm 30 mô hình", "bằng 39 Mô hình",
/// "Đối tượng triển khai: 35 mô hình"). Cited documents ("Căn cứ …") and group headings ("bao
/// gồm 04 mô hình") are not the plan's own count; the `title`'s is, when the text says none.
fn read_declared_count(head: &[PrepLine], title_end: usize, title: Option<&str>) -> Option<u32> {
    let mut best: Option<(u8, u32)> = None;
    for l in head.iter().skip(title_end) {
        let mut k = l.key.as_str();
        // A preamble that cites its grounds and then, after the last ';', states what this plan
        // does ("Căn cứ Kế hoạch số …; Sở Y tế xây dựng Kế hoạch triển khai 05 mô hình"): only
        // that clause is the plan's own.
        if k.starts_with("can cu") {
            // The plan's own clause: after the last ';', or from the verb that issues or draws
            // up this plan ("…của Công an tỉnh, Công an huyện ban hành Kế hoạch … 04 mô hình").
            // Also the clause after the last comma when a capitalised subject opens it and it
            // has such a verb ("…của UBND tỉnh Hải Dương, Ban Chỉ đạo huyện xây dựng 04 mô
            // hình").
            let after_comma = k.rfind(", ").filter(|&i| {
                l.clean_from(i + 2).starts_with(char::is_uppercase)
                    && ["ban hanh", "xay dung", "trien khai"]
                        .iter()
                        .any(|v| k[i..].contains(v))
            });
            let own = ["; ", "ban hanh", "xay dung ke hoach"]
                .iter()
                .filter_map(|m| k.rfind(m))
                .chain(after_comma)
                .max();
            k = own.map_or("", |i| &k[i..]);
            if k.trim_start_matches([';', ' ']).starts_with("can cu") {
                continue;
            }
        }
        // A group's own count ("II. CÁC MÔ HÌNH … (03 mô hình)") is not the plan's.
        if k.contains("bao gom")
            || k.contains("nhom ")
            || crate::body::match_group_heading(k).is_some()
        {
            continue;
        }
        for c in DECLARED.captures_iter(k) {
            let n: u32 = match c[2].parse() {
                Ok(n) if n > 0 => n,
                _ => continue,
            };
            let prio = match c.get(1).map(|m| m.as_str()) {
                Some("gom") | Some("bang") | Some("voi") => 3,
                None if c.get(0).is_some_and(|m| m.as_str().starts_with(':')) => 2,
                Some(_) => 1,
                None => 0,
            };
            if best.is_none_or(|(p, _)| prio > p) {
                best = Some((prio, n));
            }
        }
    }
    // Said nowhere else, the title's count ("Triển khai 03 mô hình điểm …") is the plan's.
    best.map(|(_, n)| n).or_else(|| {
        let key = crate::prep::key_of(title?);
        DECLARED.captures(&key)?[2]
            .parse()
            .ok()
            .filter(|&n: &u32| n > 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::prepare;

    fn header(text: &str) -> DocumentHeader {
        let lines = prepare(text.lines().map(|l| (None, l)));
        let n = lines.len();
        read_header(&lines, n)
    }

    #[test]
    fn a_capitals_run_is_recased_as_the_text_writes_it_twice() {
        let lines = prepare(
            "Trung tâm y tế huyện; Sở Y tế chủ trì.\nBáo cáo về Sở Y tế trước ngày 25.\n\
             Công an xã; Ban quản lý chợ."
                .lines()
                .map(|l| (None, l)),
        );
        assert_eq!(
            recase("SỞ Y TẾ TỈNH NGHỆ AN", &lines, Some("Nghệ An")),
            "Sở Y tế tỉnh Nghệ An"
        );
        // A capital after a semicolon opens a list item: no evidence for the lone word.
        assert_eq!(
            recase("TRƯỞNG BAN CHỈ ĐẠO", &lines, None),
            "Trưởng ban chỉ đạo"
        );
        assert_eq!(recase("ỦY BAN NHÂN DÂN", &lines, None), "Ủy ban nhân dân");
    }

    #[test]
    fn a_faxed_header_keeps_its_title_among_specks() {
        let h = header(
            "ỦY BAN NHÂN DÂN\n| - XÃ AN BÌNH\nSố: 12/KH-UBND An Bình, ngày 2 tháng 4 năm 2025 _\n\
             _ .KẾ HOẠCH | _\nTriển khai các mô hình điểm về định danh và xác thực\n\
             | điện tử năm 2025 ¬ .\n_ . Căn cứ Kế hoạch số 7/KH-UBND của UBND huyện.",
        );
        assert_eq!(
            h.title.as_deref(),
            Some("Triển khai các mô hình điểm về định danh và xác thực điện tử năm 2025")
        );
        assert_eq!(without_edge_debris("„ . _"), "");
        assert_eq!(
            without_edge_debris("Giai đoạn 2024 – 2025 |"),
            "Giai đoạn 2024 – 2025"
        );
        assert_eq!(without_edge_debris("(sửa đổi)"), "(sửa đổi)");
    }

    #[test]
    fn a_faxed_issuer_keeps_the_official_case_and_the_place_s_marks() {
        // A speck before a cell's "Ban" makes it look like a capital inside a sentence.
        let h = header(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             | - PHƯỜNG BẾN THANH Độc lập - Tự do - Hạnh phúc\n\
             Số: 9/KH-UBND Bến Thành, ngày 3 tháng 7 năm 2024\nKẾ HOẠCH\nTriển khai mô hình\n\
             Căn cứ Kế hoạch của UBND quận.\n\
             | 1 | Chợ không tiền mặt | Í Ban quản lý chợ | Quý III/2024 |",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ủy ban nhân dân phường Bến Thành")
        );
        assert_eq!(
            with_place_marks("Công an xã Tan Phu", "Tân Phú"),
            "Công an xã Tân Phú"
        );
        // Fewer marks in the place line, or another name: the issuer stays as read.
        assert_eq!(
            with_place_marks("Công an xã Tân Phú", "Tan Phu"),
            "Công an xã Tân Phú"
        );
        assert_eq!(
            with_place_marks("Công an xã Tân Phú", "Tân Hòa"),
            "Công an xã Tân Phú"
        );
    }

    #[test]
    fn a_level_without_its_name_is_completed_from_the_header_column() {
        let h = header(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ TĨNH\nSố: 150/KH-UBND\nKẾ HOẠCH\n\
             Triển khai mô hình điểm\n\nUBND thành phố ban hành Kế hoạch như sau:",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ủy ban nhân dân thành phố Hà Tĩnh")
        );
        // The preamble's sentence is not part of the title.
        assert_eq!(h.title.as_deref(), Some("Triển khai mô hình điểm"));
    }

    #[test]
    fn the_count_after_the_cited_grounds_is_the_plans_own() {
        let h = header(
            "SỞ Y TẾ\nSố: 12/KH-SYT\nKẾ HOẠCH\nTriển khai mô hình\n\
             Căn cứ Kế hoạch số 115/KH-UBND của UBND tỉnh về 30 mô hình; Sở Y tế xây dựng \
             Kế hoạch triển khai 05 mô hình, cụ thể như sau:",
        );
        assert_eq!(h.declared_model_count, Some(5));
        let h = header(
            "SỞ Y TẾ\nSố: 12/KH-SYT\nKẾ HOẠCH\nTriển khai mô hình\n\
             Căn cứ Kế hoạch số 88/KH-CAT về 30 mô hình của Công an tỉnh, Công an huyện ban \
             hành Kế hoạch xây dựng 04 mô hình điểm như sau:",
        );
        assert_eq!(h.declared_model_count, Some(4));
        // The clause after the last comma, with its own verb and no "Kế hoạch".
        let h = header(
            "BAN CHỈ ĐẠO\nSố: 12/KH-BCĐ\nKẾ HOẠCH\nTriển khai mô hình\n\
             Căn cứ Kế hoạch số 45/KH-UBND về 30 mô hình của UBND tỉnh Hải Dương, Ban Chỉ đạo \
             huyện xây dựng 04 mô hình điểm như sau:",
        );
        assert_eq!(h.declared_model_count, Some(4));
        // A comma inside the cited grounds opens no clause of the plan's own.
        let h = header(
            "BAN CHỈ ĐẠO\nSố: 12/KH-BCĐ\nKẾ HOẠCH\nTriển khai mô hình\n\
             Căn cứ Kế hoạch số 45/KH-UBND ngày 20/01/2025, về triển khai 30 mô hình.",
        );
        assert_eq!(h.declared_model_count, None);
    }

    #[test]
    fn merged_header_columns() {
        let h = header(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Số: 94 /KH-UBND Quảng Xương, ngày 15 tháng 03 năm 2024\n\
             KẾ HOẠCH\n\n\
             Triển khai các mô hình\ntrên địa bàn huyện\n\n\
             Thực hiện Kế hoạch số 296/KH-UBND ngày 13/12/2023 của Chủ tịch UBND tỉnh về việc \
             triển khai, UBND huyện Quảng Xương ban hành Kế hoạch triển khai, cụ thể như sau:\n\n\
             3. Phạm vi: gồm 30 mô hình (Chi tiết tại Phụ lục).",
        );
        assert_eq!(h.number.as_deref(), Some("94/KH-UBND"));
        assert_eq!(h.date.as_deref(), Some("2024-03-15"));
        assert_eq!(h.place.as_deref(), Some("Quảng Xương"));
        assert_eq!(
            h.title.as_deref(),
            Some("Triển khai các mô hình trên địa bàn huyện")
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ủy ban nhân dân huyện Quảng Xương")
        );
        assert_eq!(h.declared_model_count, Some(30));
    }

    #[test]
    fn a_title_that_opens_with_thuc_hien() {
        let h = header(
            "UBND XÃ A\nSố: 1/KH-UBND\nKẾ HOẠCH\nThực hiện mô hình chuyển đổi số năm 2025\n",
        );
        assert_eq!(
            h.title.as_deref(),
            Some("Thực hiện mô hình chuyển đổi số năm 2025")
        );
        // The preamble's "Thực hiện" cites a document: no title.
        let h = header(
            "UBND XÃ A\nSố: 1/KH-UBND\nKẾ HOẠCH\nThực hiện Kế hoạch số 12/KH-UBND ngày \
             3/1/2025 của UBND huyện, UBND xã ban hành kế hoạch như sau:\n",
        );
        assert_eq!(h.title, None);
    }

    #[test]
    fn a_number_without_its_colon_a_date_in_figures_and_an_abbreviated_agency() {
        let h = header(
            "CÔNG AN THÀNH PHỐ HỒ CHÍ MINH      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\n\
             Số 45/KH-CATP          TP. Hồ Chí Minh, ngày 12 tháng 6 năm 2024\n\
             KẾ HOẠCH\nTriển khai mô hình\n\nCăn cứ Kế hoạch số 96/KH-BCA ngày 3/1/2024.",
        );
        assert_eq!(h.number.as_deref(), Some("45/KH-CATP"));
        assert_eq!(h.place.as_deref(), Some("TP. Hồ Chí Minh"));
        assert_eq!(h.date.as_deref(), Some("2024-06-12"));
        let h = header(
            "UBND HUYỆN NGHI XUÂN\nSố: 88/KH-UBND\nNghi Xuân, ngày 05/3/2025\n\
             KẾ HOẠCH\nTriển khai mô hình\n",
        );
        assert_eq!(h.date.as_deref(), Some("2025-03-05"));
        assert_eq!(h.place.as_deref(), Some("Nghi Xuân"));
        // The lexicon's "Cục Cảnh sát quản lý hành chính …" and its acronyms, abbreviated.
        let h = header(
            "BỘ CÔNG AN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             CỤC CẢNH SÁT QLHC VỀ TTXH         Độc lập - Tự do - Hạnh phúc\n\
             Số: 1234/KH-C06          Hà Nội, ngày 20 tháng 01 năm 2025\n\
             KẾ HOẠCH\nTriển khai mô hình\n",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Cục Cảnh sát QLHC về TTXH Bộ Công an")
        );
        // A cited plan's number is not the plan's own, even when its own is blank.
        let h = header(
            "UBND XÃ A\nSố: /KH-UBND\nA, ngày 05 tháng 3 năm 2025\nKẾ HOẠCH\nTriển khai\n\n\
             Căn cứ Kế hoạch số 96/KH-UBND ngày 3/1/2025.",
        );
        assert_eq!(h.number, None);
    }

    #[test]
    fn issuer_from_the_header_column_when_the_preamble_does_not_name_it() {
        let h = header(
            "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             XÃ HÒA BÌNH                          Độc lập - Tự do - Hạnh phúc\n\
             Số: 12/KH-UBND                   Hòa Bình, ngày 05 tháng 6 năm 2024\n\n\
             KẾ HOẠCH\nTriển khai mô hình\n\n\
             Ủy ban nhân dân xã xây dựng kế hoạch cho xã Hòa Bình như sau:",
        );
        assert_eq!(h.issuer.as_deref(), Some("Ủy ban nhân dân xã Hòa Bình"));
        // A parent body over the issuer lends it its level and place.
        let h = header(
            "UBND HUYỆN VỤ BẢN\nTỔ CÔNG TÁC ĐỀ ÁN 06\n---------\n\
             Số: 07/KH-TCTTKĐA\nVụ Bản, ngày 20 tháng 11 năm 2023\nKẾ HOẠCH\n\
             Triển khai mô hình\n\nTổ công tác Đề án 06 huyện Vụ Bản xây dựng kế hoạch.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Tổ công tác Đề án 06 huyện Vụ Bản")
        );
        // The right column wrapped: its last word alone on the next line is no part of the
        // issuer.
        let h = header(
            "CÔNG AN HUYỆN KIM SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nNAM\n\n\
             TỔ CÔNG TÁC ĐỀ ÁN 06 Độc lập - Tự do - Hạnh phúc\n\
             Số: 21/KH-TCT Kim Sơn, ngày 12 tháng 01 năm 2025\nKẾ HOẠCH\nNhân rộng\n\n\
             Tổ công tác Đề án 06 huyện xây dựng kế hoạch.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Tổ công tác Đề án 06 huyện Kim Sơn")
        );
        // A draft leaves the number and the day blank: no number or date, the place and the
        // issuer all the same.
        let h = header(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ TĨNH\nSố:     /KH-UBND\n\
             Hà Tĩnh, ngày    tháng 3 năm 2024\n\nKẾ HOẠCH\nTriển khai\n\n\
             Thành phố Hà Tĩnh xây dựng kế hoạch.",
        );
        assert_eq!((h.number, h.date), (None, None));
        assert_eq!(h.place.as_deref(), Some("Hà Tĩnh"));
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ủy ban nhân dân thành phố Hà Tĩnh")
        );
        // A place met only where it opens the place-and-date line keeps that line's casing.
        let h = header(
            "UBND TỈNH NGHỆ AN\nBAN CHỈ ĐẠO ĐỀ ÁN 06\nSố: 15/KH-BCĐ\n\
             Nghệ An, ngày 2 tháng 2 năm 2024\nKẾ HOẠCH\nTriển khai các mô hình\n\n\
             Thực hiện như sau.",
        );
        let issuer = h.issuer.unwrap();
        assert!(
            issuer.starts_with("Ban Chỉ đạo ") && issuer.ends_with(" 06 tỉnh Nghệ An"),
            "{issuer}"
        );
        // No capitals above the number: none.
        let h = header("Số: 07/KH-X\nVụ Bản, ngày 20 tháng 11 năm 2023\nKẾ HOẠCH\nVề việc");
        assert_eq!(h.issuer, None);
    }

    #[test]
    fn a_parent_other_than_the_peoples_committee_keeps_its_name() {
        // The field a department is named after is capitalised, though the text never writes
        // it.
        let h = header(
            "CÔNG AN TỈNH BẮC NINH\nPHÒNG CẢNH SÁT QLHC VỀ TTXH\nSố: 88/KH-PC06\n\
             Bắc Ninh, ngày 02 tháng 5 năm 2024\nKẾ HOẠCH\nTriển khai\n\nThực hiện như sau.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Phòng Cảnh sát QLHC về TTXH Công an tỉnh Bắc Ninh")
        );
        let h = header(
            "CÔNG AN TỈNH BẮC NINH\nPHÒNG PC06\nSố: 88/KH-PC06\n\
             Bắc Ninh, ngày 02 tháng 5 năm 2024\nKẾ HOẠCH\nTriển khai\n\nThực hiện như sau.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Phòng PC06 Công an tỉnh Bắc Ninh")
        );
        // A parent without a place takes its own from the line above it.
        let h = header(
            "UBND TỈNH QUẢNG NAM\nSỞ Y TẾ\nPHÒNG NGHIỆP VỤ Y\nSố: 12/KH-NVY\n\
             Quảng Nam, ngày 02 tháng 5 năm 2024\nKẾ HOẠCH\nTriển khai\n\n\
             Sở Y tế thực hiện như sau.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Phòng Nghiệp vụ Y Sở Y tế tỉnh Quảng Nam")
        );
    }

    #[test]
    fn a_name_wrapped_over_two_header_lines_is_one_issuer() {
        let h = header(
            "BAN CHỈ ĐẠO TRIỂN KHAI\nĐỀ ÁN 06 TỈNH QUẢNG NGÃI\nSố: 09/KH-BCĐ\n\
             Quảng Ngãi, ngày 2 tháng 2 năm 2024\nKẾ HOẠCH\nTriển khai\n\n\
             Thực hiện Đề án 06, Ban Chỉ đạo triển khai như sau.",
        );
        assert_eq!(
            h.issuer.as_deref(),
            Some("Ban Chỉ đạo triển khai Đề án 06 tỉnh Quảng Ngãi")
        );
    }

    #[test]
    fn capitals_of_a_left_column_merged_with_the_motto_are_no_evidence_of_case() {
        // "XÃ" printed next to the motto on one line once read "thị XÃ".
        let h = header(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             THỊ XÃ ĐIỆN BÀN Độc lập - Tự do - Hạnh phúc\n\
             Số: 56/KH-UBND Điện Bàn, ngày 7 tháng 6 năm 2024\n\nKẾ HOẠCH\nTriển khai\n\n\
             Thực hiện như sau.",
        );
        assert_eq!(h.issuer.as_deref(), Some("Ủy ban nhân dân thị xã Điện Bàn"));
    }

    #[test]
    fn issuer_completed_with_place_and_cited_counts_ignored() {
        let h = header(
            "Số: 179 /KH-TCTTKĐA\n\nQuảng Bình, ngày 09 tháng 11 năm 2023\n\n## KẾ HOẠCH\n\n\
             **Triển khai 44 mô hình**\n\n\
             Căn cứ Kế hoạch số 64/KH-TCTTKĐA về Triển khai 44 mô hình điểm.\n\n\
             Tổ công tác triển khai Đề án 06 (TỔ CTTK ĐA 06) tỉnh ban hành Kế hoạch như sau:\n\n\
             **2.2. Đối tượng triển khai:** 35 mô hình điểm (*cụ thể tại Mục II*).",
        );
        assert_eq!(h.number.as_deref(), Some("179/KH-TCTTKĐA"));
        assert_eq!(h.place.as_deref(), Some("Quảng Bình"));
        assert_eq!(
            h.issuer.as_deref(),
            Some("Tổ công tác triển khai Đề án 06 tỉnh Quảng Bình")
        );
        assert_eq!(h.title.as_deref(), Some("Triển khai 44 mô hình"));
        assert_eq!(h.declared_model_count, Some(35));
    }
}
