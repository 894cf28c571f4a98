import { UsageError } from './exit-codes.js';

/**
 * Parses a positive integer option value, or throws a UsageError naming the option.
 *
 * @example
 * parsePositiveInt('--epochs', '10') // 10
 */
export function parsePositiveInt(option: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${option} must be a positive integer, got '${raw}'.`);
  }
  return value;
}

/**
 * Parses a positive number (for example a noise factor), or throws a UsageError.
 *
 * @example
 * parsePositiveNumber('--noise', '0.5') // 0.5
 */
export function parsePositiveNumber(option: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${option} must be a positive number, got '${raw}'.`);
  }
  return value;
}

/**
 * Parses `--seeds`: either a count (`5` means seeds 1..5) or an explicit list (`1,2,7`).
 *
 * @example
 * parseSeeds('3')     // [1, 2, 3]
 * parseSeeds('4,9')   // [4, 9]
 */
export function parseSeeds(raw: string): number[] {
  const text = raw.trim();
  if (text.includes(',')) {
    const seeds = text.split(',').map((part) => {
      const value = Number(part.trim());
      if (!/^\d+$/.test(part.trim()) || !Number.isSafeInteger(value)) {
        throw new UsageError(`--seeds list entries must be non-negative integers, got '${part}' in '${raw}'.`);
      }
      return value;
    });
    if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds has a repeated seed: '${raw}'.`);
    return seeds;
  }
  const count = parsePositiveInt('--seeds', text);
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * Parses a comma-separated list of names, dropping empty entries and repeats.
 *
 * @example
 * parseList('baseline28, edge32') // ['baseline28', 'edge32']
 */
export function parseList(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return [...new Set(items)];
}
