//! The restoration model: vocabulary, candidate index, language model and channel in one place.
//!
//! Building it takes the syllable inventory (rules), the generic word list, the domain lexicon
//! and chosen training texts. Everything is built in memory at start-up from compact text files
//! so cross-validation can rebuild it without the document under test at no extra cost.

use crate::channel::ChannelModel;
use crate::inventory;
use crate::lm::{Lm, LmCounts};
use crate::tokenize::{tokenize_line, Kind};
use kehoach_core::text::nfc;
use rustc_hash::{FxHashMap, FxHashSet};

/// Sentence start.
pub const BOS: u32 = 0;
/// Any number.
pub const NUM: u32 = 1;
/// An acronym or code not in the vocabulary.
pub const ACR: u32 = 2;
/// A lowercase word that is neither a syllable nor a known word.
pub const OOV: u32 = 3;
const SPECIALS: usize = 4;

/// How much a word-list compound's pair counts as a context of its second syllable in the
/// language model's continuation distribution (running text: 1). At 1, syllables common in
/// dictionary compounds and rare in plans outranked frequent words ("dạ" over "đã", "tài" over
/// "tại"). Held-out rows at 1, 0.3, 0.2, 0.1, 0.03 and 0 (restore.md): every row rose as it
/// fell; 0.03 and 0 tie on the 003 rows (393.0 summed), 0 is kept as the simpler statement.
const DICTIONARY_CONTEXT_WEIGHT: f64 = 0.0;

/// How many sentences of running text a multi-word domain entry ("Sở Thông tin và Truyền
/// thông") counts as in the language model: every plan names such agencies, more often than
/// the two training plans can show. 1, 2, 4 and 8 tried on the 003 rows (which choose
/// parameters): 003 stripped 98.19 → 98.30 → 98.35 → 98.34 % (8 also breaks one more token),
/// 003 broken font 99.24 → 99.23 % from 2 on, 003 two fonts 98.20 % up to 4, 98.17 % at 8.
const DOMAIN_PHRASE_WEIGHT: f64 = 4.0;

/// Pseudo-count pulling a word's next-word capital rate towards the average ([`Model::cap_next`]).
const CAP_PRIOR: f64 = 4.0;

/// Whether a word starts with a capital letter.
fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// What an id stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Special,
    /// A syllable of the orthography (lowercase, canonical tone).
    Syllable,
    /// A known non-syllable word: domain lexicon or training text (surface kept exactly).
    Word,
}

/// Vocabulary of ids.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    map: FxHashMap<String, u32>,
    pub strs: Vec<String>,
    pub entry: Vec<Entry>,
}

impl Vocab {
    fn add(&mut self, s: &str, e: Entry) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.strs.len() as u32;
        self.map.insert(s.to_string(), id);
        self.strs.push(s.to_string());
        self.entry.push(e);
        id
    }

    /// Id of an exact key.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.map.get(s).copied()
    }

    pub fn len(&self) -> usize {
        self.strs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strs.is_empty()
    }
}

/// NFC form, borrowing when the text already is NFC (the committed dictionaries are).
fn nfc_cow(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(nfc(s)),
    }
}

/// Key under which a word is looked up: lowercase with canonical tone for syllables; known
/// non-syllable words are keyed by their lowercase form too and keep their surface separately.
pub fn lookup_key(s: &str) -> String {
    crate::fast::lookup_key(s)
}

/// The ASCII skeleton of a word: no marks, lowercase ("Đề" → "de").
pub fn skeleton(s: &str) -> String {
    crate::fast::skeleton(s)
}

/// Training and lexicon sources for a model.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// Clean Vietnamese running text (LM training).
    pub texts: Vec<&'a str>,
    /// Word list, one word or compound per line (syllables separated by spaces).
    pub word_list: &'a str,
    /// Domain lexicon, one surface form per line, '#' comments.
    pub domain: &'a str,
    /// Channel tables (`truth\tocr\tcount`), merged in order.
    pub channel_tables: Vec<&'a str>,
}

