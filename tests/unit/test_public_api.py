"""The public API: each package's face (its ``__all__``) is pinned here, so that a change of
the API is a deliberate change of this file; every name resolves; no module outside a
package needs to import past its face for these names."""

from __future__ import annotations

import importlib

import pytest

FACES: dict[str, list[str]] = {
    "okaeri.analysis": [
        "Analysis", "Binding", "Port", "Registry", "analysis"
    ],
    "okaeri.budgets": [
        "AnalysisUse", "Budgets", "DeclaredBudget", "DeltaVBudget", "HeatBudget", "MassBudget",
        "PropellantBudget", "build_graph", "evaluate_budgets", "install"
    ],
    "okaeri.errors": [
        "AnalysisError", "ConvergenceError", "ExpressionError", "FINDING_CODES", "Finding",
        "Location", "ModelError", "OkaeriError", "OutOfRangeError", "ReportError",
        "close_matches", "did_you_mean", "format_findings"
    ],
    "okaeri.graph": [
        "AnalysisFunction", "AnalysisIdentity", "Component", "DependencyGraph", "Dimension",
        "DimensionLike", "Evaluation", "Evaluator", "Expression", "FUNCTIONS", "Failure",
        "LoopSolution", "Memo", "Node", "NodeKind", "Origin", "SolverOptions", "Step",
        "UnitInfo", "UpdateReport", "as_dimension", "evaluation_order", "is_expression",
        "match_wildcard", "parse_expression", "solve_loop", "to_dot", "to_json", "to_mermaid",
        "unit_info", "wildcard_resolver"
    ],
    "okaeri.model": [
        "Aeroshell", "AiaaPolicy", "AllocatedDeltaV", "BudgetDeclaration", "Component",
        "ComputedDeltaV", "DescentPhase", "EntryPhase", "EquipmentCategory", "EsaPolicy",
        "HeatShield", "LaunchPhase", "Leg", "ManoeuvrePhase", "MassEventPhase", "Maturity",
        "Mission", "MissionHeader", "ModelFile", "OperationsPhase", "Parachute", "Propulsion",
        "SampleCanister", "Stack", "Subsystem", "Trajectory", "Vehicle", "growth_fraction",
        "load_mission", "reference_mission_path"
    ],
    "okaeri.report": [
        "junit_xml", "render_report", "report_view", "summary_line", "verification_table",
        "write_report"
    ],
    "okaeri.requirements": [
        "Assessment", "Comparator", "Coverage", "Criterion", "Level", "Method", "NodeRef",
        "Origin", "Requirement", "RequirementSet", "RequirementsFile", "Stage", "Statistic",
        "StatisticKind", "affected_requirements", "assess", "check_trace", "coverage",
        "did_you_mean", "element_ids", "find_cycles", "load_requirements", "margin",
        "satisfies", "verified_ids"
    ],
    "okaeri.units": [
        "Acceleration", "Angle", "AnyQuantity", "Area", "Density", "Dimensionless", "Family",
        "Force", "HeatFlux", "HeatLoad", "Length", "Mass", "Measurement", "Percentage", "Power",
        "Pressure", "Quantity", "Range", "SpecificImpulse", "Speed", "Time", "check_in_range",
        "check_quantity", "describe_kind", "describe_unit", "family_of", "format_quantity",
        "format_unit", "parse_quantity", "si", "si_factor", "unit_kind", "ureg", "within"
    ],
    "okaeri.verification": [
        "Activity", "AnalysisCache", "EVIDENCE_DIR", "EvidenceRecord", "EvidenceStatus",
        "PlanCheck", "Project", "RequirementResult", "RootCause", "StaleReason", "Staleness",
        "Verdict", "VerificationFile", "VerificationPlan", "VerificationRun", "artefact_digest",
        "check_plan", "check_requirements_and_plan", "default_cache_dir", "evidence_status",
        "load_project", "load_verification", "requirement_fingerprint", "run_verification",
        "short_digest"
    ],
}



@pytest.mark.parametrize("package", sorted(FACES))
def test_the_face_of_each_package_is_pinned(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == FACES[package]
    assert all(getattr(module, name, None) is not None for name in module.__all__)


def test_the_verification_face_runs_a_mission() -> None:
    """What a script needs to verify a mission is on the face of ``okaeri.verification``."""
    assert {"load_project", "run_verification", "VerificationRun", "AnalysisCache"} <= set(
        FACES["okaeri.verification"])
