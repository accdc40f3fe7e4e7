"""The reference mission's design review package as a review board reads it.

``okaeri review --pdf`` builds the package once for this module. Checked: the board
items (cover with document number, issue, date, baseline and signature block;
applicable and reference documents; compliance matrix; TBD/TBC list; open items and
actions; mass summary by subsystem; entry corridor plot; change log); that no page needs
the network (no resource with a network URL in any page, style or script, and every page
loads in Chromium with every network request refused); that no word of the matrices is
broken at 1,400 px; that the PDF repeats table headers on each page and keeps every
number of a table on one line with its unit. The browser and PDF checks are skipped
without Chromium (CI installs it: ``.ci/run``).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("furo")
pytest.importorskip("matplotlib")

from okaeri.sphinxext.board import QUANTITY_CELL
from okaeri.sphinxext.review import PAGES, chromium

NETWORK = re.compile(r"""(?:src|href|srcset|data|poster|action)\s*=\s*["']?\s*(?:https?:)?//|"""
                     r"""url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)
LINK = re.compile(r"<a\b[^>]*>", re.I)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The package of the reference mission with its PDF (when Chromium is there)."""
    from okaeri.cli import main

    out = tmp_path_factory.mktemp("board")
    args = ["review", "--out", str(out / "package")]
    if chromium() is not None:
        args.append("--pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKAERI_CACHE_DIR", str(out / "cache"))
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
        assert main(args) == 0
    yield out / "package"


def _page(package: Path, name: str) -> str:
    return (package / "html" / f"{name}.html").read_text(encoding="utf-8")


def test_cover_has_the_document_identity_baseline_and_signature_block(package: Path) -> None:
    index = _page(package, "index")
    cover = index[index.index('<div class="okaeri-cover">'):]
    cover = cover[:cover.index("</div>")]
    for text in ("LSR1-SYS-DRP-0001", "1, revision 0", "2026-09-21", "PDR",
                 "Prepared by", "Checked by", "Approved by", "Signature",
                 "INCOMPLETE: 26 pass"):
        assert text in cover, text
    assert re.search(r"<th scope=\"row\">Baseline</th><td>[^<]*(commit|baseline|git)", cover,
                     re.I)
    assert cover.count('<td class="sign"></td>') == 6  # signature and date, to be signed


def test_documents_compliance_tbd_actions_mass_and_corridor(package: Path) -> None:
    documents = _page(package, "documents")
    assert "AD-1" in documents and "ECSS-E-ST-10-02C Rev.1" in documents and "RD-2" in documents
    compliance = _page(package, "compliance")
    assert "compliant: <b>26</b>" in compliance and "partially compliant: <b>4</b>" in compliance
    assert compliance.count('class="okaeri-table okaeri-compliance-matrix"') == 5  # by level
    assert 'href="verification.html#req-mis-001"' in compliance
    assert "TBC (descent.recovery_zone.radius)" in compliance
    tbd = _page(package, "tbd")
    for where in ("model/mission.yaml:", "model/otv.yaml:", "requirements/capsule.yaml:"):
        assert where in tbd
    assert "TBC-001" in tbd and "3 open points" in tbd
    open_items = _page(package, "open-items")
    assert all(f"ACT-00{i}" in open_items for i in range(1, 6))
    assert open_items.index("ACT-004") < open_items.index("ACT-005")  # open first
    mass = _page(package, "mass")
    assert 'class="okaeri-table okaeri-mass-summary"' in mass and "dry mass by subsystem" in mass
    entry = _page(package, "entry")
    assert 'id="plot-entry_corridor"' in entry and "Entry corridor" in entry
    assert "heat load" in entry and "deceleration" in entry  # what bounds each side
    assert (package / "html" / "changes.html").is_file()


def test_no_page_style_or_script_references_the_network(package: Path) -> None:
    files = [p for p in (package / "html").rglob("*")
             if p.suffix in (".html", ".css", ".js") and p.is_file()]
    assert len(files) > len(PAGES)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            text = LINK.sub("", text)  # a hyperlink is not needed to show the page
        assert not NETWORK.search(text), f"{path.name}: {NETWORK.search(text)}"


# --- in the browser --------------------------------------------------------------------

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars")

BROKEN_WORDS = """<script>
window.addEventListener('load', () => {
  const broken = [];
  const walker = document.createTreeWalker(
    document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('table.okaeri-table')) continue;
    const re = /[A-Za-z0-9]+(?:[.,][0-9]+)*/g;
    let m;
    while ((m = re.exec(node.data)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  const lines = (e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  };
  const kept = [...document.querySelectorAll('table.okaeri-table .nw, table.okaeri-table td.num')]
    .filter(e => e.childElementCount === 0 && e.textContent.trim() && lines(e) > 1)
    .map(e => e.textContent);
  document.body.setAttribute('data-broken', JSON.stringify(broken.concat(kept)));
});
</script>"""


def _browser() -> str:
    found = chromium()
    if found is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; CI installs it)")
    return found


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False,
                          env={**os.environ, "HOME": str(profile)})


