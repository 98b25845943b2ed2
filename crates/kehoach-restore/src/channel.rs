//! The OCR channel: how likely an OCR engine reads truth text T as the string O.
//!
//! The model is a table of character n-gram confusions `truth → ocr` (0–3 characters each side,
//! empty = insertion/deletion) with counts, in the format the synthetic-scan pipeline writes
//! (`truth<TAB>ocr<TAB>count`, '#' comments first). Counts become costs `-ln P(O|T) + ln P(T|T)`,
//! i.e. log-odds against a correct reading, so a perfect read costs 0 and every error is paid for.
//! A weighted edit distance over these operations scores a candidate syllable against an OCR
//! token. Pairs the table never saw fall back to generic costs that still prefer errors of the
//! kind every Latin OCR makes on Vietnamese (a lost or wrong diacritic on the same base letter).

use crate::fast::base as base_letter;
use rustc_hash::FxHashMap as HashMap;

/// Costs in nats (natural-log odds against a correct read).
#[derive(Debug, Clone)]
pub struct ChannelModel {
    /// Single-character substitutions truth → ocr (lowercase).
    sub: HashMap<(char, char), f32>,
    /// Multi-character (or empty-side) operations, keyed by the last truth char, or by the last
    /// ocr char (with '\0' key marker) for pure insertions.
    multi_by_truth_last: HashMap<char, Vec<MultiOp>>,
    multi_ins_by_ocr_last: HashMap<char, Vec<MultiOp>>,
    /// Two-sided multi-character ops by (last truth char, last ocr char): the DP's hot path.
    multi_pair: HashMap<(char, char), Vec<MultiOp>>,
    /// Deletions (empty ocr side) by last truth char.
    multi_del: HashMap<char, Vec<MultiOp>>,
    /// `sub`, `multi_pair` and `multi_del` as dense arrays over the chars they mention.
    index: PairIndex,
    /// OCR string → skeletons of the truth strings it may stand for (cheap ops only): lets the
    /// candidate search undo garbles such as "if"/"it" for "ữ" before looking up syllables.
    pub reverse: HashMap<String, Vec<(String, f32)>>,
    /// Cost of a diacritic-only change (same base letter) the table does not list.
    pub mark_cost: f32,
    /// Cost of any other substitution the table does not list.
    pub sub_cost: f32,
    pub ins_cost: f32,
    pub del_cost: f32,
    /// Number of table rows loaded (0 = generic costs only).
    pub rows: usize,
}

#[derive(Debug, Clone)]
struct MultiOp {
    truth: Vec<char>,
    ocr: Vec<char>,
    cost: f32,
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

impl Default for ChannelModel {
    fn default() -> Self {
        ChannelModel {
            sub: HashMap::default(),
            multi_by_truth_last: HashMap::default(),
            multi_ins_by_ocr_last: HashMap::default(),
            multi_pair: HashMap::default(),
            multi_del: HashMap::default(),
            index: PairIndex::default(),
            reverse: HashMap::default(),
            mark_cost: 1.6,
            sub_cost: 6.0,
            ins_cost: 5.0,
            del_cost: 5.0,
            rows: 0,
        }
    }
}

impl ChannelModel {
    /// Parses a `truth<TAB>ocr<TAB>count` table. Case is folded (restoration compares lowercase
    /// forms); counts of rows that fold together are added. Identity rows (truth == ocr) give the
    /// probability of a correct read; when a truth string has none, a correct read is assumed to
    /// be `identity_prior` times as frequent as all its errors together.
    pub fn from_tsv(tsv: &str) -> ChannelModel {
        let mut counts: HashMap<(String, String), f64> = HashMap::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut it = line.split('\t');
            let (Some(t), Some(o), Some(c)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let Ok(c) = c.trim().parse::<f64>() else {
                continue;
            };
            let t = kehoach_core::text::nfc(&lower(t));
            let o = kehoach_core::text::nfc(&lower(o));
            *counts.entry((t, o)).or_default() += c;
        }
        let mut m = ChannelModel::default();
        m.add_counts(&counts, 4.0);
        m.reindex();
        m
    }

