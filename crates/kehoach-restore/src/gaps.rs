//! Broken-font text layers: lost glyph types printed as spaces ("K  h  ch" for "Kế hoạch").
//!
//! A font without a Unicode map loses whole glyph *types*, so the damage is deterministic given
//! the set of lost letters: every syllable has exactly one damaged spelling, and one space stands
//! for one lost letter. The lost set is inferred per document from letters that occur far less
//! often than Vietnamese text needs them. The vocabulary's spellings are kept in a trie, and a
//! line is decoded character by character: each space is either a word separator or a lost
//! letter (walking every letter of the trie the font may have lost, at that letter's cost), and
//! the language model chooses the segmentation and the syllables whose masked forms tile the
//! line.

use crate::model::{class_of, Entry, Model, ACR, BOS, NUM};
use crate::tokenize::{tokenize_line, Kind};
use kehoach_core::text::capitalise;
use kehoach_core::{LowConfidenceToken, RestorationReport};
use rustc_hash::{FxHashMap, FxHashSet};

/// Letters used by Vietnamese, lowercase.
const ALPHABET: &str =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz";

/// Lost glyph types of a document (case-sensitive).
#[derive(Debug, Clone, Default)]
pub struct Lost {
    /// Letters lost everywhere: every syllable with one shows a space for it.
    pub letters: FxHashSet<char>,
    /// Letters lost only in part of the document, with the cost (nats) of reading a space as
    /// one of them. A PDF uses several fonts (regular, bold, italic), each with its own broken
    /// map, so a letter can survive in one font and vanish in another; its share of the
    /// expected count tells how likely a space stands for it.
    pub partial: FxHashMap<char, f32>,
}

/// What a space costs as any letter of the alphabet: a letter can be lost in one font and
/// common in the others, so its document-wide count may look normal although it was lost
/// where it matters.
const ANY_LETTER_COST: f32 = 4.5;

/// What a space costs as a capital letter at most. Capitals are too rare in running text for
/// their shortfall to be measured, and headings set in capitals inflate their counts, so a
/// font that lost them (a table's "BCA", "Cục") shows no shortfall at all. 3.0 was best of
/// 4.5 (as any letter), 3.5, 3.0, 2.5, 2.0 on seed 001's appendix, and 3.0 and 2.5 also
/// raised both held-out two-broken-fonts rows of `restore-bench` (see benches/results/restore.md).
const CAPITAL_COST: f32 = 3.0;

/// Share of words with an unexplained space above which partly lost letters are considered.
const UNEXPLAINED_RATE: f64 = 0.01;

/// Candidates kept per span (best by channel and unigram cost).
const MAX_SPAN_CANDIDATES: usize = 64;

/// Decides whether `text` is a broken-font layer and which letters it lost.
pub fn detect(model: &Model, text: &str) -> Option<Lost> {
    let mut counts: FxHashMap<char, f64> = FxHashMap::default();
    let mut n = 0f64;
    for c in text.chars() {
        if c.is_alphabetic() {
            *counts.entry(c).or_default() += 1.0;
            n += 1.0;
        }
    }
    if n < 200.0 {
        return None;
    }
    // Lines with two spaces between letters, or a lone letter between spaces.
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let gappy = lines
        .iter()
        .filter(|l| {
            let c: Vec<char> = l.chars().collect();
            c.windows(4)
                .any(|w| w[0].is_alphabetic() && w[1] == ' ' && w[2] == ' ' && w[3].is_alphabetic())
                || c.windows(3)
                    .any(|w| w[0] == ' ' && w[1].is_alphabetic() && w[2] == ' ')
        })
        .count();
    if lines.is_empty() || (gappy as f64) < 0.2 * lines.len() as f64 {
        return None;
    }
    // Letters far below their expected count. The missing mass inflates the others a little;
    // that only makes the test stricter.
    let mut letters = FxHashSet::default();
    let mut partial = FxHashMap::default();
    let mut strong = 0;
    for lc in ALPHABET.chars() {
        for c in std::iter::once(lc).chain(lc.to_uppercase()) {
            let expected = model.letter_freq.get(&c).copied().unwrap_or(0.0) * n;
            let seen = counts.get(&c).copied().unwrap_or(0.0);
            if seen <= 0.15 * expected || (seen == 0.0 && c.is_lowercase()) {
                letters.insert(c);
                if expected >= 20.0 && seen <= 0.15 * expected {
                    strong += 1;
                }
            } else {
                partial.insert(c, partial_cost(c, seen, expected));
            }
        }
    }
    if std::env::var_os("KEHOACH_GAPS_DEBUG").is_some() {
        let mut l: Vec<_> = letters.iter().collect();
        l.sort();
        let mut pp: Vec<_> = partial.iter().filter(|x| *x.1 < ANY_LETTER_COST).collect();
        pp.sort_by(|a, b| a.1.total_cmp(b.1));
        eprintln!("gaps: lost {l:?}\ngaps: partial {pp:?}");
    }
    (strong >= 2).then_some(Lost { letters, partial })
}

