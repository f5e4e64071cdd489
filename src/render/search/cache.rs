//! What the preview keeps between builds so that a save which changes a few documents
//! patches the index instead of reading the whole site again: each document's stems and
//! scores, each stem's whole ranked list (so the next document moves up when one drops
//! out of a stem's best), the lists as the files show them, and each file's bytes. A
//! patched index is the index a build from scratch makes (a test checks it byte for byte).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::documents::{Kind, Source};
use super::index::{self, Bytes, Head};
use super::ranking::{self, MAX_POSTINGS, Posting};
use super::terms::{self, DocTerms, Interner, Scratch};
use super::words;
use crate::config::UrlScheme;
use crate::render::Rendered;

/// The index kept between builds (the default keeps nothing and reads the site each time).
#[derive(Default)]
pub struct SearchCache {
    enabled: bool,
    state: Option<State>,
    /// How many builds patched the kept index (for tests).
    patches: u64,
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchCache")
            .field("enabled", &self.enabled)
            .field("documents", &self.state.as_ref().map(|s| s.keys.len()))
            .finish()
    }
}

impl SearchCache {
    /// A cache that keeps the index between builds.
    pub fn enabled() -> Self {
        SearchCache {
            enabled: true,
            ..Default::default()
        }
    }

    /// The index files of the documents `sources`, linked by `urls`: patched from the last
    /// build's when few documents changed.
    pub fn files(&mut self, sources: &[Source], urls: &UrlScheme) -> Vec<(String, Bytes)> {
        if !self.enabled {
            return files_of(&ranking::rank(sources, false).ranking, sources, urls);
        }
        let patched = match &mut self.state {
            Some(state) => state.update(sources, urls),
            None => false,
        };
        self.patches += u64::from(patched);
        let state = match self.state.take() {
            Some(state) if patched => state,
            _ => State::new(sources, urls),
        };
        self.state.insert(state).files()
    }
}

/// The index files of `ranking`, the ranking of the documents `sources` (linked by
/// `urls`), made afresh.
pub(super) fn files_of(
    ranking: &ranking::Ranking,
    sources: &[Source],
    urls: &UrlScheme,
) -> Vec<(String, Bytes)> {
    let links = Links::of(sources, urls);
    index::files(ranking, sources.len(), &links.head(sources))
}

/// The documents' site paths and links (their paths under the site's base path).
#[derive(Default)]
struct Links {
    paths: Vec<String>,
    links: Vec<String>,
}

impl Links {
    fn of(sources: &[Source], urls: &UrlScheme) -> Links {
        let paths: Vec<String> = sources.iter().map(|s| s.address.path()).collect();
        let links = paths.iter().map(|p| urls.link(p)).collect();
        Links { paths, links }
    }

    /// What results show of document `d`.
    fn head<'a>(&'a self, sources: &'a [Source]) -> impl Fn(u32) -> Head<'a> + Sync + 'a {
        |d: u32| {
            let d = d as usize;
            Head {
                title: sources[d].title,
                url: &self.links[d],
                kind: sources[d].kind,
            }
        }
    }
}

/// What a document was made from when it was last read (its address is kept in
/// [`State::links`]).
struct DocKey {
    rendered: Arc<Rendered>,
    kind: Kind,
    title: String,
    description: String,
}

impl DocKey {
    fn new(source: &Source) -> DocKey {
        DocKey {
            rendered: Arc::clone(source.rendered),
            kind: source.kind,
            title: source.title.to_owned(),
            description: source.description.to_owned(),
        }
    }

    fn same(&self, source: &Source) -> bool {
        let body = Arc::ptr_eq(&self.rendered, source.rendered) || {
            let (a, b) = (&*self.rendered, &**source.rendered);
            a.html == b.html
                && a.headings.len() == b.headings.len()
                && a.headings
                    .iter()
                    .zip(&b.headings)
                    .all(|(x, y)| x.text == y.text)
        };
        body && self.kind == source.kind
            && self.title == source.title
            && self.description == source.description
    }
}

