"""What a serving process derives from the indexed chunks' text, built once per snapshot.

The BM25 index scores chunks; the abbreviations the texts define and the terms grouped by
sound are the vocabulary's expensive parts (a regular-expression pass over every text). All
three come from the same chunks, so they are built, cached on disk (keyword_cache.py) and
swapped together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vectorstore.bm25 import BM25Index
from vectorstore.vocabulary import Vocabulary, defined_abbreviations, sound_groups


@dataclass(frozen=True)
class Keywords:
    bm25: BM25Index
    aliases: Mapping[str, frozenset[str]]  # abbreviation -> the terms it stands for
    sounds: Mapping[str, tuple[str, ...]]  # sound key -> indexed terms

    @classmethod
    def build(cls, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> Keywords:
        bm25 = BM25Index.build(ids, texts, metadatas)
        return cls(bm25, defined_abbreviations(bm25.texts), sound_groups(bm25.frequencies()))

    def vocabulary(self, words: frozenset[str]) -> Vocabulary:
        """The vocabulary over these chunks; `words`: English words, never corrected."""
        return Vocabulary(self.bm25.frequencies(), self.aliases, words, self.sounds,
                          self.bm25.texts)  # fmt: skip