/// Cost (nats) of reading a space as `c`, a letter seen `seen` times where `expected` were due.
fn partial_cost(c: char, seen: f64, expected: f64) -> f32 {
    // Share of the letter's occurrences that went missing (too few expected to tell: the
    // generic cost). A letter lost only in the bold headings' font shows a small shortfall, so
    // even a small one counts.
    let lost_share = if expected >= 5.0 {
        (1.0 - seen / expected).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let cost = -(lost_share.max(1e-6) as f32).ln();
    cost.min(if c.is_uppercase() {
        CAPITAL_COST
    } else {
        ANY_LETTER_COST
    })
}

/// Syllable ids read in a (restored) OCR text: evidence for the text-layer decoding.
pub fn hint_ids(model: &Model, text: &str) -> FxHashSet<u32> {
    let mut out = FxHashSet::default();
    for line in text.lines() {
        for t in crate::tokenize::tokenize_line(line) {
            if t.kind == Kind::Word {
                let id = class_of(&model.vocab, &line[t.start..t.end], Kind::Word);
                if id >= 4 {
                    out.insert(id);
                }
            }
        }
    }
    out
}

/// The vocabulary's spellings in a trie, with the lost-letter costs to read them under: built
/// once per document, walked along each line so that every space of a word may stand for any
/// letter the font could have lost, at that letter's cost.
///
/// A trie instead of an index of masked spellings: a masked index must list every combination
/// of lost letters a spelling may show, so it can afford only one or two partly lost letters a
/// syllable ("Công" with C, ô and g lost in a table's font is out of reach), and it cannot take
/// costs that change from one part of the document to another.
pub struct Index {
    nodes: Vec<Node>,
    /// Spellings (with their ids) ending at a node: `ends[node.ends.0..node.ends.1]`.
    ends: Vec<(u32, String)>,
    /// Letters of the trie; a cost table is indexed like this.
    letters: Vec<char>,
    max_chars: usize,
    lost: Lost,
    /// Only the letters lost everywhere may stand behind a space (one font, one broken map).
    hard: bool,
    /// Acronyms of the vocabulary ("BCA", "UBND") and codes of the domain lexicon ("C06"), each
    /// with its id (codes: [`ACR`]) and, per char, its letter index (None for a digit).
    whole: Vec<(String, u32, Vec<Option<u16>>)>,
    /// Acronyms and codes the document prints intact somewhere ([`Index::with_intact`]).
    intact: FxHashSet<String>,
}

#[derive(Default)]
struct Node {
    /// (letter, letter index, child node), sorted by letter.
    children: Vec<(char, u16, u32)>,
    ends: (u32, u32),
}

/// Builds the index for `lost`: every attested syllable (lowercase, capitalised, upper case)
/// and known word, read under `lost`'s letters and partly lost letters.
pub fn build_index(model: &Model, lost: &Lost) -> Index {
    build(model, lost, lost.partial.is_empty())
}

fn build(model: &Model, lost: &Lost, hard: bool) -> Index {
    let mut forms: Vec<(String, u32)> = Vec::new();
    let mut ids: Vec<u32> = model
        .attested
        .iter()
        .copied()
        .filter(|&id| id >= 4)
        .collect();
    ids.sort_unstable();
    for id in ids {
        match model.vocab.entry[id as usize] {
            Entry::Word => forms.push((model.surface_of(id).to_string(), id)),
            _ => {
                let s = &model.vocab.strs[id as usize];
                for f in [s.clone(), capitalise(s), s.to_uppercase()] {
                    if !forms.iter().rev().take(3).any(|x| x.0 == f && x.1 == id) {
                        forms.push((f, id));
                    }
                }
            }
        }
    }
    forms.sort();
    forms.dedup();
    let mut nodes = vec![Node::default()];
    let mut letters: Vec<char> = Vec::new();
    let mut letter_ix: FxHashMap<char, u16> = FxHashMap::default();
    let mut max_chars = 1;
    // Spellings sorted, so a node's ends are added together: record them per node first.
    let mut node_ends: Vec<Vec<(u32, String)>> = vec![Vec::new()];
    for (f, id) in forms {
        let mut cur = 0usize;
        let mut len = 0;
        for c in f.chars() {
            len += 1;
            let li = *letter_ix.entry(c).or_insert_with(|| {
                letters.push(c);
                (letters.len() - 1) as u16
            });
            cur = match nodes[cur].children.iter().find(|x| x.0 == c) {
                Some(x) => x.2 as usize,
                None => {
                    nodes.push(Node::default());
                    node_ends.push(Vec::new());
                    let child = nodes.len() - 1;
                    nodes[cur].children.push((c, li, child as u32));
                    child
                }
            };
        }
        max_chars = max_chars.max(len);
        node_ends[cur].push((id, f));
    }
    let mut whole = Vec::new();
    let acronyms = ends_of(&node_ends).filter(|(id, f)| {
        model.vocab.entry[*id as usize] == Entry::Word
            && f.chars().count() >= 2
            && f.chars().all(char::is_uppercase)
    });
    let acronyms: Vec<(String, u32)> = acronyms.map(|(id, f)| (f.clone(), *id)).collect();
    let codes = model.codes.iter().map(|c| (c.clone(), ACR));
    for (f, id) in acronyms.into_iter().chain(codes) {
        let ix = f
            .chars()
            .map(|c| {
                c.is_alphabetic().then(|| {
                    *letter_ix.entry(c).or_insert_with(|| {
                        letters.push(c);
                        (letters.len() - 1) as u16
                    })
                })
            })
            .collect();
        whole.push((f, id, ix));
    }
    let mut ends = Vec::new();
    for (node, e) in nodes.iter_mut().zip(node_ends) {
        node.children.sort_by_key(|x| x.0);
        node.ends = (ends.len() as u32, (ends.len() + e.len()) as u32);
        ends.extend(e);
    }
    Index {
        nodes,
        ends,
        letters,
        max_chars,
        lost: lost.clone(),
        hard,
        whole,
        intact: FxHashSet::default(),
    }
}

fn ends_of(node_ends: &[Vec<(u32, String)>]) -> impl Iterator<Item = &(u32, String)> {
    node_ends.iter().flatten()
}

/// Most a syllable's lost letters may cost together (nats): a little more than one arbitrary
/// letter, so a syllable may lose several letters where they are likely lost.
const MAX_WORD_COST: f32 = 6.0;

/// Most an acronym or code may cost in lost letters: more than a syllable may, since nothing
/// of a wholly lost acronym shows ("Cục C06 -    " for "Cục C06 - BCA") and only its context
/// can tell it; few tokens are acronyms, so the search stays small.
const MAX_ACRONYM_COST: f32 = 10.0;

impl Index {
    /// The index for one document: the acronyms and codes it prints whole somewhere. Nothing
    /// of a wholly lost acronym shows, and the language model sees every acronym as one class,
    /// so a three-letter gap after "Cục C06 -" read "Của" rather than "BCA" at three nats for
    /// the lost capitals; a plan that prints "BCA" intact in other runs of its text names it
    /// again where it is lost, so there its lost letters cost nothing.
    pub fn with_intact(mut self, text: &str) -> Index {
        let known: FxHashSet<&str> = self.whole.iter().map(|w| w.0.as_str()).collect();
        for line in text.lines() {
            for t in tokenize_line(line) {
                let w = &line[t.start..t.end];
                if known.contains(w) {
                    self.intact.insert(w.to_string());
                }
            }
        }
        self
    }

    /// Cost of reading a space as each letter (indexed like `letters`), document-wide.
    fn doc_costs(&self) -> Vec<f32> {
        self.letters
            .iter()
            .map(|c| {
                if self.lost.letters.contains(c) {
                    0.0
                } else if self.hard {
                    f32::INFINITY
                } else {
                    self.lost.partial.get(c).copied().unwrap_or(f32::INFINITY)
                }
            })
            .collect()
    }

    /// Acronyms and codes the span starting at `chars[p]` may be, with some letter lost,
    /// beyond what the trie walk reached ([`MAX_WORD_COST`]), and codes (digits end the walk):
    /// (q, surface, id, cost) for each, followed by neither a letter nor a digit.
    fn whole_spans(
        &self,
        chars: &[char],
        p: usize,
        costs: &[f32],
    ) -> Vec<(usize, String, u32, f32)> {
        let mut out = Vec::new();
        for (f, id, ix) in &self.whole {
            let q = p + ix.len();
            if q > chars.len() || (q < chars.len() && chars[q].is_alphanumeric()) {
                continue;
            }
            // The trie walk charges each lost letter; an acronym is set in one run of one
            // font, so its lost capitals are one loss, not several: it costs its dearest lost
            // letter ("U N " for "UBND" in a layer whose capitals B and D are lost only in
            // some runs). Offered here when that is less than the walk's sum, or the walk did
            // not reach it.
            let mut sum = 0.0;
            let mut dearest = 0.0f32;
            let mut lost = false;
            for (k, (c, li)) in f.chars().zip(ix).enumerate() {
                let x = chars[p + k];
                if x == c {
                    continue;
                }
                match li {
                    Some(li) if x == ' ' => {
                        sum += costs[*li as usize];
                        dearest = dearest.max(costs[*li as usize]);
                        lost = true;
                    }
                    _ => {
                        sum = f32::INFINITY;
                        break;
                    }
                }
            }
            let code = *id == ACR;
            let cost = if sum.is_finite() { dearest } else { sum };
            if lost && cost <= MAX_ACRONYM_COST && (code || sum > MAX_WORD_COST || cost < sum) {
                out.push((q, f.clone(), *id, cost));
            }
        }
        out
    }

    /// Spellings that the span starting at `chars[p]` may be, for each end `q` (followed by a
    /// non-letter or the line end): (q, surface, id, cost of its lost letters).
    fn spans(&self, chars: &[char], p: usize, costs: &[f32], out: &mut Vec<(usize, u32, f32)>) {
        out.clear();
        self.walk(chars, p, p, 0, 0.0, costs, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        chars: &[char],
        p: usize,
        i: usize,
        node: usize,
        cost: f32,
        costs: &[f32],
        out: &mut Vec<(usize, u32, f32)>,
    ) {
        let nd = &self.nodes[node];
        if i > p && (i == chars.len() || !chars[i].is_alphabetic()) {
            for e in nd.ends.0..nd.ends.1 {
                out.push((i, e, cost));
            }
        }
        if i == chars.len() || i - p >= self.max_chars {
            return;
        }
        let c = chars[i];
        if c == ' ' {
            for &(_, li, child) in &nd.children {
                let k = cost + costs[li as usize];
                if k <= MAX_WORD_COST {
                    self.walk(chars, p, i + 1, child as usize, k, costs, out);
                }
            }
        } else if c.is_alphabetic() {
            if let Ok(x) = nd.children.binary_search_by_key(&c, |x| x.0) {
                let child = nd.children[x].2 as usize;
                self.walk(chars, p, i + 1, child, cost, costs, out);
            }
        }
    }
}

#[derive(Clone, Copy)]
struct St {
    last: u32,
    score: f32,
    from_pos: u32,
    from_state: u32,
    /// 0 = separator/punctuation step (kept text), 1 = syllable step, 2 = a space nothing
    /// explains (kept).
    what: u8,
    cand: u32,
}

/// Restores `text` if it is a broken-font reading (None otherwise). When the fully lost letters
/// explain it, the decoding [`prepare`] made to find that out is the answer itself.
pub fn restore(model: &Model, text: &str) -> Option<(String, RestorationReport)> {
    Some(match choose_index(model, text)? {
        (_, Some(decoded)) => decoded,
        (index, None) => restore_with(model, &index, text, None),
    })
}

/// Decides whether `text` is a broken-font reading and builds the index to decode it with.
///
/// The letters lost everywhere come first. Where they leave spaces unexplained (a letter lost
/// in only some of the document's fonts), the index also lets a space stand for any other
/// letter, at a cost from that letter's shortfall; where they explain the text (one font, one
/// broken map), that freedom would only add wrong readings, so it is left out.
pub fn prepare(model: &Model, text: &str) -> Option<Index> {
    choose_index(model, text).map(|(index, _)| index)
}

/// [`prepare`], also handing back its trial decoding when the index it returns is the one that
/// decoding used.
fn choose_index(model: &Model, text: &str) -> Option<(Index, Option<(String, RestorationReport)>)> {
    let lost = detect(model, text)?;
    let hard = Lost {
        letters: lost.letters.clone(),
        partial: FxHashMap::default(),
    };
    let index = build_index(model, &hard).with_intact(text);
    let (decoded, unexplained) = decode_text(model, &index, text, &|_| None);
    let rate = unexplained as f64 / decoded.1.tokens_seen.max(1) as f64;
    if std::env::var_os("KEHOACH_GAPS_DEBUG").is_some() {
        eprintln!(
            "gaps: {unexplained} unexplained / {} words = {rate:.4}",
            decoded.1.tokens_seen
        );
    }
    if rate <= UNEXPLAINED_RATE {
        return Some((index, Some(decoded)));
    }
    // The acronyms the document prints are the same for either index: found once.
    let mut index_all = build_index(model, &lost);
    index_all.intact = index.intact;
    Some((index_all, None))
}

/// Syllables another reading of the same text makes likely, and how much each is rewarded.
#[derive(Debug, Clone, Copy)]
pub struct Hint<'a> {
    pub ids: &'a FxHashSet<u32>,
    /// Reward (nats).
    pub bonus: f32,
}

/// Reward (nats) of a syllable a page's OCR reading (or another copy of the document) has
/// anywhere in it.
const DOCUMENT_HINT_BONUS: f32 = 1.5;

/// [`restore`] with a prebuilt index (several pages of one document), and optionally the
/// syllables another reading of the text has anywhere in it.
pub fn restore_with(
    model: &Model,
    index: &Index,
    text: &str,
    hints: Option<&FxHashSet<u32>>,
) -> (String, RestorationReport) {
    let hint = hints.map(|ids| Hint {
        ids,
        bonus: DOCUMENT_HINT_BONUS,
    });
    decode_text(model, index, text, &|_| hint).0
}

/// [`restore`] with a prebuilt index and, per line, the syllables another reading of the
/// text has at that place (`lines[i]` for line i), rewarded by `bonus` nats.
pub fn restore_with_lines(
    model: &Model,
    index: &Index,
    text: &str,
    lines: &[FxHashSet<u32>],
    bonus: f32,
) -> (String, RestorationReport) {
    let hint_of = |li: usize| lines.get(li).map(|ids| Hint { ids, bonus });
    decode_text(model, index, text, &hint_of).0
}

/// [`restore_with`], also counting what the lost letters leave unexplained: spaces that neither
/// separate words nor stand for a lost letter, and fragments kept as unknown words.
fn decode_text<'h>(
    model: &Model,
    index: &Index,
    text: &str,
    hint_of: &dyn Fn(usize) -> Option<Hint<'h>>,
) -> ((String, RestorationReport), usize) {
    let mut report = RestorationReport::default();
    let mut unexplained = 0;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut last = BOS;
    let lines: Vec<&str> = text.split('\n').collect();
    let costs = index.doc_costs();
    for (li, line) in lines.iter().enumerate() {
        let (restored, new_last) = decode_line(
            model,
            index,
            line,
            &costs,
            last,
            hint_of(li),
            li,
            &mut report,
            &mut unexplained,
        );
        last = new_last;
        out.push_str(&restored);
        if li + 1 < lines.len() {
            out.push('\n');
        }
    }
    ((out, report), unexplained)
}

