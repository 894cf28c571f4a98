import type { Summary } from './types.js';

/**
 * Serialises a summary exactly as summary.json holds it.
 *
 * @example
 * formatSummaryJson(summary).endsWith('}\n'); // true
 */
export function formatSummaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
