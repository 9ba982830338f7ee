"""Checks on the built HTML book (`./run test` builds it, strictly, before running these).

Every page of the table of contents is there, and every chapter page carries Binder and Colab launch
links that point at the repository, branch and notebook path configured in _config.yml. The expected
links are spelled out here from the configuration, independently of the theme that writes them.
"""
import html.parser
import re
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


class ProseText(html.parser.HTMLParser):
    """The page's prose: its text outside math, code, scripts and styles (each as MyST writes it)."""

    SKIPPED = {"script", "style", "code", "pre"}
    VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col", "area", "base", "embed"}

    def __init__(self):
        super().__init__()
        self.open = []  # for each open element: whether its text is skipped
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append(tag in self.SKIPPED or "math" in classes or "highlight" in classes)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if not any(self.open):
            self.text.append(data)


LATEX_COMMAND = re.compile(r"\\[A-Za-z]{2,}|\$[^$\s]*\\")


def untypeset_latex(page_html):
    """Pieces of LaTeX left in a page's prose: math that Markdown broke apart (a line of an equation
    starting with "+" or "-" becomes a list item, and its dollar signs no longer pair)."""
    parser = ProseText()
    parser.feed(page_html)
    text = "".join(parser.text)
    return [text[max(0, m.start() - 40): m.end() + 40] for m in LATEX_COMMAND.finditer(text)]


def test_the_latex_check_finds_broken_math():
    broken = ('<li><p>adds hidden layers: $\\mathbf{H} = \\mathrm{relu}(\\mathbf{X}</p><ul><li><p>'
              '\\mathbf{b}_1)$</p></li></ul></li>')
    assert untypeset_latex(broken)
    typeset = ('<p>adds <span class="math notranslate nohighlight">\\(\\mathbf{H}\\)</span> and '
               '<code>a\\nb</code></p><div class="highlight"><pre>\\frac</pre></div>')
    assert untypeset_latex(typeset) == []


@pytest.mark.parametrize("entry", toc_files())
def test_no_latex_is_left_untypeset(entry):
    found = untypeset_latex((HTML / f"{entry}.html").read_text(encoding="utf-8"))
    assert not found, f"{entry}: LaTeX outside math (a broken equation?): {found[:3]}"
