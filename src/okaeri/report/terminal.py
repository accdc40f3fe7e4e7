"""Plain-text tables for a terminal: the verification table and its summary line, and the
table layout every ``okaeri`` command prints with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okaeri.report.format import percent, result_limit, result_margin, result_value

if TYPE_CHECKING:
    from okaeri.verification.results import RequirementResult, VerificationRun

__all__ = ["format_table", "summary_line", "verification_table"]


def format_table(
    headers: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()
) -> str:
    """A plain-text table: columns padded to their widest cell; ``right`` aligns numbers."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _order(result: RequirementResult) -> tuple[int, str]:
    rank = {"error": 0, "fail": 1}.get(str(result.verdict))
    if rank is None:
        rank = 2 if result.below_required_margin else (
            3 if str(result.verdict) == "inconclusive" else 4)
    return rank, result.id


def verification_table(run: VerificationRun) -> str:
    """Requirements as a table: errors, failures, low margins, inconclusive, passes."""
    rows = []
    for r in sorted(run.requirements, key=_order):
        verdict = str(r.verdict).upper() if str(r.verdict) != "pass" else "pass"
        if r.below_required_margin:
            verdict += " (LOW MARGIN)"
        note = r.reason or (r.criterion if r.criterion else ", ".join(
            e.source for e in r.evidence))
        rows.append([r.id, verdict, result_value(r), result_limit(r), result_margin(r),
                     percent(r.required_margin) if r.criterion else "", note])
    total = run.counts.total
    header = (f"{run.provenance.mission}: {total} requirement{'s' if total != 1 else ''}, model "
              f"sha256 {run.provenance.model_sha256[:12]}, okaeri "
              f"{run.provenance.package_version}")
    table = header + "\n" + format_table(
        ["requirement", "verdict", "value", "limit", "margin", "required", "criterion / note"],
        rows, right=frozenset({2, 3, 4, 5}))
    return table + "".join(f"\n\nerror in {e.key} (blocks {', '.join(e.requirements)}):\n"
                           f"    {e.message}" for e in run.errors)


def summary_line(run: VerificationRun, strict: bool = False) -> str:
    """``OK: 19 pass, 0 fail, 0 inconclusive, 0 error; 0 below required margin``."""
    c = run.counts
    return (f"{run.status(strict)}: {c.passed} pass, {c.failed} fail, {c.inconclusive} "
            f"inconclusive, {c.errors} error; {c.below_required_margin} below required margin")
