"""The characters XML 1.0 cannot carry, not even as character references.

GraphML, RDF/XML and SPARQL XML results are XML 1.0: a title holding U+0001 makes the
whole file unreadable to every XML parser. Ingest removes these characters (and notes it);
the XML writers remove them again, as a second line of defence.
"""

from __future__ import annotations

import re

__all__ = ["FORBIDDEN", "xml_text", "forbidden_in"]

# Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids.

    >>> xml_text("a\\x01b\\x1fc\\ufffe")
    'abc'
    """
    return FORBIDDEN.sub("", text)


def forbidden_in(text: str) -> list[str]:
    """The forbidden characters of ``text``, as ``U+0001`` names, each once, in order.

    >>> forbidden_in("bell \\x07 and \\x01 and \\x07")
    ['U+0007', 'U+0001']
    """
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)))
