//! The body: "Nhóm …" groups, "Mô hình N: …" models and their labelled fields.
//!
//! A small state machine over prepared lines. Headings are recognised on the mark-free key with
//! a one-edit allowance ("M6 hinh", "Mo hinh"), fields by [`crate::labels`]. A field runs until
//! the next label or heading, across blank lines and page-break debris, because page breaks
//! split paragraphs in the middle of a sentence.

use crate::deadline::parse_deadline;
use crate::labels::{distance, match_field_label, FieldKind};
use crate::prep::PrepLine;
use kehoach_core::text::fold_whitespace;
use kehoach_core::text::is_acronym;
use kehoach_core::{Fields, Group, Model, ModelSource, Warning};
use regex::Regex;
use std::sync::LazyLock;

/// "Mô hình 3:", "1.2. Mô hình 2 -", "Mô hình số 03.", "Mô hình thứ nhất:"; a short remark in
/// brackets after the number ("Mô hình 4 (mới):") belongs to the heading.
static MODEL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^a-z0-9]{0,4}(?:[a-h]\s*[.)]\s+)?(?:([0-9ol]{1,2}(?:\s*[.,\-]\s*[0-9ol]{1,2})*)\s*[.),]{0,2}\s*)?([a-z0-9]{1,3}\s?[a-z0-9]{3,5})\s+(?:(?:diem|mau|thi diem)\s+)?(?:(?:(?:so|thu)\s+)?(\d{1,3})|thu\s+((?:nhat|mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi)(?:\s+(?:mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi)){0,2})(?-u:\b))(?:\s*\([^()]{1,24}\))?\s*([:.;,)/]|[-–—]\s)?\s*")
        .expect("model heading")
});
/// See [`match_designated_model_heading`].
static DESIGNATED_MODEL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^a-z0-9]{0,4}(\d{1,2}(?:\s*\.\s*\d{1,2})*)\s*[.)]\s*([a-z0-9]{1,3}\s?[a-z0-9]{3,5})\s+(?:\S{1,5}\s+)?\S{1,5}?\s*:\s*")
        .expect("designated model heading")
});
/// "1. Mô hình điểm …": an outline number, then "Mô hình" and a name (no number).
static NAMED_MODEL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^a-z0-9]{0,4}(\d{1,2}(?:\s*\.\s*\d{1,2})*)\s*[.)]\s*([a-z0-9]{1,3}\s?[a-z0-9]{3,5})\s+[^\d\s]")
        .expect("named model heading")
});
static GROUP_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([ivxl|]{1,4}|\d{1,2}|[a-h])\s*[.)]\s*)?([a-z0-9]{4,5})\s+(\S.*)$")
        .expect("group heading")
});
/// An outline index ("I.", "2)", "b.") and the heading after it.
static OUTLINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([ivxl|]{1,4}|\d{1,2}|[a-h])\s*[.)]\s*(\S.*)$").expect("outlined heading")
});
static GROUP_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    // The closing bracket may be lost at the title's end (a fax's OCR drops it).
    Regex::new(r"\(\s*(?:bao\s+)?(?:gom\s+)?(\d{1,3})\s+mo\s+hinh[^)]*(?:\)|$)")
        .expect("group count")
});
/// The index after the word "Nhóm" ("Nhóm 2: Phục vụ …", "NHÓM II. …").
static GROUP_INDEX_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(\d{1,2}|[ivx]{1,4})\s*[:.)]\s+\S").expect("group index"));
static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    // The space after the numeral may be lost in OCR ("II.TỔ CHỨC THỰC HIỆN"); a digit or a
    // point after it is an outline's next level ("1.2.").
    Regex::new(r"^(?:[ivx]{1,4}|\d{1,2})\s*[.)]\s*[^\s\d.]").expect("section heading")
});

/// A recognised model heading.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelHeading {
    pub number: u32,
    pub heading: Option<String>,
    /// Byte offset in the key where the title starts.
    pub title_start: usize,
    /// Edits needed to read "mô hình".
    pub distance: usize,
}

/// Recognises "1.2. Mô hình 2: …" / "2. Mô hình 3: …" / "Mô hình 5: …" / "1. Mô hình số 1: …" /
/// "Mô hình 4 - …" at the start of a key.
/// Without an outline number, a colon (or similar, or a dash set off by a space) after the number
/// is required, so prose that begins with "Mô hình 3 được …" is not taken for a heading.
pub fn match_model_heading(key: &str) -> Option<ModelHeading> {
    let Some(c) = MODEL_HEADING.captures(key) else {
        return match_designated_model_heading(key);
    };
    let d = mo_hinh_distance(c.get(2)?.as_str())?;
    // Scanning noise turns the outline's dots into commas or dashes ("3,6.", "2-3.").
    let outline = c
        .get(1)
        .map(|m| m.as_str().replace(' ', "").replace([',', '-'], "."));
    // OCR misreads outline digits as letters ("o.2." for "5.2."); such an outline must still
    // contain a digit, or it is a word, not a number.
    if outline
        .as_deref()
        .is_some_and(|o| !o.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    if outline.is_none() && c.get(5).is_none() {
        return None;
    }
    let number = match (c.get(3), c.get(4)) {
        (Some(n), _) => n.as_str().parse().ok()?,
        (None, Some(words)) => ordinal(words.as_str())?,
        _ => return None,
    };
    Some(ModelHeading {
        number,
        heading: outline,
        title_start: c.get(0)?.end(),
        distance: d,
    })
}

/// "2. Mô hình thi hại: …": an outline number, "Mô hình", one or two short words and a colon.
/// The words designate the model ("thứ hai", "số 2") but OCR or restoration left them
/// unreadable; the outline's last number stands for them.
fn match_designated_model_heading(key: &str) -> Option<ModelHeading> {
    let c = DESIGNATED_MODEL_HEADING.captures(key)?;
    let d = mo_hinh_distance(c.get(2)?.as_str())?;
    let outline = c[1].replace(' ', "");
    Some(ModelHeading {
        number: outline.rsplit('.').next()?.parse().ok()?,
        heading: Some(outline),
        title_start: c.get(0)?.end(),
        distance: d,
    })
}

/// The number an ordinal names after "thứ" ("nhất" 1, "tư" 4, "mười hai" 12, "hai mươi mốt"
/// 21), from its mark-free words.
fn ordinal(words: &str) -> Option<u32> {
    let unit = |w: &str| match w {
        "mot" => Some(1),
        "hai" => Some(2),
        "ba" => Some(3),
        "bon" | "tu" => Some(4),
        "nam" | "lam" => Some(5),
        "sau" => Some(6),
        "bay" => Some(7),
        "tam" => Some(8),
        "chin" => Some(9),
        _ => None,
    };
    let w: Vec<&str> = words.split_whitespace().collect();
    match w.as_slice() {
        ["nhat"] => Some(1),
        ["muoi"] => Some(10),
        [u] => unit(u),
        ["muoi", u] => Some(10 + unit(u)?),
        [t, "muoi"] => Some(10 * unit(t)?),
        [t, "muoi", u] => Some(10 * unit(t)? + unit(u)?),
        _ => None,
    }
}

/// Edits from `word` to "mo hinh", if it reads so: one edit at most, and none unless it starts
/// with the "m" ("M6 hinh" yes, "Pé hinh" no).
fn mo_hinh_distance(word: &str) -> Option<usize> {
    let d = distance(word, "mo hinh");
    (d <= 1 && (word.starts_with('m') || d == 0)).then_some(d)
}

/// An outline number with a letter OCR put for a digit ("o.2"): the first component is the
/// enclosing group's index when there is one; other letters are mapped to their look-alike
/// digits. Clean outlines are returned unchanged.
fn repair_outline(outline: &str, group: Option<&str>) -> String {
    if outline.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return outline.to_string();
    }
    let mut parts: Vec<String> = outline.split('.').map(str::to_string).collect();
    if parts.len() > 1 {
        if let Some(g) = group.filter(|g| g.chars().all(|c| c.is_ascii_digit())) {
            parts[0] = g.to_string();
        }
    }
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| match c {
                    'o' => '0',
                    'l' => '1',
                    _ => c,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `n` (1 to 39) in roman numerals.
pub(crate) fn roman_numeral(n: usize) -> String {
    let tens = "X".repeat(n / 10);
    let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n % 10];
    format!("{tens}{ones}")
}

/// A recognised group heading: index, title (key offset), declared count.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupHeading {
    pub index: Option<String>,
    pub title_start: usize,
}

