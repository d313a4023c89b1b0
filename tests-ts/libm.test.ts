// Float functions give upstream's bits: upstream calls Rust's f64 methods,
// which on Linux are glibc's libm. The fixture (scripts/libm-fixture.mjs:
// glibc 2.36 as Debian 12 ships it, on a CPU with FMA and AVX2, so its FMA
// variants) holds random inputs of three kinds per function, hand-picked
// edges on both sides of each branch of glibc's code, and C's fma for the
// emulated fused multiply-add. Every entry must match bit for bit.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import * as L from '../src/values/libm.js';
import { fma } from '../src/values/libm-fma.js';
import { Op, type Instr } from '../src/ops/op.js';
import { Float } from '../src/values/value.js';
import { VM, type VMOptions } from '../src/vm.js';

const text = gunzipSync(readFileSync(new URL('./data/libm-glibc.txt.gz', import.meta.url))).toString('utf8');
const rows = new Map<string, string[][]>();
for (const line of text.split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [f, ...hexes] = line.split(' ');
  if (!rows.has(f!)) rows.set(f!, []);
  rows.get(f!)!.push(hexes);
}
const dv = new DataView(new ArrayBuffer(8));
const fromBits = (h: string): number => (dv.setBigUint64(0, BigInt('0x' + h)), dv.getFloat64(0));
const toBits = (x: number): string => (dv.setFloat64(0, x), dv.getBigUint64(0).toString(16).padStart(16, '0'));
// fmod is upstream's float % (Rust's %); the interpreter and core use JS's %, exact as fmod.
const FNS: Record<string, (...a: number[]) => number> = { ...(L as unknown as Record<string, (...a: number[]) => number>), fma, fmod: (a, b) => a % b };

