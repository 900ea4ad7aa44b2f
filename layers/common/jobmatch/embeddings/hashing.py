"""A feature-hashing embedder: no model, no network, and the same vectors in every process."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np

from jobmatch.embeddings.base import DIMENSION, EMPTY_VECTOR, Embedder, Kind

# A word, optionally joined to more words by . / - & ' (node.js, ci/cd, event-driven),
# optionally ending in + or # (c++, c#), or a dotted name such as .net on its own.
TOKEN_RE = re.compile(r"(?<![\w.])\.[^\W_]\w*|\w+(?:[./&'\-]\w+)*[+#]*")
JOINER_RE = re.compile(r"[./&'\-]")
NUMBER_RE = re.compile(r"[\d.,/\-]+")  # 3.5, 24/7, 2019-2023: kept whole

# Function words carry no topic; with no document frequencies to damp them, they would dominate.
# fmt: off
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for", "from",
    "has", "have", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "per", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "within", "you", "your",
))
# fmt: on

# Weight of each kind of feature, by its prefix: whole words, word bigrams, character n-grams.
WEIGHTS = {"w": 1.0, "b": 0.25, "c": 0.3}
CHAR_N = 4


def normalise(text: str) -> str:
    """NFKC, lower case, typographic apostrophes made plain."""
    return unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")


def tokens(text: str) -> list[str]:
    """Word tokens of `text`; names such as c++, c#, node.js, .net and ci/cd stay whole."""
    found = TOKEN_RE.findall(normalise(text))
    return [t.removesuffix("'s") for t in found]


def stem(word: str) -> str:
    """A light suffix stripper: plurals and common verb endings, so "ledgers" meets "ledger"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 6:
        return word[:-3]
    if word.endswith("ed") and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 17)
def _slot(feature: str) -> tuple[int, float]:
    """Bucket and signed weight of a feature, from blake2b (stable, unlike `hash`)."""
    value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
    sign = 1.0 if (value >> 32) & 1 else -1.0
    return value % DIMENSION, sign * WEIGHTS[feature[0]]


@lru_cache(maxsize=1 << 15)
def _token_words(token: str) -> tuple[str, ...]:
    """Stemmed content words of a token; a joined one (ci/cd) gives itself, then its parts."""
    if JOINER_RE.search(token) and not NUMBER_RE.fullmatch(token):
        parts = (stem(part) for part in JOINER_RE.split(token) if part and part not in STOP_WORDS)
        return (token, *parts)
    return () if token in STOP_WORDS else (stem(token),)


@lru_cache(maxsize=1 << 15)
def _word_features(word: str) -> tuple[str, ...]:
    """The word and its character n-grams, ends marked: "ledger" gives <led, ledg, ... ger>."""
    padded = f"<{word}>"
    grams = (f"c{padded[i : i + CHAR_N]}" for i in range(len(padded) - CHAR_N + 1))
    return (f"w{word}", *grams)


def words(text: str) -> list[str]:
    """Stemmed content words of a text, in order."""
    return [word for token in tokens(text) for word in _token_words(token)]


def features(text: str) -> Counter[str]:
    """Term frequencies of the features of one text: words, word bigrams and character n-grams."""
    found = words(text)
    counts = Counter(chain.from_iterable(map(_word_features, found)))
    counts.update(f"b{first} {second}" for first, second in pairwise(found))
    return counts


def hash_vector(text: str) -> list[float]:
    """The raw vector of a text: each feature adds weight * (1 + log tf) at its bucket."""
    vector = [0.0] * DIMENSION
    for feature, count in features(text).items():
        index, weight = _slot(feature)
        vector[index] += weight if count == 1 else weight * (1.0 + math.log(count))
    return vector


class HashEmbedder(Embedder):
    """Feature hashing of words, word bigrams and character n-grams into 512 signed buckets."""

    model_id = "hash-v1-512"

    def _embed_texts(self, texts: list[str], kind: Kind) -> np.ndarray:
        matrix = np.array([hash_vector(text) for text in texts], dtype=np.float32)
        matrix[~matrix.any(axis=1)] = EMPTY_VECTOR  # text with no word in it, only punctuation
        return matrix


def clear_caches() -> None:
    """Forget the memoised tokens and hashes, as in a new process (for benchmarks)."""
    for cached in (_slot, _token_words, _word_features):
        cached.cache_clear()
