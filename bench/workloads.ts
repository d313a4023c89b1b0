// The benchmark workloads of upstream fusevm's benches (classic, vm_bench,
// jit_trace, jit_vs_interp), built with our ChunkBuilder op for op as upstream
// builds them, each with the same algorithm in plain JavaScript and the value
// every run must produce.

import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { Op } from '../src/ops/op.js';
import { Float, type Value } from '../src/values/value.js';

export interface Workload {
  readonly name: string;
  /** Shown in tables: what the workload is, as upstream names it. */
  readonly what: string;
  /** In the --quick run. */
  readonly quick: boolean;
  build(): Chunk;
  /** The same algorithm as plain JavaScript: V8's own speed for it (absent
   *  where there is no algorithm to write, as for a run of Nops). */
  js?(): unknown;
  /** What every backend must return. */
  readonly expect: Value;
  /** How a run gets its VM: 'fresh' (new VM per run, as upstream's VM::new)
   *  or 'pool' (VMPool.with, as upstream's vm_pool benchmark). Default fresh. */
  readonly vm?: 'fresh' | 'pool';
}

// ── Classic algorithms (benches/classic.rs) ──

function fibIterative(n: number): Chunk {
  const b = new ChunkBuilder();
  const fib = b.addName('fib');
  b.emit(Op.LoadInt(n), 1);
  b.emit(Op.Call(fib, 1), 1);
  const jumpEnd = b.emit(Op.Jump(0), 1);
  b.addSubEntry(fib, b.currentPos());
  b.emit(Op.SetSlot(2), 2); // i = n
  b.emit(Op.LoadInt(0), 2);
  b.emit(Op.SetSlot(0), 2); // a = 0
  b.emit(Op.LoadInt(1), 2);
  b.emit(Op.SetSlot(1), 2); // b = 1
  const loop = b.currentPos();
  b.emit(Op.GetSlot(2), 2);
  b.emit(Op.LoadInt(0), 2);
  b.emit(Op.NumLe, 2);
  const exit = b.emit(Op.JumpIfTrue(0), 2);
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.GetSlot(1), 2);
  b.emit(Op.Add, 2);
  b.emit(Op.SetSlot(3), 2);
  b.emit(Op.GetSlot(1), 2);
  b.emit(Op.SetSlot(0), 2);
  b.emit(Op.GetSlot(3), 2);
  b.emit(Op.SetSlot(1), 2);
  b.emit(Op.GetSlot(2), 2);
  b.emit(Op.Dec, 2);
  b.emit(Op.SetSlot(2), 2);
  b.emit(Op.Jump(loop), 2);
  b.patchJump(exit, b.currentPos());
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.ReturnValue, 2);
  b.patchJump(jumpEnd, b.currentPos());
  return b.build();
}

function fibRecursive(n: number): Chunk {
  const b = new ChunkBuilder();
  const fib = b.addName('fib');
  b.emit(Op.LoadInt(n), 1);
  b.emit(Op.Call(fib, 1), 1);
  const jumpEnd = b.emit(Op.Jump(0), 1);
  b.addSubEntry(fib, b.currentPos());
  b.emit(Op.SetSlot(0), 2);
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.LoadInt(1), 2);
  b.emit(Op.NumLe, 2);
  const base = b.emit(Op.JumpIfTrue(0), 2);
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.Dec, 2);
  b.emit(Op.Call(fib, 1), 2);
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.LoadInt(2), 2);
  b.emit(Op.Sub, 2);
  b.emit(Op.Call(fib, 1), 2);
  b.emit(Op.Add, 2);
  b.emit(Op.ReturnValue, 2);
  b.patchJump(base, b.currentPos());
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.ReturnValue, 2);
  b.patchJump(jumpEnd, b.currentPos());
  return b.build();
}

