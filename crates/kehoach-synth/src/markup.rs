//! Reading the Markdown-ish seed text into styled paragraphs.
//!
//! Seeds such as 003 carry light Markdown (`## KẾ HOẠCH`, `**bold**`, `*italic*`). A scan of a
//! real plan shows none of those markers, only their effect: bold runs, centred title lines.
//! This module turns each source line into a [`Block`] of styled [`Run`]s with the markers gone,
//! so the rendered page and its ground-truth text agree character for character.

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
}

/// One paragraph, or a vertical gap where the source had blank lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para {
        runs: Vec<Run>,
        align: Align,
        /// First-line indent, as is usual for body paragraphs of plans ("Căn cứ ...").
        indent: bool,
    },
    Gap,
    /// A Markdown pipe table, printed as a ruled grid: its header cells and its rows' cells,
    /// markers removed.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

impl Block {
    /// The paragraph's text without markers (empty for a gap; a table's cells row by row).
    pub fn text(&self) -> String {
        match self {
            Block::Para { runs, .. } => runs.iter().map(|r| r.text.as_str()).collect(),
            Block::Gap => String::new(),
            Block::Table { header, rows } => std::iter::once(header)
                .chain(rows)
                .map(|r| r.join(" "))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// The cells of a pipe-table line ("| a | **b** |" → ["a", "b"]), markers removed; None for a
/// line that is not a table row (here the closing bar is required).
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    if !line.trim_end().ends_with('|') {
        return None;
    }
    let cells = kehoach_core::text::table_cells(line)?;
    Some(
        cells
            .iter()
            .map(|c| {
                parse_inline(c, false)
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<String>()
            })
            .collect(),
    )
}

/// Splits a line into runs, toggling bold on `**`/`__` and italic on a lone `*`.
/// A backslash escapes the next character. Unbalanced markers simply run to the line's end.
pub fn parse_inline(line: &str, base_bold: bool) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut bold = false;
    let mut italic = false;
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let flush = |cur: &mut String, runs: &mut Vec<Run>, bold: bool, italic: bool| {
        if cur.is_empty() {
            return;
        }
        let b = bold || base_bold;
        match runs.last_mut() {
            Some(last) if last.bold == b && last.italic == italic => last.text.push_str(cur),
            _ => runs.push(Run {
                text: cur.clone(),
                bold: b,
                italic,
            }),
        }
        cur.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            cur.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if (c == '*' || c == '_') && i + 1 < chars.len() && chars[i + 1] == c {
            flush(&mut cur, &mut runs, bold, italic);
            bold = !bold;
            i += 2;
            continue;
        }
        if c == '*' {
            flush(&mut cur, &mut runs, bold, italic);
            italic = !italic;
            i += 1;
            continue;
        }
        cur.push(c);
        i += 1;
    }
    flush(&mut cur, &mut runs, bold, italic);
    // Markers often sit next to spaces ("**Mục tiêu:** Triển khai"); trim the ends only.
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
    runs
}

fn starts_with_outline_number(s: &str) -> bool {
    let s = s.trim_start();
    let first_word: String = s.chars().take_while(|c| !c.is_whitespace()).collect();
    if first_word.starts_with('-') || first_word.starts_with('+') || first_word.starts_with('•') {
        return true;
    }
    let core = first_word.trim_end_matches(['.', ')', ':']);
    !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit() || c == '.')
            || core.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
}

fn is_upper_text(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase())
}

