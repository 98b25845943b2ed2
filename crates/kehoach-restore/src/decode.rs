//! Joint decoding of a token sequence: channel candidates per token, a syllable lattice that
//! allows merging two fragments or splitting a glued token, and a beam Viterbi search under the
//! syllable language model.
//!
//! Every token keeps its own reading as a candidate. What it costs to keep it versus to change it
//! comes from a per-document mixture (see [`Weights`]): in a document that is almost all correct
//! Vietnamese, a change must be paid for by a large language-model gain, so restoration does not
//! "fix" words the evidence does not question.

use crate::edit::Pattern;
use crate::fast::base as base_letter;
use crate::model::{class_of, skeleton, Model, ACR, BOS, OOV};
use crate::tokenize::{is_garble, Kind};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::rc::Rc;

/// Extra cost (nats) of keeping a marked token that spells no known syllable or word. 1.5, 3, 5,
/// 8 and 12 tried first: every row rose or stayed; the 003 rows (which choose parameters)
/// stopped rising at 5 (003 scan pages `-l eng` 97.46 → 97.56 %). 12 since words glued in
/// table cells can be read apart ([`EXACT_SPLIT_COST`]): at 5 the unknown-word class, which the
/// language model finds cheap after "tại" or before a capital, kept "trụsở" whole (the 004 fax
/// rows read with `-l eng` and `-l vie` gain one and three tokens from 5 to 12). With readings of
/// three parts at most, the glued-words rows rose on to 30 (003: 99.13 % at 12, 99.32 % at 20,
/// 99.34 % at 30), but at 30 the 004
/// render read with `-l eng` loses a token, and at 20 a glued cell whose parts the language
/// model dislikes is read as one wrong word ("Ytếhuyên" → "Thuyên", losing "Y tế"): kept
/// glued, the cell's words are still there.
const INVALID_MARKED_KEEP_COST: f32 = 12.0;

/// [`INVALID_MARKED_KEEP_COST`] for a token with digits or letters outside the alphabet, the
/// value all marked tokens had before it was raised: at 12 the 000 appendix fax lost "Mô hình
/// 1Ô" (read "mô") and "06các" (read "các"), and specks ("ˆ") became words.
const ODD_MARKED_KEEP_COST: f32 = 5.0;

/// Most words one token is read as ([`Candidates::exact_splits`]): a cell line glued whole
/// ("Trungtâmytếhuyện") has four or more.
pub const MAX_PARTS: usize = 4;

/// Cost (nats) of each space a reading of a glued token puts back between parts that are each
/// printed exactly right ([`Candidates::exact_splits`]). 1.5 and 3 give the same outputs on every
/// benchmark row; at the document's general split cost (5 or 9 nats) nothing is read apart.
const EXACT_SPLIT_COST: f32 = 3.0;

/// Extra cost (nats) of keeping an unmarked token that spells no known syllable or word but is
/// a syllable with its marks lost ("tiem" for "tiêm", "het" for "hết"): the unknown-word class
/// gathers names and codes, and its language-model cost is lower than that of a syllable the
/// training text never used. 1.5 and 3 tried: the same outputs on every benchmark row; the 003
/// rows (which choose parameters) do not change, since their training text has these
/// syllables; the plans no model saw gain (stripped 98.08 → 98.25 %, 97.27 → 97.38 %).
const UNMARKED_INVALID_KEEP_COST: f32 = 1.5;

/// Extra cost (nats) of keeping, in a garbled document, a token of plain letters that is no
/// known word and no syllable with or without its marks ("cudi", "dug", "cht"): a name or a
/// foreign word is rarely spelled so in lower case, a misread syllable often is. 1.5 and 3
/// tried on `restore-bench all --held-out-domain`: at 1.5 no 003 row moves (they choose
/// parameters) and every English-model OCR row of 004 and of the layout plans rises (plans of
/// the eighth session 93.91 → 94.28 %); at 3 the 003 glued-words row falls.
const NO_SYLLABLE_KEEP_COST: f32 = 1.5;

/// A document whose letter-error share ([`Weights::err`]) is above this is garbled: English-model
/// OCR of Vietnamese (0.3–0.5), not a Vietnamese-model reading (below 0.1).
pub const GARBLED_ERR: f32 = 0.15;

/// Per-document channel mixture and search costs.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Probability a token is printed exactly right.
    pub same: f32,
    /// Probability a token lost (some of) its diacritics and nothing else.
    pub strip: f32,
    /// Probability of any other OCR error (scored by the channel model).
    pub err: f32,
    /// Cost (nats) of reading two tokens as one syllable (a split fragment).
    pub merge: f32,
    /// Cost (nats) of reading one token as two syllables (glued words).
    pub split: f32,
    /// Language-model scale.
    pub lm: f32,
    /// Extra log-odds (nats) for keeping a token that already spells a known word.
    pub keep_bonus: f32,
    /// Reward (nats) for two neighbouring syllables that form a word of the word list.
    pub compound: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            same: 0.9,
            strip: 0.05,
            err: 0.05,
            merge: 6.0,
            split: 6.0,
            lm: 1.0,
            keep_bonus: 0.7,
            compound: 0.0,
        }
    }
}

/// One reading of a token (or of two merged tokens).
#[derive(Debug, Clone)]
pub struct Cand {
    /// LM ids emitted (one, or up to [`MAX_PARTS`] for a glued token read as several).
    pub ids: [u32; MAX_PARTS],
    pub n: u8,
    /// Lowercase text (or a domain word's surface); None = keep the original text. Shared:
    /// candidate lists are copied into merges, compound readings and splits, and a copy
    /// should not allocate.
    pub text: Option<Rc<str>>,
    /// Channel cost, nats.
    pub cost: f32,
}

impl Cand {
    /// A reading as the one word `id`, spelled `text` (None: as printed), at channel `cost`.
    pub fn one(id: u32, text: Option<Rc<str>>, cost: f32) -> Cand {
        Cand {
            ids: [id, 0, 0, 0],
            n: 1,
            text,
            cost,
        }
    }
}

/// The skeleton letter a (lowercase) OCR char stands for in [`degarble`]'s first mapping
/// (None: dropped).
fn degarble_char(c: char) -> Option<char> {
    Some(match c {
        'w' => 'u',
        'j' => 'i',
        '6' | '0' | '¢' | '&' | '°' | '©' | 'ö' | 'ø' => 'o',
        '4' | '@' => 'a',
        '€' => 'e',
        '$' | '5' | '§' => 's',
        '1' | '|' | '!' => 'l',
        'ð' => 'd',
        c if c.is_ascii_digit() || is_garble(c) => return None,
        c if c.is_alphabetic() => base_letter(c).to_ascii_lowercase(),
        _ => return None,
    })
}

/// The first reading [`degarble`] gives a single char: its mapping, except that a '1'-like
/// char reads as 'i' (the sorted readings of "1" are "i", "l").
fn degarble_one(c: char) -> Option<char> {
    if matches!(c, '1' | '|' | '!') {
        Some('i')
    } else {
        degarble_char(c)
    }
}

/// `s.replace(pair, to)` for a pair of ASCII bytes, without building a substring searcher
/// (de-garbling runs three of these per distinct token), and without a copy when the pair
/// does not occur (most tokens).
fn replace_pair<'a>(s: Cow<'a, str>, pair: &[u8; 2], to: char) -> Cow<'a, str> {
    let b = s.as_bytes();
    if !b.windows(2).any(|w| w == pair) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let (mut from, mut i) = (0, 0);
    while i + 1 < b.len() {
        if b[i] == pair[0] && b[i + 1] == pair[1] {
            out.push_str(&s[from..i]);
            out.push(to);
            i += 2;
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[from..]);
    Cow::Owned(out)
}

/// Maps a garbled OCR token (lowercase) to plausible ASCII skeletons.
pub fn degarble(lower: &str) -> Vec<String> {
    let mut mapped = String::with_capacity(lower.len());
    let mut l_from_digit = false;
    for c in lower.chars() {
        if let Some(m) = degarble_char(c) {
            mapped.push(m);
        }
        l_from_digit |= matches!(c, '1' | '|' | '!');
    }
    let mut out = vec![mapped.clone()];
    let ruled = replace_pair(
        replace_pair(replace_pair(Cow::Borrowed(&mapped), b"ir", 'u'), b"ii", 'u'),
        b"rn",
        'm',
    );
    if ruled != mapped {
        out.push(ruled.to_string());
    }
    if l_from_digit {
        out.push(ruled.replace('l', "i"));
    }
    out.retain(|s| !s.is_empty());
    out.sort();
    out.dedup();
    out
}

