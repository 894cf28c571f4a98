import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: training tests and kernel tests are CPU-bound, so run files in two forks at most.
    pool: 'forks',
    maxWorkers: 2,
  },
});