@pytest.mark.parametrize("page", ["verification", "compliance", "trace", "open-items", "tbd"])
def test_no_word_of_the_matrices_is_broken_at_1400_px(package: Path, tmp_path: Path,
                                                      page: str) -> None:
    browser = _browser()
    probe = package / "html" / f"_probe-{page}.html"
    probe.write_text(_page(package, page).replace("</body>", BROKEN_WORDS + "</body>"),
                     encoding="utf-8")
    try:
        done = _run(browser, tmp_path / "profile", "--window-size=1400,1000",
                    "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    found = re.search(r'data-broken="([^"]*)"', done.stdout)
    assert found, done.stderr[-2000:]
    assert html.unescape(found.group(1)) == "[]"


def test_pages_load_with_the_network_refused(package: Path, tmp_path: Path) -> None:
    browser = _browser()
    for page in ("index", "entry", "compliance"):
        done = _run(browser, tmp_path / f"profile-{page}", "--proxy-server=127.0.0.1:9",
                    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                    "--dump-dom", (package / "html" / f"{page}.html").as_uri())
        assert done.returncode == 0 and "</html>" in done.stdout, done.stderr[-2000:]
        assert "ERR_PROXY_CONNECTION_FAILED" not in done.stderr
        assert [line for line in done.stderr.splitlines() if ":CONSOLE" in line] == []


def _pdf_lines(package: Path) -> list[list[str]]:
    pypdf = pytest.importorskip("pypdf")
    pdf = package / "LSR-1-review.pdf"
    if not pdf.is_file():
        pytest.skip("no PDF: Chromium is not installed")
    return [page.extract_text().splitlines() for page in pypdf.PdfReader(pdf).pages]


def test_pdf_repeats_the_header_of_a_table_on_each_page(package: Path) -> None:
    pages = _pdf_lines(package)
    with_rows = [i for i, lines in enumerate(pages)
                 if any(re.match(r"^(CAP|MIS|OTV|SYS)-\d{3}$", line) for line in lines)
                 and any(line.startswith("Requirement Methods Criterion Value Limit")
                     for line in lines)]
    assert len(with_rows) >= 3  # the verification matrix runs over several pages
    assert with_rows == list(range(with_rows[0], with_rows[-1] + 1))


def test_pdf_keeps_every_number_of_a_table_with_its_unit(package: Path) -> None:
    lines = [line for page in _pdf_lines(package) for line in page]
    single = (package / "singlehtml" / "index.html").read_text(encoding="utf-8")
    quantities = set()
    for cell in re.findall(r"<td[^>]*>(?:<p>)?([^<]+)(?:</p>)?</td>", single):
        text = " ".join(html.unescape(cell).split())
        if " " in text and QUANTITY_CELL.match(text):
            quantities.add(text)
    for span in re.findall(r'<span class="nw">([^<]+)</span>', single):
        if re.match(r"[-+−]?[\d.]", span):
            quantities.add(" ".join(html.unescape(span).split()))
    assert len(quantities) > 200
    broken = sorted(q for q in quantities if not any(q in line for line in lines))
    assert broken == []
