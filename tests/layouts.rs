//! End to end: plans laid out as none of the seeds are ("Mô hình số N:", lettered fields and
//! groups, "Mô hình N." headings, other field labels, an issuer named only in the header
//! column). The product is used on plans it has never seen; these check that the structure
//! does not depend on the seeds' conventions.

mod common;
use common::*;
use serde_json::Value;

/// The JSON of `fixtures/layouts/{name}.txt` (or `.md`), written to a folder of its own per
/// `test` (tests run in parallel, and each clears its folder first).
fn extract(name: &str, test: &str) -> Value {
    let out = temp_dir(&format!("layout-{test}-{name}"));
    let txt = fixture(&format!("layouts/{name}.txt"));
    let input = if txt.exists() {
        txt
    } else {
        fixture(&format!("layouts/{name}.md"))
    };
    extract_json(&input, &out, &[])
}

/// The JSON of the scan `fixtures/layouts/{name}.{kind}.pdf` ("jpeg" or "ccitt"), in a folder
/// of its own per `test` (apart from the text's, which [`extract`] writes).
fn extract_scan(name: &str, kind: &str, test: &str) -> Value {
    let out = temp_dir(&format!("layout-{test}-{name}.{kind}"));
    extract_json(&fixture(&format!("layouts/{name}.{kind}.pdf")), &out, &[])
}