function ackermann(m: number, n: number): Chunk {
  const b = new ChunkBuilder();
  const ack = b.addName('ack');
  b.emit(Op.LoadInt(m), 1);
  b.emit(Op.LoadInt(n), 1);
  b.emit(Op.Call(ack, 2), 1);
  const jumpEnd = b.emit(Op.Jump(0), 1);
  b.addSubEntry(ack, b.currentPos());
  b.emit(Op.SetSlot(1), 2); // n
  b.emit(Op.SetSlot(0), 2); // m
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.LoadInt(0), 2);
  b.emit(Op.NumEq, 2);
  const m0 = b.emit(Op.JumpIfTrue(0), 2);
  b.emit(Op.GetSlot(1), 2);
  b.emit(Op.LoadInt(0), 2);
  b.emit(Op.NumEq, 2);
  const n0 = b.emit(Op.JumpIfTrue(0), 2);
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.GetSlot(1), 2);
  b.emit(Op.Dec, 2);
  b.emit(Op.Call(ack, 2), 2); // ack(m, n-1)
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.Dec, 2);
  b.emit(Op.Swap, 2);
  b.emit(Op.Call(ack, 2), 2); // ack(m-1, ack(m, n-1))
  b.emit(Op.ReturnValue, 2);
  b.patchJump(n0, b.currentPos());
  b.emit(Op.GetSlot(0), 2);
  b.emit(Op.Dec, 2);
  b.emit(Op.LoadInt(1), 2);
  b.emit(Op.Call(ack, 2), 2);
  b.emit(Op.ReturnValue, 2);
  b.patchJump(m0, b.currentPos());
  b.emit(Op.GetSlot(1), 2);
  b.emit(Op.Inc, 2);
  b.emit(Op.ReturnValue, 2);
  b.patchJump(jumpEnd, b.currentPos());
  return b.build();
}

function sumFused(n: number): Chunk {
  return ops([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.AccumSumLoop(0, 1, n), Op.GetSlot(0)]);
}

function sumUnfused(n: number): Chunk {
  return ops([
    Op.PushFrame,
    Op.LoadInt(0),
    Op.SetSlot(0),
    Op.LoadInt(0),
    Op.SetSlot(1),
    Op.GetSlot(0), // 5: loop
    Op.GetSlot(1),
    Op.Add,
    Op.SetSlot(0),
    Op.PreIncSlotVoid(1),
    Op.SlotLtIntJumpIfFalse(1, n, 12),
    Op.Jump(5),
    Op.GetSlot(0), // 12
  ]);
}

function nestedLoop(outer: number, inner: number): Chunk {
  const b = new ChunkBuilder();
  for (const op of [Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const outerStart = b.currentPos();
  b.emit(Op.LoadInt(0), 1);
  b.emit(Op.SetSlot(2), 1);
  const innerStart = b.currentPos();
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.GetSlot(2), Op.Add, Op.Add, Op.SetSlot(0)]) b.emit(op, 1);
  b.emit(Op.SlotIncLtIntJumpBack(2, inner, innerStart), 1);
  b.emit(Op.SlotIncLtIntJumpBack(1, outer, outerStart), 1);
  b.emit(Op.GetSlot(0), 1);
  return b.build();
}

function dispatchNop(n: number): Chunk {
  const b = new ChunkBuilder();
  for (let i = 0; i < n; i++) b.emit(Op.Nop, 1);
  b.emit(Op.LoadInt(0), 1);
  return b.build();
}

function stringBuild(n: number): Chunk {
  const b = new ChunkBuilder();
  const x = b.addConstant('x');
  for (const op of [Op.PushFrame, Op.LoadConst(x), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), Op.ConcatConstLoop(x, 0, 1, n), Op.GetSlot(0)])
    b.emit(op, 1);
  return b.build();
}

// ── Tracing-JIT loops (benches/jit_trace.rs) ──

function counterLoop(limit: number): Chunk {
  const b = new ChunkBuilder();
  b.emit(Op.LoadInt(0), 1);
  b.emit(Op.SetSlot(0), 1);
  const anchor = b.currentPos();
  for (const op of [Op.PreIncSlotVoid(0), Op.GetSlot(0), Op.LoadInt(limit), Op.NumLt]) b.emit(op, 1);
  b.emit(Op.JumpIfTrue(anchor), 1);
  b.emit(Op.GetSlot(0), 1);
  return b.build();
}

