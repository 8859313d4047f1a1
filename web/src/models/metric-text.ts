const fixed4 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
const scientific = new Intl.NumberFormat(undefined, { notation: 'scientific', maximumFractionDigits: 3 });

/** A metric value: integers grouped, fractions to 4 decimals, tiny non-zero values in scientific notation. */
export function formatMetric(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-3) return scientific.format(value);
  return fixed4.format(value);
}

/** `0.5` → `"0.50"`: a threshold as the slider shows it. */
export function formatThreshold(value: number): string {
  return value.toFixed(2);
}

/** `name@version`, as the API and the CLI name a version. */
export function versionRef(name: string, version: number): string {
  return `${name}@${version}`;
}
