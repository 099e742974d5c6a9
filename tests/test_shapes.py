"""Real folders: Jekyll and Hugo posts, Obsidian notes, READMEs, saved web pages, PDFs, and
files that are no documents (tests/data/shapes, and files the tests make)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kgraph.cli import main
from kgraph.ingest import read_file, read_paths, read_text
from kgraph.records import Document, Skip

SHAPES = Path(__file__).parent / "data" / "shapes"
KG = "https://w3id.org/kgraph/ontology#"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    out = {}
    for item in read_paths([SHAPES]):
        assert isinstance(item, Document), item
        out[item.source_file] = item
    return out


@pytest.fixture(scope="module")
def shapes_build(tmp_path_factory):
    """The shapes folder built through the CLI, its Turtle loaded into Oxigraph."""
    import pyoxigraph as ox

    out = tmp_path_factory.mktemp("shapes-out")
    assert main(["build", str(SHAPES), "-o", str(out), "--no-cache", "-q"]) == 0
    store = ox.Store()
    with open(out / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, ox.RdfFormat.TURTLE)
    return out, store


def _rows(store, query: str) -> set[tuple[str, ...]]:
    prefixes = (f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
    return {tuple(term.value for term in row) for row in store.query(prefixes + query)}


def _sections(doc: Document) -> list[str]:
    return [u.heading for u in doc.units if u.is_section]


def test_jekyll_post_title_date_topics_author_and_sections(docs):
    doc = docs["2023-03-14-ai-in-radiology.md"]
    assert (doc.kind, doc.title) == ("Article", "How deep learning is changing radiology")
    assert doc.created == "2023-03-14T08:30:00Z"  # 09:30 at +01:00
    assert doc.topics == ("radiology", "deep learning", "medical-imaging", "ai")
    assert doc.authors == ("Sam Writer",)
    assert doc.excerpt.startswith("Notes from a talk")
    assert _sections(doc) == ["", "What the model does", "What comes next"]


def test_hugo_post_with_toml_front_matter(docs):
    doc = docs["hugo-post.md"]
    assert (doc.title, doc.created) == ("Federated learning in hospitals", "2022-11-02T08:00:00Z")
    assert doc.topics == ("federated learning", "privacy", "research")
    assert _sections(doc) == ["", "Caveats"]


def test_obsidian_note_without_title_is_named_by_its_file(docs):
    doc = docs["Skin cancer screening.md"]
    assert doc.title == "Skin cancer screening"
    assert doc.created == "2024-01-20T00:00:00Z"
    assert doc.aliases == ("Melanoma screening", "Skin checks")
    assert doc.topics == ("dermatology", "screening", "ai/imaging", "todo")  # front matter, then #tags


def test_wiki_links_and_relative_links_between_notes_are_links_between_documents(shapes_build):
    _, store = shapes_build
    links = _rows(store, "SELECT ?a ?b WHERE { ?x kg:linksTo ?y . ?x kg:sourceFile ?a . "
                         "?y kg:sourceFile ?b }")
    assert links == {("Skin cancer screening.md", "Dermatology notes.md"),
                     ("Dermatology notes.md", "Skin cancer screening.md")}
    topics = _rows(store, "SELECT ?l WHERE { ?x kg:sourceFile 'Skin cancer screening.md' ; "
                          "kg:hasTopic ?t . ?t rdfs:label ?l }")
    assert ("Missing note",) in topics  # a wiki-link to a note not in the input


def test_aliases_are_labels_of_the_document(shapes_build):
    _, store = shapes_build
    alt = _rows(store, "SELECT ?l WHERE { ?x kg:sourceFile 'Skin cancer screening.md' ; "
                       "skos:altLabel ?l }")
    assert alt == {("Melanoma screening",), ("Skin checks",)}


def test_readme_title_is_its_heading_not_its_badges_or_html(docs):
    doc = docs["README.md"]
    assert doc.title == "MedSeg"
    assert _sections(doc) == ["MedSeg", "Install"]


@pytest.mark.parametrize("text, title", [
    ('<p align="center">\n  <img src="logo.png">\n</p>\n\n# fastMRI\n\nText.\n', "fastMRI"),
    ("[![License: MIT](https://img.shields.io/badge/x.svg)](https://x.org)\n\n"
     "# **Deep** `scan`\n\nText.\n", "Deep scan"),
    ('<h1 align="center">Retina <em>AI</em></h1>\n\nText.\n', "Retina AI"),
    ("Project Name\n============\n\nText.\n", "Project Name"),
    ("Some prose first.\n\n## A part\n\nMore.\n", "my note"),
    ("```\n# not a heading\n```\n\nText.\n", "my note"),
])
def test_title_is_never_a_line_of_markup(text, title):
    assert read_text(text, "my-note.md").title == title


def test_html_page_main_text_and_metadata(docs):
    doc = docs["page.html"]
    assert (doc.kind, doc.title) == ("Article", "AI reads chest X-rays")
    assert doc.created == "2023-04-05T00:00:00Z"
    assert (doc.provider.name, doc.provider.domain) == ("Health Tech Daily",
                                                        "healthtechdaily.example.com")
    assert doc.authors == ("Jane Doe",)
    assert _sections(doc) == ["AI reads chest X-rays", "Results"]
    text = " ".join(u.text for u in doc.units)
    assert "Stanford University" in text and "Subscribe" not in text and "About" not in text


# Text that is code or a URL in the fixtures: fenced and indented code blocks, inline code,
# URLs (found here with patterns of their own, not the reader's).
_NOT_PROSE = re.compile(r"```[\s\S]*?```|^(?: {4}|\t)[^\n]*$|`[^`\n]+`|https?://\S+|\]\([^)]*\)", re.M)


def test_no_mention_lies_inside_code_or_a_url(docs, shapes_build):
    import kgraph

    kg = kgraph.build([SHAPES])
    by_id = {doc.id: doc for doc in docs.values()}
    checked = 0
    for _, _, key, data in kg.graph.edges(keys=True, data=True):
        for m in data.get("mentions", ()) if key == "mentions" else ():
            doc = by_id[m.doc_id]
            unit = doc.unit(m.unit)
            if unit.base < 0 or not doc.source_file.endswith(".md"):
                continue
            text = (SHAPES / doc.source_file).read_text(encoding="utf-8")
            start, end = unit.base + m.start, unit.base + m.end
            assert text[start:end] == m.quote
            for found in _NOT_PROSE.finditer(text):
                assert end <= found.start() or start >= found.end(), (doc.source_file, m.quote)
            checked += 1
    assert checked > 20
    # The README names pathology, cardiology, oncology and ophthalmology only in code and URLs.
    _, store = shapes_build
    found = _rows(store, "SELECT ?l WHERE { ?d kg:sourceFile 'README.md' ; kg:hasSection ?s . "
                         "?s kg:mentions ?e . ?e rdfs:label ?l }")
    labels = {label.lower() for (label,) in found}
    assert {"radiology", "deep learning"} <= labels
    assert not labels & {"pathology", "cardiology", "oncology", "ophthalmology", "dermatology"}


def _paper_pdf(path: Path) -> None:
    """A two-column paper, as journals print them."""
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    width, height = letter
    column = (width - 2 * 54 - 18) / 2
    frames = [Frame(54, height - 174, width - 108, 120, id="head"),
              Frame(54, 54, column, height - 238, id="left"),
              Frame(72 + column, 54, column, height - 238, id="right")]
    doc = BaseDocTemplate(str(path), pagesize=letter, invariant=True)
    doc.addPageTemplates([PageTemplate("page", frames)])
    story = [Paragraph("Deep learning for skin cancer screening", styles["Title"]),
             Paragraph("Ada Lovelace 1, Alan Turing 2 and Grace Hopper 1", styles["Normal"]),
             FrameBreak()]
    for heading, text in (
            ("INTRODUCTION", "Convolutional neural networks now classify skin lesions in "
                             "dermatology as well as experts do. "),
            ("METHODS", "We used transfer learning from ImageNet and trained on clinical "
                        "photographs from Stanford University. ")):
        story.append(Paragraph(heading, styles["Heading2"]))
        story += [Paragraph(text * 3, styles["BodyText"]) for _ in range(3)]
    doc.build(story)


@pytest.fixture()
def mixed_folder(tmp_path) -> Path:
    pytest.importorskip("reportlab", reason="reportlab (a test dependency) makes the PDF")
    folder = tmp_path / "in"
    folder.mkdir()
    _paper_pdf(folder / "paper.pdf")
    shutil.copy(SHAPES / "page.html", folder / "page.html")
    (folder / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17))
    return folder


def test_pdf_paper_is_read_by_the_paper_reader(mixed_folder):
    doc = read_file(mixed_folder / "paper.pdf")
    assert isinstance(doc, Document), doc
    assert (doc.kind, doc.title) == ("Paper", "Deep learning for skin cancer screening")
    assert doc.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert _sections(doc) == ["INTRODUCTION", "METHODS"]


def test_folder_with_a_pdf_an_html_page_and_a_png(mixed_folder, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(mixed_folder), "-o", str(out), "--no-cache", "-q"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["documents"] == 2
    assert report["skipped"] == [{"file": str(mixed_folder / "figure.png"),
                                  "reason": "not a document: PNG image"}]
    ttl = (out / "graph.ttl").read_text()
    assert '"paper.pdf"' in ttl and '"page.html"' in ttl and "Stanford University" in ttl


@pytest.mark.parametrize("data, what", [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"PK\x03\x04\x14\x00\x00\x00word/document.xml", "Word document (DOCX)"),
    (b"PK\x03\x04\x14\x00\x00\x00data.csv", "ZIP archive"),
    (b"\x1f\x8b\x08\x00", "gzip archive"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG image"),
    (b"\x01\x02\x00\x03", "binary file (contains NUL bytes)"),
])
def test_files_that_are_no_documents_are_skips_naming_what_they_are(tmp_path, data, what):
    path = tmp_path / "file.md"  # the name does not decide: the content does
    path.write_bytes(data)
    assert read_file(path) == Skip(str(path), f"not a document: {what}")


def _tiny_pdf(text: bytes) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, with a correct cross-reference table."""
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_control_characters_in_a_pdfs_text_are_removed_and_noted(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(_tiny_pdf(b"Deep learning\x01 in radiology"))
    doc = read_file(path)
    assert isinstance(doc, Document) and doc.title == "Deep learning in radiology"
    assert doc.notes == ("removed control character(s) that XML cannot carry: U+0001",)


def test_a_broken_pdf_is_a_skip_with_a_reason(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    item = read_file(path)
    assert isinstance(item, Skip) and "PDF" in item.reason and "\n" not in item.reason


def test_plain_text_with_an_author_line_is_still_a_paper():
    text = "A study of retinal imaging\nJane Roe 1, John Doe 2\n\nAbstract text here.\n"
    assert read_text(text, "study.txt").kind == "Paper"


def test_a_page_without_a_date_in_its_metadata_gets_none_guessed_from_its_text():
    html = (SHAPES / "page.html").read_text(encoding="utf-8")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    html = html.replace("Contact us.", "Copyright 2019 Health Tech Daily.")
    assert read_text(html, "page.html").created == ""


def test_numbered_headings_of_a_paper_are_sections_and_references_are_left_out():
    text = ("Deep learning in radiology\nJane Roe 1, John Doe 2\n\nWe study radiology.\n\n"
            "1 Introduction\nRadiology uses deep learning.\n\n2.1 Related work\nOthers did.\n\n"
            "7 References\n[1] A. Author. Pathology. 2020.\n")
    doc = read_text(text, "paper.txt")
    assert doc.kind == "Paper"
    assert _sections(doc) == ["Abstract", "1 Introduction", "2.1 Related work"]


@pytest.mark.parametrize("text", ["[a " * 100_000, "[[a " * 60_000, "![x" * 60_000,
                                  "<h1>" + "a " * 100_000, "a.b" * 100_000, "- " * 100_000 + "x"])
def test_hostile_markdown_reads_in_linear_time(text):
    import time

    start = time.perf_counter()
    doc = read_text(text, "hostile.md")
    assert time.perf_counter() - start < 20  # quadratic patterns took minutes
    assert doc.title


def test_source_code_and_data_beside_the_documents_are_skips(tmp_path):
    (tmp_path / "train.py").write_text("# Radiology model\nimport torch\n")
    (tmp_path / "labels.csv").write_text("file,label\na.png,melanoma\n")
    (tmp_path / "note.md").write_text("# Radiology\n\nDeep learning reads X-rays.\n")
    items = {Path(i.file).name if isinstance(i, Skip) else i.source_file: i
             for i in read_paths([tmp_path])}
    assert items["train.py"].reason == "not a document: Python source"
    assert items["labels.csv"].reason == "not a document: table of data"
    assert isinstance(items["note.md"], Document)