function loopWithBranch(limit: number): Chunk {
  const b = new ChunkBuilder();
  b.emit(Op.LoadInt(0), 1);
  b.emit(Op.SetSlot(0), 1);
  const anchor = b.currentPos();
  for (const op of [Op.PreIncSlotVoid(0), Op.GetSlot(0), Op.LoadInt(0), Op.NumGt]) b.emit(op, 1);
  const jif = b.emit(Op.JumpIfFalse(0), 1);
  b.emit(Op.Nop, 1);
  b.patchJump(jif, b.currentPos());
  for (const op of [Op.GetSlot(0), Op.LoadInt(limit), Op.NumLt]) b.emit(op, 1);
  b.emit(Op.JumpIfTrue(anchor), 1);
  b.emit(Op.GetSlot(0), 1);
  return b.build();
}

// ── Slot-input straight-line workloads (benches/jit_vs_interp.rs). Upstream
// seeds slot 0 from outside; we seed it with LoadInt/SetSlot (two ops more). ──

const SLOT_INPUT = 5;

function slotSeeded(body: (typeof Op.Add)[]): Chunk {
  return ops([Op.LoadInt(SLOT_INPUT), Op.SetSlot(0), Op.GetSlot(0), ...body]);
}
const times = <T>(n: number, xs: T[]): T[] => Array.from({ length: n }, () => xs).flat();

// ── Micro set (benches/vm_bench.rs) ──

function ops(list: readonly (typeof Op.Add)[]): Chunk {
  const b = new ChunkBuilder();
  for (const op of list) b.emit(op, 1);
  return b.build();
}

function functionCall1k(): Chunk {
  const b = new ChunkBuilder();
  const inc = b.addName('inc');
  b.emit(Op.LoadInt(0), 1);
  for (let i = 0; i < 1000; i++) b.emit(Op.Call(inc, 1), 1);
  const funcIp = 1002;
  b.emit(Op.Jump(funcIp + 2), 1);
  b.emit(Op.Inc, 2);
  b.emit(Op.ReturnValue, 2);
  b.addSubEntry(inc, funcIp);
  return b.build();
}

function wrapI64(n: bigint): number | bigint {
  const w = BigInt.asIntN(64, n);
  return w >= -(2n ** 53n) && w <= 2n ** 53n ? Number(w) : w;
}

// Plain-JS versions. Integer ones use numbers where the result stays exact,
// as a JS programmer would write them.
function jsFib(n: number): number {
  let a = 0,
    b = 1;
  for (let i = n; i > 0; i--) [a, b] = [b, a + b];
  return a;
}
const jsFibRec = (n: number): number => (n <= 1 ? n : jsFibRec(n - 1) + jsFibRec(n - 2));
const jsAck = (m: number, n: number): number => (m === 0 ? n + 1 : n === 0 ? jsAck(m - 1, 1) : jsAck(m - 1, jsAck(m, n - 1)));
function jsSum(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  return s;
}
function jsNested(o: number, inner: number): number {
  let s = 0;
  for (let i = 0; i < o; i++) for (let j = 0; j < inner; j++) s += i + j;
  return s;
}
function jsCounter(limit: number): number {
  let i = 0;
  do i++;
  while (i < limit);
  return i;
}
function jsBranch(limit: number): number {
  let i = 0,
    k = 0;
  do {
    i++;
    if (i > 0) k++;
  } while (i < limit);
  return i + (k & 0);
}

function slotMixedExpect(n: number): number | bigint {
  let v = BigInt(SLOT_INPUT);
  for (let i = 0; i < n; i++) v = BigInt.asIntN(64, BigInt.asIntN(64, v * 3n) + 5n);
  return wrapI64(v);
}
function jsSlotMixed(n: number): bigint {
  let v = BigInt(SLOT_INPUT);
  for (let i = 0; i < n; i++) v = BigInt.asIntN(64, v * 3n + 7n - 2n);
  return v;
}
function jsSlotBitwise(n: number): number {
  let v = SLOT_INPUT;
  for (let i = 0; i < n; i++) v = ((v & 0xff) << 3) ^ 0x1234;
  return v;
}
function jsSlotFloat(n: number): number {
  let v = SLOT_INPUT;
  for (let i = 0; i < n; i++) v = (v + 0.1) * 1.001;
  return v;
}

// ── Workloads upstream has that the set above lacked (vm_bench.rs,
// jit_vs_interp.rs, aot_native.rs), op for op as upstream emits them ──