    /// Rebuilds the DP indexes from the op lists.
    fn reindex(&mut self) {
        self.multi_pair.clear();
        self.multi_del.clear();
        for ops in self.multi_by_truth_last.values() {
            for op in ops {
                match op.ocr.last() {
                    Some(&o) => {
                        self.multi_pair
                            .entry((*op.truth.last().unwrap(), o))
                            .or_default()
                            .push(op.clone());
                    }
                    None => self
                        .multi_del
                        .entry(*op.truth.last().unwrap())
                        .or_default()
                        .push(op.clone()),
                }
            }
        }
        self.index = PairIndex::new(&self.sub, &self.multi_pair, &self.multi_del);
    }

    /// Merges a counts table into this model (rows already present keep the cheaper cost).
    fn add_counts(&mut self, counts: &HashMap<(String, String), f64>, identity_prior: f64) {
        let mut total: HashMap<&str, f64> = HashMap::default();
        let mut ident: HashMap<&str, f64> = HashMap::default();
        for ((t, o), c) in counts {
            *total.entry(t.as_str()).or_default() += c;
            if t == o {
                *ident.entry(t.as_str()).or_default() += c;
            }
        }
        for ((t, o), c) in counts {
            if t == o {
                continue;
            }
            let tot = total[t.as_str()];
            let err_tot = tot - ident.get(t.as_str()).copied().unwrap_or(0.0);
            let id = match ident.get(t.as_str()) {
                Some(&i) if i > 0.0 => i,
                _ => err_tot * identity_prior,
            };
            // Insertions (empty truth) are compared against nothing: use a fixed base rate.
            let cost = if t.is_empty() {
                (-(c / (tot + 1000.0)).ln()) as f32
            } else {
                ((id / c).ln().max(0.05)) as f32
            };
            self.rows += 1;
            if cost <= 4.5 && !o.is_empty() {
                let sk = crate::fast::skeleton(t);
                if sk != crate::fast::skeleton(o)
                    && sk.chars().all(|c| c.is_ascii_lowercase())
                    && !o.contains(' ')
                {
                    let v = self.reverse.entry(o.clone()).or_default();
                    if !v.iter().any(|x| x.0 == sk) {
                        v.push((sk, cost));
                    }
                }
            }
            let tc: Vec<char> = t.chars().collect();
            let oc: Vec<char> = o.chars().collect();
            if tc.len() == 1 && oc.len() == 1 {
                let e = self.sub.entry((tc[0], oc[0])).or_insert(cost);
                *e = e.min(cost);
            } else if let Some(&last) = tc.last() {
                self.multi_by_truth_last
                    .entry(last)
                    .or_default()
                    .push(MultiOp {
                        truth: tc,
                        ocr: oc,
                        cost,
                    });
            } else if let Some(&last) = oc.last() {
                self.multi_ins_by_ocr_last
                    .entry(last)
                    .or_default()
                    .push(MultiOp {
                        truth: tc,
                        ocr: oc,
                        cost,
                    });
            }
        }
    }

    /// Adds another table (e.g. the hand-written look-alikes under a learned table).
    pub fn merge_tsv(&mut self, tsv: &str) {
        let other = ChannelModel::from_tsv(tsv);
        for (k, v) in other.sub {
            let e = self.sub.entry(k).or_insert(v);
            *e = e.min(v);
        }
        for (k, v) in other.multi_by_truth_last {
            self.multi_by_truth_last.entry(k).or_default().extend(v);
        }
        for (k, v) in other.multi_ins_by_ocr_last {
            self.multi_ins_by_ocr_last.entry(k).or_default().extend(v);
        }
        for (k, v) in other.reverse {
            let e = self.reverse.entry(k).or_default();
            for x in v {
                if !e.iter().any(|y| y.0 == x.0) {
                    e.push(x);
                }
            }
        }
        self.rows += other.rows;
        self.reindex();
    }