/// The kept index.
struct State {
    /// The documents' paths and links, made by `urls`.
    links: Links,
    urls: UrlScheme,
    keys: Vec<DocKey>,
    interner: Interner,
    /// Each document's (stem, score), by stem number.
    docs: Vec<Vec<(u32, u32)>>,
    /// Each stem's documents as (score, document), best first.
    full: Vec<Vec<(u32, u32)>>,
    /// Each stem's best [`MAX_POSTINGS`], as the word files show them.
    top: Vec<Vec<Posting>>,
    /// Each word file's stems, by key.
    word_stems: BTreeMap<String, BTreeMap<Box<str>, u32>>,
    /// Each typo file's stems, by key.
    typo_stems: BTreeMap<String, BTreeSet<Box<str>>>,
    word_bytes: BTreeMap<String, Bytes>,
    typo_bytes: BTreeMap<String, Bytes>,
}

/// The order of a stem's whole list.
fn order(score: u32, doc: u32) -> (Reverse<u32>, u32) {
    (Reverse(score), doc)
}

impl State {
    /// Reads every document.
    fn new(sources: &[Source], urls: &UrlScheme) -> State {
        let read = ranking::rank(sources, true);
        let docs = read.docs.unwrap_or_default();
        let mut interner = Interner::default();
        let mut full: Vec<Vec<(u32, u32)>> = vec![Vec::new(); read.ranking.stems.len()];
        let mut top = Vec::with_capacity(read.ranking.stems.len());
        let mut word_stems: BTreeMap<String, BTreeMap<Box<str>, u32>> = BTreeMap::new();
        let mut typo_stems: BTreeMap<String, BTreeSet<Box<str>>> = BTreeMap::new();
        for (stem, postings) in read.ranking.stems {
            let id = interner.stem_id(&stem);
            top.push(postings);
            add_stem(&mut word_stems, &mut typo_stems, stem, id);
        }
        for (d, list) in docs.iter().enumerate() {
            for &(id, score) in list {
                full[id as usize].push((score, d as u32));
            }
        }
        for list in &mut full {
            // Documents were pushed in order: a stable sort by score keeps them so.
            list.sort_by_key(|&(score, _)| Reverse(score));
        }
        let keys = sources.iter().map(DocKey::new).collect();
        let mut state = State {
            links: Links::of(sources, urls),
            urls: urls.clone(),
            keys,
            interner,
            docs,
            full,
            top,
            word_stems,
            typo_stems,
            word_bytes: BTreeMap::new(),
            typo_bytes: BTreeMap::new(),
        };
        let word_keys: Vec<String> = state.word_stems.keys().cloned().collect();
        let typo_keys: Vec<String> = state.typo_stems.keys().cloned().collect();
        state.rewrite(word_keys, typo_keys, sources);
        state
    }