pub use crate::fast::untone;

/// Skeletons reached by undoing up to two cheap confusions of the channel table in the token
/// (the rest of the token mapped as in [`degarble`]).
pub fn channel_variants(ch: &crate::channel::ChannelModel, ocr: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    for_each_channel_variant(ch, ocr, |v| out.push(v.to_string()));
    out
}

/// Calls `f` with each of [`channel_variants`] in turn, without collecting them.
fn for_each_channel_variant(
    ch: &crate::channel::ChannelModel,
    ocr: &[char],
    mut f: impl FnMut(&str),
) {
    /// At most this many variants per token.
    const MAX: usize = 24;
    struct Walk<'a, F> {
        ocr: &'a [char],
        plain: Vec<Option<char>>,
        /// Reverse-table readings of `ocr[p..p + len]` at `undo[3 * p + len - 1]`.
        undo: Vec<&'a [(String, f32)]>,
        count: usize,
        f: F,
    }
    fn go<F: FnMut(&str)>(w: &mut Walk<F>, p: usize, used: usize, cur: &mut String) {
        if w.count >= MAX {
            return;
        }
        if p == w.ocr.len() {
            if used > 0 && !cur.is_empty() {
                w.count += 1;
                (w.f)(cur);
            }
            return;
        }
        let keep = cur.len();
        // Plain mapping of one char.
        if let Some(c) = w.plain[p] {
            cur.push(c);
        }
        go(w, p + 1, used, cur);
        cur.truncate(keep);
        if used >= 2 {
            return;
        }
        for len in 1..=3.min(w.ocr.len() - p) {
            let undo = w.undo[3 * p + len - 1];
            for (sk, _) in undo.iter().take(4) {
                cur.push_str(sk);
                go(w, p + len, used + 1, cur);
                cur.truncate(keep);
            }
        }
    }
    let mut key = String::new();
    let undo = (0..ocr.len())
        .flat_map(|p| (1..=3).map(move |len| (p, len)))
        .map(|(p, len)| {
            if p + len > ocr.len() {
                return &[][..];
            }
            key.clear();
            key.extend(&ocr[p..p + len]);
            ch.reverse.get(key.as_str()).map_or(&[][..], |v| &v[..])
        })
        .collect();
    let mut w = Walk {
        ocr,
        plain: ocr.iter().map(|&c| degarble_one(c)).collect(),
        undo,
        count: 0,
        f: &mut f,
    };
    let mut cur = String::new();
    go(&mut w, 0, 0, &mut cur);
}

/// Whether `ocr` is `truth` with some diacritics removed (and nothing else changed).
#[inline]
fn strip_compatible(truth: &[char], ocr: &[char]) -> bool {
    truth.len() == ocr.len()
        && truth
            .iter()
            .zip(ocr)
            .all(|(&t, &o)| t == o || o == base_letter(t) || o == untone(t))
}

fn logsumexp_cost(costs: &[f32]) -> f32 {
    let m = costs.iter().cloned().fold(f32::INFINITY, f32::min);
    if !m.is_finite() {
        return f32::INFINITY;
    }
    // One finite part: the sum below is exactly 1 (exp(-0) + exp(-inf)), its log exactly 0.
    if costs.iter().filter(|c| c.is_finite()).count() == 1 {
        return m;
    }
    let s: f32 = costs.iter().map(|&c| (-(c - m)).exp()).sum();
    m - s.ln()
}

/// Cost (nats) of reading the prepared token as `truth` by a change: the OCR-error channel
/// (probability `err`; its DP runs only for `near` skeletons and is abandoned above
/// `dp_limit`) and the lost-marks channel (probability `strip`; when the token is `truth` with
/// marks removed, `compat`), summed as probabilities. Infinite when neither explains it.
#[allow(clippy::too_many_arguments)]
fn change_cost<'m>(
    channel: &'m crate::channel::ChannelModel,
    prepared: &mut crate::channel::Prepared<'m>,
    truth: &[char],
    near: bool,
    compat: bool,
    err: f32,
    strip: f32,
    dp_limit: f32,
) -> f32 {
    let mut parts = [f32::INFINITY; 2];
    if near {
        let c = channel.cost_prepared(prepared, truth, dp_limit);
        if c.is_finite() {
            parts[0] = c - err.ln();
        }
    }
    if compat {
        parts[1] = -(strip.ln());
    }
    logsumexp_cost(&parts)
}

/// Cost (nats) of keeping a token as printed, `lower` being its lowercase text and `keep_id`
/// its own class: correct as printed, or (if it carries no marks) also explained by the strip
/// channel. A token that spells a known word gets `keep_bonus` on top: OCR errors and mark loss
/// rarely land on another valid word, evidence the document-wide mixture does not see.
fn keep_cost(m: &Model, w: &Weights, lower: &str, keep_id: u32) -> f32 {
    let mut cost = -(w.same.ln());
    // A token with Vietnamese marks that spells no syllable or known word ("phiéu") was not
    // printed right: names and foreign words that the vocabulary lacks carry no marks, or spell
    // valid syllables. Without this, a rare syllable ("phiếu") lost to the unknown-word class,
    // whose language-model cost is lower.
    // Nor is a run of capitals that spells no known acronym but carries a vowel's mark
    // ("HĐNDvà"): acronyms mark no vowels, only "Đ".
    let marked = |c: char| c.is_alphabetic() && !c.is_ascii();
    if keep_id == OOV && lower.chars().any(marked)
        || keep_id == ACR && lower.chars().any(|c| marked(c) && c != 'đ')
    {
        // Digits or letters outside the alphabet ("1Ô", "ˆ", "Ƒ") make a misread number or
        // specks more likely than a misread word: reading them as a word would lose a number
        // or add one.
        let alphabet = lower.chars().all(|c| base_letter(c).is_ascii_lowercase());
        cost += if alphabet {
            INVALID_MARKED_KEEP_COST
        } else {
            ODD_MARKED_KEEP_COST
        };
    }
    if keep_id >= 4 {
        if lower.is_ascii() {
            cost = -((w.same + w.strip).ln());
        }
        if m.attested_flag[keep_id as usize] {
            cost -= w.keep_bonus;
        }
    }
    cost
}

/// Probability that a token with own class `keep_id` is an OCR error of some other word,
/// under the document's weights `w`.
fn error_rate(w: &Weights, keep_id: u32, err_scale: f32) -> f32 {
    let err = (w.err * err_scale).min(0.9);
    // The document's error rate is concentrated in tokens that spell no word: a lowercase
    // non-word in Vietnamese text is far more likely damaged than the average token.
    // So is a capitalised code the lexicon does not know ("VNelD" for "VNeID").
    if keep_id == OOV && w.strip < 0.5 {
        (err * 10.0).min(0.6)
    } else {
        err
    }
}

/// De-garbled reading → (skeleton index, edit distance) within some number of edits.
type NearCache = FxHashMap<String, Rc<Vec<(u32, u8)>>>;

/// What [`Candidates::compound_readings`] keeps of one token text for the rest of the
/// document: garbled text repeats its forms (in `restore-bench speed 0.1`, 1 687 calls for 445
/// distinct forms), and the same neighbours suggest the same partners again (29 604 channel
/// DPs, 14 239 distinct).
struct CompoundForm {
    /// Lowercase chars, and the token's own class.
    ocr: Vec<char>,
    keep_id: u32,
    /// De-garbled readings, their shortest and longest length, and the token's own skeleton.
    readings: Vec<Pattern>,
    shortest: usize,
    longest: usize,
    own: Pattern,
    /// Per partner id met so far within two skeleton edits of a reading.
    partners: FxHashMap<u32, PartnerEvidence>,
}

/// The channel evidence for one partner of a [`CompoundForm`], independent of the cutoff a
/// call scores it under.
#[derive(Debug, Clone, Copy)]
struct PartnerEvidence {
    dp: DpOutcome,
    /// Skeleton close enough to the token's own for the channel DP.
    near: bool,
    /// Explained by mark loss alone.
    compat: bool,
}