/// Cost of reading the space `chars[p]` as a word separator (`after_separator`: another one
/// came just before it). A run of spaces is cheap (layout widens them), but a separator right
/// before a comma, semicolon, full stop or colon is not: clean text has about one in 2,700
/// (seeds 003 and 004), so a space there is likelier a word's lost last letter. 4 nats: 2
/// helped less on the `restore-bench` broken-font rows; 4 and 7 measured the same.
fn separator_cost(chars: &[char], p: usize, after_separator: bool) -> f32 {
    let run = if after_separator { 0.5 } else { 0.0 };
    let before_punct = matches!(chars.get(p + 1), Some(',' | ';' | '.' | ':'));
    run + if before_punct {
        SPACE_BEFORE_PUNCT
    } else {
        0.0
    }
}

/// See [`separator_cost`].
const SPACE_BEFORE_PUNCT: f32 = 4.0;

/// The word steps starting at `p`: for each end, the spellings the span may be, best first
/// (channel and unigram cost), appended to `steps`; a run of letters nothing explains is kept
/// as an unknown word.
fn word_steps(
    model: &Model,
    index: &Index,
    chars: &[char],
    p: usize,
    costs: &[f32],
    hints: Option<Hint>,
    steps: &mut Vec<Vec<(String, u32, f32)>>,
) -> Vec<(usize, u32)> {
    let mut found = Vec::new();
    index.spans(chars, p, costs, &mut found);
    found.sort_by_key(|x| x.0);
    let whole = index.whole_spans(chars, p, costs);
    let letters_end = chars[p..]
        .iter()
        .position(|c| !c.is_alphabetic())
        .map_or(chars.len(), |x| p + x);
    let mut ends: Vec<usize> = found.iter().map(|x| x.0).collect();
    ends.extend(whole.iter().map(|x| x.0));
    if letters_end > p {
        ends.push(letters_end);
    }
    ends.dedup();
    ends.sort_unstable();
    ends.dedup();
    let mut out = Vec::new();
    let mut k = 0;
    for q in ends {
        let mut cands: Vec<(String, u32, f32)> = Vec::new();
        while k < found.len() && found[k].0 == q {
            let (_, e, cost) = found[k];
            let (id, f) = &index.ends[e as usize];
            let bonus = match hints {
                Some(h) if h.ids.contains(id) => -h.bonus,
                _ => 0.0,
            };
            cands.push((f.clone(), *id, cost + bonus));
            k += 1;
        }
        for (_, f, id, cost) in whole.iter().filter(|x| x.0 == q) {
            // Printed whole elsewhere in the document, its letters here are lost, not absent.
            let cost = if index.intact.contains(f) { 0.0 } else { *cost };
            cands.push((f.clone(), *id, cost));
        }
        // A span of mostly spaces matches hundreds of syllables; the likeliest alone are worth
        // the search (and the step index keeps 8 bits for the candidate).
        if cands.len() > MAX_SPAN_CANDIDATES {
            cands.sort_by(|x, y| {
                (x.2 + model.lm.unigram(x.1)).total_cmp(&(y.2 + model.lm.unigram(y.1)))
            });
            cands.truncate(MAX_SPAN_CANDIDATES);
        }
        if cands.is_empty() && q == letters_end && q - p <= index.max_chars {
            // A word the vocabulary does not know (a name, an acronym): kept.
            let span: String = chars[p..q].iter().collect();
            let id = class_of(&model.vocab, &span, Kind::Word);
            cands.push((span, id, 6.0));
        }
        if !cands.is_empty() {
            out.push((q, steps.len() as u32));
            steps.push(cands);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn decode_line(
    model: &Model,
    index: &Index,
    line: &str,
    costs: &[f32],
    start: u32,
    hints: Option<Hint>,
    li: usize,
    report: &mut RestorationReport,
    unexplained: &mut usize,
) -> (String, u32) {
    const BEAM: usize = 8;
    let chars: Vec<char> = line.chars().collect();
    let n = chars.len();
    // Candidate lists per step, kept for back-tracing: (surface, id, cost).
    let mut steps: Vec<Vec<(String, u32, f32)>> = Vec::new();
    // states[p][a]: a = 1 if a word may start at p (after a separator or line start).
    let mut states: Vec<[Vec<St>; 2]> = (0..=n).map(|_| [Vec::new(), Vec::new()]).collect();
    states[0][1].push(St {
        last: start,
        score: 0.0,
        from_pos: 0,
        from_state: 0,
        what: 0,
        cand: u32::MAX,
    });
    // Per position, the word steps starting there: (end, step), found once for all states.
    let mut at: Vec<Option<Vec<(usize, u32)>>> = vec![None; n];
    let push = |v: &mut Vec<St>, st: St| {
        if let Some(x) = v.iter_mut().find(|x| x.last == st.last) {
            if x.score > st.score {
                *x = st;
            }
        } else {
            v.push(st);
        }
    };
    let is_letter = |c: char| c.is_alphabetic();
    for p in 0..n {
        for a in 0..2 {
            let mut cur = std::mem::take(&mut states[p][a]);
            cur.sort_by(|x, y| x.score.total_cmp(&y.score));
            cur.truncate(BEAM);
            states[p][a] = cur.clone();
            for (si, s) in cur.iter().enumerate() {
                let c = chars[p];
                let enc = |a: usize| (si as u32) | ((a as u32) << 31);
                // A space as separator.
                if c == ' ' {
                    push(
                        &mut states[p + 1][1],
                        St {
                            last: s.last,
                            score: s.score + separator_cost(&chars, p, a == 1),
                            from_pos: p as u32,
                            from_state: enc(a),
                            what: 0,
                            cand: u32::MAX,
                        },
                    );
                }
                // Punctuation, digits, symbols: kept, word may follow.
                if !is_letter(c) && c != ' ' {
                    let mut q = p;
                    while q < n && !is_letter(chars[q]) && chars[q] != ' ' {
                        q += 1;
                    }
                    let digits = chars[p..q].iter().any(|c| c.is_ascii_digit());
                    push(
                        &mut states[q][1],
                        St {
                            last: if digits { NUM } else { s.last },
                            score: s.score
                                + if digits {
                                    model.lm.cost(s.last, NUM)
                                } else {
                                    0.0
                                },
                            from_pos: p as u32,
                            from_state: enc(a),
                            what: 0,
                            cand: u32::MAX,
                        },
                    );
                }
                if a == 0 {
                    continue;
                }
                // A code of letters and digits ("C06" of "Cục C06 - BCA"): one token to the
                // language model, as the token decoder sees it, not a letter and a number.
                if is_letter(c) {
                    let mut q = p;
                    while q < n && chars[q].is_alphanumeric() {
                        q += 1;
                    }
                    if chars[p..q].iter().any(char::is_ascii_digit) {
                        let span: String = chars[p..q].iter().collect();
                        let toks = tokenize_line(&span);
                        let id = match toks.as_slice() {
                            [t] if t.kind != Kind::Word => {
                                Some(class_of(&model.vocab, &span, t.kind))
                            }
                            _ => None,
                        };
                        if let Some(id) = id {
                            let step = steps.len() as u32;
                            push(
                                &mut states[q][0],
                                St {
                                    last: id,
                                    score: s.score + model.lm.cost(s.last, id),
                                    from_pos: p as u32,
                                    from_state: enc(a),
                                    what: 1,
                                    cand: step << 8,
                                },
                            );
                            steps.push(vec![(span, id, 0.0)]);
                        }
                    }
                }
                // A word: letters and lost-letter spaces, ending before a separator/punct.
                if at[p].is_none() {
                    at[p] = Some(word_steps(
                        model, index, &chars, p, costs, hints, &mut steps,
                    ));
                }
                for &(q, step) in at[p].as_ref().unwrap() {
                    for (ci, (_, id, cost)) in steps[step as usize].iter().enumerate() {
                        let sc = s.score + cost + model.lm.cost(s.last, *id);
                        push(
                            &mut states[q][0],
                            St {
                                last: *id,
                                score: sc,
                                from_pos: p as u32,
                                from_state: enc(a),
                                what: 1,
                                cand: (step << 8) | ci as u32,
                            },
                        );
                    }
                }
                // Last resort: a lone space read as nothing we know (kept).
                if c == ' ' {
                    push(
                        &mut states[p + 1][1],
                        St {
                            last: s.last,
                            score: s.score + 12.0,
                            from_pos: p as u32,
                            from_state: enc(a),
                            what: 2,
                            cand: u32::MAX,
                        },
                    );
                }
            }
        }
    }
    // Best end state.
    let mut best: Option<(usize, usize)> = None;
    let mut best_score = f32::INFINITY;
    for (a, list) in states[n].iter().enumerate() {
        for (k, s) in list.iter().enumerate() {
            if s.score < best_score {
                best_score = s.score;
                best = Some((a, k));
            }
        }
    }
    let Some((mut a, mut k)) = best else {
        return (line.to_string(), start);
    };
    let end_last = states[n][a][k].last;
    // Trace back into pieces.
    // (start, end, Some((step, candidate)) for a restored word / None for kept text)
    type Piece = (usize, usize, Option<(u32, u32)>);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut pos = n;
    while pos > 0 {
        let st = states[pos][a][k];
        let from = st.from_pos as usize;
        if st.what == 1 {
            pieces.push((from, pos, Some((st.cand >> 8, st.cand & 0xff))));
        } else {
            if st.what == 2 {
                *unexplained += 1;
            }
            pieces.push((from, pos, None));
        }
        a = (st.from_state >> 31) as usize;
        k = (st.from_state & 0x7fff_ffff) as usize;
        pos = from;
    }
    pieces.reverse();
    let mut out = String::new();
    for (s, e, c) in pieces {
        let orig: String = chars[s..e].iter().collect();
        match c {
            None => out.push_str(&orig),
            Some((step, ci)) => {
                let list = &steps[step as usize];
                let chosen = &list[ci as usize].0;
                // A fragment kept as an unknown word: the lost letters did not explain it.
                if list[ci as usize].1 == crate::model::OOV {
                    *unexplained += 1;
                }
                report.tokens_seen += 1;
                if *chosen != orig {
                    report.tokens_changed += 1;
                }
                if list.len() > 1 && orig.contains(' ') {
                    report.low_confidence.push(LowConfidenceToken {
                        line: li + 1,
                        original: orig.clone(),
                        chosen: chosen.clone(),
                        alternatives: list
                            .iter()
                            .filter(|x| x.0 != *chosen)
                            .take(3)
                            .map(|x| x.0.clone())
                            .collect(),
                    });
                }
                out.push_str(chosen);
            }
        }
    }
    (out, end_last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sources;

    /// A model of `train` (and a domain lexicon), nothing else.
    fn trained(train: &str, domain: &'static str) -> Model {
        Model::build(&Sources {
            texts: vec![train],
            domain,
            ..Default::default()
        })
    }

    /// `line` decoded on its own at the index's document-wide costs, after the start of a text.
    fn decode_alone(m: &Model, index: &Index, line: &str) -> (String, RestorationReport) {
        let mut rep = RestorationReport::default();
        let (out, _) = decode_line(
            m,
            index,
            line,
            &index.doc_costs(),
            BOS,
            None,
            0,
            &mut rep,
            &mut 0,
        );
        (out, rep)
    }

    #[test]
    fn a_code_is_one_token_to_the_language_model() {
        // "Cục C06" and "mục tiêu" both lose their first letter to the font: only the code
        // after it, read as one token, tells "Cục" from "mục".
        let train = "Đề nghị Cục C06 - BCA hỗ trợ.\nMục tiêu của mục này.\n".repeat(10);
        let m = trained(&train, "");
        let lost = Lost {
            letters: ['C', 'M', 'm'].into_iter().collect(),
            ..Default::default()
        };
        let index = build_index(&m, &lost);
        let (out, _) = decode_alone(&m, &index, " ục C06 - BCA");
        assert_eq!(out, "Cục C06 - BCA");
    }

    #[test]
    fn fragments_are_rejoined() {
        let train = "Kế hoạch triển khai các mô hình của Đề án 06 trên địa bàn huyện.\n".repeat(20);
        let m = trained(&train, "");
        let lost = Lost {
            letters: ['ế', 'o', 'ạ', 'ể', 'k', 'a', 'á', 'ô']
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let index = build_index(&m, &lost);
        let damaged: String = "Kế hoạch triển khai các mô hình"
            .chars()
            .map(|c| if lost.letters.contains(&c) { ' ' } else { c })
            .collect();
        assert_eq!(damaged, "K  h  ch tri n  h i c c m  hình");
        let (out, rep) = decode_alone(&m, &index, &damaged);
        assert_eq!(out, "Kế hoạch triển khai các mô hình");
        assert!(rep.tokens_changed >= 5);
    }

    #[test]
    fn letters_lost_in_one_font_only_are_read_at_their_cost() {
        let train = "Kế hoạch triển khai các mô hình của Đề án 06 trên địa bàn huyện.\n".repeat(20);
        let m = trained(&train, "");
        // ế is lost everywhere; o and ạ only in the body font, so they still appear elsewhere.
        let lost = Lost {
            letters: ['ế'].into_iter().collect(),
            partial: [('o', 0.8), ('ạ', 1.2)].into_iter().collect(),
        };
        let index = build_index(&m, &lost);
        let (out, mut rep) = decode_alone(&m, &index, "K  h  ch");
        assert_eq!(out, "Kế hoạch");
        // Without the partial letters the fragment stays unexplained.
        let hard = build_index(
            &m,
            &Lost {
                letters: lost.letters.clone(),
                ..Default::default()
            },
        );
        let mut unexplained = 0;
        let (out, _) = decode_line(
            &m,
            &hard,
            "K  h  ch",
            &hard.doc_costs(),
            BOS,
            None,
            0,
            &mut rep,
            &mut unexplained,
        );
        assert_ne!(out, "Kế hoạch");
        assert!(unexplained > 0);
    }

    #[test]
    fn a_syllable_may_lose_several_partly_lost_letters() {
        // A table's font lost C, ô and g: "Công" shows one visible letter of four. A masked
        // index limited to two partly lost letters a syllable could not read it.
        let train = "Tổ Công tác triển khai Đề án 06 của huyện.\nCông an huyện.\n".repeat(10);
        let m = trained(&train, "");
        let lost = Lost {
            letters: FxHashSet::default(),
            partial: [('C', 1.5), ('ô', 1.0), ('g', 0.7)].into_iter().collect(),
        };
        let index = build_index(&m, &lost);
        let (out, _) = decode_alone(&m, &index, "Tổ   n  tác");
        assert_eq!(out, "Tổ Công tác");
    }

    #[test]
    fn a_capital_without_a_shortfall_is_still_affordable() {
        // Headings in capitals leave more "C" than running text would: no shortfall, yet a
        // table's font may have lost it ("Cục C06 -    " for "Cục C06 - BCA").
        assert_eq!(partial_cost('C', 300.0, 250.0), CAPITAL_COST);
        assert_eq!(partial_cost('c', 3000.0, 2500.0), ANY_LETTER_COST);
        // A measured shortfall still sets the cost.
        assert!(partial_cost('C', 50.0, 250.0) < 0.3);
        assert!(partial_cost('o', 500.0, 1000.0) < 0.7);
    }

    #[test]
    fn a_code_or_an_acronym_may_lose_its_letters() {
        // The font lost C and B: "Cục C06 - BCA" shows as " ục  06 -  CA". The code's and the
        // acronym's spellings come from the domain lexicon.
        let train = "Đề nghị Cục C06 - BCA hỗ trợ.\nMục tiêu của mục này.\n".repeat(10);
        let m = trained(&train, "C06\nBCA\nCục C06 - BCA\n");
        assert_eq!(m.codes, vec!["C06".to_string()]);
        let lost = Lost {
            letters: FxHashSet::default(),
            partial: [('C', 2.0), ('B', 2.0), ('m', 2.0)].into_iter().collect(),
        };
        let index = build_index(&m, &lost);
        let costs = index.doc_costs();
        let line = " ục  06 -  CA";
        let (out, _) = decode_alone(&m, &index, line);
        assert_eq!(out, "Cục C06 - BCA");
        // The code is read off its span: " 06" from position 4 is "C06", one token to the LM.
        let found = index.whole_spans(&line.chars().collect::<Vec<_>>(), 4, &costs);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].0, found[0].1.as_str(), found[0].2),
            (7, "C06", ACR)
        );
    }

    #[test]
    fn a_wholly_lost_acronym_the_document_prints_elsewhere() {
        // The table's font lost every capital of "BCA": three spaces after "C06 -". Running
        // text has "của" after a code far more often than any one acronym.
        let train = "Theo hướng dẫn của Bộ Công an, Công an tỉnh.\nĐề nghị Cục C06 của Bộ.\n\
                     Ý kiến C06 của các đơn vị; báo cáo BCA.\n"
            .repeat(10);
        let m = trained(&train, "C06\nBCA\n");
        let lost = Lost {
            letters: FxHashSet::default(),
            partial: [('B', 3.0), ('C', 3.0), ('A', 3.0), ('ủ', 0.5), ('a', 2.0)]
                .into_iter()
                .collect(),
        };
        let line = "Cục C06 -    ; Tổ";
        let plain = build_index(&m, &lost);
        assert_eq!(decode_alone(&m, &plain, line).0, "Cục C06 - Của; Tổ");
        let doc = build_index(&m, &lost).with_intact("Đề nghị Cục C06 - BCA hỗ trợ.\n");
        assert_eq!(decode_alone(&m, &doc, line).0, "Cục C06 - BCA; Tổ");
    }

    #[test]
    fn an_acronym_s_lost_capitals_are_one_loss() {
        // A run whose font lost B and D: "UBND huyện" shows as "U N  huyện". Capitals lost
        // elsewhere in the document cost 3 nats each; read letter by letter that is dearer
        // than "LUẬN" (a cheaper L before it, and Ậ lost everywhere).
        let train = "Thanh Hóa, UBND huyện ban hành kế hoạch.\nLÝ LUẬN CHÍNH TRỊ\n".repeat(10);
        let m = trained(&train, "UBND\n");
        let lost = Lost {
            letters: ['Ậ'].into_iter().collect(),
            partial: [('B', 3.0), ('D', 3.0), ('L', 1.9)].into_iter().collect(),
        };
        let index = build_index(&m, &lost);
        let costs = index.doc_costs();
        let line = "Hóa, U N  huyện ban hành";
        let (out, _) = decode_alone(&m, &index, line);
        assert_eq!(out, "Hóa, UBND huyện ban hành");
        let found = index.whole_spans(&line.chars().collect::<Vec<_>>(), 5, &costs);
        assert!(
            found.iter().any(|f| f.1 == "UBND" && f.3 == 3.0),
            "{found:?}"
        );
    }

    #[test]
    fn a_separator_before_punctuation_costs_more() {
        let chars: Vec<char> = "C06 -   ; Tổ".chars().collect();
        assert_eq!(separator_cost(&chars, 5, true), 0.5);
        assert_eq!(separator_cost(&chars, 7, true), 0.5 + SPACE_BEFORE_PUNCT);
        assert_eq!(separator_cost(&chars, 3, false), 0.0);
        assert_eq!(separator_cost(&chars, 9, false), 0.0);
    }
}
