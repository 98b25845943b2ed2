//! The domain lexicon written for Đề án 06 plans (`dictionaries/domain.txt`): restoration reads
//! its acronyms and names as words, and segmentation takes the case of agency names from it.
//! One copy, so the two stages cannot disagree about how an agency is written.

/// The lexicon: one surface form per line, exact case; `#` starts a comment line.
pub const DOMAIN: &str = include_str!("../../../dictionaries/domain.txt");

/// Marks the section written after reading restoration errors on the seeds: a held-out
/// measurement leaves it out ([`standard`]).
pub const SEEN_MARK: &str = "# -- added after reading restoration errors on the seeds --";

/// The lexicon without the section chosen while reading the seeds' errors.
pub fn standard() -> &'static str {
    DOMAIN.split(SEEN_MARK).next().unwrap_or(DOMAIN)
}

/// The standard section's entries (comment lines left out).
fn entries() -> impl Iterator<Item = &'static str> {
    standard()
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
}

/// Names of agencies and organs written in their official case ("Sở Thông tin và Truyền
/// thông", "Công an tỉnh"): the standard section's entries of several words that start with a
/// capital. A header's capitals ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG") are recased by them when the
/// text itself never writes the name inside a sentence.
pub fn agency_names() -> impl Iterator<Item = &'static str> {
    entries().filter(|l| l.contains(' ') && l.chars().next().is_some_and(char::is_uppercase))
}

/// Acronyms of the standard section ("UBND", "QLHC", "TTXH"): one word of two capitals or more
/// and no lower-case letter. A header in capitals keeps them so.
pub fn acronyms() -> impl Iterator<Item = &'static str> {
    entries().filter(|l| !l.contains(' ') && crate::text::is_acronym(l))
}

/// The administrative levels a place's name follows ("xã Hòa Bình", "thị trấn Gôi"), spelled
/// as the gazetteer (`dictionaries/places.vi.tsv`) spells them, the levels above the commune
/// first ([`HIGHER_LEVELS`]). Restoration settles a name by the level before it and segmentation
/// finds where a header's place begins by it: one list, so both read the same units.
pub const ADMINISTRATIVE_LEVELS: [&str; 8] = [
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
];

/// The provinces' and districts' levels: few enough names that two capitalised words matching
/// one of them is a name even without its level word (communes number ten thousand).
pub const HIGHER_LEVELS: &[&str] = ADMINISTRATIVE_LEVELS.split_at(5).0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_names_are_capitalised_names_of_the_standard_section() {
        let names: Vec<&str> = agency_names().collect();
        assert!(names.contains(&"Sở Thông tin và Truyền thông"));
        assert!(names.contains(&"Công an tỉnh"));
        // One word, lower case, or from the section chosen on the seeds: not names.
        assert!(!names.contains(&"VNeID"));
        assert!(!names.contains(&"chuyển đổi số"));
        assert!(!names.contains(&"Ban Chỉ đạo Đề án 06"));
        assert!(names.iter().all(|n| !n.starts_with('#')));
    }

    #[test]
    fn higher_levels_are_provinces_and_districts() {
        assert_eq!(
            HIGHER_LEVELS,
            ["tỉnh", "thành phố", "huyện", "quận", "thị xã"]
        );
    }

    #[test]
    fn acronyms_are_single_words_in_capitals() {
        let a: Vec<&str> = acronyms().collect();
        assert!(a.contains(&"QLHC") && a.contains(&"UBND") && a.contains(&"TN&MT"));
        assert!(!a.contains(&"VNeID") && !a.contains(&"Kiosk"));
    }
}
