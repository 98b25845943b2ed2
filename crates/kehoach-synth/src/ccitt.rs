//! CCITT Group 4 (ITU-T T.6) encoder for bilevel pages.
//!
//! Fax-to-PDF gateways store pages as CCITT G4, and OCR front ends must decode it, so our fax
//! samples use the same encoding as fixtures/scans/003. Only encoding is needed here; the tests
//! check the output by decoding it with poppler.

/// Bit sink, MSB first.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn new() -> Self {
        Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        }
    }
    /// Appends a code written as a string of '0'/'1'.
    fn code(&mut self, s: &str) {
        for b in s.bytes() {
            self.acc = (self.acc << 1) | u32::from(b == b'1');
            self.n += 1;
            if self.n == 8 {
                self.out.push(self.acc as u8);
                self.acc = 0;
                self.n = 0;
            }
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push((self.acc << (8 - self.n)) as u8);
        }
        self.out
    }
}

const WHITE_TERM: [&str; 64] = [
    "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111", "10011", "10100",
    "00111", "01000", "001000", "000011", "110100", "110101", "101010", "101011", "0100111",
    "0001100", "0001000", "0010111", "0000011", "0000100", "0101000", "0101011", "0010011",
    "0100100", "0011000", "00000010", "00000011", "00011010", "00011011", "00010010", "00010011",
    "00010100", "00010101", "00010110", "00010111", "00101000", "00101001", "00101010", "00101011",
    "00101100", "00101101", "00000100", "00000101", "00001010", "00001011", "01010010", "01010011",
    "01010100", "01010101", "00100100", "00100101", "01011000", "01011001", "01011010", "01011011",
    "01001010", "01001011", "00110010", "00110011", "00110100",
];

const BLACK_TERM: [&str; 64] = [
    "0000110111",
    "010",
    "11",
    "10",
    "011",
    "0011",
    "0010",
    "00011",
    "000101",
    "000100",
    "0000100",
    "0000101",
    "0000111",
    "00000100",
    "00000111",
    "000011000",
    "0000010111",
    "0000011000",
    "0000001000",
    "00001100111",
    "00001101000",
    "00001101100",
    "00000110111",
    "00000101000",
    "00000010111",
    "00000011000",
    "000011001010",
    "000011001011",
    "000011001100",
    "000011001101",
    "000001101000",
    "000001101001",
    "000001101010",
    "000001101011",
    "000011010010",
    "000011010011",
    "000011010100",
    "000011010101",
    "000011010110",
    "000011010111",
    "000001101100",
    "000001101101",
    "000011011010",
    "000011011011",
    "000001010100",
    "000001010101",
    "000001010110",
    "000001010111",
    "000001100100",
    "000001100101",
    "000001010010",
    "000001010011",
    "000000100100",
    "000000110111",
    "000000111000",
    "000000100111",
    "000000101000",
    "000001011000",
    "000001011001",
    "000000101011",
    "000000101100",
    "000001011010",
    "000001100110",
    "000001100111",
];

/// Make-up codes for 64, 128, ..., 1728.
const WHITE_MAKEUP: [&str; 27] = [
    "11011",
    "10010",
    "010111",
    "0110111",
    "00110110",
    "00110111",
    "01100100",
    "01100101",
    "01101000",
    "01100111",
    "011001100",
    "011001101",
    "011010010",
    "011010011",
    "011010100",
    "011010101",
    "011010110",
    "011010111",
    "011011000",
    "011011001",
    "011011010",
    "011011011",
    "010011000",
    "010011001",
    "010011010",
    "011000",
    "010011011",
];

const BLACK_MAKEUP: [&str; 27] = [
    "0000001111",
    "000011001000",
    "000011001001",
    "000001011011",
    "000000110011",
    "000000110100",
    "000000110101",
    "0000001101100",
    "0000001101101",
    "0000001001010",
    "0000001001011",
    "0000001001100",
    "0000001001101",
    "0000001110010",
    "0000001110011",
    "0000001110100",
    "0000001110101",
    "0000001110110",
    "0000001110111",
    "0000001010010",
    "0000001010011",
    "0000001010100",
    "0000001010101",
    "0000001011010",
    "0000001011011",
    "0000001100100",
    "0000001100101",
];

/// Make-up codes shared by both colours for 1792, 1856, ..., 2560.
const EXT_MAKEUP: [&str; 13] = [
    "00000001000",
    "00000001100",
    "00000001101",
    "000000010010",
    "000000010011",
    "000000010100",
    "000000010101",
    "000000010110",
    "000000010111",
    "000000011100",
    "000000011101",
    "000000011110",
    "000000011111",
];

fn run(bits: &mut Bits, mut len: usize, black: bool) {
    while len >= 2560 + 64 {
        bits.code(EXT_MAKEUP[12]);
        len -= 2560;
    }
    if len >= 64 {
        let m = len / 64;
        if m <= 27 {
            bits.code(if black {
                BLACK_MAKEUP[m - 1]
            } else {
                WHITE_MAKEUP[m - 1]
            });
        } else {
            bits.code(EXT_MAKEUP[m - 28]);
        }
        len %= 64;
    }
    bits.code(if black {
        BLACK_TERM[len]
    } else {
        WHITE_TERM[len]
    });
}

