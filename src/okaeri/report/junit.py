"""JUnit XML of a verification run: one test case per requirement.

Any CI system that reads JUnit XML (GitLab, GitHub actions, Jenkins) then shows the
requirement verdicts natively: ``fail`` is a failure, ``error`` an error,
``inconclusive`` a skipped test. The output is deterministic: requirements in id order,
the run's timestamp (``SOURCE_DATE_EPOCH`` when set), no durations.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from okaeri.report.format import result_details
from okaeri.verification.results import RequirementResult, Verdict, VerificationRun


def _details(result: RequirementResult) -> str:
    lines = [f"{result.id}: {result.text}", f"verdict: {result.verdict}"]
    lines += [f"{label}: {text}" for label, text in result_details(result)]
    return "\n".join(lines)


def junit_xml(run: VerificationRun) -> str:
    """The run as a JUnit XML document (text, UTF-8 declaration, final newline)."""
    counts = run.counts
    suite = ET.Element("testsuite", {
        "name": f"okaeri {run.provenance.mission}",
        "tests": str(counts.total),
        "failures": str(counts.failed),
        "errors": str(counts.errors),
        "skipped": str(counts.inconclusive),
        "timestamp": run.provenance.timestamp,
    })
    properties = ET.SubElement(suite, "properties")
    for name, value in (("okaeri.version", run.provenance.package_version),
                        ("model.sha256", run.provenance.model_sha256),
                        ("git.revision", run.provenance.git_revision or "")):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for result in run.requirements:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"requirements.{result.level}",
            "name": f"{result.id} {result.title}",
            "file": result.location.rsplit(":", 1)[0],
        })
        message = result.reason or str(result.verdict)
        if result.verdict is Verdict.FAIL:
            ET.SubElement(case, "failure", {"message": message, "type": "fail"}).text = (
                _details(result))
        elif result.verdict is Verdict.ERROR:
            ET.SubElement(case, "error", {"message": message, "type": "error"}).text = (
                _details(result))
        elif result.verdict is Verdict.INCONCLUSIVE:
            ET.SubElement(case, "skipped", {"message": f"inconclusive: {message}"})
        ET.SubElement(case, "system-out").text = _details(result)
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
