"""Checks on the built HTML book (`./run test` builds it, strictly, before running these).

Every page of the table of contents is there, and every chapter page carries Binder and Colab launch
links that point at the repository, branch and notebook path configured in _config.yml. The expected
links are spelled out here from the configuration, independently of the theme that writes them.
"""
import html.parser
import urllib.parse

import pytest
import yaml

from tools.notebooks import ROOT, toc_files

HTML = ROOT / "_build" / "html"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


@pytest.fixture(scope="module", autouse=True)
def built_book():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run ./run book (./run test builds it first)")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links(page):
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def notebook_entries():
    return [entry for entry in toc_files() if (ROOT / f"{entry}.ipynb").exists()]


@pytest.mark.parametrize("entry", toc_files())
def test_every_toc_entry_is_a_page(entry):
    page = HTML / f"{entry}.html"
    assert page.exists(), f"{entry} from _toc.yml has no page in the built book"
    assert "<h1" in page.read_text(encoding="utf-8"), f"{page} has no title"


def test_index_leads_to_the_opening_page():
    assert "intro.html" in (HTML / "index.html").read_text(encoding="utf-8")


def test_there_are_chapter_notebooks():
    assert len(notebook_entries()) >= 2


@pytest.mark.parametrize("entry", notebook_entries())
def test_chapter_has_binder_and_colab_links(entry):
    repo = urllib.parse.urlparse(CONFIG["repository"]["url"])
    assert repo.netloc == "github.com"
    org_repo = repo.path.strip("/")
    branch = CONFIG["repository"].get("branch", "master")
    notebook = f"{entry}.ipynb"
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    colab = CONFIG["launch_buttons"]["colab_url"].rstrip("/")

    hrefs = links(HTML / f"{entry}.html")
    assert f"{binder}/v2/gh/{org_repo}/{branch}?urlpath=tree/{notebook}" in hrefs
    assert f"{colab}/github/{org_repo}/blob/{branch}/{notebook}" in hrefs
    # And the notebook the links name is the one in the repository.
    assert (ROOT / notebook).exists()
