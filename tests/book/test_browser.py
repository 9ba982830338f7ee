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

Accessibility (WCAG 2.1 AA; README, "Accessibility"): on every page axe-core finds no violation of WCAG
2.1 A or AA, in light mode and in dark mode; the page's language is set; every equation carries
MathJax's assistive MathML; every image has alt text that is not a file path, and a chapter's
figures have exactly the alt text of their notebook cell's metadata. On a chapter page the keyboard
reaches the launch buttons, the dropdown answers, the folded code cells and the navigation, opens
them, and shows where its focus is.

The last tests break a copy of the site (TeX that does not parse, a deleted image, raw TeX in the
text, a script from a CDN, a wrong launch link, a figure whose alt text is its path, a button named
unlike its text, ...) and check that the same page checks catch each.
"""
import base64
import functools
import hashlib
import http.server
import importlib.resources
import os
import pathlib
import re
import shutil
import sys
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
pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (axe-core) is in the dev extra")
# axe-core itself: the axe.min.js that the PyPI package axe-playwright-python ships (MPL-2.0). Only the
# file is used: the tests inject it into each page and call axe.run themselves.
AXE_JS = importlib.resources.files("axe_playwright_python") / "axe.min.js"


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


IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}


def figure_alts(entry):
    """For each figure of a chapter, the file name the build gives it and its cell's alt text.

    A figure is an image output of a code cell; its alt text is written once, in the cell's metadata
    (`"mystnb": {"image": {"alt": "..."}}`), and myst-nb puts it on the <img>. None: the cell has none.
    """
    path = notebook_path(entry)
    if path is None:
        return {}
    alts = {}
    for cell in nbformat.read(path, as_version=4).cells:
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt") if cell.cell_type == "code" else None
        for output in cell.get("outputs", []):
            for kind, extension in IMAGE_TYPES.items():
                if kind in output.get("data", {}):  # named as myst-nb names it (render_image)
                    content = output["data"][kind]
                    data = (os.linesep.join(content.splitlines()).encode() if kind == "image/svg+xml"
                            else base64.b64decode(content))
                    alts[hashlib.sha256(data).hexdigest() + extension] = alt
    return alts


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


class QuietServer(http.server.ThreadingHTTPServer):
    """A server that says nothing when the browser hangs up mid-file (it cancels a download when the
    page moves on): that is the browser's choice, not a fault. Any other error is printed as usual."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(folder):
    """``folder`` served on a free local port, from a background thread: the server (shut it down)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
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

# --- Accessibility (README, "Accessibility").

LANGUAGE = CONFIG["sphinx"]["config"]["language"]
LANG = "() => document.documentElement.getAttribute('lang')"

# Every typeset equation carries MathJax's visually hidden MathML copy, which screen readers read.
MATHML = """() => [...document.querySelectorAll('mjx-container')].filter(
    c => !c.querySelector('mjx-assistive-mml math')).length"""

IMAGES = """() => [...document.images].map(img => ({
    src: img.getAttribute('src') || '', alt: img.getAttribute('alt')}))"""

# Alt text that is a file name or path (Sphinx's default alt is the image's path), or holds a hash.
PATH_ALT = re.compile(r"^\S*[/\\]\S*$|^\S+\.(png|jpe?g|gif|svg|webp)$|[0-9a-f]{32}", re.I)
MIN_FIGURE_ALT_WORDS = 8  # "A plot." says nothing; what a figure shows and what to notice takes more


def image_problems(images, alts):
    """alts: a chapter's figures, file name -> the alt text of their cell's metadata (figure_alts)."""
    problems = []
    for image in images:
        src, alt = image["src"], image["alt"]
        name = src.rsplit("/", 1)[-1]
        if alt is None:
            problems.append(("alt", f"an image has no alt attribute: {src}"))
        elif PATH_ALT.search(alt.strip()) or (name and name in alt):
            problems.append(("alt", f"an image's alt text is a file path: alt={alt!r} on {src}"))
        elif not alt.strip() and name in alts:  # alt="" marks a decorative image; a figure is not one
            problems.append(("alt", f"a figure has an empty alt text: {src}"))
        if name not in alts:
            continue
        if not alts[name]:
            problems.append(("alt", f"the cell of figure {name} has no alt text in its metadata "
                                    '("mystnb": {"image": {"alt": "..."}})'))
        elif alt != alts[name]:
            problems.append(("alt", f"figure {name}: the page's alt text {alt!r} is not its cell's "
                                    f"{alts[name]!r}"))
        elif len(alts[name].split()) < MIN_FIGURE_ALT_WORDS:
            problems.append(("alt", f"figure {name}: the alt text {alts[name]!r} is too short to say what "
                                    "the figure shows and what to notice"))
    return problems


# axe-core, at WCAG 2.0 and 2.1, levels A and AA: every rule tagged with one of these, the
# experimental ones included (axe runs those only when named; label-content-name-mismatch, WCAG 2.5.3,
# is one). No rule is disabled.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # the rules whose outcome the colour mode changes

# Before axe runs: every <details> opened (dropdown answers, folded code cells), so that what they
# hide is checked too, and no transition, so that colours are final as soon as the mode changes.
# And a fix for axe-core 4.12's reading of stylesheets (dequelabs/axe-core#5268, open): it fetches an
# @import's URL relative to the page instead of the stylesheet (the theme's styles/theme.css imports
# "../basic.css"), gets a 404 and checks css-orientation-lock without that stylesheet. An @import's
# href is made absolute, resolved as CSS resolves it, which is the fix proposed upstream (#5269).
AXE_PREPARE = """() => {
    const href = Object.getOwnPropertyDescriptor(CSSImportRule.prototype, 'href').get;
    Object.defineProperty(CSSImportRule.prototype, 'href', {configurable: true, get() {
        const url = href.call(this);
        return new URL(url, (this.parentStyleSheet && this.parentStyleSheet.href) || document.baseURI).href;
    }});
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
}"""

# One axe run per colour mode. color-contrast checks one element per look: contrast depends only on
# the text's colour, size and weight and on the backgrounds behind it, and a chapter has thousands of
# text elements in a few dozen looks (its code cells alone hold thousands of highlighted tokens in a
# handful of colours), so checking every one would take minutes a page. A look is the text's colour,
# size, weight, shadow and opacity and, for the element and each element behind it up to the first
# opaque background, that element's background colour and image, opacity, blend mode and filter.
# Only rendered elements are sampled (a sample inside a closed box would hide its look). The samples
# are marked with an attribute and color-contrast's selector narrowed to it, so that one axe run
# checks the whole page. Dark mode changes colours only: there, the colour rules alone run again.
AXE_RUN = """async ({tags, colourRules, colourOnly}) => {
    const rules = axe.getRules().filter(r => r.tags.some(t => tags.includes(t))).map(r => r.ruleId);
    const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const look = el => {
        const s = getComputedStyle(el);
        const parts = [s.color, s.fontSize, s.fontWeight, s.textShadow, s.opacity];
        for (let a = el; a; a = a.parentElement) {
            const b = getComputedStyle(a);
            parts.push(b.backgroundColor, b.backgroundImage, b.opacity, b.mixBlendMode, b.filter);
            if (b.backgroundColor.startsWith('rgb(')) break;  // opaque: nothing behind it shows
        }
        return parts.join('|');
    };
    const looks = new Set();
    document.querySelectorAll('[data-axe-look]').forEach(el => el.removeAttribute('data-axe-look'));
    for (const el of document.body.querySelectorAll('*')) {
        if (!ownText(el) || !el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true})) continue;
        const key = look(el);
        if (!looks.has(key)) { looks.add(key); el.setAttribute('data-axe-look', ''); }
    }
    axe.configure({rules: [{id: 'color-contrast', selector: '[data-axe-look]'}]});
    const run = rules.filter(r => !colourOnly || colourRules.includes(r));
    const result = await axe.run(document, {runOnly: {type: 'rule', values: run}, resultTypes: ['violations']});
    const why = n => (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240);
    return {looks: looks.size, violations: result.violations.map(v => ({id: v.id, help: v.help,
        nodes: v.nodes.map(n => `${n.target.join(' ')}: ${n.html.slice(0, 160)} (${why(n)})`)}))};
}"""


def axe_problems(page):
    """axe-core's violations on the open page, in light mode, then in dark mode."""
    page.add_script_tag(path=str(AXE_JS))
    page.evaluate(AXE_PREPARE)
    problems = []
    for mode, kind in (("light", "axe"), ("dark", "axe-dark")):
        page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{mode}'; "
                      f"document.documentElement.dataset.mode = '{mode}'; }}")
        result = page.evaluate(AXE_RUN, {"tags": AXE_TAGS, "colourRules": COLOUR_RULES,
                                         "colourOnly": mode == "dark"})
        for violation in result["violations"]:
            nodes = violation["nodes"]
            shown = "\n      ".join(nodes[:5]) + (f"\n      ... and {len(nodes) - 5} more" if len(nodes) > 5 else "")
            problems.append((kind, f"{violation['id']} ({violation['help']}), {len(nodes)} element(s) in "
                                   f"{mode} mode:\n      {shown}"))
    return problems