/// Per model: (number, group).
fn numbers_and_groups(j: &Value) -> Vec<(u64, Option<&str>)> {
    j["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["number"].as_u64().unwrap(), m["group"].as_str()))
        .collect()
}

/// The models' numbers in order.
fn model_numbers(j: &Value) -> Vec<u64> {
    numbers_and_groups(j).into_iter().map(|(n, _)| n).collect()
}

/// The extraction `j` (of `what`) raised no warning.
fn assert_no_warnings(j: &Value, what: &str) {
    let w = j["warnings"].as_array().unwrap();
    assert!(w.is_empty(), "{what}: {}", j["warnings"]);
}

/// A model's deadline as (start, end, recurring).
fn deadline_span(model: &Value) -> (Value, Value, Value) {
    let d = &model["fields"]["deadline"];
    (d["start"].clone(), d["end"].clone(), d["recurring"].clone())
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn numbered_models_lettered_fields_and_lettered_groups() {
    let j = extract("commune_lettered_fields", "fields");
    let d = &j["document"];
    assert_eq!(d["number"], "12/KH-UBND");
    assert_eq!(d["date"], "2024-06-05");
    assert_eq!(d["place"], "Hòa Bình");
    // Named only in the header column, in capitals: re-cased as the text writes the words.
    assert_eq!(d["issuer"], "Ủy ban nhân dân xã Hòa Bình");
    assert_eq!(d["declared_model_count"], 4);
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[1]["index"], "B");
    assert_eq!(groups[1]["declared_model_count"], 2);
    let models = j["models"].as_array().unwrap();
    assert_eq!(model_numbers(&j), [1, 2, 3, 4]);
    assert_eq!(models[2]["group"], "B");
    let m = &models[0];
    assert_eq!(m["title"], "Thanh toán không dùng tiền mặt tại chợ xã");
    let f = &m["fields"];
    assert_eq!(
        f["objective"],
        "100% hộ kinh doanh tại chợ có mã QR thanh toán."
    );
    assert_eq!(
        strs(&f["implementers"]),
        ["Công an xã", "Ban quản lý chợ", "Bưu điện xã"]
    );
    assert_eq!(f["deadline"]["end"], "2024-09-30");
    assert_eq!(models[1]["fields"]["deadline"]["end"], "2024-09-30");
    // Clean text is left as printed: nothing was damaged, so nothing may change.
    assert_eq!(j["restoration"]["tokens_changed"], 0);
    assert_no_warnings(&j, "plan");
}

#[test]
fn other_headings_labels_and_a_field_outside_the_contract() {
    let j = extract("parent_body_other_labels", "labels");
    let d = &j["document"];
    // The body under its parent, completed with the parent's level and place.
    assert_eq!(d["issuer"], "Tổ công tác Đề án 06 huyện Kim Sơn");
    assert_eq!(d["declared_model_count"], 3);
    assert_eq!(
        d["title"],
        "Nhân rộng mô hình điểm về chuyển đổi số gắn với Đề án 06 năm 2025"
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(models.len(), 3);
    let m = &models[0];
    assert_eq!(m["number"], 1);
    // "Mô hình 1." with the title wrapped onto a second line.
    assert_eq!(
        m["title"],
        "Số hóa hồ sơ hộ tịch tại Ủy ban nhân dân các xã, thị trấn"
    );
    let f = &m["fields"];
    assert_eq!(f["objective"], "Hoàn thành số hóa 100% sổ hộ tịch.");
    // "Đơn vị chủ trì" and "Đơn vị phối hợp" both name who carries the model out.
    assert_eq!(
        strs(&f["implementers"]),
        ["Phòng Tư pháp", "UBND các xã, thị trấn", "Công an huyện"]
    );
    // "Thời hạn hoàn thành" is the deadline, and "Kinh phí" does not run on into it.
    assert_eq!(f["deadline"]["text"], "Quý II năm 2025.");
    assert_eq!(f["deadline"]["end"], "2025-06-30");
    assert_eq!(f["note"], "Kinh phí: Ngân sách huyện.");
    // A school year runs September to May.
    let school = &models[1]["fields"]["deadline"];
    assert_eq!(
        (&school["start"], &school["end"]),
        (&"2024-09-01".into(), &"2025-05-31".into())
    );
    assert_eq!(models[2]["fields"]["deadline"]["end"], "2025-06-30");
}

#[test]
fn dash_headings_short_deadline_labels_and_a_department_issuer() {
    let j = extract("department_dash_headings", "dash");
    let d = &j["document"];
    assert_eq!(d["number"], "1234/KH-SYT");
    // The header column names the department under its province; the text writes "Sở Y tế"
    // (and "y tế" elsewhere), so the run is re-cased as a whole.
    assert_eq!(d["issuer"], "Sở Y tế tỉnh Nghệ An");
    // Declared after the grounds the preamble cites, in the same sentence.
    assert_eq!(d["declared_model_count"], 5);
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["title"], "Nhóm tiện ích phục vụ khám, chữa bệnh");
    assert_eq!(groups[1]["declared_model_count"], 2);
    // "Mô hình 1 - Khám chữa bệnh …": a dash between number and title.
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("1")),
            (2, Some("1")),
            (3, Some("1")),
            (4, Some("2")),
            (5, Some("2"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(
        models[0]["title"],
        "Khám chữa bệnh bằng thẻ căn cước gắn chip"
    );
    let f = &models[0]["fields"];
    assert_eq!(strs(&f["assignments"]).len(), 3);
    assert_eq!(
        strs(&f["implementers"]),
        ["Các bệnh viện tuyến tỉnh", "Bảo hiểm xã hội tỉnh"]
    );
    // "Thời hạn:" is the deadline label; the date is written out in words.
    assert_eq!(f["deadline"]["end"], "2024-06-30");
    let span = |i: usize| deadline_span(&models[i]);
    assert_eq!(
        span(1),
        ("2024-04-01".into(), "2024-12-31".into(), false.into())
    );
    assert_eq!(
        span(2),
        ("2024-10-01".into(), "2024-12-31".into(), false.into())
    );
    assert_eq!(span(4), (Value::Null, Value::Null, true.into()));
    assert_eq!(
        models[3]["fields"]["note"],
        "Sản phẩm: Quy trình tiếp nhận hồ sơ trực tuyến."
    );
    assert_no_warnings(&j, "plan");
}

#[test]
fn numbered_groups_and_both_roles_in_one_field() {
    let j = extract("committee_numbered_groups", "roles");
    let d = &j["document"];
    assert_eq!(d["issuer"], "Ban Chỉ đạo Đề án 06 tỉnh Lạng Sơn");
    assert_eq!(d["declared_model_count"], 4);
    // "Nhóm 1: …" carries its index after the word.
    let groups = j["groups"].as_array().unwrap();
    let indexes: Vec<&str> = groups
        .iter()
        .map(|g| g["index"].as_str().unwrap())
        .collect();
    assert_eq!(indexes, ["1", "2"]);
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("1")),
            (2, Some("1")),
            (3, Some("2")),
            (4, Some("2"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    // "Đơn vị chủ trì: Sở X; phối hợp: Công an tỉnh, Sở Y tế": one agency per item, the role
    // word dropped, the comma list split where a capitalised name follows.
    assert_eq!(
        strs(&models[0]["fields"]["implementers"]),
        ["Sở Giao thông vận tải", "Công an tỉnh", "Sở Y tế"]
    );
    // The group heading after a model ends that model's last field.
    assert_eq!(models[1]["fields"]["deadline"]["text"], "Trước 30/6/2024.");
    assert_eq!(models[2]["fields"]["deadline"]["end"], "2024-12-31");
    assert_eq!(models[3]["fields"]["deadline"]["start"], "2024-01-01");
    assert_eq!(models[3]["fields"]["deadline"]["end"], "2025-12-31");
    assert_no_warnings(&j, "plan");
}

/// A plan that lists its models only in a table (Markdown from an OCR tool): each row is a
/// model, its fields read from the row's cells, lead and partners kept apart in the appendix.
#[test]
fn a_plan_whose_only_list_of_models_is_a_table() {
    let j = extract("ward_table_only", "table");
    assert_eq!(j["document"]["number"], "45/KH-UBND");
    assert_eq!(j["document"]["declared_model_count"], 3);
    let models = j["models"].as_array().unwrap();
    assert_eq!(model_numbers(&j), [1, 2, 3]);
    let m = &models[1];
    assert_eq!(m["title"], "Thanh toán học phí không dùng tiền mặt");
    let f = &m["fields"];
    assert_eq!(
        f["objective"],
        "Các trường trên địa bàn thu học phí qua tài khoản"
    );
    assert_eq!(
        strs(&f["implementers"]),
        ["Trường Tiểu học Hàng Trống", "Công an phường", "Ngân hàng"]
    );
    assert_eq!(f["deadline"]["end"], "2024-09-30");
    assert_eq!(m["appendix"]["lead"], "Trường Tiểu học Hàng Trống");
    assert_eq!(m["appendix"]["partners"], "Công an phường, Ngân hàng");
    assert_eq!(models[0]["fields"]["deadline"]["start"], "2024-07-01");
    // Three declared, three found in the table: nothing to warn about.
    assert_no_warnings(&j, "plan");
}

/// A district plan whose only list of models is a table with group rows, an objective column
/// and a remarks column ("Ghi chú").
#[test]
fn a_table_of_models_with_groups_objectives_and_remarks() {
    let j = extract("district_table_groups", "table-groups");
    assert_eq!(j["document"]["number"], "168/KH-UBND");
    assert_eq!(j["document"]["declared_model_count"], 8);
    let groups: Vec<(&str, &str, u64)> = j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["index"].as_str().unwrap(),
                g["title"].as_str().unwrap(),
                g["declared_model_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "I",
                "Nhóm tiện ích phục vụ giải quyết thủ tục hành chính",
                3
            ),
            ("II", "Nhóm phát triển kinh tế - xã hội", 3),
            ("III", "Nhóm phục vụ công dân số", 2)
        ]
    );
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("I")),
            (2, Some("I")),
            (3, Some("I")),
            (4, Some("II")),
            (5, Some("II")),
            (6, Some("II")),
            (7, Some("III")),
            (8, Some("III"))
        ]
    );
    let m = &j["models"][2]["fields"];
    assert_eq!(
        m["objective"],
        "Người dân thanh toán qua ứng dụng ngân hàng, ví điện tử"
    );
    assert_eq!(m["note"], "Ưu tiên thủ tục đất đai");
    assert_eq!(
        (&m["deadline"]["start"], &m["deadline"]["end"]),
        (&Value::from("2024-09-01"), &Value::Null)
    );
    let notes: Vec<bool> = j["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["fields"]["note"].is_string())
        .collect();
    assert_eq!(notes, [true, false, true, false, true, false, false, false]);
    assert_eq!(j["models"][3]["fields"]["deadline"]["recurring"], true);
    assert_no_warnings(&j, "plan");
}