    /// Cost of reading truth char `t` as ocr char `o` (both lowercase).
    #[inline]
    pub fn sub(&self, t: char, o: char) -> f32 {
        if t == o {
            return 0.0;
        }
        if let Some(&c) = self.sub.get(&(t, o)) {
            return c;
        }
        if base_letter(t) == base_letter(o) {
            return self.mark_cost;
        }
        self.sub_cost
    }

    /// Weighted edit distance: cost of the OCR engine printing `ocr` for `truth` (both lowercase
    /// char slices).
    pub fn cost(&self, truth: &[char], ocr: &[char]) -> f32 {
        let mut p = self.prepare(ocr);
        self.cost_prepared(&mut p, truth, f32::INFINITY)
    }

    /// Pre-selects, for every end position of the OCR token, the insertions whose OCR side
    /// matches there; the operations that also depend on a truth char are selected per char on
    /// first use (see [`Prepared`]), so scoring many candidates against one token does the
    /// table lookups once.
    pub fn prepare<'a>(&'a self, ocr: &[char]) -> Prepared<'a> {
        let mut p = Prepared::default();
        self.prepare_into(ocr, &mut p);
        p
    }

    /// [`ChannelModel::prepare`] into an existing [`Prepared`], reusing its buffers.
    pub fn prepare_into<'a>(&'a self, ocr: &[char], p: &mut Prepared<'a>) {
        let m = ocr.len();
        p.ocr.clear();
        p.ocr.extend_from_slice(ocr);
        p.ocr_ids.clear();
        p.ocr_ids.extend(ocr.iter().map(|&c| self.index.ocr.id(c)));
        p.ins1.clear();
        p.ins1.resize(m + 1, self.ins_cost);
        p.ins.clear();
        p.ins_at.clear();
        p.ins_at.push(0);
        p.ins_at.push(0);
        for j in 1..=m {
            if let Some(ops) = self.multi_ins_by_ocr_last.get(&ocr[j - 1]) {
                let start = p.ins.len();
                for op in ops {
                    let b = op.ocr.len();
                    if b <= j && ocr[j - b..j].iter().eq(&op.ocr) {
                        if b == 1 {
                            p.ins1[j] = p.ins1[j].min(op.cost);
                        } else {
                            add_min(&mut p.ins, start, b, op.cost);
                        }
                    }
                }
            }
            p.ins_at.push(p.ins.len() as u32);
        }
        p.row_of.clear();
        // Forgets every row of `row_by_id` (stamp 0 is never current).
        p.stamp = p.stamp.wrapping_add(1);
        if p.stamp == 0 {
            p.row_by_id.iter_mut().for_each(|e| e.0 = 0);
            p.stamp = 1;
        }
        p.del.clear();
        p.sub.clear();
        p.pair_at.clear();
        p.pair.clear();
        // DP row 0 (the empty truth prefix): insertions only.
        p.rows.clear();
        p.rows.push(0.0);
        for j in 1..=m {
            let mut best = p.rows[j - 1] + p.ins1[j];
            for &(b, c) in &p.ins[p.ins_at[j] as usize..p.ins_at[j + 1] as usize] {
                best = min(best, p.rows[j - b] + c);
            }
            p.rows.push(best);
        }
        p.nodes.clear();
        p.nodes.push(PrefixRow {
            ch: '\0',
            first_child: NONE,
            next: NONE,
            row_min: 0.0,
        });
    }

    /// The row of truth char `t` in `p` (filled on first use): its substitution cost against
    /// every OCR char, and the two-sided operations whose truth side ends with it and whose
    /// OCR side ends at each OCR position.
    fn row<'a>(&'a self, p: &mut Prepared<'a>, t: char) -> usize {
        let ix = &self.index;
        let tid = ix.truth.id(t);
        // Chars of the table are found by id (an array read), the rest by map.
        match tid {
            Some(a) => {
                if p.row_by_id.len() < ix.truth.len {
                    p.row_by_id.resize(ix.truth.len, (0, 0));
                }
                let (stamp, r) = p.row_by_id[a];
                if stamp == p.stamp {
                    return r as usize;
                }
            }
            None => {
                if let Some(&r) = p.row_of.get(&t) {
                    return r as usize;
                }
            }
        }
        let r = p.del.len();
        let m = p.ocr.len();
        p.pair_at.push(p.pair.len() as u32);
        for j in 1..=m {
            let o = p.ocr[j - 1];
            let (table, ops) = match (tid, p.ocr_ids[j - 1]) {
                (Some(a), Some(b)) => ix.cells[a * ix.n_ocr + b],
                _ => (f32::NAN, NONE),
            };
            // `sub(t, o)`, with the table's entry already looked up.
            p.sub.push(if t == o {
                0.0
            } else if !table.is_nan() {
                table
            } else if base_letter(t) == base_letter(o) {
                self.mark_cost
            } else {
                self.sub_cost
            });
            if ops != NONE {
                for op in ix.list(ops) {
                    let b = op.olen as usize;
                    // Compared char by char: the sides are 1–3 chars, too short for `memcmp`.
                    if b <= j && ends_with(&p.ocr[..j], ix.ocr_of(op)) {
                        p.pair.push((ix.truth_of(op), b, op.cost));
                    }
                }
            }
            p.pair_at.push(p.pair.len() as u32);
        }
        p.del.push(match tid {
            Some(a) if ix.del[a] != NONE => ix.list(ix.del[a]),
            _ => &[][..],
        });
        match tid {
            Some(a) => p.row_by_id[a] = (p.stamp, r as u32),
            None => {
                p.row_of.insert(t, r as u32);
            }
        }
        r
    }

    /// [`ChannelModel::cost`] against a prepared token; gives up (returns infinity) as soon as
    /// every path costs more than `cutoff`.
    ///
    /// Row i of the DP depends only on the first i truth chars, and a token's candidates share
    /// prefixes ("hiện", "hiền", "hiến"): rows are kept in a trie of truth prefixes per token
    /// and computed once. The early exit is replayed on the stored row minima, so a reused row
    /// stops a DP exactly where computing it would have.
    pub fn cost_prepared<'a>(&'a self, p: &mut Prepared<'a>, truth: &[char], cutoff: f32) -> f32 {
        self.cost_and_exit(p, truth, cutoff)
            .map_or(f32::INFINITY, |(cost, _)| cost)
    }

    /// [`ChannelModel::cost_prepared`], also giving the least cutoff under which it returns
    /// that cost rather than giving up (infinity below it); None where it gives up at
    /// `cutoff`. A caller that meets the same (token, truth) pair again under another cutoff
    /// can replay the early exit exactly instead of running the DP again.
    pub fn cost_and_exit<'a>(
        &'a self,
        p: &mut Prepared<'a>,
        truth: &[char],
        cutoff: f32,
    ) -> Option<(f32, f32)> {
        let n = truth.len();
        let m = p.ocr.len();
        p.path.clear();
        p.path.push(0);
        // Costs only grow along a path and multi-character ops skip at most 2 rows, so once
        // three consecutive rows exceed the cutoff no path can come back under it: the DP
        // gives up below the largest minimum of such a window.
        let mut recent = [f32::INFINITY, f32::INFINITY, 0.0f32];
        let mut exit = 0.0f32;
        for i in 0..=n {
            if i > 0 {
                recent = [recent[1], recent[2], self.prefix_row(p, truth, i)];
            }
            let window = recent[0].min(recent[1]).min(recent[2]);
            if window > cutoff {
                return None;
            }
            exit = exit.max(window);
        }
        Some((p.rows[p.path[n] as usize * (m + 1) + m], exit))
    }

    /// Pushes onto `p.path` the trie node of `truth[..i]` (its row computed on first use) and
    /// returns the row's minimum.
    #[inline]
    fn prefix_row<'a>(&'a self, p: &mut Prepared<'a>, truth: &[char], i: usize) -> f32 {
        let t = truth[i - 1];
        let parent = p.path[i - 1] as usize;
        let mut k = p.nodes[parent].first_child;
        while k != NONE && p.nodes[k as usize].ch != t {
            k = p.nodes[k as usize].next;
        }
        if k == NONE {
            k = p.nodes.len() as u32;
            let row_min = self.compute_row(p, truth, i);
            p.nodes.push(PrefixRow {
                ch: t,
                first_child: NONE,
                next: p.nodes[parent].first_child,
                row_min,
            });
            p.nodes[parent].first_child = k;
        }
        p.path.push(k);
        p.nodes[k as usize].row_min
    }

    /// Appends the DP row of `truth[..i]` to `p.rows` (the rows of the shorter prefixes are
    /// those of `p.path`) and returns its minimum.
    ///
    /// Operations of the same length on a side are reduced to the cheapest before the cell
    /// loop (`x + min c` is `min (x + c)` exactly: rounding is monotonic), and deletions that
    /// fit the truth prefix are selected once per row, not per cell.
    fn compute_row<'a>(&'a self, p: &mut Prepared<'a>, truth: &[char], i: usize) -> f32 {
        let m = p.ocr.len();
        let w = m + 1;
        let r = self.row(p, truth[i - 1]);
        // Deletions whose truth side ends the prefix: one edit's cost, then longer ones.
        let mut del1 = self.del_cost;
        p.dels.clear();
        let del = p.del[r];
        for op in del {
            let a = op.tlen as usize;
            if a <= i && ends_with(&truth[..i], self.index.truth_of(op)) {
                if a == 1 {
                    del1 = del1.min(op.cost);
                } else {
                    add_min(&mut p.dels, 0, a, op.cost);
                }
            }
        }
        let start = p.rows.len();
        p.rows.resize(start + w, f32::INFINITY);
        let Prepared {
            rows,
            path,
            sub,
            pair_at,
            pair,
            ins1,
            ins,
            ins_at,
            dels,
            ..
        } = p;
        let sub = &sub[r * m..(r + 1) * m];
        let pair_at = &pair_at[r * w..(r + 1) * w];
        let (above, cur) = rows.split_at_mut(start);
        // Row of the prefix `a` chars shorter.
        let row = |a: usize| path[i - a] as usize * w;
        let prev = &above[row(1)..row(1) + w];
        let mut best = prev[0] + del1;
        for &(a, c) in dels.iter() {
            best = min(best, above[row(a)] + c);
        }
        cur[0] = best;
        let mut row_min = best;
        for j in 1..=m {
            let mut best = prev[j - 1] + sub[j - 1];
            best = min(best, prev[j] + del1);
            best = min(best, cur[j - 1] + ins1[j]);
            for &(b, c) in &ins[ins_at[j] as usize..ins_at[j + 1] as usize] {
                best = min(best, cur[j - b] + c);
            }
            for &(a, c) in dels.iter() {
                best = min(best, above[row(a) + j] + c);
            }
            for &(t, b, c) in &pair[pair_at[j - 1] as usize..pair_at[j] as usize] {
                let a = t.len();
                if a <= i && ends_with(&truth[..i], t) {
                    best = min(best, above[row(a) + j - b] + c);
                }
            }
            cur[j] = best;
            row_min = min(row_min, best);
        }
        row_min
    }
}

