"""Synthetic data sets shared by the GBDT reference scripts; src/ml/gbdt/test-kit.ts builds the same rows bit for bit.

Values come from a 32-bit integer hash (exact in both languages) and plain IEEE arithmetic in the same order.
"""

import math

M = 0xFFFFFFFF


def mix(x):
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M
    x ^= x >> 15
    x = (x * 0x846CA68B) & M
    x ^= x >> 16
    return x


def u(i, j):
    """Uniform in [0, 1) for row i, stream j."""
    return mix((i * 0x9E3779B1 + (j + 1) * 0x85EBCA77) & M) / 4294967296.0


def regression_rows(start, n):
    """3 features; y = 3 x0 - 2 x1^2 + x0 x2 + noise."""
    X, y = [], []
    for i in range(start, start + n):
        x0, x1, x2 = u(i, 0), u(i, 1), u(i, 2)
        X.append([x0, x1, x2])
        y.append(3 * x0 - 2 * x1 * x1 + x0 * x2 + 0.5 * (u(i, 3) - 0.5))
    return X, y


def binary_rows(start, n):
    """6 features: x0..x3 uniform, x4 uniform but NaN on rows i % 10 == 3, x5 a category code 0..11."""
    X, y = [], []
    for i in range(start, start + n):
        x0, x1, x2, x3 = u(i, 0), u(i, 1), u(i, 2), u(i, 3)
        missing = i % 10 == 3
        x4 = math.nan if missing else u(i, 4)
        c = math.floor(u(i, 5) * 12)
        eff = ((c * 7) % 12) / 11 - 0.5
        f = 0.1 + 0.5 * x0 * x1 + 0.4 * (x2 - 0.5) * (x2 - 0.5) + 0.3 * eff + (0.2 if missing else 0.3 * x4 * x3)
        X.append([x0, x1, x2, x3, x4, float(c)])
        y.append(1 if u(i, 6) < f else 0)
    return X, y