function numericLoop(n: number): Chunk {
  const b = new ChunkBuilder();
  for (const op of [Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1)]) b.emit(op, 1);
  const top = b.currentPos();
  for (const op of [Op.GetSlot(1), Op.LoadInt(n), Op.NumLt]) b.emit(op, 1);
  const exit = b.emit(Op.JumpIfFalse(0), 1);
  for (const op of [Op.GetSlot(0), Op.GetSlot(1), Op.LoadInt(3), Op.Mul, Op.LoadInt(1), Op.Sub, Op.Add, Op.SetSlot(0)]) b.emit(op, 1);
  for (const op of [Op.GetSlot(1), Op.LoadInt(1), Op.Add, Op.SetSlot(1), Op.Jump(top)]) b.emit(op, 1);
  b.patchJump(exit, b.currentPos());
  b.emit(Op.GetSlot(0), 1);
  return b.build();
}
function jsNumericLoop(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += i * 3 - 1;
  return sum;
}
function constLoop(value: Value, n: number): Chunk {
  const b = new ChunkBuilder();
  const k = b.addConstant(value);
  for (let i = 0; i < n; i++) {
    b.emit(Op.LoadConst(k), 1);
    b.emit(Op.Pop, 1);
  }
  b.emit(Op.LoadConst(k), 1);
  return b.build();
}
function mixedArithExpect(n: number): number | bigint {
  let v = 1n;
  for (let i = 0; i < n; i++) v = BigInt.asIntN(64, BigInt.asIntN(64, v * 3n) + 5n);
  return wrapI64(v);
}
function withName(f: (b: ChunkBuilder, name: number) => void, name: string): Chunk {
  const b = new ChunkBuilder();
  f(b, b.addName(name));
  return b.build();
}

const w = (x: Workload): Workload => x;

