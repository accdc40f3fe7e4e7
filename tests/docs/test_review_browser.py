"""The design review data package of the reference mission, built and seen in a browser.

``okaeri review`` builds the package once for this module. The content checks read the
HTML files; the browser checks load the pages in headless Chromium: ``--dump-dom`` gives
the document after its scripts ran, ``--enable-logging=stderr`` prints every console
message (``console.error``, uncaught exceptions) as a ``CONSOLE`` line, and a screenshot
shows the page as a reviewer sees it. The screenshots are written to
``tests/docs/_artifacts/`` (ignored by git) and their paths printed (``pytest -s``).

The browser checks are skipped when no Chromium is installed (CI installs it:
``.ci/run``). Nothing here uses the network: the pages are ``file://`` URLs and
Chromium runs with background networking, component updates and sync disabled.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("furo")
pytest.importorskip("matplotlib")

from okaeri.sphinxext.review import PAGES, chromium

ARTIFACTS = Path(__file__).parent / "_artifacts"
REQUIREMENT_ID = re.compile(r'<td><span class="id">([A-Z]{2,5}-\d{3}[A-Z]?)</span>')
PLOT = re.compile(r'<div class="okaeri-plot" id="plot-(\w+)"[^>]*>(<svg.*?</svg>)', re.S)
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions",
                  "--hide-scrollbars", "--window-size=1280,2000")
EXPECTED_PLOTS = {"entry_altitude_speed", "entry_heat_flux", "entry_deceleration",
                  "entry_corridor",
                  "mc_peak_heat_flux_total", "mc_peak_deceleration",
                  "mc_landing_miss_distance", "mc_landing_footprint", "mc_heat_flux_fpa",
                  *(f"mc_convergence_{name}" for name in (
                      "peak_heat_flux_total", "peak_deceleration", "mach_at_deploy",
                      "dynamic_pressure_at_deploy", "landing_miss_distance"))}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The package of the reference mission, built with ``okaeri review``."""
    from okaeri.cli import main

    out = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKAERI_CACHE_DIR", str(out / "cache"))
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        code = main(["review", "--out", str(out / "package")])
    assert code == 0  # the reference mission has no failing requirement
    yield out / "package"


def _page(package: Path, name: str) -> str:
    return (package / "html" / f"{name}.html").read_text(encoding="utf-8")


def test_every_page_is_built_from_the_written_source(package: Path) -> None:
    for name in ("index", *PAGES):
        assert (package / "source" / f"{name}.rst").is_file(), name
        assert (package / "html" / f"{name}.html").is_file(), name
    conf = (package / "source" / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["okaeri.sphinxext"]' in conf
    assert "okaeri_mission = None" in conf  # the reference mission


def test_the_verification_matrix_lists_the_22_requirements(package: Path) -> None:
    html = _page(package, "verification")
    start = html.index('<table class="okaeri-table okaeri-verification-matrix')
    table = html[start:html.index("</table>", start)]
    ids = REQUIREMENT_ID.findall(table)
    assert len(ids) == 30 and len(set(ids)) == 30
    assert ids == sorted(ids)
    # the verdict column (each method's verdict is shown beside it too)
    assert table.count('<td><span class="badge verdict-inconclusive">INCONCLUSIVE</span></td>') == 4


def test_budgets_entry_analysis_and_open_items_are_present(package: Path) -> None:
    mass = _page(package, "mass")
    for table in ("okaeri-budget-mass", "okaeri-budget-launch", "okaeri-budget-phases"):
        assert f'class="{table}' in mass
    assert "Dry mass of Orbital Transfer Vehicle" in mass
    assert 'class="okaeri-budget-delta-v' in _page(package, "delta-v")
    assert 'class="okaeri-budget-propellant' in _page(package, "propellant")
    entry = _page(package, "entry")
    assert {name for name, _ in PLOT.findall(entry)} == EXPECTED_PLOTS
    assert 'class="okaeri-statistics' in entry and 'class="okaeri-dispersions' in entry
    open_items = _page(package, "open-items")
    assert all(i in open_items for i in ("CAP-070", "SYS-050", "MIS-001"))
    mission = _page(package, "mission")
    assert mission.count("<tr") >= 12  # twelve phases in the concept of operations
    assert "Sample Return Capsule" in _page(package, "configuration")
    provenance = _page(package, "provenance")
    assert "model sha256" in provenance and "okaeri.validation" not in provenance
    assert 'class="okaeri-validation' in provenance


def test_pages_use_no_network_resource(package: Path) -> None:
    for name in ("index", *PAGES):
        html = _page(package, name)
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html), name


# --- in the browser --------------------------------------------------------------------


def _browser() -> str:
    found = chromium()
    if found is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; CI installs it)")
    return found


def _run_chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "HOME": str(profile)})


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.parametrize("page", ["index", "entry", "verification", "mass"])
def test_pages_load_without_console_errors_and_show_their_plots(
        package: Path, tmp_path: Path, page: str) -> None:
    browser = _browser()
    url = (package / "html" / f"{page}.html").as_uri()
    done = _run_chromium(browser, tmp_path / "profile", "--enable-logging=stderr", "--v=0",
                         "--virtual-time-budget=3000", "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "</html>" in dom and 'class="okaeri-' in dom
    assert _console_messages(done.stderr) == []
    plots = PLOT.findall(dom)
    if page == "entry":
        assert {name for name, _ in plots} == EXPECTED_PLOTS
    for name, svg in plots:
        # a drawn figure: axes, lines or markers, and the text of its labels
        assert len(re.findall(r"<path\b", svg)) > 10, name
        assert re.search(r"<text\b[^>]*>[^<]*\w", svg) or "<tspan" in svg, name


def test_screenshot_shows_the_entry_plots(package: Path, tmp_path: Path) -> None:
    import numpy as np
    from matplotlib import image

    browser = _browser()
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {}
    for page in ("entry", "verification", "index"):
        shot = ARTIFACTS / f"review-{page}.png"
        shot.unlink(missing_ok=True)
        done = _run_chromium(browser, tmp_path / f"profile-{page}",
                             "--virtual-time-budget=3000", f"--screenshot={shot}",
                             (package / "html" / f"{page}.html").as_uri())
        assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
        shots[page] = shot
        print(f"screenshot of the review package's {page} page: {shot}")
    pixels = image.imread(str(shots["entry"]))[..., :3]
    assert pixels.shape[:2] == (2000, 1280)
    # the plots' line colour (#1f4e79) is drawn: the SVG rendered, not just parsed
    line = np.array([0x1F, 0x4E, 0x79]) / 255.0
    drawn = np.all(np.abs(pixels - line) < 0.06, axis=-1).sum()
    assert drawn > 500, f"{drawn} pixels of the plot line colour in {shots['entry']}"
    # and the page is not blank around them
    assert pixels.std() > 0.05