/// Everything restoration needs.
#[derive(Debug, Clone)]
pub struct Model {
    pub vocab: Vocab,
    /// Surface form of known words (domain case), by id.
    pub surface: FxHashMap<u32, String>,
    pub lm: Lm,
    pub channel: ChannelModel,
    /// Skeleton → ids.
    pub by_skeleton: FxHashMap<String, Vec<u32>>,
    /// SymSpell deletion index: hash of a skeleton with up to two letters deleted → entries
    /// `(letters deleted << DEL_SHIFT) | skeleton index`, sorted (fewest deletions first).
    /// Keys are hashes, not strings, so a lookup allocates nothing; a collision only adds a
    /// candidate that verification removes (see [`Model::near_skeletons`]).
    deletes: FxHashMap<u64, Vec<u32>>,
    skeletons: Vec<String>,
    /// Skeleton string → its index in `skeletons`.
    skeleton_at: FxHashMap<String, u32>,
    skeleton_chars: Vec<Vec<char>>,
    /// [`crate::edit::char_set`] of each skeleton: most compound partners of a token are
    /// too far from its readings by their letters alone, which two popcounts tell before a
    /// distance.
    skeleton_sets: Vec<u32>,
    /// Ids spelled by each skeleton (indexed like `skeletons`).
    skeleton_ids: Vec<Vec<u32>>,
    /// Index in `skeletons` of each id's skeleton (`u32::MAX` for the special ids).
    skeleton_of: Vec<u32>,
    /// The attested ids of each skeleton, in `skeleton_ids` order, with what candidate
    /// generation reads of them: skeleton i's are `candidates[candidates_at[i]..
    /// candidates_at[i + 1]]`. Contiguous, unlike the per-id tables they copy.
    candidates_at: Vec<u32>,
    candidates: Vec<SkeletonCandidate>,
    /// Spellings of `candidates`, laid out in the same order.
    candidate_chars: Vec<char>,
    /// Lowercase spelling of every id as chars (what the channel compares).
    pub chars: Vec<Vec<char>>,
    /// Relative frequency of each letter (case-sensitive) in the training text.
    pub letter_freq: FxHashMap<char, f64>,
    /// Ids of syllables seen in the training text or word list (the rest are only possible).
    pub attested: FxHashSet<u32>,
    /// Syllable pairs that form a word of the word list ("viễn thông"): a lexical feature the
    /// decoder rewards on top of the LM, which sees the list only as type counts.
    pub compounds: FxHashSet<u64>,
    /// The same pairs as adjacency lists: the attested syllables that start a compound ending
    /// in an id, and those that end a compound starting with it (see
    /// [`Model::compound_partners`]).
    compound_before: FxHashMap<u32, Vec<u32>>,
    compound_after: FxHashMap<u32, Vec<u32>>,
    /// `attested` as a flag per id (the hot path's membership test).
    pub attested_flag: Vec<bool>,
    /// Per id, how likely the next word of the same line starts with a capital in training
    /// text ("tại Cụm", "tại UBND": a place or agency follows "tại" far more often than
    /// "tài"), smoothed towards `cap_rate`, the rate after any word. The language model is
    /// case-blind; the capital of the next word is evidence it cannot use.
    pub cap_next: Vec<f32>,
    /// Per id, how likely the word itself starts with a capital inside a line of training text
    /// ("Sở" of "Văn phòng Sở" far more often than "số"), smoothed the same way.
    pub cap_self: Vec<f32>,
    pub cap_rate: f32,
    /// Codes of letters and digits in the domain lexicon ("C06", "PC06"): the language model
    /// sees them as one class, so the gap decoder needs their spellings to read a code whose
    /// letters a font lost (" 06" for "C06").
    pub codes: Vec<String>,
}

/// An attested id reached through its skeleton (see [`Model::skeleton_candidates`]).
#[derive(Debug, Clone, Copy)]
pub struct SkeletonCandidate {
    pub id: u32,
    /// `lm.unigram(id)`.
    pub unigram: f32,
    /// A known non-syllable word (`Entry::Word`).
    pub word: bool,
    /// Its spelling `chars[id]` is `candidate_chars[at..at + len]`.
    at: u32,
    len: u32,
}

