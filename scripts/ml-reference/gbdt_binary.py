#!/usr/bin/env python3
"""Reference for src/ml/gbdt/reference.test.ts: binary boosting on gbdt_data.binary_rows.

Rows 0..1999 train, rows 2000..2999 test. scikit-learn's HistGradientBoostingClassifier with learning rate 0.1, 15
leaves, 20 rows per leaf, no L2, no early stopping, feature 5 categorical, for 10 and for 20 iterations. Prints as
JSON: the bin edges of the numeric features (count and a few), the raw scores of the first 40 test rows after 10
iterations, and the test ROC-AUC and log-loss after 10 and 20. Run with Debian's python3-sklearn (1.2.1):
/usr/bin/python3 gbdt_binary.py
"""

import json

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss, roc_auc_score

from gbdt_data import binary_rows

X, y = (np.array(a) for a in binary_rows(0, 2000))
X_test, y_test = (np.array(a) for a in binary_rows(2000, 1000))



def fit(iterations):
    return HistGradientBoostingClassifier(
        max_iter=iterations,
        learning_rate=0.1,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=0.0,
        max_bins=255,
        early_stopping=False,
        categorical_features=[5],
    ).fit(X, y)


def scores(model):
    proba = model.predict_proba(X_test)[:, 1]
    return {"auc": roc_auc_score(y_test, proba), "logloss": log_loss(y_test, proba)}


m10, m20 = fit(10), fit(20)
thresholds = m10._bin_mapper.bin_thresholds_
print(
    json.dumps(
        {
            "sklearn": sklearn.__version__,
            "edges": {
                str(f): {"count": len(thresholds[f]), "at": {str(k): thresholds[f][k] for k in (0, 17, 100, 200, 253)}}
                for f in range(5)
            },
            "raw40_10": m10.decision_function(X_test)[:40].tolist(),
            "it10": scores(m10),
            "it20": scores(m20),
        }
    )
)