/// "None" in the index arrays (no trie node, no operation list).
const NONE: u32 = u32::MAX;

/// Compact ids of a set of chars: by position in the Latin blocks of `fast::dense_index`,
/// else by map.
#[derive(Debug, Clone, Default)]
struct CharIds {
    dense: Vec<u32>,
    other: HashMap<char, u32>,
    len: usize,
}

impl CharIds {
    fn new(chars: impl Iterator<Item = char>) -> CharIds {
        let mut ids = CharIds {
            dense: vec![NONE; crate::fast::dense_index('\u{1eff}').unwrap() + 1],
            ..Default::default()
        };
        for c in chars {
            if ids.id(c).is_none() {
                match crate::fast::dense_index(c) {
                    Some(i) => ids.dense[i] = ids.len as u32,
                    None => {
                        ids.other.insert(c, ids.len as u32);
                    }
                }
                ids.len += 1;
            }
        }
        ids
    }

    #[inline]
    fn id(&self, c: char) -> Option<usize> {
        let id = match crate::fast::dense_index(c) {
            Some(i) => *self.dense.get(i)?,
            None => *self.other.get(&c)?,
        };
        (id != NONE).then_some(id as usize)
    }
}

/// The substitution table and the multi-character operations a DP row needs, as arrays
/// indexed by compact char ids: building a row of the channel DP reads one cell per OCR
/// char instead of probing two hash maps.
#[derive(Debug, Clone, Default)]
struct PairIndex {
    /// Truth chars and OCR chars the tables mention.
    truth: CharIds,
    ocr: CharIds,
    n_ocr: usize,
    /// Cell (truth t, OCR o) at `t * n_ocr + o`: the table's substitution cost (NaN: not in
    /// the table) and the list of two-sided operations ending with (t, o) (NONE: none).
    cells: Vec<(f32, u32)>,
    /// Deletion list of each truth char (NONE: none).
    del: Vec<u32>,
    /// Operation list k is `ops[list_at[k]..list_at[k + 1]]`; every operation's chars are in
    /// `op_chars`. Contiguous, so building a DP row reads no scattered allocations.
    list_at: Vec<u32>,
    ops: Vec<FlatOp>,
    op_chars: Vec<char>,
}

