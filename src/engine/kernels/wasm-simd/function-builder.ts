/**
 * A minimal WebAssembly assembler: one exported function `run() -> ()` over an imported memory,
 * written with named instructions (the subset of i32 and 128-bit SIMD the generated kernels use).
 *
 * Why our own: the kernels are specialised per tensor shape at run time (every size and stride is
 * a constant in the code), and no build step or binary blob is needed. The instruction encodings
 * follow the WebAssembly core specification 2.0 (binary format, sections 5.4 and 5.5).
 */

import { webAssembly } from './webassembly.js';
import { ArgumentError } from '../../../errors.js';

/** Value types of locals. */
export type ValueType = 'i32' | 'v128';

const TYPE_CODE: Record<ValueType, number> = { i32: 0x7f, v128: 0x7b };

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new ArgumentError(`uleb: ${value} is not a non-negative integer`);
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new ArgumentError(`sleb: ${value} is not an i32`);
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A local variable of the function being built. */
export interface Local {
  readonly index: number;
  readonly type: ValueType;
}

/** A pointer stepped by {@link FunctionBuilder.loop}. */
export interface LoopPointer {
  ptr: Local;
  /** Start address: a constant or another local (plus `offset`). */
  from: Local | number;
  offset?: number;
  /** Bytes added after each iteration. */
  step: number;
}

/** Builds the body of one function `(i32 x params) -> ()`; instructions are appended in order. */
export class FunctionBuilder {
  private readonly code: number[] = [];
  private readonly locals: ValueType[] = [];

  /** @param params number of i32 parameters (addresses), read with {@link param} */
  constructor(readonly params = 0) {}

  /** The `i`-th parameter. */
  param(i: number): Local {
    if (!Number.isInteger(i) || i < 0 || i >= this.params) throw new ArgumentError(`no parameter ${i} (the function has ${this.params})`);
    return { index: i, type: 'i32' };
  }

  /** Declare a new local of `type`. */
  local(type: ValueType): Local {
    this.locals.push(type);
    return { index: this.params + this.locals.length - 1, type };
  }

  get(l: Local): this {
    return this.op(0x20, ...uleb(l.index));
  }
  set(l: Local): this {
    return this.op(0x21, ...uleb(l.index));
  }
  i32(value: number): this {
    return this.op(0x41, ...sleb(value));
  }
  add(): this {
    return this.op(0x6a);
  }
  ne(): this {
    return this.op(0x47);
  }
  /** `l = l + delta`. */
  bump(l: Local, delta: number): this {
    return this.get(l).i32(delta).add().set(l);
  }
  /** `l = base + delta`. */
  assign(l: Local, base: Local, delta = 0): this {
    this.get(base);
    if (delta !== 0) this.i32(delta).add();
    return this.set(l);
  }

  /** v128.load at `address + offset` (address on the stack). */
  v128Load(offset: number): this {
    return this.simd(0x00, 0, offset);
  }
  /** v128.load32_splat: one f32 at `address + offset`, in all four lanes. */
  load32Splat(offset: number): this {
    return this.simd(0x09, 2, offset);
  }
  /** v128.store of the top value at `address + offset` (address below it on the stack). */
  v128Store(offset: number): this {
    return this.simd(0x0b, 0, offset);
  }
  /** v128.const with four equal f32 lanes. */
  f32x4Const(value: number): this {
    const lane = new Uint8Array(Float32Array.of(value).buffer);
    return this.op(0xfd, ...uleb(0x0c), ...lane, ...lane, ...lane, ...lane);
  }
  /** Lane-wise `a > b` (all ones or all zeros; false when either is NaN). */
  f32x4Gt(): this {
    return this.op(0xfd, ...uleb(0x44));
  }
  /** `(a & mask) | (b & ~mask)` for the stack `a, b, mask`. */
  bitselect(): this {
    return this.op(0xfd, ...uleb(0x52));
  }
  and(): this {
    return this.op(0xfd, ...uleb(0x4e));
  }
  /** `a & ~b` for the stack `a, b`. */
  andNot(): this {
    return this.op(0xfd, ...uleb(0x4f));
  }
  or(): this {
    return this.op(0xfd, ...uleb(0x50));
  }
  /** f32x4.pmax of the stack `a, b`: `a < b ? b : a` lane-wise (so NaN and -0 in `a` are kept). */
  f32x4Pmax(): this {
    return this.op(0xfd, ...uleb(0xeb));
  }
  /** f32x4.extract_lane: one f32 lane of the top vector. */
  extractLane(lane: number): this {
    return this.op(0xfd, ...uleb(0x1f), lane);
  }
  /** f32.add of the two f32 on the stack. */
  f32Add(): this {
    return this.op(0x92);
  }
  /** f32.load at `address + offset`. */
  f32Load(offset: number): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  /** f32.store of the top value at `address + offset` (address below it). */
  f32Store(offset: number): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  f32x4Add(): this {
    return this.op(0xfd, ...uleb(0xe4));
  }
  f32x4Mul(): this {
    return this.op(0xfd, ...uleb(0xe6));
  }

