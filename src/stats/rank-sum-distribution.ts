// Exact null distribution of the Mann-Whitney / Wilcoxon rank-sum statistic. stdlib has no
// rank-sum distribution, so this counts arrangements exactly (the recurrence behind R's cwilcox).

const cache = new Map<string, Float64Array>();

/**
 * Number of arrangements of `m` x's and `n` y's giving each value U = #{(x, y): x > y} = 0..m*n.
 * Built by placing the items in increasing order: an x placed after k y's adds k to U. All terms are
 * positive sums, so there is no cancellation (counts beyond 2^53 lose only relative precision).
 */
function rankSumCounts(m: number, n: number): Float64Array {
  const key = `${m},${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const maxU = m * n;
  // dp[j] = counts over U for placements containing j x's so far.
  let dp: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxU + 1));
  dp[0][0] = 1;
  for (let t = 0; t < m + n; t++) {
    const next: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxU + 1));
    for (let j = 0; j <= Math.min(m, t); j++) {
      const ys = t - j;
      if (ys > n) continue;
      const row = dp[j];
      // item t is a y
      if (ys + 1 <= n) {
        const target = next[j];
        for (let u = 0; u <= maxU; u++) target[u] += row[u];
      }
      // item t is an x, preceded by `ys` y's
      if (j + 1 <= m) {
        const target = next[j + 1];
        for (let u = 0; u + ys <= maxU; u++) target[u + ys] += row[u];
      }
    }
    dp = next;
  }
  const counts = dp[m];
  cache.set(key, counts);
  return counts;
}

/**
 * P(W <= w) of the Wilcoxon rank-sum statistic W (= Mann-Whitney U, R's `pwilcox(w, m, n)`) for
 * samples of sizes `m` and `n` without ties.
 *
 * @example
 * rankSumCdf(0, 2, 2); // 1/6: only the arrangement y y x x gives W = 0
 */
export function rankSumCdf(w: number, m: number, n: number): number {
  if (!(Number.isInteger(m) && Number.isInteger(n) && m >= 1 && n >= 1)) return NaN;
  if (w < 0) return 0;
  if (w >= m * n) return 1;
  const counts = rankSumCounts(m, n);
  let total = 0;
  for (let u = 0; u <= m * n; u++) total += counts[u];
  let below = 0;
  for (let u = 0; u <= Math.floor(w); u++) below += counts[u];
  return below / total;
}