/// Parses a whole document. Blank-line runs become one [`Block::Gap`].
///
/// Styling rules, chosen to look like a typeset plan:
/// * `#` headings are bold; an upper-case heading with no outline number ("KẾ HOẠCH") is centred;
/// * a wholly bold paragraph right after a centred heading (the plan's title) is centred too;
/// * body paragraphs get a first-line indent, except bullets ("- ", "+ ") and outline headings
///   of the top level ("I. ...").
pub fn parse_document(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut prev_centred_heading = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            if !matches!(blocks.last(), Some(Block::Gap) | None) {
                blocks.push(Block::Gap);
            }
            continue;
        }
        if let Some(cells) = pipe_cells(line) {
            match blocks.last_mut() {
                Some(Block::Table { rows, .. }) => {
                    if !kehoach_core::text::is_table_rule(&cells) {
                        rows.push(cells);
                    }
                }
                _ => blocks.push(Block::Table {
                    header: cells,
                    rows: Vec::new(),
                }),
            }
            prev_centred_heading = false;
            continue;
        }
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        let is_heading = hashes > 0 && trimmed[hashes..].starts_with(' ');
        let body = if is_heading {
            trimmed[hashes..].trim()
        } else {
            trimmed
        };
        let runs = parse_inline(body, is_heading);
        if runs.is_empty() {
            continue;
        }
        let plain: String = runs.iter().map(|r| r.text.as_str()).collect();
        let all_bold = runs.iter().all(|r| r.bold);
        let centred_heading =
            is_heading && is_upper_text(&plain) && !starts_with_outline_number(&plain);
        let align = if centred_heading || (prev_centred_heading && all_bold && !is_heading) {
            Align::Centre
        } else {
            Align::Left
        };
        let top_outline = {
            let w: String = plain.chars().take_while(|c| !c.is_whitespace()).collect();
            let core = w.trim_end_matches('.');
            !core.is_empty() && core.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        };
        let bullet = plain.starts_with('-') || plain.starts_with('+') || plain.starts_with('•');
        let indent = align == Align::Left && !bullet && !top_outline;
        prev_centred_heading = centred_heading || (prev_centred_heading && align == Align::Centre);
        blocks.push(Block::Para {
            runs,
            align,
            indent,
        });
    }
    while matches!(blocks.last(), Some(Block::Gap)) {
        blocks.pop();
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_table_is_one_block_without_its_separator_row() {
        let doc = "Danh mục:\n| TT | **Tên mô hình** |\n|---|:---|\n| 1 | Sổ sức khỏe |\n| 2 | Chợ số |\nHết.";
        let b = parse_document(doc);
        assert_eq!(b.len(), 3);
        assert_eq!(
            b[1],
            Block::Table {
                header: vec!["TT".into(), "Tên mô hình".into()],
                rows: vec![
                    vec!["1".into(), "Sổ sức khỏe".into()],
                    vec!["2".into(), "Chợ số".into()]
                ],
            }
        );
        assert_eq!(b[1].text(), "TT Tên mô hình 1 Sổ sức khỏe 2 Chợ số");
    }

    #[test]
    fn markers_are_removed_and_styles_kept() {
        let runs = parse_inline("- **Mục tiêu:** Triển khai *cụ thể*.", false);
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "- Mục tiêu: Triển khai cụ thể.");
        assert!(runs[1].bold && runs[1].text == "Mục tiêu:");
        assert!(runs.iter().any(|r| r.italic && r.text == "cụ thể"));
    }

    #[test]
    fn title_block_is_centred_and_body_indented() {
        let doc = "## KẾ HOẠCH\n\n**Triển khai các mô hình**\n\n### I. MỤC ĐÍCH\n\nCăn cứ Quyết định.\n\n- Gạch đầu dòng";
        let b = parse_document(doc);
        let paras: Vec<_> = b.iter().filter(|b| !matches!(b, Block::Gap)).collect();
        assert_eq!(paras.len(), 5);
        let al = |b: &Block| match b {
            Block::Para { align, indent, .. } => (*align, *indent),
            _ => unreachable!(),
        };
        assert_eq!(al(paras[0]), (Align::Centre, false));
        assert_eq!(al(paras[1]), (Align::Centre, false));
        assert_eq!(al(paras[2]), (Align::Left, false));
        assert_eq!(al(paras[3]), (Align::Left, true));
        assert_eq!(al(paras[4]), (Align::Left, false));
        assert_eq!(paras[0].text(), "KẾ HOẠCH");
    }

    #[test]
    fn numbered_heading_is_not_centred() {
        let b = parse_document("## **2. Phạm vi, đối tượng**");
        match &b[0] {
            Block::Para { align, runs, .. } => {
                assert_eq!(*align, Align::Left);
                assert!(runs.iter().all(|r| r.bold));
            }
            _ => panic!(),
        }
    }
}
