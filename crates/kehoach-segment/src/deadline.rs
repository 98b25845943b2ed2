//! Deadlines: from the printed text to a calendar interval.
//!
//! Analysts sort and filter by deadline, so each one becomes `start`/`end` ISO dates: the end
//! is the latest calendar day the text names ("Trước 30/6/2024. Trong đó, tháng 12/2023 …" ends
//! 2024-06-30); the start is given only when the text names a span (a quarter, "giai đoạn
//! 2023-2025", "từ tháng 11/2023"). Dates of cited documents ("theo Công văn số 615/UBND-NCVX
//! ngày 05/4/2023") are not deadlines, and relative or open wording ("03 tháng sau khi …",
//! "Theo lộ trình …") yields no dates rather than a guess.
//!
//! Words that narrow a month, quarter or year are read too, because analysts filter by the
//! end: "trước tháng 10/2024" ends 2024-09-30 (before October begins; a day keeps its own date,
//! "Trước 31/12/2023" ends that day as the contract says); "đầu / giữa / cuối" a year are its
//! first quarter, June and last quarter, of a quarter its months, of a month its ten-day thirds
//! (the calendar's "thượng / trung / hạ tuần"); "nửa đầu / nửa cuối năm" are its halves; "Tết
//! Nguyên đán 2025" is that lunar new year's day.

use crate::prep::key_of;
use kehoach_core::text::{fold_whitespace, roman_quarters};
use kehoach_core::Deadline;
use regex::Regex;
use std::sync::LazyLock;

/// A calendar date (validated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or None.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1900..=2200).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// ISO 8601 "YYYY-MM-DD".
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The day before.
    fn pred(self) -> Option<Date> {
        match (self.day, self.month) {
            (1, 1) => Date::new(self.year - 1, 12, 31),
            (1, m) => Date::new(self.year, m - 1, days_in_month(self.year, m - 1)),
            (d, m) => Date::new(self.year, m, d - 1),
        }
    }
}

/// What a span names, for the words that narrow it ("đầu", "cuối", "trước").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    /// The first day of a lunar new year ("Tết Nguyên đán 2025").
    Tet,
    Month,
    Quarter,
    Year,
    /// Ranges, lists, halves, school years: nothing narrows them.
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: Date,
    end: Date,
    /// The text names a span (quarter, period, "từ …"), so `start` is meaningful.
    ranged: bool,
    unit: Unit,
}

/// Months `first..=last` of `year` (a month, a quarter, a half-year).
fn months_span(year: i32, first: u32, last: u32, ranged: bool) -> Option<Span> {
    Some(Span {
        start: Date::new(year, first, 1)?,
        end: Date::new(year, last, days_in_month(year, last))?,
        ranged,
        unit: Unit::Other,
    })
}

fn month_span(year: i32, month: u32) -> Option<Span> {
    let span = months_span(year, month, month, false)?;
    Some(Span {
        unit: Unit::Month,
        ..span
    })
}

/// Quarters `first..=last` of `year`.
fn quarters_span(year: i32, first: u32, last: u32) -> Option<Span> {
    let span = months_span(year, first * 3 - 2, last * 3, true)?;
    let unit = if first == last {
        Unit::Quarter
    } else {
        Unit::Other
    };
    Some(Span { unit, ..span })
}

/// Days `first..=last` of a month (`last` past the month's end: up to its end).
fn days_span(year: i32, month: u32, first: u32, last: u32, ranged: bool) -> Option<Span> {
    Some(Span {
        start: Date::new(year, month, first)?,
        end: Date::new(year, month, last.min(days_in_month(year, month)))?,
        ranged,
        unit: Unit::Other,
    })
}

/// The first day of the lunar year that begins in `year` (Vietnam's calendar, UTC+7), for
/// "trước Tết Nguyên đán 2025". Computed with Hồ Ngọc Đức's lunar calendar algorithm (new
/// moons and solar terms after Meeus, "Astronomical Algorithms"); 2030 shows why it is
/// Vietnam's own table: the new moon falls before midnight in Hanoi and after it in Beijing,
/// so Tết is 2 February there, a day before the Chinese new year.
const TET: [(i32, u32, u32); 23] = [
    (2018, 2, 16),
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 2),
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
    (2036, 1, 28),
    (2037, 2, 15),
    (2038, 2, 4),
    (2039, 1, 24),
    (2040, 2, 12),
];

fn tet_span(year: i32) -> Option<Span> {
    let &(y, m, d) = TET.iter().find(|t| t.0 == year)?;
    let day = Date::new(y, m, d)?;
    Some(Span {
        start: day,
        end: day,
        ranged: false,
        unit: Unit::Tet,
    })
}

/// A word before a month, quarter, year or Tết that narrows it (see the module's comment).
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(truoc|dau|giua|cuoi|nua dau|nua cuoi|nua sau|tuan dau|tuan cuoi|thuong tuan|trung tuan|ha tuan)\s+$")
        .expect("qualifier regex")
});

