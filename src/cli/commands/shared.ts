import { Option } from 'commander';
import type { Summary } from '../../summary/types.js';
import { writeLine, type CliIo } from '../io.js';

/** `--dataset`, shared by the commands that load data. */
export function datasetOption(): Option {
  return new Option('--dataset <name>', 'dataset').choices(['mnist', 'fashion-mnist', 'synthetic']).default('mnist');
}

/** `--backend`, shared by the commands that train. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend (auto: native TensorFlow if installed, else wasm, else cpu)')
    .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default('auto');
}

const fmt = (x: number): string => x.toFixed(4);
const ci = (c: [number, number] | null): string => (c === null ? '' : ` [${fmt(c[0])}, ${fmt(c[1])}]`);

/** A few plain lines with the headline numbers of a summary. */
export function describeSummary(io: CliIo, summary: Summary): void {
  for (const v of summary.variants) {
    writeLine(io.stdout, `${v.variant.padEnd(14)} test loss ${fmt(v.testLoss.mean)}${ci(v.testLoss.ci95)} (n = ${v.testLoss.n}), entropy floor ${fmt(v.entropyFloor.mean)}`);
  }
  for (const c of summary.comparisons) {
    const parts = c.terms.map((t) => `${t.term} ${fmt(t.estimate.mean)}${ci(t.estimate.ci95)}`);
    writeLine(io.stdout, `${c.a} - ${c.b}: ${parts.join('; ')}`);
  }
}
