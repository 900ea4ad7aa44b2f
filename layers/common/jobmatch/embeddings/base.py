"""The embedder interface shared by every provider, and the checks every vector passes."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from typing import Literal

import numpy as np

from jobmatch.errors import UpstreamError

DIMENSION = 512
Kind = Literal["document", "query"]

PROVIDER_DOWN = "The embedding provider is unavailable. Please try again later."
PROVIDER_INVALID = "The embedding provider returned an invalid answer. Please try again later."


def _empty_vector() -> np.ndarray:
    """A fixed unit vector: equal magnitudes, signs from blake2b of a constant."""
    digest = hashlib.blake2b(b"jobmatch-empty-text", digest_size=DIMENSION // 8).digest()
    bits = np.unpackbits(np.frombuffer(digest, dtype=np.uint8))
    vector = (np.where(bits == 1, 1.0, -1.0) / np.sqrt(DIMENSION)).astype(np.float32)
    vector.flags.writeable = False
    return vector


# Blank text (empty or whitespace, or with no word in it) has no meaning to embed, yet a zero vector
# would break cosine distance. Every provider maps it to this one documented, non-zero unit vector,
# which is nearly orthogonal to the embedding of any real text.
EMPTY_VECTOR = _empty_vector()


def is_blank(text: str) -> bool:
    return not text or text.isspace()


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Float32 copy of `matrix` with unit rows; a zero or non-finite row is refused."""
    matrix = np.asarray(matrix, dtype=np.float64)  # so that a unit float32 row comes back unchanged
    if matrix.ndim != 2 or matrix.shape[1] != DIMENSION:
        raise UpstreamError(PROVIDER_INVALID)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    if not np.all(np.isfinite(norms)) or np.any(norms == 0):
        raise UpstreamError(PROVIDER_INVALID)
    return (matrix / norms).astype(np.float32)


class Embedder(ABC):
    """Turns texts into 512-dimensional unit float32 vectors; `model_id` names the model."""

    model_id: str
    dimension: int = DIMENSION

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """One unit row per text, shape (len(texts), 512)."""
        return self._embed(list(texts), "document")

    def embed_query(self, text: str) -> np.ndarray:
        """One unit vector of shape (512,) for a search query."""
        return self._embed([text], "query")[0]

    def _embed(self, texts: list[str], kind: Kind) -> np.ndarray:
        result = np.empty((len(texts), DIMENSION), dtype=np.float32)
        wanted = [i for i, text in enumerate(texts) if not is_blank(text)]
        result[:] = EMPTY_VECTOR
        if wanted:
            vectors = self._embed_texts([texts[i] for i in wanted], kind)
            if vectors.shape[0] != len(wanted):
                raise UpstreamError(PROVIDER_INVALID)
            result[wanted] = normalise_rows(vectors)
        return result

    @abstractmethod
    def _embed_texts(self, texts: list[str], kind: Kind) -> np.ndarray:
        """Raw vectors for non-blank texts, one row each, in order."""