/// `span` narrowed by the qualifier that ends `before`, with the offset where that word starts
/// (the span's text then begins there, so "từ đầu tháng 3" still opens an interval).
fn qualified(before: &str, span: Span) -> Option<(usize, Span)> {
    let q = QUALIFIER.captures(before)?;
    let at = q.get(0)?.start();
    let (y, first_month) = (span.start.year, span.start.month);
    let point = |s: Option<Span>| s.map(|s| Span { ranged: false, ..s });
    let narrowed = match (&q[1], span.unit) {
        ("truoc", Unit::Month | Unit::Quarter | Unit::Year | Unit::Tet) => {
            let day = span.start.pred()?;
            Some(Span {
                start: day,
                end: day,
                ranged: false,
                unit: Unit::Day,
            })
        }
        ("dau", Unit::Year) => point(months_span(y, 1, 3, false)),
        ("giua", Unit::Year) => point(months_span(y, 6, 6, false)),
        ("cuoi", Unit::Year) => point(months_span(y, 10, 12, false)),
        ("nua dau", Unit::Year) => months_span(y, 1, 6, true),
        ("nua cuoi" | "nua sau", Unit::Year) => months_span(y, 7, 12, true),
        ("dau", Unit::Quarter) => point(month_span(y, first_month)),
        ("giua", Unit::Quarter) => point(month_span(y, first_month + 1)),
        ("cuoi", Unit::Quarter) => point(month_span(y, first_month + 2)),
        ("dau" | "thuong tuan", Unit::Month) => days_span(y, first_month, 1, 10, false),
        ("giua" | "trung tuan", Unit::Month) => days_span(y, first_month, 11, 20, false),
        ("cuoi" | "ha tuan", Unit::Month) => days_span(y, first_month, 21, 31, false),
        ("tuan dau", Unit::Month) => days_span(y, first_month, 1, 7, false),
        ("tuan cuoi", Unit::Month) => {
            let last = days_in_month(y, first_month);
            days_span(y, first_month, last - 6, last, false)
        }
        ("nua dau", Unit::Month) => days_span(y, first_month, 1, 15, true),
        ("nua cuoi" | "nua sau", Unit::Month) => days_span(y, first_month, 16, 31, true),
        _ => None,
    }?;
    Some((at, narrowed))
}

/// The span at `range` of `original` narrowed by the word before it, its range then reaching
/// back over that word; as it is when no such word stands there.
fn narrowed(
    original: &str,
    range: std::ops::Range<usize>,
    span: Span,
) -> (std::ops::Range<usize>, Span) {
    match qualified(&original[..range.start], span) {
        Some((at, narrowed)) => (at..range.end, narrowed),
        None => (range, span),
    }
}

/// The single day `d`/`mo`/`y`, unless the date belongs to a document the text cites (it
/// follows "Công văn số … ngày" in `before`).
fn day_span(before: &str, y: i32, mo: u32, d: u32) -> Option<Span> {
    if CITED.is_match(before) {
        return None;
    }
    let date = Date::new(y, mo, d)?;
    Some(Span {
        start: date,
        end: date,
        ranged: false,
        unit: Unit::Day,
    })
}

fn year_span(y1: i32, y2: i32, ranged: bool) -> Option<Span> {
    Some(Span {
        start: Date::new(y1, 1, 1)?,
        end: Date::new(y2, 12, 31)?,
        ranged,
        unit: if y1 == y2 { Unit::Year } else { Unit::Other },
    })
}

/// Quarter numbers as printed, including OCR's look-alike strokes for the roman numerals: an I
/// read as "1", "l" or "|", two strokes set close read as "h" ("Quý H1/2024" for "Quý
/// III/2024", from a cell the numeral wrapped into, where no line-level repair saw "Quý").
fn quarter(s: &str) -> Option<u32> {
    let strokes = |t: &str| {
        t.chars()
            .map(|c| match c {
                'i' | '1' | 'l' | '|' => Some(1),
                'h' => Some(2),
                _ => None,
            })
            .sum::<Option<u32>>()
    };
    match s {
        "2" => Some(2),
        "3" => Some(3),
        "4" => Some(4),
        _ => match s.strip_suffix('v') {
            Some(ones) => (strokes(ones)? == 1).then_some(4),
            None => strokes(s).filter(|n| (1..=3).contains(n)),
        },
    }
}

