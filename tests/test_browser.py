"""The HTML report in a real browser (Chromium driven by selenium): it reads on a 390-px phone
and a 1280-px screen without the page scrolling sideways, its charts' text stays legible, and
it prints to A4 with tables and figures kept whole.

Skips, saying why, where selenium, Chromium or its driver is missing (``.ci/run`` installs
Debian's ``chromium`` and ``chromium-driver``; the ``browser`` extra brings selenium). With
``REPATCOST_SCREENSHOTS=1`` the test also writes ``docs/screenshots/report-390.png`` and
``report-1280.png`` (the first screen at each width), shown in ``docs/analysis.md``.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path

import pytest

from repatcost.cli import main
from repatcost.report_html import MIN_CHART_TEXT_PX

WIDTHS = (390, 1280)
"""A phone (390 CSS px, an iPhone 12 to 15) and a laptop screen."""

A4_POINTS = (595.92, 841.92)
"""A4 in PostScript points, as Chromium writes its MediaBox."""

MAX_A4_PAGES = 8
"""The bundled report printed 5 A4 pages when this test was written (2026-12-07; 7 US-Letter
pages before print styles); a page or two more is growth, beyond this a regression."""

SHOTS = Path(__file__).parent.parent / "docs" / "screenshots"

_BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _chrome():
    """A headless Chromium session, or a skip naming what is missing."""
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason='selenium is not installed: pip install -e ".[browser]"'
    )
    from selenium.webdriver.chrome.service import Service

    browser = next((found for b in _BROWSERS if (found := shutil.which(b))), None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip(
            "no browser: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver) to run the browser test"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(driver))


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    """The bundled study's HTML report (charts included when matplotlib is), as a URL."""
    out = tmp_path_factory.mktemp("browser") / "report.html"
    assert main(["report", "--samples", "5000", "--seed", "1", "--output", str(out)]) == 0
    return out.as_uri()


@pytest.fixture(scope="module")
def chrome():
    """One browser for the module."""
    session = _chrome()
    yield session
    session.quit()


def _show(chrome, url: str, width: int) -> None:
    """Load ``url`` in a viewport ``width`` CSS px wide (a phone below 600 px)."""
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}
    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    chrome.get(url)


_SMALLEST_CHART_TEXT = """
let sizes = [];
for (const t of document.querySelectorAll('figure svg text')) {
  const m = t.getScreenCTM();
  const scale = Math.hypot(m.a, m.b);
  sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale);
}
return sizes.length ? Math.min(...sizes) : null;
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_fits_the_screen_and_its_tables_scroll_in_their_own_box(
    chrome, page, width
) -> None:
    """No sideways scrolling of the page; every table sits in its own scrolling box."""
    _show(chrome, page, width)
    scroll, inner = chrome.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert inner == width
    assert scroll <= inner
    boxed = chrome.execute_script(
        "return [...document.querySelectorAll('table')]"
        ".every(t => t.parentElement.classList.contains('table-box'))"
    )
    assert boxed
    if os.environ.get("REPATCOST_SCREENSHOTS"):
        SHOTS.mkdir(exist_ok=True)
        chrome.save_screenshot(str(SHOTS / f"report-{width}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_stays_legible(chrome, page, width) -> None:
    """The smallest text of every chart is at least 9 CSS px on screen at either width."""
    pytest.importorskip("matplotlib")
    _show(chrome, page, width)
    smallest = chrome.execute_script(_SMALLEST_CHART_TEXT)
    assert smallest is not None
    assert smallest >= 9.0
    assert smallest >= MIN_CHART_TEXT_PX - 0.05


def test_on_a_phone_the_wide_table_scrolls_inside_its_box(chrome, page) -> None:
    """At 390 px the widest table (the appendix of every figure by name, whose names do not
    break; the cost table, its methods now in words, fits) is wider than the screen and
    scrolls within its box."""
    _show(chrome, page, 390)
    inside, box = chrome.execute_script(
        "const b = [...document.querySelectorAll('.table-box')]"
        ".reduce((w, x) => (x.scrollWidth > w.scrollWidth ? x : w));"
        "return [b.scrollWidth, b.clientWidth]"
    )
    assert inside > box


def test_print_keeps_tables_and_figures_whole(chrome, page) -> None:
    """Under print media every table and figure avoids a page break inside it."""
    _show(chrome, page, 1280)
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        kept = chrome.execute_script(
            "return [...document.querySelectorAll('table, figure')]"
            ".map(e => getComputedStyle(e).breakInside)"
        )
    finally:
        chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert kept
    assert set(kept) == {"avoid"}


def test_the_report_prints_to_a_few_a4_pages(chrome, page) -> None:
    """Printed with the page's own A4 size, the report is A4 and at most MAX_A4_PAGES long."""
    from selenium.webdriver.common.print_page_options import PrintOptions

    chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    chrome.get(page)
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # cm
    pdf = base64.b64decode(chrome.print_page(options))
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    boxes = {
        tuple(round(float(x), 1) for x in box)
        for box in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    }
    assert boxes == {tuple(round(x, 1) for x in A4_POINTS)}
    assert 2 <= pages <= MAX_A4_PAGES
