//! Syllable language model: interpolated Kneser–Ney trigrams over syllable ids.
//!
//! Vietnamese is written one syllable per token, and the restoration decisions (which tone,
//! which of two look-alike rhymes) are decided mostly by the neighbouring syllable, so a bigram
//! model over syllables carries most of the signal while staying small and fast to build at
//! start-up. Kneser–Ney continuation counts keep syllables that occur in many contexts (the
//! grammatical words) above syllables frequent only inside one fixed phrase, and the uniform floor
//! keeps every syllable the orthography allows reachable, so unseen words can still be restored.

use rustc_hash::FxHashMap;

/// Interpolated Kneser–Ney trigram model (trigram → bigram → frequency-mixed unigram → floor).
/// Costs are negative natural logs.
#[derive(Debug, Clone, Default)]
pub struct Lm {
    /// -ln P(w | v) for every bigram seen in training.
    bigram: FxHashMap<u64, f32>,
    /// -ln γ(v): back-off weight of the unigram distribution after v.
    backoff: Vec<f32>,
    /// -ln P_cont(w).
    unigram: Vec<f32>,
    /// -ln P(w | u v) for every trigram seen in training.
    trigram: FxHashMap<u64, f32>,
    /// -ln γ(u v) for every seen trigram context.
    tri_backoff: FxHashMap<u64, f32>,
    /// Per id w, the least [`Lm::cost`] or [`Lm::cost3`] any context gives it.
    min_to: Vec<f32>,
}

#[inline]
fn key3(u: u32, v: u32, w: u32) -> u64 {
    ((u as u64) << 42) | ((v as u64) << 21) | w as u64
}

#[inline]
fn key(v: u32, w: u32) -> u64 {
    ((v as u64) << 32) | w as u64
}

/// -ln p, never negative: a probability rounded above 1 costs nothing. The decoder prunes on
/// that (a path only gets dearer as language-model costs are added).
fn cost_of(p: f64) -> f32 {
    (-p.ln()).max(0.0) as f32
}

/// Counts collected before estimation.
#[derive(Debug, Default)]
pub struct LmCounts {
    /// Per pair: its count, and how much it counts as a context of its second syllable in the
    /// continuation distribution (the most any of its sources gave).
    pair: FxHashMap<u64, (f64, f64)>,
    uni: FxHashMap<u32, f64>,
    tri: FxHashMap<u64, f64>,
}

impl LmCounts {
    /// Adds a sequence of ids (bigrams between neighbours) with a weight.
    pub fn add_seq(&mut self, ids: &[u32], weight: f64) {
        self.add_seq_weighted(ids, weight, weight, 1.0);
    }

    /// Adds a sequence with separate weights for its bigrams, its unigram frequencies and its
    /// pairs as contexts in the continuation distribution (1 for running text; a dictionary's
    /// compounds are not running text, see [`Lm::estimate`]).
    pub fn add_seq_weighted(
        &mut self,
        ids: &[u32],
        pair_weight: f64,
        uni_weight: f64,
        context_weight: f64,
    ) {
        for p in ids.windows(2) {
            let e = self.pair.entry(key(p[0], p[1])).or_default();
            e.0 += pair_weight;
            e.1 = e.1.max(context_weight);
        }
        for &w in ids.iter().skip(1) {
            *self.uni.entry(w).or_default() += uni_weight;
        }
        for t in ids.windows(3) {
            *self.tri.entry(key3(t[0], t[1], t[2])).or_default() += pair_weight;
        }
    }
}

