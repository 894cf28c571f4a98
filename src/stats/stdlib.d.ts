// Minimal type declarations for the CommonJS @stdlib packages used by src/stats (they ship no types).

declare module '@stdlib/stats-base-dists-t-cdf' {
  /** Cumulative distribution function of Student's t with `v` degrees of freedom. */
  function cdf(x: number, v: number): number;
  export = cdf;
}

declare module '@stdlib/stats-base-dists-t-quantile' {
  /** Quantile function of Student's t with `v` degrees of freedom. */
  function quantile(p: number, v: number): number;
  export = quantile;
}

declare module '@stdlib/stats-base-dists-normal-cdf' {
  /** Cumulative distribution function of N(mu, sigma^2). */
  function cdf(x: number, mu: number, sigma: number): number;
  export = cdf;
}

declare module '@stdlib/stats-base-dists-normal-quantile' {
  /** Quantile function of N(mu, sigma^2). */
  function quantile(p: number, mu: number, sigma: number): number;
  export = quantile;
}

declare module '@stdlib/stats-base-dists-signrank-cdf' {
  /** P(V <= x) of the Wilcoxon signed-rank statistic for `n` observations (exact). */
  function cdf(x: number, n: number): number;
  export = cdf;
}

declare module '@stdlib/math-base-special-betainc' {
  /** Regularized (default) lower incomplete beta function I_x(a, b). */
  function betainc(x: number, a: number, b: number, regularized?: boolean, upper?: boolean): number;
  export = betainc;
}

declare module '@stdlib/math-base-special-gammaln' {
  /** Natural logarithm of the absolute value of the gamma function. */
  function gammaln(x: number): number;
  export = gammaln;
}
