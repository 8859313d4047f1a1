#!/usr/bin/env python3
"""Reference for src/ml/gbdt/reference.test.ts: one regression tree on gbdt_data.regression_rows.

Rows 0..199 train, rows 200..239 are held out. Prints the predictions of scikit-learn's DecisionTreeRegressor and of a
one-iteration HistGradientBoostingRegressor (learning rate 1, no L2), leaf-wise with 8 leaves and depth-wise to
depth 3, as JSON. Run with Debian's python3-sklearn (1.2.1): /usr/bin/python3 gbdt_regression_tree.py
"""

import json

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.tree import DecisionTreeRegressor

from gbdt_data import regression_rows

X, y = regression_rows(0, 200)
X_eval = np.array(X[:20] + regression_rows(200, 40)[0])
X, y = np.array(X), np.array(y)


def hgb(**kw):
    m = HistGradientBoostingRegressor(
        max_iter=1, learning_rate=1.0, l2_regularization=0.0, min_samples_leaf=1, early_stopping=False, **kw
    )
    return m.fit(X, y).predict(X_eval).tolist()


def tree(**kw):
    return DecisionTreeRegressor(min_samples_leaf=1, random_state=0, **kw).fit(X, y).predict(X_eval).tolist()


print(
    json.dumps(
        {
            "sklearn": sklearn.__version__,
            "leaves8": {"tree": tree(max_leaf_nodes=8), "hgb": hgb(max_leaf_nodes=8)},
            "depth3": {"tree": tree(max_depth=3), "hgb": hgb(max_depth=3, max_leaf_nodes=None)},
        }
    )
)
