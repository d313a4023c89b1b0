// THE core ABI table: every fact that crosses the wasm boundary, stated once.
// scripts/gen-ops.mjs writes it into assembly/abi.generated.ts for the core;
// the host, the heap view, the JIT and the tests import it from here. Nothing
// else spells an offset, a tag, a status or an exit code.

// ── Header: fixed offsets at the start of linear memory ──

export const HEADER = {
  ip: 0,
  sp: 4,
  fp: 8,
  nOps: 12,
  ops: 16, // i64: ops executed this run
  fuel: 24, // i64: the core stops (DEOPT) before an op once ops reaches it
  code: 32,
  consts: 36,
  stack: 40,
  stackCap: 44,
  frames: 48,
  frameCap: 52,
  slots: 56,
  slotsPerFrame: 60,
  /** i32 per op: the table index of compiled code entered there (0: none); 0 when no hook is installed. */
  hooks: 64,
  /** The chunk's constant pool, boxed (strings as handles pinned for the run), and its length. */
  pool: 68,
  poolCount: 72,
  /** Globals, one boxed value per chunk name, and how many. */
  globals: 76,
  globalCount: 80,
  // ── Written by compiled code (the JIT's counters and events) ──
  /** i64: ops executed inside compiled code this run. */
  jitOps: 88,
  /** Compiled entries that passed their guards, and exits back to the core before the code's end. */
  jitEntered: 96,
  jitExits: 100,
  /** i32 per op: how often the compiled entry there found the state of other kinds than it was compiled for. */
  jitMisses: 104,
  // ── Tracing (src/jit/trace-jit.ts): 0 in hot means tracing is off ──
  /** i32 per op: back-edges the core took to that ip, and compiled-code exits that landed there. */
  hot: 108,
  /** The count at which the core stops with STATUS.hot (the counter then goes on past it). */
  hotThreshold: 112,
  /** The wide-Int cells (CELLS below): the region's base, where its allocation record starts. */
  cells: 116,
} as const;
export const HEADER_SIZE = 128;

// ── Records ──

/** One encoded op: the core's opcode and three i32 operands. */
export const OP_RECORD = { bytes: 16, opcode: 0, a: 4, b: 8, c: 12 } as const;
/** One frame: where Return goes back to, and the stack height when it opened. */
export const FRAME_RECORD = { bytes: 16, returnIp: 0, stackBase: 4 } as const;
/** Bytes per value (stack, slots, pool, globals, literals) and per hook. */
export const VALUE_BYTES = 8;
export const HOOK_BYTES = 4;

// ── Operand packing (src/core/encode.ts writes it, the core and the JIT read it) ──

export const PACKING = {
  /** LoadInt: a = 0 with the value in b (fits i32), or a = 1 with b indexing the literal area. */
  loadIntInline: 0,
  loadIntLiteral: 1,
  /** Call: a = name, b = the sub's entry ip (NO_ENTRY when none), c = argc. */
  noEntry: -1,
  /** Any other operand wider than i32 is clamped to this (the op then goes to the host). */
  wide: 0x7fff_ffff,
} as const;

// ── NaN-boxed values (the diagram is in assembly/value.ts) ──

/** High 16 bits of each tag; anything below FLOAT_LIMIT is an f64 as itself. */
export const TAG = {
  int: 0xfff9,
  bool: 0xfffa,
  undef: 0xfffb,
  handle: 0xfffc,
  container: 0xfffd,
  /** An Int outside ±2^47 that the core made: payload = index of its i64 cell (CELLS). Only ever past the inline
   *  range, so an Int has one form in the core's hands; the host reads it as its own number|bigint. */
  wide: 0xfffe,
} as const;
export const FLOAT_LIMIT = 0xfff8;
/** Inline Ints are sign-extended from this many bits; others are exact handles. */
export const INT_BITS = 48;
export const CANON_NAN_HI = 0x7ff8;

// ── Codes ──

/** What the core's run() returns, and what compiled code returns to the core (0: go on at the header's ip; any
 *  other value ends the core's run with that status). */