static CITED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?-u:\b)so\s*\d+[^\s]*/[a-z]|cong van|quyet dinh|ke hoach|thong tu|nghi dinh|chi thi|van ban|nghi quyet|thong bao|huong dan)[^;]{0,80}?ngay\s*$",
    )
    .expect("cited regex")
});
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?-u:\b)")
        .expect("date regex")
});
static WORD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})(?-u:\b)")
        .expect("date regex")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)quy\s+([ivx1lh|]{1,3}|[1-4])\s*(?:/|nam|-)\s*(\d{4})(?-u:\b)")
        .expect("quarter regex")
});
/// "Tháng 3-4/2025": a range of months, which the day-precise date pattern would read as the
/// 3rd of April; also months listed ("Tháng 3, 4/2025", "tháng 8 và tháng 9/2024").
static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)thang\s+(\d{1,2})\s*(?:-|–|den|,|va)\s*(?:thang\s+)?(\d{1,2})\s*(?:/|\s+nam\s+)\s*(\d{4})(?-u:\b)")
        .expect("month range regex")
});
/// "Quý I, II/2025", "Quý I và Quý II năm 2025": consecutive quarters of one year.
static QUARTER_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)quy\s+([ivx1lh|]{1,3}|[1-4])\s*(?:,|va|-|–|den)\s*(?:quy\s+)?([ivx1lh|]{1,3}|[1-4])\s*(?:/|nam|-)\s*(\d{4})(?-u:\b)")
        .expect("quarter list regex")
});
/// "6 tháng đầu năm 2024" (January to June), "6 tháng cuối năm 2024" (July to December).
static PART_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})(?-u:\b)")
        .expect("part of year regex")
});
/// "Năm học 2024-2025": a school year runs from September to May (the education ministry's
/// yearly framework ends teaching by 31 May), not over two calendar years.
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)nam\s+hoc\s+(\d{4})\s*(?:-|–)\s*(\d{4})(?-u:\b)")
        .expect("school year regex")
});
/// "Tết Nguyên đán 2025", "Tết Nguyên đán Ất Tỵ năm 2025": the lunar new year's first day.
static TET_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)tet(?:\s+nguyen\s+dan)?\s+(?:[a-z]+\s+[a-z]+\s+)?(?:nam\s+)?(\d{4})(?-u:\b)",
    )
    .expect("tet regex")
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{4})\s*(?:-|–|den)\s*(?:nam\s+)?(\d{4})(?-u:\b)").expect("period regex")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:thang\s+(\d{1,2})\s*-|(?:thang\s+)?(\d{1,2})\s*(?:/|\s+nam\s+))\s*(\d{4})(?-u:\b)")
        .expect("month regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)nam\s+(\d{4})(?-u:\b)").expect("year regex"));
static CITING_PARENTHESIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\([^()]*(?:cong van|quyet dinh|ke hoach so|thong tu|nghi dinh|chi thi|van ban|nghi quyet|huong dan tai)[^()]*\)")
        .expect("citing parenthesis")
});
static BARE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^/\d.])(20\d\d)(?:$|[^/\d])").expect("bare year"));
static FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)tu(?-u:\b)").expect("from regex"));
/// "Từ nay" (from now on), "kể từ ngày ban hành": the interval opens on the plan's own date,
/// which the deadline text does not give.
static FROM_NOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)tu\s+(?:nay|(?:ngay|thoi diem)\s+ban hanh)(?-u:\b)")
        .expect("from-now regex")
});

/// Whether a deadline runs from the plan's own date ("Từ nay đến hết năm 2024").
pub fn from_now(text: &str) -> bool {
    FROM_NOW.is_match(&key_of(&fold_whitespace(text)))
}

/// "từ" (from) right before a date: with nothing after it that closes the interval ("Từ ngày
/// 15/3/2024"), the interval is open and has no end.
static FROM_HERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)tu\s+(?:ngay\s+|thang\s+|nam\s+)?$").expect("from-here regex")
});
/// What may stand between two dates that bound one interval ("tháng 9/2024 - tháng 3/2025",
/// "30/6 đến 31/12/2024").
static INTERVAL_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-|–|den(?:\s+het)?)\s*(?:ngay\s+)?$").expect("join regex")
});
/// Words that make a deadline repeat or go on: "thường xuyên", "hằng năm", "hàng tháng",
/// "định kỳ", "các / những năm tiếp theo".
static RECURRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:thuong xuyen|hang (?:nam|quy|thang|tuan|ngay)|dinh ky|(?:cac|nhung) nam (?:tiep theo|ke tiep|sau))(?-u:\b)")
        .expect("recurring regex")
});

/// Blanks `range` of `key` so later, coarser patterns do not see it again.
fn mask(key: &mut String, range: std::ops::Range<usize>) {
    let blank = " ".repeat(range.len());
    key.replace_range(range, &blank);
}

/// Reads every match of `re` in `key` with `read`, which gives the text range the match covers
/// and the span it names (None: a date that is not a deadline, such as a cited document's).
/// Each range read is blanked, so coarser patterns applied later do not see it again; a match
/// `read` rejects stays.
fn take(
    key: &mut String,
    spans: &mut Vec<(std::ops::Range<usize>, Span)>,
    re: &Regex,
    read: impl Fn(&regex::Captures) -> Option<(std::ops::Range<usize>, Option<Span>)>,
) {
    let found: Vec<_> = re.captures_iter(key).filter_map(|c| read(&c)).collect();
    for (range, span) in found {
        if let Some(span) = span {
            spans.push((range.clone(), span));
        }
        mask(key, range);
    }
}

