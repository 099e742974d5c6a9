"""What a file is, by its first bytes: a PDF, or a file that is no document (and what it is).

A small table of magic numbers, for the files people keep beside their documents: images,
archives, audio and video, executables, databases.
"""

from __future__ import annotations

import re

__all__ = ["is_pdf", "not_a_document", "not_a_document_by_name"]

# (offset, magic bytes, what the file is)
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x00\x00\x01\x00", "icon (ICO) image"),
    (0, b"8BPS", "Photoshop image"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"BZh", "bzip2 archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) file"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"MZ", "Windows executable"),
    (0, b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (0, b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"ID3", "MP3 audio"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"OggS", "Ogg audio or video"),
    (0, b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"\x93NUMPY", "NumPy array"),
    (0, b"\x89HDF\r\n\x1a\n", "HDF5 data file"),
    (0, b"PAR1", "Parquet data file"),
)
_RIFF = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}
_ZIP_KINDS = ((b"word/", "Word document (DOCX)"), (b"xl/", "Excel workbook (XLSX)"),
              (b"ppt/", "PowerPoint file (PPTX)"), (b"mimetypeapplication/epub", "EPUB book"))
_SVG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg\b",
                  re.S | re.I)


# Text files that are no documents: source code, data and configuration. Their text would
# read as prose; their name is the surest sign of what they are.
_NOT_DOCUMENT_SUFFIXES = {
    **dict.fromkeys((".py", ".pyi"), "Python source"),
    **dict.fromkeys((".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx"), "JavaScript/TypeScript source"),
    **dict.fromkeys((".c", ".h", ".cc", ".cpp", ".hpp", ".cxx"), "C/C++ source"),
    ".java": "Java source", ".kt": "Kotlin source", ".go": "Go source", ".rs": "Rust source",
    ".rb": "Ruby source", ".php": "PHP source", ".swift": "Swift source", ".r": "R source",
    ".jl": "Julia source", ".m": "MATLAB/Objective-C source", ".scala": "Scala source",
    **dict.fromkeys((".sh", ".bash", ".zsh", ".ps1", ".bat"), "shell script"),
    ".sql": "SQL script", ".css": "stylesheet", ".scss": "stylesheet",
    **dict.fromkeys((".json", ".jsonl", ".ndjson"), "JSON data"),
    **dict.fromkeys((".yaml", ".yml"), "YAML data"), ".toml": "TOML configuration",
    **dict.fromkeys((".ini", ".cfg", ".conf"), "configuration file"),
    **dict.fromkeys((".csv", ".tsv"), "table of data"), ".xml": "XML data",
    ".ipynb": "Jupyter notebook", ".lock": "lock file", ".log": "log file",
    **dict.fromkeys((".ttl", ".nt", ".nq", ".rdf", ".owl", ".jsonld"), "RDF data"),
    **dict.fromkeys((".bib", ".ris"), "bibliography data"), ".tex": "LaTeX source",
}


def not_a_document_by_name(name: str) -> str:
    """What a text file is when its name says it is source code or data, else ``""``.

    >>> not_a_document_by_name("train.py"), not_a_document_by_name("notes.md")
    ('Python source', '')
    """
    dot = name.rfind(".")
    return _NOT_DOCUMENT_SUFFIXES.get(name[dot:].lower(), "") if dot > 0 else ""


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF (its header may follow white space)."""
    return data[:1024].lstrip().startswith(b"%PDF-")


def not_a_document(data: bytes) -> str:
    """What the file is when it is no document ("PNG image"), else ``""``.

    >>> not_a_document(b"\\x89PNG\\r\\n\\x1a\\n...."), not_a_document(b"# A note")
    ('PNG image', '')
    """
    for offset, magic, what in _MAGIC:
        if data.startswith(magic, offset):
            return _zip_kind(data) if what == "ZIP archive" else what
    if data[:4] == b"RIFF" and data[8:12] in _RIFF:
        return _RIFF[data[8:12]]
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime video or HEIC image"
    if _SVG.match(data[:4096]):
        return "SVG image"
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary file (contains NUL bytes)"
    return ""


def _zip_kind(data: bytes) -> str:
    head = data[:2048]
    return next((what for marker, what in _ZIP_KINDS if marker in head), "ZIP archive")