  /**
   * A counted loop (`count >= 1` iterations) stepping several pointers together: each
   * `ptr` starts at `from + offset` and advances by `step` after every run of `body`. The first
   * pointer decides when the loop ends (at `start + count * step`).
   */
  loop(count: number, pointers: readonly LoopPointer[], body: () => void): this {
    if (!Number.isInteger(count) || count < 1) throw new ArgumentError(`loop count ${count} must be >= 1`);
    if (pointers.length === 0) throw new ArgumentError('loop needs at least one pointer');
    for (const p of pointers) {
      if (typeof p.from === 'number') this.i32(p.from + (p.offset ?? 0)).set(p.ptr);
      else this.assign(p.ptr, p.from, p.offset ?? 0);
    }
    const first = pointers[0];
    const end = this.local('i32');
    this.get(first.ptr).i32(count * first.step).add().set(end);
    this.op(0x03, 0x40); // loop (no result)
    body();
    for (const p of pointers) this.bump(p.ptr, p.step);
    this.get(first.ptr).get(end).ne();
    this.op(0x0d, 0); // br_if to the loop's start
    return this.op(0x0b); // end
  }

  /** The encoded function body (locals and code), without its size prefix. */
  body(): number[] {
    const groups: number[] = [];
    let count = 0;
    for (let i = 0; i < this.locals.length; i++) {
      count++;
      if (i + 1 === this.locals.length || this.locals[i + 1] !== this.locals[i]) {
        groups.push(...uleb(count), TYPE_CODE[this.locals[i]]);
        count = 0;
      }
    }
    const runs = groups.length / 2;
    return [...uleb(runs), ...groups, ...this.code, 0x0b];
  }

  private simd(opcode: number, align: number, offset: number): this {
    return this.op(0xfd, ...uleb(opcode), ...uleb(align), ...uleb(offset));
  }
  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module importing `env.memory` (at least `minPages` 64 KiB pages, not shared) and exporting
 * `run(i32...) -> ()` with the body built by `f`.
 */
export function moduleBytes(f: FunctionBuilder, minPages: number): Uint8Array {
  const body = f.body();
  const params = Array.from({ length: f.params }, () => TYPE_CODE.i32);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, ...uleb(f.params), ...params, 0]), // one type: (i32...) -> ()
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]),
    ...section(3, [1, 0]), // one function of type 0
    ...section(7, [1, ...name('run'), 0x00, 0]), // export "run" = function 0
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return Uint8Array.from(bytes);
}

/** Whether this engine runs WebAssembly 128-bit SIMD (validated on a module using it). */
export function simdSupported(): boolean {
  const f = new FunctionBuilder();
  const v = f.local('v128');
  f.i32(0).load32Splat(0).set(v);
  return webAssembly !== null && webAssembly.validate(moduleBytes(f, 1));
}
