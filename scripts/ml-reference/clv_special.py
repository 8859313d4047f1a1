#!/usr/bin/env python3
"""Reference values for src/ml/clv/special.test.ts: scipy.special.gammaln and scipy.special.digamma.

    /usr/bin/python3 scripts/ml-reference/clv_special.py
"""

import json

from scipy import special

from clv_data import versions

POINTS = [1e-8, 1e-3, 0.07, 0.5, 1, 1.5, 2, 2.5, 3.7, 9.99, 14.9, 15, 15.2, 42.5, 1e3, 1.23456e6, 1e12]


def main():
    out = {
        "versions": versions(),
        "x": POINTS,
        "gammaln": [float(special.gammaln(x)) for x in POINTS],
        "digamma": [float(special.digamma(x)) for x in POINTS],
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
