//! Finding serif fonts on the system.
//!
//! Vietnamese plans are typeset in Times New Roman, which Debian does not ship; Liberation Serif
//! (metric-compatible with Times), FreeSerif, Noto Serif and DejaVu Serif are the stand-ins. We
//! never commit fonts: they come from apt, and a missing one is reported with the package name.

use std::path::{Path, PathBuf};

use ab_glyph::FontVec;

/// A family we know how to find: file names of each style, and the Debian package with it.
#[derive(Debug, Clone, Copy)]
pub struct FamilySpec {
    /// Name used on the command line and in headers ("liberation-serif").
    pub key: &'static str,
    pub regular: &'static str,
    pub bold: &'static str,
    pub italic: &'static str,
    pub bold_italic: &'static str,
    pub package: &'static str,
}

/// The serif families kehoach-synth can render with, the Times stand-in first.
pub const FAMILIES: &[FamilySpec] = &[
    FamilySpec {
        key: "liberation-serif",
        regular: "LiberationSerif-Regular.ttf",
        bold: "LiberationSerif-Bold.ttf",
        italic: "LiberationSerif-Italic.ttf",
        bold_italic: "LiberationSerif-BoldItalic.ttf",
        package: "fonts-liberation2",
    },
    FamilySpec {
        key: "freeserif",
        regular: "FreeSerif.ttf",
        bold: "FreeSerifBold.ttf",
        italic: "FreeSerifItalic.ttf",
        bold_italic: "FreeSerifBoldItalic.ttf",
        package: "fonts-freefont-ttf",
    },
    FamilySpec {
        key: "noto-serif",
        regular: "NotoSerif-Regular.ttf",
        bold: "NotoSerif-Bold.ttf",
        italic: "NotoSerif-Italic.ttf",
        bold_italic: "NotoSerif-BoldItalic.ttf",
        package: "fonts-noto-core",
    },
    FamilySpec {
        key: "dejavu-serif",
        regular: "DejaVuSerif.ttf",
        bold: "DejaVuSerif-Bold.ttf",
        italic: "DejaVuSerif-Italic.ttf",
        bold_italic: "DejaVuSerif-BoldItalic.ttf",
        package: "fonts-dejavu-core (italics: fonts-dejavu-extra)",
    },
];

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("unknown font family '{0}' (known: {1})")]
    UnknownFamily(String, String),
    #[error("no font file {file} with Vietnamese letters under {searched}; install the Debian package {package}")]
    Missing {
        file: String,
        searched: String,
        package: String,
    },
    #[error("cannot read font {0}: {1}")]
    Read(PathBuf, String),
}

/// Regular, bold and italic faces of one family, loaded.
pub struct FontSet {
    pub key: String,
    pub regular: FontVec,
    pub bold: FontVec,
    pub italic: FontVec,
    pub bold_italic: FontVec,
    /// Paths actually loaded, for headers and logs.
    pub paths: Vec<PathBuf>,
}

/// Directories searched for font files, in order: `KEHOACH_FONT_DIR` if set, then the
/// fontconfig defaults.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(d) = std::env::var("KEHOACH_FONT_DIR") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from("/usr/share/fonts"));
    dirs.push(PathBuf::from("/usr/local/share/fonts"));
    if let Ok(home) = std::env::var("HOME") {
        dirs.push(Path::new(&home).join(".local/share/fonts"));
        dirs.push(Path::new(&home).join(".fonts"));
    }
    dirs
}

fn find_all_in(dir: &Path, name: &str, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if depth > 0 {
                find_all_in(&p, name, depth - 1, out);
            }
        } else if p.file_name().is_some_and(|f| f == name) {
            out.push(p);
        }
    }
}

/// Every file called `name` under [`font_dirs`], in search order.
pub fn find_font_files(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in font_dirs() {
        find_all_in(&d, name, 4, &mut out);
    }
    out
}

/// Letters a font must have to print Vietnamese: the horn and breve vowels, đ, and the
/// stacked circumflex-plus-tone letters that old fonts (Liberation 1.x) lack.
pub const VIETNAMESE_PROBE: &str = "ăâêôơưđĐệỗữằẳẫỵỹ";

/// True if the font has a glyph for every letter of [`VIETNAMESE_PROBE`].
pub fn covers_vietnamese(font: &FontVec) -> bool {
    use ab_glyph::Font;
    VIETNAMESE_PROBE.chars().all(|c| font.glyph_id(c).0 != 0)
}

/// The first file called `name` that prints Vietnamese. Same-named files exist in several
/// packages (fonts-liberation 1.x has no Vietnamese, fonts-liberation2 has), so coverage
/// decides, not the path.
pub fn find_font_file(name: &str) -> Option<PathBuf> {
    find_font_files(name)
        .into_iter()
        .find(|p| load(p).map(|f| covers_vietnamese(&f)).unwrap_or(false))
}

fn load(path: &Path) -> Result<FontVec, FontError> {
    let bytes = std::fs::read(path).map_err(|e| FontError::Read(path.into(), e.to_string()))?;
    FontVec::try_from_vec(bytes).map_err(|e| FontError::Read(path.into(), e.to_string()))
}

impl FontSet {
    /// Loads a family by key. Regular and bold are required; a missing italic falls back to
    /// regular (italics are rare in plans and only change glyph shapes, not the text).
    pub fn load(key: &str) -> Result<FontSet, FontError> {
        let spec = FAMILIES.iter().find(|f| f.key == key).ok_or_else(|| {
            FontError::UnknownFamily(
                key.to_string(),
                FAMILIES
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        })?;
        let searched = font_dirs()
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let need = |file: &str| {
            find_font_file(file).ok_or_else(|| FontError::Missing {
                file: file.to_string(),
                searched: searched.clone(),
                package: spec.package.to_string(),
            })
        };
        let rp = need(spec.regular)?;
        let bp = need(spec.bold)?;
        let ip = find_font_file(spec.italic).unwrap_or_else(|| rp.clone());
        let bip = find_font_file(spec.bold_italic).unwrap_or_else(|| bp.clone());
        Ok(FontSet {
            key: key.to_string(),
            regular: load(&rp)?,
            bold: load(&bp)?,
            italic: load(&ip)?,
            bold_italic: load(&bip)?,
            paths: vec![rp, bp, ip, bip],
        })
    }

    /// The face for a style.
    pub fn face(&self, bold: bool, italic: bool) -> &FontVec {
        match (bold, italic) {
            (false, false) => &self.regular,
            (true, false) => &self.bold,
            (false, true) => &self.italic,
            (true, true) => &self.bold_italic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_family_is_an_error_naming_the_known_ones() {
        let e = FontSet::load("comic").err().unwrap().to_string();
        assert!(e.contains("liberation-serif"), "{e}");
    }

    #[test]
    fn missing_file_names_the_package() {
        assert!(find_font_file("NoSuchFont-Regular.ttf").is_none());
        let e = FontError::Missing {
            file: "LiberationSerif-Regular.ttf".into(),
            searched: "/usr/share/fonts".into(),
            package: "fonts-liberation2".into(),
        };
        assert!(e
            .to_string()
            .contains("install the Debian package fonts-liberation2"));
    }

    #[test]
    fn installed_families_print_vietnamese() {
        for f in FAMILIES {
            match FontSet::load(f.key) {
                Ok(set) => assert!(covers_vietnamese(&set.regular) && covers_vietnamese(&set.bold)),
                Err(e) => eprintln!("{}: {e}; skipped", f.key),
            }
        }
    }
}
