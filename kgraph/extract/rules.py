"""Loading the organisation rules of ``ontology/extraction.toml``."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import VocabularyError
from kgraph.resources import ontology_dir

__all__ = ["OrgRules", "load_rules"]


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


@functools.lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> OrgRules:
    """Read the ``[organization]`` table of ``extraction.toml``.

    Raises
    ------
    VocabularyError
        When the file is missing, does not parse, or lacks a list.
    """
    path = path or ontology_dir() / "extraction.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))["organization"]
        table = {**table, **table["context"]}
        return OrgRules(**{name: frozenset(w.lower() for w in table[name])
                           for name in OrgRules.__dataclass_fields__})
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise VocabularyError(f"{path.name}: cannot read organisation rules: {exc}") from None