/// Recognises "1. Nhóm tiện ích …" / "II. NHÓM …" / "A. NHÓM …" / "Nhóm 2: …" /
/// "Nhóm …(bao gồm 05 mô hình)" / "II. CÁC MÔ HÌNH … (03 mô hình)".
pub fn match_group_heading(key: &str) -> Option<GroupHeading> {
    // "I. CÁC MÔ HÌNH PHỤC VỤ NGƯỜI DÂN (02 mô hình)": an outline heading that counts its
    // models is a group without the word "Nhóm".
    let counted = || {
        let c = OUTLINED
            .captures(key)
            .filter(|_| GROUP_COUNT.is_match(key))?;
        Some(GroupHeading {
            index: Some(c.get(1)?.as_str().to_string()),
            title_start: c.get(2)?.start(),
        })
    };
    let Some(c) = GROUP_HEADING.captures(key) else {
        return counted();
    };
    let word = c.get(2)?;
    if distance(word.as_str(), "nhom") > 1 || !word.as_str().starts_with('n') {
        return counted();
    }
    // "Nhóm 1: …": the index follows the word.
    let index = c.get(1).or_else(|| {
        GROUP_INDEX_AFTER
            .captures(&key[word.end()..])
            .and_then(|a| a.get(1))
    });
    let index = index.map(|m| m.as_str().to_string());
    if index.is_none() && !GROUP_COUNT.is_match(key) {
        return None;
    }
    Some(GroupHeading {
        index,
        title_start: word.start(),
    })
}

/// A top-level section heading that ends the models ("III. TỔ CHỨC THỰC HIỆN"): an outline
/// number followed by a line that is mostly capitals.
fn is_section_heading(l: &PrepLine) -> bool {
    if !SECTION_HEADING.is_match(&l.key) {
        return false;
    }
    crate::prep::in_capitals(&l.clean, 8)
}

/// The recipients list ("Nơi nhận:") after the signature: the body is over.
fn is_recipients(l: &PrepLine) -> bool {
    let k = l.key.trim_start_matches(|c: char| !c.is_alphanumeric());
    let head: String = k.chars().take(9).collect();
    distance(head.trim_end_matches(':'), "noi nhan") <= 1 && k.len() < 20
}

/// The appendix title ("PHỤ LỤC", in capitals on its own line): what follows is the table,
/// whose "Mô hình N: …" cells are not body headings.
pub fn is_appendix_title(l: &PrepLine) -> bool {
    let k = l.key.trim_start_matches(|c: char| !c.is_alphanumeric());
    distance(&k.chars().take(7).collect::<String>(), "phu luc") <= 1
        && l.clean
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
}

/// True where the body of the plan ends: the recipients list (once a model was seen) or the
/// appendix title (anywhere: an input may be the appendix alone).
pub fn is_body_end(l: &PrepLine, seen_model: bool) -> bool {
    (seen_model && is_recipients(l)) || is_appendix_title(l)
}

#[derive(Debug, Default)]
struct Item {
    text: String,
}

#[derive(Debug)]
struct FieldBuf {
    kind: FieldKind,
    items: Vec<Item>,
    line: usize,
    /// The list enumerator before the field's label ("a)", "3."), if any.
    enumerator: Option<Enumerator>,
}

#[derive(Debug)]
struct ModelBuf {
    head: ModelHeading,
    group: Option<String>,
    title: Vec<String>,
    title_open: bool,
    fields: Vec<FieldBuf>,
    line: usize,
    page: Option<usize>,
    /// Where the last field stood (field, items, length of the last item) when a paragraph
    /// began after it had ended a sentence; cleared by a later label. See
    /// [`drop_closing_words`].
    tail: Option<(usize, usize, usize)>,
}

impl ModelBuf {
    /// Starts a field with its first text: the title is over, and so is any paragraph that
    /// looked like the plan's closing words.
    fn open_field(
        &mut self,
        kind: FieldKind,
        text: &str,
        line: usize,
        enumerator: Option<Enumerator>,
    ) {
        self.title_open = false;
        self.tail = None;
        let mut f = FieldBuf {
            kind,
            items: Vec::new(),
            line,
            enumerator,
        };
        push_text(&mut f.items, text, true);
        self.fields.push(f);
    }
}

/// The plan's closing words after its last model ("Ban Chỉ đạo yêu cầu các cơ quan … ./.")
/// when no section heading or recipients list ends the models first: from a line that starts
/// with a capital and is no list item, after the last field had ended its sentence (OCR keeps
/// no empty line between paragraphs), when no other label followed. Only the last model is cut
/// so: any other model's field runs on to the next heading, across page breaks. A last field
/// that goes on with a new sentence on a new line loses that sentence.
fn drop_closing_words(m: &mut ModelBuf) {
    let Some((fi, n, len)) = m.tail.take() else {
        return;
    };
    let items = &mut m.fields[fi].items;
    items.truncate(n);
    if let Some(last) = items.last_mut() {
        last.text.truncate(len);
    }
}

/// What the body yields.
#[derive(Debug, Default)]
pub struct Body {
    pub groups: Vec<Group>,
    pub models: Vec<Model>,
    pub warnings: Vec<Warning>,
    /// Index of the first model heading line (the header lies before it).
    pub first_model_line: Option<usize>,
    /// Index of the line where the body ended (recipients, appendix), or the line count.
    pub end: usize,
}

fn push_text(items: &mut Vec<Item>, text: &str, new_item: bool) {
    if text.is_empty() {
        return;
    }
    match items.last_mut() {
        Some(last) if !new_item => {
            if !last.text.is_empty() {
                last.text.push(' ');
            }
            last.text.push_str(text);
        }
        _ => items.push(Item {
            text: text.to_string(),
        }),
    }
}

/// Parses groups and models from prepared lines.
pub fn read_body(lines: &[PrepLine]) -> Body {
    let body = read_body_with(lines, match_model_heading);
    if !body.models.is_empty() {
        return body;
    }
    // No "Mô hình N:" anywhere: the plan may number its models only by outline ("1. Mô hình
    // điểm "Chợ 4.0""). Taken when it gives two models, or one with a field.
    let named = read_body_with(lines, match_named_model_heading);
    let fielded = named.models.iter().any(|m| {
        let f = &m.fields;
        f.objective.is_some() || !f.implementers.is_empty() || f.deadline.is_some()
    });
    if named.models.len() >= 2 || fielded {
        named
    } else {
        body
    }
}

/// "1. Mô hình điểm "Chợ 4.0"": a model named after the words "Mô hình" rather than numbered
/// after them; the outline number is its number and the whole name its title.
pub fn match_named_model_heading(key: &str) -> Option<ModelHeading> {
    let c = NAMED_MODEL_HEADING.captures(key)?;
    let word = c.get(2)?;
    let d = mo_hinh_distance(word.as_str())?;
    let outline = c[1].replace(' ', "");
    Some(ModelHeading {
        number: outline.rsplit('.').next()?.parse().ok()?,
        heading: Some(outline),
        title_start: word.start(),
        distance: d,
    })
}

