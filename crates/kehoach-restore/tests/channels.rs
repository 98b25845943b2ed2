//! One test per damage channel, on text of a plan the model was not trained on (004), with a
//! model built from the other plans (003 and the answer key of 000).

use kehoach_core::{BBox, Line, Page, PageMethod, SourceDoc, SourceInfo, SourceKind, Word};
use kehoach_restore::{damage, gold_strings, metric, Restorer};
use std::sync::OnceLock;

const S003: &str = include_str!("../../../fixtures/seeds/003_c13568a1ac7b3f6f.txt");
const S004: &str = include_str!("../../../fixtures/seeds/004_654d23b1dcbb925c.txt");
const G000: &str = include_str!("../../../fixtures/gold/000.gold.json");

fn model() -> &'static Restorer {
    static M: OnceLock<Restorer> = OnceLock::new();
    M.get_or_init(|| {
        let g = gold_strings(G000);
        Restorer::from_training(&[S003, &g])
    })
}

/// A few paragraphs of 004 (lines 10..40): enough text for the document-level estimates.
fn sample() -> String {
    S004.lines()
        .skip(10)
        .take(40)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn channel1_english_ocr_garble() {
    let input = "2. M6 hinh 3: To chirc trién khai thue hién t6i thiéu 20 DVC khong sir\n\
                 dung hd so gidy tai B phan Mot cira UBND cép huyén, cap xa\n\
                 - Muc tiéu: Ra soat trién khai cac DVC dam bao diéu kién dir liéu duoc\n\
                 lam sach va duoc xac thyc qua Co so dir liGu qudc gia vé dan cu\n";
    let (out, rep) = model().restore_text(input);
    assert!(
        out.starts_with("2. Mô hình 3: Tổ chức triển khai thực hiện tối thiểu 20 DVC không sử\n"),
        "{out}"
    );
    assert!(
        out.contains("hồ sơ giấy tại Bộ phận Một cửa UBND cấp huyện"),
        "{out}"
    );
    assert!(
        out.contains("- Mục tiêu: Rà soát triển khai các DVC đảm bảo điều kiện dữ liệu được"),
        "{out}"
    );
    assert_eq!(out.lines().count(), input.lines().count());
    assert!(rep.tokens_changed > 30 && rep.tokens_seen >= 50);
}

#[test]
fn channel1_words_glued_in_narrow_cells() {
    // A reader with the right model keeps the marks but drops spaces in crowded table cells.
    let gold = sample();
    let input = damage::glue(&gold, 0.15, 7);
    let (out, _) = model().restore_text(&input);
    let s = metric::score(&gold, &input, &out);
    assert!(s.input_accuracy < 0.85, "damage too light: {s:?}");
    assert!(s.accuracy > 0.97, "{s:?}");
    assert!(s.broken <= 0.003, "{s:?}");
    let cells = "Văn phòng HĐNDvà UBND huyện, Trung tâm Ytếhuyện, trụsở Công an xã.";
    let (out, _) = model().restore_text(&format!("{gold}\n{cells}"));
    assert!(
        out.ends_with("Văn phòng HĐND và UBND huyện, Trung tâm Y tế huyện, trụ sở Công an xã."),
        "{out}"
    );
}

#[test]
fn channel2_broken_font_layer() {
    let gold = sample();
    let input = damage::broken_font(&gold, 0.35, 4, 6);
    let (out, _) = model().restore_text(&input);
    let s = metric::score(&gold, &input, &out);
    assert!(s.input_accuracy < 0.5, "damage too light: {s:?}");
    assert!(s.accuracy > 0.93, "{s:?}");
    assert_eq!(out.lines().count(), gold.lines().count());
}

#[test]
fn channel3_marks_stripped() {
    let gold = sample();
    let input = damage::strip_all(&gold);
    let (out, _) = model().restore_text(&input);
    let s = metric::score(&gold, &input, &out);
    assert!(s.accuracy > 0.95, "{s:?}");
    // Numbers and dates are kept exactly; a document code keeps its shape and gets back the
    // mark its part lost ("QD" can only be the lexicon's "QĐ").
    let (o2, _) = model()
        .restore_text("Can cu Quyet dinh so 06/QD-TTg ngay 06/01/2022 cua Thu tuong Chinh phu");
    assert!(o2.contains("06/QĐ-TTg ngày 06/01/2022"), "{o2}");
    assert!(o2.starts_with("Căn cứ Quyết định số"), "{o2}");
}

/// Stripped prose around a name, a slash pair and an agency list: the words the language model
/// of two plans is unsure of come from the gazetteer's name syllables, from the slash pair read
/// as two words, and from the stripped text's near-zero letter-error rate.
#[test]
fn channel3_names_slash_pairs_and_consonants_in_stripped_text() {
    let (out, _) = model().restore_text(
        "Cong an huyen phoi hop Ban quan ly Khu cong nghiep Bao Minh kiem soat nguoi ra/vao;\n\
         UBND cac xa, thi tran thuc hien.",
    );
    assert!(out.contains("Khu công nghiệp Bảo Minh"), "{out}");
    assert!(out.contains("ra/vào;"), "{out}");
    assert!(out.contains("UBND các xã, thị trấn"), "{out}");
}

/// Merged header columns: a place set in capitals beside the motto in lower case is a phrase,
/// not three acronyms; list enumerators are not words, so a clean plan that letters its fields
/// does not look damaged.
#[test]
fn capitals_beside_lower_case_and_lettered_fields() {
    let (out, _) = model().restore_text("HUYEN QUANG XUONG Doc lap - Tu do - Hanh phuc");
    assert_eq!(out, "HUYỆN QUẢNG XƯƠNG Độc lập - Tự do - Hạnh phúc");
    let r = model();
    let lettered =
        "a) Mục tiêu: hộ kinh doanh có mã thanh toán.\nb) Đơn vị thực hiện: Công an xã.\n\
                    c) Thời gian thực hiện: Quý III/2024.\n";
    let w = r.estimate_weights(lettered);
    assert!(w.err <= 0.003, "{w:?}");
}

#[test]
fn channel4_vietnamese_ocr_residuals() {
    // A clean text stays as it is: nothing in the evidence asks for a change.
    let clean = sample();
    let (out, rep) = model().restore_text(&clean);
    let s = metric::score(&clean, &clean, &out);
    assert!(s.broken <= 0.003, "{s:?}");
    assert!(rep.tokens_changed <= 2, "{rep:?}");
    // A residual error in otherwise clean text is repaired.
    let damaged = clean.replacen("Tập trung", "Tập ưung", 1);
    assert_ne!(damaged, clean);
    let (out, _) = model().restore_text(&damaged);
    assert!(out.contains("Tập trung thực hiện"), "{out}");
}

fn word(text: &str, conf: f32) -> Word {
    Word {
        text: text.into(),
        bbox: BBox::default(),
        confidence: conf,
        choices: Vec::new(),
    }
}

#[test]
fn restore_doc_uses_text_layer_and_ocr() {
    let gold = sample();
    let layer: Vec<Line> = damage::broken_font(&gold, 0.35, 4, 6)
        .lines()
        .map(Line::plain)
        .collect();
    let ocr_text = damage::strip_all(&gold);
    let ocr: Vec<Line> = ocr_text
        .lines()
        .map(|l| Line {
            text: l.to_string(),
            words: l.split(' ').map(|w| word(w, 0.6)).collect(),
            bbox: None,
        })
        .collect();
    let mut doc = SourceDoc {
        source: SourceInfo {
            file: "x.pdf".into(),
            sha256: String::new(),
            kind: SourceKind::PdfText,
            pages: 1,
            encoding: None,
            page_info: Vec::new(),
            companion: None,
        },
        pages: vec![Page {
            number: 1,
            method: PageMethod::Ocr,
            lines: ocr,
            text_layer: Some(layer),
            size: None,
            ocr_confidence: Some(0.6),
            rotated: None,
            seconds: 0.0,
        }],
    };
    let rep = model().restore_doc(&mut doc);
    let out = doc.text();
    let s = metric::score(&gold, &ocr_text, &out);
    assert!(s.accuracy > 0.95, "{s:?}");
    assert!(rep.tokens_changed > 100);
    assert!(rep.low_confidence.iter().all(|t| t.line >= 1));
}

#[test]
fn restore_doc_plain_ocr_page() {
    let input = "1. M6 hinh 1: Trién khai 53 DVC thiét yéu theo Pé an 06";
    let mut doc = SourceDoc {
        source: SourceInfo {
            file: "x.png".into(),
            sha256: String::new(),
            kind: SourceKind::Image,
            pages: 1,
            encoding: None,
            page_info: Vec::new(),
            companion: None,
        },
        pages: vec![Page {
            number: 1,
            method: PageMethod::Ocr,
            lines: vec![Line {
                text: input.into(),
                words: input.split(' ').map(|w| word(w, 0.5)).collect(),
                bbox: None,
            }],
            text_layer: None,
            size: None,
            ocr_confidence: Some(0.5),
            rotated: None,
            seconds: 0.0,
        }],
    };
    let rep = model().restore_doc(&mut doc);
    assert_eq!(
        doc.pages[0].lines[0].text,
        "1. Mô hình 1: Triển khai 53 DVC thiết yếu theo Đề án 06"
    );
    assert!(rep.tokens_changed >= 6);
}

#[test]
fn odd_inputs_are_safe() {
    let r = model();
    for input in [
        "",
        "\n\n",
        "...;;;",
        "Kế hoạch\r\nsố 07\r\n",
        "中文 😀 ﻿text",
        &"a".repeat(5000),
        &"xyz ".repeat(3000),
    ] {
        let (out, rep) = r.restore_text(input);
        assert_eq!(out.lines().count(), input.lines().count(), "{input:?}");
        assert!(rep.tokens_changed <= rep.tokens_seen);
    }
    let (out, _) = r.restore_text("Kế hoạch\r\nsố 07\r\n");
    assert_eq!(out, "Kế hoạch\r\nsố 07\r\n");
}

#[test]
fn restorer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Restorer>();
    let r = Restorer::shipped().unwrap();
    let (out, _) = r.restore_text("Ke hoach trien khai cac mo hinh cua De an 06");
    assert_eq!(out, "Kế hoạch triển khai các mô hình của Đề án 06");
}

