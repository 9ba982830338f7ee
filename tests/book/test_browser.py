"""The built book as a reader meets it: every page of _toc.yml opened in headless Chromium.

The built site (`_build/html`, or the folder in $BOOK_HTML) is served on 127.0.0.1 and each page is
loaded in Debian's chromium, driven by Playwright (which downloads nothing: $CHROMIUM or `chromium` on
PATH; `./run test` installs it). On every page: nothing is requested from another host (the book reads
offline; launch links are links, not loads), no error reaches the console and no request fails, every
equation is typeset by MathJax without a TeX error and no raw TeX is left in the text, every image has
loaded, chapter pages carry the Binder and Colab links made from _config.yml, no live widget output is
on the page and each widget's static stand-in is visible. The search page finds each page by a word of
its title. A full-page screenshot of every page is saved under `_build/screenshots/` (beside the html
folder that was tested).

The last test breaks a copy of the site (TeX that does not parse, a deleted image, raw TeX in the
text, a script from a CDN, a wrong launch link, ...) and checks that the same page checks catch each.
"""
import base64
import functools
import hashlib
import http.server
import os
import pathlib
import re
import shutil
import threading
import urllib.parse

import nbformat
import pytest
import yaml

from tools.notebooks import ROOT, toc_files

HTML = pathlib.Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html")).resolve()
SCREENSHOTS = HTML.parent / "screenshots"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT_MS = 30_000

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")


# --------------------------------------------------------------------------------------------------
# What the pages should hold, worked out from _config.yml and the notebooks (not from the HTML).

def notebook_path(entry):
    path = ROOT / f"{entry}.ipynb"
    return path if path.exists() else None


def launch_links(entry):
    """The Binder and Colab URLs of a chapter, from the repository settings in _config.yml."""
    repo = CONFIG["repository"]
    org_repo = urllib.parse.urlparse(repo["url"]).path.strip("/")
    branch = repo.get("branch", "master")
    binder = CONFIG["launch_buttons"]["binderhub_url"].rstrip("/")
    colab = CONFIG["launch_buttons"]["colab_url"].rstrip("/")
    return {
        "Binder": f"{binder}/v2/gh/{org_repo}/{branch}?urlpath=tree/{entry}.ipynb",
        "Colab": f"{colab}/github/{org_repo}/blob/{branch}/{entry}.ipynb",
    }


def widget_standins(entry):
    """For each live widget of a chapter, the file name the build gives its static stand-in.

    A widget cell is a code cell whose stored output is a widget view. Its stand-in is the picture
    drawn by the nearest code cell above it (the chapter says "the picture above shows what the sliders
    do"); myst-nb names an output image by the sha256 of its bytes.
    """
    path = notebook_path(entry)
    if path is None:
        return []
    cells = nbformat.read(path, as_version=4).cells
    found = []
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or not any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs):
            continue
        picture = None
        for above in reversed(cells[:i]):
            pngs = [o["data"]["image/png"] for o in above.get("outputs", []) if "image/png" in o.get("data", {})]
            if pngs:
                picture = hashlib.sha256(base64.b64decode(pngs[-1])).hexdigest() + ".png"
                break
        found.append({"cell": i, "tags": cell.metadata.get("tags", []), "picture": picture})
    return found


def built_pages():
    """The entries of _toc.yml that have a page in the built site (the others fail their own test)."""
    return [entry for entry in toc_files() if (HTML / f"{entry}.html").exists()]


def search_word(title):
    """The longest word of a page's title: what a reader would type to find it."""
    return max(re.findall(r"[A-Za-z]{4,}", title), key=len)


# --------------------------------------------------------------------------------------------------
# The server and the browser.

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").exists():
        pytest.fail(f"no built book at {HTML}: run ./run book (./run test builds it first)")
    server = serve(HTML)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("no chromium: install Debian's chromium package (./run test does) or set $CHROMIUM")
    return path


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path())
        yield chromium
        chromium.close()


