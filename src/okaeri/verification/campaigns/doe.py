"""Designs of experiments: the points of a study (SI values, one per variable).

- ``full_factorial``: every combination of the variables' values, the first variable
  varying slowest (:func:`itertools.product` order);
- ``latin_hypercube``: :class:`scipy.stats.qmc.LatinHypercube` (scrambled) in the unit
  cube, seeded by the study's seed;
- ``sobol``: :class:`scipy.stats.qmc.Sobol` (scrambled, Owen), ``2**m`` points, seeded.

A space-filling design maps the unit cube to each variable with
:meth:`~okaeri.verification.campaigns.study.Variable.at`: linearly along a range, or to
the level whose stratum ``u`` falls in for a list of values. The same seed gives the same
points for a given SciPy release (its generators are not promised stable across
releases).
"""

from __future__ import annotations

import itertools
from typing import Any

from okaeri.verification.campaigns.study import DesignKind, Study, Variable

Point = tuple[float, ...]
"""Values of the study's variables (SI), in the study's order."""


def unit_cube(kind: DesignKind, dimensions: int, samples: int, seed: int) -> Any:
    """``samples`` x ``dimensions`` points in [0, 1) of a Latin hypercube or Sobol design."""
    import numpy as np
    from scipy.stats import qmc

    def seeded(engine: Any) -> Any:
        rng = np.random.default_rng(seed)
        try:
            return engine(dimensions, scramble=True, rng=rng)
        except TypeError:  # SciPy before 1.15 names the generator 'seed'
            return engine(dimensions, scramble=True, seed=rng)

    if kind is DesignKind.LATIN_HYPERCUBE:
        return seeded(qmc.LatinHypercube).random(samples)
    if kind is DesignKind.SOBOL:
        if samples < 1 or samples & (samples - 1):
            raise ValueError(f"a Sobol design needs a power of 2 samples, got {samples}")
        return seeded(qmc.Sobol).random_base2(samples.bit_length() - 1)
    raise ValueError(f"'{kind}' is not a space-filling design")


def factorial(variables: tuple[Variable, ...]) -> list[Point]:
    """Every combination of the variables' levels, the first variable slowest."""
    return [tuple(values) for values in itertools.product(*(v.levels for v in variables))]


def design_points(study: Study) -> list[Point]:
    """The points of ``study``'s design, in order (point 0 first)."""
    design = study.design
    if design.kind is DesignKind.FULL_FACTORIAL:
        return factorial(study.variables)
    if design.samples is None:
        raise ValueError(f"a {design.kind} design needs samples")
    cube = unit_cube(design.kind, len(study.variables), design.samples, design.seed)
    return [tuple(v.at(float(u)) for v, u in zip(study.variables, row, strict=True))
            for row in cube]
