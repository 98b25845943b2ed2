//! Field labels and fuzzy label matching.
//!
//! Plans word the same field differently ("Thời gian hoàn thành / triển khai / thực hiện",
//! "Lực lượng triển khai" / "Đơn vị thực hiện"), and restoration may leave a letter wrong in a
//! label, so labels are matched on the mark-free key with an edit-distance allowance that grows
//! with the label's length.

use regex::Regex;
use std::sync::LazyLock;

/// The fields of a model, as named in the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    Objective,
    Assignments,
    Implementers,
    Deadline,
    Tools,
    Note,
    Location,
    /// A field the JSON contract has no place for ("Kinh phí", "Kết quả"): it ends the field
    /// before it (a deadline must not run on into the budget) and is kept in the note with its
    /// label.
    Other,
}

/// Label variants (mark-free, lowercase) for each field, matched with an edit allowance (rarer
/// wordings matched only as spelled are in [`EXACT_LABELS`]).
pub const FIELD_LABELS: &[(FieldKind, &str)] = &[
    (FieldKind::Objective, "muc tieu"),
    (FieldKind::Objective, "muc dich"),
    (FieldKind::Assignments, "phan cong nhiem vu"),
    (FieldKind::Assignments, "phan cong thuc hien"),
    (FieldKind::Assignments, "phan cong"),
    (FieldKind::Assignments, "nhiem vu"),
    (FieldKind::Assignments, "nhiem vu cu the"),
    (FieldKind::Assignments, "noi dung thuc hien"),
    (FieldKind::Assignments, "noi dung trien khai"),
    (FieldKind::Assignments, "noi dung cong viec"),
    (FieldKind::Assignments, "noi dung"),
    (FieldKind::Implementers, "luc luong trien khai"),
    (FieldKind::Implementers, "luc luong thuc hien"),
    (FieldKind::Implementers, "don vi thuc hien"),
    (FieldKind::Implementers, "don vi trien khai"),
    (FieldKind::Implementers, "co quan thuc hien"),
    (FieldKind::Implementers, "don vi chu tri"),
    (FieldKind::Implementers, "co quan chu tri"),
    (FieldKind::Implementers, "don vi phoi hop"),
    (FieldKind::Implementers, "co quan phoi hop"),
    (FieldKind::Implementers, "chu tri"),
    (FieldKind::Implementers, "phoi hop"),
    (FieldKind::Implementers, "don vi ho tro"),
    (FieldKind::Deadline, "thoi gian hoan thanh"),
    (FieldKind::Deadline, "thoi gian trien khai"),
    (FieldKind::Deadline, "thoi gian thuc hien"),
    (FieldKind::Deadline, "thoi han hoan thanh"),
    (FieldKind::Deadline, "thoi han"),
    (FieldKind::Deadline, "thoi gian"),
    (FieldKind::Deadline, "tien do thuc hien"),
    (FieldKind::Deadline, "tien do hoan thanh"),
    (FieldKind::Tools, "cong cu trien khai"),
    (FieldKind::Tools, "cong cu thuc hien"),
    (FieldKind::Tools, "cong cu, nen tang"),
    (FieldKind::Tools, "nen tang su dung"),
    (FieldKind::Tools, "nen tang"),
    (FieldKind::Tools, "cong cu"),
    (
        FieldKind::Tools,
        "dieu kien trien khai, cong cu, nen tang duoc su dung",
    ),
    (
        FieldKind::Tools,
        "dieu kien trien khai, cong cu, nen tang su dung",
    ),
    (FieldKind::Note, "ghi chu"),
    (FieldKind::Other, "kinh phi"),
    (FieldKind::Other, "kinh phi thuc hien"),
    (FieldKind::Other, "nguon kinh phi"),
    (FieldKind::Other, "ket qua"),
    (FieldKind::Other, "ket qua dau ra"),
    (FieldKind::Other, "san pham"),
    (FieldKind::Other, "san pham dau ra"),
    (FieldKind::Other, "chi tieu"),
    (FieldKind::Location, "dia diem trien khai"),
    (FieldKind::Location, "dia ban trien khai"),
    (FieldKind::Location, "dia diem"),
];

/// Short labels that count only when followed by a colon.
const COLON_ONLY: &[&str] = &[
    "noi dung",
    "phan cong",
    "chu tri",
    "phoi hop",
    "nen tang",
    "cong cu",
    "thoi han",
    "thoi gian",
    "giai phap",
    "to chuc thuc hien",
    "tien do",
    "lo trinh",
    "yeu cau",
    "pham vi",
    "doi tuong",
    "hinh thuc",
    "nguon luc",
    "ha tang",
];