# TeX delimiters and commands left as text; also $...$ holding a command, ^ or _ (MathJax does not
# typeset single dollars: such text means a page's math was not parsed as math), and any TeX command
# (a formula that Markdown broke apart, its dollar signs no longer paired, leaves those).
RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\[A-Za-z]{2,}|\$[^$\n]{0,80}[\\^_][^$\n]{0,80}\$")


def check_page(browser, base, entry, screenshot=None, chapter=None, audit=True):
    """Open base/entry.html like a reader; return what is wrong with it and how many equations it has.

    chapter: the _toc.yml entry whose notebook the page shows (entry itself by default); audit: run
    axe-core (its two runs are most of the time a chapter takes).
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
        if page.evaluate(LANG) != LANGUAGE:
            problems.append(("lang", f"<html lang> is {page.evaluate(LANG)!r}, not {LANGUAGE!r} (_config.yml)"))
        if missing := page.evaluate(MATHML):
            problems.append(("mathml", f"{missing} equation(s) without MathJax's assistive MathML: a screen "
                                       "reader reads nothing for them"))
        problems += image_problems(page.evaluate(IMAGES), figure_alts(chapter))
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        if audit:  # last: it opens every <details> and switches to dark mode
            problems += axe_problems(page)
        return problems, math["equations"]
    finally:
        context.close()


# --------------------------------------------------------------------------------------------------
# The keyboard. check_keyboard tabs through a page like a reader without a mouse and returns what is
# wrong: a control the Tab key never reaches, a focused control with no visible focus, a control that
# Enter does not work.

# What a reader can operate on the page as it opens (not what a closed dropdown menu or a folded
# cell hides): the elements the keyboard must reach, marked with data-kb-want.
KEYBOARD_WANTED = """() => {
    const selector = 'a[href], button, summary, input, select, textarea, [tabindex]';
    const wanted = [...document.querySelectorAll(selector)].filter(el =>
        !el.disabled && el.tabIndex >= 0 && el.getAttribute('tabindex') !== '-1'
        && el.checkVisibility({checkVisibilityCSS: true, visibilityProperty: true})
        && el.getBoundingClientRect().width > 0);
    wanted.forEach((el, i) => el.setAttribute('data-kb-want', String(i)));
    return wanted.length;
}"""

# The focused element: marked data-kb (its place in the Tab order), what it is, and whether its
# focus shows (an outline or a box-shadow).
FOCUSED = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const seen = el.hasAttribute('data-kb');
    if (!seen) el.setAttribute('data-kb', String(document.querySelectorAll('[data-kb]').length));
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        && !/rgba\(.*, 0\)$/.test(s.outlineColor);
    const shadow = s.boxShadow !== 'none';
    const kinds = {'launch': '.dropdown-launch-buttons .dropdown-toggle',
                   'launch link': '.dropdown-launch-buttons .dropdown-menu a',
                   'dropdown answer': 'details.sd-dropdown > summary',
                   'folded cell': 'details.hide > summary',
                   'navigation': 'nav a, .prev-next-area a',
                   'colour mode': '.theme-switch-button'};
    const label = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || '')
        .trim().replace(/\s+/g, ' ').slice(0, 50);
    return {seen, id: el.getAttribute('data-kb'), want: el.getAttribute('data-kb-want'), href: el.href || null,
            what: `<${el.tagName.toLowerCase()} class="${String(el.className).slice(0, 50)}"> ${label}`,
            visible: outline || shadow, focusVisible: el.matches(':focus-visible'),
            kind: Object.keys(kinds).find(k => el.matches(kinds[k])) || null};
}"""