/// What is known of a channel DP (see [`crate::channel::ChannelModel::cost_and_exit`]).
#[derive(Debug, Clone, Copy)]
enum DpOutcome {
    Unknown,
    /// It gave up under this cutoff (and so under any lower one).
    Above(f32),
    /// Its cost, and the least cutoff it is returned under.
    Done {
        cost: f32,
        exit: f32,
    },
}

impl DpOutcome {
    /// Whether the DP must run to tell what it returns under `cutoff`.
    fn needs_run(&self, cutoff: f32) -> bool {
        match *self {
            DpOutcome::Unknown => true,
            DpOutcome::Above(at) => cutoff > at,
            DpOutcome::Done { .. } => false,
        }
    }

    /// What `cost_prepared` returns under `cutoff` (not [`DpOutcome::needs_run`]).
    fn under(&self, cutoff: f32) -> f32 {
        match *self {
            DpOutcome::Done { cost, exit } if cutoff >= exit => cost,
            _ => f32::INFINITY,
        }
    }
}

impl PartnerEvidence {
    /// [`change_cost`] of the partner, its DP under `dp_limit`.
    fn cost(&self, err: f32, strip: f32, dp_limit: f32) -> f32 {
        let mut parts = [f32::INFINITY; 2];
        if self.near {
            let c = self.dp.under(dp_limit);
            if c.is_finite() {
                parts[0] = c - err.ln();
            }
        }
        if self.compat {
            parts[1] = -(strip.ln());
        }
        logsumexp_cost(&parts)
    }
}

/// A candidate id waiting for its channel cost.
#[derive(Debug, Clone, Copy)]
struct Pending {
    cand: crate::model::SkeletonCandidate,
    /// Explained by mark loss alone.
    compat: bool,
    /// Skeleton close enough to the token's own for the channel DP.
    near: bool,
}

/// Sort key of a pending candidate: its lower bound in `f32::total_cmp` order in the high
/// half, its position in `pending` (ties in the order found) in the low half. Ordering plain
/// integers is what makes the selection cheap.
fn pending_key(lb: f32, seq: usize) -> u64 {
    let bits = lb.to_bits() as i32;
    // `f32::total_cmp`'s transform to a signed order, then to an unsigned one.
    let ordered = (bits ^ (((bits >> 31) as u32) >> 1) as i32) as u32 ^ 0x8000_0000;
    (u64::from(ordered) << 32) | seq as u64
}

/// The lower bound stored in a [`pending_key`].
fn pending_lb(key: u64) -> f32 {
    let ordered = ((key >> 32) as u32 ^ 0x8000_0000) as i32;
    f32::from_bits((ordered ^ (((ordered >> 31) as u32) >> 1) as i32) as u32)
}

/// Buffers [`Candidates::compute`] reuses from token to token.
#[derive(Default)]
struct Scratch {
    /// (skeleton, distance to the nearest de-garbled reading).
    found: Vec<(u32, u8)>,
    /// Candidate ids to score, in the order [`Candidates::compute`] found them, and their
    /// [`pending_key`]s.
    pending: Vec<Pending>,
    order: Vec<u64>,
    /// The token's own skeleton, for the `near` test.
    own: Pattern,
    near: crate::model::NearScratch,
    /// Per id, the `stamp` of the last [`Candidates::compound_readings`] call that looked at it.
    seen: Vec<u32>,
    stamp: u32,
}

/// Candidate generator with a per-document cache.
pub struct Candidates<'m> {
    pub model: &'m Model,
    pub w: Weights,
    /// Candidates by token text, for non-acronyms and acronyms.
    cache: [FxHashMap<String, Rc<Vec<Cand>>>; 2],
    /// Candidates by (lowercase form, own class id, acronym): see [`Candidates::for_word`].
    by_form: FxHashMap<(String, u32, bool), Rc<Vec<Cand>>>,
    /// Skeleton neighbourhoods of de-garbled readings within one and within two edits: many
    /// distinct garbled tokens de-garble to the same reading ("hién", "hien", "hiéen" → "hien").
    near: [NearCache; 2],
    scratch: Scratch,
    /// [`Candidates::compound_readings`]'s forms, and their index by token text.
    compound_forms: Vec<CompoundForm>,
    compound_at: FxHashMap<String, u32>,
    /// [`Candidates::exact_splits`] by token text.
    exact: FxHashMap<String, Rc<Vec<Cand>>>,
    /// The token being scored, prepared for the channel DP (buffers reused).
    prepared: crate::channel::Prepared<'m>,
    /// How many candidates to keep per token.
    pub keep: usize,
    /// At most this many edit-distance DPs per token, in order of their lower bound.
    pub max_dp: usize,
}

impl<'m> Candidates<'m> {
    pub fn new(model: &'m Model, w: Weights) -> Self {
        Candidates {
            model,
            w,
            cache: Default::default(),
            by_form: FxHashMap::default(),
            near: Default::default(),
            scratch: Scratch::default(),
            compound_forms: Vec::new(),
            compound_at: FxHashMap::default(),
            exact: FxHashMap::default(),
            prepared: Default::default(),
            keep: 8,
            max_dp: 24,
        }
    }

    /// Appends the skeletons within `max` (1 or 2) edits of `v` to the scratch list.
    fn add_near(&mut self, v: &str, max: usize) {
        let cache = &mut self.near[max - 1];
        let r = match cache.get(v) {
            Some(r) => r,
            None => {
                let mut out = Vec::new();
                self.model
                    .near_skeletons(v, max, &mut self.scratch.near, &mut out);
                cache.entry(v.to_string()).or_insert(Rc::new(out))
            }
        };
        self.scratch.found.extend_from_slice(r);
    }

    /// Candidates for a word token. `acronym` restricts changes to known non-syllable words
    /// (an all-caps token in running text is an acronym, not a shouted syllable).
    pub fn for_word(&mut self, text: &str, acronym: bool) -> Rc<Vec<Cand>> {
        if let Some(c) = self.cache[usize::from(acronym)].get(text) {
            return c.clone();
        }
        // Spellings that differ only in case ("Hien", "hien") get the same candidates unless
        // the case changes the token's own class (an acronym): computed once per form.
        let (lower, keep_id) = self.form(text, acronym);
        let key = (lower, keep_id, acronym);
        let c = match self.by_form.get(&key) {
            Some(c) => c.clone(),
            None => {
                let c = Rc::new(self.compute_form(&key.0, keep_id, acronym, 1.0));
                self.by_form.insert(key, c.clone());
                c
            }
        };
        self.cache[usize::from(acronym)].insert(text.to_string(), c.clone());
        c
    }

    /// A token's lowercase form and its own class id: all [`Candidates::compute`] reads of it.
    fn form(&self, text: &str, acronym: bool) -> (String, u32) {
        let lower: String = text.chars().flat_map(char::to_lowercase).collect();
        let keep_id = class_of(&self.model.vocab, text, Kind::Word);
        let keep_id = if keep_id == OOV && acronym {
            crate::model::ACR
        } else {
            keep_id
        };
        (lower, keep_id)
    }

    /// Candidates with a confidence factor: `err_scale` > 1 makes changes cheaper (a word the
    /// OCR engine itself doubted).
    pub fn compute(&mut self, text: &str, acronym: bool, err_scale: f32) -> Vec<Cand> {
        let (lower, keep_id) = self.form(text, acronym);
        self.compute_form(&lower, keep_id, acronym, err_scale)
    }

    /// Probability that a token with own class `keep_id` is an OCR error of some other word.
    fn error_rate(&self, keep_id: u32, err_scale: f32) -> f32 {
        error_rate(&self.w, keep_id, err_scale)
    }