/// Plans whose only list of models is a table, scanned: the table is read from the word boxes
/// (header cells wrapped over lines, header cells OCR lost ("Mục tiêu" on the ward's one page,
/// "TT" on the commune's), row numbers and group numerals OCR lost, the plan's text resuming
/// after the table).
#[test]
fn scanned_tables_of_models_give_the_structure_of_the_text() {
    for name in [
        "district_table_groups",
        "ward_table_only",
        "commune_implementers_table",
    ] {
        let text = extract(name, "table-scan");
        let scan = extract_scan(name, "jpeg", "table-scan");
        assert_eq!(scan["document"], text["document"], "{name}");
        assert_eq!(scan["groups"], text["groups"], "{name}");
        assert_eq!(
            numbers_and_groups(&scan),
            numbers_and_groups(&text),
            "{name}"
        );
        let (tm, sm) = (
            text["models"].as_array().unwrap(),
            scan["models"].as_array().unwrap(),
        );
        // OCR drops a space now and then, and restoration cannot tell every misread mark ("Chỉ
        // trả" for "Chi trả"): wording is compared without spaces, one title may differ. A
        // deadline's numeral wrapped away from its "Quý" ("Quý H1/2024") is read as printed.
        let bare = |v: &Value| v.as_str().unwrap_or("").replace(' ', "");
        let (mut titles_differ, mut implementers_differ) = (0, 0);
        for (t, s) in tm.iter().zip(sm) {
            let n = &t["number"];
            titles_differ += usize::from(bare(&s["title"]) != bare(&t["title"]));
            assert_eq!(
                bare(&s["fields"]["objective"]),
                bare(&t["fields"]["objective"]),
                "{name} model {n}"
            );
            for key in ["text", "start", "end", "recurring"] {
                assert_eq!(
                    s["fields"]["deadline"][key], t["fields"]["deadline"][key],
                    "{name} model {n} deadline {key}"
                );
            }
            assert_eq!(s["fields"]["note"], t["fields"]["note"], "{name} model {n}");
            let count = |m: &Value| m["fields"]["implementers"].as_array().unwrap().len();
            assert_eq!(count(s), count(t), "{name} model {n}");
            // Words glued in narrow cells ("HĐNDvà", "Ytếhuyện", "Côngan") are read apart:
            // implementers compare with their spaces.
            let implementers = &t["fields"]["implementers"];
            for (ti, si) in implementers
                .as_array()
                .unwrap()
                .iter()
                .zip(s["fields"]["implementers"].as_array().unwrap())
            {
                implementers_differ += usize::from(ti != si);
            }
        }
        assert!(titles_differ <= 1, "{name}: {titles_differ} titles differ");
        // One misread mark restoration cannot tell: "Các tố dân phố".
        assert!(
            implementers_differ <= 1,
            "{name}: {implementers_differ} implementers differ"
        );
        assert_no_warnings(&scan, name);
    }
}

/// The same three table plans as bad faxes (150 dpi CCITT, skew, specks): OCR garbles many
/// cell words, but every model is found with its number and group, every group with its
/// count, and the header is the text's: its title although specks print beside "KẾ HOẠCH"
/// and its lines, its issuer although the header column lost marks and a speck stands before a
/// cell's capital.
#[test]
fn faxed_tables_of_models_keep_their_models_and_groups() {
    // (models whose deadline dates equal the text's, models)
    let (mut dated, mut models) = (0, 0);
    for name in [
        "district_table_groups",
        "ward_table_only",
        "commune_implementers_table",
    ] {
        let text = extract(name, "table-fax");
        let fax = extract_scan(name, "ccitt", "table-fax");
        assert_eq!(
            numbers_and_groups(&fax),
            numbers_and_groups(&text),
            "{name}"
        );
        let counts = |j: &Value| -> Vec<(Value, Value)> {
            j["groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| (g["index"].clone(), g["declared_model_count"].clone()))
                .collect()
        };
        assert_eq!(counts(&fax), counts(&text), "{name}");
        assert_eq!(fax["document"], text["document"], "{name}");
        let dates = |j: &Value| -> Vec<(Value, Value)> {
            j["models"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    let d = &m["fields"]["deadline"];
                    (d["start"].clone(), d["end"].clone())
                })
                .collect()
        };
        let (t, f) = (dates(&text), dates(&fax));
        models += t.len();
        dated += t.iter().zip(&f).filter(|(a, b)| a == b).count();
    }
    // Measured 11 of 15: the slash of "9/2024" and "31/12/2024" read as a colon is repaired
    // (9 before); the other four lost a digit or a numeral's stroke ("Năm 2824").
    assert!(
        dated >= 11,
        "deadline dates of {dated} of {models} fax models equal the text's"
    );
}

