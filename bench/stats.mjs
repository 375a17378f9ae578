/**
 * Summary statistics of repeated measurements.
 */

/**
 * Returns the median, minimum and maximum of `values` and how many there
 * were, or `null` for an empty list.
 */
export function summarize(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? sorted[middle]
      : (sorted[middle - 1] + sorted[middle]) / 2;
  return {
    median,
    min: sorted[0],
    max: sorted.at(-1),
    runs: sorted.length,
  };
}

export function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

export function mean(values) {
  return sum(values) / values.length;
}

/**
 * Fits `y = intercept + slope * x` by least squares, with `x` the index of
 * each value.
 */
export function fitLine(values) {
  const n = values.length;
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let covariance = 0;
  let variance = 0;
  values.forEach((y, x) => {
    covariance += (x - xMean) * (y - yMean);
    variance += (x - xMean) ** 2;
  });
  const slope = variance === 0 ? 0 : covariance / variance;
  return {intercept: yMean - slope * xMean, slope};
}