    /// Readings of a token that make a word-list compound with one of its neighbours' best
    /// readings, scored as [`Candidates::compute`] scores its own, for those within two skeleton
    /// edits of a de-garbled reading and not in `have` yet. `neighbours` are the candidates of
    /// the word after the token (`true`: the reading comes first in the compound) and before it.
    ///
    /// The search by unigram frequency can leave out a rare syllable that its neighbour makes
    /// likely ("trit tự": "trật" is far down the readings of "trit" by frequency, but "trật tự"
    /// is a word); the language model can choose it only if it is in the lattice.
    pub fn compound_readings(
        &mut self,
        text: &str,
        err_scale: f32,
        neighbours: [(&[Cand], bool); 2],
        have: &[Cand],
    ) -> Vec<Cand> {
        /// How many of a neighbour's readings (in candidate order) suggest partners.
        const NEIGHBOUR_READINGS: usize = 5;
        /// At most this many readings are added.
        const MAX_ADDED: usize = 4;
        let m = self.model;
        let w = self.w;
        let fi = self.compound_form(text);
        let Candidates {
            compound_forms,
            scratch,
            prepared,
            ..
        } = self;
        let f = &mut compound_forms[fi];
        let mut best: Vec<(f32, u32)> = Vec::with_capacity(MAX_ADDED + 1);
        if f.ocr.len() > 12 {
            return Vec::new();
        }
        let err = error_rate(&w, f.keep_id, err_scale);
        let seen = &mut scratch.seen;
        seen.resize(m.vocab.len(), 0);
        scratch.stamp = scratch.stamp.wrapping_add(1);
        let stamp = scratch.stamp;
        if stamp == 0 {
            seen.iter_mut().for_each(|x| *x = 0);
        }
        for c in have {
            seen[c.ids[0] as usize] = stamp;
        }
        seen[f.keep_id as usize] = stamp;
        let mut is_prepared = false;
        for (nb, before) in neighbours {
            for c in nb.iter().take(NEIGHBOUR_READINGS) {
                let id = if before {
                    c.ids[0]
                } else {
                    c.ids[c.n as usize - 1]
                };
                for &p in m.compound_partners(id, before) {
                    if std::mem::replace(&mut seen[p as usize], stamp) == stamp {
                        continue;
                    }
                    let sk = m.skeleton_chars_of(p);
                    if sk.len() + 2 < f.shortest || sk.len() > f.longest + 2 {
                        continue;
                    }
                    // Only the cheapest few are kept (the lattice's size is the decoder's
                    // cost): a DP stops once it cannot beat the last of them.
                    let kth = if best.len() == MAX_ADDED {
                        best[MAX_ADDED - 1].0
                    } else {
                        22.0 - err.ln()
                    };
                    let dp_limit = kth + err.ln();
                    let sk_set = m.skeleton_set_of(p);
                    if !f
                        .readings
                        .iter()
                        .any(|r| r.set_bound(sk_set) <= 2 && r.distance(sk) <= 2)
                    {
                        continue;
                    }
                    let mut partner = *f.partners.entry(p).or_insert_with(|| PartnerEvidence {
                        dp: DpOutcome::Unknown,
                        near: f.own.set_bound(sk_set) <= 3 && f.own.distance(sk) <= 3,
                        compat: strip_compatible(&m.chars[p as usize], &f.ocr),
                    });
                    if partner.near && partner.dp.needs_run(dp_limit) {
                        if !is_prepared {
                            m.channel.prepare_into(&f.ocr, prepared);
                            is_prepared = true;
                        }
                        let truth = &m.chars[p as usize];
                        partner.dp = match m.channel.cost_and_exit(prepared, truth, dp_limit) {
                            Some((cost, exit)) => DpOutcome::Done { cost, exit },
                            None => DpOutcome::Above(dp_limit),
                        };
                        f.partners.insert(p, partner);
                    }
                    let cost = partner.cost(err, w.strip, dp_limit);
                    if cost < kth || (cost.is_finite() && best.len() < MAX_ADDED) {
                        let at = best.partition_point(|x| x.0 <= cost);
                        best.insert(at, (cost, p));
                        best.truncate(MAX_ADDED);
                    }
                }
            }
        }
        best.into_iter()
            .map(|(cost, p)| Cand::one(p, Some(m.spelling(p).into()), cost))
            .collect()
    }

    /// Index in `compound_forms` of what [`Candidates::compound_readings`] keeps of `text`
    /// (added on first use).
    fn compound_form(&mut self, text: &str) -> usize {
        if let Some(&i) = self.compound_at.get(text) {
            return i as usize;
        }
        let (lower, keep_id) = self.form(text, false);
        let readings: Vec<Pattern> = degarble(&lower)
            .iter()
            .map(|v| Pattern::new(&v.chars().collect::<Vec<_>>()))
            .collect();
        let (shortest, longest) = readings.iter().fold((usize::MAX, 0), |(lo, hi), r| {
            (lo.min(r.len()), hi.max(r.len()))
        });
        let i = self.compound_forms.len();
        self.compound_forms.push(CompoundForm {
            ocr: lower.chars().collect(),
            keep_id,
            own: Pattern::new(&skeleton(&lower).chars().collect::<Vec<_>>()),
            readings,
            shortest,
            longest,
            partners: FxHashMap::default(),
        });
        self.compound_at.insert(text.to_string(), i as u32);
        i
    }

    /// [`Candidates::compute`] for a token given by [`Candidates::form`].
    fn compute_form(
        &mut self,
        lower: &str,
        keep_id: u32,
        acronym: bool,
        err_scale: f32,
    ) -> Vec<Cand> {
        let m = self.model;
        let ocr: Vec<char> = lower.chars().collect();
        let w = self.w;
        let err = self.error_rate(keep_id, err_scale);
        let keep_cost = keep_cost(m, &w, lower, keep_id);
        let mut out = vec![Cand::one(keep_id, None, keep_cost)];
        // No syllable is longer than seven letters; a much longer token is a name, a run of
        // glued words or noise, and searching its edit neighbourhood would cost quadratic time.
        if ocr.len() > 12 {
            return out;
        }
        // Skeletons near the de-garbled readings: exact or one edit first; two edits only for
        // longer tokens with nothing closer (a second edit on a short token reaches too much).
        // Each comes with its distance to the nearest reading; the lists of all readings
        // together give the true minimum (a reading a skeleton is missing from is farther than
        // the edits its list was searched with).
        self.scratch.found.clear();
        let variants = degarble(lower);
        for v in &variants {
            self.add_near(v, 1);
        }
        // Some reading is itself a skeleton (distance 0 in its one-edit list).
        let close = self.scratch.found.iter().any(|&(_, d)| d == 0);
        // Undoing the channel's cheap confusions gives exact skeletons only: one edit around
        // each of them would reach most of the inventory and cost the decoder its speed. They
        // count as distance 0 (exact).
        if err > 0.1 {
            let found = &mut self.scratch.found;
            for_each_channel_variant(&m.channel, &ocr, |v| {
                if let Some(i) = m.skeleton_index(v) {
                    found.push((i, 0));
                }
            });
        }
        if !close {
            for v in &variants {
                if v.chars().count() >= 4 {
                    self.add_near(v, 2);
                }
            }
        }
        let sk_own: Vec<char> = skeleton(lower).chars().collect();
        let prepared = &mut self.prepared;
        m.channel.prepare_into(&ocr, prepared);
        // Changes dearer than this cannot beat keeping the token by any plausible LM margin.
        let cutoff = 22.0f32;
        let mut scored: Vec<(f32, u32, f32)> = Vec::new();
        let Scratch {
            found,
            pending,
            order,
            own,
            ..
        } = &mut self.scratch;
        found.sort_unstable();
        found.dedup_by_key(|x| x.0);
        own.set(&sk_own);
        // Every candidate first gets a lower bound of its pruning score (its LM unigram cost
        // plus the cheapest its channel cost could be); the edit-distance DP runs in order of
        // that bound and stops once no remaining candidate can enter the kept list.
        pending.clear();
        order.clear();
        for &(si, d_var) in found.iter() {
            let near = own.distance(m.skeleton_chars(si)) <= 3;
            for cand in m.skeleton_candidates(si) {
                let id = cand.id;
                if id == keep_id {
                    continue;
                }
                if acronym && !cand.word {
                    continue;
                }
                let truth = m.candidate_chars(cand);
                let compat = strip_compatible(truth, &ocr);
                if !near && !compat {
                    continue;
                }
                // Skeleton edits beyond the de-garbled readings each cost at least about a
                // cheap substitution; used only to order and prune the DP work, never as the
                // score.
                let lb_cost = if compat {
                    -((w.strip + err).ln())
                } else {
                    -(err.ln()) + 1.5 * d_var as f32
                };
                order.push(pending_key(lb_cost + w.lm * cand.unigram, pending.len()));
                pending.push(Pending {
                    cand: *cand,
                    compat,
                    near,
                });
            }
        }
        // The loop below rarely gets far down the list: it is put in order a chunk at a time.
        let mut sorted = 0;
        let mut kth = f32::INFINITY;
        for rank in 0..order.len() {
            if rank == sorted {
                let rest = &mut order[sorted..];
                let chunk = 32.max(self.max_dp + self.keep);
                if rest.len() > chunk {
                    rest.select_nth_unstable(chunk - 1);
                    rest[..chunk].sort_unstable();
                    sorted += chunk;
                } else {
                    rest.sort_unstable();
                    sorted = order.len();
                }
            }
            let lb = pending_lb(order[rank]);
            let Pending { cand, compat, near } = pending[order[rank] as u32 as usize];
            let id = cand.id;
            if scored.len() >= self.keep && (lb >= kth || rank >= self.max_dp) {
                break;
            }
            let truth = m.candidate_chars(&cand);
            let uni = w.lm * cand.unigram;
            let limit = (kth - uni + err.ln()).min(cutoff);
            let cost = change_cost(
                &m.channel, prepared, truth, near, compat, err, w.strip, limit,
            );
            if !cost.is_finite() {
                continue;
            }
            let prune = cost + uni;
            scored.push((prune, id, cost));
            if scored.len() >= self.keep {
                scored.sort_by(|a, b| a.0.total_cmp(&b.0));
                scored.truncate(self.keep);
                kth = scored[self.keep - 1].0;
            }
        }
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        scored.truncate(self.keep);
        // Some syllable reads as this token with its marks lost.
        if keep_id == OOV && pending.iter().any(|p| p.compat && m.is_syllable(p.cand.id)) {
            out[0].cost += UNMARKED_INVALID_KEEP_COST;
        } else if keep_id == OOV
            // A garbled document (the English model's reading): a cleaner text's unknown words
            // are names and foreign words.
            && w.err > GARBLED_ERR
            && ocr.len() >= 2
            && ocr.iter().all(char::is_ascii_lowercase)
            && !pending.iter().any(|p| p.compat)
        {
            out[0].cost += NO_SYLLABLE_KEEP_COST;
        }
        out.extend(
            scored
                .into_iter()
                .map(|(_, id, cost)| Cand::one(id, Some(m.spelling(id).into()), cost)),
        );
        out
    }

