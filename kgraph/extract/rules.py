"""Loading the rules of ``ontology/extraction.toml``: organisations and support."""

from __future__ import annotations

import contextlib
import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import VocabularyError
from kgraph.resources import ontology_dir

__all__ = ["OrgRules", "load_rules", "SupportRules", "load_support", "rules_table"]


@dataclass(frozen=True)
class OrgRules:
    """Word lists that drive the organisation rules (all lowercase)."""

    suffix_cues: frozenset[str]
    weak_cues: frozenset[str]
    prefix_cues: frozenset[str]
    connectors: frozenset[str]
    not_name_starts: frozenset[str]
    not_org_words: frozenset[str]
    generic_words: frozenset[str]
    company_nouns: frozenset[str]
    roles: frozenset[str]
    affiliated: frozenset[str]


@contextlib.contextmanager
def rules_table(path: Path | None, name: str, what: str) -> Iterator[dict[str, Any]]:
    """The ``[name]`` table of ``extraction.toml`` (``ontology/``'s where ``path`` is None);
    whatever goes wrong reading it, or reading ``what`` from it in the ``with`` block, is
    one :class:`~kgraph.errors.VocabularyError` line naming the file."""
    path = path or ontology_dir() / "extraction.toml"
    try:
        yield tomllib.loads(path.read_text(encoding="utf-8"))[name]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise VocabularyError(f"{path.name}: cannot read {what}: {exc}") from None


@functools.lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> OrgRules:
    """Read the ``[organization]`` table of ``extraction.toml``.

    Raises
    ------
    VocabularyError
        When the file is missing, does not parse, or lacks a list.
    """
    with rules_table(path, "organization", "organisation rules") as table:
        table = {**table, **table["context"]}
        return OrgRules(**{name: frozenset(w.lower() for w in table[name])
                           for name in OrgRules.__dataclass_fields__})


@dataclass(frozen=True)
class SupportRules:
    """What supports an ambiguous short form, and what makes a match no entity.

    ``cues`` maps an entity type to the words (lowercase) that tell its class in a
    sentence; ``phrases`` are collocations that name something else ("segmentation
    fault"); ``organization_before`` are words after an organisation's name that make a
    licence or a standard of it ("MIT License").
    """

    cues: dict[str, frozenset[str]]
    phrases: tuple[str, ...]
    organization_before: frozenset[str]


@functools.lru_cache(maxsize=4)
def load_support(path: Path | None = None) -> SupportRules:
    """Read the ``[support]`` table of ``extraction.toml``.

    Raises
    ------
    VocabularyError
        When the file is missing, does not parse, or lacks a list.
    """
    with rules_table(path, "support", "support rules") as table:
        cues = {kind: frozenset(w.lower() for w in words) for kind, words in table["cues"].items()}
        excluded = table["exclusions"]
        return SupportRules(cues, tuple(excluded["phrases"]),
                            frozenset(w.lower() for w in excluded["organization_before"]))