    /// Patches the index for the documents that changed; false (having changed nothing)
    /// when documents were added, removed or moved, or too many changed to patch.
    fn update(&mut self, sources: &[Source], urls: &UrlScheme) -> bool {
        // The same documents at the same addresses, linked the same way.
        let paths = &self.links.paths;
        let moved = paths.len() != sources.len()
            || !sources.iter().zip(paths).all(|(s, p)| s.address.is(p));
        if moved || self.urls != *urls {
            return false;
        }
        let changed: Vec<u32> = (0..sources.len())
            .filter(|&d| !self.keys[d].same(&sources[d]))
            .map(|d| d as u32)
            .collect();
        if changed.len() > 32.max(sources.len() / 64) {
            return false;
        }
        let mut scratch = Scratch::default();
        let mut reads: HashMap<u32, DocTerms> = HashMap::new();
        let mut affected = BTreeSet::new();
        let mut born_or_gone = Vec::new();
        for &d in &changed {
            let read = terms::read(&sources[d as usize], &mut self.interner, &mut scratch).sort();
            self.grow();
            let new: Vec<(u32, u32)> = read.terms.iter().map(|t| (t.id, t.score)).collect();
            let old = std::mem::replace(&mut self.docs[d as usize], new.clone());
            for (id, old, new) in union(&old, &new) {
                let list = &mut self.full[id as usize];
                let was_empty = list.is_empty();
                let was_top = self.top[id as usize].iter().any(|p| p.doc == d);
                if let Some(score) = old
                    && let Ok(i) =
                        list.binary_search_by(|&(s, x)| order(s, x).cmp(&order(score, d)))
                {
                    list.remove(i);
                }
                let mut now_top = false;
                if let Some(score) = new {
                    let i = list.partition_point(|&(s, x)| order(s, x) < order(score, d));
                    list.insert(i, (score, d));
                    now_top = i < MAX_POSTINGS;
                }
                if was_top || now_top || was_empty != list.is_empty() {
                    affected.insert(id);
                }
                if was_empty != list.is_empty() {
                    born_or_gone.push(id);
                }
            }
            self.keys[d as usize] = DocKey::new(&sources[d as usize]);
            reads.insert(d, read);
        }
        let mut dirty_words = BTreeSet::new();
        for &id in &affected {
            self.rank_again(id, sources, &mut reads, &mut scratch);
            dirty_words.insert(words::prefix_key(self.interner.stem(id)));
        }
        let dirty_typos = self.move_stems(&born_or_gone);
        self.rewrite(dirty_words.into_iter().collect(), dirty_typos, sources);
        true
    }

    /// Room in the per-stem lists for every stem numbered.
    fn grow(&mut self) {
        let n = self.interner.len();
        self.full.resize_with(n.max(self.full.len()), Vec::new);
        self.top.resize_with(n.max(self.top.len()), Vec::new);
    }

    /// Makes a stem's shown list from its whole list again, reusing the excerpts of the
    /// documents that did not change and reading those that newly appear.
    fn rank_again(
        &mut self,
        id: u32,
        sources: &[Source],
        reads: &mut HashMap<u32, DocTerms>,
        scratch: &mut Scratch,
    ) {
        let old = std::mem::take(&mut self.top[id as usize]);
        let best: Vec<(u32, u32)> = self.full[id as usize]
            .iter()
            .take(MAX_POSTINGS)
            .copied()
            .collect();
        let mut new = Vec::with_capacity(best.len());
        for (score, doc) in best {
            let kept = old
                .iter()
                .find(|p| p.doc == doc && !reads.contains_key(&doc));
            let excerpt = match kept {
                Some(p) => p.excerpt.clone(),
                None => {
                    let read = reads.entry(doc).or_insert_with(|| {
                        terms::read(&sources[doc as usize], &mut self.interner, scratch).sort()
                    });
                    let term = read.terms.binary_search_by_key(&id, |t| t.id).ok();
                    term.map(|t| Arc::from(read.excerpt(&read.terms[t])))
                        .unwrap_or_else(|| Arc::from(""))
                }
            };
            new.push(Posting {
                doc,
                score,
                excerpt,
            });
        }
        self.top[id as usize] = new;
    }

    /// Files the stems that appeared or disappeared; returns the typo files changed.
    fn move_stems(&mut self, ids: &[u32]) -> Vec<String> {
        let mut dirty = BTreeSet::new();
        for &id in ids {
            let stem: Box<str> = self.interner.stem(id).into();
            let typo_key = index::in_typo_file(&stem).then(|| words::suffix_key(&stem));
            if self.full[id as usize].is_empty() {
                let key = words::prefix_key(&stem);
                if let Some(stems) = self.word_stems.get_mut(&key) {
                    stems.remove(&stem);
                }
                if let Some(key) = typo_key {
                    if let Some(stems) = self.typo_stems.get_mut(&key) {
                        stems.remove(&stem);
                    }
                    dirty.insert(key);
                }
            } else {
                if let Some(key) = typo_key {
                    dirty.insert(key);
                }
                add_stem(&mut self.word_stems, &mut self.typo_stems, stem, id);
            }
        }
        dirty.into_iter().collect()
    }