export const WORKLOADS: readonly Workload[] = [
  w({ name: 'fib_iterative_35', what: 'fib_iterative(35)', quick: true, build: () => fibIterative(35), js: () => jsFib(35), expect: 9227465 }),
  w({ name: 'fib_recursive_20', what: 'fib_recursive(20), 21,891 calls', quick: true, build: () => fibRecursive(20), js: () => jsFibRec(20), expect: 6765 }),
  w({ name: 'ackermann_3_4', what: 'ackermann(3,4), 10,547 calls', quick: true, build: () => ackermann(3, 4), js: () => jsAck(3, 4), expect: 125 }),
  w({ name: 'sum_1M_fused', what: 'sum(1..1M) fused AccumSumLoop', quick: true, build: () => sumFused(1_000_000), js: () => jsSum(1_000_000), expect: 499999500000 }),
  w({ name: 'sum_1M_unfused', what: 'sum(1..1M) unfused loop ops', quick: true, build: () => sumUnfused(1_000_000), js: () => jsSum(1_000_000), expect: 499999500000 }),
  w({ name: 'nested_loop_100x100', what: 'nested_loop(100×100)', quick: true, build: () => nestedLoop(100, 100), js: () => jsNested(100, 100), expect: 990000 }),
  w({ name: 'dispatch_nop_1M', what: 'dispatch of 1M Nops', quick: true, build: () => dispatchNop(1_000_000), expect: 0 }),
  w({ name: 'string_build_10k', what: 'string_build(10k) via ConcatConstLoop', quick: true, build: () => stringBuild(10_000), js: () => 'x'.repeat(10_001), expect: 'x'.repeat(10_001) }),
  w({ name: 'slot_mixed_x100', what: 'slot_mixed ×100', quick: true, build: () => slotSeeded(times(100, [Op.LoadInt(3), Op.Mul, Op.LoadInt(7), Op.Add, Op.LoadInt(2), Op.Sub])), js: () => jsSlotMixed(100), expect: slotMixedExpect(100) }),
  w({ name: 'slot_bitwise_x200', what: 'slot_bitwise ×200', quick: true, build: () => slotSeeded(times(200, [Op.LoadInt(0xff), Op.BitAnd, Op.LoadInt(3), Op.Shl, Op.LoadInt(0x1234), Op.BitXor])), js: () => jsSlotBitwise(200), expect: jsSlotBitwise(200) }),
  w({ name: 'slot_float_x200', what: 'slot_float ×200', quick: true, build: () => slotSeeded(times(200, [Op.LoadFloat(0.1), Op.Add, Op.LoadFloat(1.001), Op.Mul])), js: () => jsSlotFloat(200), expect: new Float(jsSlotFloat(200)) }),
  ...[1_000, 10_000, 100_000].flatMap((n) => [
    w({ name: `counter_loop_${n / 1000}k`, what: `counter_loop ${n.toLocaleString('en')}`, quick: n <= 10_000, build: () => counterLoop(n), js: () => jsCounter(n), expect: n }),
    w({ name: `loop_with_branch_${n / 1000}k`, what: `loop_with_branch ${n.toLocaleString('en')}`, quick: n <= 10_000, build: () => loopWithBranch(n), js: () => jsBranch(n), expect: n }),
  ]),
  // ── micro set ──
  w({ name: 'int_add_1k', what: 'int add 1k', quick: true, build: () => ops([Op.LoadInt(0), ...times(1000, [Op.LoadInt(1), Op.Add])]), js: () => { let s = 0; for (let i = 0; i < 1000; i++) s += 1; return s; }, expect: 1000 }),
  w({ name: 'float_add_1k', what: 'float add 1k', quick: true, build: () => ops([Op.LoadFloat(0), ...times(1000, [Op.LoadFloat(1.5), Op.Add])]), js: () => { let s = 0; for (let i = 0; i < 1000; i++) s += 1.5; return s; }, expect: new Float(1500) }),
  w({ name: 'concat_1k', what: 'concat 1k', quick: true, build: () => { const b = new ChunkBuilder(); const x = b.addConstant('x'); b.emit(Op.LoadConst(x), 1); for (let i = 0; i < 999; i++) { b.emit(Op.LoadConst(x), 1); b.emit(Op.Concat, 1); } return b.build(); }, js: () => { let s = 'x'; for (let i = 0; i < 999; i++) s += 'x'; return s; }, expect: 'x'.repeat(1000) }),
  w({ name: 'str_eq_1k', what: 'string equality 1k', quick: true, build: () => { const b = new ChunkBuilder(); const a = b.addConstant('hello world'); const c = b.addConstant('hello world'); for (let i = 0; i < 1000; i++) for (const op of [Op.LoadConst(a), Op.LoadConst(c), Op.StrEq, Op.Pop]) b.emit(op, 1); for (const op of [Op.LoadConst(a), Op.LoadConst(c), Op.StrEq]) b.emit(op, 1); return b.build(); }, js: () => { let r = false; const a = 'hello world', c = 'hello ' + 'world'; for (let i = 0; i <= 1000; i++) r = a === c; return r; }, expect: true }),
  w({ name: 'array_push_pop_1k', what: 'array push/pop 1k', quick: true, build: () => { const b = new ChunkBuilder(); const arr = b.addName('arr'); b.emit(Op.DeclareArray(arr), 1); for (let i = 0; i < 1000; i++) { b.emit(Op.LoadInt(i), 1); b.emit(Op.ArrayPush(arr), 1); } for (let i = 0; i < 1000; i++) { b.emit(Op.ArrayPop(arr), 1); b.emit(Op.Pop, 1); } b.emit(Op.ArrayLen(arr), 1); return b.build(); }, js: () => { const a: number[] = []; for (let i = 0; i < 1000; i++) a.push(i); for (let i = 0; i < 1000; i++) a.pop(); return a.length; }, expect: 0 }),
  w({ name: 'array_index_1k', what: 'array index 1k', quick: true, build: () => { const b = new ChunkBuilder(); const arr = b.addName('arr'); b.emit(Op.DeclareArray(arr), 1); for (let i = 0; i < 1000; i++) { b.emit(Op.LoadInt(i), 1); b.emit(Op.ArrayPush(arr), 1); } for (let i = 0; i < 1000; i++) { b.emit(Op.LoadInt(i), 1); b.emit(Op.ArrayGet(arr), 1); b.emit(Op.Pop, 1); } b.emit(Op.ArrayLen(arr), 1); return b.build(); }, js: () => { const a: number[] = []; for (let i = 0; i < 1000; i++) a.push(i); let x = 0; for (let i = 0; i < 1000; i++) x = a[i]!; return a.length + (x & 0); }, expect: 1000 }),
  w({ name: 'hash_set_get_1k', what: 'hash set/get 1k', quick: true, build: () => { const b = new ChunkBuilder(); const h = b.addName('h'); const keys = Array.from({ length: 100 }, (_, i) => b.addConstant(`key_${i}`)); b.emit(Op.DeclareHash(h), 1); keys.forEach((k, i) => { b.emit(Op.LoadInt(i), 1); b.emit(Op.LoadConst(k), 1); b.emit(Op.HashSet(h), 1); }); for (let r = 0; r < 10; r++) for (const k of keys) { b.emit(Op.LoadConst(k), 1); b.emit(Op.HashGet(h), 1); b.emit(Op.Pop, 1); } b.emit(Op.LoadInt(0), 1); return b.build(); }, js: () => { const m = new Map<string, number>(); for (let i = 0; i < 100; i++) m.set(`key_${i}`, i); let x = 0; for (let r = 0; r < 10; r++) for (let i = 0; i < 100; i++) x = m.get(`key_${i}`)!; return x & 0; }, expect: 0 }),
  w({ name: 'function_call_1k', what: 'function call 1k', quick: true, build: functionCall1k, js: () => { const inc = (x: number) => x + 1; let v = 0; for (let i = 0; i < 1000; i++) v = inc(v); return v; }, expect: 1000 }),
  w({ name: 'global_var_rw_1k', what: 'global read/write 1k', quick: true, build: () => { const b = new ChunkBuilder(); const x = b.addName('x'); b.emit(Op.LoadInt(0), 1); b.emit(Op.SetVar(x), 1); for (let i = 0; i < 1000; i++) for (const op of [Op.GetVar(x), Op.LoadInt(1), Op.Add, Op.SetVar(x)]) b.emit(op, 1); b.emit(Op.GetVar(x), 1); return b.build(); }, js: () => { const g = { x: 0 }; for (let i = 0; i < 1000; i++) g.x = g.x + 1; return g.x; }, expect: 1000 }),
  w({ name: 'slot_read_write_10k', what: 'slot read/write 10k', quick: true, build: () => ops([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.LoadInt(0), Op.SetSlot(1), ...times(10_000, [Op.GetSlot(0), Op.GetSlot(1), Op.Add, Op.SetSlot(0)]), Op.GetSlot(0)]), js: () => { let a = 0; const b = 0; for (let i = 0; i < 10_000; i++) a = a + b; return a; }, expect: 0 }),
  w({ name: 'jump_loop_10k', what: 'jump loop 10k', quick: true, build: () => ops([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.PreIncSlotVoid(0), Op.SlotLtIntJumpIfFalse(0, 10_000, 6), Op.Jump(3), Op.GetSlot(0)]), js: () => { let i = 0; for (;;) { i++; if (!(i < 10_000)) break; } return i; }, expect: 10_000 }),
  // ── VM reuse (benches/jit_trace.rs bench_vm_pool_vs_fresh): a 3-op chunk ──
  w({ name: 'vm_new_per_call', what: 'VM per call (LoadInt 40, LoadInt 2, Add)', quick: true, build: () => ops([Op.LoadInt(40), Op.LoadInt(2), Op.Add]), js: () => 40 + 2, expect: 42 }),
  w({ name: 'vm_pool_per_call', what: 'VMPool.with per call (same chunk)', quick: true, vm: 'pool', build: () => ops([Op.LoadInt(40), Op.LoadInt(2), Op.Add]), js: () => 40 + 2, expect: 42 }),
  w({ name: 'unfused_sum_loop_10k', what: 'unfused sum loop 10k', quick: true, build: () => sumUnfused(10_000), js: () => jsSum(10_000), expect: 49995000 }),
  // ── the rest of upstream's interpreter workloads ──
  w({ name: 'slot_add_100', what: 'slot_add ×100', quick: true, build: () => slotSeeded(times(100, [Op.LoadInt(1), Op.Add])), js: () => { let v = SLOT_INPUT; for (let i = 0; i < 100; i++) v += 1; return v; }, expect: SLOT_INPUT + 100 }),
  w({ name: 'slot_add_1000', what: 'slot_add ×1000', quick: true, build: () => slotSeeded(times(1000, [Op.LoadInt(1), Op.Add])), js: () => { let v = SLOT_INPUT; for (let i = 0; i < 1000; i++) v += 1; return v; }, expect: SLOT_INPUT + 1000 }),
  w({ name: 'mixed_arith_100', what: 'mixed arith ×100 (wraps past 2^63)', quick: true, build: () => ops([Op.LoadInt(1), ...times(100, [Op.LoadInt(3), Op.Mul, Op.LoadInt(7), Op.Add, Op.LoadInt(2), Op.Sub])]), js: () => { let v = 1n; for (let i = 0; i < 100; i++) v = BigInt.asIntN(64, v * 3n + 5n); return v; }, expect: mixedArithExpect(100) }),
  w({ name: 'fused_accum_sum_10k', what: 'AccumSumLoop 10k', quick: true, build: () => sumFused(10_000), js: () => jsSum(10_000), expect: 49995000 }),
  w({ name: 'fused_slot_inc_10k', what: 'SlotIncLtIntJumpBack 10k', quick: true, build: () => ops([Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.Nop, Op.SlotIncLtIntJumpBack(0, 10_000, 3), Op.GetSlot(0)]), js: () => jsCounter(10_000), expect: 10_000 }),
  w({ name: 'fused_concat_const_1k', what: 'ConcatConstLoop 1k', quick: true, build: () => stringBuild(1000), js: () => 'x'.repeat(1001), expect: 'x'.repeat(1001) }),
  w({ name: 'fused_push_range_10k', what: 'PushIntRangeLoop 10k', quick: true, build: () => withName((b, arr) => { for (const op of [Op.DeclareArray(arr), Op.PushFrame, Op.LoadInt(0), Op.SetSlot(0), Op.PushIntRangeLoop(arr, 0, 10_000), Op.ArrayLen(arr)]) b.emit(op, 1); }, 'arr'), js: () => { const a: number[] = []; for (let i = 0; i < 10_000; i++) a.push(i); return a.length; }, expect: 10_000 }),
  w({ name: 'range_10k', what: 'Range 0..=9999', quick: true, build: () => ops([Op.LoadInt(0), Op.LoadInt(9999), Op.Range]), js: () => Array.from({ length: 10_000 }, (_, i) => i), expect: Array.from({ length: 10_000 }, (_, i) => i) }),
  w({ name: 'stack_dup_swap_rot_1k', what: 'Rot Swap Dup Pop ×1000', quick: true, build: () => ops([Op.LoadInt(1), Op.LoadInt(2), Op.LoadInt(3), ...times(1000, [Op.Rot, Op.Swap, Op.Dup, Op.Pop])]), js: () => { const s = [1, 2, 3]; for (let i = 0; i < 1000; i++) { s.push(s.splice(-3, 1)[0]!); const n = s.length; [s[n - 1], s[n - 2]] = [s[n - 2]!, s[n - 1]!]; s.push(s[n - 1]!); s.pop(); } return s[2]; }, expect: 3 }),
  w({ name: 'int_cmp_1k', what: 'NumLt ×1000', quick: true, build: () => ops([...Array.from({ length: 1000 }, (_, i) => [Op.LoadInt(i), Op.LoadInt(i + 1), Op.NumLt, Op.Pop]).flat(), Op.LoadInt(1)]), js: () => { let r = false; for (let i = 0; i < 1000; i++) r = i < i + 1; return r ? 1 : 1; }, expect: 1 }),
  w({ name: 'load_const_int_1k', what: 'LoadConst Int ×1000', quick: true, build: () => constLoop(42, 1000), js: () => 42, expect: 42 }),
  w({ name: 'load_const_str_1k', what: 'LoadConst Str ×1000', quick: true, build: () => constLoop('hello world', 1000), js: () => 'hello world', expect: 'hello world' }),
  w({ name: 'make_hash_100', what: 'MakeHash of 100 pairs', quick: true, build: () => ops([...Array.from({ length: 100 }, (_, i) => [Op.LoadInt(i), Op.LoadInt(i * 100)]).flat(), Op.MakeHash(200)]), js: () => new Map(Array.from({ length: 100 }, (_, i) => [String(i), i * 100])), expect: new Map(Array.from({ length: 100 }, (_, i) => [String(i), i * 100])) }),
  w({ name: 'numeric_loop_200k', what: 'numeric loop 200k (aot_native.rs, interpreter)', quick: true, build: () => numericLoop(200_000), js: () => jsNumericLoop(200_000), expect: 59999500000 }),
];
