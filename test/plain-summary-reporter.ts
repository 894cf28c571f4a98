import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, `N passed, N failed` (plus `, N skipped` when any were), after
 * vitest's own summary, so that tools reading the end of a CI log see the counts without colours.
 * A test file that fails to load, or an error outside any test, counts as a failure (and is named
 * in the line), so a broken file can never end in `0 failed`.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let brokenFiles = 0;
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') failedTests += 1;
        else counts.skipped += 1;
      }
      counts.failed += failedTests;
      if (failedTests === 0 && module.state() === 'failed') brokenFiles += 1;
    }
    counts.failed += brokenFiles + unhandledErrors.length;
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    const why = [
      brokenFiles > 0 ? `${brokenFiles} test file${brokenFiles === 1 ? '' : 's'} failed to run` : '',
      unhandledErrors.length > 0 ? `${unhandledErrors.length} unhandled error${unhandledErrors.length === 1 ? '' : 's'}` : '',
    ].filter((s) => s !== '');
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}${why.length > 0 ? ` (including ${why.join(' and ')})` : ''}\n`);
  }
}
