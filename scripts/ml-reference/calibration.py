#!/usr/bin/env python3
"""Reference values for src/ml/calibration.test.ts.

Data: reference_data.scores(200, seed=11): labels y, scores 'score' (no ties) and 'tied' (multiples of 1/20).

Platt: scikit-learn's private sklearn.calibration._sigmoid_calibration (what CalibratedClassifierCV(method=
'sigmoid') fits). It stops scipy's fmin_bfgs at its default gtol=1e-5 on the summed loss, so the script also
prints the exact minimiser of the same objective ('exact': scipy BFGS from scikit-learn's result with gtol=1e-11).

Isotonic: sklearn.isotonic.IsotonicRegression(out_of_bounds='clip'), its knots (X_thresholds_, y_thresholds_) and
its predictions on a grid reaching outside the fitted range.

    /usr/bin/python3 scripts/ml-reference/calibration.py
"""

import json

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, xlogy
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

from reference_data import scores, versions

GRID = [-0.5, 0.0, 0.01, 0.05, 0.123, 0.25, 0.3, 0.5, 0.61, 0.75, 0.9, 0.97, 1.0, 2.0]


def platt_exact(F, y, sample_weight, start):
    """The objective of _sigmoid_calibration (copied from scikit-learn 1.2.1), minimised to a tight tolerance."""
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    prior0 = w[y <= 0].sum()
    prior1 = w[y > 0].sum()
    T = np.where(y > 0, (prior1 + 1.0) / (prior1 + 2.0), 1.0 / (prior0 + 2.0))

    def objective(AB):
        P = expit(-(AB[0] * F + AB[1]))
        return (w * -(xlogy(T, P) + xlogy(1.0 - T, 1.0 - P))).sum()

    def grad(AB):
        P = expit(-(AB[0] * F + AB[1]))
        r = w * (T - P)
        return np.array([np.dot(r, F), r.sum()])

    res = minimize(objective, start, jac=grad, method="BFGS", options={"gtol": 1e-11})
    return [float(v) for v in res.x], float(np.abs(grad(res.x)).max())


def main():
    d = {k: np.array(v) for k, v in scores(200, 11).items()}
    y = d["y"]
    # Weights 0, 1, 2 repeating (row i gets i % 3).
    weights = np.array([i % 3 for i in range(len(y))], dtype=float)
    out = {"versions": versions(), "platt": {}, "isotonic": {}}
    for name, s, sw in [("score", d["score"], None), ("tied", d["tied"], None), ("weighted", d["score"], weights)]:
        a, b = _sigmoid_calibration(s, y, sw)
        exact, grad_max = platt_exact(s, y, sw, np.array([a, b]))
        out["platt"][name] = {"sklearn": [float(a), float(b)], "exact": exact, "exactGradientMax": grad_max}
    for name, x, sw, increasing in [
        ("tied", d["tied"], None, True),
        ("score", d["score"], None, True),
        ("weighted", d["tied"], weights, True),
        ("decreasing", d["tied"], None, False),
    ]:
        iso = IsotonicRegression(out_of_bounds="clip", increasing=increasing).fit(x, y, sample_weight=sw)
        out["isotonic"][name] = {
            "x": iso.X_thresholds_.tolist(),
            "y": iso.y_thresholds_.tolist(),
            "predict": iso.predict(GRID).tolist(),
        }
    out["grid"] = GRID
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