/// The issue's headline rows, as `restore-bench all --held-out-domain` measures them: the whole
/// of 004, with a model built without 004 and without the domain terms added while reading the
/// seeds' errors. Floors sit just under the measured figures (99.11 %, broken 0.13 %; 98.11 %;
/// 97.88 %) so a regression fails here before it reaches BENCHMARKS.md.
#[test]
fn issue_rows_of_004_with_a_model_that_never_saw_it() {
    let opt = kehoach_restore::TrainOptions {
        held_out_domain: true,
        ..Default::default()
    };
    let r = Restorer::shipped_without_with("004", &opt).unwrap();
    let score = |input: &str| {
        let (out, _) = r.restore_text(input);
        metric::score(S004, input, &out)
    };
    let s = score(&damage::strip_all(S004));
    assert!(s.accuracy >= 0.99 && s.broken <= 0.003, "stripped: {s:?}");
    let render = include_str!("../../../fixtures/synth/004.full.ocr-eng.txt");
    let s = score(render);
    assert!(s.accuracy >= 0.975, "-l eng render: {s:?}");
    let s = score(&damage::broken_font(S004, 0.35, 4, 6));
    assert!(s.accuracy >= 0.97, "broken font: {s:?}");
}

/// A capital inside a line is evidence of which word it is: "Sở" (an agency, capitalised
/// inside a line in "Văn phòng Sở", "của Sở") against "số", which is far more frequent and
/// rarely capitalised there.
#[test]
fn a_capital_inside_a_line_reads_as_a_word_written_so() {
    let input =
        "- Muc tiêu: thử nghiệm tại Van phong So truoc khi ap dung chung trong toan tinh.\n\
                 - Don vi thuc hien: Van phong So phoi hop voi cac phong chuyen mon.\n";
    let (out, _) = model().restore_text(input);
    assert_eq!(out.matches("Văn phòng Sở").count(), 2, "{out}");
}

