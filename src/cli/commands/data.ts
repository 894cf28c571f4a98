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
    .description('Check the SHA-256 of every dataset file found (decompressed bytes) and print the sums.')
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
        // A dataset asked for by name must be whole; with 'all', a dataset never installed is fine, a partial one is not.
        const requireAll = flags.dataset !== 'all' || files.some((f) => f.path !== null);
        for (const f of files) {
          if (f.path === null) {
            const folder = await folderInPlace(flags.dataDir, f.file);
            writeLine(io.stdout, `missing  ${name}/${f.file}  (expected ${f.expected})${folder === null ? '' : `: ${folder} is a folder, not a file`}`);
            if (requireAll) missing.push(folder ?? `${name}/${f.file}`);
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
        throw new DataError(
          'not-found',
          `${missing.length} dataset file(s) missing: ${missing.join(', ')}; put the IDX files (raw or .gz) in $BOUNDARY_EFFECTS_DATA/<dataset>/ or pass --data-dir.`,
        );
      }
      if (found === 0) {
        throw new DataError('not-found', `no dataset files found; put the IDX files in $BOUNDARY_EFFECTS_DATA/<dataset>/ or pass --data-dir.`);
      }
    });
  return data;
}