/// A day and month without a year ("trước 30/6"), a quarter or a month alone ("Quý IV",
/// "tháng 10"): read only with the plan's own year ([`parse_deadline_in`]).
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})\s*/\s*(\d{1,2})(?:$|[^/\d])").expect("day-month regex")
});
static QUARTER_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)quy\s+(iv|i{1,3}|[1-4])(?-u:\b)(?:\s*$|\s*[^/\s\d]|\s+[^n\d])")
        .expect("quarter-alone regex")
});
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)thang\s+(\d{1,2})(?:$|[^/\d])").expect("month-alone regex")
});
/// "Cuối năm", "trong năm", "hết năm": the year itself, named by the word before "năm" (so
/// "hằng năm", "Quảng Nam" and "năm học" are not read as one).
static YEAR_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:dau|giua|cuoi|het|trong|nua dau|nua cuoi|nua sau)\s+(nam)(?:\s*$|\s*[^\s\dh])",
    )
    .expect("year-alone regex")
});

/// A date that names no year of its own: read in the year another date of the text or the
/// plan gives it.
enum Yearless {
    Day { day: u32, month: u32 },
    Quarter(u32),
    Month(u32),
    Year,
}

impl Yearless {
    /// The span in `year`; `before` is the text before the date (a cited document's date is
    /// no deadline).
    fn span(&self, year: i32, before: &str) -> Option<Span> {
        match *self {
            Yearless::Day { day, month } => day_span(before, year, month, day),
            Yearless::Quarter(q) => quarters_span(year, q, q),
            Yearless::Month(m) => month_span(year, m),
            Yearless::Year => year_span(year, year, false),
        }
    }
}

/// Every date of `key` without a year ("30/6", "Quý IV", "tháng 10"), with its range.
fn yearless(key: &str) -> Vec<(std::ops::Range<usize>, Yearless)> {
    let mut out = Vec::new();
    for c in DAY_MONTH.captures_iter(key) {
        if let (Some(a), Some(b), Ok(day), Ok(month)) =
            (c.get(1), c.get(2), c[1].parse(), c[2].parse())
        {
            out.push((a.start()..b.end(), Yearless::Day { day, month }));
        }
    }
    for c in QUARTER_ALONE.captures_iter(key) {
        if let (Some(a), Some(b), Some(q)) = (c.get(0), c.get(1), quarter(&c[1])) {
            out.push((a.start()..b.end(), Yearless::Quarter(q)));
        }
    }
    for c in MONTH_ALONE.captures_iter(key) {
        if let (Some(a), Some(b), Ok(m)) = (c.get(0), c.get(1), c[1].parse()) {
            out.push((a.start()..b.end(), Yearless::Month(m)));
        }
    }
    for c in YEAR_ALONE.captures_iter(key) {
        if let Some(a) = c.get(1) {
            out.push((a.range(), Yearless::Year));
        }
    }
    out
}

/// Parses a deadline text.
pub fn parse_deadline(text: &str) -> Deadline {
    parse_deadline_in(text, None)
}