    /// Readings of one token as two glued syllables.
    pub fn splits(&mut self, text: &str) -> Vec<Cand> {
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<Cand> = Vec::new();
        if chars.len() < 5 {
            return out;
        }
        for k in 2..chars.len() - 1 {
            let a: String = chars[..k].iter().collect();
            let b: String = chars[k..].iter().collect();
            let ca = self.for_word(&a, false);
            let cb = self.for_word(&b, false);
            for x in ca.iter().take(3) {
                for y in cb.iter().take(3) {
                    if !(self.model.is_syllable(x.ids[0]) && self.model.is_syllable(y.ids[0])) {
                        continue;
                    }
                    // Each part keeps its own case: "khaiDé" is "khai Đề".
                    let cased = |part: &str, c: &Cand| match c.text.as_deref() {
                        Some(t) => crate::apply_case(part, t, false),
                        None => crate::apply_case(part, &part.to_lowercase(), false),
                    };
                    let (tx, ty) = (cased(&a, x), cased(&b, y));
                    out.push(Cand {
                        ids: [x.ids[0], y.ids[0], 0, 0],
                        n: 2,
                        text: Some(format!("{tx} {ty}").into()),
                        cost: x.cost + y.cost + self.w.split,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        out.truncate(4);
        out
    }

    /// Readings of a glued token as two to [`MAX_PARTS`] parts each printed exactly right: a syllable,
    /// or a known word in capitals ("HĐNDvà" → "HĐND và", "Ytếhuyện" → "Y tế huyện",
    /// "trụsở" → "trụ sở"). A reader with the right model keeps the marks but drops the narrow
    /// spaces of a crowded table cell; [`Candidates::splits`] searches every part's readings and
    /// so stays with long tokens and two parts, while an exact part needs one lookup.
    pub fn exact_splits(&mut self, text: &str) -> Rc<Vec<Cand>> {
        if let Some(c) = self.exact.get(text) {
            return c.clone();
        }
        let c = Rc::new(exact_splits(self.model, &self.w, text));
        self.exact.insert(text.to_string(), c.clone());
        c
    }
}

/// [`Candidates::exact_splits`], computed.
fn exact_splits(m: &Model, w: &Weights, text: &str) -> Vec<Cand> {
    /// At most this many readings are added.
    const MAX_ADDED: usize = 4;
    // Byte offsets of the char boundaries: parts are slices of `text`.
    let at: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let n = at.len() - 1;
    if !(3..=21).contains(&n) {
        return Vec::new();
    }
    // The part from char `a` to char `b`, when it is one: its id and its cost as printed. A
    // run of capitals the lexicon lacks counts as an acronym if it marks no vowel ("TThuyện"
    // is "TT huyện").
    let part = |a: usize, b: usize| -> Option<(u32, f32)> {
        let p = &text[at[a]..at[b]];
        let id = class_of(&m.vocab, p, Kind::Word);
        let capitals = p.chars().filter(|c| c.is_uppercase()).count() >= 2;
        let acronym = id == ACR && p.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ');
        (m.is_syllable(id) || id >= 4 && capitals || acronym).then(|| {
            let lower: String = p.chars().flat_map(char::to_lowercase).collect();
            (id, keep_cost(m, w, &lower, id))
        })
    };
    // The parts' texts joined by spaces, each keeping its printed case.
    let spelled = |cuts: &[usize]| -> Rc<str> {
        let mut t = String::with_capacity(text.len() + 2);
        for win in cuts.windows(2) {
            if !t.is_empty() {
                t.push(' ');
            }
            t.push_str(&text[at[win[0]]..at[win[1]]]);
        }
        t.into()
    };
    // Every part from each start (one lookup per substring), then every way to cut the token
    // into at most `MAX_PARTS` of them.
    let starts: Vec<Vec<(usize, u32, f32)>> = (0..n)
        .map(|a| {
            (a + 1..=n)
                .filter_map(|b| part(a, b).map(|(id, cost)| (b, id, cost)))
                .collect()
        })
        .collect();
    /// A way to cut the token: where each part ends, the parts' ids and their costs' sum.
    struct Cut {
        ends: Vec<usize>,
        ids: Vec<u32>,
        cost: f32,
    }
    /// Every way to finish the cut begun by `ends` and `ids` (its parts' costs summing to
    /// `cost`) with parts from where it ends.
    fn walk(
        starts: &[Vec<(usize, u32, f32)>],
        n: usize,
        ends: &mut Vec<usize>,
        ids: &mut Vec<u32>,
        cost: f32,
        found: &mut Vec<Cut>,
    ) {
        let at = *ends.last().unwrap_or(&0);
        if at == n {
            if ids.len() >= 2 {
                found.push(Cut {
                    ends: ends.clone(),
                    ids: ids.clone(),
                    cost,
                });
            }
            return;
        }
        if ids.len() == MAX_PARTS {
            return;
        }
        for &(b, id, c) in &starts[at] {
            ends.push(b);
            ids.push(id);
            walk(starts, n, ends, ids, cost + c, found);
            ends.pop();
            ids.pop();
        }
    }
    let mut found = Vec::new();
    walk(
        &starts,
        n,
        &mut Vec::new(),
        &mut Vec::new(),
        0.0,
        &mut found,
    );
    let mut out: Vec<Cand> = found
        .into_iter()
        .map(|cut| {
            let mut ids = [0u32; MAX_PARTS];
            ids[..cut.ids.len()].copy_from_slice(&cut.ids);
            let cuts: Vec<usize> = std::iter::once(0).chain(cut.ends).collect();
            Cand {
                ids,
                n: cut.ids.len() as u8,
                text: Some(spelled(&cuts)),
                cost: cut.cost + (cut.ids.len() - 1) as f32 * EXACT_SPLIT_COST,
            }
        })
        .collect();
    out.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    out.truncate(MAX_ADDED);
    out
}

/// A position of the decoding lattice.
#[derive(Debug, Clone)]
pub struct Slot {
    pub cands: Rc<Vec<Cand>>,
    /// Candidates for this slot merged with the next one.
    pub merged: Option<Rc<Vec<Cand>>>,
    pub word: bool,
}

#[derive(Debug, Clone, Copy)]
struct St {
    prev: u32,
    last: u32,
    score: f32,
    /// How it was reached: see [`Back`].
    back: Back,
}

/// The edge that led to a state: from state `from_state` of the node `span` slots back (1 or
/// 2), reading candidate `cand` of that edge. All the trace back needs of a kept state.
#[derive(Debug, Clone, Copy)]
struct Back {
    from_state: u16,
    cand: u16,
    span: u8,
}

/// Chosen path: per slot, (span, candidate index) for slots starting an edge; `None` for a slot
/// covered by the previous merge.
pub type Path = Vec<Option<(u8, u16)>>;

/// Index of one lattice node's states by LM state key: open addressing in a table that is
/// emptied by bumping a generation stamp (the decoder empties one per slot).
struct StateIndex {
    /// (key, state position, generation); a slot is used when its generation is current
    /// (never 0, the generation of fresh slots).
    slots: Vec<(u64, u32, u32)>,
    gen: u32,
    len: usize,
}

impl Default for StateIndex {
    fn default() -> Self {
        StateIndex {
            slots: Vec::new(),
            gen: 1,
            len: 0,
        }
    }
}

impl StateIndex {
    fn clear(&mut self) {
        self.len = 0;
        self.gen = self.gen.wrapping_add(1);
        if self.gen == 0 {
            self.slots.iter_mut().for_each(|s| s.2 = 0);
            self.gen = 1;
        }
    }

    /// The position stored under `key`, or None after storing `pos` under it.
    #[inline]
    fn find_or_insert(&mut self, key: u64, pos: u32) -> Option<u32> {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask;
        loop {
            let s = &mut self.slots[i];
            if s.2 != self.gen {
                *s = (key, pos, self.gen);
                self.len += 1;
                return None;
            }
            if s.0 == key {
                return Some(s.1);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![(0, 0, 0); (old.len() * 2).max(64)];
        self.len = 0;
        for s in old {
            if s.2 == self.gen {
                self.find_or_insert(s.0, s.1);
            }
        }
    }
}

/// Keeps the `beam` best states in the order a stable sort by score would give them.
fn keep_best(states: &[St], beam: usize, out: &mut Vec<St>) {
    out.clear();
    if beam == 0 {
        return;
    }
    for s in states {
        if out.len() == beam && s.score.total_cmp(&out[beam - 1].score).is_ge() {
            continue;
        }
        let pos = out.partition_point(|x| x.score.total_cmp(&s.score).is_le());
        if out.len() == beam {
            out.pop();
        }
        out.insert(pos, *s);
    }
}

/// The `beam` lowest scores offered for distinct states of one lattice node: an upper bound
/// on the score a state needs to survive pruning there. States only get cheaper as more edges
/// reach them, so a score above the bound cannot be among the `beam` best when the node is
/// pruned, and the edge that would give it need not be scored any further.
struct Bound {
    /// Ascending, at most `beam` long.
    best: Vec<f32>,
    beam: usize,
    /// The bound: `best[beam - 1]`, infinite until `beam` states were offered.
    limit: f32,
}

impl Default for Bound {
    fn default() -> Self {
        Bound {
            best: Vec::new(),
            beam: 0,
            limit: f32::INFINITY,
        }
    }
}

impl Bound {
    fn reset(&mut self, beam: usize) {
        self.best.clear();
        self.beam = beam;
        self.limit = f32::INFINITY;
    }

    /// Records the score of a state seen for the first time.
    #[inline]
    fn offer(&mut self, score: f32) {
        if self.beam == 0 || score >= self.limit {
            return;
        }
        if self.best.len() == self.beam {
            self.best.pop();
        }
        let pos = self.best.partition_point(|&x| x <= score);
        self.best.insert(pos, score);
        if self.best.len() == self.beam {
            self.limit = self.best[self.beam - 1];
        }
    }
}

/// Syllable pairs a first decoding of the document chose, for a second: a plan repeats its
/// phrases ("trật tự, an toàn" on many lines), and where one mention is too damaged for the
/// language model to settle ("vi pham trit tw"), the mentions it did settle are the best
/// evidence there is. Each slot's own pair from the first decoding is left out of what it
/// sees, so a choice never supports itself.
#[derive(Debug, Clone, Default)]
pub struct DocCache {
    pairs: FxHashMap<u64, u32>,
    /// Per slot, the pair that entered it in the first decoding.
    own: Vec<Option<u64>>,
    /// Reward (nats) for an edge whose pair the rest of the document chose.
    pub bonus: f32,
}

impl DocCache {
    /// The pairs of `path` over `slots` (emitted ids of known syllables and words).
    pub fn from_path(slots: &[Slot], path: &Path, start: u32, bonus: f32) -> DocCache {
        let mut pairs: FxHashMap<u64, u32> = FxHashMap::default();
        let mut own = vec![None; slots.len()];
        let mut prev = start;
        for (i, step) in path.iter().enumerate() {
            let Some((span, ci)) = *step else {
                continue;
            };
            let c = if span == 2 {
                &slots[i]
                    .merged
                    .as_ref()
                    .expect("a merge edge has candidates")[ci as usize]
            } else {
                &slots[i].cands[ci as usize]
            };
            for &id in &c.ids[..c.n as usize] {
                if prev >= 4 && id >= 4 {
                    let key = crate::model::pair_key(prev, id);
                    *pairs.entry(key).or_default() += 1;
                    if own[i].is_none() {
                        own[i] = Some(key);
                    }
                }
                prev = id;
            }
        }
        DocCache { pairs, own, bonus }
    }

    /// Whether the rest of the document chose the pair `(a, b)` entering slot `i`.
    #[inline]
    fn supports(&self, i: usize, a: u32, b: u32) -> bool {
        let key = crate::model::pair_key(a, b);
        let n = self.pairs.get(&key).copied().unwrap_or(0);
        n > u32::from(self.own[i] == Some(key))
    }
}

/// Trigram costs (`cost3` of a state's context and a candidate's first id) a decoding looked
/// up, kept for a second decoding of the same slots: the second differs from the first only
/// by the [`DocCache`] reward, so its beams hold mostly the same states and would look the
/// same costs up again (hash probes into large tables, most of a decoding's time).
#[derive(Debug, Default)]
pub struct LmMemo {
    /// Per node, where its states start in `keys` and their rows in `costs`.
    at: Vec<(u32, u32)>,
    /// LM state keys (`prev << 32 | last`) of the states kept at each node.
    keys: Vec<u64>,
    /// Per kept state, one cost per candidate of the node's edges (flattened); NaN where the
    /// first decoding did not look it up.
    costs: Vec<f32>,
}

impl LmMemo {
    /// The row of costs of the state `key` at node `i` (its position in `costs`), if the
    /// recording decoding kept it there.
    fn row(&self, i: usize, key: u64, k_all: usize) -> Option<usize> {
        let (ks, cs) = self.at[i];
        let ke = self.at.get(i + 1).map_or(self.keys.len(), |a| a.0 as usize);
        let j = self.keys[ks as usize..ke].iter().position(|&k| k == key)?;
        Some(cs as usize + j * k_all)
    }
}

/// What a decoding does with an [`LmMemo`].
pub enum Memo<'a> {
    None,
    /// Fill it (from empty).
    Record(&'a mut LmMemo),
    /// Read it (filled by a decoding of the same slots).
    Replay(&'a LmMemo),
}

/// Beam Viterbi over the slots, starting from LM state `start`.
///
/// Bigram costs depend on a state's last syllable only, and beam states often share it (they
/// differ in the syllable before): they are looked up at most once per distinct last syllable
/// and candidate. The trigram table is consulted only for contexts that start a trigram at
/// all. An edge whose state score plus candidate cost plus the least language-model cost of
/// the candidate in any context ([`crate::lm::Lm::min_cost_to`]) already exceeds the target
/// node's [`Bound`] is dropped before any lookup: states are expanded best first, and most
/// edges of the later ones end there.
///
/// With a `cache`, edges whose pair the rest of the document chose are rewarded. With a
/// `memo`, the trigram costs looked up are recorded, or replayed from a decoding of the same
/// slots (the path is the same either way).
pub fn viterbi_memo(
    model: &Model,
    w: &Weights,
    slots: &[Slot],
    start: u32,
    beam: usize,
    cache: Option<&DocCache>,
    mut memo: Memo,
) -> Path {
    let lm = &model.lm;
    let n = slots.len();
    if n == 0 {
        return Vec::new();
    }
    // States reaching nodes i, i+1 and i+2 while node i is expanded (node j receives edges
    // only from j-1 and j-2), with their dedupe indexes and bounds: buffers reused around the
    // ring.
    let mut open: [Vec<St>; 3] = Default::default();
    let mut index: [StateIndex; 3] = Default::default();
    let mut bound: [Bound; 3] = Default::default();
    open[0].push(St {
        prev: BOS,
        last: start,
        score: 0.0,
        back: Back {
            from_state: 0,
            cand: 0,
            span: 0,
        },
    });
    // States are numbered within their node by a u16.
    let beam = beam.min(1 << 16);
    bound.iter_mut().for_each(|b| b.reset(beam));
    // How the states kept at every node were reached, for the trace back: node i's are
    // `kept[kept_at[i]..kept_at[i + 1]]`.
    let mut kept: Vec<Back> = Vec::with_capacity(n * beam.min(8) + 1);
    let mut kept_at: Vec<usize> = Vec::with_capacity(n + 2);
    let mut lasts: Vec<u32> = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    // Per distinct last syllable and candidate (edges flattened): cost(last, first id), NaN
    // until needed.
    let mut bigram: Vec<f32> = Vec::new();
    let mut states: Vec<St> = Vec::with_capacity(beam);
    // Lower bound of what a compound reward can take off an edge's score.
    let reward =
        if w.compound > 0.0 { w.compound } else { 0.0 } + cache.map_or(0.0, |c| c.bonus.max(0.0));
    if let Memo::Record(rec) = &mut memo {
        // Grown once: at most `beam` states per node, a row of costs per state.
        let edges: usize = slots
            .iter()
            .map(|s| s.cands.len() + s.merged.as_ref().map_or(0, |m| m.len()))
            .sum();
        let per_node = beam.min(8);
        rec.at.reserve(n);
        rec.keys.reserve(n * per_node);
        rec.costs.reserve(edges * per_node);
    }
    for i in 0..n {
        // Prune node i.
        keep_best(&open[i % 3], beam, &mut states);
        open[i % 3].clear();
        index[(i + 2) % 3].clear();
        bound[(i + 2) % 3].reset(beam);
        kept_at.push(kept.len());
        kept.extend(states.iter().map(|s| s.back));
        let mut edges: [(usize, u8, &[Cand]); 2] = [(i + 1, 1, &slots[i].cands[..]), (0, 0, &[])];
        if let Some(m) = &slots[i].merged {
            if i + 2 <= n {
                edges[1] = (i + 2, 2, &m[..]);
            }
        }
        let k_all = edges[0].2.len() + edges[1].2.len();
        // The cheapest candidate of each edge: a state whose score plus it exceeds the bound
        // reaches nothing through that edge.
        let cheapest = edges.map(|e| e.2.iter().map(|c| c.cost).fold(f32::INFINITY, f32::min));
        lasts.clear();
        group.clear();
        for s in &states {
            match lasts.iter().position(|&l| l == s.last) {
                Some(g) => group.push(g),
                None => {
                    group.push(lasts.len());
                    lasts.push(s.last);
                }
            }
        }
        bigram.clear();
        bigram.resize(lasts.len() * k_all, f32::NAN);
        if let Memo::Record(rec) = &mut memo {
            rec.at.push((rec.keys.len() as u32, rec.costs.len() as u32));
            rec.keys.extend(
                states
                    .iter()
                    .map(|s| ((s.prev as u64) << 32) | s.last as u64),
            );
            rec.costs
                .resize(rec.costs.len() + states.len() * k_all, f32::NAN);
        }
        for (si, s) in states.iter().enumerate() {
            let spent = |e: usize| {
                edges[e].2.is_empty()
                    || s.score + cheapest[e] - reward > bound[edges[e].0 % 3].limit
            };
            if spent(0) && spent(1) {
                // Later states score no better.
                break;
            }
            let mut context = None;
            let mut k = group[si] * k_all;
            let key = ((s.prev as u64) << 32) | s.last as u64;
            // This state's row of recorded (or replayed) trigram costs.
            let row = match &memo {
                Memo::None => None,
                Memo::Record(rec) => Some(rec.at[i].1 as usize + si * k_all),
                Memo::Replay(rec) => rec.row(i, key, k_all),
            };
            let mut flat = 0;
            for &(j, span, cands) in &edges {
                let node = &mut open[j % 3];
                let (index, bound) = (&mut index[j % 3], &mut bound[j % 3]);
                for (ci, c) in cands.iter().enumerate() {
                    let at = k;
                    k += 1;
                    let cell = row.map(|r| r + flat);
                    flat += 1;
                    let least = s.score + c.cost + w.lm * lm.min_cost_to(c.ids[0]);
                    if least - reward > bound.limit {
                        continue;
                    }
                    let replayed = match (&memo, cell) {
                        (Memo::Replay(rec), Some(cell)) => rec.costs[cell],
                        _ => f32::NAN,
                    };
                    let c3 = if replayed.is_nan() {
                        if bigram[at].is_nan() {
                            bigram[at] = lm.cost(s.last, c.ids[0]);
                        }
                        let context = *context.get_or_insert_with(|| lm.context(s.prev, s.last));
                        let c3 = lm.cost3_in(s.prev, s.last, c.ids[0], context, bigram[at]);
                        if let (Memo::Record(rec), Some(cell)) = (&mut memo, cell) {
                            rec.costs[cell] = c3;
                        }
                        c3
                    } else {
                        replayed
                    };
                    let mut sc = s.score + c.cost + w.lm * c3;
                    if w.compound > 0.0
                        && model
                            .compounds
                            .contains(&crate::model::pair_key(s.last, c.ids[0]))
                    {
                        sc -= w.compound;
                    }
                    if let Some(dc) = cache {
                        // An edge the reward cannot bring under the bound needs no lookup.
                        if sc - dc.bonus.max(0.0) > bound.limit {
                            continue;
                        }
                        if dc.supports(i, s.last, c.ids[0]) {
                            sc -= dc.bonus;
                        }
                    }
                    let (mut prev, mut last) = (s.last, c.ids[0]);
                    for &id in &c.ids[1..c.n as usize] {
                        sc += w.lm * lm.cost3(prev, last, id);
                        (prev, last) = (last, id);
                    }
                    if sc > bound.limit {
                        continue;
                    }
                    let next_key = ((prev as u64) << 32) | last as u64;
                    let st = St {
                        prev,
                        last,
                        score: sc,
                        back: Back {
                            from_state: si as u16,
                            cand: ci as u16,
                            span,
                        },
                    };
                    match index.find_or_insert(next_key, node.len() as u32) {
                        Some(p) => {
                            if node[p as usize].score > sc {
                                node[p as usize] = st;
                            }
                        }
                        None => {
                            node.push(st);
                            bound.offer(sc);
                        }
                    }
                }
            }
        }
    }
    kept_at.push(kept.len());
    let mut path: Path = vec![None; n];
    let last_node = &open[n % 3];
    let Some((mut k, _)) = last_node
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.score.total_cmp(&b.1.score))
    else {
        return path;
    };
    let mut node = n;
    let mut back = last_node[k].back;
    loop {
        let from = node - back.span as usize;
        path[from] = Some((back.span, back.cand));
        k = back.from_state as usize;
        if from == 0 {
            break;
        }
        back = kept[kept_at[from] + k];
        node = from;
    }
    path
}

/// Last LM id of a path (the state to carry to the next block).
pub fn last_id(slots: &[Slot], path: &Path) -> u32 {
    for (i, p) in path.iter().enumerate().rev() {
        if let Some((span, c)) = p {
            let cands = if *span == 2 {
                slots[i].merged.as_ref().unwrap()
            } else {
                &slots[i].cands
            };
            let c = &cands[*c as usize];
            return c.ids[(c.n - 1) as usize];
        }
    }
    BOS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_cache_counts_the_other_mentions_of_a_pair_only() {
        let cand = |id: u32| Cand::one(id, None, 0.0);
        let slot = |ids: &[u32]| Slot {
            cands: Rc::new(ids.iter().map(|&i| cand(i)).collect()),
            merged: None,
            word: true,
        };
        // Chosen: 10 20 10 20 (candidate 0 everywhere): (10, 20) twice, (20, 10) once.
        let slots = vec![slot(&[10, 11]), slot(&[20, 21]), slot(&[10]), slot(&[20])];
        let path: Path = vec![Some((1, 0)); 4];
        let dc = DocCache::from_path(&slots, &path, BOS, 2.0);
        assert!(dc.supports(1, 10, 20) && dc.supports(3, 10, 20));
        // Its only mention is the slot's own choice.
        assert!(!dc.supports(2, 20, 10));
        assert!(dc.supports(2, 10, 20));
        assert!(!dc.supports(1, 11, 20));
    }

    #[test]
    fn a_glued_token_reads_as_its_exactly_printed_parts() {
        let r = crate::Restorer::from_training(&["Trung tâm Y tế huyện, HĐND và UBND xã."]);
        let mut c = Candidates::new(&r.model, Weights::default());
        let texts = |c: &mut Candidates, w: &str| -> Vec<String> {
            c.exact_splits(w)
                .iter()
                .map(|x| x.text.as_deref().unwrap().to_string())
                .collect()
        };
        assert!(texts(&mut c, "Ytếhuyện").contains(&"Y tế huyện".to_string()));
        assert!(texts(&mut c, "HĐNDvà").contains(&"HĐND và".to_string()));
        assert!(texts(&mut c, "trụsở").contains(&"trụ sở".to_string()));
        // An acronym the lexicon lacks, in capitals without a marked vowel.
        assert!(texts(&mut c, "TThuyện").contains(&"TT huyện".to_string()));
        assert!(!texts(&mut c, "ỦBhuyện").contains(&"ỦB huyện".to_string()));
        // Parts must each spell a syllable or a known word in capitals.
        assert!(texts(&mut c, "hđndvà").is_empty());
        // Up to four parts.
        assert!(texts(&mut c, "Trungtâmytếhuyện").is_empty());
        assert!(texts(&mut c, "tâmytếhuyện").contains(&"tâm y tế huyện".to_string()));
        let four = c.exact_splits("tâmytếhuyện");
        assert!(four
            .iter()
            .all(|x| (2..=MAX_PARTS).contains(&(x.n as usize))));
    }

    #[test]
    fn keeping_a_syllable_that_lost_its_marks_costs_more_than_keeping_a_name() {
        let r = crate::Restorer::from_training(&["Công an huyện triển khai thực hiện."]);
        let mut c = Candidates::new(&r.model, Weights::default());
        // "tiem" is "tiêm" (and others) without marks; "xyz" is no syllable at all.
        let keep = |c: &mut Candidates, w: &str| c.for_word(w, false)[0].cost;
        let (tiem, xyz) = (keep(&mut c, "tiem"), keep(&mut c, "xyz"));
        assert!(
            (tiem - xyz - UNMARKED_INVALID_KEEP_COST).abs() < 1e-4,
            "{tiem} {xyz}"
        );
        assert_eq!(c.for_word("tiem", false)[0].ids[0], OOV);
    }

    #[test]
    fn compound_readings_reach_a_rare_syllable_its_neighbour_makes_likely() {
        // "trit tự": "tự" after the token makes "trật" (of "trật tự") a reading; readings the
        // token already has are not repeated.
        let r = crate::Restorer::from_training(&["Công an huyện triển khai thực hiện."]);
        let mut c = Candidates::new(&r.model, Weights::default());
        let next = c.for_word("tự", false);
        let extra = c.compound_readings("trit", 1.0, [(&next[..], true), (&[], false)], &[]);
        let trat = extra.iter().find(|x| x.text.as_deref() == Some("trật"));
        assert!(trat.is_some_and(|x| x.cost.is_finite()), "{extra:?}");
        assert!(extra.len() <= 4);
        let again = c.compound_readings("trit", 1.0, [(&next[..], true), (&[], false)], &extra);
        assert!(!again.iter().any(|x| x.text.as_deref() == Some("trật")));
        let alone = c.compound_readings("trit", 1.0, [(&[], true), (&[], false)], &[]);
        assert!(alone.is_empty());
    }

    #[test]
    fn replace_pair_is_str_replace() {
        for s in [
            "", "i", "ir", "iir", "irir", "iiii", "chirc", "rnrn", "xirnx", "ờirờ", "ii",
        ] {
            for (p, to) in [(b"ir", 'u'), (b"ii", 'u'), (b"rn", 'm')] {
                let want = s.replace(std::str::from_utf8(p).unwrap(), &to.to_string());
                assert_eq!(replace_pair(Cow::Borrowed(s), p, to), want, "{s}");
            }
        }
    }

    #[test]
    fn degarble_maps_lookalikes() {
        assert!(degarble("m6").contains(&"mo".to_string()));
        assert!(degarble("chirc").contains(&"chuc".to_string()));
        assert!(degarble("ciia").contains(&"cua".to_string()));
        assert!(degarble("1y").contains(&"iy".to_string()));
        assert!(degarble("s¢'").contains(&"so".to_string()));
    }

    #[test]
    fn keep_best_is_a_stable_sort_cut_to_the_beam() {
        let st = |score: f32, cand: u16| St {
            prev: 0,
            last: 0,
            score,
            back: Back {
                from_state: 0,
                cand,
                span: 1,
            },
        };
        let scores = [3.0, 1.0, 2.0, 1.0, f32::INFINITY, 0.5, 2.0, 1.0, 3.0, 0.5];
        let states: Vec<St> = scores
            .iter()
            .enumerate()
            .map(|(k, &s)| st(s, k as u16))
            .collect();
        for beam in 0..12 {
            let mut want = states.clone();
            want.sort_by(|a, b| a.score.total_cmp(&b.score));
            want.truncate(beam);
            let mut got = Vec::new();
            keep_best(&states, beam, &mut got);
            let ids = |v: &[St]| v.iter().map(|s| s.back.cand).collect::<Vec<_>>();
            assert_eq!(ids(&got), ids(&want), "beam {beam}");
        }
    }

    #[test]
    fn pending_keys_order_like_total_cmp_then_position() {
        let lbs = [3.5, -0.0, 0.0, -2.0, f32::INFINITY, 1e-30, -1e30, 3.5, 0.0];
        let mut keys: Vec<u64> = lbs
            .iter()
            .enumerate()
            .map(|(k, &lb)| pending_key(lb, k))
            .collect();
        keys.sort_unstable();
        let mut want: Vec<usize> = (0..lbs.len()).collect();
        want.sort_by(|&a, &b| lbs[a].total_cmp(&lbs[b]));
        let got: Vec<usize> = keys.iter().map(|&k| k as u32 as usize).collect();
        assert_eq!(got, want);
        for (&k, &i) in keys.iter().zip(&got) {
            assert_eq!(pending_lb(k).to_bits(), lbs[i].to_bits());
        }
    }

    #[test]
    fn state_index_finds_what_it_stored_until_cleared() {
        let mut ix = StateIndex::default();
        for round in 0..3u64 {
            for k in 0..500u64 {
                assert_eq!(ix.find_or_insert(k * 7919 + round, k as u32), None);
            }
            for k in 0..500u64 {
                assert_eq!(ix.find_or_insert(k * 7919 + round, 0), Some(k as u32));
            }
            ix.clear();
        }
    }

    #[test]
    fn strip_compat() {
        let t: Vec<char> = "hiện".chars().collect();
        assert!(strip_compatible(&t, &"hien".chars().collect::<Vec<_>>()));
        assert!(strip_compatible(&t, &"hiên".chars().collect::<Vec<_>>()));
        assert!(!strip_compatible(&t, &"hién".chars().collect::<Vec<_>>()));
    }
}
