#!/usr/bin/env python3
"""A generated site for the search benchmark: ../shared/bench/gen_corpus.py's site (flavor
`ours`) with made-up words added to every article, so that the corpus has at least
--min-words distinct words (gen_corpus.py alone uses a few hundred).

Each article gets a short paragraph naming some rare terms (its own, found nowhere else)
and some shared ones (drawn from a pool every article uses), the way real sites carry drug
names, places and people's names: most distinct words of a large site are rare. The words
are pronounceable syllable strings, deterministic for a given --seed.

Usage:
  search_corpus.py --articles 10000 --faq 500 --seed 1 --out DIR [--gen PATH]
Prints the number of distinct words in the articles and FAQ.
"""

import argparse
import os
import random
import re
import subprocess
import sys

ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m",
          "n", "p", "pl", "qu", "r", "s", "sc", "sh", "st", "t", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
CODAS = ["", "", "", "n", "l", "r", "s", "x", "m", "nd", "st"]


def made_up_words(rng, count, taken):
    """`count` distinct pronounceable words, none in `taken` (which grows)."""
    out = []
    while len(out) < count:
        n = rng.randint(2, 4)
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(n))
        word += rng.choice(CODAS)
        if word not in taken:
            taken.add(word)
            out.append(word)
    return out


def distinct_words(root):
    words = set()
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                words.update(re.findall(r"[a-z]+", f.read().lower()))
    return len(words)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10000)
    p.add_argument("--faq", type=int, default=500)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--min-words", type=int, default=100_000)
    p.add_argument("--gen", default=os.path.join(here, "../../../shared/bench/gen_corpus.py"))
    p.add_argument("--out", required=True)
    a = p.parse_args()
    subprocess.run([sys.executable, a.gen, "--flavor", "ours", "--articles", str(a.articles),
                    "--faq", str(a.faq), "--seed", str(a.seed), "--out", a.out], check=True)
    rng = random.Random(a.seed)
    taken = set()
    rare_each = a.min_words // max(a.articles, 1) + 2
    shared = made_up_words(rng, 5000, taken)
    articles = []
    for folder, _, files in os.walk(os.path.join(a.out, "content", "articles")):
        articles += [os.path.join(folder, f) for f in files if f.endswith(".md")]
    for path in sorted(articles):
        rare = made_up_words(rng, rare_each, taken)
        common = rng.sample(shared, 6)
        terms = rare + common
        rng.shuffle(terms)
        sentences = []
        for i in range(0, len(terms), 4):
            group = terms[i:i + 4]
            sentences.append("Some clinics also use the terms " + ", ".join(group) + ".")
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n\n## Other names\n\n" + " ".join(sentences) + "\n")
    print(f"{distinct_words(a.out)} distinct words in {len(articles)} articles")


if __name__ == "__main__":
    main()
