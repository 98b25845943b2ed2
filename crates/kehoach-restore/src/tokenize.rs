//! Splitting a line into the tokens restoration may touch and the text it must keep exactly.
//!
//! Restoration rewrites only the *core* of a word token; white space, punctuation, numbers and
//! codes ("06/QĐ-TTg", "PC06", URLs, e-mails) are kept byte for byte. OCR garble puts symbols
//! inside words ("s¢'" for "sở", "co'" for "cơ", "t6i" for "tối"), so a few symbols and digits
//! count as part of a word when letters surround them, while a token made mostly of digits or
//! carrying a slash is a code and is never rewritten.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, possibly garbled: a restoration candidate.
    Word,
    /// Only digits.
    Num,
    /// Code, reference number, URL, e-mail: kept exactly.
    Code,
}

/// A token: byte range in its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// Symbols English-model OCR prints for Vietnamese letters; part of a word when next to letters.
pub fn is_garble(c: char) -> bool {
    matches!(
        c,
        '¢' | '&'
            | '|'
            | '\''
            | '’'
            | '$'
            | '€'
            | '£'
            | '©'
            | '®'
            | '°'
            | '§'
            | '{'
            | '}'
            | '@'
            | '¥'
    )
}

fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || is_garble(c)
}

/// Separators that split a chunk into several cores ("HĐND-UBND", "sau:").
fn is_separator(c: char) -> bool {
    !is_wordish(c)
}

fn classify(core: &str) -> Kind {
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    let lowers = core.chars().filter(|c| c.is_lowercase()).count();
    let uppers = letters - lowers;
    if letters == 0 {
        return if digits > 0 { Kind::Num } else { Kind::Code };
    }
    if digits > 0 && (digits > letters || (lowers == 0 && uppers >= 2)) {
        return Kind::Code;
    }
    Kind::Word
}

/// Tokens of one line, in order.
pub fn tokenize_line(line: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        // Skip white space.
        let c = line[i..].chars().next().unwrap();
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < line.len() {
            let c = line[i..].chars().next().unwrap();
            if c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        let chunk = &line[start..i];
        if chunk.contains("://") || chunk.starts_with("www.") || is_email(chunk) {
            out.push(Tok {
                start,
                end: i,
                kind: Kind::Code,
            });
            continue;
        }
        split_chunk(chunk, start, &mut out);
    }
    roman_numerals_are_numbers(line, &mut out);
    enumerators_are_numbers(line, &mut out);
    out
}

/// A lone letter opening a line and closed by ")" or "." ("a) Mục tiêu:", "đ. Trạm y tế") is
/// a list enumerator, an ordinal like "1.", not a word: read as a word, "b" and "c" spell no
/// syllable, so a clean plan enumerating its fields looked damaged to the error-rate estimate,
/// and the decoder tried to rewrite them ("B." as "BỘ").
fn enumerators_are_numbers(line: &str, toks: &mut [Tok]) {
    let Some(t) = toks.first_mut() else {
        return;
    };
    let mut letters = line[t.start..t.end].chars();
    let lone = letters
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ')
        && letters.next().is_none();
    let lead = &line[..t.start];
    let opens = lead
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '+' | '•' | '*' | '('));
    let mut after = line[t.end..].chars();
    let closed =
        matches!(after.next(), Some(')' | '.')) && after.next().is_none_or(char::is_whitespace);
    if t.kind == Kind::Word && lone && opens && closed {
        t.kind = Kind::Num;
    }
}