# --------------------------------------------------------------------------------------------------
# The page checks. check_page returns a list of (kind, detail): empty when the page is right.

WAIT_FOR_MATH = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
}"""

WAIT_FOR_IMAGES = """async () => {
    const images = [...document.images];
    for (const img of images) img.loading = "eager";
    const settled = img => img.complete ? Promise.resolve() : new Promise(done => {
        img.addEventListener("load", done); img.addEventListener("error", done);
    });
    await Promise.race([Promise.all(images.map(settled)), new Promise(done => setTimeout(done, 15000))]);
    return images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute("src"));
}"""

MATH_FACTS = r"""() => {
    const maths = [...document.querySelectorAll(".math")];
    const clone = (document.querySelector("main") || document.body).cloneNode(true);
    clone.querySelectorAll("mjx-container, pre, code, script, style, textarea").forEach(e => e.remove());
    return {
        equations: maths.length,
        untypeset: maths.filter(m => !m.querySelector("mjx-container")).map(m => m.textContent.slice(0, 80)),
        errors: [...document.querySelectorAll("mjx-merror")].map(
            e => e.getAttribute("data-mjx-error") || e.textContent),
        text: clone.textContent,
    };
}"""

LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"

LIVE_WIDGETS = f"""() => document.querySelectorAll(
    'script[type="{WIDGET_VIEW}"], .jupyter-widgets, .widget-slider').length"""

# Shown code (not the folded set-up cell) is written to fit 88 columns; _static/code.css sizes the
# code font so that 88 columns fit the text column. The longest line of each code cell that still
# scrolls sideways.
WIDE_CODE = """() => [...document.querySelectorAll('div.cell:not(.tag_hide-input) div.cell_input pre')]
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => pre.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a)))"""

STANDIN = """name => {
    const img = [...document.images].find(i => (i.getAttribute("src") || "").endsWith(name));
    if (!img) return null;
    const box = img.getBoundingClientRect();
    return {loaded: img.complete && img.naturalWidth > 0, visible: img.checkVisibility(), width: box.width};
}"""

# TeX delimiters and commands left as text; also $...$ holding a command, ^ or _ (MathJax does not
# typeset single dollars: such text means a page's math was not parsed as math).
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\frac\{|\$[^$\n]{0,80}[\\^_][^$\n]{0,80}\$")


def check_page(browser, base, entry, screenshot=None, chapter=None):
    """Open base/entry.html like a reader; return what is wrong with it and how many equations it has.

    chapter: the _toc.yml entry whose notebook the page shows (entry itself by default).
    """
    chapter = chapter or entry
    problems = []
    host = urllib.parse.urlparse(base).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(route):
        url = urllib.parse.urlparse(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == host:
            route.continue_()
        else:  # recorded and refused: a page must not need another host
            problems.append(("external", route.request.url))
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(
        ("console", f"{m.text} ({m.location.get('url', '')})")))
    page.on("pageerror", lambda e: problems.append(("console", str(e))))
    page.on("requestfailed", lambda r: host in r.url and problems.append(("http", f"{r.failure}: {r.url}")))
    page.on("response", lambda r: r.status >= 400 and problems.append(("http", f"{r.status}: {r.url}")))
    try:
        page.goto(f"{base}/{entry}.html", wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate(WAIT_FOR_MATH)
        for src in page.evaluate(WAIT_FOR_IMAGES):
            problems.append(("image", f"image did not load: {src}"))

        math = page.evaluate(MATH_FACTS)
        problems += [("math", f"equation not typeset: {t!r}") for t in math["untypeset"]]
        problems += [("math", f"TeX error: {e}") for e in math["errors"]]
        problems += [("raw-tex", f"raw TeX in the text: ...{math['text'][max(m.start() - 40, 0):m.end() + 40]!r}...")
                     for m in RAW_TEX.finditer(math["text"])]

        if notebook_path(chapter):
            hrefs = page.evaluate(LINKS)
            for name, url in launch_links(chapter).items():
                if url not in hrefs:
                    problems.append(("launch", f"no {name} link {url}"))
        for line in page.evaluate(WIDE_CODE):
            problems.append(("code", f"a code cell scrolls sideways in a 1280-pixel window: {line!r}"))
        if page.evaluate(LIVE_WIDGETS):
            problems.append(("widget", "a live widget's output is on the page: it renders nothing in HTML "
                                       "(tag its cell remove-output and show a static picture above it)"))
        for standin in widget_standins(chapter):
            if "remove-output" not in standin["tags"]:
                problems.append(("widget", f"widget cell {standin['cell']} is not tagged remove-output"))
            facts = page.evaluate(STANDIN, standin["picture"]) if standin["picture"] else None
            if not (facts and facts["loaded"] and facts["visible"] and facts["width"] >= 300):
                problems.append(("standin", f"the static picture for widget cell {standin['cell']} is not "
                                            f"visible: {standin['picture']} {facts}"))
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        return problems, math["equations"]
    finally:
        context.close()


def describe(problems):
    return "\n".join(f"  [{kind}] {detail}" for kind, detail in problems)


# --------------------------------------------------------------------------------------------------
# The tests.

@pytest.mark.parametrize("entry", toc_files())
def test_page_reads_right(browser, site, entry):
    assert (HTML / f"{entry}.html").exists(), f"{entry} from _toc.yml has no page in {HTML}"
    problems, equations = check_page(browser, site, entry,
                                     screenshot=SCREENSHOTS / f"{entry.replace('/', '__')}.png")
    assert not problems, f"{entry}.html:\n{describe(problems)}"
    # Not vacuous: the browser saw (and found typeset) every equation the HTML file holds.
    html = (HTML / f"{entry}.html").read_text(encoding="utf-8")
    assert equations == html.count('class="math notranslate nohighlight"'), equations


def test_some_pages_have_equations():
    counts = {e: (HTML / f"{e}.html").read_text(encoding="utf-8").count('class="math') for e in built_pages()}
    assert sum(n >= 10 for n in counts.values()) >= 2, counts


@pytest.mark.parametrize("entry", toc_files())
def test_search_finds_the_page(browser, site, entry):
    assert (HTML / f"{entry}.html").exists(), f"{entry} from _toc.yml has no page in {HTML}"
    title = re.search(r"<h1[^>]*>([^<]+)", (HTML / f"{entry}.html").read_text(encoding="utf-8")).group(1)
    word = search_word(title)
    page = browser.new_page()
    try:
        page.goto(f"{site}/search.html?q={urllib.parse.quote(word)}", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => /Search finished|did not match/.test(document.querySelector('#search-results')?.innerText)",
            timeout=TIMEOUT_MS)
        found = page.evaluate("() => [...document.querySelectorAll('#search-results a')].map(a => a.href)")
    finally:
        page.close()
    assert any(urllib.parse.urlparse(url).path == f"/{entry}.html" for url in found), (
        f"searching for {word!r} (from the title {title.strip()!r}) does not find {entry}: {found}")


# --------------------------------------------------------------------------------------------------
# The checks can fail: a broken copy of the site, one page per kind of breakage.

def richest_chapter():
    """The chapter whose built page has the most equations and images (the best page to break)."""
    def score(entry):
        page = (HTML / f"{entry}.html").read_text(encoding="utf-8")
        return min(page.count('class="math'), 5) + min(page.count("<img"), 5)
    return max((e for e in built_pages() if notebook_path(e)), key=score)


def first_math(page):
    return re.search(r'(<span class="math notranslate nohighlight">)(\\\(.*?\\\))(</span>)', page)


def break_tex(page, site):
    m = first_math(page)
    return page[:m.start(2)] + r"\(\frac{1}{2\)" + page[m.end(2):]


def break_image(page, site):
    """The page's first picture, given a file of its own, which is then deleted."""
    src = re.search(r'<img[^>]+src="([^"]*_images/)([^"]+)"', page)
    own = f"deleted-{src.group(2)}"
    shutil.copy(site / "_images" / src.group(2), site / "_images" / own)
    (site / "_images" / own).unlink()
    return page.replace(src.group(0), src.group(0).replace(src.group(2), own))