    /// Writes the named files again (and drops those left empty), showing the documents
    /// `sources`.
    fn rewrite(&mut self, word_keys: Vec<String>, typo_keys: Vec<String>, sources: &[Source]) {
        use rayon::prelude::*;
        let links = std::mem::take(&mut self.links);
        let head = links.head(sources);
        let made: Vec<(String, Option<Bytes>)> = word_keys
            .into_par_iter()
            .map(|key| {
                let bytes = self
                    .word_stems
                    .get(&key)
                    .filter(|s| !s.is_empty())
                    .map(|stems| {
                        let list = stems
                            .iter()
                            .map(|(stem, &id)| (&**stem, self.top[id as usize].as_slice()));
                        index::word_file(list, &head)
                    });
                (key, bytes)
            })
            .collect();
        drop(head);
        self.links = links;
        for (key, bytes) in made {
            match bytes {
                Some(b) => {
                    self.word_bytes.insert(key, b);
                }
                None => {
                    self.word_bytes.remove(&key);
                    self.word_stems.remove(&key);
                }
            }
        }
        for key in typo_keys {
            match self.typo_stems.get(&key).filter(|s| !s.is_empty()) {
                Some(stems) => {
                    let stems: Vec<&str> = stems.iter().map(|s| &**s).collect();
                    self.typo_bytes.insert(key, index::typo_file(&stems));
                }
                None => {
                    self.typo_bytes.remove(&key);
                    self.typo_stems.remove(&key);
                }
            }
        }
    }

    /// Every file of the index, as [`index::files`] lists them.
    fn files(&self) -> Vec<(String, Bytes)> {
        let words: Vec<&str> = self.word_bytes.keys().map(String::as_str).collect();
        let typos: Vec<&str> = self.typo_bytes.keys().map(String::as_str).collect();
        let mut out = vec![(
            "search/manifest.json".to_owned(),
            index::manifest(self.keys.len(), &words, &typos),
        )];
        for (key, bytes) in &self.word_bytes {
            out.push((format!("search/w/{key}.json"), Arc::clone(bytes)));
        }
        for (key, bytes) in &self.typo_bytes {
            out.push((format!("search/t/{key}.json"), Arc::clone(bytes)));
        }
        out
    }
}

/// Files a stem under its word file's key and, with four letters or more, its typo file's.
fn add_stem(
    word_stems: &mut BTreeMap<String, BTreeMap<Box<str>, u32>>,
    typo_stems: &mut BTreeMap<String, BTreeSet<Box<str>>>,
    stem: Box<str>,
    id: u32,
) {
    if index::in_typo_file(&stem) {
        typo_stems
            .entry(words::suffix_key(&stem))
            .or_default()
            .insert(stem.clone());
    }
    word_stems
        .entry(words::prefix_key(&stem))
        .or_default()
        .insert(stem, id);
}