/// Roman numerals ("Quý I", "Nhóm II", "III.") are numbers, not the syllable "i": decoding
/// them as letters lets the language model merge or rewrite them. In a line set in capitals
/// ("VI PHẠM") the same letters are words, so such lines are left alone.
fn roman_numerals_are_numbers(line: &str, toks: &mut [Tok]) {
    const ROMAN: &[&str] = &[
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
    let caps = toks
        .iter()
        .filter(|t| t.kind == Kind::Word && !line[t.start..t.end].chars().any(char::is_lowercase))
        .count();
    if words >= 2 && caps * 10 >= words * 6 {
        return;
    }
    for t in toks.iter_mut() {
        if t.kind == Kind::Word && ROMAN.contains(&&line[t.start..t.end]) {
            t.kind = Kind::Num;
        }
    }
}

/// An e-mail address somewhere in a chunk: letters, digits or dots before an "@", and a domain
/// with a dot between letters after it ("ten@gmail.com)."). English-model OCR prints "@" for
/// "ườ" and "ở" ("ngu@i", "nu@c."), which has no dotted domain after it.
fn is_email(chunk: &str) -> bool {
    let Some(at) = chunk.find('@') else {
        return false;
    };
    let local = chunk[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        .count();
    let domain: String = chunk[at + 1..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        .collect();
    let domain = domain.trim_end_matches('.');
    local > 0
        && domain.split('.').filter(|p| !p.is_empty()).count() >= 2
        && !domain.starts_with('.')
}

fn split_chunk(chunk: &str, offset: usize, out: &mut Vec<Tok>) {
    // Most chunks are one plain word: what the general path below makes of them, without its
    // buffers.
    if chunk.chars().all(char::is_alphabetic) {
        out.push(Tok {
            start: offset,
            end: offset + chunk.len(),
            kind: Kind::Word,
        });
        return;
    }
    // A look-alike symbol standing alone is a one-letter word the English model could not read
    // ("Nhà &," for "Nhà ở,"): Vietnamese prose has no use for a lone "&" or "¢".
    let bare = chunk.trim_end_matches([',', '.', ';', ':']);
    if matches!(bare, "&" | "¢" | "©" | "@") {
        out.push(Tok {
            start: offset,
            end: offset + bare.len(),
            kind: Kind::Word,
        });
        return;
    }
    // Cores: maximal runs of word-ish characters; garble symbols at the edges of a run belong
    // to it only when they follow a letter ("co'") — a leading quote is punctuation.
    let chars: Vec<(usize, char)> = chunk.char_indices().collect();
    let mut k = 0;
    let mut cores: Vec<(usize, usize)> = Vec::new();
    while k < chars.len() {
        if is_separator(chars[k].1) || (is_garble(chars[k].1) && !chars[k].1.is_alphanumeric()) {
            k += 1;
            continue;
        }
        let s = k;
        // A question mark between letters is a mark the English model could not read
        // ("tht?c" for "thực"), and so is one closing a fragment of at most three letters
        // ("di? liéu" for "dữ liệu", "ct?" for "cứ"): plans ask no questions, and a question
        // would end a whole word.
        let inner_question = |k: usize| {
            chars[k].1 == '?'
                && k > s
                && chars[k - 1].1.is_alphabetic()
                && (chars.get(k + 1).is_some_and(|c| c.1.is_alphabetic())
                    || (k - s <= 3 && chars[s..k].iter().all(|c| c.1.is_alphabetic())))
        };
        while k < chars.len() && (is_wordish(chars[k].1) || inner_question(k)) {
            k += 1;
        }
        // Trailing garble symbols belong to a word ("s¢'") but not to a number ("06'").
        let mut e = k;
        let last_alnum = (s..k).rev().find(|&j| chars[j].1.is_alphanumeric());
        if let Some(j) = last_alnum {
            if chars[j].1.is_ascii_digit() {
                e = j + 1;
            }
        }
        if e > s {
            let bs = chars[s].0;
            let be = if e < chars.len() {
                chars[e].0
            } else {
                chunk.len()
            };
            cores.push((bs, be));
        }
    }
    // A slash or a digit-separator-digit pattern makes the whole chunk a code, except prose
    // words joined by a slash ("ra/vào", "và/hoặc"): without digits or capitals after a first
    // letter they name no document or agency, and left whole they were never restored.
    let has_slash = chunk.contains('/') && chunk.chars().any(|c| c.is_alphanumeric());
    let prose_pair = has_slash
        && cores.len() >= 2
        && cores.iter().all(|&(s, e)| {
            let mut cs = chunk[s..e].chars();
            cs.next().is_some_and(char::is_alphabetic) && cs.all(char::is_lowercase)
        })
        && chunk[cores[0].0..cores[cores.len() - 1].1]
            .chars()
            .all(|c| c.is_alphabetic() || c == '/');
    let has_slash = has_slash && !prose_pair;
    let digit_sep = chars.windows(3).any(|w| {
        w[0].1.is_ascii_digit()
            && matches!(w[1].1, '.' | ',' | '-' | ':')
            && w[2].1.is_ascii_digit()
    });
    let code_like = has_slash
        || (digit_sep && cores.len() > 1)
        || (cores.len() > 1
            && cores
                .iter()
                .any(|&(s, e)| classify(&chunk[s..e]) == Kind::Code)
            && chunk.contains('-'));
    if code_like {
        if let (Some(f), Some(l)) = (cores.first(), cores.last()) {
            out.push(Tok {
                start: offset + f.0,
                end: offset + l.1,
                kind: Kind::Code,
            });
        }
        return;
    }
    for (s, e) in cores {
        out.push(Tok {
            start: offset + s,
            end: offset + e,
            kind: classify(&chunk[s..e]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_symbols_inside_words_are_garble_and_an_e_mail_is_a_code() {
        fn spans(l: &str) -> Vec<(&str, Kind)> {
            tokenize_line(l)
                .iter()
                .map(|t| (&l[t.start..t.end], t.kind))
                .collect()
        }
        assert_eq!(
            spans("tht?c k¥ ct? di?, không?"),
            [
                ("tht?c", Kind::Word),
                ("k¥", Kind::Word),
                ("ct?", Kind::Word),
                ("di?", Kind::Word),
                ("không", Kind::Word),
            ]
        );
        assert_eq!(
            spans("80% ngu@i dan, nu@c. s@"),
            [
                ("80", Kind::Num),
                ("ngu@i", Kind::Word),
                ("dan", Kind::Word),
                ("nu@c", Kind::Word),
                ("s@", Kind::Word),
            ]
        );
        assert_eq!(
            spans("(gmail:ten.ho83@gmail.com). Nhà @,"),
            [
                ("(gmail:ten.ho83@gmail.com).", Kind::Code),
                ("Nhà", Kind::Word),
                ("@", Kind::Word),
            ]
        );
    }

    #[test]
    fn a_lone_letter_opening_a_line_is_an_enumerator() {
        let kinds = |l: &str| tokenize_line(l).iter().map(|t| t.kind).collect::<Vec<_>>();
        assert_eq!(kinds("a) Mục tiêu"), [Kind::Num, Kind::Word, Kind::Word]);
        assert_eq!(kinds("  b. Đơn vị"), [Kind::Num, Kind::Word, Kind::Word]);
        assert_eq!(kinds("đ) Trạm"), [Kind::Num, Kind::Word]);
        // A one-letter word in prose, or a letter with no closing mark, stays a word.
        assert_eq!(kinds("a ha"), [Kind::Word, Kind::Word]);
        assert_eq!(kinds("nhà ở."), [Kind::Word, Kind::Word]);
        assert_eq!(kinds("Ở. đâu"), [Kind::Word, Kind::Word]);
        assert_eq!(kinds("a.b"), [Kind::Word, Kind::Word]);
    }

    fn toks(line: &str) -> Vec<(&str, Kind)> {
        tokenize_line(line)
            .into_iter()
            .map(|t| (&line[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn codes_numbers_and_words() {
        let t = toks("Căn cứ Quyết định số 06/QĐ-TTg ngày 06/01/2022 của PC06, (DVC) sau:");
        assert!(t.contains(&("06/QĐ-TTg", Kind::Code)));
        assert!(t.contains(&("06/01/2022", Kind::Code)));
        assert!(t.contains(&("PC06", Kind::Code)));
        assert!(t.contains(&("DVC", Kind::Word)));
        assert!(t.contains(&("sau", Kind::Word)));
        assert!(t.contains(&("số", Kind::Word)));
    }

    #[test]
    fn roman_numerals_are_numbers_outside_capital_lines() {
        let t = toks("Hoàn thành Quý I năm 2024, Nhóm II");
        assert!(t.contains(&("I", Kind::Num)));
        assert!(t.contains(&("II", Kind::Num)));
        let t = toks("XỬ LÝ VI PHẠM");
        assert!(t.contains(&("VI", Kind::Word)));
    }

    #[test]
    fn a_lone_lookalike_symbol_is_a_word() {
        let t = toks("Nhà &, nhà & công nhân; A & B");
        assert!(t.contains(&("&", Kind::Word)));
        assert_eq!(t.iter().filter(|x| x.0 == "&").count(), 3);
    }

    #[test]
    fn garble_symbols_stay_inside_words() {
        let t = toks("tai co' s¢' M6 hinh t6i “hat nhan” 2022-2025 20");
        let w: Vec<&str> = t.iter().map(|x| x.0).collect();
        assert_eq!(
            w,
            vec![
                "tai",
                "co'",
                "s¢'",
                "M6",
                "hinh",
                "t6i",
                "hat",
                "nhan",
                "2022-2025",
                "20"
            ]
        );
        assert_eq!(t[8].1, Kind::Code);
        assert_eq!(t[9].1, Kind::Num);
        assert_eq!(t[3].1, Kind::Word);
    }

    #[test]
    fn prose_words_joined_by_a_slash_are_words() {
        let t = toks("ra/vao, và/hoặc NDXP/VDXP Ra/Vao 06/QĐ-TTg KH/UBND a/2");
        assert!(t.contains(&("ra", Kind::Word)));
        assert!(t.contains(&("vao", Kind::Word)));
        assert!(t.contains(&("hoặc", Kind::Word)));
        assert!(t.contains(&("Vao", Kind::Word)));
        assert!(t.contains(&("NDXP/VDXP", Kind::Code)));
        assert!(t.contains(&("06/QĐ-TTg", Kind::Code)));
        assert!(t.contains(&("KH/UBND", Kind::Code)));
        assert!(t.contains(&("a/2", Kind::Code)));
    }

    #[test]
    fn urls_and_mail_are_codes() {
        let t = toks("xem https://dichvucong.gov.vn hoặc a.b@c.vn");
        assert_eq!(t[1], ("https://dichvucong.gov.vn", Kind::Code));
        assert_eq!(t[3], ("a.b@c.vn", Kind::Code));
    }
}