UNREACHED = r"""() => [...document.querySelectorAll('[data-kb-want]:not([data-kb])')].map(el =>
    `<${el.tagName.toLowerCase()} class="${String(el.className).slice(0, 50)}"> ` +
    (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || el.getAttribute('href') || '')
        .trim().replace(/\s+/g, ' ').slice(0, 50))"""


def tab_through(page, limit):
    """Press Tab until the focus comes back to where it has been; the stops, in order."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            continue
        if stop["seen"]:
            return stops, True
        stops.append(stop)
    return stops, False


def check_keyboard(browser, base, entry, chapter=None):
    """Tab through base/entry.html; return what is wrong ((kind, detail) pairs) and the stops."""
    chapter = chapter or entry
    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base}/{entry}.html", wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate(WAIT_FOR_MATH)
        wanted = page.evaluate(KEYBOARD_WANTED)
        stops, cycled = tab_through(page, limit=2 * wanted + 50)
        if not cycled:
            problems.append(("trap", f"after {len(stops)} presses of Tab the focus has not come round: "
                                     f"stuck at {stops[-1]['what'] if stops else 'nothing'}"))
        problems += [("reach", f"the Tab key never reaches {what}") for what in page.evaluate(UNREACHED)]
        unseen = {stop["what"] for stop in stops if stop["focusVisible"] and not stop["visible"]}
        problems += [("focus", f"no visible focus (outline or box-shadow) on {what}") for what in sorted(unseen)]
        kinds = {stop["kind"] for stop in stops}
        needed = ["navigation", "colour mode"] + (["launch"] if notebook_path(chapter) else [])
        needed += [kind for kind, selector in (("dropdown answer", "details.sd-dropdown > summary"),
                                               ("folded cell", "details.hide > summary"))
                   if page.locator(selector).count()]
        problems += [("reach", f"the Tab key reaches no {kind} control") for kind in needed if kind not in kinds]
        # Enter works: it opens the launch menu (whose links come next in the Tab order), opens and
        # closes a dropdown answer and a folded cell, switches the colour mode and follows a link.
        if "launch" in kinds:
            page.focus(".dropdown-launch-buttons .dropdown-toggle")
            page.keyboard.press("Enter")
            reached = set()
            for _ in range(4):
                page.keyboard.press("Tab")
                reached.add(page.evaluate("() => document.activeElement.href || null"))
            for name, url in launch_links(chapter).items():
                if url not in reached:
                    problems.append(("operate", f"Enter on the launch button, then Tab, does not reach the "
                                                f"{name} link"))
            page.keyboard.press("Escape")
        for kind, selector in (("dropdown answer", "details.sd-dropdown > summary"),
                               ("folded cell", "details.hide > summary")):
            if page.locator(selector).count():
                page.focus(selector)
                page.keyboard.press("Enter")
                opened = page.evaluate(f"() => document.querySelector('{selector}').parentElement.open")
                page.keyboard.press("Enter")
                closed = not page.evaluate(f"() => document.querySelector('{selector}').parentElement.open")
                if not (opened and closed):
                    problems.append(("operate", f"Enter does not open and close a {kind}"))
        mode = page.evaluate("() => document.documentElement.dataset.mode")
        page.focus(".theme-switch-button")
        page.keyboard.press("Enter")
        if page.evaluate("() => document.documentElement.dataset.mode") == mode:
            problems.append(("operate", "Enter on the colour-mode button does not change the mode"))
        following = page.locator(".prev-next-area a.right-next")
        if following.count():
            target = following.first.evaluate("a => a.href")
            following.first.focus()
            try:
                with page.expect_navigation(timeout=TIMEOUT_MS):
                    page.keyboard.press("Enter")
            except playwright_api.TimeoutError:
                pass
            if page.url.split("#")[0] != target.split("#")[0]:
                problems.append(("operate", f"Enter on the 'next' link does not open {target}: {page.url}"))
        return problems, stops
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


def keyboard_pages():
    """The pages tabbed through: the richest chapter (launch buttons, dropdown answers, folded cells)."""
    return [richest_chapter()] if built_pages() else []


@pytest.mark.parametrize("address", ["search.html?q=tensor", "genindex.html"])
def test_pages_outside_the_table_of_contents_pass_axe(browser, site, address):
    """The search page (with results) and the index: axe-core as on every other page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site}/{address}", wait_until="load", timeout=TIMEOUT_MS)
        if address.startswith("search"):
            page.wait_for_function("() => /Search finished|did not match/.test("
                                   "document.querySelector('#search-results')?.innerText)", timeout=TIMEOUT_MS)
        problems = axe_problems(page)
    finally:
        context.close()
    assert not problems, f"{address}:\n{describe(problems)}"


