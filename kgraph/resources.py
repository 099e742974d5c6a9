"""Where the package finds its ontology and vocabulary files."""

from __future__ import annotations

from pathlib import Path

from kgraph.errors import VocabularyError

__all__ = ["ontology_dir", "version"]


def ontology_dir() -> Path:
    """The ``ontology/`` folder: inside an installed wheel, or at the top of a checkout.

    Raises
    ------
    VocabularyError
        When neither place holds ``kgraph.ttl``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_ontology", here.parent / "ontology"):
        if (candidate / "kgraph.ttl").is_file():
            return candidate
    raise VocabularyError(f"ontology folder with kgraph.ttl not found near {here}")


def version() -> str:
    """The installed kgraph version ("unknown" when run from a checkout not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("kgraph")
    except PackageNotFoundError:
        return "unknown"
