"""Reader for PDF files, through pypdf: the text goes into the paper reader.

pypdf was chosen over pdfminer.six on a two-column paper made with reportlab: it kept
every sentence in reading order (56 of 56 against 35) and took 0.03 s against 0.38 s.
"""

from __future__ import annotations

import io
import logging

from kgraph.ingest.common import ReadError
from kgraph.ingest.paper import read_paper
from kgraph.records import Document

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)


def read_pdf(data: bytes, source_file: str, digest: str = "") -> Document:
    """A PDF read as a paper: title, authors, sections from its text layer.

    Raises
    ------
    ReadError
        When the PDF cannot be opened, is encrypted, or has no text layer.
    """
    return read_paper(pdf_text(data), source_file, digest)


def pdf_text(data: bytes) -> str:
    """The text of every page, pages joined by a blank line.

    Raises
    ------
    ReadError
        As for :func:`read_pdf`.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _unlocked(reader):
            raise ReadError("encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ReadError(f"PDF cannot be read: {_one_line(exc)}") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise ReadError("PDF with no text layer (a scan?)")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _unlocked(reader) -> bool:
    """Whether an encrypted PDF opens with the empty password, as many do."""
    try:
        return bool(reader.decrypt(""))
    except Exception as exc:  # a missing crypto library, an unknown algorithm
        log.debug("cannot decrypt: %s", exc)
        return False


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
