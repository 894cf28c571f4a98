import { Command } from 'commander';
import { writeLine, type CliIo } from '../io.js';
import { parsePositiveInt } from '../parse-options.js';

interface WorkerFlags {
  redis: string;
  concurrency?: string;
  dataDir?: string;
  name?: string;
  lockDuration?: string;
  stalledInterval?: string;
  maxStalled?: string;
}

/**
 * `worker`: trains runs queued by `reproduce --redis` until stopped (SIGINT or SIGTERM: the runs
 * it was training go back to the queue without using an attempt, and resume on another worker from
 * their last finished epoch).
 */
export function workerCommand(io: CliIo): Command {
  return new Command('worker')
    .description('Train runs queued by `reproduce --redis` on this machine, each in its own process, until stopped (Ctrl-C).')
    .requiredOption('--redis <url>', 'Redis holding the queue, e.g. redis://queue-host:6379')
    .option('--concurrency <n>', 'runs trained at once, each in its own process (default: one per core)')
    .option('--data-dir <dir>', 'directory holding the dataset files on this machine (default: $BOUNDARY_EFFECTS_DATA/<dataset>, caches)')
    .option('--name <name>', 'name shown by the coordinator and stored on each job (default <host>:<pid>)')
    .option('--lock-duration <ms>', 'lock of a run, renewed every half of it while it trains (default 30000)')
    .option('--stalled-interval <ms>', 'milliseconds between checks for runs whose worker died (default 30000)')
    .option('--max-stalled <n>', 'times a run may lose its worker before it fails (default 5)')
    .addHelpText(
      'after',
      `
Examples:
  $ boundary-effects worker --redis redis://queue-host:6379
  $ BOUNDARY_EFFECTS_DATA=/data boundary-effects worker --redis redis://queue-host:6379 --concurrency 2

A worker stopped with Ctrl-C or SIGTERM puts its runs back in the queue at once, without using
an attempt. A worker killed at any moment (even kill -9) loses at most the epoch it was training: after the
lock expires (--lock-duration) the next stalled check (--stalled-interval) puts the run back in
the queue, and a worker resumes it from its checkpoint in Redis. Redis needs
maxmemory-policy noeviction (see docs/distributed.md).`,
    )
    .action(async (flags: WorkerFlags) => {
      const int = (option: string, raw: string | undefined): number | undefined => (raw === undefined ? undefined : parsePositiveInt(option, raw));
      const concurrency = int('--concurrency', flags.concurrency);
      const lockDurationMs = int('--lock-duration', flags.lockDuration);
      const stalledIntervalMs = int('--stalled-interval', flags.stalledInterval);
      const maxStalledCount = int('--max-stalled', flags.maxStalled);
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        // Loaded only by this command, so other commands need neither BullMQ nor Redis.
        const { runWorker } = await import('../../distributed/worker.js');
        await runWorker({
          redis: flags.redis,
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
          ...(flags.name === undefined ? {} : { name: flags.name }),
          ...(lockDurationMs === undefined ? {} : { lockDurationMs }),
          ...(stalledIntervalMs === undefined ? {} : { stalledIntervalMs }),
          ...(maxStalledCount === undefined ? {} : { maxStalledCount }),
          log: (line) => writeLine(io.stderr, line),
          signal: stop.signal,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
