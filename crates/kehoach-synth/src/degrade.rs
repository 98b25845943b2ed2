//! Scanner and fax degradations, all driven by a seed.
//!
//! Real inputs are photocopied, skewed, JPEG-compressed or faxed. Each effect here is a simple
//! physical stand-in: ink density and paper tone, rotation (skew), gaussian blur (optics),
//! gaussian noise (sensor), a global threshold (bilevel fax) with speckle (dust, line noise) and
//! dropouts (thin strokes lost). JPEG quality is applied when the page is encoded.

use crate::render::Coverage;
use crate::rng::Rng;

/// A grey page, 0 = black, 255 = white, in f32 so effects compose without rounding.
#[derive(Debug, Clone)]
pub struct GrayPage {
    pub width: u32,
    pub height: u32,
    pub data: Vec<f32>,
}

/// How to degrade one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Degrade {
    /// Largest absolute skew in degrees; each page draws its own angle in ±this.
    pub skew_deg: f32,
    /// If true the skew is exactly `skew_deg` (sign drawn per page); else uniform in ±skew_deg.
    pub skew_fixed: bool,
    pub blur_sigma: f32,
    pub noise_sigma: f32,
    pub paper: f32,
    pub ink: f32,
    pub jpeg_quality: u8,
    pub bilevel: Option<Bilevel>,
}

/// Fax-like bilevel conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct Bilevel {
    /// Grey level below which a pixel is black.
    pub threshold: f32,
    /// Probability that a paper pixel seeds a black speck.
    pub speckle: f64,
    /// Probability that an ink pixel drops out to white.
    pub dropout: f64,
}

impl Degrade {
    /// No degradation: crisp page, high-quality JPEG.
    pub fn clean() -> Self {
        Degrade {
            skew_deg: 0.0,
            skew_fixed: false,
            blur_sigma: 0.0,
            noise_sigma: 0.0,
            paper: 252.0,
            ink: 20.0,
            jpeg_quality: 92,
            bilevel: None,
        }
    }

    /// Looks like fixtures/scans/004: 300 dpi grayscale office scan, light noise, small skew.
    pub fn light() -> Self {
        Degrade {
            skew_deg: 0.8,
            blur_sigma: 0.6,
            noise_sigma: 7.0,
            paper: 246.0,
            ink: 28.0,
            jpeg_quality: 80,
            ..Degrade::clean()
        }
    }

    /// A worse photocopy: more blur and noise, lower JPEG quality.
    pub fn heavy() -> Self {
        Degrade {
            skew_deg: 1.2,
            blur_sigma: 1.1,
            noise_sigma: 16.0,
            paper: 238.0,
            ink: 45.0,
            jpeg_quality: 55,
            ..Degrade::clean()
        }
    }

    /// Looks like fixtures/scans/003: bad fax, 1.5° skew, bilevel with specks.
    pub fn fax() -> Self {
        Degrade {
            skew_deg: 1.5,
            skew_fixed: true,
            blur_sigma: 0.7,
            noise_sigma: 10.0,
            paper: 250.0,
            ink: 15.0,
            jpeg_quality: 80,
            bilevel: Some(Bilevel {
                threshold: 150.0,
                speckle: 0.00015,
                dropout: 0.004,
            }),
        }
    }

    /// Preset by name.
    pub fn preset(name: &str) -> Option<Self> {
        match name {
            "clean" => Some(Self::clean()),
            "light" => Some(Self::light()),
            "heavy" => Some(Self::heavy()),
            "fax" => Some(Self::fax()),
            _ => None,
        }
    }

    /// Applies every effect to a rendered page. The page's own random stream is `rng`.
    pub fn apply(&self, cov: &Coverage, rng: &mut Rng) -> GrayPage {
        let mut g = GrayPage::from_coverage(cov, self.paper, self.ink);
        if self.skew_deg > 0.0 {
            let a = if self.skew_fixed {
                if rng.chance(0.5) {
                    self.skew_deg
                } else {
                    -self.skew_deg
                }
            } else {
                rng.range_f64(-self.skew_deg as f64, self.skew_deg as f64) as f32
            };
            g = g.rotate(a, self.paper);
        }
        if self.blur_sigma > 0.0 {
            g.blur(self.blur_sigma);
        }
        if self.noise_sigma > 0.0 {
            for v in g.data.iter_mut() {
                *v += (rng.normal() as f32) * self.noise_sigma;
            }
        }
        if let Some(b) = &self.bilevel {
            g.bilevel(b, rng);
        }
        for v in g.data.iter_mut() {
            *v = v.clamp(0.0, 255.0);
        }
        g
    }
}

impl GrayPage {
    pub fn from_coverage(cov: &Coverage, paper: f32, ink: f32) -> Self {
        GrayPage {
            width: cov.width,
            height: cov.height,
            data: cov.data.iter().map(|c| paper - (paper - ink) * c).collect(),
        }
    }