def test_keyboard_reaches_and_works_every_control(browser, site):
    for entry in keyboard_pages():
        problems, stops = check_keyboard(browser, site, entry)
        assert not problems, f"{entry}.html, keyboard:\n{describe(problems)}"
        kinds = {stop["kind"] for stop in stops}
        assert {"launch", "dropdown answer", "folded cell", "navigation"} <= kinds, kinds  # not vacuous


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


def split_formula(page, site):
    """A formula wrapped so that a line starts with "+": Markdown makes that line a list item, and the
    two halves, each with one dollar sign, are left as text (chapter 8's summary once had this)."""
    broken = ("<ul>\n<li><p>hidden layers: $\\mathbf{H} = \\mathrm{relu}(\\mathbf{X}\\mathbf{W}_1</p>\n"
              "<ul>\n<li><p>\\mathbf{b}_1)$</p></li>\n</ul>\n</li>\n</ul>")
    return page.replace("</main>", broken + "</main>", 1)


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


def path_alt(page, site):
    """A figure whose alt text is its path: what Sphinx writes when the cell's metadata has none."""
    img = re.search(r'<img alt="[^"]*" src="([^"]*_images/[^"]+)"', page)
    return page.replace(img.group(0), f'<img alt="{img.group(1)}" src="{img.group(1)}"', 1)


