"""Ingest: one reader per kind, chosen by content; what cannot be read is a Skip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import UsageError
from kgraph.ingest import find_files, read_file, read_paths
from kgraph.records import Document, Skip

NEWS = "000_06dd40ccfc345e7d.txt"
VIDEO = "002_95124a73692d996a.txt"
PAPER = "003_5bb0a64cbfb0c76e.txt"


@pytest.fixture(scope="module")
def docs(seeds_dir: Path) -> dict[str, Document]:
    out = {}
    for item in read_paths([seeds_dir]):
        assert isinstance(item, Document), item
        out[item.source_file] = item
    return out


def test_every_seed_is_read_with_the_kind_its_content_calls_for(docs):
    kinds = {name: doc.kind for name, doc in docs.items()}
    assert kinds == {
        "000_06dd40ccfc345e7d.txt": "Article", "001_c3be71ba43594428.txt": "Article",
        VIDEO: "Video", PAPER: "Paper", "004_3245f783d147c7fa.txt": "Article"}


def test_news_item_fields_and_related_items(docs):
    doc = docs[NEWS]
    assert doc.title == "The Future of Healthcare AI Depends on Data"
    assert doc.created == "2021-12-03T02:54:00Z"
    assert doc.url == "https://techcrunch.com/video/the-future-of-healthcare-ai-depends-on-data/"
    assert (doc.provider.name, doc.provider.domain) == ("TechCrunch", "techcrunch.com")
    assert doc.topics == ("AI in Healthcare", "AI")
    assert len(doc.related) == 5
    first = doc.related[0]
    assert first.title == "Could Google's DeepMind AI Transform Healthcare?"
    assert first.provider.domain == "nasdaq.com"
    assert first.created == "2021-12-03T11:52:00Z"
    assert first.source_file == ""
    assert [u.name for u in first.units] == ["title", "excerpt"]


def test_secured_blob_is_never_read(docs, seeds_dir):
    blob = (seeds_dir / NEWS).read_text().split('secured: "')[1].split('"')[0]
    assert len(blob) > 100
    assert blob[:40] not in repr(docs[NEWS])


def test_video_note_channel_topics_sections_and_anchors(docs):
    doc = docs[VIDEO]
    assert doc.provider.name == "lexfridman"
    assert doc.url == "https://www.youtube.com/watch?v=ZPPAOakITeQ"
    assert "Machine learning in biomedicine" in doc.topics
    assert "lexfridman" not in doc.topics
    headings = [u.heading for u in doc.units if u.is_section]
    assert "The Role of AI and Machine Learning in Healthcare" in headings
    anchored = [u for u in doc.units if u.anchors]
    stamps = {s for u in anchored for _, s in u.anchors}
    assert 51 * 60 + 51 in stamps  # data-t="00:51:51"
    for unit in anchored:
        for offset, _ in unit.anchors:
            assert unit.text[offset:].startswith('<a class="yt-timestamp"')


def test_paper_title_authors_and_capitalised_sections(docs):
    doc = docs[PAPER]
    assert doc.title == "Deep learning-enabled medical computer vision"
    assert doc.authors[:2] == ("Andre Esteva", "Katherine Chou")
    assert "Richard Socher" in doc.authors and len(doc.authors) == 10
    headings = [u.heading for u in doc.units if u.is_section]
    assert headings[:3] == ["Abstract", "INTRODUCTION", "COMPUTER VISION"]
    assert "DERMATOLOGY" in headings and "CLINICAL DEPLOYMENT" in headings


def test_section_text_is_the_source_at_its_base_offset(docs, seeds_dir):
    for name in (VIDEO, PAPER):
        source = (seeds_dir / name).read_text(encoding="utf-8")
        for unit in docs[name].units:
            if unit.is_section:
                assert source[unit.base:unit.base + len(unit.text)] == unit.text


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01binary", "binary"),
    (b"caf\xe9\x01 au lait\n", "not UTF-8"),
    (b"---\ntitle: x\nno closing fence\n", "no closing"),
    (b"---\ntitle: [unclosed\n---\n", "not valid YAML"),
    (b"---\nexcerpt: no title here\nprovider: A news site\n---\n", "no 'title'"),
    (b"---\n- a list\n---\n", "not a mapping"),
])
def test_unreadable_files_become_skips_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    item = read_file(path)
    assert isinstance(item, Skip)
    assert reason in item.reason
    assert "\n" not in item.reason


def test_kind_is_told_by_content_not_extension(tmp_path, seeds_dir):
    (tmp_path / "note.txt").write_bytes((seeds_dir / VIDEO).read_bytes())
    (tmp_path / "paper.md").write_bytes((seeds_dir / PAPER).read_bytes())
    kinds = {item.source_file: item.kind for item in read_paths([tmp_path])}
    assert kinds == {"note.txt": "Video", "paper.md": "Paper"}


def test_crlf_and_bom_read_like_the_plain_file(tmp_path, seeds_dir):
    plain = (seeds_dir / NEWS).read_bytes()
    (tmp_path / "crlf.txt").write_bytes(b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n"))
    doc = read_file(tmp_path / "crlf.txt")
    assert isinstance(doc, Document)
    assert doc.title == "The Future of Healthcare AI Depends on Data"
    assert len(doc.related) == 5


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        find_files([tmp_path / "absent"])


def test_folders_are_walked_for_every_file_but_hidden_ones(tmp_path, seeds_dir):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_bytes((seeds_dir / NEWS).read_bytes())
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.md").write_text("---\ntitle: x\n---\n")
    assert [p.name for p in find_files([tmp_path])] == ["a.md", "image.png"]
    assert read_file(tmp_path / "image.png") == Skip(str(tmp_path / "image.png"),
                                                     "not a document: PNG image")


def test_windows_1252_is_read_honestly_and_said(tmp_path):
    path = tmp_path / "cp1252.md"
    path.write_bytes('---\ntitle: "Caf\u00e9 \u201cAI\u201d"\n---\n'.encode("cp1252"))
    doc = read_file(path)
    assert isinstance(doc, Document)
    assert doc.title == "Caf\u00e9 \u201cAI\u201d"
    assert doc.notes == ("not UTF-8; read as Windows-1252",)


def test_files_over_the_size_limit_are_skipped(tmp_path, seeds_dir):
    path = tmp_path / "big.md"
    path.write_bytes((seeds_dir / NEWS).read_bytes())
    item = read_file(path, max_file_size=1000)
    assert isinstance(item, Skip) and "over the 1,000-byte limit" in item.reason


def test_a_folder_link_that_loops_is_walked_once(tmp_path, seeds_dir):
    (tmp_path / "a.md").write_bytes((seeds_dir / NEWS).read_bytes())
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    files = find_files([tmp_path])
    assert [p.name for p in files] == ["a.md", "self.md"]
    assert "cannot read" in read_file(tmp_path / "self.md").reason


_LINES = st.lists(st.sampled_from(["---", "----", "--- ", "---\t", " ---", "--", "---x", "a: x", "",
                                    " ", "\r", "- -"]), max_size=8).map("\n".join)


@settings(max_examples=500)
@given(st.one_of(_LINES, st.text(alphabet=st.sampled_from(list("- \n\t\ra")), max_size=30)))
def test_front_matter_is_cut_where_the_handlers_split_cuts(text):
    from frontmatter.default_handlers import YAMLHandler

    from kgraph.ingest.frontmatter import _BOUNDARY, _closing

    handler = YAMLHandler()
    opening = _BOUNDARY.match(text)
    assert (opening is not None) == handler.detect(text)
    if opening is None:
        return
    closing = _closing(text, opening.end())
    try:
        expected: tuple[str, str] | None = handler.split(text)
    except ValueError:
        expected = None
    assert expected == (None if closing is None else
                        (text[opening.end():closing.start()], text[closing.end():]))