    fn at(&self, x: i64, y: i64, fill: f32) -> f32 {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            fill
        } else {
            self.data[(y as u64 * self.width as u64 + x as u64) as usize]
        }
    }

    /// Rotates by `deg` (positive = counter-clockwise on the page) about the centre, bilinear.
    pub fn rotate(&self, deg: f32, fill: f32) -> GrayPage {
        let (s, c) = (deg.to_radians() as f64).sin_cos();
        let cx = self.width as f64 / 2.0;
        let cy = self.height as f64 / 2.0;
        let mut out = vec![fill; self.data.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                // pixel centres sit at +0.5
                let dx = x as f64 + 0.5 - cx;
                let dy = y as f64 + 0.5 - cy;
                // inverse map: source = R(-deg) * dest
                let sx = c * dx - s * dy + cx - 0.5;
                let sy = s * dx + c * dy + cy - 0.5;
                let x0 = sx.floor();
                let y0 = sy.floor();
                let fx = (sx - x0) as f32;
                let fy = (sy - y0) as f32;
                let (x0, y0) = (x0 as i64, y0 as i64);
                let v = self.at(x0, y0, fill) * (1.0 - fx) * (1.0 - fy)
                    + self.at(x0 + 1, y0, fill) * fx * (1.0 - fy)
                    + self.at(x0, y0 + 1, fill) * (1.0 - fx) * fy
                    + self.at(x0 + 1, y0 + 1, fill) * fx * fy;
                out[(y * self.width + x) as usize] = v;
            }
        }
        GrayPage {
            width: self.width,
            height: self.height,
            data: out,
        }
    }

    /// Separable gaussian blur, edges clamped.
    pub fn blur(&mut self, sigma: f32) {
        let r = (sigma * 3.0).ceil() as i64;
        let kernel: Vec<f32> = (-r..=r)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let sum: f32 = kernel.iter().sum();
        let kernel: Vec<f32> = kernel.iter().map(|k| k / sum).collect();
        let (w, h) = (self.width as i64, self.height as i64);
        let mut tmp = vec![0.0f32; self.data.len()];
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0;
                for (k, kv) in kernel.iter().enumerate() {
                    let xx = (x + k as i64 - r).clamp(0, w - 1);
                    acc += kv * self.data[(y * w + xx) as usize];
                }
                tmp[(y * w + x) as usize] = acc;
            }
        }
        for y in 0..h {
            for x in 0..w {
                let mut acc = 0.0;
                for (k, kv) in kernel.iter().enumerate() {
                    let yy = (y + k as i64 - r).clamp(0, h - 1);
                    acc += kv * tmp[(yy * w + x) as usize];
                }
                self.data[(y * w + x) as usize] = acc;
            }
        }
    }

    /// Thresholds to pure black/white, then adds specks (1–2 px blobs) and ink dropouts.
    pub fn bilevel(&mut self, b: &Bilevel, rng: &mut Rng) {
        let w = self.width as usize;
        let h = self.height as usize;
        let black: Vec<bool> = self.data.iter().map(|&v| v < b.threshold).collect();
        let mut out = black.clone();
        for y in 0..h {
            for x in 0..w {
                let i = y * w + x;
                if black[i] {
                    if rng.chance(b.dropout) {
                        out[i] = false;
                    }
                } else if rng.chance(b.speckle) {
                    let size = 1 + rng.below(2);
                    for dy in 0..size {
                        for dx in 0..size {
                            if y + dy < h && x + dx < w {
                                out[(y + dy) * w + x + dx] = true;
                            }
                        }
                    }
                }
            }
        }
        for (v, &bk) in self.data.iter_mut().zip(out.iter()) {
            *v = if bk { 0.0 } else { 255.0 };
        }
    }

    /// 8-bit grey pixels, row-major.
    pub fn to_luma8(&self) -> Vec<u8> {
        self.data
            .iter()
            .map(|v| v.round().clamp(0.0, 255.0) as u8)
            .collect()
    }

    /// True where the pixel is black (< 128), row-major; for bilevel outputs.
    pub fn to_bits(&self) -> Vec<bool> {
        self.data.iter().map(|&v| v < 128.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_dot() -> Coverage {
        let mut c = Coverage::new(41, 41);
        c.data[20 * 41 + 30] = 1.0;
        c
    }

    #[test]
    fn rotation_moves_ink_about_the_centre() {
        let g = GrayPage::from_coverage(&page_with_dot(), 255.0, 0.0);
        let r = g.rotate(90.0, 255.0);
        // the dot 10 px right of the centre lands 10 px above or below it
        let darkest = r
            .data
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.partial_cmp(b.1).unwrap())
            .unwrap()
            .0;
        let (x, y) = (darkest % 41, darkest / 41);
        assert_eq!(x, 20);
        assert!(y == 10 || y == 30, "{y}");
    }

    #[test]
    fn blur_preserves_mass() {
        let mut g = GrayPage::from_coverage(&page_with_dot(), 0.0, 255.0);
        let before: f32 = g.data.iter().sum();
        g.blur(1.5);
        let after: f32 = g.data.iter().sum();
        assert!((before - after).abs() < 1.0, "{before} {after}");
    }

    #[test]
    fn degradation_is_deterministic_and_fax_is_bilevel() {
        let cov = page_with_dot();
        let a = Degrade::fax().apply(&cov, &mut Rng::new(3));
        let b = Degrade::fax().apply(&cov, &mut Rng::new(3));
        assert_eq!(a.to_luma8(), b.to_luma8());
        assert!(a.data.iter().all(|&v| v == 0.0 || v == 255.0));
    }
}
