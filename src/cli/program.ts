import { Command, CommanderError } from 'commander';
import { packageInfo } from '../version.js';
import { ablateCommand } from './commands/ablate.js';
import { analyzeCommand } from './commands/analyze.js';
import { benchCommand } from './commands/bench.js';
import { dataCommand } from './commands/data.js';
import { planCommand } from './commands/plan.js';
import { predictCommand } from './commands/predict.js';
import { reportCommand } from './commands/report.js';
import { reproduceCommand } from './commands/reproduce.js';
import { trainCommand } from './commands/train.js';
import { workerCommand } from './commands/worker.js';
import { ExitCode, exitCodeFor, type ExitCodeValue } from './exit-codes.js';
import { writeLine, type CliIo } from './io.js';
import { BoundaryEffectsError } from '../errors.js';
import { describeFileError } from '../fs/files-error.js';
import { InterruptedError } from '../train/interrupted.js';
import { redactCredentials, redactUrlArgument } from '../credentials.js';

/** Applies the shared output and error handling to a command and its subcommands. */
function configure(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    // Commander repeats option values in its errors (`--redis=redis://:secret@host`): no password in them.
    writeErr: (text) => io.stderr.write(redactCredentials(text)),
  });
  command.showHelpAfterError('(add --help for usage and examples)');
  for (const sub of command.commands) configure(sub, io);
}

/** The `boundary-effects` program with every command. */
export function buildProgram(io: CliIo, commandLine: string): Command {
  const program = new Command('boundary-effects')
    .description('Why padding images changes a network\'s loss: train, decompose, test and report.')
    .version(packageInfo().version)
    .addCommand(reproduceCommand(io, commandLine))
    .addCommand(trainCommand(io, commandLine))
    .addCommand(analyzeCommand(io))
    .addCommand(reportCommand(io, commandLine))
    .addCommand(predictCommand(io))
    .addCommand(ablateCommand(io))
    .addCommand(planCommand(io))
    .addCommand(benchCommand(io, commandLine))
    .addCommand(dataCommand(io))
    .addCommand(workerCommand(io))
    .addHelpText('after', '\nStart with:\n  $ boundary-effects reproduce --quick\n\nExit codes: 0 success, 1 usage error (also: output folder in use), 2 data or files error, 3 training failure, 4 Redis unreachable (--redis), 130/143 stopped by SIGINT/SIGTERM (see docs/cli.md).');
  configure(program, io);
  return program;
}

/**
 * The command line as it is recorded (experiment.json, summary.json, report, lock file) and printed
 * (the resume line): shell-quoted, with the user information of every URL (a Redis password)
 * replaced by `***`. The `--redis` value is redacted as a whole argument, so that a password holding
 * `/` or a quote does not slip past the URL pattern.
 *
 * @example
 * recordedCommandLine(['reproduce', '--redis', 'redis://:secret@db:6379']); // "boundary-effects reproduce --redis 'redis://***@db:6379'"
 */
export function recordedCommandLine(argv: readonly string[]): string {
  const shown = argv.map((arg, i) => {
    if (argv[i - 1] === '--redis') return redactUrlArgument(arg);
    if (arg.startsWith('--redis=')) return `--redis=${redactUrlArgument(arg.slice('--redis='.length))}`;
    return arg;
  });
  const quoted = ['boundary-effects', ...shown].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  return redactCredentials(quoted);
}

/**
 * Runs the command line and returns its exit code: 0 success, 1 usage error (message and help),
 * 2 data error, 3 training failure, 4 Redis unreachable. Never calls process.exit, so tests run it in-process.
 *
 * @example
 * const code = await runCli(['data', 'verify', '--dataset', 'synthetic'], processIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const commandLine = recordedCommandLine(argv);
  const program = buildProgram(io, commandLine);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a CommanderError too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    // A Node system error (ENOSPC, EACCES, ENOTDIR, ...) becomes a one-line files error naming the path.
    const described = describeFileError(error);
    const code = exitCodeFor(described);
    // Errors may quote a URL (Redis, a lock file's command): never its password.
    const message = redactCredentials(described instanceof Error ? described.message : String(described));
    if (described instanceof InterruptedError) {
      writeLine(io.stderr, `${message}`);
      writeLine(io.stderr, `resume with: ${commandLine}${commandLine.includes('***@') ? '   (with the password in place of ***)' : ''}`);
    } else {
      writeLine(io.stderr, `error: ${message}`);
    }
    // Every usage error (also an unknown variant or a changed run setting from the library) ends with the hint.
    if (code === ExitCode.usage) writeLine(io.stderr, '(add --help for usage and examples)');
    const unexpected = code === ExitCode.training && !(described instanceof BoundaryEffectsError);
    if ((unexpected || io.env.BOUNDARY_EFFECTS_DEBUG === '1') && error instanceof Error && error.stack !== undefined) {
      // Unexpected failures (bugs): keep the stack for a bug report. BOUNDARY_EFFECTS_DEBUG=1 shows it always.
      writeLine(io.stderr, redactCredentials(error.stack));
    }
    return code;
  }
}