/// In a line set in capitals, a word whose letters spell a syllable's is a word, not an
/// acronym that costs little to keep: "THUOC" of a title is "THUỘC". Inside a mixed line,
/// capitals stay an acronym's ("SOC").
#[test]
fn a_line_in_capitals_reads_its_words() {
    // The English-model OCR of a probe plan's first page.
    let input = "UY BAN NHAN DAN\n\nXA HOA PHUOC\n\nS6: 20/KH-UBND\n\n\
                 Hoa Phuc, ngay 3 thang 4 nam 2024\n\nKE HOACH\n\
                 TRIEN KHAI CAC MO HINH DIEM THUOC DE AN 06\n\
                 TREN DIA BAN XA HOA PHUOC NAM 2024\n\n\
                 Thuc hién Ké hoach ctia UBND huyén vé Dé an 06, UBND xa ban hanh ké\n\
                 hoach nhv sau:\n\n1. NHOM TIEN ICH PHUC VU NGUOI DAN\n\n\
                 1.1. M6 hinh 1: Ung dung VNeID trong quan ly lu tra\n\
                 - Muc tiéu: Thong bao lv'u tri qua VNeID tai Trung tam (SOC).\n\
                 - Thoi gian: Thang 6/2024.\n";
    let (out, _) = model().restore_text(input);
    assert!(out.contains("ĐIỂM THUỘC ĐỀ ÁN 06"), "{out}");
    assert!(out.contains("(SOC)"), "{out}");
}