/// Token class id for the LM: a syllable/known word id or a special class.
pub fn class_of(vocab: &Vocab, text: &str, kind: Kind) -> u32 {
    match kind {
        Kind::Num => NUM,
        Kind::Code => ACR,
        Kind::Word => {
            if let Some(id) = vocab.get(&lookup_key(text)) {
                return id;
            }
            // Digits inside a word token are OCR garble ("b6"), not a code: codes were
            // classified as such by the tokenizer.
            let uppers = text.chars().filter(|c| c.is_uppercase()).count();
            let garbled = text.chars().any(|c| !c.is_alphabetic());
            if uppers >= 2 && !garbled {
                ACR
            } else {
                OOV
            }
        }
    }
}

/// Hash of a char sequence (a key of the deletion index).
#[inline]
fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0;
    for c in chars {
        h = (h.rotate_left(5) ^ c as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

/// Calls `f` with the hash of `s` and of every string made by deleting up to `max` (at most 2)
/// of its chars, never down to the empty string (SymSpell's deletion neighbourhood; a string
/// may be reported more than once), with the number of chars deleted.
fn for_each_deletion(s: &[char], max: usize, mut f: impl FnMut(u64, usize)) {
    let n = s.len();
    f(hash_chars(s.iter().copied()), 0);
    if max == 0 || n <= 1 {
        return;
    }
    for i in 0..n {
        let one = || s.iter().enumerate().filter(move |e| e.0 != i).map(|e| *e.1);
        f(hash_chars(one()), 1);
        if max >= 2 && n > 2 {
            for j in i + 1..n {
                let two = s
                    .iter()
                    .enumerate()
                    .filter(|e| e.0 != i && e.0 != j)
                    .map(|e| *e.1);
                f(hash_chars(two), 2);
            }
        }
    }
}

/// Bit position of the deletion count in an entry of the deletion index.
const DEL_SHIFT: u32 = 30;

/// Scratch of [`Model::near_skeletons`].
#[derive(Debug, Clone, Default)]
pub struct NearScratch {
    pattern: crate::edit::Pattern,
    /// Per skeleton, the query number that last looked at it (candidates repeat across keys).
    seen: Vec<u32>,
    query: u32,
}

/// Key of an ordered id pair.
#[inline]
pub fn pair_key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// The skeleton side of the candidate index ([`Model::build`]): which ids share a mark-free
/// spelling, the deletion index over those spellings, and every id's letters.
struct SkeletonIndex {
    by_skeleton: FxHashMap<String, Vec<u32>>,
    skeletons: Vec<String>,
    skeleton_chars: Vec<Vec<char>>,
    skeleton_sets: Vec<u32>,
    deletes: FxHashMap<u64, Vec<u32>>,
    skeleton_at: FxHashMap<String, u32>,
    skeleton_ids: Vec<Vec<u32>>,
    chars: Vec<Vec<char>>,
    skeleton_of: Vec<u32>,
}

impl SkeletonIndex {
    fn build(vocab: &Vocab, surface: &FxHashMap<u32, String>) -> SkeletonIndex {
        let mut by_skeleton: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for id in SPECIALS as u32..vocab.len() as u32 {
            let key = match vocab.entry[id as usize] {
                Entry::Word => skeleton(surface.get(&id).unwrap_or(&vocab.strs[id as usize])),
                _ => skeleton(&vocab.strs[id as usize]),
            };
            by_skeleton.entry(key).or_default().push(id);
        }
        let mut skeletons: Vec<String> = by_skeleton.keys().cloned().collect();
        skeletons.sort();
        let skeleton_chars: Vec<Vec<char>> =
            skeletons.iter().map(|s| s.chars().collect()).collect();
        let skeleton_sets = skeleton_chars
            .iter()
            .map(|s| crate::edit::char_set(s))
            .collect();
        assert!(skeletons.len() < 1 << DEL_SHIFT);
        let mut deletes: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut buf = Vec::new();
        for (i, s) in skeleton_chars.iter().enumerate() {
            buf.clear();
            for_each_deletion(s, 2, |h, d| buf.push((h, d)));
            buf.sort_unstable();
            buf.dedup();
            for &(h, d) in &buf {
                deletes
                    .entry(h)
                    .or_default()
                    .push(((d as u32) << DEL_SHIFT) | i as u32);
            }
        }
        for v in deletes.values_mut() {
            v.sort_unstable();
        }
        let skeleton_at = skeletons
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        let skeleton_ids: Vec<Vec<u32>> =
            skeletons.iter().map(|s| by_skeleton[s].clone()).collect();
        let chars: Vec<Vec<char>> = (0..vocab.len() as u32)
            .map(|id| match vocab.entry[id as usize] {
                Entry::Word => surface
                    .get(&id)
                    .unwrap_or(&vocab.strs[id as usize])
                    .to_lowercase()
                    .chars()
                    .collect(),
                _ => vocab.strs[id as usize].chars().collect(),
            })
            .collect();
        let mut skeleton_of = vec![u32::MAX; vocab.len()];
        for (i, ids) in skeleton_ids.iter().enumerate() {
            for &id in ids {
                skeleton_of[id as usize] = i as u32;
            }
        }
        SkeletonIndex {
            by_skeleton,
            skeletons,
            skeleton_chars,
            skeleton_sets,
            deletes,
            skeleton_at,
            skeleton_ids,
            chars,
            skeleton_of,
        }
    }
}

pub use crate::edit::levenshtein;

impl Model {
    /// Builds the model.
    ///
    /// Start-up time counts (every CLI run and every test builds a model; the target is 100 ms),
    /// so work that does not depend on the vocabulary runs beside the syllable inventory (the
    /// channel tables, the training texts' tokens), and the candidate index, which needs only
    /// the finished vocabulary, beside the word list's counts and the language model.
    /// Everything that assigns ids stays in one thread and in one order, so the model is the
    /// same as a sequential build's (restoration outputs are byte-identical).
    pub fn build(src: &Sources) -> Model {
        let (syllables, channel, training, word_list) = std::thread::scope(|scope| {
            let channel = scope.spawn(|| {
                let mut channel = ChannelModel::default();
                for t in &src.channel_tables {
                    channel.merge_tsv(t);
                }
                (channel, nfc_cow(src.word_list))
            });
            let training = scope.spawn(|| {
                src.texts
                    .iter()
                    .map(|text| {
                        let text = nfc_cow(text);
                        let lines = text.lines().map(tokenize_line).collect::<Vec<_>>();
                        (text, lines)
                    })
                    .collect::<Vec<_>>()
            });
            let syllables = inventory::syllables();
            let (channel, word_list) = channel.join().expect("channel tables load");
            let training = training.join().expect("training texts tokenise");
            (syllables, channel, training, word_list)
        });
        let mut vocab = Vocab::default();
        for s in ["<s>", "<num>", "<acr>", "<oov>"] {
            vocab.add(s, Entry::Special);
        }
        for s in syllables {
            vocab.add(&s, Entry::Syllable);
        }
        let mut surface = FxHashMap::default();
        let mut add_word = |vocab: &mut Vocab, w: &str| -> u32 {
            let key = lookup_key(w);
            if let Some(id) = vocab.get(&key) {
                if vocab.entry[id as usize] == Entry::Word && w.chars().any(|c| c.is_uppercase()) {
                    surface.entry(id).or_insert_with(|| w.to_string());
                }
                return id;
            }
            let id = vocab.add(&key, Entry::Word);
            surface.insert(id, w.to_string());
            id
        };
        for line in src.domain.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            for t in tokenize_line(w) {
                if t.kind == Kind::Word {
                    add_word(&mut vocab, &w[t.start..t.end]);
                }
            }
        }
        let mut codes: Vec<String> = Vec::new();
        for line in src.domain.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') {
                continue;
            }
            for t in tokenize_line(w) {
                let c = &w[t.start..t.end];
                if t.kind == Kind::Code
                    && c.chars().all(char::is_alphanumeric)
                    && c.chars().any(char::is_alphabetic)
                    && !codes.iter().any(|x| x == c)
                {
                    codes.push(c.to_string());
                }
            }
        }
        let mut counts = LmCounts::default();
        let mut attested = FxHashSet::default();
        // Multi-word domain entries ("Trung tâm Viễn thông") count as one sentence each: names
        // of agencies recur in every plan, and a few hundred kilobytes of training text cannot
        // hold them all.
        for line in src.domain.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') || !w.contains(' ') {
                continue;
            }
            let mut ids = vec![BOS];
            for t in tokenize_line(w) {
                let id = class_of(&vocab, &w[t.start..t.end], t.kind);
                attested.insert(id);
                ids.push(id);
            }
            counts.add_seq(&ids, DOMAIN_PHRASE_WEIGHT);
        }
        let mut letters: FxHashMap<char, f64> = FxHashMap::default();
        let mut ids = Vec::new();
        // Per id: words seen right after it inside a line, and how many of them capitalised.
        let mut after: FxHashMap<u32, (f64, f64)> = FxHashMap::default();
        // Per id: how often it was seen right after a word inside a line, and capitalised.
        let mut own: FxHashMap<u32, (f64, f64)> = FxHashMap::default();
        for (text, line_tokens) in &training {
            for (line, toks) in text.lines().zip(line_tokens) {
                ids.clear();
                ids.push(BOS);
                let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
                let caps = toks
                    .iter()
                    .filter(|t| t.kind == Kind::Word && starts_upper(&line[t.start..t.end]))
                    .count();
                let mixed_line = caps * 2 < words;
                let mut prev_word: Option<(u32, usize)> = None;
                for t in toks {
                    let w = &line[t.start..t.end];
                    let known = if t.kind == Kind::Word {
                        for c in w.chars() {
                            *letters.entry(c).or_default() += 1.0;
                        }
                        // Known non-syllable words of the training text become vocabulary
                        // ("Kiosk", "Zalo"), so garbled copies of them can be restored too.
                        vocab.get(&lookup_key(w)).or_else(|| {
                            (w.chars().all(|c| c.is_alphabetic()) && w.chars().count() >= 2)
                                .then(|| add_word(&mut vocab, w))
                        })
                    } else {
                        None
                    };
                    let id = known.unwrap_or_else(|| class_of(&vocab, w, t.kind));
                    attested.insert(id);
                    ids.push(id);
                    if t.kind == Kind::Word {
                        if let Some((p, end)) = prev_word.filter(|_| mixed_line) {
                            if line[end..t.start].chars().all(char::is_whitespace) {
                                let upper = f64::from(u8::from(starts_upper(w)));
                                let e = after.entry(p).or_default();
                                e.0 += 1.0;
                                e.1 += upper;
                                let e = own.entry(id).or_default();
                                e.0 += 1.0;
                                e.1 += upper;
                            }
                        }
                        prev_word = Some((id, t.end));
                    } else {
                        prev_word = None;
                    }
                }
                counts.add_seq(&ids, 1.0);
            }
        }
        let (seen, capped) = after
            .values()
            .fold((0.0, 0.0), |a, v| (a.0 + v.0, a.1 + v.1));
        let cap_rate = if seen > 0.0 { capped / seen } else { 0.0 };
        // Per id, (seen, capitalised) smoothed towards the average rate.
        let rates = |counts: &FxHashMap<u32, (f64, f64)>| {
            let mut r = vec![cap_rate as f32; vocab.len()];
            for (&id, &(n, c)) in counts {
                r[id as usize] = ((c + CAP_PRIOR * cap_rate) / (n + CAP_PRIOR)) as f32;
            }
            r
        };
        let (cap_next, cap_self) = (rates(&after), rates(&own));
        // The candidate index needs only the vocabulary, which is complete here: it is built
        // beside the word list's counts and the language model.
        let (index, compounds_acc, lm) = std::thread::scope(|scope| {
            let index = scope.spawn(|| SkeletonIndex::build(&vocab, &surface));
            // The word list: each compound contributes its internal bigrams once (a type count),
            // which teaches which syllables go together in words the training text never used.
            let mut compounds_acc: FxHashSet<u64> = FxHashSet::default();
            for line in word_list.lines() {
                let w = line.trim();
                if w.is_empty() {
                    continue;
                }
                ids.clear();
                let mut ok = true;
                for s in w.split(' ') {
                    // Most entries already are lowercase canonical syllables: try them as they are.
                    let id = vocab.get(s).or_else(|| vocab.get(&lookup_key(s)));
                    match id {
                        Some(id) => ids.push(id),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                for &id in &ids {
                    attested.insert(id);
                }
                // A compound's bigrams count once (a type count); its syllables get a small
                // frequency so dictionary words are reachable without outweighing running text.
                for p in ids.windows(2) {
                    compounds_acc.insert(pair_key(p[0], p[1]));
                }
                if ids.len() >= 2 {
                    counts.add_seq_weighted(&ids, 1.0, 0.05, DICTIONARY_CONTEXT_WEIGHT);
                } else {
                    counts.add_seq_weighted(&[BOS, ids[0]], 0.25, 0.05, DICTIONARY_CONTEXT_WEIGHT);
                }
            }
            let lm = Lm::estimate(&counts, vocab.len(), 0.02);
            (
                index.join().expect("candidate index builds"),
                compounds_acc,
                lm,
            )
        });
        let SkeletonIndex {
            by_skeleton,
            skeletons,
            skeleton_chars,
            skeleton_sets,
            deletes,
            skeleton_at,
            skeleton_ids,
            chars,
            skeleton_of,
        } = index;
        let total: f64 = letters.values().sum::<f64>().max(1.0);
        let letter_freq = letters.into_iter().map(|(c, n)| (c, n / total)).collect();

        let mut attested_flag = vec![false; vocab.len()];
        let compounds = compounds_acc;
        let mut compound_before: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut compound_after: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for &k in &compounds {
            let (a, b) = ((k >> 32) as u32, k as u32);
            compound_before.entry(b).or_default().push(a);
            compound_after.entry(a).or_default().push(b);
        }
        // Hash-set order is not stable across builds of the set: sorted lists keep restoration
        // deterministic.
        for v in compound_before
            .values_mut()
            .chain(compound_after.values_mut())
        {
            v.sort_unstable();
        }
        for &id in &attested {
            attested_flag[id as usize] = true;
        }
        // Only attested syllables are ever read as a compound partner: the lists keep just
        // those, so the candidate search does not test every entry.
        for v in compound_before
            .values_mut()
            .chain(compound_after.values_mut())
        {
            v.retain(|&p| attested_flag[p as usize] && vocab.entry[p as usize] == Entry::Syllable);
        }
        let mut candidates_at = vec![0];
        let mut candidates = Vec::new();
        let mut candidate_chars = Vec::new();
        for ids in &skeleton_ids {
            for &id in ids {
                if !attested_flag[id as usize] {
                    continue;
                }
                let spelling: &Vec<char> = &chars[id as usize];
                candidates.push(SkeletonCandidate {
                    id,
                    unigram: lm.unigram(id),
                    word: vocab.entry[id as usize] == Entry::Word,
                    at: candidate_chars.len() as u32,
                    len: spelling.len() as u32,
                });
                candidate_chars.extend_from_slice(spelling);
            }
            candidates_at.push(candidates.len() as u32);
        }
        Model {
            candidates_at,
            candidates,
            candidate_chars,
            compounds,
            compound_before,
            compound_after,
            skeleton_of,
            attested_flag,
            cap_next,
            cap_self,
            cap_rate: cap_rate as f32,
            skeleton_ids,
            skeleton_chars,
            skeleton_sets,
            chars,
            vocab,
            surface,
            lm,
            channel,
            by_skeleton,
            deletes,
            skeletons,
            skeleton_at,
            letter_freq,
            attested,
            codes,
        }
    }

    /// How restoration spells an id: a known word as the lexicon spells it (its case), a
    /// syllable in lower case.
    pub fn spelling(&self, id: u32) -> &str {
        if self.vocab.entry[id as usize] == Entry::Word {
            self.surface_of(id)
        } else {
            &self.vocab.strs[id as usize]
        }
    }

    /// The attested syllables that form a word-list compound with `id`: those before it when
    /// `before`, else those after it.
    pub fn compound_partners(&self, id: u32, before: bool) -> &[u32] {
        let map = if before {
            &self.compound_before
        } else {
            &self.compound_after
        };
        map.get(&id).map_or(&[], |v| &v[..])
    }

    /// Skeletons within `max` (at most 2) edits of `query` that SymSpell's deletion index
    /// reaches, with their distance, appended to `out` (in no particular order).
    ///
    /// Deletions never go down to the empty string, so the index reaches exactly the skeletons
    /// within `max` edits that share a char with the query: their longest common subsequence
    /// is not empty and is reached by at most `max` deletions on either side (the distance is
    /// at least the number of chars of either string outside it). Verifying both conditions
    /// makes the result independent of hash collisions in the index, and index entries that
    /// needed more than `max` deletions on the skeleton side are never looked at.
    pub fn near_skeletons(
        &self,
        query: &str,
        max: usize,
        scratch: &mut NearScratch,
        out: &mut Vec<(u32, u8)>,
    ) {
        let q: Vec<char> = query.chars().collect();
        let NearScratch {
            pattern,
            seen,
            query: stamp,
        } = scratch;
        seen.resize(self.skeletons.len(), 0);
        *stamp = stamp.wrapping_add(1);
        if *stamp == 0 {
            seen.iter_mut().for_each(|x| *x = 0);
            *stamp = 1;
        }
        pattern.set(&q);
        for_each_deletion(&q, max, |h, _| {
            let Some(v) = self.deletes.get(&h) else {
                return;
            };
            let upto = v.partition_point(|&e| (e >> DEL_SHIFT) as usize <= max);
            for &e in &v[..upto] {
                let i = e & ((1 << DEL_SHIFT) - 1);
                if std::mem::replace(&mut seen[i as usize], *stamp) == *stamp {
                    continue;
                }
                let sk = &self.skeleton_chars[i as usize];
                if sk.len().abs_diff(q.len()) > max || !pattern.shares_char(sk) {
                    continue;
                }
                let d = pattern.distance(sk);
                if d <= max {
                    out.push((i, d as u8));
                }
            }
        });
    }

    /// Index of an exact skeleton.
    pub fn skeleton_index(&self, s: &str) -> Option<u32> {
        self.skeleton_at.get(s).copied()
    }

    /// The skeleton of a (non-special) id, as chars.
    pub fn skeleton_chars_of(&self, id: u32) -> &[char] {
        &self.skeleton_chars[self.skeleton_of[id as usize] as usize]
    }

    /// [`crate::edit::char_set`] of a (non-special) id's skeleton.
    #[inline]
    pub fn skeleton_set_of(&self, id: u32) -> u32 {
        self.skeleton_sets[self.skeleton_of[id as usize] as usize]
    }

    /// Ids spelled by a skeleton index.
    pub fn skeleton_ids(&self, i: u32) -> &[u32] {
        &self.skeleton_ids[i as usize]
    }

    /// The attested ids spelled by a skeleton index, in [`Model::skeleton_ids`] order.
    pub fn skeleton_candidates(&self, i: u32) -> &[SkeletonCandidate] {
        let i = i as usize;
        &self.candidates[self.candidates_at[i] as usize..self.candidates_at[i + 1] as usize]
    }

    /// The spelling (`chars[id]`) of a skeleton candidate.
    pub fn candidate_chars(&self, c: &SkeletonCandidate) -> &[char] {
        &self.candidate_chars[c.at as usize..(c.at + c.len) as usize]
    }

    /// The skeleton of an index as chars.
    pub fn skeleton_chars(&self, i: u32) -> &[char] {
        &self.skeleton_chars[i as usize]
    }

    /// The skeleton string of an index returned by [`Model::near_skeletons`].
    pub fn skeleton_str(&self, i: u32) -> &str {
        &self.skeletons[i as usize]
    }

    /// The text an id is written as (domain words keep their case).
    pub fn surface_of(&self, id: u32) -> &str {
        match self.surface.get(&id) {
            Some(s) => s,
            None => &self.vocab.strs[id as usize],
        }
    }

    pub fn is_syllable(&self, id: u32) -> bool {
        self.vocab.entry.get(id as usize) == Some(&Entry::Syllable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symspell_finds_near_skeletons() {
        let m = Model::build(&Sources {
            texts: vec!["Tổ chức triển khai thực hiện"],
            ..Default::default()
        });
        let mut out = Vec::new();
        let mut scratch = NearScratch::default();
        m.near_skeletons("chirc", 2, &mut scratch, &mut out);
        let found: Vec<(&str, u8)> = out.iter().map(|&(i, d)| (m.skeleton_str(i), d)).collect();
        assert!(found.contains(&("chuc", 2)), "{found:?}");
        assert!(m.lm.cost(m.vocab.get("tổ").unwrap(), m.vocab.get("chức").unwrap()) < 3.0);
    }
}