/// Label variants that count only as spelled: rarer wordings, taken from no seed, whose fuzzy
/// match would take the wrapped end of a sentence for a label ("an tỉnh thực hiện, :" is within
/// three edits of "to chuc thuc hien").
const EXACT_LABELS: &[(FieldKind, &str)] = &[
    (FieldKind::Assignments, "giai phap thuc hien"),
    (FieldKind::Assignments, "giai phap"),
    (FieldKind::Assignments, "cach thuc thuc hien"),
    (FieldKind::Assignments, "cach thuc trien khai"),
    (FieldKind::Assignments, "phuong thuc thuc hien"),
    (FieldKind::Assignments, "to chuc thuc hien"),
    (FieldKind::Assignments, "trach nhiem thuc hien"),
    (FieldKind::Implementers, "don vi chu tri thuc hien"),
    (FieldKind::Implementers, "co quan, don vi thuc hien"),
    (FieldKind::Deadline, "tien do"),
    (FieldKind::Deadline, "lo trinh"),
    (FieldKind::Deadline, "lo trinh thuc hien"),
    (FieldKind::Deadline, "thoi gian du kien"),
    (FieldKind::Deadline, "thoi gian thuc hien du kien"),
    (FieldKind::Deadline, "thoi gian hoan thanh du kien"),
    (FieldKind::Tools, "nen tang, cong cu"),
    (FieldKind::Tools, "ung dung, nen tang"),
    (FieldKind::Tools, "nen tang, ung dung"),
    (FieldKind::Tools, "phan mem su dung"),
    (FieldKind::Other, "ket qua du kien"),
    (FieldKind::Other, "du kien ket qua"),
    (FieldKind::Other, "ket qua can dat"),
    (FieldKind::Other, "san pham du kien"),
    (FieldKind::Other, "yeu cau"),
    (FieldKind::Other, "pham vi"),
    (FieldKind::Other, "pham vi trien khai"),
    (FieldKind::Other, "pham vi ap dung"),
    (FieldKind::Other, "doi tuong"),
    (FieldKind::Other, "doi tuong ap dung"),
    (FieldKind::Other, "doi tuong thu huong"),
    (FieldKind::Other, "hinh thuc"),
    (FieldKind::Other, "hinh thuc thuc hien"),
    (FieldKind::Other, "nguon luc"),
    (FieldKind::Other, "ha tang"),
];

/// Every label variant, and whether it counts only as spelled ([`EXACT_LABELS`]).
fn all_labels() -> impl Iterator<Item = (FieldKind, &'static str, bool)> {
    let with = |exact| move |&(kind, label): &(FieldKind, &'static str)| (kind, label, exact);
    FIELD_LABELS
        .iter()
        .map(with(false))
        .chain(EXACT_LABELS.iter().map(with(true)))
}

/// Edits allowed when matching a label of `len` chars: one per five chars, at least one.
pub fn allowance(len: usize) -> usize {
    (len / 5).max(1)
}

/// Edit distance in chars, ignoring spaces that OCR adds or drops inside labels.
pub fn distance(a: &str, b: &str) -> usize {
    let a: String = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: String = b.chars().filter(|c| !c.is_whitespace()).collect();
    strsim::levenshtein(&a, &b)
}

/// A label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelMatch {
    pub kind: FieldKind,
    /// Byte offset in the key where the label starts (after any list enumerator).
    pub label_start: usize,
    /// Byte offset in the key where the field's content starts (after the colon).
    pub content_start: usize,
    /// Edits needed to match the label (0 = exact).
    pub distance: usize,
}

/// Matches a field label at the start of `key`: the text before the first colon (or the whole
/// line when it is short and has none) must be a label within the allowance.
pub fn match_field_label(key: &str) -> Option<LabelMatch> {
    // Specks a fax prints where the bullet was (".~ Mục tiêu:"), then a list enumerator before
    // the label ("a) Mục tiêu:", "(2) Đơn vị thực hiện:").
    let specks = SPECKS.find(key).map_or(0, |m| m.end());
    let skip = specks + ENUMERATOR.find(&key[specks..]).map_or(0, |m| m.end());
    let mut found = match_label_at(&key[skip..]).or_else(|| semicolon_label(&key[skip..]))?;
    found.content_start += skip;
    found.label_start = skip;
    Some(found)
}

/// [`match_field_label`] for a label that ends in its colon ("Mục tiêu:", not "Mục tiêu - " or
/// a short line without one): the only kind that can open a field in the middle of running
/// text.
pub fn match_label_with_colon(key: &str) -> Option<LabelMatch> {
    match_field_label(key).filter(|m| key[..m.content_start].ends_with(':'))
}