impl Lm {
    /// Estimates the model for a vocabulary of `vocab` ids. `floor` is the pseudo-count every id
    /// gets in the continuation distribution (reachability of unseen syllables).
    pub fn estimate(counts: &LmCounts, vocab: usize, floor: f64) -> Lm {
        const D: f64 = 0.75;
        let mut ctx_total = vec![0f64; vocab];
        let mut ctx_types = vec![0f64; vocab];
        let mut cont = vec![0f64; vocab];
        for (&k, &(c, context)) in &counts.pair {
            let v = (k >> 32) as usize;
            let w = (k & 0xffff_ffff) as usize;
            ctx_total[v] += c;
            ctx_types[v] += 1.0;
            cont[w] += context;
        }
        // The lower-order distribution mixes Kneser–Ney continuation (how many contexts a
        // syllable follows) with plain frequency: for restoration a syllable frequent in plans
        // ("huyện") must beat one that merely appears in many dictionary compounds ("huyền").
        // For the same reason a dictionary compound's pair is not a context of its second
        // syllable unless running text has it too: "dạ", in a dozen compounds and never in a
        // plan, outranked "đã".
        let cont_total: f64 = cont.iter().sum::<f64>() + floor * vocab as f64;
        let mut freq = vec![0f64; vocab];
        for (&w, &c) in &counts.uni {
            freq[w as usize] += c;
        }
        let freq_total: f64 = freq.iter().sum::<f64>() + floor * vocab as f64;
        let unigram: Vec<f32> = (0..vocab)
            .map(|w| {
                let p = 0.3 * (cont[w] + floor) / cont_total + 0.7 * (freq[w] + floor) / freq_total;
                cost_of(p)
            })
            .collect();
        let backoff: Vec<f32> = (0..vocab)
            .map(|v| {
                if ctx_total[v] > 0.0 {
                    let d = D.min(ctx_total[v] / ctx_types[v].max(1.0));
                    cost_of(d * ctx_types[v] / ctx_total[v])
                } else {
                    0.0
                }
            })
            .collect();
        let mut bigram = FxHashMap::default();
        bigram.reserve(counts.pair.len());
        for (&k, &(c, _)) in &counts.pair {
            let v = (k >> 32) as usize;
            let w = (k & 0xffff_ffff) as usize;
            let d = D.min(ctx_total[v] / ctx_types[v].max(1.0));
            let p = (c - d).max(0.0) / ctx_total[v]
                + (-(backoff[v] as f64)).exp() * (-(unigram[w] as f64)).exp();
            bigram.insert(k, cost_of(p));
        }
        let mut lm = Lm {
            bigram,
            backoff,
            unigram,
            trigram: FxHashMap::default(),
            tri_backoff: FxHashMap::default(),
            min_to: Vec::new(),
        };
        // Trigram level, interpolated with the bigram model the same way.
        let mut ctx: FxHashMap<u64, (f64, f64)> = FxHashMap::default();
        for (&k, &c) in &counts.tri {
            let e = ctx.entry(k >> 21).or_default();
            e.0 += c;
            e.1 += 1.0;
        }
        for (&k, &(tot, types)) in &ctx {
            let d = D.min(tot / types.max(1.0));
            lm.tri_backoff.insert(k, cost_of(d * types / tot));
        }
        lm.trigram.reserve(counts.tri.len());
        for (&k, &c) in &counts.tri {
            let (tot, types) = ctx[&(k >> 21)];
            let d = D.min(tot / types.max(1.0));
            let v = ((k >> 21) & 0x1f_ffff) as u32;
            let w = (k & 0x1f_ffff) as u32;
            let p = (c - d).max(0.0) / tot + (d * types / tot) * (-(lm.cost(v, w) as f64)).exp();
            lm.trigram.insert(k, cost_of(p));
        }
        // An unseen pair costs backoff(v) + unigram(w), a trigram's back-off γ(u v) adds a
        // cost that is never negative to a bigram cost: the least of each table bounds all.
        let least_backoff = lm.backoff.iter().copied().fold(f32::INFINITY, f32::min);
        lm.min_to = lm.unigram.iter().map(|&u| least_backoff + u).collect();
        let bigrams = lm.bigram.iter().map(|(&k, &c)| (k as u32, c));
        let trigrams = lm
            .trigram
            .iter()
            .map(|(&k, &c)| ((k & 0x1f_ffff) as u32, c));
        for (w, c) in bigrams.chain(trigrams) {
            let least = &mut lm.min_to[w as usize];
            *least = least.min(c);
        }
        lm
    }

    /// A lower bound of [`Lm::cost`]`(v, w)` and [`Lm::cost3`]`(u, v, w)` over all contexts:
    /// what the decoder may assume before looking the context up.
    #[inline]
    pub fn min_cost_to(&self, w: u32) -> f32 {
        self.min_to.get(w as usize).copied().unwrap_or(0.0)
    }