describe('libm: glibc bits', () => {
  it('the fixture covers every float function upstream calls, fmod and fma', () => {
    expect([...rows.keys()].sort()).toEqual(['acos', 'asin', 'atan', 'atan2', 'cos', 'cosh', 'exp', 'fma', 'fmod', 'log', 'log10', 'log2', 'pow', 'sin', 'sinh', 'tan', 'tanh']);
  });
  for (const [f, cases] of rows) {
    it(`${f}: glibc's bits on all ${cases.length} fixture inputs`, () => {
      const wrong: string[] = [];
      for (const row of cases) {
        const args = row.slice(0, -1).map(fromBits);
        const want = row[row.length - 1]!;
        const got = toBits(FNS[f]!(...args));
        // Any NaN matches any NaN (payloads are not part of the meaning).
        if (got !== want && !(Number.isNaN(fromBits(got)) && Number.isNaN(fromBits(want)))) {
          wrong.push(`${f}(${args.join(', ')}) = ${fromBits(want)} [${want}], got ${fromBits(got)} [${got}]`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('the hard cases: pow(2, 1.5) and friends', () => {
    expect(L.pow(2, 1.5)).toBe(2.8284271247461903);
    expect(Math.pow(2, 1.5)).toBe(2.82842712474619); // what V8 gives: one ulp off
    expect([L.pow(1, NaN), L.pow(-1, Infinity), L.pow(NaN, 0), L.pow(-8, 1 / 3), L.pow(-2, 3), L.pow(2, -1074), L.pow(2, -1075)]).toEqual([1, 1, 1, NaN, -8, 5e-324, 0]);
    expect([L.exp(1), L.log(10), L.sin(1e22), L.cos(1e22), L.tan(1e300)]).toEqual([2.718281828459045, 2.302585092994046, -0.8522008497671888, 0.523214785395139, 1.4214488238747245]);
  });

  it('fma rounds once, and keeps IEEE infinities where the product overflows', () => {
    // (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104: minus 1 rounded once keeps 2^-104,
    // the product rounded first loses it.
    const a = 1 + 2 ** -52;
    expect(fma(a, a, -1)).toBe(2 ** -51 + 2 ** -104);
    expect(a * a - 1).toBe(2 ** -51);
    expect(fma(2 ** 600, 2 ** 600, -Infinity)).toBe(-Infinity);
    expect(fma(2 ** 600, 2 ** 600, -Number.MAX_VALUE)).toBe(Infinity);
    expect(fma(Infinity, 0, 1)).toBeNaN();
    expect(fma(2 ** -600, 2 ** -600, 2 ** -1074)).toBe(2 ** -1074); // 2^-1200 is below half the least subnormal
    expect(fma(2 ** -537, 2 ** -537, 2 ** -1074)).toBe(2 ** -1073); // 2^-1074 exactly, plus 2^-1074
  });
});

describe('both backends and every JIT tier compute floats with the same functions', () => {
  const run = (options: VMOptions, ops: Instr[]) => {
    const b = new ChunkBuilder();
    ops.forEach((op) => b.emit(op, 1));
    const vm = new VM(b.build(), options);
    const result = vm.run();
    // The linear and block tiers compile the chunk at its first run: the op ran in compiled code.
    if (options.jit === 'linear' || options.jit === 'block') expect(vm.jitStats().entered).toBe(1);
    return result;
  };
  const WAYS: [string, VMOptions][] = [
    ['ts', { backend: 'ts' }],
    ...(['off', 'linear', 'block', 'auto'] as const).map((jit): [string, VMOptions] => [`wasm, jit ${jit}`, { backend: 'wasm', jit, jitThresholds: { linear: 1, block: 1 } }]),
  ];
  const cases: [Instr[], number][] = [
    [[Op.LoadInt(2), Op.LoadFloat(1.5), Op.PowFloat], L.pow(2, 1.5)],
    [[Op.LoadInt(2), Op.LoadFloat(1.5), Op.Pow], 2.8284271247461903],
    [[Op.LoadFloat(-6.967672186399259), Op.SinFloat], L.sin(-6.967672186399259)],
    [[Op.LoadFloat(7.662204155775086), Op.CosFloat], L.cos(7.662204155775086)],
    // glibc's value (its FMA exp), one ulp above the correctly rounded 1.1857466095176029e-21.
    [[Op.LoadFloat(-48.18391432646035), Op.ExpFloat], 1.185746609517603e-21],
    [[Op.LoadFloat(-6.840637325190702), Op.LoadFloat(-2.8918098021243583), Op.Atan2Float], L.atan2(-6.840637325190702, -2.8918098021243583)],
    [[Op.LoadFloat(0.9102694812833398), Op.LogFloat], L.log(0.9102694812833398)],
    [[Op.LoadFloat(-1.6849176236731687), Op.TanFloat], L.tan(-1.6849176236731687)],
    [[Op.LoadFloat(-0.1734834600453341), Op.AsinFloat], L.asin(-0.1734834600453341)],
    [[Op.LoadFloat(0.3400175018461713), Op.AcosFloat], L.acos(0.3400175018461713)],
    [[Op.LoadFloat(-0.08734364250318255), Op.AtanFloat], L.atan(-0.08734364250318255)],
    [[Op.LoadFloat(3.8583817507606497), Op.SinhFloat], L.sinh(3.8583817507606497)],
    [[Op.LoadFloat(29.456108944851593), Op.CoshFloat], L.cosh(29.456108944851593)],
    [[Op.LoadFloat(-0.04083468828916281), Op.TanhFloat], L.tanh(-0.04083468828916281)],
    [[Op.LoadFloat(1.090946788656081), Op.Log2Float], L.log2(1.090946788656081)],
    [[Op.LoadFloat(1.1253812132592889), Op.Log10Float], L.log10(1.1253812132592889)],
    // Float % is fmod, exact: glibc's fmod(1e300, 3.7) and fmod(-5.5, 2.25).
    [[Op.LoadFloat(1e300), Op.LoadFloat(3.7), Op.Mod], 1.765761626199355],
    [[Op.LoadFloat(-5.5), Op.LoadFloat(2.25), Op.Mod], -1],
  ];
  for (const [ops, want] of cases) {
    it(`${ops[ops.length - 1]!.op}`, () => {
      for (const [way, options] of WAYS) expect(run(options, ops), way).toEqual({ status: 'ok', value: new Float(want) });
    });
  }
});