fn read_body_with(lines: &[PrepLine], heading: fn(&str) -> Option<ModelHeading>) -> Body {
    let mut body = Body::default();
    let mut model: Option<ModelBuf> = None;
    let mut group_title_open = false;
    let mut current_group: Option<String> = None;
    let mut seen_model = false;
    body.end = lines.len();

    for (i, l) in lines.iter().enumerate() {
        if is_body_end(l, seen_model) {
            body.end = i;
            break;
        }
        if l.is_blank() {
            if let Some(m) = model.as_mut() {
                // OCR often leaves an empty line inside a wrapped title: the title goes on when
                // it ended without punctuation and the next line continues the sentence.
                if m.title_open && !m.title.is_empty() && !title_runs_on(&m.title, &lines[i + 1..])
                {
                    m.title_open = false;
                }
            }
            group_title_open = false;
            continue;
        }
        if l.is_debris() {
            // A wrapped title's last short word on a line of its own ("… trật tự an toàn xã" /
            // "hội") is too short to tell from specks by its length: a lower-case word with a
            // Vietnamese mark is no speck.
            // So is a field's last word wrapped onto its own line with its stop ("… cách tra" /
            // "cứu."), where the field's text has not ended.
            if let Some(m) = model.as_mut() {
                if m.title_open
                    && !m.title.is_empty()
                    && !title_complete(&m.title)
                    && is_marked_word(&l.clean)
                {
                    m.title.push(l.clean.clone());
                } else if !m.title_open && is_marked_word(l.clean.trim_end_matches(['.', ',', ';']))
                {
                    if let Some(f) = m.fields.last_mut().filter(|f| {
                        f.items.last().is_some_and(|it| {
                            !it.text.trim_end().ends_with(['.', '!', '?', ';', ':'])
                        })
                    }) {
                        push_text(&mut f.items, &l.clean, false);
                    }
                }
            }
            continue;
        }
        if let Some(mut h) = heading(&l.key) {
            finish(model.take(), &mut body);
            h.heading = h
                .heading
                .map(|o| repair_outline(&o, current_group.as_deref()));
            if !seen_model {
                body.first_model_line = Some(i);
            }
            seen_model = true;
            group_title_open = false;
            let rest = l.clean_from(h.title_start).trim().to_string();
            model = Some(ModelBuf {
                group: current_group.clone(),
                title: if rest.is_empty() { vec![] } else { vec![rest] },
                title_open: true,
                fields: Vec::new(),
                line: l.line,
                page: l.page,
                head: h,
                tail: None,
            });
            continue;
        }
        if let Some(g) = match_group_heading(&l.key) {
            finish(model.take(), &mut body);
            let next = body.groups.len() + 1;
            let index = match g.index.clone() {
                // A roman numeral OCR read with a look-alike stroke ("IL.", "Il." for "I." or
                // "II."): which one is unknowable from the letters, so the group takes the
                // numeral that comes next.
                Some(i) if i.contains(['l', '|']) => roman_numeral(next),
                Some(i) => i.to_uppercase(),
                None => next.to_string(),
            };
            body.groups.push(Group {
                index: index.clone(),
                title: l.clean_from(g.title_start).trim().to_string(),
                declared_model_count: None,
            });
            current_group = Some(index);
            group_title_open = true;
            continue;
        }
        if is_section_heading(l) {
            finish(model.take(), &mut body);
            current_group = None;
            group_title_open = false;
            continue;
        }
        if group_title_open && l.bullet.is_none() {
            if let Some(g) = body.groups.last_mut() {
                g.title.push(' ');
                g.title.push_str(&l.clean);
            }
            continue;
        }
        let Some(m) = model.as_mut() else { continue };
        if let Some(label) = match_field_label(&l.key) {
            // A field without a place in the contract keeps its label ("Kinh phí: …").
            let from = if label.kind == FieldKind::Other {
                label.label_start
            } else {
                label.content_start
            };
            let enumerator = Enumerator::read(&l.clean).map(|e| e.0);
            m.open_field(label.kind, l.clean_from(from).trim(), l.line, enumerator);
            continue;
        }
        // A label of no known wording, enumerated next after the field before it ("đ) Thời
        // gian hoàn thành: …" then "e) Kết quả dự kiến: …"): a field outside the contract,
        // kept in the note with its label, not text of the field before.
        if let Some((e, at)) =
            Enumerator::read(&l.clean).filter(|(_, at)| is_label_head(&l.clean[*at..]))
        {
            if m.fields
                .last()
                .and_then(|f| f.enumerator)
                .is_some_and(|p| e.follows(p))
            {
                m.open_field(FieldKind::Other, l.clean[at..].trim(), l.line, Some(e));
                continue;
            }
        }
        // A title that already ends a sentence is complete; the next line is body text.
        if m.title_open && l.bullet.is_none() && !title_complete(&m.title) {
            m.title.push(l.clean.clone());
            continue;
        }
        m.title_open = false;
        if let Some((fi, f)) = m.fields.iter_mut().enumerate().next_back() {
            let capital = l.clean.chars().next().is_some_and(char::is_uppercase);
            let sentence_end = f
                .items
                .last()
                .is_some_and(|it| it.text.trim_end().ends_with(['.', '!', '?']));
            if sentence_end && l.bullet.is_none() && capital && m.tail.is_none() {
                let len = f.items.last().map_or(0, |it| it.text.len());
                m.tail = Some((fi, f.items.len(), len));
            }
            push_text(&mut f.items, &l.clean, l.bullet.is_some());
        }
    }
    if let Some(m) = model.as_mut() {
        drop_closing_words(m);
    }
    finish(model, &mut body);
    finalize_groups(&mut body);
    check_numbers(&mut body);
    body
}

/// A list enumerator: "a)", "đ)", "(3)", "2.", "b/".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Enumerator {
    /// The letter or number.
    mark: EnumMark,
    /// The char after it: ')', '.' or '/'.
    close: char,
    /// Opened with '('.
    open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnumMark {
    Letter(char),
    Number(u32),
}

impl Enumerator {
    /// The enumerator at the start of a line's clean text and the byte offset after it and its
    /// space.
    fn read(clean: &str) -> Option<(Enumerator, usize)> {
        let open = clean.starts_with('(');
        let s = &clean[usize::from(open)..];
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let (mark, rest) = if (1..=2).contains(&digits) {
            (EnumMark::Number(s[..digits].parse().ok()?), &s[digits..])
        } else {
            let c = s.chars().next()?;
            if !(c.is_ascii_lowercase() || c == 'đ') {
                return None;
            }
            (EnumMark::Letter(c), &s[c.len_utf8()..])
        };
        let close = rest
            .chars()
            .next()
            .filter(|c| matches!(c, ')' | '.' | '/'))?;
        let after = &rest[1..];
        if !after.starts_with(' ') || (open && close != ')') {
            return None;
        }
        Some((
            Enumerator { mark, close, open },
            clean.len() - after.len() + 1,
        ))
    }

    /// Whether this enumerator comes right after `prev` in the same list: the next number, or
    /// the next letter in the Vietnamese order ("d", "đ", "e", … without "f", "j") or the Latin
    /// one.
    fn follows(self, prev: Enumerator) -> bool {
        const VI: &str = "abcdđeghiklmnopqrstuvxy";
        const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
        let next_in = |order: &str, a: char, b: char| {
            let mut it = order.chars().skip_while(|&c| c != a);
            it.next().is_some() && it.next() == Some(b)
        };
        self.close == prev.close
            && self.open == prev.open
            && match (prev.mark, self.mark) {
                (EnumMark::Number(a), EnumMark::Number(b)) => b == a + 1,
                (EnumMark::Letter(a), EnumMark::Letter(b)) => {
                    next_in(VI, a, b) || next_in(LATIN, a, b)
                }
                _ => false,
            }
    }
}

/// "Kết quả dự kiến: …": a capitalised phrase of at most six words, without digits, before a
/// colon.
fn is_label_head(s: &str) -> bool {
    let Some((head, _)) = s.split_once(':') else {
        return false;
    };
    head.chars().next().is_some_and(char::is_uppercase)
        && !head.is_empty()
        && head.len() <= 60
        && head.split(' ').count() <= 6
        && !head.chars().any(|c| c.is_ascii_digit())
}

