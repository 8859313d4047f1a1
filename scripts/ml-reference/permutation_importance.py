#!/usr/bin/env python3
"""Reference values for src/ml/permutation-importance.test.ts.

Data: reference_data.classification(80, seed=5) (4 features, 0/1 labels). The model is fixed, not fitted:
P(y = 1) = 1 / (1 + exp(-z)), z = -0.5 + 1.2 x0 - 0.4 x1 + 1.0 x2 + 0.0 x3 (x3 is ignored on purpose), scored by
ROC-AUC through scikit-learn's own permutation_importance(scoring='roc_auc').

'replay': n_repeats=3, random_state=0. The estimator records every X it is asked to score, so the script recovers
the row orders scikit-learn used (row i of the permuted column holds the value of row order[i]; x0 has distinct
values, which makes the order unique) and checks that every column was shuffled with the same orders. The test
feeds these orders to permutationImportance and must reproduce scikit-learn's baseline, drops, means and stds.

'sampled': n_repeats=200, random_state=0, scikit-learn's shuffles: means and stds to compare with seeded shuffles
of the TypeScript implementation within sampling error.

    /usr/bin/python3 scripts/ml-reference/permutation_importance.py
"""

import json

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import permutation_importance
from sklearn.metrics import roc_auc_score

from reference_data import classification, versions

WEIGHTS = np.array([1.2, -0.4, 1.0, 0.0])
INTERCEPT = -0.5


class FixedLogit(ClassifierMixin, BaseEstimator):
    """A logistic model with fixed coefficients that remembers what it scored."""

    def __init__(self):
        self.classes_ = np.array([0, 1])
        self.seen = []

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        self.seen.append(np.array(X, copy=True))
        p = 1 / (1 + np.exp(-(X @ WEIGHTS + INTERCEPT)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def main():
    rows, labels = classification(80, 5)
    X = np.array(rows)
    y = np.array(labels)
    assert len(np.unique(X[:, 0])) == len(y), "x0 must have distinct values to recover the row orders"

    model = FixedLogit()
    replay = permutation_importance(model, X, y, scoring="roc_auc", n_repeats=3, random_state=0)
    # seen[0] is the baseline, then n_repeats tables per column, column by column.
    position = {v: i for i, v in enumerate(X[:, 0])}
    orders = [[position[v] for v in seen[:, 0]] for seen in model.seen[1:4]]
    for j in range(X.shape[1]):
        for r, order in enumerate(orders):
            seen = model.seen[1 + j * 3 + r]
            assert np.array_equal(seen[:, j], X[order, j]), f"column {j} repeat {r} used another order"
            others = [k for k in range(X.shape[1]) if k != j]
            assert np.array_equal(seen[:, others], X[:, others]), "only one column is permuted at a time"

    sampled = permutation_importance(FixedLogit(), X, y, scoring="roc_auc", n_repeats=200, random_state=0)
    out = {
        "versions": versions(),
        "positives": int(y.sum()),
        "baseline": roc_auc_score(y, model.predict_proba(X)[:, 1]),
        "replay": {
            "orders": orders,
            "importances": replay.importances.tolist(),
            "mean": replay.importances_mean.tolist(),
            "std": replay.importances_std.tolist(),
        },
        "sampled": {
            "mean": sampled.importances_mean.tolist(),
            "std": sampled.importances_std.tolist(),
        },
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
