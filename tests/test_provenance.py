"""Every extracted fact is traceable to the exact words it came from."""

from __future__ import annotations

import re

import frontmatter
import pytest

from conftest import select
from kgraph.ingest import read_file

MENTIONS = """
SELECT ?m ?in ?field ?start ?end ?quote ?context ?link ?entity WHERE {
  ?m a kg:Mention ; kg:inDocument ?in ; kg:field ?field ; kg:start ?start ; kg:end ?end ;
     kg:quote ?quote ; kg:context ?context ; kg:mentionOf ?entity .
  OPTIONAL { ?m kg:deepLink ?link }
}"""


@pytest.fixture(scope="module")
def mentions(seeds_store):
    rows = select(seeds_store, MENTIONS)
    assert len(rows) > 100
    return rows


def _field_texts(seeds_store, seeds_dir) -> dict[tuple[str, str], str]:
    """(container IRI, field) -> the field's original text, read without kgraph's readers
    for front-matter fields (python-frontmatter) and with them for sections."""
    texts: dict[tuple[str, str], str] = {}
    titles = select(seeds_store, "SELECT ?d ?t WHERE { ?d dcterms:title ?t }")
    by_title = {}
    for row in titles:
        by_title.setdefault(row["t"], []).append(row["d"])
    for path in sorted(seeds_dir.iterdir()):
        post = frontmatter.load(path)
        for item in [post.metadata, *post.metadata.get("related", [])]:
            for iri in by_title.get(str(item.get("title", "")), []):
                texts[(iri, "title")] = str(item["title"])
                if item.get("excerpt"):
                    texts[(iri, "excerpt")] = str(item["excerpt"])
        doc = read_file(path)
        for unit in doc.units:
            if unit.is_section:
                iri = f"https://w3id.org/kgraph/id/doc/{doc.id}/{unit.name}"
                texts[(iri, unit.name)] = unit.text
            elif unit.name == "title" and not post.metadata:
                texts[(f"https://w3id.org/kgraph/id/doc/{doc.id}", "title")] = unit.text
    return texts


def test_the_text_at_every_mentions_offsets_is_its_quote(mentions, seeds_store, seeds_dir):
    texts = _field_texts(seeds_store, seeds_dir)
    def squash(s: str) -> str:
        return re.sub(r"[\W_]+", "", s).lower()

    for row in mentions:
        text = texts[(row["in"], row["field"])]
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end] == row["quote"], row
        # The quote is whole words, and stands in its sentence.
        assert not text[start - 1:start].isalnum() and not text[end:end + 1].isalpha(), row
        assert squash(row["quote"]) in squash(row["context"]), row


def test_every_mentions_edge_stands_on_a_mention(seeds_store, mentions):
    edges = select(seeds_store, "SELECT ?s ?e WHERE { ?s kg:mentions ?e }")
    backed = {(row["in"], row["entity"]) for row in mentions}
    assert edges and {(e["s"], e["e"]) for e in edges} == backed


def test_video_mentions_carry_deep_links_to_an_anchor_of_their_section(mentions, seeds_dir):
    source = (seeds_dir / "002_95124a73692d996a.txt").read_text()
    stamps = set()
    for h, m, s in re.findall(r'data-t="(\d\d):(\d\d):(\d\d)"', source):
        stamps.add(int(h) * 3600 + int(m) * 60 + int(s))
    video = [r for r in mentions if "machine-learning-and-ai-in-healthcare" in r["in"]]
    linked = [r for r in video if "link" in r]
    assert len(linked) >= 5
    for row in linked:
        assert row["link"].startswith("https://www.youtube.com/watch?v=ZPPAOakITeQ&t=")
        assert int(row["link"].rsplit("t=", 1)[1].rstrip("s")) in stamps
    dermatologists = [r for r in linked if r["quote"] == "dermatologists"]
    assert {r["link"][-6:] for r in dermatologists} >= {"=3111s"}  # [00:51:51]


def test_paper_mentions_name_their_section(seeds_store):
    rows = select(seeds_store, """
        SELECT ?heading (COUNT(?m) AS ?n) WHERE {
          ?d kg:sourceFile "003_5bb0a64cbfb0c76e.txt" ; kg:hasSection ?s .
          ?s rdfs:label ?heading . ?m kg:inDocument ?s ; kg:mentionOf ?e .
          ?e skos:prefLabel "dermatology" } GROUP BY ?heading""")
    by_section = {r["heading"]: int(r["n"]) for r in rows}
    assert by_section.get("DERMATOLOGY", 0) >= 2