/// What a fax leaves after a title's last word ("… Kiosk. l", "… nhà nước, ˆ :"): a stroke read
/// as "l" or a bar, or marks without a letter (the circumflex alone is a modifier letter to
/// Unicode). An ellipsis, a percent sign set apart ("100 %") and closing brackets and quotes
/// are text.
fn is_trailing_speck(w: &str) -> bool {
    matches!(w, "l" | "|")
        || (w.chars().all(|c| !c.is_alphanumeric() || c == 'ˆ')
            && !w.contains("..")
            && !w.contains(['…', ')', '”', '"', '%']))
}

/// A lower-case word of two letters or more with a letter outside ASCII ("hội", "xã"): OCR
/// reads specks as punctuation, stray ASCII letters or roman-numeral strokes, not as these.
fn is_marked_word(s: &str) -> bool {
    s.chars().count() >= 2
        && s.chars().all(char::is_alphabetic)
        && s.chars().next().is_some_and(char::is_lowercase)
        && !s.is_ascii()
}

/// True when the title collected so far ends a sentence. A bracket still open is no end: a
/// speck read as a point after "(Cơ" cut a title in a fax.
fn title_complete(title: &[String]) -> bool {
    let open = title
        .iter()
        .flat_map(|t| t.chars())
        .fold(0i32, |n, c| match c {
            '(' => n + 1,
            ')' => n - 1,
            _ => n,
        });
    open <= 0
        && title
            .last()
            .is_some_and(|t| t.trim_end().ends_with(['.', '!', '?']))
}

/// True when a title interrupted by an empty line continues on the next content line: the
/// title ends mid-sentence (no closing punctuation, or a comma) and the next line is plain text
/// that starts in lower case or follows a comma.
fn title_runs_on(title: &[String], rest: &[PrepLine]) -> bool {
    let Some(last) = title.last().map(|t| t.trim_end()) else {
        return false;
    };
    if last.ends_with(['.', ':', ';', '!', '?', ')']) {
        return false;
    }
    let Some(next) = rest
        .iter()
        .find(|l| !l.is_blank() && (!l.is_debris() || is_marked_word(&l.clean)))
    else {
        return false;
    };
    if next.bullet.is_some()
        || match_field_label(&next.key).is_some()
        || match_model_heading(&next.key).is_some()
        || match_group_heading(&next.key).is_some()
    {
        return false;
    }
    let lower = next
        .clean
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase());
    lower || last.ends_with([',', '-', '–'])
}

/// Cleans a text value: single spaces, no stray separators at the ends.
fn tidy(s: &str) -> String {
    fold_whitespace(s)
        .trim_matches(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .to_string()
}

/// A list item: [`tidy`], and the full stop that closes the last item of a printed list
/// dropped, so that items read alike in a spreadsheet column ("Công an huyện." and "Công an
/// huyện"). An abbreviation's stop ("v.v.") stays.
fn item(s: &str) -> String {
    let t = tidy(s);
    match t.strip_suffix('.') {
        Some(r) if !r.ends_with('.') && !r.rsplit(' ').next().unwrap_or("").contains('.') => {
            r.to_string()
        }
        _ => t,
    }
}

/// `s` split at the semicolons outside brackets: one inside brackets separates the parts of
/// a remark ("Nền tảng quản trị tổng thể (Cổng điều hành …; ứng dụng công chức)"), not items.
fn split_semicolons(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth <= 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// List items: one per bullet; a single unbulleted value is split at semicolons.
fn list(items: &[Item]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if items.len() == 1 && items[0].text.contains(';') {
        out.extend(split_semicolons(&items[0].text).into_iter().map(item));
    } else {
        out.extend(items.iter().map(|i| item(&i.text)));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Implementers, one agency per item: list items split at semicolons, and where a comma is followed by a
/// capitalised word ("Công an tỉnh, Sở Y tế"), since agency names are capitalised and commas
/// inside one name precede lower-case words ("UBND các xã, thị trấn"); commas inside
/// parentheses are left alone. A role written before the agencies inside the item ("phối hợp:
/// Công an tỉnh", after "Đơn vị chủ trì: Sở X;") is dropped: both roles are implementers.
fn agencies(items: &[Item]) -> Vec<String> {
    split_agencies(list(items))
}

/// [`agencies`] over items already listed (a table's cells).
pub(crate) fn split_agencies(items: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    // Semicolons separate agencies inside a bulleted item too.
    let parts: Vec<String> = items
        .iter()
        .flat_map(|it| split_semicolons(it).into_iter().map(item))
        .collect();
    for it in parts {
        let k = crate::prep::key_of(&it);
        let role = ROLE.find(&k).map_or(0, |m| m.end());
        // The key keeps the text's char count, so a char offset maps back.
        let rest: String = it.chars().skip(k[..role].chars().count()).collect();
        let mut depth = 0i32;
        let mut start = 0;
        let b = rest.as_bytes();
        let mut pieces = Vec::new();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    // "Phòng Văn hóa - Thông tin (chính) Các cơ quan, ban, ngành": a role in
                    // brackets closes one agency, and a capitalised agency head after it opens
                    // the next, where the comma was lost.
                    let next = &rest[i + 1..];
                    if depth == 0
                        && next.starts_with(' ')
                        && next[1..].chars().next().is_some_and(char::is_uppercase)
                        && opens_agency(&next[1..])
                    {
                        pieces.push(item(&rest[start..=i]));
                        start = i + 2;
                    }
                }
                // A capital opens the next agency; so does "các" ("Công an huyện, các trường
                // THPT"), which no agency's own name continues with after a comma.
                ',' if depth <= 0
                    && b.get(i + 1) == Some(&b' ')
                    && (rest[i + 2..].chars().next().is_some_and(char::is_uppercase)
                        || rest[i + 2..].starts_with("các ")) =>
                {
                    pieces.push(item(&rest[start..i]));
                    start = i + 2;
                }
                _ => {}
            }
        }
        pieces.push(item(&rest[start..]));
        pieces.retain(|s| !s.is_empty());
        out.extend(join_name_fields(pieces));
    }
    out
}

/// Joins the pieces a comma split inside one agency's name: a department named after its
/// fields ("Sở Văn hóa, Thể thao và Du lịch", "Phòng Bưu chính, Viễn thông") capitalises each
/// field, so the capital after its comma is no new agency. A piece continues the one before
/// it when that one is a department's head word and a short name with no administrative level
/// or acronym in it, and the piece itself opens with no agency's head word or acronym
/// ("Sở Y tế, Bảo hiểm xã hội tỉnh" stays two).
fn join_name_fields(pieces: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match out.last_mut() {
            Some(prev) if names_fields(prev) && !opens_agency(&p) => {
                prev.push_str(", ");
                prev.push_str(&p);
            }
            _ => out.push(p),
        }
    }
    out
}

/// Head words of a department whose name lists its fields (lower case, tone placement as
/// [`kehoach_core::text::canonical_tone`] writes it).
const FIELD_DEPARTMENTS: &[&str] = &[
    "sở",
    "phòng",
    "bộ",
    "cục",
    "chi cục",
    "tổng cục",
    "vụ",
    "trung tâm",
    "ban",
    "viện",
];

/// Head words that open an agency's name (as [`FIELD_DEPARTMENTS`]). Marks are compared: the
/// key form would take "Viễn thông" for "Viện".
const AGENCY_HEADS: &[&str] = &[
    "sở",
    "phòng",
    "ban",
    "bộ",
    "cục",
    "chi cục",
    "tổng cục",
    "vụ",
    "ủy ban",
    "công an",
    "trung tâm",
    "văn phòng",
    "hội",
    "đoàn",
    "liên đoàn",
    "mặt trận",
    "bảo hiểm",
    "bưu điện",
    "ngân hàng",
    "kho bạc",
    "chi nhánh",
    "công ty",
    "tổng công ty",
    "tập đoàn",
    "viện",
    "trường",
    "bệnh viện",
    "đài",
    "báo",
    "tòa án",
    "đội",
    "tổ",
    "nhóm",
    "các",
    "cơ quan",
    "đơn vị",
    "doanh nghiệp",
    "đảng ủy",
    "huyện ủy",
    "tỉnh ủy",
    "thành ủy",
    "quận ủy",
    "hợp tác xã",
    "quỹ",
    "trạm",
    "điện lực",
    "học viện",
    "đại học",
    "thanh tra",
    "tỉnh đoàn",
    "huyện đoàn",
    "thành đoàn",
    "lãnh đạo",
    "chủ tịch",
    "người",
    "hộ",
    "nhân dân",
];

