//! The best documents for each stem: every document is read once (in parallel, small slices
//! of the site per task, each read into its thread's reader) and offered to the stem's list
//! of its [`MAX_POSTINGS`] best, so only the documents that stay on a list ever have their
//! excerpt cut and kept.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use rayon::prelude::*;

use super::documents::Source;
use super::terms::{self, Interner, Scratch};
use super::text::Excerpts;
use crate::per_thread::PerThread;
use crate::word_map::FastMap;

/// The most documents a stem lists (those where it weighs most). A word in more documents
/// than this is common enough that the best of them are what a reader wants.
pub const MAX_POSTINGS: usize = 100;

/// One document on a stem's list, with the sentence a result quotes for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub score: u32,
    /// Shared with the document's other postings that quote the same words.
    pub excerpt: Arc<str>,
}

/// The order of a stem's list as one number, larger first: higher score, then the
/// document that comes first.
pub fn rank_key(score: u32, doc: u32) -> u64 {
    (u64::from(score) << 32) | u64::from(u32::MAX - doc)
}

/// Every stem of the site, sorted, each with its best postings, best first.
#[derive(Debug, Default)]
pub struct Ranking {
    pub stems: Vec<(Box<str>, Vec<Posting>)>,
}

/// What reading the site gives: the ranking, and when asked for, each document's stems
/// (numbered by their place in `ranking.stems`) and scores, sorted by stem.
pub struct Read {
    pub ranking: Ranking,
    pub docs: Option<Vec<Vec<(u32, u32)>>>,
}

/// A posting in a heap whose top is the worst one.
struct Entry {
    key: Reverse<u64>,
    excerpt: Arc<str>,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// What one task made of its slice of the site.
pub struct Chunk {
    stems: Vec<Box<str>>,
    tops: Vec<BinaryHeap<Entry>>,
    docs: Vec<Vec<(u32, u32)>>,
}

/// How many documents one task reads, of `count`.
pub fn per_task(count: usize) -> usize {
    count.div_ceil(rayon::current_num_threads() * 4).max(64)
}

/// Reads every document (document `n` is `sources[n]`) and ranks them for each stem; with
/// `keep`, also returns each document's stems and scores.
pub fn rank(sources: &[Source], keep: bool) -> Read {
    rank_rest(Merger::new(keep), sources, 0)
}

/// [`rank`] of documents whose first `first` were read already, into `merged`, and whose
/// others are `rest`.
pub fn rank_rest(mut merged: Merger, rest: &[Source], first: u32) -> Read {
    let per_task = per_task(rest.len());
    if merged.keep {
        // Each document's stems are kept in document order: a reader per slice.
        let chunks: Vec<Chunk> = rest
            .par_chunks(per_task)
            .enumerate()
            .map(|(i, part)| {
                let mut reader = ChunkReader::new(true);
                let from = first + (i * per_task) as u32;
                (from..).zip(part).for_each(|(doc, s)| reader.read(doc, s));
                reader.finish()
            })
            .collect();
        chunks.into_iter().for_each(|chunk| merged.add(chunk));
    } else {
        let readers = ThreadReaders::new();
        rest.par_chunks(per_task).enumerate().for_each(|(i, part)| {
            let from = first + (i * per_task) as u32;
            (from..).zip(part).for_each(|(doc, s)| readers.read(doc, s));
        });
        readers.finish_into(&mut merged);
    }
    merged.finish()
}

/// Readers shared by the tasks of a parallel loop, one per thread: a task reads into its
/// thread's reader, so each word is stemmed and each stem's list filled once per thread,
/// not once per task, while the tasks stay small enough to share out evenly. (A reader's
/// documents then come in no set order, which [`ChunkReader`] allows when it keeps nothing
/// per document.)
pub struct ThreadReaders(PerThread<ChunkReader>);

impl Default for ThreadReaders {
    fn default() -> Self {
        Self::new()
    }
}

impl ThreadReaders {
    pub fn new() -> Self {
        ThreadReaders(PerThread::new(|| ChunkReader::new(false)))
    }

    /// Reads `source` as document `doc` into the calling thread's reader.
    pub fn read(&self, doc: u32, source: &Source) {
        self.0.with(|reader| reader.read(doc, source));
    }

