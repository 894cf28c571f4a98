// ablations.json: written by `ablate`, read by `report`. A damaged file, or one measured on other models, is a clear
// error naming the file and saying to rerun ablate (exit 2); an absent one is no section. End to end on the tiny
// committed ONNX models (fixtures/onnx/): ablate writes the file, report shows the table, a changed manifest stops it.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'npyjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { FilesError } from '../../src/fs/files-error.js';
import { ABLATIONS_FILE, formatAblations, parseAblations, readAblations, type AblationsDocument } from '../../src/open-format/ablation-file.js';
import { OpenFormatError } from '../../src/open-format/errors.js';
import { sha256Of } from '../../src/run-format/manifest.js';
import { cli, REPO_ROOT } from '../cli/helpers.js';

const root = mkdtempSync(path.join(tmpdir(), 'be-ablations-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SHA = 'a'.repeat(64);
function documentOf(): AblationsDocument {
  return {
    format: 'boundary-effects/ablations', version: 1, manifestSha256: SHA, originalHeight: 28, originalWidth: 28, images: 6, pads: [0, 2], modes: ['edge'],
    models: [{ variant: 'base28', seed: 1, file: 'models/m.onnx', sha256: SHA }],
    rows: [
      { variant: 'base28', seed: 1, trainedPad: 0, trainedMode: 'none', pad: 0, mode: 'none', asTrained: true, testLoss: 0.2, originalLoss: 0.2, predicted: null },
      { variant: 'base28', seed: 1, trainedPad: 0, trainedMode: 'none', pad: 2, mode: 'edge', asTrained: false, testLoss: 0.15, originalLoss: 0.21, predicted: 0.16 },
    ],
  };
}

const errorOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

describe('parseAblations', () => {
  it('reads back what formatAblations writes', () => {
    const doc = documentOf();
    expect(parseAblations(JSON.parse(formatAblations(doc)), 'x/ablations.json')).toEqual(doc);
  });

  it.each([
    ['a wrong format', (d: Record<string, unknown>) => ({ ...d, format: 'other' }), /"format" is "other"/],
    ['a pad 0 with a mode', (d: Record<string, unknown>) => ({ ...d, rows: [{ ...documentOf().rows[0], mode: 'edge' }] }), /rows\[0\] is scored at pad 0 with mode "edge"/],
    ['a negative loss', (d: Record<string, unknown>) => ({ ...d, rows: [{ ...documentOf().rows[1], testLoss: -1 }] }), /rows\[0\]\.testLoss is -1, expected a finite number >= 0/],
    ['a row of an unlisted model', (d: Record<string, unknown>) => ({ ...d, rows: [{ ...documentOf().rows[1], seed: 2 }] }), /rows\[0\] names model base28\/2, which "models" does not list/],
    ['a setting twice', (d: Record<string, unknown>) => ({ ...d, rows: [documentOf().rows[1], documentOf().rows[1]] }), /rows\[1\] scores base28\/1 at pad 2 \(edge\) a second time/],
    ['a model hash that is not sha256', (d: Record<string, unknown>) => ({ ...d, models: [{ ...documentOf().models[0], sha256: 'xyz' }] }), /models\[0\]\.sha256 is not a sha256/],
    ['no rows', (d: Record<string, unknown>) => ({ ...d, rows: [] }), /"rows" is empty/],
  ])('%s: FilesError naming the file and the field, saying to rerun ablate (exit 2)', (_name, change, message) => {
    const value = change({ ...documentOf() });
    const error = errorOf(() => parseAblations(value, 'exp/ablations.json'));
    expect(error).toBeInstanceOf(FilesError);
    expect(String((error as Error).message)).toMatch(message);
    expect(String((error as Error).message)).toMatch(/^exp\/ablations\.json: .*; rerun 'boundary-effects ablate' on its folder/);
    expect(exitCodeFor(error)).toBe(2);
  });
});

describe('readAblations: measured on the folder\'s manifest and models as they are now', () => {
  function folder(name: string): { dir: string; doc: AblationsDocument } {
    const dir = path.join(root, name);
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), '{"a": 1}');
    writeFileSync(path.join(dir, 'models', 'm.onnx'), 'model bytes');
    const doc = documentOf();
    doc.manifestSha256 = sha256Of(readFileSync(path.join(dir, 'manifest.json')));
    doc.models[0]!.sha256 = sha256Of(readFileSync(path.join(dir, 'models', 'm.onnx')));
    writeFileSync(path.join(dir, ABLATIONS_FILE), formatAblations(doc));
    return { dir, doc };
  }

  it('no file: null; a current file: the document and the sha256 of its bytes', async () => {
    const { dir, doc } = folder('current');
    const read = await readAblations(dir);
    expect(read?.ablations).toEqual(doc);
    expect(read?.sha256).toBe(sha256Of(readFileSync(path.join(dir, ABLATIONS_FILE))));
    rmSync(path.join(dir, ABLATIONS_FILE));
    expect(await readAblations(dir)).toBeNull();
  });

  it('a changed manifest, a changed model, invalid JSON, a model path out of the folder: exit 2 naming ablations.json', async () => {
    const cases: Array<[string, (dir: string) => void, RegExp, unknown]> = [
      ['manifest', (dir) => writeFileSync(path.join(dir, 'manifest.json'), '{"a": 2}'), /was measured on another manifest\.json than the folder holds now.*rerun 'boundary-effects ablate /, FilesError],
      ['model', (dir) => writeFileSync(path.join(dir, 'models', 'm.onnx'), 'retrained'), /was measured on another models\/m\.onnx \(model of base28, seed 1\)/, FilesError],
      ['json', (dir) => writeFileSync(path.join(dir, ABLATIONS_FILE), '{"format": '), /ablations\.json is not valid JSON \(it ends early, at line 1\); rerun/, FilesError],
      ['outside', (dir) => {
        const doc = documentOf();
        doc.manifestSha256 = sha256Of(readFileSync(path.join(dir, 'manifest.json')));
        doc.models[0]!.file = '../current-outside.onnx';
        writeFileSync(path.join(dir, ABLATIONS_FILE), formatAblations(doc));
      }, /models\[0\]\.file: '\.\.\/current-outside\.onnx' leads outside the folder/, OpenFormatError],
    ];
    for (const [name, spoil, message, kind] of cases) {
      const { dir } = folder(`spoilt-${name}`);
      spoil(dir);
      const error: unknown = await readAblations(dir).then(() => null, (e: unknown) => e);
      expect(error, name).toBeInstanceOf(kind);
      expect(String((error as Error).message), name).toMatch(message);
      expect(String((error as Error).message), name).toContain(path.join(dir, ABLATIONS_FILE));
      expect(exitCodeFor(error), name).toBe(2);
    }
  });
});

describe('ablate then report on the fixture models', () => {
  const SIZE = 28;
  const COUNT = 4;

  function experiment(): string {
    const dir = path.join(root, 'fixture-experiment');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    const clean = new Float32Array(COUNT * SIZE * SIZE).map((_, i) => ((i * 7919) % 97) / 96);
    writeFileSync(path.join(dir, 'clean.npy'), new Uint8Array(dump(clean, [COUNT, SIZE, SIZE])));
    copyFileSync(path.join(REPO_ROOT, 'fixtures', 'onnx', 'denoise.onnx'), path.join(dir, 'models', 'm.onnx'));
    const run = [{ seed: 1, model: 'models/m.onnx' }];
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'boundary-effects/open-experiment', version: 1, question: 'Does the tiny denoiser gain from a pad?', dataset: { name: 'toy' }, loss: 'bce', reference: 'base28',
        testSet: { images: 'clean.npy' }, corruption: { noise: 'gaussian', factor: 0.5, seed: 3 },
        variants: [
          { id: 'base28', height: SIZE, width: SIZE, pads: { top: 0, bottom: 0, left: 0, right: 0 }, runs: run },
          { id: 'edge32', height: SIZE + 4, width: SIZE + 4, pads: { top: 2, bottom: 2, left: 2, right: 2 }, padMode: 'edge', runs: run },
        ],
        comparisons: [{ a: 'base28', b: 'edge32' }],
      }),
    );
    return dir;
  }

  it('the report gains the section and the table (CSV rows = ablations.json rows); without the file, neither; a changed manifest stops report with exit 2', async () => {
    const dir = experiment();
    const plain = await cli(['report', dir, '--no-pdf']);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).not.toContain('id="ablations"');
    const ablate = await cli(['ablate', dir, '--at-pads', '0,2', '--modes', 'edge,zero']);
    expect(ablate.stderr).toBe('');
    expect(ablate.code).toBe(0);
    expect(ablate.stdout).toContain(`ablations: ${path.join(dir, ABLATIONS_FILE)}`);
    const written = parseAblations(JSON.parse(readFileSync(path.join(dir, ABLATIONS_FILE), 'utf8')), 'ablations.json');
    // 2 models x (pad 0, pad 2 edge, pad 2 constant)
    expect(written.rows.length).toBe(6);
    expect([written.pads, written.modes, written.images, written.originalHeight]).toEqual([[0, 2], ['edge', 'constant'], COUNT, SIZE]);
    const report = await cli(['report', dir, '--no-pdf']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="ablations"><h2>Ablations from the models</h2>');
    expect(html).toContain('This page was generated from summary.json and ablations.json.');
    const csv = readFileSync(path.join(dir, 'tables', 'ablations.csv'), 'utf8').split('\n');
    expect(csv[3]).toBe(`# ablations.json sha256: ${sha256Of(readFileSync(path.join(dir, ABLATIONS_FILE)))}`);
    const body = csv.filter((l) => l !== '' && !l.startsWith('#')).slice(1);
    expect(body.length).toBe(6);
    for (const r of written.rows) {
      const at = r.pad === 0 ? 'pad 0' : `"pad ${r.pad}, ${r.mode}"`;
      const miss = r.predicted === null ? '' : String(r.testLoss - r.predicted);
      expect(body).toContain(`${r.variant},${r.seed},${at},${r.asTrained ? 'yes' : ''},${r.testLoss},${r.originalLoss},${r.predicted ?? ''},${miss}`);
    }
    // The other tables name summary.json only.
    expect(readFileSync(path.join(dir, 'tables', 'regions.csv'), 'utf8')).not.toContain('ablations.json');
    writeFileSync(path.join(dir, 'manifest.json'), readFileSync(path.join(dir, 'manifest.json'), 'utf8').replace('Does the tiny', 'Does this tiny'));
    const stale = await cli(['report', dir, '--no-pdf']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/ablations\.json was measured on another manifest\.json than the folder holds now/);
  }, 120_000);
});