/// [`FIELD_DEPARTMENTS`] and [`AGENCY_HEADS`] as [`opens_with`] compares them, computed once.
static FIELD_DEPARTMENT_HEADS: LazyLock<Vec<String>> =
    LazyLock::new(|| canonical(FIELD_DEPARTMENTS));
static AGENCY_HEAD_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| canonical(AGENCY_HEADS));

/// Whether `words` are exactly the head of a department named after its fields ("Phòng",
/// "Chi cục"): the official case capitalises the field word after it ("Phòng Cảnh sát …",
/// "Sở Y tế").
pub(crate) fn is_field_department_head(words: &str) -> bool {
    let key = kehoach_core::text::canonical_tone(&words.to_lowercase());
    FIELD_DEPARTMENT_HEADS.contains(&key)
}

fn canonical(heads: &[&str]) -> Vec<String> {
    heads
        .iter()
        .map(|h| kehoach_core::text::canonical_tone(h))
        .collect()
}

/// Whether `name` opens with one of `heads` (canonical tone placement) as whole words.
fn opens_with(name: &str, heads: &[String]) -> bool {
    let lower = kehoach_core::text::canonical_tone(&name.to_lowercase());
    heads.iter().any(|h| {
        lower
            .strip_prefix(h.as_str())
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    })
}

/// "Sở Văn hóa", "Phòng Bưu chính": a department's head word and at most four more words,
/// none an administrative level or an acronym (a name that ends in its place is complete).
fn names_fields(name: &str) -> bool {
    let key = crate::prep::key_of(name);
    let words = name.split(' ').count();
    opens_with(name, &FIELD_DEPARTMENT_HEADS)
        && (2..=5).contains(&words)
        && !key.split(' ').any(|w| {
            matches!(
                w,
                "tinh" | "huyen" | "xa" | "quan" | "phuong" | "thi" | "pho" | "tran" | "tw"
            )
        })
        && !name.split(' ').skip(1).any(is_acronym)
}

/// A name that opens with an agency's head word ("Ban", "Sở", "Công an"), in any case.
pub(crate) fn opens_with_agency_head(name: &str) -> bool {
    opens_with(name, &AGENCY_HEAD_WORDS)
}

/// A piece that opens with an agency's head word or an acronym ("UBND", "VNPT").
fn opens_agency(piece: &str) -> bool {
    opens_with(piece, &AGENCY_HEAD_WORDS) || piece.split(' ').next().is_some_and(is_acronym)
}

/// The agencies a model's assignments are given to ("Công an quận: tiếp nhận …" → "Công an
/// quận"), for a model that names its implementers only there: an analyst filtering by agency
/// then finds it as one with an implementers field. A head counts when a task follows its
/// colon, it is at most ten words, starts with a capital and opens with an agency's head word
/// or an acronym ("Nhiệm vụ: …" or "Chủ trì: …" name no agency).
fn assignees(assignments: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in assignments {
        let Some((head, task)) = a.split_once(':') else {
            continue;
        };
        let head = head.trim();
        if task.trim().is_empty()
            || head.split(' ').count() > 10
            || !head.chars().next().is_some_and(char::is_uppercase)
            || !opens_agency(head)
        {
            continue;
        }
        for name in split_agencies(vec![head.to_string()]) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// A role label opening an implementers item: "phối hợp:", "đơn vị chủ trì:" (key form).
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:don vi|co quan)\s+)?(?:chu tri|phoi hop)\s*:\s*").expect("role label")
});