/// A [`MultiOp`] in a [`PairIndex`]: its truth chars are `op_chars[at..at + tlen]`, its OCR
/// chars the `olen` after them.
#[derive(Debug, Clone, Copy)]
struct FlatOp {
    at: u32,
    tlen: u16,
    olen: u16,
    cost: f32,
}

impl PairIndex {
    fn new(
        sub: &HashMap<(char, char), f32>,
        pair: &HashMap<(char, char), Vec<MultiOp>>,
        del: &HashMap<char, Vec<MultiOp>>,
    ) -> PairIndex {
        let mut keys: Vec<(char, char)> = sub.keys().chain(pair.keys()).copied().collect();
        keys.sort_unstable();
        let mut truth_chars: Vec<char> = keys
            .iter()
            .map(|k| k.0)
            .chain(del.keys().copied())
            .collect();
        truth_chars.sort_unstable();
        let truth = CharIds::new(truth_chars.into_iter());
        let ocr = CharIds::new(keys.iter().map(|k| k.1));
        let n_ocr = ocr.len;
        let mut ix = PairIndex {
            cells: vec![(f32::NAN, NONE); truth.len * n_ocr],
            del: vec![NONE; truth.len],
            truth,
            ocr,
            n_ocr,
            list_at: vec![0],
            ops: Vec::new(),
            op_chars: Vec::new(),
        };
        for (&(t, o), &c) in sub {
            let cell = ix.truth.id(t).unwrap() * n_ocr + ix.ocr.id(o).unwrap();
            ix.cells[cell].0 = c;
        }
        for (&(t, o), ops) in pair {
            let cell = ix.truth.id(t).unwrap() * n_ocr + ix.ocr.id(o).unwrap();
            ix.cells[cell].1 = ix.push_list(ops);
        }
        for (&t, ops) in del {
            let id = ix.truth.id(t).unwrap();
            ix.del[id] = ix.push_list(ops);
        }
        ix
    }

