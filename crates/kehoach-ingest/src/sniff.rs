//! Recognises what a file is from its first bytes.
//!
//! Content decides, not the name: a scanned PDF saved as `.txt` or a Word file renamed `.pdf`
//! must get a precise message, not a page of mojibake.

use std::path::Path;

/// What a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Text,
    Pdf,
    /// PNG, JPEG or TIFF.
    Image(&'static str),
    /// Something else; the string names it when known ("ZIP archive", "binary data").
    Binary(&'static str),
}

/// Classifies `bytes` (the whole file or at least its first few KiB).
pub fn sniff(_path: &Path, bytes: &[u8]) -> FileType {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"%PDF-") || find(head, b"%PDF-").is_some_and(|i| i < 1024) {
        return FileType::Pdf;
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return FileType::Image("PNG");
    }
    if head.starts_with(b"\xff\xd8\xff") {
        return FileType::Image("JPEG");
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return FileType::Image("TIFF");
    }
    if head.starts_with(b"PK\x03\x04") {
        return FileType::Binary("ZIP archive or Office document");
    }
    if head.starts_with(b"\xd0\xcf\x11\xe0") {
        return FileType::Binary("legacy Office document");
    }
    if head.starts_with(b"GIF8") {
        return FileType::Binary("GIF image");
    }
    if looks_like_text(head) {
        FileType::Text
    } else {
        FileType::Binary("binary data")
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text if it has a UTF-16 shape or few control bytes. UTF-16 text is full of NUL bytes, so it
/// is recognised first (by BOM or by NULs at every other position).
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    if crate::text::utf16_without_bom(head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_magic_numbers() {
        let p = Path::new("x");
        assert_eq!(sniff(p, b"%PDF-1.7\n"), FileType::Pdf);
        assert_eq!(sniff(p, b"\x89PNG\r\n\x1a\n...."), FileType::Image("PNG"));
        assert_eq!(
            sniff(p, b"PK\x03\x04rest"),
            FileType::Binary("ZIP archive or Office document")
        );
        assert_eq!(sniff(p, "Kế hoạch số 1".as_bytes()), FileType::Text);
        assert_eq!(
            sniff(p, &[0u8, 1, 2, 3, 4, 5, 6, 7, 0, 0, 9]),
            FileType::Binary("binary data")
        );
    }

    #[test]
    fn utf16_is_text() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Kế hoạch".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff(Path::new("x"), &bytes), FileType::Text);
    }
}