export const STATUS = {
  done: 0, //      ran off the end of the ops
  deopt: 1, //     stopped before the op at ip: the host continues
  hostStop: 2, //  the host ended the run, or took it over, inside hostOp
  hot: 3, //       tracing: the counter at ip reached hotThreshold; the state is consistent at ip, run() resumes it
} as const;
/** hostOp's return: the next ip, or one of these. */
export const HOST_OP = {
  handOver: -1, // not run: hand the run to the interpreter before the op
  stopped: -2, //  run, and the run ended (or the interpreter took it over)
} as const;

/** Compiled code reaches the host through the core's exported jitHostOp and jitBoxInt, placed in a
 *  small table of each compiled module's own at these slots (call_indirect: a module that imports
 *  functions pays for wrappers at every compile, and one that imports the core's table makes every
 *  later table.set on it update that module too). The core's own table holds compiled code from
 *  JIT_TABLE.first on. */
export const JIT_TABLE = {
  hostOp: 0, //  (ip: i32) -> i32, the hostOp import
  boxInt: 1, //  (v: i64) -> i64, an Int past the inline range boxed as a handle
  size: 2, //    slots of a compiled module's own table
  first: 1, //   the first slot of the core's table for compiled code (0 means "no code")
} as const;

/** The core's region of i64 cells for wide Ints (TAG.wide), fixed in size: a record (the bump top, the free
 *  list's head or -1, cells asked for since the last sweep), `count` cells of 8 bytes, then a mark byte per cell.
 *  The core allocates and sweeps them itself (assembly/wide.ts); with none free after a sweep the op goes to the
 *  host, which keeps the Int exactly as a handle. */
export const CELLS = { count: 1024, head: 16, top: 0, free: 4, asked: 8 } as const;
export const CELLS_BYTES = CELLS.head + CELLS.count * (VALUE_BYTES + 1);

export const PAGE = 65536;
/** Slot area kept under this so a chunk with many slots still fits. */
export const MAX_SLOT_BYTES = 16 << 20;

export interface Regions {
  code: number;
  consts: number;
  stack: number;
  stackCap: number;
  frames: number;
  frameCap: number;
  slots: number;
  slotsPerFrame: number;
  hooks: number;
  /** i32 per op: guard misses of the compiled entry there (the JIT's data region). */
  misses: number;
  /** i32 per op: the tracing JIT's hot counters (header `hot`). */
  hot: number;
  pool: number;
  globals: number;
  /** The wide-Int cells (CELLS). */
  cells: number;
  end: number;
}

/** Place a chunk's regions: code, literals, stack, frames, slots, compiled-code hooks, their guard misses and the hot counters, constant pool, globals, wide-Int cells, in order. */
export function placeRegions(nOps: number, nConsts: number, slotsPerFrame: number, stackDepth: number, callDepth: number, poolCount: number, globalCount: number): Regions {
  const align = (x: number) => (x + 7) & ~7;
  const code = HEADER_SIZE;
  const consts = align(code + nOps * OP_RECORD.bytes);
  const stack = align(consts + nConsts * VALUE_BYTES);
  // Sized for the common case; a run that needs more leaves the core (deopt)
  // and the interpreter, bounded by the VM's own limits, carries on.
  const stackCap = Math.min(stackDepth, 8192);
  const frames = stack + stackCap * VALUE_BYTES;
  const frameCap = Math.max(1, Math.min(callDepth, 1024, Math.floor(MAX_SLOT_BYTES / (slotsPerFrame * VALUE_BYTES))));
  const slots = frames + frameCap * FRAME_RECORD.bytes;
  const hooks = slots + frameCap * slotsPerFrame * VALUE_BYTES;
  const misses = hooks + nOps * HOOK_BYTES;
  const hot = misses + nOps * HOOK_BYTES;
  const pool = align(hot + nOps * HOOK_BYTES);
  const globals = pool + poolCount * VALUE_BYTES;
  const cells = globals + globalCount * VALUE_BYTES;
  const end = align(cells + CELLS_BYTES);
  return { code, consts, stack, stackCap, frames, frameCap, slots, slotsPerFrame, hooks, misses, hot, pool, globals, cells, end };
}

/** The tables gen-ops writes into the core, as NAME → value groups. */
export const GENERATED = {
  H: HEADER,
  OPR: OP_RECORD,
  FRAME: FRAME_RECORD,
  PACK: PACKING,
  TAG,
  STATUS,
  HOSTOP: HOST_OP,
  CELL: CELLS,
} as const;
