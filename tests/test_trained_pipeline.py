"""--spacy-model: an installed pipeline's ORG entities add to the rules, under the same filters.

The test builds and saves a small pipeline itself (an entity ruler standing in for a
trained NER); nothing is downloaded.
"""

from __future__ import annotations

import pytest
import spacy

import kgraph
from kgraph.cli import main
from kgraph.errors import UsageError


@pytest.fixture(scope="module")
def saved_pipeline(tmp_path_factory):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "ORG", "pattern": "Acme Vision"},
        {"label": "ORG", "pattern": "Transform Healthcare"},  # a headline false positive
        {"label": "PERSON", "pattern": "Jane Doe"},
    ])
    path = tmp_path_factory.mktemp("pipeline") / "org_model"
    nlp.to_disk(path)
    return path


@pytest.fixture()
def corpus(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: \"Could Acme AI Transform Healthcare?\"\n"
        "excerpt: \"Jane Doe said that Acme Vision uses deep learning in radiology.\"\n---\n")
    return tmp_path


def _orgs(kg) -> set[str]:
    return {e.label for e in kg.entities("Organization")}


def test_org_entities_of_the_named_pipeline_are_added(saved_pipeline, corpus):
    assert "Acme Vision" not in _orgs(kgraph.build([corpus]))
    orgs = _orgs(kgraph.build([corpus], spacy_model=str(saved_pipeline)))
    assert "Acme Vision" in orgs
    assert "Transform Healthcare" not in orgs  # the headline filter applies to the model too
    assert "Jane Doe" not in orgs


def test_cli_option_matches_the_api_keyword(saved_pipeline, corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "--spacy-model", str(saved_pipeline)]) == 0
    assert "Acme Vision" in (out / "graph.ttl").read_text()


def test_a_pipeline_that_is_not_installed_is_a_usage_error(corpus):
    with pytest.raises(UsageError, match="not installed"):
        kgraph.build([corpus], spacy_model="xx_no_such_pipeline")
