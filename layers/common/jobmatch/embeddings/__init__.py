"""Text embeddings: one interface, and providers chosen by configuration.

Providers: `hash` (offline, the default), `openai` (any OpenAI-compatible API), `bedrock` (Titan v2).

Every vector has 512 float32 components and unit length. Each stored row records the
`Embedder.model_id` that made it: vectors of different models are never compared, and a
model change means re-embedding.
Blank text maps to `EMPTY_VECTOR`, a fixed non-zero unit vector, with every provider.
"""

from jobmatch.embeddings.base import DIMENSION, EMPTY_VECTOR, Embedder
from jobmatch.embeddings.factory import get_embedder, reset_embedder_cache
from jobmatch.embeddings.hashing import HashEmbedder

__all__ = [
    "DIMENSION",
    "EMPTY_VECTOR",
    "Embedder",
    "HashEmbedder",
    "get_embedder",
    "reset_embedder_cache",
]
