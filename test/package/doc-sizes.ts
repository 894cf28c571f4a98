/**
 * The sizes docs/install.md and README quote for the tarball and a consumer's node_modules, read
 * from the text, and the same figures measured on an install (test/package/consumer.test.ts).
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface QuotedSizes {
  packedKb: number;
  unpackedMb: number;
  files: number;
  nodeModulesMb: number;
  packages: number;
  tensorflowMb: number;
}

function number(text: string, re: RegExp, where: string): number {
  const m = re.exec(text);
  if (m === null) throw new Error(`${where}: no match for ${re} (the quoted size moved or changed its wording)`);
  return Number(m[1]!.replace(/,/g, ''));
}

/** The figures of docs/install.md's table. */
export function installDocSizes(installMd: string): QuotedSizes {
  const w = 'docs/install.md';
  return {
    packedKb: number(installMd, /\| tarball \(`npm pack`\) \| ([\d.]+) kB packed/, w),
    unpackedMb: number(installMd, /kB packed, ([\d.]+) MB unpacked/, w),
    files: number(installMd, /MB unpacked, ([\d,]+) files/, w),
    nodeModulesMb: number(installMd, /\| consumer `node_modules` \(`du -sh node_modules`\) \| ([\d.]+) MB/, w),
    packages: number(installMd, /MB, ([\d,]+) packages;/, w),
    tensorflowMb: number(installMd, /`@tensorflow\/\*` is ([\d.]+) MB of it/, w),
  };
}

/** README's short version of the same figures. */
export function readmeSizes(readme: string): Pick<QuotedSizes, 'packedKb' | 'nodeModulesMb' | 'tensorflowMb'> {
  return {
    packedKb: number(readme, /a ([\d.]+) kB tarball/, 'README.md'),
    nodeModulesMb: number(readme, /gives ([\d.]+) MB of `node_modules`/, 'README.md'),
    tensorflowMb: number(readme, /\(([\d.]+) MB of it tfjs\)/, 'README.md'),
  };
}

/** Disk use (as `du`: allocated blocks) of a tree, not following symlinks; `skip(name, path)` leaves an entry out. */
export function diskUse(path: string, skip: (path: string) => boolean = () => false): number {
  const st = lstatSync(path);
  let total = st.blocks * 512;
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      if (!skip(child)) total += diskUse(child, skip);
    }
  }
  return total;
}

/** Installed packages under a node_modules folder (nested ones included): folders `name` or `@scope/name` holding a package.json. */
export function installedPackages(nodeModules: string, skip: (path: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (skip(path) || !lstatSync(path).isDirectory()) continue;
      if (name.startsWith('@')) {
        for (const inner of readdirSync(path)) {
          const p = join(path, inner);
          if (!skip(p)) visitPackage(p);
        }
      } else visitPackage(path);
    }
  };
  const visitPackage = (path: string): void => {
    if (!lstatSync(path).isDirectory()) return;
    if (readdirSync(path).includes('package.json')) found.push(path);
    const nested = join(path, 'node_modules');
    if (readdirSync(path).includes('node_modules')) visit(nested);
  };
  visit(nodeModules);
  return found;
}