    /// Joins what every reader read to `merged`.
    pub fn finish_into(self, merged: &mut Merger) {
        self.0
            .into_values()
            .for_each(|reader| merged.add(reader.finish()));
    }
}

/// Reads documents into one [`Chunk`]: with `keep`, one after another in document order;
/// without, in any order.
pub struct ChunkReader {
    keep: bool,
    interner: Interner,
    scratch: Scratch,
    tops: Vec<BinaryHeap<Entry>>,
    /// For each stem whose heap is full, the rank key of its worst posting (else 0, below
    /// every key): most terms of a large site lose to a full heap, and this dense list tells
    /// them so without reaching into each heap's own memory.
    bar: Vec<u64>,
    docs: Vec<Vec<(u32, u32)>>,
    excerpts: Excerpts,
}

impl ChunkReader {
    /// A reader; with `keep`, it keeps each document's stems and scores.
    pub fn new(keep: bool) -> Self {
        ChunkReader {
            keep,
            interner: Interner::default(),
            scratch: Scratch::default(),
            tops: Vec::new(),
            bar: Vec::new(),
            docs: Vec::new(),
            excerpts: Excerpts::default(),
        }
    }

    /// Reads `source`, document number `doc`.
    pub fn read(&mut self, doc: u32, source: &Source) {
        let read = terms::read(source, &mut self.interner, &mut self.scratch);
        self.excerpts.start(&read.body);
        if self.tops.len() < self.interner.len() {
            self.tops.resize_with(self.interner.len(), BinaryHeap::new);
            self.bar.resize(self.interner.len(), 0);
        }
        for term in &read.terms {
            let rank = rank_key(term.score, doc);
            let i = term.id as usize;
            // A document that ranks no higher than the worst kept in a full heap would be
            // dropped from it at once. (No rank is 0: every term scores.)
            if rank <= self.bar[i] {
                continue;
            }
            let heap = &mut self.tops[i];
            if heap.len() >= MAX_POSTINGS {
                heap.pop();
            }
            let excerpt = read.shared_excerpt(term, &mut self.excerpts);
            heap.push(Entry {
                key: Reverse(rank),
                excerpt,
            });
            if heap.len() >= MAX_POSTINGS {
                self.bar[i] = heap.peek().map_or(0, |worst| worst.key.0);
            }
        }
        if self.keep {
            self.docs
                .push(read.terms.iter().map(|t| (t.id, t.score)).collect());
        }
    }

    /// What it read.
    pub fn finish(self) -> Chunk {
        Chunk {
            stems: self.interner.into_stems(),
            tops: self.tops,
            docs: self.docs,
        }
    }
}

/// The tasks' lists joined as they come: each stem's best of all.
pub struct Merger {
    keep: bool,
    all: FastMap<Box<str>, Vec<Entry>>,
    /// With `keep`: each chunk's stems and documents, in the order they came.
    local_stems: Vec<Vec<Box<str>>>,
    local_docs: Vec<Vec<Vec<(u32, u32)>>>,
}

impl Merger {
    /// A merger of chunks read with `keep` (which must then come in document order).
    pub fn new(keep: bool) -> Self {
        Merger {
            keep,
            all: FastMap::default(),
            local_stems: Vec::new(),
            local_docs: Vec::new(),
        }
    }

    /// Joins `chunk`'s lists to those before. Only a stem's best can stay its best, so a
    /// list is cut back to them each time: chunks of a large site never pile up, and no
    /// list holds room for more than two chunks' best.
    pub fn add(&mut self, chunk: Chunk) {
        for (stem, heap) in chunk.stems.iter().zip(chunk.tops) {
            match self.all.get_mut(stem) {
                Some(list) => {
                    list.extend(heap.into_vec());
                    if list.len() > MAX_POSTINGS {
                        list.select_nth_unstable(MAX_POSTINGS - 1);
                        list.truncate(MAX_POSTINGS);
                    }
                }
                None => {
                    self.all.insert(stem.clone(), heap.into_vec());
                }
            }
        }
        if self.keep {
            self.local_stems.push(chunk.stems);
            self.local_docs.push(chunk.docs);
        }
    }