/// "a)", "b.", "đ)", "(2)", "3)", "1.1.", "ii)", "a/" and the space after it, at the start of a
/// key (where "đ" is "d").
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:[a-h]|[ivx]{1,4}|\d{1,2}(?:\.\d{1,2})*)\s*[.)/]\s*").expect("enumerator")
});
/// Marks at a line's start that are no text: a bullet or a rule end a fax's OCR read as points,
/// tildes, strokes or commas, and the bullet itself after them ("ˆ - Thời gian …"; a bullet at
/// the line's very start is already gone). No label starts with one.
static SPECKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[.~·,'`|_^°¬ˆ:;]+\s*(?:[-–+•*]\s+)?").expect("specks"));

/// "Thời gian hoàn thành; Trong năm 2023": a fax's colon read as a semicolon. Only a label
/// spelled exactly before the line's first semicolon, and none of those that also end prose
/// lines ("… phối hợp;"), on a line without a colon.
fn semicolon_label(key: &str) -> Option<LabelMatch> {
    if key.contains(':') {
        return None;
    }
    let i = key.find(';')?;
    let head = key[..i].trim();
    if COLON_ONLY.contains(&head) {
        return None;
    }
    let as_colon = format!("{}:{}", &key[..i], &key[i + 1..]);
    match_colon_label(&as_colon).filter(|m| m.distance == 0)
}
/// A dash set off by spaces that some plans put where the colon goes ("Mục tiêu - …").
static DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" [-–] ").expect("dash"));

/// [`match_field_label`] without an enumerator.
fn match_label_at(key: &str) -> Option<LabelMatch> {
    match_colon_label(key).or_else(|| match_dash_label(key))
}

/// "Mục tiêu - …", "Đơn vị thực hiện – …": a label of two words or more, spelled exactly, then a
/// dash set off by spaces and the content. Only exact labels, and none of the short ones that
/// need their colon: a dash also joins words of prose.
fn match_dash_label(key: &str) -> Option<LabelMatch> {
    let m = DASH.find(key)?;
    let head = key[..m.start()].trim();
    all_labels()
        .find(|&(_, label, _)| label == head && label.contains(' ') && !COLON_ONLY.contains(&label))
        .map(|(kind, _, _)| LabelMatch {
            kind,
            label_start: 0,
            content_start: m.end(),
            distance: 0,
        })
}