/// First changing element at or after `from`: a pixel whose colour differs from its left
/// neighbour (the pixel left of column 0 is white). `width` if there is none.
fn change(line: &[bool], from: usize, width: usize) -> usize {
    let mut i = from;
    while i < width {
        let prev = if i == 0 { false } else { line[i - 1] };
        if line[i] != prev {
            return i;
        }
        i += 1;
    }
    width
}

/// Encodes `black` (row-major, `true` = black) as a T.6 bit stream ending in EOFB.
/// Decode with `/K -1 /BlackIs1 false`.
pub fn encode_g4(black: &[bool], width: u32, height: u32) -> Vec<u8> {
    let w = width as usize;
    let mut bits = Bits::new();
    let white_line = vec![false; w];
    for y in 0..height as usize {
        let cur = &black[y * w..(y + 1) * w];
        let refl: &[bool] = if y == 0 {
            &white_line
        } else {
            &black[(y - 1) * w..y * w]
        };
        let mut a0: isize = -1;
        let mut colour = false; // colour of a0: white
        loop {
            let from = (a0 + 1) as usize;
            let a1 = change(cur, from, w);
            let mut b1 = change(refl, from, w);
            while b1 < w && refl[b1] == colour {
                b1 = change(refl, b1 + 1, w);
            }
            let b2 = if b1 < w { change(refl, b1 + 1, w) } else { w };
            if b2 < a1 {
                bits.code("0001");
                a0 = b2 as isize;
            } else {
                let d = a1 as isize - b1 as isize;
                if d.abs() <= 3 {
                    bits.code(match d {
                        0 => "1",
                        1 => "011",
                        2 => "000011",
                        3 => "0000011",
                        -1 => "010",
                        -2 => "000010",
                        _ => "0000010",
                    });
                    a0 = a1 as isize;
                    colour = !colour;
                } else {
                    let a2 = if a1 < w { change(cur, a1 + 1, w) } else { w };
                    let start = a0.max(0) as usize;
                    bits.code("001");
                    run(&mut bits, a1 - start, colour);
                    run(&mut bits, a2 - a1, !colour);
                    a0 = a2 as isize;
                }
            }
            if a0 >= w as isize {
                break;
            }
        }
    }
    bits.code("000000000001000000000001");
    bits.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{write_image_pdf, PageImage};
    use crate::rng::Rng;
    use std::process::Command;

    #[test]
    fn all_white_line_is_one_vertical_code() {
        // One white row against the imaginary white reference: V0 at b1 = width.
        let out = encode_g4(&[false; 8], 8, 1);
        // "1" + EOFB (24 bits) = 25 bits -> 4 bytes
        assert_eq!(out.len(), 4);
        assert_eq!(out[0] >> 7, 1);
    }

    /// Rows with runs of every length class (short, make-up, extended make-up) survive a
    /// round trip through poppler's CCITT decoder.
    #[test]
    fn poppler_decodes_our_g4() {
        if Command::new("pdfimages").arg("-v").output().is_err() {
            eprintln!("poppler-utils not installed; skipped");
            return;
        }
        let (w, h) = (2700u32, 40u32);
        let mut rng = Rng::new(11);
        let mut px = vec![false; (w * h) as usize];
        for y in 0..h as usize {
            let mut x = 0usize;
            let mut black = rng.chance(0.5);
            while x < w as usize {
                let len = match rng.below(4) {
                    0 => 1 + rng.below(8),
                    1 => 1 + rng.below(70),
                    2 => 60 + rng.below(1800),
                    _ => 1 + rng.below(2700),
                };
                for i in x..(x + len).min(w as usize) {
                    px[y * w as usize + i] = black;
                }
                x += len;
                black = !black;
            }
        }
        // Copy some rows so vertical and pass modes occur too.
        for y in (1..h as usize).step_by(3) {
            let (a, b) = px.split_at_mut(y * w as usize);
            b[..w as usize].copy_from_slice(&a[(y - 1) * w as usize..]);
        }
        let data = encode_g4(&px, w, h);
        let dir = std::env::temp_dir().join(format!("kehoach-synth-g4-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("g4.pdf");
        std::fs::write(
            &pdf,
            write_image_pdf(
                &[PageImage::Ccitt {
                    data,
                    width: w,
                    height: h,
                }],
                150.0,
                "g4",
            ),
        )
        .unwrap();
        let st = Command::new("pdfimages")
            .arg("-png")
            .arg(&pdf)
            .arg(dir.join("p"))
            .status()
            .unwrap();
        assert!(st.success());
        let img = image::open(dir.join("p-000.png")).unwrap().to_luma8();
        let got: Vec<bool> = img.pixels().map(|p| p.0[0] < 128).collect();
        let bad = got.iter().zip(&px).position(|(a, b)| a != b);
        assert_eq!(bad, None, "first mismatch at pixel {bad:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