    /// Every stem's best postings, best first, and with `keep` each document's stems.
    fn finish(self) -> Read {
        let mut stems: Vec<(Box<str>, Vec<Entry>)> = self.all.into_iter().collect();
        stems.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let ranked: Vec<(Box<str>, Vec<Posting>)> = stems
            .into_par_iter()
            .map(|(stem, mut list)| {
                list.sort_unstable();
                list.truncate(MAX_POSTINGS);
                let postings = list
                    .into_iter()
                    .map(|e| Posting {
                        doc: u32::MAX - (e.key.0 as u32),
                        score: (e.key.0 >> 32) as u32,
                        excerpt: e.excerpt,
                    })
                    .collect();
                (stem, postings)
            })
            .collect();
        let docs = self
            .keep
            .then(|| renumber(&ranked, &self.local_stems, self.local_docs));
        Read {
            ranking: Ranking { stems: ranked },
            docs,
        }
    }
}

/// Each task's documents with their stems numbered by place in the joined ranking.
fn renumber(
    ranked: &[(Box<str>, Vec<Posting>)],
    local_stems: &[Vec<Box<str>>],
    local_docs: Vec<Vec<Vec<(u32, u32)>>>,
) -> Vec<Vec<(u32, u32)>> {
    let place: FastMap<&str, u32> = ranked
        .iter()
        .enumerate()
        .map(|(i, (stem, _))| (&**stem, i as u32))
        .collect();
    let mut out = Vec::new();
    for (stems, docs) in local_stems.iter().zip(local_docs) {
        let to_global: Vec<u32> = stems.iter().map(|s| place[&**s]).collect();
        for mut doc in docs {
            for (id, _) in &mut doc {
                *id = to_global[*id as usize];
            }
            doc.sort_unstable_by_key(|&(id, _)| id);
            out.push(doc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::documents;

    /// Documents whose scores for "pain" rise, fall and repeat, so that late ones keep
    /// beating the worst a full list holds.
    fn pain_bodies(n: usize) -> Vec<Arc<crate::render::Rendered>> {
        (0..n)
            .map(|i| {
                let repeats = (i * 7919) % 13 + 1;
                Arc::new(crate::render::Rendered {
                    html: format!("<p>{}</p>", "pain ".repeat(repeats)),
                    ..Default::default()
                })
            })
            .collect()
    }

    /// What one reader without `keep` ranks for "pain", reading `order`'s documents.
    fn pain_ranked(sources: &[Source], order: &[u32]) -> Vec<(u32, u32)> {
        let mut reader = ChunkReader::new(false);
        order
            .iter()
            .for_each(|&doc| reader.read(doc, &sources[doc as usize]));
        let mut merger = Merger::new(false);
        merger.add(reader.finish());
        let read = merger.finish();
        let (_, kept) = read
            .ranking
            .stems
            .iter()
            .find(|(stem, _)| &**stem == "pain")
            .unwrap();
        kept.iter().map(|p| (p.doc, p.score)).collect()
    }

    /// One reader sees far more documents than a stem keeps: what it keeps for a common word
    /// is exactly the best of all of them, as sorting every document's score would pick,
    /// whatever order it reads them in.
    #[test]
    fn a_full_list_keeps_the_best_documents_of_all_it_read() {
        let n = 3 * MAX_POSTINGS + 17;
        let titles: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
        let bodies = pain_bodies(n);
        let sources: Vec<Source> = titles
            .iter()
            .zip(&bodies)
            .map(|(title, rendered)| documents::test_article(title, rendered))
            .collect();
        let in_order: Vec<u32> = (0..n as u32).collect();
        let kept = pain_ranked(&sources, &in_order);

        let mut all: Vec<(u32, u32)> = sources
            .iter()
            .enumerate()
            .map(|(doc, source)| {
                let mut interner = Interner::default();
                let terms = terms::read(source, &mut interner, &mut Scratch::default());
                let id = interner.stem_id("pain");
                let score = terms.terms.iter().find(|t| t.id == id).unwrap().score;
                (doc as u32, score)
            })
            .collect();
        all.sort_by_key(|&(doc, score)| Reverse(rank_key(score, doc)));
        all.truncate(MAX_POSTINGS);
        assert_eq!(kept, all);
        assert!(
            all.iter().any(|&(doc, _)| doc as usize > 2 * MAX_POSTINGS),
            "late documents win places"
        );
        // Backwards, and interleaved as a thread's share of tasks may come.
        let backwards: Vec<u32> = in_order.iter().rev().copied().collect();
        assert_eq!(pain_ranked(&sources, &backwards), all);
        let mut interleaved: Vec<u32> = in_order.chunks(64).rev().flatten().copied().collect();
        interleaved.rotate_left(n / 3);
        assert_eq!(pain_ranked(&sources, &interleaved), all);
    }
}
