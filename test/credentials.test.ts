/**
 * The credentials rule layer by layer (each layer is checked on its own, so that one left out is
 * seen even while the others still redact): the redaction itself, the recorded command line, every
 * printed line, the lock file and its "in use by" message, experiment.json.
 * test/distributed/credentials.test.ts checks the whole against a real password-protected Redis.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactCredentials, redactUrlArgument } from '../src/credentials.js';
import { recordedCommandLine } from '../src/cli/program.js';
import { writeLine } from '../src/cli/io.js';
import { acquireOutputLock, LOCK_FILE } from '../src/fs/output-lock.js';
import { readExperimentFile, writeExperimentFile } from '../src/reproduce/experiment-file.js';
import { CaptureStream } from './cli/helpers.js';

describe('redactCredentials', () => {
  it('replaces the user information of every URL in a text by ***', () => {
    expect(redactCredentials('a redis://:secret@db:6379/2 b rediss://user:pw@h c')).toBe('a redis://***@db:6379/2 b rediss://***@h c');
    // The userinfo ends at the last @ of the authority, as a URL parser reads it.
    expect(redactCredentials("'redis://:p@ss@db:6379'")).toBe("'redis://***@db:6379'");
    expect(redactCredentials('redis://db:6379 and mail me@example.org')).toBe('redis://db:6379 and mail me@example.org');
  });

  it('redacts a whole --redis argument, also a password a URL parser would misread', () => {
    expect(redactUrlArgument('redis://:pa/ss@db:6379')).toBe('redis://***@db:6379');
    expect(redactUrlArgument("redis://:it's me@db")).toBe('redis://***@db');
    expect(redactUrlArgument(':secret@db:6379')).toBe('***@db:6379');
    expect(redactUrlArgument('redis://db:6379')).toBe('redis://db:6379');
  });
});

describe('what the command line records and prints', () => {
  it('the recorded command line holds no password, whichever way --redis is given', () => {
    expect(recordedCommandLine(['reproduce', '--out', 'x', '--redis', 'redis://:pa/ss@db:6379'])).toBe("boundary-effects reproduce --out x --redis 'redis://***@db:6379'");
    expect(recordedCommandLine(['worker', '--redis=redis://u:secret@db'])).toBe("boundary-effects worker '--redis=redis://***@db'");
    expect(recordedCommandLine(['reproduce', '--out', 'a b'])).toBe("boundary-effects reproduce --out 'a b'");
  });

  it('every printed line is redacted', () => {
    const stream = new CaptureStream();
    writeLine(stream, 'error: cannot reach Redis at redis://:secret@db:6379: WRONGPASS');
    expect(stream.text).toBe('error: cannot reach Redis at redis://***@db:6379: WRONGPASS\n');
  });
});

describe('files that record a command', () => {
  it('the lock file and the "in use by" message of a lock written by an older version hold no password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cred-lock-'));
    const lock = await acquireOutputLock(dir, { command: 'boundary-effects reproduce --redis redis://:secret@db:6379' });
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toContain('"command":"boundary-effects reproduce --redis redis://***@db:6379"');
    await lock.release();
    // An older version wrote the password; the message quoting it does not repeat it.
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4242, host: 'elsewhere.example', since: '2026-01-01T00:00:00.000Z', command: 'be reproduce --redis redis://:secret@db' }));
    const refused = await acquireOutputLock(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).toContain('(be reproduce --redis redis://***@db)');
    expect(String(refused)).not.toContain('secret');
    expect(hostname()).not.toBe('elsewhere.example');
  });

  it('experiment.json records the command redacted, and redacts the commands an older version recorded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cred-exp-'));
    const base = { dataset: 'synthetic' as const, variants: ['baseline28'], seeds: [1], edgeWidth: 2 };
    await writeFile(join(dir, 'experiment.json'), JSON.stringify({ ...base, command: 'old --redis redis://:secret@db', commands: ['old --redis redis://:secret@db'] }));
    await writeExperimentFile(dir, { ...base, command: 'new --redis redis://:secret@db' });
    const text = await readFile(join(dir, 'experiment.json'), 'utf8');
    expect(text).not.toContain('secret');
    expect((await readExperimentFile(dir))?.commands).toEqual(['old --redis redis://***@db', 'new --redis redis://***@db']);
  });
});