def wrong_alt(page, site):
    """A figure whose alt text is not the one its cell's metadata holds."""
    img = re.search(r'<img alt="([^"]+)" src="[^"]*_images/', page)
    return page.replace(img.group(0), img.group(0).replace(img.group(1), "A plot of the data described above."), 1)


def misnamed_button(page, site):
    """A button whose name does not contain its text (WCAG 2.5.3), as the theme's were."""
    return page.replace("</main>", '<button type="button" aria-label="Toggle">Show the answer</button></main>', 1)


def dark_grey_text(page, site):
    """Text that reads in light mode and not in dark mode: #333 on white, then on the dark background."""
    return page.replace("</main>", '<p style="color: #333">Text that vanishes in dark mode.</p></main>', 1)


def no_lang(page, site):
    return re.sub(r'<html lang="[^"]*"', "<html", page, count=1)


def no_assistive_mml(page, site):
    return page.replace('"enableAssistiveMml": true', '"enableAssistiveMml": false').replace(
        '"assistiveMml": true', '"assistiveMml": false')


BREAKAGES = {  # how the copy is broken: the kind of problem the checks must report
    break_tex: "math",
    break_image: "image",
    raw_tex: "raw-tex",
    split_formula: "raw-tex",
    cdn_script: "external",
    no_mathjax: "math",
    wrong_colab: "launch",
    script_error: "console",
    live_widget: "widget",
    no_code_css: "code",
    path_alt: "alt",
    wrong_alt: "alt",
    misnamed_button: "axe",
    dark_grey_text: "axe-dark",
    no_lang: "lang",
    no_assistive_mml: "mathml",
}


def no_focus_ring(page, site):
    return page.replace("</head>", "<style>*:focus, *:focus-visible { outline: none !important; "
                                   "box-shadow: none !important; }</style></head>", 1)


def unreachable_launch(page, site):
    """The launch button taken out of the Tab order."""
    return page.replace('<button class="btn dropdown-toggle" type="button" data-bs-toggle="dropdown"',
                        '<button tabindex="-1" class="btn dropdown-toggle" type="button" data-bs-toggle="dropdown"', 1)


def unreachable_answers(page, site):
    """Dropdown answers whose summaries cannot take the focus."""
    return re.sub(r'(<details class="[^"]*sd-dropdown[^"]*"[^>]*>\s*<summary)', r'\1 tabindex="-1"', page)


KEYBOARD_BREAKAGES = {no_focus_ring: "focus", unreachable_launch: "reach", unreachable_answers: "reach"}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """A copy of the built site with one broken copy of the richest chapter per breakage."""
    copy = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(HTML, copy)
    entry = richest_chapter()
    original = (copy / f"{entry}.html").read_text(encoding="utf-8")
    pages = {}
    for breakage in [*BREAKAGES, *KEYBOARD_BREAKAGES]:
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
    audit = BREAKAGES[breakage].startswith("axe")  # the others are caught before axe runs
    problems, _ = check_page(browser, base, pages[breakage], chapter=entry, audit=audit)
    kinds = {kind for kind, _ in problems}
    assert BREAKAGES[breakage] in kinds, f"{breakage.__name__} went unnoticed; found only:\n{describe(problems)}"


@pytest.mark.parametrize("breakage", KEYBOARD_BREAKAGES, ids=lambda b: b.__name__)
def test_keyboard_checks_catch_a_broken_page(browser, broken_site, breakage):
    base, entry, pages = broken_site
    problems, _ = check_keyboard(browser, base, pages[breakage], chapter=entry)
    kinds = {kind for kind, _ in problems}
    assert KEYBOARD_BREAKAGES[breakage] in kinds, (
        f"{breakage.__name__} went unnoticed; found only:\n{describe(problems)}")


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
        problems, _ = check_page(browser, f"http://127.0.0.1:{server.server_address[1]}", entry, audit=False)
    finally:
        server.shutdown()
        server.server_close()
    assert "standin" in {kind for kind, _ in problems}, describe(problems)
