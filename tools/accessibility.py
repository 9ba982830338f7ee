"""Sphinx extension: the theme's controls named as they read, so the book meets WCAG 2.1 AA.

WCAG 2.5.3 (Label in Name) asks that a control's accessible name contain the text it shows: a
speech-input user says what they see ("click Show code cell source"). The theme and myst-nb give
three kinds of control a name that does not (axe-core's rule `label-content-name-mismatch`):

- the search button shows "Search Ctrl+K" but is named "Search" (aria-label): the override
  `templates/search-button-field.html` drops the aria-label, so its name is the text it shows;
- the colour-mode button is named "Color mode", and its icons carry the titles "Light", "Dark" and
  "System Settings", which Font Awesome turns into text inside the button: the override
  `templates/theme-switcher.html` leaves the icons untitled (Font Awesome then hides them from
  assistive technology); the button keeps its name and its "Color mode" tooltip;
- the summary of a folded code cell shows "Show code cell source" but myst-nb names it "Toggle
  hidden content": the aria-label is removed from the page body, so its name is what it shows
  ("Show code cell source" or "Hide code cell source").

The overrides take precedence over the theme's own components (pydata-sphinx-theme adds its
components folder after the project's templates). tests/book/test_browser.py runs axe-core on every
page and fails on any violation of WCAG 2.1 A or AA.
"""
import pathlib

TEMPLATES = pathlib.Path(__file__).parent / "templates"

# What myst-nb writes for the summary of a cell tagged hide-input / hide-output / hide-cell, and what
# it becomes (myst_nb/sphinx_.py, visit_HideCellInput and friends).
MISNAMED_SUMMARY = '<summary aria-label="Toggle hidden content">'
SUMMARY = "<summary>"


def add_templates(app, config):
    config.templates_path.insert(0, str(TEMPLATES))


def name_summaries(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = context["body"].replace(MISNAMED_SUMMARY, SUMMARY)


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", name_summaries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
