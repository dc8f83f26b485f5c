"""Group the questions that ask the same thing, so the maintainers read one line per need.

Texts that are identical after normalising (case, full-/half-width, punctuation, spaces) are
one group. Then similar ones join: TF-IDF over character 1–3-grams (Chinese has no spaces, and
characters carry the meaning; it also absorbs typos), compared by cosine similarity, with greedy
leader clustering: the distinct texts, most frequent first, each join the most similar leader
if at least `threshold` alike, else lead a group of their own. Deterministic: the same texts
give the same groups and leaders in any order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

SIMILARITY_THRESHOLD = 0.5
_BLOCK = 256

# A space matters only between two Latin letters or digits ("how much" vs "howmuch").
_SPACE_NOT_BETWEEN_WORDS = re.compile(r"(?<![a-z0-9]) | (?![a-z0-9])")


def normalise(text: str) -> str:
    """`text` folded: full-width to half-width, case, punctuation and symbols to spaces,
    runs of spaces to one, kept only between Latin words."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    spaced = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in folded)
    return _SPACE_NOT_BETWEEN_WORDS.sub("", " ".join(spaced.split()))


@dataclass(frozen=True)
class Group:
    leader: str  # the normalised text the group formed around: its most frequent
    members: tuple[int, ...]  # indices into the texts grouped, in their order


def group_similar(texts: Sequence[str], threshold: float = SIMILARITY_THRESHOLD) -> list[Group]:
    """`texts` in groups of similar questions, the largest group first (ties: by leader)."""
    normalised = [normalise(text) for text in texts]
    counts = Counter(normalised)
    distinct = sorted(counts, key=lambda text: (-counts[text], text))
    leader_of = _leaders(distinct, threshold)
    members: dict[str, list[int]] = {}
    for index, text in enumerate(normalised):
        members.setdefault(leader_of[text], []).append(index)
    groups = [Group(leader, tuple(indices)) for leader, indices in members.items()]
    return sorted(groups, key=lambda group: (-len(group.members), group.leader))


def _leaders(distinct: list[str], threshold: float) -> dict[str, str]:
    """Each distinct text's leader; `distinct` comes most frequent first."""
    if not any(distinct):
        return {text: text for text in distinct}
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 3)).fit_transform(distinct)
    leaders: list[int] = []
    leader_of: dict[str, str] = {}
    # Similarities to every text, a block of rows at a time (a block is small and dense).
    for start in range(0, len(distinct), _BLOCK):
        block = (vectors[start : start + _BLOCK] @ vectors.T).toarray()
        for offset, similarity in enumerate(block):
            index = start + offset
            if leaders:
                to_leaders = similarity[leaders]
                best = int(np.argmax(to_leaders))
                if to_leaders[best] >= threshold:
                    leader_of[distinct[index]] = distinct[leaders[best]]
                    continue
            leaders.append(index)
            leader_of[distinct[index]] = distinct[index]
    return leader_of
