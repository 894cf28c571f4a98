/**
 * Ranks 1..n with ties given their average rank (R's `rank(x)`, ties.method = "average"),
 * plus the sizes of the tie groups (for tie-corrected variances).
 *
 * @example
 * midranks([10, 20, 20, 5]); // { ranks: [2, 3.5, 3.5, 1], tieSizes: [2], hasTies: true }
 */
export function midranks(values: readonly number[]): { ranks: number[]; tieSizes: number[]; hasTies: boolean } {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // average of ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    if (end - start > 1) tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes, hasTies: tieSizes.length > 0 };
}