/// A label before a colon (or alone on its line).
fn match_colon_label(key: &str) -> Option<LabelMatch> {
    let (head, content_start) = match key.find(':') {
        Some(i) if i <= 80 => (&key[..i], i + 1),
        Some(_) => return None,
        None if key.chars().count() <= 40 => (key, key.len()),
        None => return None,
    };
    let head = head.trim().trim_end_matches(['.', ',']).trim();
    // A remark in parentheses after the label ("Thời gian hoàn thành (dự kiến):").
    let head = match head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((label, _)) if !label.trim().is_empty() => label.trim(),
        _ => head,
    };
    if head.is_empty() {
        return None;
    }
    let mut best: Option<LabelMatch> = None;
    let colon = content_start < key.len() || key.contains(':');
    for (kind, label, exact) in all_labels() {
        // Words that end wrapped prose lines as often as they open fields ("… các xã" /
        // "phối hợp."): labels only with their colon.
        if !colon && COLON_ONLY.contains(&label) {
            continue;
        }
        let d = distance(head, label);
        let allowed = if content_start == key.len() && !key.contains(':') || exact {
            // No colon: only an exact label on its own counts ("- Mục tiêu").
            0
        } else {
            allowance(label.chars().count())
        };
        if d <= allowed && best.is_none_or(|b| d < b.distance) {
            best = Some(LabelMatch {
                kind,
                label_start: 0,
                content_start,
                distance: d,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_wordings_count_only_as_spelled() {
        let kind = |k: &str| match_field_label(k).map(|m| m.kind);
        assert_eq!(kind("lo trinh: quy ii/2025"), Some(FieldKind::Deadline));
        assert_eq!(
            kind("giai phap thuc hien: ra soat"),
            Some(FieldKind::Assignments)
        );
        assert_eq!(kind("nen tang, cong cu: vneid"), Some(FieldKind::Tools));
        assert_eq!(kind("doi tuong ap dung: hoc sinh"), Some(FieldKind::Other));
        // The wrapped end of a sentence is no label.
        assert_eq!(kind("an tinh thuc hien, :"), None);
        // "IV. Tổ chức thực hiện" without a colon is a section, not a field.
        assert_eq!(kind("iv. to chuc thuc hien"), None);
    }

    #[test]
    fn a_faxed_label_after_specks_or_with_a_semicolon() {
        let key = "ˆ - thoi gian hoan thanh; trong nam 2023..";
        let m = match_field_label(key).unwrap();
        assert_eq!(m.kind, FieldKind::Deadline);
        assert_eq!(&key[m.content_start..], " trong nam 2023..");
        assert_eq!(
            match_field_label(".~ muc tieu: su dung vneid")
                .unwrap()
                .kind,
            FieldKind::Objective
        );
        // A semicolon after prose, after a label that also ends prose lines, or after a
        // misspelt label opens no field.
        assert!(
            match_field_label("cong an tinh; so y te chu tri trien khai cac noi dung").is_none()
        );
        assert!(match_field_label("phoi hop; cac xa, thi tran trien khai thuc hien").is_none());
        assert!(match_field_label("thoi gian hoan thnh; trong nam 2023 va thuong xuyen").is_none());
    }

    #[test]
    fn exact_and_variant_labels() {
        let m = match_field_label("thoi gian trien khai: truoc 31/12/2023.").unwrap();
        assert_eq!(m.kind, FieldKind::Deadline);
        assert_eq!(m.distance, 0);
        assert_eq!(
            match_field_label("dieu kien trien khai, cong cu, nen tang duoc su dung:")
                .unwrap()
                .kind,
            FieldKind::Tools
        );
        assert_eq!(
            match_field_label("don vi thuc hien: cac phong")
                .unwrap()
                .kind,
            FieldKind::Implementers
        );
        assert_eq!(
            match_field_label("thoi gian hoan thanh (du kien): quy ii/2025")
                .unwrap()
                .kind,
            FieldKind::Deadline
        );
        // Roles and platforms on their own: "Chủ trì:", "Phối hợp:", "Nền tảng:".
        for (key, kind) in [
            ("chu tri: phong kinh te", FieldKind::Implementers),
            ("phoi hop: cong an huyen", FieldKind::Implementers),
            ("don vi ho tro: buu dien", FieldKind::Implementers),
            ("nen tang: vneid", FieldKind::Tools),
        ] {
            assert_eq!(match_field_label(key).unwrap().kind, kind, "{key}");
        }
        // Short deadline labels: "Thời hạn:", "Thời gian:", "Tiến độ thực hiện:".
        for key in [
            "thoi han: quy iv nam 2024",
            "thoi gian: 2024",
            "tien do thuc hien: x",
        ] {
            assert_eq!(
                match_field_label(key).unwrap().kind,
                FieldKind::Deadline,
                "{key}"
            );
        }
    }

    #[test]
    fn a_list_enumerator_before_the_label_is_skipped() {
        let key = "a) muc tieu: 100% ho";
        let m = match_field_label(key).unwrap();
        assert_eq!(
            (m.kind, &key[m.content_start..]),
            (FieldKind::Objective, " 100% ho")
        );
        let m = match_field_label("(2) don vi thuc hien: cong an").unwrap();
        assert_eq!(m.kind, FieldKind::Implementers);
        assert_eq!(
            match_field_label("c. thoi gian thuc hien: quy iii/2024")
                .unwrap()
                .kind,
            FieldKind::Deadline
        );
        let m = match_field_label("- kinh phi: ngan sach")
            .unwrap_or_else(|| match_field_label("kinh phi: ngan sach").unwrap());
        assert_eq!(m.kind, FieldKind::Other);
        // An enumerated line of prose is still no label.
        assert!(match_field_label("a) cac don vi bao cao ket qua: x").is_none());
    }

    #[test]
    fn outline_roman_and_slashed_enumerators_and_a_dash_for_the_colon() {
        for (key, kind) in [
            ("1.1. muc tieu: x", FieldKind::Objective),
            ("i) muc tieu: x", FieldKind::Objective),
            ("a/ don vi thuc hien: y", FieldKind::Implementers),
            ("1/ thoi gian hoan thanh: z", FieldKind::Deadline),
            ("muc tieu - x", FieldKind::Objective),
            ("thoi gian hoan thanh – quy ii/2025", FieldKind::Deadline),
        ] {
            let m = match_field_label(key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!(m.kind, kind, "{key}");
            assert_eq!(
                key[m.content_start..].trim(),
                key.rsplit([':', '-', '–']).next().unwrap().trim(),
                "{key}"
            );
        }
        // A dash after prose, or after a one-word label, is no label.
        assert!(match_field_label("cong an tinh - so y te").is_none());
        assert!(match_field_label("thoi gian - ket qua").is_none());
    }

    #[test]
    fn a_wrong_letter_is_tolerated_but_prose_is_not_a_label() {
        assert_eq!(
            match_field_label("pon vi thuc hien: x").unwrap().kind,
            FieldKind::Implementers
        );
        assert_eq!(
            match_field_label("thoi gian hoan thanh: x").unwrap().kind,
            FieldKind::Deadline
        );
        assert!(match_field_label("cong an tinh chu tri, phoi hop: x").is_none());
        assert!(match_field_label("muc tieu chung cua ke hoach la").is_none());
        // The end of a wrapped line ("+ Các xã" / "phối hợp.").
        assert!(match_field_label("phoi hop.").is_none());
    }
}
