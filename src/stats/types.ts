/** Direction of the alternative hypothesis, as in R's `alternative = "two.sided" | "greater" | "less"`. */
export type Alternative = 'two-sided' | 'greater' | 'less';

/** A closed interval `[lo, hi]`; one-sided intervals use `-Infinity` / `Infinity` like R. */
export type Interval = [number, number];