fn joined(items: &[Item]) -> Option<String> {
    let s = tidy(
        &items
            .iter()
            .map(|i| i.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    (!s.is_empty()).then_some(s)
}

fn finish(m: Option<ModelBuf>, body: &mut Body) {
    let Some(m) = m else { return };
    let mut fields = Fields::default();
    let mut objective: Vec<Item> = Vec::new();
    let mut note: Vec<Item> = Vec::new();
    let mut location: Vec<Item> = Vec::new();
    let mut deadline_text: Option<String> = None;
    for f in &m.fields {
        match f.kind {
            FieldKind::Objective => objective.extend(f.items.iter().map(|i| Item {
                text: i.text.clone(),
            })),
            FieldKind::Assignments => fields.assignments.extend(list(&f.items)),
            FieldKind::Implementers => fields.implementers.extend(agencies(&f.items)),
            FieldKind::Tools => fields.tools.extend(list(&f.items)),
            FieldKind::Note | FieldKind::Other => note.extend(f.items.iter().map(|i| Item {
                text: i.text.clone(),
            })),
            FieldKind::Location => location.extend(f.items.iter().map(|i| Item {
                text: i.text.clone(),
            })),
            // A deadline given twice: the later statement is the one in force.
            FieldKind::Deadline => {
                if let Some(t) = joined(&f.items) {
                    deadline_text = Some(t);
                } else {
                    body.warnings.push(Warning::at_line(
                        "field_empty",
                        format!("model {}: deadline label without a value", m.head.number),
                        f.line,
                    ));
                }
            }
        }
    }
    if !m.fields.iter().any(|f| f.kind == FieldKind::Implementers) {
        fields.implementers = assignees(&fields.assignments);
    }
    // A sentence under the implementers label that opens with no agency and runs longer than
    // any agency's name with its place ("Thực hiện thí điểm mô hình với Khối 10 của 02 trường
    // THPT … trước khi triển khai diện rộng") is a remark on them: it goes to the note, so the
    // list holds agencies and forces only. Twenty words: a misread head word ("Đi Cảnh sát
    // quản lý hành chính về trật tự xã hội", eleven) must stay.
    let (agencies, remarks): (Vec<String>, Vec<String>) = std::mem::take(&mut fields.implementers)
        .into_iter()
        .partition(|i| opens_agency(i) || i.split(' ').count() <= 20);
    fields.implementers = agencies;
    note.extend(remarks.into_iter().map(|text| Item { text }));
    fields.objective = joined(&objective);
    fields.note = joined(&note);
    fields.location = joined(&location);
    fields.deadline = deadline_text.map(|t| parse_deadline(&t));
    let title = fold_whitespace(&m.title.join(" "));
    let title = kehoach_core::text::trim_words(&title, |_| false, is_trailing_speck);
    // A list's separator printed after a title ("… trực tuyến;") is no part of it; a full stop
    // is kept, as the answer keys keep it.
    let title = title.trim_end_matches([';', ',']).trim_end().to_string();
    if title.is_empty() {
        body.warnings.push(Warning::at_line(
            "title_missing",
            format!("model {}: no title after the heading", m.head.number),
            m.line,
        ));
    }
    if m.fields.is_empty() {
        body.warnings.push(Warning::at_line(
            "fields_missing",
            format!("model {}: no labelled field found", m.head.number),
            m.line,
        ));
    }
    // Confidence: a fuzzy heading, no fields or no title each lower it.
    let mut confidence = 1.0f32;
    confidence *= 1.0 - 0.2 * m.head.distance as f32;
    if m.fields.is_empty() {
        confidence *= 0.6;
    }
    if title.is_empty() {
        confidence *= 0.5;
    }
    body.models.push(Model {
        number: m.head.number,
        heading: m.head.heading,
        group: m.group,
        title,
        fields,
        appendix: None,
        source: ModelSource {
            page: m.page,
            line: m.line,
        },
        confidence,
    });
}

/// Splits "Nhóm … (bao gồm 05 mô hình)" into the title and the declared count.
pub fn split_group_count(title: &str) -> (String, Option<u32>) {
    let key = crate::prep::key_of(title);
    let Some(c) = GROUP_COUNT.captures(&key) else {
        return (tidy(title), None);
    };
    let m = c.get(0).expect("match");
    let cs = key[..m.start()].chars().count();
    let ce = cs + key[m.start()..m.end()].chars().count();
    let kept: String = title
        .chars()
        .enumerate()
        .filter(|(i, _)| *i < cs || *i >= ce)
        .map(|(_, c)| c)
        .collect();
    (tidy(&kept), c[1].parse().ok())
}

/// Takes the declared count out of group titles ("… (bao gồm 05 mô hình)") and warns where the
/// body lists a different number of models.
fn finalize_groups(body: &mut Body) {
    for g in &mut body.groups {
        let (title, declared) = split_group_count(&g.title);
        g.title = title;
        g.declared_model_count = declared;
    }
    for g in &body.groups {
        let found = body
            .models
            .iter()
            .filter(|m| m.group.as_deref() == Some(g.index.as_str()))
            .count();
        if let Some(n) = g.declared_model_count {
            if n as usize != found {
                body.warnings.push(Warning::document(
                    "group_count_mismatch",
                    format!(
                        "group {} declares {n} models, the body lists {found}",
                        g.index
                    ),
                ));
            }
        }
    }
}

/// Warns about duplicate model numbers and skipped outline numbers ("5.5" then "5.7").
fn check_numbers(body: &mut Body) {
    // Plans that number models afresh in each group ("I. …: Mô hình 1, 2; II. …: Mô hình 1,
    // 2"): a number repeats across groups by design, and only a repeat within one group is
    // a duplicate.
    let mut firsts: Vec<(Option<&str>, u32)> = Vec::new();
    for m in &body.models {
        if firsts.last().is_none_or(|f| f.0 != m.group.as_deref()) {
            firsts.push((m.group.as_deref(), m.number));
        }
    }
    let restarts = firsts.len() >= 2 && firsts.iter().all(|f| f.0.is_some() && f.1 == 1);
    let mut seen = std::collections::HashMap::new();
    for m in &body.models {
        let group = if restarts { m.group.clone() } else { None };
        if let Some(prev) = seen.insert((group, m.number), m.source.line) {
            body.warnings.push(Warning::at_line(
                "duplicate_model_number",
                format!(
                    "model {} appears twice (lines {prev} and {})",
                    m.number, m.source.line
                ),
                m.source.line,
            ));
        }
    }
    // "1.3" → ("1", 3); a one-level outline "3" → ("", 3).
    let parse = |h: &str| -> Option<(String, u32)> {
        let (pre, last) = h.rsplit_once('.').unwrap_or(("", h));
        Some((pre.to_string(), last.parse().ok()?))
    };
    for w in body.models.windows(2) {
        let (Some(a), Some(b)) = (w[0].heading.as_deref(), w[1].heading.as_deref()) else {
            // Without outlines, the model numbers themselves: within one group, or across
            // groups that continue one count.
            let (a, b) = (&w[0], &w[1]);
            if a.heading.is_none()
                && b.heading.is_none()
                && (a.group == b.group || !restarts)
                && b.number > a.number + 1
            {
                body.warnings.push(Warning::at_line(
                    "model_number_skipped",
                    format!("model numbers jump from {} to {}", a.number, b.number),
                    b.source.line,
                ));
            }
            continue;
        };
        if let (Some((pa, na)), Some((pb, nb))) = (parse(a), parse(b)) {
            if pa == pb && nb != na + 1 {
                body.warnings.push(Warning::at_line(
                    "heading_number_skipped",
                    format!("outline number jumps from {a} to {b}"),
                    w[1].source.line,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prep::prepare;

    #[test]
    fn a_department_named_after_its_fields_is_one_agency() {
        let split = |s: &str| split_agencies(vec![s.to_string()]);
        assert_eq!(
            split("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế, Bảo hiểm xã hội tỉnh"),
            [
                "Sở Văn hóa, Thể thao và Du lịch",
                "Sở Y tế",
                "Bảo hiểm xã hội tỉnh"
            ]
        );
        assert_eq!(
            split("Phòng Bưu chính, Viễn thông; Viettel Quảng Ninh"),
            ["Phòng Bưu chính, Viễn thông", "Viettel Quảng Ninh"]
        );
        // A name that ends in its place is complete; an acronym opens an agency.
        assert_eq!(
            split("Phòng Tư pháp huyện, Văn hóa xã"),
            ["Phòng Tư pháp huyện", "Văn hóa xã"]
        );
        assert_eq!(
            split("Sở Tư pháp, UBND các xã"),
            ["Sở Tư pháp", "UBND các xã"]
        );
    }

    #[test]
    fn assignments_to_agencies_name_the_implementers_when_no_field_does() {
        let text = "Mô hình 1: Tin báo qua VNeID\n- Mục tiêu: Trả lời trong ngày.\n- Phân công:\n+ Công an quận, Phòng Tư pháp: tiếp nhận tin báo;\n+ Nhiệm vụ: xác minh tại chỗ;\n+ UBND các phường: hỗ trợ người dân;\n+ Công an quận: báo cáo kết quả.\n";
        let b = read_body(&prepare(text.lines().map(|l| (None, l))));
        assert_eq!(
            b.models[0].fields.implementers,
            ["Công an quận", "Phòng Tư pháp", "UBND các phường"]
        );
        // A field of its own wins.
        let given = format!("{text}- Đơn vị thực hiện: Công an các phường.\n");
        let b = read_body(&prepare(given.lines().map(|l| (None, l))));
        assert_eq!(b.models[0].fields.implementers, ["Công an các phường"]);
    }

    #[test]
    fn cac_after_a_comma_opens_the_next_agency() {
        let split = |s: &str| split_agencies(vec![s.to_string()]);
        assert_eq!(
            split("Công an huyện, các trường THPT"),
            ["Công an huyện", "các trường THPT"]
        );
        assert_eq!(
            split("Phòng Văn hóa - Thông tin, các cơ quan, ban, ngành"),
            ["Phòng Văn hóa - Thông tin", "các cơ quan, ban, ngành"]
        );
        // Lower-case words that are no "các" continue the agency.
        assert_eq!(split("UBND các xã, thị trấn"), ["UBND các xã, thị trấn"]);
        // A role in brackets ends an agency whose comma was lost.
        assert_eq!(
            split("Phòng Văn hóa - Thông tin (chính) Các cơ quan, ban, ngành"),
            [
                "Phòng Văn hóa - Thông tin (chính)",
                "Các cơ quan, ban, ngành"
            ]
        );
        assert_eq!(
            split("Công an huyện (PC06) phối hợp"),
            ["Công an huyện (PC06) phối hợp"]
        );
    }

    #[test]
    fn a_long_sentence_naming_no_agency_is_a_remark_not_an_implementer() {
        let text = "Mô hình 1: Học bạ số\n- Mục tiêu: Thử.\n- Lực lượng triển khai:\n+ Thực hiện thí điểm mô hình với hai lớp của 02 trường THPT trong năm học 2023-2024 để đánh giá tính khả thi trước khi triển khai diện rộng.\n+ Phòng Giáo dục và Đào tạo, Công an huyện.\n+ Đội Cảnh sát quản lý hành chính về trật tự xã hội Công an huyện.\n";
        let b = read_body(&prepare(text.lines().map(|l| (None, l))));
        let f = &b.models[0].fields;
        assert_eq!(
            f.implementers,
            [
                "Phòng Giáo dục và Đào tạo",
                "Công an huyện",
                "Đội Cảnh sát quản lý hành chính về trật tự xã hội Công an huyện"
            ]
        );
        assert!(f
            .note
            .as_deref()
            .unwrap()
            .starts_with("Thực hiện thí điểm mô hình"));
    }

    #[test]
    fn a_semicolon_inside_brackets_separates_no_items() {
        assert_eq!(
            split_semicolons("Nền tảng quản trị (Cổng điều hành; ứng dụng công chức); VNeID"),
            [
                "Nền tảng quản trị (Cổng điều hành; ứng dụng công chức)",
                " VNeID"
            ]
        );
        assert_eq!(
            split_agencies(vec!["Công an tỉnh (PC06; PV01); Sở Y tế".to_string()]),
            ["Công an tỉnh (PC06; PV01)", "Sở Y tế"]
        );
    }

    #[test]
    fn enumerators_follow_in_vietnamese_or_latin_order() {
        let e = |s: &str| Enumerator::read(s).map(|x| x.0).unwrap();
        assert!(e("đ) Thời gian").follows(e("d) Đơn vị")));
        assert!(e("e) Kết quả").follows(e("đ) Thời gian")));
        assert!(e("e) Kết quả").follows(e("d) Thời gian")));
        assert!(e("g) Ghi chú").follows(e("e) Kết quả")));
        assert!(e("4. Kinh phí").follows(e("3. Thời gian")));
        assert!(!e("4) Kinh phí").follows(e("3. Thời gian")));
        assert!(!e("c) Kinh phí").follows(e("a) Mục tiêu")));
        assert!(!e("(b) Kinh phí").follows(e("a) Mục tiêu")));
        assert_eq!(Enumerator::read("e) Kết quả").map(|x| x.1), Some(3));
        assert!(Enumerator::read("Mục tiêu: a) b)").is_none());
        assert!(Enumerator::read("2024. Năm").is_none());
    }

    #[test]
    fn an_unknown_label_enumerated_after_a_field_is_a_field_of_its_own() {
        let text = "1.1. Mô hình 1: Ký số\na) Mục tiêu: Ký số văn bản.\nb) Thời gian hoàn thành: Tháng 10/2024.\nc) Kết quả dự kiến: Văn bản đi được ký số.\nd) Năm 2024: không phải nhãn\n";
        let b = read_body(&prepare(text.lines().map(|l| (None, l))));
        let f = &b.models[0].fields;
        assert_eq!(f.deadline.as_ref().unwrap().text, "Tháng 10/2024.");
        assert_eq!(
            f.note.as_deref(),
            Some("Kết quả dự kiến: Văn bản đi được ký số. d) Năm 2024: không phải nhãn")
        );
    }

    #[test]
    fn a_skipped_one_level_outline_or_model_number_is_warned() {
        let b = read_body(&prepare(
            "1. Mô hình 1: A\n- Mục tiêu: x.\n3. Mô hình 3: B\n- Mục tiêu: y.\n"
                .lines()
                .map(|l| (None, l)),
        ));
        assert!(b
            .warnings
            .iter()
            .any(|w| w.code == "heading_number_skipped"));
        let b = read_body(&prepare(
            "Mô hình 1: A\n- Mục tiêu: x.\nMô hình 3: B\n- Mục tiêu: y.\n"
                .lines()
                .map(|l| (None, l)),
        ));
        assert!(b.warnings.iter().any(|w| w.code == "model_number_skipped"));
        let b = read_body(&prepare(
            "1. Mô hình 1: A\n- Mục tiêu: x.\n2. Mô hình 7: B\n- Mục tiêu: y.\n"
                .lines()
                .map(|l| (None, l)),
        ));
        assert!(b.warnings.is_empty(), "{:?}", b.warnings);
    }

    #[test]
    fn a_group_count_keeps_its_number_when_its_closing_bracket_is_lost() {
        assert_eq!(
            split_group_count("Nhóm phục vụ công dân số (02 mô hình)"),
            ("Nhóm phục vụ công dân số".to_string(), Some(2))
        );
        assert_eq!(
            split_group_count("Nhóm phục vụ công dân số (02 mô hình"),
            ("Nhóm phục vụ công dân số".to_string(), Some(2))
        );
        assert_eq!(
            split_group_count("Nhóm (bao gồm 05 mô hình) tiện ích"),
            ("Nhóm tiện ích".to_string(), Some(5))
        );
    }

    #[test]
    fn a_title_s_last_short_word_wrapped_onto_its_own_line() {
        let text = "1. Mô hình 1: Xử phạt giao thông và trật tự an toàn xã\nhội\n\
                    - Mục tiêu: Xác minh phương tiện.\n\
                    2. Mô hình 2: Chợ số\n.\nii\n- Mục tiêu: Thanh toán.\n";
        let body = read_body(&prepare(text.lines().map(|l| (None, l))));
        assert_eq!(
            body.models[0].title,
            "Xử phạt giao thông và trật tự an toàn xã hội"
        );
        // Specks and strokes stay out of a title.
        assert_eq!(body.models[1].title, "Chợ số");
        assert!(is_trailing_speck("l") && is_trailing_speck("ˆ") && is_trailing_speck(":"));
        assert!(!is_trailing_speck("...") && !is_trailing_speck(")") && !is_trailing_speck("I"));
        assert!(!is_trailing_speck("%"));
        assert!(is_marked_word("hội") && is_marked_word("xã"));
        assert!(!is_marked_word("ii") && !is_marked_word("ô") && !is_marked_word("Hội"));
    }

    #[test]
    fn scanning_noise_around_headings() {
        let h = match_model_heading(": 1.2. mo hinh 2: tu dong").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (2, Some("1.2")));
        let h = match_model_heading("3,6. mo hinh 25: trien khai").unwrap();
        assert_eq!(h.heading.as_deref(), Some("3.6"));
        let h = match_model_heading("o.2. mo hinh 35: phan tich").unwrap();
        assert_eq!(h.heading.as_deref(), Some("o.2"));
        assert_eq!(repair_outline("o.2", Some("5")), "5.2");
        assert!(match_model_heading("oo. mo hinh 3: x").is_none());
        // A fax's comma for the outline's closing point ("1.4, Mô hình 4:", "3.7,.Mô hình 26:").
        let h = match_model_heading("1.4, mo hinh 4: luu tru").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (4, Some("1.4")));
        let h = match_model_heading("3.7,.m6 hinh 26: trien khai").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (26, Some("3.7")));
    }

    #[test]
    fn a_remark_in_brackets_after_the_model_number() {
        let key = "mo hinh 4 (moi): cho khong dung tien mat";
        let h = match_model_heading(key).unwrap();
        assert_eq!(h.number, 4);
        assert_eq!(&key[h.title_start..], "cho khong dung tien mat");
        let h = match_model_heading("2.1. mo hinh 7 (nhan rong) - camera").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (7, Some("2.1")));
    }

    #[test]
    fn a_title_drops_a_list_separator_but_keeps_its_full_stop() {
        let text = "Mô hình 1: Cấp giấy chứng nhận trực tuyến;\n- Mục tiêu: x.\n\
                    Mô hình 2: Sổ sức khỏe điện tử.\n- Mục tiêu: y.\n";
        let body = read_body(&prepare(text.lines().map(|l| (None, l))));
        assert_eq!(body.models[0].title, "Cấp giấy chứng nhận trực tuyến");
        assert_eq!(body.models[1].title, "Sổ sức khỏe điện tử.");
    }

    #[test]
    fn ordinal_headings() {
        for (key, n) in [
            ("1. mo hinh thu nhat: dang ky khai sinh", 1),
            ("mo hinh thu tu: so suc khoe", 4),
            ("mo hinh thu muoi hai: cho", 12),
            ("mo hinh thu hai muoi mot: x", 21),
        ] {
            let h = match_model_heading(key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!(h.number, n, "{key}");
            assert!(!key[h.title_start..].contains("thu "), "{key}");
        }
        // A qualifier before the number ("Mô hình điểm 1:", "Mô hình điểm thứ hai:"), a letter
        // enumerator before the heading, ")" or "/" after the number.
        for (key, n) in [
            ("mo hinh diem 1: cap", 1),
            ("mo hinh diem so 3: cap", 3),
            ("mo hinh diem thu hai: cap", 2),
            ("a) mo hinh 4: cap", 4),
            ("mo hinh 5) cap", 5),
            ("mo hinh 6/ cap", 6),
        ] {
            let h = match_model_heading(key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!((h.number, &key[h.title_start..]), (n, "cap"), "{key}");
        }
        // Prose after "thứ" is no number: "Mô hình thứ nghiệm" is not a heading.
        assert!(match_model_heading("mo hinh thu nghiem: x").is_none());
        // With an outline number, words OCR left unreadable before the colon still make a
        // heading, numbered by the outline.
        let h = match_model_heading("2. mo hinh thi hai: cho khong dung tien mat").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (2, Some("2")));
        assert_eq!(
            &"2. mo hinh thi hai: cho khong dung tien mat"[h.title_start..],
            "cho khong dung tien mat"
        );
    }

    #[test]
    fn heading_variants() {
        let h = match_model_heading("1.2. mo hinh 2: xay dung").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (2, Some("1.2")));
        let h = match_model_heading("2. m6 hinh 3: to chirc").unwrap();
        assert_eq!(
            (h.number, h.heading.as_deref(), h.distance),
            (3, Some("2"), 1)
        );
        assert!(match_model_heading("mo hinh 3 duoc trien khai tai").is_none());
        // A dash set off by spaces separates number and title; one inside a range does not.
        let h = match_model_heading("mo hinh 4 - cap chung chi").unwrap();
        assert_eq!(
            (h.number, &"mo hinh 4 - cap chung chi"[h.title_start..]),
            (4, "cap chung chi")
        );
        let h = match_model_heading("mo hinh 4 – cap").unwrap();
        assert_eq!(h.number, 4);
        assert!(match_model_heading("mo hinh 3-5 duoc").is_none());
        assert_eq!(match_model_heading("mo hinh 5: abc").unwrap().heading, None);
        assert!(match_model_heading("2.3. thoi gian thuc hien: x").is_none());
        let h = match_model_heading("1. mo hinh so 1: thanh toan").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (1, Some("1")));
        assert_eq!(
            match_model_heading("mo hinh thu 12: abc").unwrap().number,
            12
        );
        assert!(match_model_heading("mo hinh so hoa 3: x").is_none());
        let g = match_group_heading("a. nhom phuc vu phat trien kinh te (gom 02 mo hinh)").unwrap();
        assert_eq!(g.index.as_deref(), Some("a"));
        let g = match_group_heading("nhom 2: phuc vu phat trien cong dan so").unwrap();
        assert_eq!((g.index.as_deref(), g.title_start), (Some("2"), 0));
        assert!(match_group_heading("nhom cong tac se kiem tra").is_none());
        // Without "Nhóm": an outline heading that counts its models.
        let key = "ii. cac mo hinh phuc vu doanh nghiep (02 mo hinh)";
        let g = match_group_heading(key).unwrap();
        assert_eq!(g.index.as_deref(), Some("ii"));
        assert!(key[g.title_start..].starts_with("cac mo hinh"));
        let g = match_group_heading("2. nhom.tien ich kinh te (bao gom 14 mo hinh)").unwrap();
        assert_eq!(g.index.as_deref(), Some("2"));
        assert!(match_group_heading("iii. to chuc thuc hien").is_none());
        assert_eq!(
            match_group_heading("il. nhom mo hinh")
                .unwrap()
                .index
                .as_deref(),
            Some("il")
        );
        assert_eq!(
            (roman_numeral(1), roman_numeral(4), roman_numeral(12)),
            ("I".to_string(), "IV".to_string(), "XII".to_string())
        );
    }

    #[test]
    fn models_named_after_an_outline_number_only_without_numbered_ones() {
        let h = match_named_model_heading("2. mo hinh diem \"truong hoc so\"").unwrap();
        assert_eq!((h.number, h.heading.as_deref()), (2, Some("2")));
        assert!(match_named_model_heading("2. mo hinh 3: x").is_none());
        assert!(match_named_model_heading("mo hinh diem").is_none());
        let read = |text: &str| {
            let lines = prepare(text.lines().map(|l| (None, l)));
            read_body(&lines).models.len()
        };
        // Used only where no "Mô hình N:" heading exists, and only for two or more, or one
        // with fields.
        assert_eq!(
            read("1. Mô hình điểm A\n- Chủ trì: Công an\n2. Mô hình điểm B"),
            2
        );
        assert_eq!(read("1. Mô hình điểm A\nMô hình 1: B\n- Mục tiêu: x"), 1);
        assert_eq!(read("1. Mô hình hoạt động còn hình thức."), 0);
    }

    #[test]
    fn numbers_restarting_in_each_group_are_no_duplicates() {
        let codes = |text: &str| -> Vec<String> {
            let lines = prepare(text.lines().map(|l| (None, l)));
            read_body(&lines)
                .warnings
                .into_iter()
                .map(|w| w.code)
                .collect()
        };
        let restart =
            "I. NHÓM A\nMô hình 1: X\nMô hình 2: Y\nII. NHÓM B\nMô hình 1: Z\nMô hình 2: W";
        assert!(!codes(restart).contains(&"duplicate_model_number".to_string()));
        let repeat = "I. NHÓM A\nMô hình 1: X\nMô hình 2: Y\nII. NHÓM B\nMô hình 2: Z";
        assert!(codes(repeat).contains(&"duplicate_model_number".to_string()));
        let within = "I. NHÓM A\nMô hình 1: X\nMô hình 1: Y\nII. NHÓM B\nMô hình 1: Z";
        assert!(codes(within).contains(&"duplicate_model_number".to_string()));
    }

    #[test]
    fn models_fields_and_groups() {
        let text = "II. CÁC NHIỆM VỤ CỤ THỂ\n\
            1. Nhóm tiện ích phục vụ công dân số (bao gồm 02 mô hình)\n\n\
            1.1. Mô hình 1: Triển khai 53 dịch vụ\ncông thiết yếu.\n\n\
            - Mục tiêu: Người dân tiến hành\n\nCA\n\ntheo lộ trình.\n\
            - Phân công nhiệm vụ:\n+ Công an huyện chủ trì.\n+ Các xã\nphối hợp.\n\
            - Thời gian hoàn thành: Trong năm 2023.\n\
            - Thời gian hoàn thành: Quý I năm 2024.\n\
            1.3. Mô hình 2: Chuẩn hóa xác thực (SSO)\n\
            - Đơn vị thực hiện: Phòng A; Phòng B.\n\
            III. TỔ CHỨC THỰC HIỆN\n\
            1. Các cơ quan\n";
        let lines = prepare(text.lines().map(|l| (Some(1), l)));
        let b = read_body(&lines);
        assert_eq!(b.groups.len(), 1);
        assert_eq!(b.groups[0].title, "Nhóm tiện ích phục vụ công dân số");
        assert_eq!(b.groups[0].declared_model_count, Some(2));
        assert_eq!(b.models.len(), 2);
        let m = &b.models[0];
        assert_eq!(m.title, "Triển khai 53 dịch vụ công thiết yếu.");
        assert_eq!(m.group.as_deref(), Some("1"));
        assert_eq!(
            m.fields.objective.as_deref(),
            Some("Người dân tiến hành theo lộ trình.")
        );
        assert_eq!(
            m.fields.assignments,
            vec!["Công an huyện chủ trì", "Các xã phối hợp"]
        );
        let d = m.fields.deadline.as_ref().unwrap();
        assert_eq!(d.text, "Quý I năm 2024.");
        assert_eq!(d.end.as_deref(), Some("2024-03-31"));
        assert_eq!(b.models[1].fields.implementers, vec!["Phòng A", "Phòng B"]);
        assert!(b
            .warnings
            .iter()
            .any(|w| w.code == "heading_number_skipped"));
    }
}