/// Each stem of either list (both sorted by stem) with its score in each.
fn union(old: &[(u32, u32)], new: &[(u32, u32)]) -> Vec<(u32, Option<u32>, Option<u32>)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        let a = old.get(i).map(|&(id, _)| id).unwrap_or(u32::MAX);
        let b = new.get(j).map(|&(id, _)| id).unwrap_or(u32::MAX);
        if a < b {
            out.push((a, Some(old[i].1), None));
            i += 1;
        } else if b < a {
            out.push((b, None, Some(new[j].1)));
            j += 1;
        } else {
            out.push((a, Some(old[i].1), Some(new[j].1)));
            i += 1;
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Doc {
        title: String,
        body: Arc<Rendered>,
    }

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            title: title.to_owned(),
            body: Arc::new(Rendered {
                html: format!("<p>{body}</p>"),
                ..Default::default()
            }),
        }
    }

    fn build(cache: &mut SearchCache, docs: &[Doc]) -> Vec<(String, Vec<u8>)> {
        build_at(cache, docs, "https://example.org/guide/", "")
    }

    /// [`build`] for a site at `base`, the documents' slugs starting with `slug_start`.
    fn build_at(
        cache: &mut SearchCache,
        docs: &[Doc],
        base: &str,
        slug_start: &str,
    ) -> Vec<(String, Vec<u8>)> {
        let names: Vec<String> = (0..docs.len())
            .map(|i| format!("{slug_start}{i}"))
            .collect();
        let sources: Vec<Source> = docs
            .iter()
            .zip(&names)
            .map(|(d, name)| Source {
                kind: Kind::Article,
                title: &d.title,
                description: "",
                rendered: &d.body,
                address: crate::render::paths::article_parts(name),
            })
            .collect();
        let urls = UrlScheme::parse(base).expect("an address");
        cache
            .files(&sources, &urls)
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect()
    }

    /// A body of words drawn from a small vocabulary, so that common words list more
    /// documents than a word file keeps.
    fn body(seed: &mut u64, words: usize) -> String {
        const VOCABULARY: &[&str] = &[
            "pain", "sleep", "needles", "session", "rest", "walking", "water", "stretch", "doctor",
            "fatigue", "tender", "muscle",
        ];
        let mut out = Vec::new();
        for i in 0..words {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.push(VOCABULARY[(*seed >> 33) as usize % VOCABULARY.len()]);
            if i % 7 == 6 {
                out.push("end.");
            }
        }
        out.join(" ")
    }

    #[test]
    fn a_patched_index_is_the_index_made_from_scratch() {
        let mut seed = 7;
        let mut docs: Vec<Doc> = (0..150)
            .map(|i| doc(&format!("doc{i}"), &body(&mut seed, 5 + i % 30)))
            .collect();
        let mut cache = SearchCache::enabled();
        assert_eq!(
            build(&mut cache, &docs),
            build(&mut SearchCache::default(), &docs)
        );
        for step in 0..40 {
            let d = (step * 37) % docs.len();
            let text = match step % 4 {
                // A word no other document has, then gone again.
                0 => format!("{} zebrafish{step}", body(&mut seed, 20)),
                // Every common word, many times: the document rises on every list.
                1 => body(&mut seed, 200),
                // Almost nothing: the document drops off the lists.
                2 => "rest".to_owned(),
                _ => body(&mut seed, 10),
            };
            docs[d].body = Arc::new(Rendered {
                html: format!("<p>{text}</p>"),
                ..Default::default()
            });
            if step % 5 == 0 {
                docs[d].title = format!("doc{d} sleep {step}");
            }
            let patched = build(&mut cache, &docs);
            assert_eq!(cache.patches, step as u64 + 1);
            assert_eq!(
                patched,
                build(&mut SearchCache::default(), &docs),
                "step {step}"
            );
        }
        // A document added: read again from scratch, and still the same.
        docs.push(doc("new", "pain and sleep."));
        assert_eq!(
            build(&mut cache, &docs),
            build(&mut SearchCache::default(), &docs)
        );
    }

    #[test]
    fn documents_that_moved_or_a_new_base_address_are_read_again() {
        let mut seed = 11;
        let docs: Vec<Doc> = (0..40)
            .map(|i| doc(&format!("doc{i}"), &body(&mut seed, 5 + i % 9)))
            .collect();
        let mut cache = SearchCache::enabled();
        let fresh =
            |base: &str, start: &str| build_at(&mut SearchCache::default(), &docs, base, start);
        let (a, b) = ("https://example.org/guide/", "https://example.org/help/");
        assert_eq!(build_at(&mut cache, &docs, a, ""), fresh(a, ""));
        let moved = build_at(&mut cache, &docs, a, "x");
        assert_eq!(moved, fresh(a, "x"));
        assert_ne!(moved, fresh(a, ""), "the links name the new addresses");
        assert_eq!(build_at(&mut cache, &docs, b, "x"), fresh(b, "x"));
        assert_eq!(cache.patches, 0, "nothing was patched");
        assert_eq!(build_at(&mut cache, &docs, b, "x"), fresh(b, "x"));
        assert_eq!(
            cache.patches, 1,
            "an unchanged site is patched (with nothing)"
        );
    }
}
