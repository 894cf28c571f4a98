import type { Direction } from './types.js';

/**
 * The direction of a signed gap term (positive lowers the second model's loss).
 *
 * @example
 * directionOf(0.02);  // 'lowers'
 * directionOf(-0.01); // 'raises'
 * directionOf(0);     // 'no change'
 */
export function directionOf(mean: number): Direction {
  if (mean > 0) return 'lowers';
  if (mean < 0) return 'raises';
  return 'no change';
}
