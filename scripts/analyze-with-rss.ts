// Runs `boundary-effects analyze <dir> --json` in this process (the command's own code path), discards the document,
// and prints one JSON line on stdout: exit code, seconds, peak RSS (the process's maximum resident set, worker
// threads included) and the error line if any. The benchmark and the bounded-memory test run it as a child process.
// Usage: npx tsx scripts/analyze-with-rss.ts <dir> [--workers N]
import { Writable } from 'node:stream';
import { runCli } from '../src/cli/program.js';

const dir = process.argv[2];
if (dir === undefined) {
  console.error('usage: analyze-with-rss.ts <experiment folder> [--workers N]');
  process.exit(1);
}
const workersAt = process.argv.indexOf('--workers');
if (workersAt >= 0) process.env.BOUNDARY_EFFECTS_READ_WORKERS = process.argv[workersAt + 1];
let outBytes = 0;
const stdout = new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    outBytes += chunk.length;
    callback();
  },
});
let err = '';
const stderr = new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    err += chunk.toString();
    callback();
  },
});
const start = process.hrtime.bigint();
const code = await runCli(['analyze', dir, '--json'], { stdout, stderr, env: process.env });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
// maxRSS is in kilobytes
const peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ code, seconds, peakRssMB, summaryBytes: outBytes, error: err.trim() || null })}\n`);
