//! Plain text and Markdown input: decoding and line splitting.
//!
//! Earlier OCR tools and office exports write UTF-8 (with or without BOM) and UTF-16 (Windows
//! "Unicode" text, often without BOM). Anything else that is not valid UTF-8 is refused with the
//! byte offset of the first bad sequence, rather than guessed at: a wrong guess would silently
//! corrupt every Vietnamese letter.

use kehoach_core::text::fix_font_substitutes;
use kehoach_core::{
    Error, Line, Page, PageInfo, PageMethod, Result, SourceDoc, SourceInfo, SourceKind,
};
use std::path::Path;
use std::time::Instant;

/// Byte order of UTF-16 text without a BOM, judged from where the NUL bytes fall: ASCII-heavy
/// UTF-16 has a zero in every other byte.
pub fn utf16_without_bom(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let n = head.len() / 2 * 2;
    if n < 4 {
        return None;
    }
    let pairs = n / 2;
    let even_zero = (0..n).step_by(2).filter(|&i| head[i] == 0).count();
    let odd_zero = (1..n).step_by(2).filter(|&i| head[i] == 0).count();
    if odd_zero * 10 >= pairs * 4 && even_zero * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_zero * 10 >= pairs * 4 && odd_zero * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decodes text bytes, returning the text and the encoding's name.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        return decode_strict(path, enc, body).map(|s| (s, encoding_name(enc)));
    }
    if let Some(enc) = utf16_without_bom(&bytes[..bytes.len().min(8192)]) {
        return decode_strict(path, enc, bytes).map(|s| (s, encoding_name(enc)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), "utf-8")),
        // 8-bit text from the TCVN3 / VNI era is not UTF-8; decode it when its statistics say
        // so (enough words that become Vietnamese syllables), refuse it otherwise.
        Err(_) if crate::legacy::detect_bytes(bytes).is_some() => {
            let enc = crate::legacy::detect_bytes(bytes).expect("checked");
            Ok((crate::legacy::bytes_to_unicode(bytes, enc), enc.name()))
        }
        Err(e) => Err(Error::invalid(
            path,
            format!(
                "invalid UTF-8 at byte {} (not UTF-8 or UTF-16 text; convert the file to UTF-8)",
                e.valid_up_to()
            ),
        )),
    }
}

/// The name reported in `source.encoding`.
fn encoding_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        other => other,
    }
}

fn decode_strict(path: &Path, enc: &'static encoding_rs::Encoding, body: &[u8]) -> Result<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        return Err(Error::invalid(
            path,
            format!("invalid {} text (malformed code units)", enc.name()),
        ));
    }
    Ok(text.into_owned())
}

/// Reads a text or Markdown file as a one-page document, each line NFC.
pub fn read_text(path: &Path, bytes: &[u8]) -> Result<SourceDoc> {
    let start = Instant::now();
    let (text, encoding) = decode(path, bytes)?;
    if text.contains('\0') {
        return Err(Error::invalid(path, "binary data (NUL characters) in text"));
    }
    if text.trim().is_empty() {
        return Err(Error::invalid(path, "no text (only white space)"));
    }
    let lines: Vec<Line> = split_lines(&text)
        .map(|l| Line::plain(fix_font_substitutes(l)))
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    Ok(SourceDoc {
        source: SourceInfo {
            file: path.display().to_string(),
            sha256: crate::sha256_hex(bytes),
            kind: SourceKind::Text,
            pages: 1,
            encoding: Some(encoding.to_string()),
            page_info: vec![PageInfo {
                page: 1,
                method: PageMethod::Text,
                ocr_confidence: None,
                rotated: None,
                seconds,
            }],
            companion: None,
        },
        pages: vec![Page {
            number: 1,
            method: PageMethod::Text,
            lines,
            text_layer: None,
            size: None,
            ocr_confidence: None,
            rotated: None,
            seconds,
        }],
    })
}

/// Splits on '\n', dropping a trailing '\r' (CRLF files) and the empty piece after a final
/// newline, so line k here is line k in any editor.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_utf16() {
        let p = Path::new("t.txt");
        let (s, e) = decode(p, b"\xef\xbb\xbfK\xe1\xba\xbf").unwrap();
        assert_eq!((s.as_str(), e), ("Kế", "utf-8"));
        let mut le = Vec::new();
        for u in "Kế hoạch\r\nsố".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let (s, e) = decode(p, &le).unwrap();
        assert_eq!((s.as_str(), e), ("Kế hoạch\r\nsố", "utf-16le"));
        let mut be = vec![0xfe, 0xff];
        for u in "Số".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(p, &be).unwrap().0, "Số");
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let err = decode(Path::new("bad.txt"), b"abc\xff\xfe\xfddef").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("bad.txt: invalid UTF-8 at byte 3"), "{msg}");
    }

    #[test]
    fn lines_keep_numbering_and_nfc() {
        // "ế" as e + U+0302 + U+0301 (decomposed) must come out composed.
        let doc = read_text(
            Path::new("a.md"),
            "a\r\nK\u{65}\u{302}\u{301}\n\nb\n".as_bytes(),
        )
        .unwrap();
        let texts: Vec<_> = doc.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["a", "Kế", "", "b"]);
        assert_eq!(doc.source.sha256.len(), 64);
    }

    #[test]
    fn whitespace_only_is_an_error() {
        assert!(read_text(Path::new("w.txt"), b" \n\t\n").is_err());
    }
}
