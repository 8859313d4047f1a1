#!/usr/bin/env python3
"""Reference folds for src/ml/cross-validation.test.ts, from scikit-learn's GroupKFold (as the fold of each group,
groups numbered 0, 1, ...), TimeSeriesSplit (train and test as [first, last + 1) ranges) and PredefinedSplit (test
indices per fold).

StratifiedKFold is not here: with shuffling its folds depend on numpy's random stream, so the tests check its
guarantees (a partition, class counts within 1 per fold) instead.

    /usr/bin/python3 scripts/ml-reference/cross_validation.py
"""

import json
import math

import numpy as np
from sklearn.model_selection import GroupKFold, PredefinedSplit, TimeSeriesSplit

from reference_data import Lcg, versions


def tied_groups():
    """100 rows in 12 groups of skewed sizes, some equal: floor(u^2 * 12) with Lcg(5)."""
    rng = Lcg(5)
    return [math.floor(rng.next() ** 2 * 12) for _ in range(100)]


def distinct_groups():
    """210 rows in 20 groups of sizes 1..20 (group g has (3g mod 20) + 1 rows), rows scattered by j -> 37j mod 210."""
    listed = [g for g in range(20) for _ in range((3 * g) % 20 + 1)]
    return [listed[(j * 37) % 210] for j in range(210)]


def fold_of_group(groups, k):
    fold = {}
    for f, (_, test) in enumerate(GroupKFold(k).split(np.zeros((len(groups), 1)), groups=groups)):
        for i in test:
            fold[groups[i]] = f
    return [fold[g] for g in sorted(fold)]


def tests(splitter, X, groups=None):
    return [test.tolist() for _, test in splitter.split(X, groups=groups)]


def main():
    out = {"versions": versions()}
    out["groupKFold"] = {
        "tied": {"k": 3, "foldOfGroup": fold_of_group(tied_groups(), 3)},
        "distinct": {"k": 4, "foldOfGroup": fold_of_group(distinct_groups(), 4)},
    }
    out["timeSeriesSplit"] = {}
    for name, n, params in [
        ("default", 23, {}),
        ("options", 23, {"n_splits": 3, "test_size": 4, "gap": 2, "max_train_size": 6}),
        ("gap", 30, {"n_splits": 4, "gap": 3}),
    ]:
        folds = []
        for train, test in TimeSeriesSplit(**params).split(np.zeros((n, 1))):
            folds.append({"train": [int(train[0]), int(train[-1]) + 1], "test": [int(test[0]), int(test[-1]) + 1]})
        out["timeSeriesSplit"][name] = {"n": n, "params": params, "folds": folds}
    assignment = [(i * 5) % 4 - 1 for i in range(15)]
    out["predefined"] = {"assignment": assignment, "tests": tests(PredefinedSplit(assignment), np.zeros((15, 1)))}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
