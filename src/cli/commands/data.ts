import { Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_NAMES, verifyDataset, type DatasetName } from '../../data/datasets.js';
import { DataError } from '../../data/errors.js';
import { writeLine, type CliIo } from '../io.js';

/** The path of a folder standing where a dataset file should be (in --data-dir), or null. */
async function folderInPlace(dataDir: string | undefined, file: string): Promise<string | null> {
  if (dataDir === undefined) return null;
  for (const candidate of [join(dataDir, file), join(dataDir, `${file}.gz`)]) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isDirectory() === true) return candidate;
  }
  return null;
}

/** `data verify`: checks every dataset file it can find and prints the sums. */
export function dataCommand(io: CliIo): Command {
  const data = new Command('data')
    .description('Dataset utilities.')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects data verify\n  $ boundary-effects data verify --dataset synthetic');
  data
    .command('verify')
    .description('Check the SHA-256 of every file of the dataset(s) (decompressed bytes) and print the sums; exits 2 when a file is missing or damaged.')
    .addOption(new Option('--dataset <name>', 'dataset to check').choices(['all', ...DATASET_NAMES]).default('all'))
    .option('--data-dir <dir>', 'directory holding the dataset files')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects data verify\n  $ boundary-effects data verify --dataset mnist --data-dir ../shared/datasets/mnist')
    .action(async (flags: { dataset: 'all' | DatasetName; dataDir?: string }) => {
      const names = flags.dataset === 'all' ? DATASET_NAMES : [flags.dataset];
      const bad: string[] = [];
      const missing: string[] = [];
      let found = 0;
      for (const name of names) {
        const files = await verifyDataset(name, flags.dataDir === undefined ? {} : { dir: flags.dataDir });
        for (const f of files) {
          if (f.path === null) {
            const folder = await folderInPlace(flags.dataDir, f.file);
            writeLine(io.stdout, `missing  ${name}/${f.file}  (expected ${f.expected})${folder === null ? '' : `: ${folder} is a folder, not a file`}`);
            missing.push(folder ?? `${name}/${f.file}`);
            continue;
          }
          found += 1;
          if (!f.ok) bad.push(f.path);
          writeLine(io.stdout, `${f.ok ? 'ok      ' : 'BAD     '} ${f.found ?? '?'}  ${f.path}${f.ok ? '' : `  (expected ${f.expected}${f.error === undefined ? '' : `: ${f.error}`})`}`);
        }
      }
      if (bad.length > 0) {
        throw new DataError('checksum', `${bad.length} dataset file(s) failed verification: ${bad.join(', ')}; replace them with good copies (see the lines marked BAD).`);
      }
      if (missing.length > 0) {
        // Every dataset asked for (all of them by default) must be whole: a missing file is never a pass.
        throw new DataError(
          'not-found',
          `${found === 0 ? 'no dataset files found' : `${missing.length} dataset file(s) missing: ${missing.join(', ')}`}; ` +
            `put the IDX files in $BOUNDARY_EFFECTS_DATA/<dataset>/ or pass --data-dir${flags.dataset === 'all' ? ' (--dataset <name> checks one dataset)' : ''}.`,
        );
      }
    });
  return data;
}