/// Parses a deadline text of a plan issued in `year`: a date that names no year of its own
/// ("trước 30/6", "tháng 10") falls in that year, when nothing else in the text names one.
pub fn parse_deadline_in(text: &str, year: Option<i32>) -> Deadline {
    // A table cell wraps "Quý" and its numeral onto two lines, where restoration's line-level
    // repair of look-alike strokes did not see them together ("Quý H1/2024").
    let text = roman_quarters(fold_whitespace(text));
    let original = key_of(&text);
    let mut key = original.clone();
    let recurring = RECURRING.is_match(&key);
    // "(theo hướng dẫn tại Công văn số … ngày 31/8/2022 … năm học 2022 - 2023)": every date in
    // a parenthesis that cites a document belongs to that document.
    let citing: Vec<_> = CITING_PARENTHESIS
        .find_iter(&original)
        .map(|m| m.range())
        .collect();
    for r in citing {
        mask(&mut key, r);
    }
    let mut spans: Vec<(std::ops::Range<usize>, Span)> = Vec::new();

    take(&mut key, &mut spans, &MONTH_RANGE, |c| {
        let (m1, m2, y): (u32, u32, i32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        (m1 < m2).then_some((c.get(0)?.range(), Some(months_span(y, m1, m2, true)?)))
    });
    take(&mut key, &mut spans, &QUARTER_LIST, |c| {
        let (q1, q2) = (quarter(&c[1])?, quarter(&c[2])?);
        let y: i32 = c[3].parse().ok()?;
        (q1 < q2).then_some((c.get(0)?.range(), Some(quarters_span(y, q1, q2)?)))
    });
    // Day-precise dates first; a date right after a cited document is that document's date.
    for re in [&*FULL_DATE, &*WORD_DATE] {
        take(&mut key, &mut spans, re, |c| {
            let m = c.get(0)?;
            let (d, mo, y) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
            Some((m.range(), day_span(&original[..m.start()], y, mo, d)))
        });
    }
    take(&mut key, &mut spans, &QUARTER, |c| {
        let m = c.get(0)?;
        let q = quarter(&c[1])?;
        let y: i32 = c[2].parse().ok()?;
        Some((m.range(), Some(quarters_span(y, q, q)?)))
    });
    take(&mut key, &mut spans, &PART_OF_YEAR, |c| {
        let m = c.get(0)?;
        let (n, y): (u32, i32) = (c[1].parse().ok()?, c[3].parse().ok()?);
        if !(1..=12).contains(&n) {
            return None;
        }
        let (first, last) = if &c[2] == "dau" { (1, n) } else { (13 - n, 12) };
        Some((m.range(), Some(months_span(y, first, last, true)?)))
    });
    take(&mut key, &mut spans, &SCHOOL_YEAR, |c| {
        let m = c.get(0)?;
        let (y1, y2): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        if y2 != y1 + 1 {
            return None;
        }
        let span = Span {
            start: Date::new(y1, 9, 1)?,
            end: Date::new(y2, 5, 31)?,
            ranged: true,
            unit: Unit::Other,
        };
        Some((m.range(), Some(span)))
    });
    take(&mut key, &mut spans, &TET_YEAR, |c| {
        let m = c.get(0)?;
        Some((m.range(), tet_span(c[1].parse().ok()?)))
    });
    take(&mut key, &mut spans, &PERIOD, |c| {
        let m = c.get(0)?;
        let (y1, y2): (i32, i32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        (y1 <= y2).then_some((m.range(), Some(year_span(y1, y2, true)?)))
    });
    take(&mut key, &mut spans, &MONTH, |c| {
        let m = c.get(0)?;
        // "tháng 12-2024" (a dash only after "tháng"), "12/2024", "tháng 6 năm 2025".
        let month = c.get(1).or(c.get(2))?.as_str().parse().ok()?;
        let span = month_span(c[3].parse().ok()?, month)?;
        Some((m.range(), Some(span)))
    });
    take(&mut key, &mut spans, &YEAR, |c| {
        let m = c.get(0)?;
        let y: i32 = c[1].parse().ok()?;
        Some((m.range(), Some(year_span(y, y, false)?)))
    });
    // A year left on its own ("nim 2024" where OCR lost "năm") still names that year.
    take(&mut key, &mut spans, &BARE_YEAR, |c| {
        let m = c.get(1)?;
        let y: i32 = m.as_str().parse().ok()?;
        Some((m.range(), Some(year_span(y, y, false)?)))
    });
    for s in &mut spans {
        *s = narrowed(&original, s.0.clone(), s.1);
    }

    // "Từ 01/3 đến 30/6/2025", "Từ tháng 3 đến tháng 6/2025", "15/11 - 31/3/2025": a date
    // without a year that opens an interval takes the year of the date closing it (the year
    // before, when it would fall after that date).
    if !spans.is_empty() {
        let closing = |after: usize| {
            spans
                .iter()
                .filter(|(at, _)| at.start >= after)
                .min_by_key(|(at, _)| at.start)
                .filter(|(at, _)| INTERVAL_JOIN.is_match(&original[after..at.start]))
                // A whole year closes nothing: "Tháng 12-2024" is December of that year.
                .filter(|(_, s)| {
                    !(s.start.month == 1
                        && s.start.day == 1
                        && s.end.month == 12
                        && s.end.day == 31)
                })
                .map(|(_, s)| s.start)
        };
        let found: Vec<_> = yearless(&key)
            .into_iter()
            .filter_map(|(range, date)| {
                let close = closing(range.end)?;
                let before = &original[..range.start];
                let span = date
                    .span(close.year, before)
                    .filter(|s| s.start <= close)
                    .or_else(|| date.span(close.year - 1, before))?;
                let (range, mut span) = narrowed(&original, range, span);
                span.ranged = true;
                Some((range, span))
            })
            .collect();
        for (range, span) in found {
            mask(&mut key, range.clone());
            spans.push((range, span));
        }
    }
    // Otherwise such a date falls in the plan's own year, when nothing else names one.
    if let Some(y) = year.filter(|_| spans.is_empty()) {
        for (range, date) in yearless(&key) {
            if let Some(span) = date.span(y, &original[..range.start]) {
                spans.push(narrowed(&original, range, span));
            }
        }
    }
    spans.sort_by_key(|(at, _)| at.start);
    // "Từ tháng 11/2023 đến tháng 12/2025": the first span after "từ" opens the interval.
    // "Từ nay đến hết năm 2024" starts on the plan's date, not on the year's first day.
    if let Some(from) = FROM
        .find(&original)
        .filter(|_| !FROM_NOW.is_match(&original))
    {
        if let Some((_, s)) = spans.iter_mut().find(|(at, _)| at.start > from.start()) {
            s.ranged = true;
        }
    }
    // "tháng 9/2024 - tháng 3/2025": a date joined to the next by a dash or "đến" opens it.
    for i in 1..spans.len() {
        if INTERVAL_JOIN.is_match(&original[spans[i - 1].0.end..spans[i].0.start]) {
            spans[i - 1].1.ranged = true;
        }
    }
    // "Từ ngày 15/3/2024" alone: open, no end.
    // A span that is a range by itself ("Từ tháng 3 đến tháng 6/2025", "Từ Quý II đến Quý
    // IV/2025", "từ tháng 3-6/2025") is closed.
    let open = matches!(&spans[..], [(at, _)] if FROM_HERE.is_match(&original[..at.start])
        && !original[at.start..].contains("den")
        && ![&*MONTH_RANGE, &*QUARTER_LIST, &*PERIOD]
            .iter()
            .any(|re| re.is_match(&original[at.clone()])));
    let end = if open {
        None
    } else {
        spans.iter().map(|(_, s)| s.end).max()
    };
    let start = spans
        .iter()
        .filter(|(_, s)| s.ranged)
        .map(|(_, s)| s.start)
        .min();
    Deadline {
        text,
        start: start.map(|d| d.iso()),
        end: end.map(|d| d.iso()),
        recurring,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn se(text: &str) -> (Option<String>, Option<String>, bool) {
        let d = parse_deadline(text);
        (d.start, d.end, d.recurring)
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn a_range_gives_its_year_once_at_its_end() {
        let se = |t: &str| {
            let d = parse_deadline(t);
            (d.start, d.end)
        };
        let s = |x: &str| Some(x.to_string());
        for t in [
            "Từ 01/3 đến 30/6/2025",
            "Từ ngày 01/3 đến ngày 30/6/2025",
            "01/3 - 30/6/2025",
        ] {
            assert_eq!(se(t), (s("2025-03-01"), s("2025-06-30")), "{t}");
        }
        assert_eq!(
            se("Từ 15/11 đến 31/3/2025"),
            (s("2024-11-15"), s("2025-03-31"))
        );
        assert_eq!(
            se("Từ tháng 3 đến tháng 6/2025"),
            (s("2025-03-01"), s("2025-06-30"))
        );
        assert_eq!(
            se("Từ Quý II đến Quý IV/2025"),
            (s("2025-04-01"), s("2025-12-31"))
        );
        // A month and its year joined by a dash, not an interval.
        assert_eq!(se("Tháng 12-2024"), (None, s("2024-12-31")));
        // Still open: "from" one date with nothing closing it.
        assert_eq!(se("Từ ngày 15/3/2024."), (s("2024-03-15"), None));
    }

    #[test]
    fn contract_examples() {
        assert_eq!(se("30/9/2024."), (None, s("2024-09-30"), false));
        assert_eq!(se("Quý I/2024"), (s("2024-01-01"), s("2024-03-31"), false));
        assert_eq!(
            se("Quý II năm 2024."),
            (s("2024-04-01"), s("2024-06-30"), false)
        );
        assert_eq!(se("Trong năm 2023."), (None, s("2023-12-31"), false));
        assert_eq!(
            se("Năm 2023 và thường xuyên."),
            (None, s("2023-12-31"), true)
        );
        assert_eq!(
            se("Giai đoạn 2023-2025"),
            (s("2023-01-01"), s("2025-12-31"), false)
        );
        assert_eq!(se("Trước 31/12/2023."), (None, s("2023-12-31"), false));
        assert_eq!(
            se("Hoàn thành: 20/12/2023."),
            (None, s("2023-12-20"), false)
        );
        assert_eq!(
            se("Từ tháng 11/2023 đến tháng 12/2025."),
            (s("2023-11-01"), s("2025-12-31"), false)
        );
    }

    #[test]
    fn a_date_without_a_year_falls_in_the_plans_year() {
        let se_in = |t: &str| {
            let d = parse_deadline_in(t, Some(2025));
            (d.start, d.end)
        };
        assert_eq!(se_in("trước 30/6."), (None, s("2025-06-30")));
        assert_eq!(se_in("Trong tháng 10."), (None, s("2025-10-31")));
        assert_eq!(
            se_in("Hoàn thành trong Quý IV."),
            (s("2025-10-01"), s("2025-12-31"))
        );
        // A year of its own wins; without the plan's year nothing is guessed.
        assert_eq!(se_in("trước 30/6/2024"), (None, s("2024-06-30")));
        assert_eq!(se("trước 30/6."), (None, None, false));
        // Not a date: a ratio or a count of months.
        assert_eq!(se_in("03 tháng sau khi triển khai"), (None, None));
    }

    #[test]
    fn ranges_of_months_and_lists_of_quarters() {
        assert_eq!(
            se("Tháng 3-4/2025"),
            (s("2025-03-01"), s("2025-04-30"), false)
        );
        assert_eq!(
            se("Quý I, II/2025"),
            (s("2025-01-01"), s("2025-06-30"), false)
        );
        assert_eq!(
            se("Quý I và Quý II năm 2025"),
            (s("2025-01-01"), s("2025-06-30"), false)
        );
        // A day-precise date is still a date.
        assert_eq!(se("Ngày 3-4-2025"), (None, s("2025-04-03"), false));
    }

    #[test]
    fn from_now_opens_on_the_plan_s_date_not_the_year_s_first_day() {
        assert_eq!(
            se("Từ nay đến hết năm 2024."),
            (None, s("2024-12-31"), false)
        );
        assert_eq!(
            se("Kể từ ngày ban hành Kế hoạch đến 30/9/2024."),
            (None, s("2024-09-30"), false)
        );
        assert!(from_now("Từ nay đến hết năm 2024."));
        assert!(!from_now("Từ tháng 9/2024"));
        // An interval that names its start keeps it.
        assert_eq!(se("Từ tháng 9/2024 đến hết năm 2024").0, s("2024-09-01"));
    }

    #[test]
    fn quarter_numerals_read_with_look_alike_strokes() {
        for (text, start, end) in [
            ("Quý H1/2024", "2024-07-01", "2024-09-30"),
            ("Quý Il/2025", "2025-04-01", "2025-06-30"),
            ("Quý lV/2024", "2024-10-01", "2024-12-31"),
            ("Quý 1II năm 2024", "2024-07-01", "2024-09-30"),
        ] {
            assert_eq!(se(text), (s(start), s(end), false), "{text}");
        }
        // The text gets the numeral the dates were read from.
        assert_eq!(parse_deadline("Quý H1/2024").text, "Quý III/2024");
        assert_eq!(parse_deadline("Quý Il năm 2025.").text, "Quý II năm 2025.");
        // Four strokes are no quarter.
        assert_eq!(se("Quý HH/2024").1, None);
    }

    #[test]
    fn intervals_open_or_bounded_by_two_dates() {
        // Two dates joined by a dash or "đến" bound one interval, across years too.
        assert_eq!(
            se("tháng 9/2024 - tháng 3/2025"),
            (s("2024-09-01"), s("2025-03-31"), false)
        );
        assert_eq!(
            se("Trong tháng 8 và tháng 9/2024"),
            (s("2024-08-01"), s("2024-09-30"), false)
        );
        assert_eq!(
            se("Tháng 3, 4/2024"),
            (s("2024-03-01"), s("2024-04-30"), false)
        );
        // "Từ" a date with nothing closing the interval: it starts there and has no end.
        assert_eq!(se("Từ ngày 15/3/2024."), (s("2024-03-15"), None, false));
        assert_eq!(
            se("Thực hiện từ tháng 3/2024"),
            (s("2024-03-01"), None, false)
        );
        // Two dates told apart by words stay two deadlines: the later one ends it.
        assert_eq!(
            se("Tháng 11/2024 triển khai; tháng 12/2024 hoàn thành"),
            (None, s("2024-12-31"), false)
        );
    }

    #[test]
    fn repeating_wording_is_recurring() {
        for t in [
            "Hằng tháng",
            "Định kỳ hàng quý",
            "Năm 2024 và các năm tiếp theo",
            "Năm 2025 và những năm tiếp theo",
        ] {
            assert!(parse_deadline(t).recurring, "{t}");
        }
        assert!(!parse_deadline("Hàng hóa lưu thông năm 2024").recurring);
    }

    #[test]
    fn parts_of_a_year_and_school_years() {
        assert_eq!(
            se("6 tháng đầu năm 2024"),
            (s("2024-01-01"), s("2024-06-30"), false)
        );
        assert_eq!(
            se("Trong 6 tháng cuối năm 2024."),
            (s("2024-07-01"), s("2024-12-31"), false)
        );
        assert_eq!(
            se("Năm học 2024-2025"),
            (s("2024-09-01"), s("2025-05-31"), false)
        );
        // Two school years: a period of calendar years as before.
        assert_eq!(
            se("Năm học 2024 - 2026"),
            (s("2024-01-01"), s("2026-12-31"), false)
        );
    }

    #[test]
    fn cited_documents_and_open_wording_give_no_dates() {
        assert_eq!(
            se("Thực hiện theo Công văn số 615/UBND-NCVX ngày 05/4/2023 của UBND tỉnh."),
            (None, None, false)
        );
        assert_eq!(
            se("03 tháng sau khi có hướng dẫn của cấp trên."),
            (None, None, false)
        );
        assert_eq!(se("Theo lộ trình của Bộ Công an"), (None, None, false));
        assert_eq!(se("Thường xuyên."), (None, None, true));
        assert_eq!(
            se("Theo tiến độ của Bộ (theo hướng dẫn tại Công văn số 4267/BGDĐT-CNTT ngày 31/8/2022 về nhiệm vụ năm học 2022 - 2023)."),
            (None, None, false)
        );
    }

    #[test]
    fn words_that_narrow_a_month_a_quarter_or_a_year() {
        // "Before" a month, quarter or year ends the day before it begins; a day keeps its own.
        assert_eq!(se("Trước tháng 10/2024."), (None, s("2024-09-30"), false));
        assert_eq!(se("Trước Quý III/2024"), (None, s("2024-06-30"), false));
        assert_eq!(se("Trước Quý IV năm 2024"), (None, s("2024-09-30"), false));
        assert_eq!(se("Trước năm 2025"), (None, s("2024-12-31"), false));
        assert_eq!(se("Trước ngày 31/12/2023."), (None, s("2023-12-31"), false));
        // Parts of a year, a quarter, a month.
        assert_eq!(se("Đầu năm 2025."), (None, s("2025-03-31"), false));
        assert_eq!(se("Giữa năm 2024."), (None, s("2024-06-30"), false));
        assert_eq!(se("Cuối năm 2024."), (None, s("2024-12-31"), false));
        assert_eq!(
            se("Nửa đầu năm 2024"),
            (s("2024-01-01"), s("2024-06-30"), false)
        );
        assert_eq!(
            se("Nửa cuối năm 2024"),
            (s("2024-07-01"), s("2024-12-31"), false)
        );
        assert_eq!(se("Đầu Quý IV/2024"), (None, s("2024-10-31"), false));
        assert_eq!(se("Cuối Quý III/2024"), (None, s("2024-09-30"), false));
        assert_eq!(se("Đầu tháng 11/2024"), (None, s("2024-11-10"), false));
        assert_eq!(se("Giữa tháng 10/2024"), (None, s("2024-10-20"), false));
        assert_eq!(se("Hạ tuần tháng 2/2024"), (None, s("2024-02-29"), false));
        assert_eq!(se("Tuần đầu tháng 11/2024"), (None, s("2024-11-07"), false));
        assert_eq!(
            se("Tuần cuối tháng 11/2024"),
            (None, s("2024-11-30"), false)
        );
        // Narrowed dates still bound intervals, and "từ" one still opens one.
        assert_eq!(
            se("Từ đầu tháng 3 đến cuối tháng 6/2025."),
            (s("2025-03-01"), s("2025-06-30"), false)
        );
        assert_eq!(
            se("Từ tháng 9 đến cuối năm 2024."),
            (s("2024-09-01"), s("2024-12-31"), false)
        );
        assert_eq!(se("Từ đầu tháng 10/2024."), (s("2024-10-01"), None, false));
        // Not a count of months: "6 tháng đầu năm" is still the first half.
        assert_eq!(
            se("6 tháng đầu năm 2024"),
            (s("2024-01-01"), s("2024-06-30"), false)
        );
    }

    #[test]
    fn tet_is_the_lunar_new_year_of_vietnam_s_calendar() {
        assert_eq!(
            se("Trước Tết Nguyên đán 2025."),
            (None, s("2025-01-28"), false)
        );
        assert_eq!(
            se("Tết Nguyên đán Ất Tỵ năm 2025"),
            (None, s("2025-01-29"), false)
        );
        assert_eq!(
            se("Trước Tết Nguyên đán 2024"),
            (None, s("2024-02-09"), false)
        );
        // Hanoi's new moon, not Beijing's: a day before the Chinese new year in 2030.
        assert_eq!(se("Tết Nguyên đán 2030"), (None, s("2030-02-02"), false));
        // Outside the table: no guess, and no year's end either.
        assert_eq!(se("Trước Tết Nguyên đán 2050"), (None, None, false));
        assert_eq!(se("Trước Tết."), (None, None, false));
    }

    #[test]
    fn a_year_named_only_by_the_word_before_it_is_the_plan_s() {
        let end_in = |t: &str| parse_deadline_in(t, Some(2024)).end;
        assert_eq!(end_in("Cuối năm."), s("2024-12-31"));
        assert_eq!(end_in("Trong năm."), s("2024-12-31"));
        assert_eq!(end_in("Giữa năm."), s("2024-06-30"));
        assert_eq!(end_in("Thường xuyên hằng năm."), None);
        assert_eq!(end_in("Trong năm học."), None);
        assert_eq!(end_in("Công an tỉnh Quảng Nam"), None);
    }

    #[test]
    fn latest_day_wins_and_invalid_dates_are_ignored() {
        assert_eq!(
            se("Trước 30/6/2024. Trong đó, tháng 12/2023 thí điểm cấp chữ ký số"),
            (None, s("2024-06-30"), false)
        );
        assert_eq!(se("31/2/2024"), (None, None, false));
        assert_eq!(se("Quy 11/2024"), (s("2024-04-01"), s("2024-06-30"), false));
        assert_eq!(se("29/02/2024"), (None, s("2024-02-29"), false));
        assert_eq!(
            se("nim 2024 va theo lo trinh"),
            (None, s("2024-12-31"), false)
        );
        assert_eq!(se("Kế hoạch 2024/KH-UBND"), (None, None, false));
    }
}
