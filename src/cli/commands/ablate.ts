import { Command } from 'commander';
import { resolve } from 'node:path';
import { measureAblations, type AblationRow } from '../../open-format/model-ablation.js';
import { writeAblations } from '../../open-format/ablation-file.js';
import { OPEN_PAD_MODES, type OpenPadMode } from '../../open-format/manifest.js';
import { UsageError } from '../exit-codes.js';
import { writeLine, type CliIo } from '../io.js';
import { parseIntInRange, parseList } from '../parse-options.js';

/** Widest pad scored: 4x the study's 2 keeps the padded test set of a few thousand MNIST images in memory. */
const MAX_PAD = 28;

function parsePads(raw: string): number[] {
  const pads = parseList(raw).map((p) => p === '0' ? 0 : parseIntInRange('--at-pads', p, 0, MAX_PAD, 'a pad wider than the image itself is not a study of its edge'));
  if (pads.length === 0) throw new UsageError(`--at-pads names no pad, got '${raw}'; pass e.g. --at-pads 0,2,4.`);
  return pads;
}

function parseModes(raw: string): OpenPadMode[] {
  return parseList(raw).map((m) => {
    const mode = m === 'zero' ? 'constant' : m;
    const found = OPEN_PAD_MODES.find((o) => o === mode && o !== 'none');
    if (found === undefined) throw new UsageError(`--modes: '${m}' is not a pad mode; use edge, zero (= constant), reflect, symmetric or wrap.`);
    return found;
  });
}

function table(io: CliIo, rows: AblationRow[]): void {
  writeLine(io.stdout, `${'model'.padEnd(16)}${'scored at'.padEnd(16)}${'loss, all'.padStart(11)}${'original'.padStart(11)}${'predicted'.padStart(11)}${'measured - predicted'.padStart(22)}`);
  for (const r of rows) {
    const at = r.pad === 0 ? 'pad 0' : `pad ${r.pad} ${r.mode}`;
    writeLine(
      io.stdout,
      `${`${r.variant}/${r.seed}`.padEnd(16)}${(at + (r.asTrained ? ' *' : '')).padEnd(16)}${r.testLoss.toFixed(5).padStart(11)}${r.originalLoss.toFixed(5).padStart(11)}` +
        `${(r.predicted === null ? '–' : r.predicted.toFixed(5)).padStart(11)}${(r.predicted === null ? '–' : (r.testLoss - r.predicted).toFixed(5)).padStart(22)}`,
    );
  }
  writeLine(io.stdout, '* the variant\'s own pad. original: the loss over the original pixels only. predicted: the same model\'s pad-0 map kept on the original pixels, each pad pixel at the measured pad cost.');
}

/** `ablate <dir>`: an open-format experiment's ONNX models scored at other pad widths and modes. */
export function ablateCommand(io: CliIo): Command {
  return new Command('ablate')
    .description('Score the ONNX models of an open-format experiment at other pads and modes (measured), next to the predictor\'s what-if; writes <dir>/ablations.json, which `report <dir>` then shows as a table.')
    .argument('<dir>', 'open-format experiment folder whose runs name ONNX models')
    .option('--at-pads <list>', 'pad widths on every side', '0,2,4')
    .option('--modes <list>', 'pad modes for widths > 0: edge, zero, reflect, symmetric, wrap', 'edge,zero,reflect')
    .option('--json', 'print the rows as JSON')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects ablate my-onnx-experiment --at-pads 0,2,4 --modes edge,zero,reflect\n  $ boundary-effects report my-onnx-experiment   # the report gains the ablation table')
    .action(async (dir: string, flags: { atPads: string; modes: string; json?: boolean }) => {
      const pads = parsePads(flags.atPads);
      const modes = parseModes(flags.modes);
      const folder = resolve(dir);
      const doc = await measureAblations(folder, { pads, modes });
      const file = await writeAblations(folder, doc);
      if (flags.json === true) io.stdout.write(`${JSON.stringify(doc.rows, null, 2)}\n`);
      else {
        table(io, doc.rows);
        writeLine(io.stdout, `ablations: ${file} (shown by 'boundary-effects report ${dir}')`);
      }
    });
}
