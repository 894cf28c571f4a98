// Published worked examples used across the stats tests (sources cited per constant).

/** R's `sleep` data (Cushny & Peebles 1905, via Student 1908): extra hours of sleep, drug 1 vs drug 2, same 10 patients. */
export const SLEEP_GROUP1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
export const SLEEP_GROUP2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** R ?wilcox.test paired example: Hollander & Wolfe (1973), p. 29, depression scale at first (x) and second (y) visit. */
export const HW_PAIRED_X = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
export const HW_PAIRED_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

/** R ?wilcox.test two-sample example: Hollander & Wolfe (1973), p. 69, permeability constants. */
export const HW_UNPAIRED_X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
export const HW_UNPAIRED_Y = [1.15, 0.88, 0.9, 0.74, 1.21];

/** Lakens (2013), Frontiers in Psychology 4:863, Table 1: ratings of two movies by the same 10 people. */
export const LAKENS_MOVIE1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
export const LAKENS_MOVIE2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];