    /// Appends an operation list; returns its number.
    fn push_list(&mut self, ops: &[MultiOp]) -> u32 {
        for op in ops {
            self.ops.push(FlatOp {
                at: self.op_chars.len() as u32,
                tlen: op.truth.len() as u16,
                olen: op.ocr.len() as u16,
                cost: op.cost,
            });
            self.op_chars.extend_from_slice(&op.truth);
            self.op_chars.extend_from_slice(&op.ocr);
        }
        self.list_at.push(self.ops.len() as u32);
        (self.list_at.len() - 2) as u32
    }

    /// Operation list number `k`.
    #[inline]
    fn list(&self, k: u32) -> &[FlatOp] {
        &self.ops[self.list_at[k as usize] as usize..self.list_at[k as usize + 1] as usize]
    }

    /// The truth side of an operation.
    #[inline]
    fn truth_of(&self, op: &FlatOp) -> &[char] {
        &self.op_chars[op.at as usize..op.at as usize + op.tlen as usize]
    }

    /// The OCR side of an operation.
    #[inline]
    fn ocr_of(&self, op: &FlatOp) -> &[char] {
        let start = op.at as usize + op.tlen as usize;
        &self.op_chars[start..start + op.olen as usize]
    }
}

/// A node of the prefix trie of a [`Prepared`] token: the DP row of one truth prefix.
#[derive(Debug, Clone, Copy)]
struct PrefixRow {
    /// Last char of the prefix.
    ch: char,
    /// First of the rows one char longer, linked through `next`.
    first_child: u32,
    next: u32,
    /// Minimum of the row (for the early exit).
    row_min: f32,
}

