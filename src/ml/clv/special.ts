/**
 * log Γ and digamma ψ for positive arguments: shifted up by the recurrences Γ(x + 1) = xΓ(x) and
 * ψ(x + 1) = ψ(x) + 1/x until x ≥ 15, then the asymptotic (Stirling) series, whose first omitted term is
 * below 1e-17 there. The absolute error is a few units in the last place of max(|result|, log Γ(x + 15)).
 */

const SHIFT = 15;
const HALF_LOG_2PI = 0.9189385332046727;

export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  // x(x + 1)…(x + k − 1) has at most 15 factors below 15: no overflow.
  let product = 1;
  while (x < SHIFT) {
    product *= x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360))))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - Math.log(product);
}

export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let shift = 0;
  while (x < SHIFT) {
    shift += 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv2 *
    (1 / 12 +
      inv2 * (-1 / 120 + inv2 * (1 / 252 + inv2 * (-1 / 240 + inv2 * (1 / 132 + inv2 * (-691 / 32760))))));
  return Math.log(x) - 0.5 * inv - series - shift;
}