/// A commune plan whose table names no lead or partners: "Nội dung thực hiện" is each model's
/// assignment and "Đơn vị thực hiện" its implementers.
#[test]
fn a_table_of_models_with_work_and_implementer_columns() {
    let j = extract("commune_implementers_table", "table-units");
    assert_eq!(model_numbers(&j), [1, 2, 3, 4]);
    // "Ban quản lý chợ" opens a table cell: its capital says nothing of the issuer's "BAN".
    assert_eq!(j["document"]["issuer"], "Ủy ban nhân dân xã Tân Phú");
    let f = &j["models"][1]["fields"];
    assert_eq!(
        strs(&f["assignments"]),
        ["Tiểu thương niêm yết mã QR, người mua thanh toán qua ứng dụng"]
    );
    assert_eq!(
        strs(&f["implementers"]),
        ["Ban quản lý chợ", "Hội Liên hiệp Phụ nữ xã"]
    );
    assert_eq!(f["deadline"]["end"], "2025-06-30");
    assert_eq!(j["models"][2]["fields"]["deadline"]["end"], "2025-06-30");
    assert_no_warnings(&j, "plan");
}

/// A police plan: both header lines are police units, groups numbered in roman numerals each
/// number their models from 1, headings in capitals, numbered field labels with a remark
/// ("Thời gian hoàn thành (dự kiến):") and a deadline without a year.
#[test]
fn numbering_restarting_per_group_and_a_deadline_without_a_year() {
    let j = extract("police_restart_numbering", "restart");
    let d = &j["document"];
    // The unit names its own district: the province above it is not added.
    assert_eq!(d["issuer"], "Công an huyện Yên Lạc");
    assert_eq!(d["declared_model_count"], 4);
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("I")),
            (2, Some("I")),
            (1, Some("II")),
            (2, Some("II"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    // Headings set in capitals are given as the text writes their words: "Công an" as the
    // plan writes it, "công tác" though each "Công" of the text opens "Công an".
    assert_eq!(
        j["groups"][0]["title"],
        "Nhóm mô hình phục vụ công tác Công an"
    );
    assert_eq!(models[0]["title"], "Quản lý cư trú bằng bản đồ số");
    let f = &models[0]["fields"];
    assert_eq!(
        strs(&f["implementers"]),
        [
            "Đội Cảnh sát quản lý hành chính về trật tự xã hội",
            "Công an các xã, thị trấn"
        ]
    );
    // "trước 30/6" in a plan of 18 February 2025.
    assert_eq!(f["deadline"]["end"], "2025-06-30");
    assert_eq!(models[1]["fields"]["deadline"]["end"], "2025-10-31");
    // Numbers repeat across groups by design: no duplicate warning.
    assert_no_warnings(&j, "plan");
}

/// Models named, not numbered, after "Mô hình" ("1. Mô hình điểm "Chợ 4.0""), with the short
/// labels "Chủ trì:", "Phối hợp:", "Đơn vị hỗ trợ:", "Nền tảng:" and a quarter without a year.
#[test]
fn models_numbered_by_outline_and_short_role_labels() {
    let j = extract("district_short_labels", "named");
    // Declared only in the title ("Triển khai 03 mô hình điểm …").
    assert_eq!(j["document"]["declared_model_count"], 3);
    let models = j["models"].as_array().unwrap();
    assert_eq!(model_numbers(&j), [1, 2, 3]);
    assert_eq!(models[0]["title"], "Mô hình điểm \"Chợ 4.0\"");
    assert_eq!(models[0]["heading"], "1");
    let f = &models[0]["fields"];
    assert_eq!(
        strs(&f["implementers"]),
        [
            "Phòng Kinh tế",
            "Công an huyện",
            "UBND xã Vân Hà",
            "Bưu điện huyện"
        ]
    );
    assert_eq!(strs(&f["tools"]), ["Ứng dụng VNeID, ví điện tử"]);
    assert_eq!(f["deadline"]["end"], "2024-09-30");
    // "Hoàn thành trong Quý IV." in a plan of August 2024.
    let q = &models[1]["fields"]["deadline"];
    assert_eq!(
        (&q["start"], &q["end"]),
        (&"2024-10-01".into(), &"2024-12-31".into())
    );
    assert_eq!(
        models[1]["fields"]["note"],
        "Kết quả đầu ra: 100% trường thu học phí không dùng tiền mặt."
    );
    assert_no_warnings(&j, "plan");
}

/// Markdown converted from a word processor: each model's fields in a two-column table
/// ("| Mục tiêu | … |"), the title a heading followed by the preamble's paragraph, and a
/// preamble naming the issuer only by its level ("UBND thành phố ban hành …").
#[test]
fn fields_in_a_two_column_table_per_model() {
    let j = extract("city_field_tables", "fieldtables");
    let d = &j["document"];
    assert_eq!(d["title"], "Triển khai mô hình điểm Đề án 06 năm 2024");
    assert_eq!(d["issuer"], "Ủy ban nhân dân thành phố Hà Tĩnh");
    assert_eq!(model_numbers(&j), [1, 2]);
    let f = &j["models"][0]["fields"];
    assert_eq!(f["objective"], "90% hồ sơ khai sinh được nộp trực tuyến");
    assert_eq!(
        strs(&f["implementers"]),
        ["Phòng Tư pháp", "UBND các phường, xã"]
    );
    assert_eq!(f["deadline"]["end"], "2024-06-30");
    assert_eq!(j["models"][1]["fields"]["deadline"]["start"], "2024-07-01");
    assert_no_warnings(&j, "plan");
}

/// A plan that gives each model one paragraph, its fields run together after the title
/// ("Mô hình 1: … VNeID. Mục tiêu: …. Đơn vị thực hiện: …; …. Thời gian hoàn thành: …").
#[test]
fn fields_run_together_in_one_paragraph_per_model() {
    let j = extract("province_inline_fields", "inline");
    assert_eq!(j["document"]["declared_model_count"], 5);
    assert_eq!(model_numbers(&j), [1, 2, 3, 4, 5]);
    let models = j["models"].as_array().unwrap();
    assert_eq!(
        models[0]["title"],
        "Cấp phiếu lý lịch tư pháp trên ứng dụng VNeID."
    );
    let f = &models[0]["fields"];
    assert_eq!(
        f["objective"],
        "100% hồ sơ đề nghị cấp phiếu lý lịch tư pháp của công dân trong tỉnh được tiếp nhận trực tuyến."
    );
    assert_eq!(strs(&f["implementers"]), ["Sở Tư pháp", "Công an tỉnh"]);
    assert_eq!(f["deadline"]["end"], "2025-06-30");
    let d = &models[2]["fields"]["deadline"];
    assert_eq!(
        (&d["start"], &d["end"]),
        (&"2025-06-01".into(), &"2025-11-30".into())
    );
    assert_eq!(
        strs(&models[4]["fields"]["implementers"]),
        ["Sở Tài nguyên và Môi trường", "Văn phòng Đăng ký đất đai"]
    );
    assert_no_warnings(&j, "plan");
}

/// Models numbered by ordinal words ("1. Mô hình thứ nhất: …"), "Nội dung thực hiện:",
/// "Cơ quan chủ trì / phối hợp:", a steering committee as issuer, a model count declared after
/// the cited grounds without "Kế hoạch", and the plan's closing words right after the last
/// field (no section heading ends the models).
#[test]
fn ordinal_headings_content_labels_and_closing_words() {
    let j = extract("district_ordinal_models", "ordinal");
    let d = &j["document"];
    assert_eq!(d["issuer"], "Ban Chỉ đạo Đề án 06 huyện Cẩm Giàng");
    assert_eq!(d["number"], "12/KH-BCĐ");
    assert_eq!(d["declared_model_count"], 4);
    assert_eq!(model_numbers(&j), [1, 2, 3, 4]);
    let models = j["models"].as_array().unwrap();
    assert_eq!(
        models[1]["title"],
        "Chợ không dùng tiền mặt tại thị trấn Lai Cách"
    );
    let f = &models[0]["fields"];
    assert_eq!(
        strs(&f["assignments"]),
        [
            "Cán bộ tư pháp - hộ tịch hướng dẫn cha mẹ nộp hồ sơ liên thông trên Cổng dịch vụ công quốc gia",
            "kết quả trả qua dịch vụ bưu chính"
        ]
    );
    assert_eq!(
        strs(&f["implementers"]),
        [
            "Phòng Tư pháp huyện",
            "Công an huyện",
            "Bảo hiểm xã hội huyện"
        ]
    );
    assert_eq!(f["deadline"]["start"], "2025-04-01");
    assert_eq!(models[2]["fields"]["deadline"]["recurring"], true);
    // The closing sentence is not part of the last deadline.
    assert_eq!(models[3]["fields"]["deadline"]["text"], "Trước 30/11/2025.");
    assert_no_warnings(&j, "plan");
}

/// The same plans printed and scanned (200 dpi JPEG, `scripts/make-synth-data.sh layouts`),
/// read through OCR and restoration: the structure is the one the text gives, and a page of
/// stacked field labels ("Đơn vị chủ trì:" over "Đơn vị phối hợp:") is no appendix table.
#[test]
fn scanned_copies_give_the_structure_of_the_text() {
    // The plans written later (`false`): OCR misreads a few words of their titles ("Sổ" as
    // "Số"), which restoration has no evidence to undo, so their structure is compared without
    // the wording, and restoration sets a spaced hyphen as an en dash, as printed plans do.
    for (name, wording) in [
        ("commune_lettered_fields", true),
        ("parent_body_other_labels", true),
        ("department_dash_headings", false),
        ("committee_numbered_groups", false),
        ("police_restart_numbering", false),
        ("district_short_labels", false),
        ("province_inline_fields", false),
        ("district_ordinal_models", false),
        ("department_lettered_sections", false),
    ] {
        let text = extract(name, "scan");
        let scan = extract_scan(name, "jpeg", "scan");
        assert_eq!(scan["document"], text["document"], "{name}");
        assert_eq!(scan["groups"], text["groups"], "{name}");
        assert_eq!(
            numbers_and_groups(&scan),
            numbers_and_groups(&text),
            "{name}"
        );
        let as_read = |v: &Value| {
            let v = v.to_string();
            if wording {
                v
            } else {
                v.replace('–', "-")
            }
        };
        let (tm, sm) = (
            text["models"].as_array().unwrap(),
            scan["models"].as_array().unwrap(),
        );
        for (t, s) in tm.iter().zip(sm) {
            if wording {
                for key in ["heading", "title"] {
                    assert_eq!(s[key], t[key], "{name} model {} {key}", t["number"]);
                }
            } else {
                let count = |m: &Value| m["fields"]["assignments"].as_array().unwrap().len();
                assert_eq!(count(s), count(t), "{name} model {}", t["number"]);
            }
            for key in ["implementers", "deadline", "note"] {
                assert_eq!(
                    as_read(&s["fields"][key]),
                    as_read(&t["fields"][key]),
                    "{name} model {} {key}",
                    t["number"]
                );
            }
        }
        assert_no_warnings(&scan, name);
    }
}

/// Appendix columns the contract has no field for ("Sản phẩm", "Kinh phí") are kept under
/// their headers, in the table's order, and none of their words reaches a neighbour's cell:
/// from the Markdown pipe table, and from its 200 dpi scan, whose "Sản phẩm" header OCR lost
/// (that column is kept as the one after "Phối hợp").
#[test]
fn appendix_columns_outside_the_contract_are_kept_apart() {
    let cells = |j: &Value, n: usize| -> Vec<(String, String)> {
        j["models"][n]["appendix"]["other"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["column"].as_str().unwrap().to_string(),
                    o["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |c: &str, t: &str| (c.to_string(), t.to_string());
    let text = extract("district_extra_columns", "other-columns");
    assert_eq!(
        cells(&text, 0),
        [
            pair("Sản phẩm", "Danh sách hộ kinh doanh có mã QR"),
            pair("Kinh phí", "Ngân sách huyện")
        ]
    );
    let scan = extract_scan("district_extra_columns", "jpeg", "other-columns");
    let codes: Vec<&str> = scan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["appendix_header_unreadable"]);
    assert_eq!(
        cells(&scan, 1),
        [
            pair("Cột sau Phối hợp", "Báo cáo kết quả"),
            pair("Kinh phí", "Không")
        ]
    );
    for j in [&text, &scan] {
        let a = &j["models"][1]["appendix"];
        assert_eq!(a["deadline"]["text"], "30/9/2024");
        assert_eq!(a["partners"], "Công an huyện");
        assert_eq!(a["platform"], "VNeID");
        assert_eq!(
            j["models"][0]["appendix"]["lead"],
            "Phòng Kinh tế - Hạ tầng"
        );
        // The scan's OCR reads the numeral's first stroke as a bar ("Quý" / "|II/2024").
        assert_eq!(
            j["models"][0]["appendix"]["deadline"]["text"],
            "Quý III/2024"
        );
    }
    // A table of the contract's columns only has no "other" key.
    let plain = extract("commune_appendix_table", "other-columns");
    assert!(plain["models"][0]["appendix"].get("other").is_none());
}

/// A three-page scan whose appendix starts at the foot of page 2 and whose header lost "Mô
/// hình", "Sản phẩm" and "Kinh phí" to OCR, with titles printed without "Mô hình N:": the model
/// column is found next to TT, and both header-lost columns are kept apart, so the rows of
/// page 3 give clean cells.
#[test]
fn a_long_appendix_with_lost_header_cells_keeps_its_columns_apart() {
    let j = extract_scan("district_long_appendix", "jpeg", "long-appendix");
    let models = j["models"].as_array().unwrap();
    assert_eq!(models.len(), 12);
    for m in &models[2..] {
        let a = &m["appendix"];
        assert!(a.is_object(), "model {}", m["number"]);
        let partners = a["partners"].as_str().unwrap().to_lowercase();
        assert_eq!(
            partners, "công an huyện, ubnd các xã",
            "model {}",
            m["number"]
        );
        assert!(a["deadline"]["end"].is_string(), "model {}", m["number"]);
        let other = a["other"].as_array().unwrap();
        assert_eq!(other.len(), 2, "model {}", m["number"]);
        assert_eq!(other[0]["column"], "Cột sau Phối hợp");
        assert_eq!(other[1]["text"], "Ngân sách huyện");
    }
    assert_eq!(models[2]["appendix"]["lead"], "Trung tâm Y tế huyện");
    assert_eq!(
        models[2]["appendix"]["other"][0]["text"],
        "Dữ liệu số sức khỏe"
    );
}

/// Markdown from an OCR tool keeps the appendix as a pipe table: each row is linked to its
/// model with its cells as printed.
#[test]
fn a_markdown_pipe_table_is_the_appendix() {
    let out = temp_dir("layout-pipe-table");
    let j = extract_json(&fixture("layouts/commune_appendix_table.md"), &out, &[]);
    let models = j["models"].as_array().unwrap();
    assert_eq!(models.len(), 4);
    let a = &models[2]["appendix"];
    assert_eq!(a["lead"], "Trạm y tế xã");
    assert_eq!(a["partners"], "Công an xã");
    assert_eq!(a["support"], "BHXH huyện");
    assert_eq!(a["deadline"]["end"], "2024-12-31");
    assert_eq!(a["platform"], "CCCD gắn chip");
    assert!(models.iter().all(|m| m["appendix"].is_object()));
    assert_no_warnings(&j, "plan");
}

/// A department's plan: sections before the models ("I. MỤC ĐÍCH, YÊU CẦU" with numbered
/// sub-headings), groups with their counts, models "1.1. Mô hình 01:", fields lettered in the
/// Vietnamese order ("d)", "đ)", "e)") with one label no plan before used ("e) Kết quả dự
/// kiến:"), a department named after its fields ("Phòng Bưu chính, Viễn thông"), an issuer in
/// capitals whose official case the text never prints inside a sentence, and numbered closing
/// paragraphs after the last model.
#[test]
fn lettered_fields_in_vietnamese_order_and_a_department_named_after_its_fields() {
    let j = extract("department_lettered_sections", "lettered-vi");
    let d = &j["document"];
    assert_eq!(d["number"], "215/KH-STTTT");
    assert_eq!(d["date"], "2024-07-18");
    assert_eq!(d["issuer"], "Sở Thông tin và Truyền thông tỉnh Quảng Ninh");
    assert_eq!(d["declared_model_count"], 5);
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["declared_model_count"], 3);
    assert_eq!(groups[1]["title"], "Nhóm mô hình phục vụ người dân");
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("1")),
            (2, Some("1")),
            (3, Some("1")),
            (4, Some("2")),
            (5, Some("2"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(models[0]["heading"], "1.1");
    let f = &models[0]["fields"];
    // "e) Kết quả dự kiến:" ends the deadline and is kept with its label.
    assert_eq!(f["deadline"]["text"], "Tháng 10/2024.");
    assert_eq!(
        f["note"],
        "Kết quả dự kiến: Văn bản đi được ký số trên thiết bị di động."
    );
    assert_eq!(
        strs(&f["implementers"]),
        [
            "Văn phòng Sở",
            "Trung tâm Công nghệ thông tin và Truyền thông",
            "Bưu điện tỉnh"
        ]
    );
    let span = |i: usize| deadline_span(&models[i]);
    assert_eq!(
        span(1),
        ("2024-07-01".into(), "2024-12-31".into(), false.into())
    );
    assert_eq!(
        span(2),
        ("2024-08-01".into(), "2024-12-31".into(), false.into())
    );
    assert_eq!(span(3), (Value::Null, Value::Null, true.into()));
    let last = &models[4]["fields"];
    assert_eq!(
        strs(&last["implementers"]),
        [
            "Phòng Bưu chính, Viễn thông",
            "Các doanh nghiệp viễn thông trên địa bàn tỉnh"
        ]
    );
    // The closing section's numbered paragraphs are no part of the last model.
    assert_eq!(last["deadline"]["text"], "Trước ngày 15/11/2024.");
    assert_eq!(last["note"], Value::Null);
    assert_no_warnings(&j, "plan");
}

/// An urban district named by a number ("QUẬN 8"), field labels on lines of their own with
/// "+" items under them ("- Phân công:" then "+ Phòng Kinh tế: …;"), a heading number that
/// skips (no model 4) and a declared count the body does not reach: both are warned. Its
/// scan gives the same structure and the same warnings.
#[test]
fn items_under_labels_and_a_skipped_model_in_a_numbered_district() {
    let j = extract("urban_district_bullets", "urban");
    let d = &j["document"];
    assert_eq!(d["place"], "Quận 8");
    assert_eq!(d["issuer"], "Ủy ban nhân dân Quận 8");
    assert_eq!(d["declared_model_count"], 6);
    assert_eq!(model_numbers(&j), [1, 2, 3, 5, 6]);
    let models = j["models"].as_array().unwrap();
    let f = &models[0]["fields"];
    assert_eq!(
        f["objective"],
        "80% hộ kinh doanh tại khu phố có mã QR thanh toán; Người dân đóng phí vệ sinh, tiền \
         điện, tiền nước qua ứng dụng ngân hàng."
    );
    assert_eq!(
        strs(&f["assignments"]),
        [
            "Phòng Kinh tế: khảo sát, lập danh sách hộ kinh doanh",
            "Ủy ban nhân dân phường 4: vận động người dân, hộ kinh doanh tham gia"
        ]
    );
    let span = |i: usize| {
        let (start, end, _) = deadline_span(&models[i]);
        (start, end)
    };
    assert_eq!(span(0), ("2024-09-15".into(), "2025-03-31".into()));
    assert_eq!(span(1), (Value::Null, "2024-11-30".into()));
    assert_eq!(span(2), ("2024-10-01".into(), "2025-03-31".into()));
    // "Từ nay đến ngày 31/12/2024": from the plan's own date.
    assert_eq!(span(3), ("2024-09-05".into(), "2024-12-31".into()));
    assert_eq!(span(4), ("2025-01-01".into(), "2025-06-30".into()));
    let codes = |j: &Value| -> Vec<String> {
        j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        codes(&j),
        ["heading_number_skipped", "model_count_mismatch"]
    );
    let scan = extract_scan("urban_district_bullets", "jpeg", "urban");
    assert_eq!(scan["document"], j["document"]);
    assert_eq!(numbers_and_groups(&scan), numbers_and_groups(&j));
    assert_eq!(codes(&scan), codes(&j));
    for (t, s) in models.iter().zip(scan["models"].as_array().unwrap()) {
        for key in ["deadline", "assignments"] {
            assert_eq!(
                s["fields"][key].to_string().replace('–', "-"),
                t["fields"][key].to_string().replace('–', "-"),
                "model {} {key}",
                t["number"]
            );
        }
    }
}

/// A plan exported from a word processor to Markdown: the header a two-column pipe table (the
/// parent body over the issuing team in its first column), the title in bold, groups as "###
/// A. Nhóm …", bold model headings "Mô hình N." with a full stop, italic and bold labels with
/// the colon outside the emphasis, a date written out in words and a note after the last
/// deadline.
#[test]
fn a_word_processor_export_with_its_header_in_a_table() {
    let j = extract("county_word_export", "word-export");
    let d = &j["document"];
    assert_eq!(d["number"], "27/KH-TCT");
    assert_eq!(d["date"], "2024-10-14");
    assert_eq!(d["place"], "Lộc Hà");
    assert_eq!(d["issuer"], "Tổ công tác Đề án 06 huyện Lộc Hà");
    assert_eq!(
        d["title"],
        "Triển khai thí điểm các mô hình ứng dụng dữ liệu dân cư phục vụ người dân và doanh \
         nghiệp trên địa bàn huyện"
    );
    assert_eq!(d["declared_model_count"], 4);
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(groups[1]["index"], "B");
    assert_eq!(groups[1]["title"], "Nhóm mô hình phục vụ doanh nghiệp");
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("A")),
            (2, Some("A")),
            (3, Some("B")),
            (4, Some("B"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(models[1]["title"], "Cấp đổi giấy phép lái xe trực tuyến");
    let f = &models[1]["fields"];
    assert_eq!(
        f["objective"],
        "Người dân nộp hồ sơ đổi giấy phép lái xe trên Cổng Dịch vụ công quốc gia, dùng dữ \
         liệu sức khỏe điện tử thay giấy khám sức khỏe."
    );
    assert_eq!(
        strs(&f["implementers"]),
        ["Công an huyện", "Trung tâm Y tế huyện"]
    );
    // "Trước ngày 30 tháng 6 năm 2025": the date in words.
    assert_eq!(f["deadline"]["end"], "2025-06-30");
    assert_eq!(models[0]["fields"]["deadline"]["end"], "2024-12-31");
    assert_eq!(models[3]["fields"]["deadline"]["end"], "2025-12-31");
    assert_eq!(
        models[3]["fields"]["note"],
        "Mô hình 4 triển khai trước tại thị trấn Lộc Hà."
    );
    assert_no_warnings(&j, "plan");
}

/// A ward's plan under its district: groups and models as bullets ("* Nhóm 1: …", "- Mô hình
/// 1: …") with "+" fields, a title wrapped onto the next line, a page number between dashes
/// ("- 2 -") inside a group, a tools list, a note and a recurring deadline.
#[test]
fn bulleted_groups_and_models_with_a_page_number_between_them() {
    let j = extract("ward_bulleted_models", "bulleted");
    let d = &j["document"];
    assert_eq!(d["issuer"], "Ủy ban nhân dân phường Trần Hưng Đạo");
    assert_eq!(d["place"], "Trần Hưng Đạo");
    assert_eq!(d["declared_model_count"], 5);
    let groups = j["groups"].as_array().unwrap();
    assert_eq!(groups[0]["declared_model_count"], 3);
    assert_eq!(groups[1]["declared_model_count"], 2);
    assert_eq!(
        numbers_and_groups(&j),
        [
            (1, Some("1")),
            (2, Some("1")),
            (3, Some("1")),
            (4, Some("2")),
            (5, Some("2"))
        ]
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(
        models[0]["title"],
        "Thu phí vệ sinh môi trường và phí gửi xe bằng hình thức thanh toán không dùng tiền mặt"
    );
    let f = &models[1]["fields"];
    // The page number is no part of the deadline.
    assert_eq!(f["deadline"]["text"], "Quý II/2025.");
    assert_eq!(
        strs(&f["tools"]),
        ["Ứng dụng iHanoi", "nhóm Zalo của Tổ dân phố"]
    );
    assert_eq!(models[2]["fields"]["note"], "Ưu tiên người sống một mình.");
    assert_eq!(
        deadline_span(&models[2]),
        (Value::Null, Value::Null, true.into())
    );
    assert_eq!(
        deadline_span(&models[3]),
        ("2025-05-01".into(), "2025-09-30".into(), false.into())
    );
    assert_no_warnings(&j, "plan");
}

/// The appendix laid out in columns of plain text (as `pdftotext -layout` or OCR that kept the
/// spaces writes a table): group rows, cells wrapped over two or three lines, every cell
/// linked to its model.
#[test]
fn an_appendix_laid_out_in_columns_of_text() {
    let j = extract("commune_columns_appendix", "columns");
    assert_eq!(j["document"]["issuer"], "Ủy ban nhân dân xã Thạch Kim");
    let groups: Vec<(&str, &str)> = j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["index"].as_str().unwrap(), g["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        groups,
        [
            ("I", "Nhóm mô hình phát triển kinh tế"),
            ("II", "Nhóm mô hình phục vụ người dân")
        ]
    );
    let models = j["models"].as_array().unwrap();
    assert_eq!(model_numbers(&j), [1, 2, 3, 4]);
    let a = &models[0]["appendix"];
    assert_eq!(a["lead"], "UBND xã");
    assert_eq!(a["partners"], "Ngân hàng Nông nghiệp; Ban quản lý cảng cá");
    assert_eq!(a["deadline"]["end"], "2025-09-30");
    assert_eq!(a["platform"], "Ứng dụng ngân hàng");
    let a = &models[3]["appendix"];
    assert_eq!(a["lead"], "Văn phòng - Thống kê xã");
    assert_eq!(a["platform"], "Cổng Dịch vụ công quốc gia");
    assert!(models.iter().all(|m| m["appendix"].is_object()));
    assert_eq!(j["restoration"]["tokens_changed"], 0);
    assert_no_warnings(&j, "plan");
}