    /// -ln P(w | u v).
    #[inline]
    pub fn cost3(&self, u: u32, v: u32, w: u32) -> f32 {
        if let Some(&c) = self.trigram.get(&key3(u, v, w)) {
            return c;
        }
        match self.tri_backoff.get(&(key3(u, v, 0) >> 21)) {
            Some(&g) => g + self.cost(v, w),
            None => self.cost(v, w),
        }
    }

    /// The trigram context (u, v) as seen in training: its back-off weight -ln γ(u v), or None
    /// when no trigram starts with it (then [`Lm::cost3`] is the bigram cost).
    #[inline]
    pub fn context(&self, u: u32, v: u32) -> Option<f32> {
        self.tri_backoff.get(&(key3(u, v, 0) >> 21)).copied()
    }

    /// [`Lm::cost3`] for a context from [`Lm::context`] and a known bigram cost `cost(v, w)`:
    /// lets a caller scoring many (context, w) pairs share the bigram lookups.
    #[inline]
    pub fn cost3_in(&self, u: u32, v: u32, w: u32, context: Option<f32>, bigram: f32) -> f32 {
        match context {
            None => bigram,
            Some(g) => match self.trigram.get(&key3(u, v, w)) {
                Some(&c) => c,
                None => g + bigram,
            },
        }
    }

    /// -ln P(w | v).
    #[inline]
    pub fn cost(&self, v: u32, w: u32) -> f32 {
        match self.bigram.get(&key(v, w)) {
            Some(&c) => c,
            None => self.backoff[v as usize] + self.unigram[w as usize],
        }
    }

    /// -ln P_cont(w), the context-free cost.
    #[inline]
    pub fn unigram(&self, w: u32) -> f32 {
        self.unigram[w as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_pairs_beat_unseen_and_probabilities_sum_to_one() {
        let mut c = LmCounts::default();
        c.add_seq(&[0, 1, 2, 1, 2, 3], 1.0);
        c.add_seq(&[0, 1, 3], 1.0);
        let lm = Lm::estimate(&c, 5, 0.1);
        assert!(lm.cost(1, 2) < lm.cost(1, 4));
        for v in 0..5u32 {
            let s: f64 = (0..5u32).map(|w| (-(lm.cost(v, w) as f64)).exp()).sum();
            assert!((s - 1.0).abs() < 1e-3, "context {v}: {s}");
            for u in 0..5u32 {
                let s: f64 = (0..5u32).map(|w| (-(lm.cost3(u, v, w) as f64)).exp()).sum();
                assert!((s - 1.0).abs() < 1e-3, "context {u} {v}: {s}");
            }
        }
        assert!(lm.cost3(0, 1, 3) < lm.cost(1, 3));
        for u in 0..5u32 {
            for v in 0..5u32 {
                for w in 0..5u32 {
                    let c = lm.cost3_in(u, v, w, lm.context(u, v), lm.cost(v, w));
                    assert_eq!(c.to_bits(), lm.cost3(u, v, w).to_bits());
                    assert!(lm.min_cost_to(w) <= c.min(lm.cost(v, w)));
                }
            }
        }
    }

    #[test]
    fn dictionary_compounds_are_no_contexts_of_their_second_syllable() {
        // Ids: 0 BOS, 1 "đã" (once in running text), 2 "dạ" (second syllable of a dozen
        // dictionary compounds), 3..=14 the compounds' first syllables.
        let build = |context: f64| {
            let mut c = LmCounts::default();
            c.add_seq(&[0, 1], 1.0);
            for first in 3..=14 {
                c.add_seq_weighted(&[first, 2], 1.0, 0.05, context);
            }

            Lm::estimate(&c, 15, 0.02)
        };
        let (as_text, as_dictionary) = (build(1.0), build(0.0));
        assert!(as_text.unigram(2) < as_text.unigram(1));
        assert!(as_dictionary.unigram(1) < as_dictionary.unigram(2));
        // The compounds still teach their pairs.
        assert!(as_dictionary.cost(3, 2) < as_dictionary.cost(0, 2));
    }
}