def raw_tex(page, site):
    """Math as it shows when the page's Markdown was not parsed as math (MathJax skips single $)."""
    return page.replace("</main>", "<p>The loss is $L = \\frac{1}{n}\\sum_i (y_i - p_i)^2$ here.</p></main>", 1)


def cdn_script(page, site):
    return page.replace("</head>", '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js">'
                                   "</script></head>", 1)


def no_mathjax(page, site):
    return re.sub(r'<script[^>]*src="[^"]*mathjax[^"]*"[^>]*></script>', "", page)


def wrong_colab(page, site):
    return page.replace("colab.research.google.com/github/", "colab.research.google.com/gist/")


def script_error(page, site):
    return page.replace("</body>", "<script>undefinedFunction()</script></body>", 1)


def live_widget(page, site):
    return page.replace("</main>", f'<script type="{WIDGET_VIEW}">{{"model_id": "x"}}</script></main>', 1)


def no_code_css(page, site):
    """The page without the book's code style: its 88-column lines scroll sideways again."""
    return re.sub(r'<link[^>]*href="[^"]*code\.css[^"]*"[^>]*>', "", page)


BREAKAGES = {  # how the copy is broken: the kind of problem the checks must report
    break_tex: "math",
    break_image: "image",
    raw_tex: "raw-tex",
    cdn_script: "external",
    no_mathjax: "math",
    wrong_colab: "launch",
    script_error: "console",
    live_widget: "widget",
    no_code_css: "code",
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """A copy of the built site with one broken copy of the richest chapter per breakage."""
    copy = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(HTML, copy)
    entry = richest_chapter()
    original = (copy / f"{entry}.html").read_text(encoding="utf-8")
    pages = {}
    for breakage in BREAKAGES:
        broken = breakage(original, copy)
        assert broken != original, f"{breakage.__name__} changed nothing"
        name = f"{entry}-{breakage.__name__}"
        (copy / f"{name}.html").write_text(broken, encoding="utf-8")
        pages[breakage] = name
    server = serve(copy)
    yield f"http://127.0.0.1:{server.server_address[1]}", entry, pages
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.__name__)
def test_checks_catch_a_broken_page(browser, broken_site, breakage):
    base, entry, pages = broken_site
    problems, _ = check_page(browser, base, pages[breakage], chapter=entry)
    kinds = {kind for kind, _ in problems}
    assert BREAKAGES[breakage] in kinds, f"{breakage.__name__} went unnoticed; found only:\n{describe(problems)}"


def test_checks_catch_a_missing_widget_standin(browser, tmp_path):
    """The stand-in check, on a copy of a widget chapter's site whose static picture was deleted."""
    with_widgets = [e for e in built_pages() if widget_standins(e)]
    if not with_widgets:
        pytest.skip("no chapter has a live widget yet")
    entry = with_widgets[0]
    copy = tmp_path / "html"
    shutil.copytree(HTML, copy, ignore=shutil.ignore_patterns("mathjax"))
    for standin in widget_standins(entry):
        assert standin["picture"], f"widget cell {standin['cell']} of {entry} has no picture above it"
        (copy / "_images" / standin["picture"]).unlink()
    server = serve(copy)
    try:
        problems, _ = check_page(browser, f"http://127.0.0.1:{server.server_address[1]}", entry)
    finally:
        server.shutdown()
        server.server_close()
    assert "standin" in {kind for kind, _ in problems}, describe(problems)
