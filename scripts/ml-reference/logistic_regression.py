#!/usr/bin/env python3
"""Reference values for src/ml/logistic-regression.test.ts and src/ml/linear-explain.test.ts.

Fits scikit-learn's LogisticRegression (penalty='l2') on reference_data.classification(300, seed=7) with the
'newton-cg' solver at tol=1e-8 (quadratically convergent; 'gradientMax', the largest gradient component of
scikit-learn's objective at the printed optimum, is ~1e-9, so the coefficients are exact to ~1e-9), and prints the
coefficients, intercepts and a few predicted probabilities as JSON. Also prints the default 'lbfgs' fit to show
how far scikit-learn's default stopping rule is from the optimum.

    /usr/bin/python3 scripts/ml-reference/logistic_regression.py
"""

import json

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from reference_data import classification, versions

CASES = {
    "default": {"C": 1.0},
    "balanced": {"C": 0.05, "class_weight": "balanced"},
    "weighted": {"C": 10.0, "class_weight": {0: 1.0, 1: 3.0}},
    "noIntercept": {"C": 1.0, "fit_intercept": False},
}


def gradient_max(model, X, y, sw, params):
    """Largest |component| of the gradient of ||w||^2 / 2 + C * sum(s_i * logloss_i) at the fitted model."""
    s = np.ones(len(y)) if sw is None else sw.copy()
    cw = params.get("class_weight")
    if cw == "balanced":
        s = s * np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    elif cw is not None:
        s = s * np.where(y == 1, cw[1], cw[0])
    z = X @ model.coef_[0] + model.intercept_[0]
    r = s * (1 / (1 + np.exp(-z)) - y)
    g = params["C"] * (X.T @ r) + model.coef_[0]
    if params.get("fit_intercept", True):
        g = np.r_[g, params["C"] * r.sum()]
    return float(np.max(np.abs(g)))


def main():
    rows, labels = classification(300, 7)
    X = np.array(rows)
    y = np.array(labels)
    # Case 'weighted' also has sample weights 0, 0.5, 1, 1.5 repeating (row i gets (i % 4) * 0.5).
    sample_weight = np.array([(i % 4) * 0.5 for i in range(len(y))])
    out = {"versions": versions(), "positives": int(y.sum()), "cases": {}}
    for name, params in CASES.items():
        sw = sample_weight if name == "weighted" else None
        exact = LogisticRegression(solver="newton-cg", tol=1e-8, max_iter=10000, **params).fit(X, y, sw)
        default = LogisticRegression(**params).fit(X, y, sw)
        out["cases"][name] = {
            "coef": exact.coef_[0].tolist(),
            "intercept": float(exact.intercept_[0]),
            "proba": exact.predict_proba(X[:5])[:, 1].tolist(),
            "decision": exact.decision_function(X[:5]).tolist(),
            "gradientMax": gradient_max(exact, X, y, sw, params),
            "lbfgsDefaultMaxDiff": float(
                np.max(np.abs(np.r_[default.coef_[0] - exact.coef_[0], default.intercept_ - exact.intercept_]))
            ),
        }
    # Case 'standardized': StandardScaler then the default fit; the decision function of the first 5 raw rows is
    # what the per-feature contributions of src/ml/linear-explain.ts must add up to.
    scaler = StandardScaler().fit(X)
    model = LogisticRegression(solver="newton-cg", tol=1e-8, max_iter=10000).fit(scaler.transform(X), y)
    z = scaler.transform(X[:5])
    out["cases"]["standardized"] = {
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "contributions": (z * model.coef_[0]).tolist(),
        "decision": model.decision_function(z).tolist(),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
