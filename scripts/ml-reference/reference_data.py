"""Deterministic synthetic data shared with src/ml/reference-data.ts, bit for bit.

Only exact or correctly rounded IEEE operations (integer LCG, +, -, *, floor, comparisons) in the same order as the
TypeScript twin, so both languages produce identical doubles without any data file.
"""

import math


class Lcg:
    """Numerical Recipes' 32-bit LCG; next() is uniform in [0, 1) with 32-bit resolution."""

    def __init__(self, seed):
        self.state = seed % 2**32

    def next(self):
        self.state = (1664525 * self.state + 1013904223) % 2**32
        return self.state / 4294967296


def classification(n, seed):
    """Rows of 4 features (bell-shaped, triangular, binary, uniform) and 0/1 labels from a clipped linear score."""
    rng = Lcg(seed)
    rows, labels = [], []
    for _ in range(n):
        x0 = (rng.next() + rng.next() + rng.next() + rng.next() - 2) * 1.5
        x1 = (rng.next() + rng.next() - 1) * 4
        x2 = 1.0 if rng.next() < 0.3 else 0.0
        x3 = rng.next() * 10 - 5
        z = -0.5 + 1.2 * x0 - 0.4 * x1 + 1.0 * x2 + 0.1 * x3
        p = min(1.0, max(0.0, 0.5 + 0.2 * z))
        labels.append(1 if rng.next() < p else 0)
        rows.append([x0, x1, x2, x3])
    return rows, labels


def scores(n, seed):
    """Labels (35% positive), a tie-free score, a tied score (multiples of 1/20), probabilities with exact 0s and
    1s, and a regression pair (truth, prediction)."""
    rng = Lcg(seed)
    out = {"y": [], "score": [], "tied": [], "prob": [], "truth": [], "pred": []}
    for i in range(n):
        y = 1 if rng.next() < 0.35 else 0
        s = 0.3 * y + 0.7 * rng.next()
        t = rng.next() * 10
        pred = t + (rng.next() - 0.5) * 2
        out["y"].append(y)
        out["score"].append(s)
        out["tied"].append(math.floor(s * 20) / 20)
        out["prob"].append(0.0 if i % 50 == 0 else 1.0 if i % 50 == 25 else s)
        out["truth"].append(t)
        out["pred"].append(pred)
    return out


def versions():
    import numpy
    import scipy
    import sklearn

    return {"sklearn": sklearn.__version__, "numpy": numpy.__version__, "scipy": scipy.__version__}
