/**
 * What a report draws at most, and the error that says so. Each figure gives every variant (or
 * comparison) its own row, colour and facet: past a few dozen they are unreadable, and Vega's
 * compiler recurses once per name of a sort order (it overflows the stack near 1,000).
 */
import { BoundaryEffectsError } from '../errors.js';
import type { Summary } from '../summary/types.js';

/** Most variants, and most comparisons, a report draws (docs/cli.md#names-and-report-limits). */
export const REPORT_LIMITS = { variants: 100, comparisons: 100 } as const;

/** A summary a report cannot draw honestly (too many variants or comparisons, a name it cannot tell apart). */
export class ReportLimitError extends BoundaryEffectsError<'too-many-variants' | 'too-many-comparisons' | 'ambiguous-name'> {
  constructor(code: 'too-many-variants' | 'too-many-comparisons' | 'ambiguous-name', message: string) {
    super('ReportLimitError', code, message);
  }
}

/**
 * Stops with a ReportLimitError when the summary has more variants or comparisons than a report draws.
 *
 * @example
 * checkReportLimits(summary); // throws for 101 variants, returns for 100
 */
export function checkReportLimits(summary: Pick<Summary, 'variants' | 'comparisons'>): void {
  const counts = { variants: summary.variants.length, comparisons: summary.comparisons.length };
  for (const what of ['variants', 'comparisons'] as const) {
    if (counts[what] > REPORT_LIMITS[what]) {
      throw new ReportLimitError(
        what === 'variants' ? 'too-many-variants' : 'too-many-comparisons',
        `The summary has ${counts[what]} ${what}; a report draws at most ${REPORT_LIMITS[what]}. Its numbers are in summary.json (\`analyze <dir> --json\`); for a report, split the experiment into folders of at most ${REPORT_LIMITS[what]} ${what}.`,
      );
    }
  }
}