/// The smaller of two costs (never NaN: costs are finite or +inf and only added).
#[inline]
fn min(a: f32, b: f32) -> f32 {
    if b < a {
        b
    } else {
        a
    }
}

/// Keeps the cheapest cost per length in `v[start..]`.
fn add_min(v: &mut Vec<(usize, f32)>, start: usize, len: usize, cost: f32) {
    match v[start..].iter_mut().find(|e| e.0 == len) {
        Some(e) => e.1 = e.1.min(cost),
        None => v.push((len, cost)),
    }
}

#[inline]
fn ends_with(s: &[char], t: &[char]) -> bool {
    let (n, a) = (s.len(), t.len());
    a <= n && (0..a).all(|k| s[n - a + k] == t[k])
}

/// An OCR token prepared for scoring (see [`ChannelModel::prepare`]), with a cache of the
/// per-truth-char rows its candidates needed so far.
#[derive(Debug, Clone, Default)]
pub struct Prepared<'a> {
    ocr: Vec<char>,
    /// Ids of the OCR chars in the model's [`PairIndex`].
    ocr_ids: Vec<Option<usize>>,
    /// Cost of inserting OCR char j (1-based): the generic cost or a cheaper one-char row.
    ins1: Vec<f32>,
    /// Longer insertions ending at OCR position j: `ins[ins_at[j]..ins_at[j + 1]]`, as
    /// (OCR length, cheapest cost).
    ins: Vec<(usize, f32)>,
    ins_at: Vec<u32>,
    /// Row index of each truth char seen so far that the model's table does not mention.
    row_of: HashMap<char, u32>,
    /// The same for chars of the model's table, by truth-char id: (stamp, row); current
    /// when the stamp is `stamp`, the number of the [`ChannelModel::prepare_into`] call.
    row_by_id: Vec<(u32, u32)>,
    stamp: u32,
    /// Row r: deletions (empty OCR side) whose truth side ends with its char.
    del: Vec<&'a [FlatOp]>,
    /// Row r: substitution cost of its truth char against OCR char j at `sub[r * m + j]`.
    sub: Vec<f32>,
    /// Row r: the two-sided ops ending with its truth char and at OCR position j (1-based),
    /// as (truth side, OCR length, cost), are `pair[pair_at[r * (m + 1) + j - 1]..
    /// pair_at[r * (m + 1) + j]]`.
    pair_at: Vec<u32>,
    pair: Vec<(&'a [char], usize, f32)>,
    /// Scratch of [`ChannelModel::cost_prepared`]: the current row's longer deletions.
    dels: Vec<(usize, f32)>,
    /// DP rows of the truth prefixes scored so far, a trie rooted at the empty prefix (node
    /// 0); node k's row is `rows[k * (m + 1)..(k + 1) * (m + 1)]`.
    nodes: Vec<PrefixRow>,
    rows: Vec<f32>,
    /// Nodes of the prefixes of the truth being scored.
    path: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn table_rows_make_lookalikes_cheap() {
        let m = ChannelModel::from_tsv("# test\nô\t6\t30\nô\tô\t100\nứ\tir\t10\nứ\tứ\t100\n");
        assert!(m.cost(&chars("mô"), &chars("m6")) < 1.5);
        let chuc = m.cost(&chars("chức"), &chars("chirc"));
        assert!(chuc < 5.0, "{chuc}");
        // An unrelated reading stays expensive.
        assert!(m.cost(&chars("mô"), &chars("xy")) > 8.0);
        assert_eq!(m.cost(&chars("mô"), &chars("mô")), 0.0);
    }

    #[test]
    fn rows_shared_between_candidates_give_the_same_costs() {
        let m = ChannelModel::from_tsv(
            "ô\t6\t30\nô\tô\t100\nứ\tir\t10\nứ\tứ\t100\nch\tc\t5\nh\th\t50\n\t'\t3\nn\t\t2\n",
        );
        let ocr = chars("chirc'");
        let truths = [
            "chức", "chữ", "chức", "chúc", "chuc", "cho", "chờ", "m6", "", "chửng", "x",
        ];
        let mut shared = m.prepare(&ocr);
        for cutoff in [f32::INFINITY, 12.0, 6.0, 2.0, 0.5, -1.0] {
            for t in truths {
                let fresh = m.cost_prepared(&mut m.prepare(&ocr), &chars(t), cutoff);
                let got = m.cost_prepared(&mut shared, &chars(t), cutoff);
                assert_eq!(got.to_bits(), fresh.to_bits(), "{t} {cutoff}");
            }
        }
    }

    #[test]
    fn cost_and_exit_replays_every_cutoff() {
        let m = ChannelModel::from_tsv(
            "ô\t6\t30\nô\tô\t100\nứ\tir\t10\nứ\tứ\t100\nch\tc\t5\nh\th\t50\n\t'\t3\nn\t\t2\n",
        );
        let ocr = chars("chirc'");
        let mut shared = m.prepare(&ocr);
        for t in [
            "chức", "chữ", "chúc", "cho", "chờ", "m6", "", "chửng", "x", "nghiêng",
        ] {
            let (cost, exit) = m
                .cost_and_exit(&mut shared, &chars(t), f32::INFINITY)
                .unwrap();
            let below = f32::from_bits(exit.to_bits().saturating_sub(1));
            for cutoff in [
                f32::INFINITY,
                30.0,
                12.0,
                6.0,
                3.0,
                0.5,
                0.0,
                -1.0,
                exit,
                below,
            ] {
                let want = m.cost_prepared(&mut m.prepare(&ocr), &chars(t), cutoff);
                let replay = if cutoff < exit { f32::INFINITY } else { cost };
                assert_eq!(replay.to_bits(), want.to_bits(), "{t} {cutoff}");
            }
        }
    }

    #[test]
    fn mark_errors_cheaper_than_letter_errors() {
        let m = ChannelModel::default();
        assert!(m.cost(&chars("hiện"), &chars("hién")) < m.cost(&chars("hiện"), &chars("hiàn")));
    }

    #[test]
    fn case_is_folded_and_counts_merge() {
        let m = ChannelModel::from_tsv("Đ\tP\t5\nđ\tp\t5\nđ\tđ\t100\n");
        assert_eq!(m.rows, 1);
        assert!((m.sub('đ', 'p') - (10.0f32).ln()).abs() < 1e-3);
    }
}
