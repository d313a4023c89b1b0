// The core's memory layout: header fields at fixed offsets (generated into
// assembly/layout.generated.ts by scripts/gen-ops.mjs) and the regions the
// host places after it for each chunk.

export const HEADER = {
  ip: 0,
  sp: 4,
  fp: 8,
  nOps: 12,
  ops: 16, // i64
  fuel: 24, // i64
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
} as const;
export const HEADER_SIZE = 128;
/** Bytes per encoded op (opcode, a, b, c as i32) and per frame record. */
export const OP_BYTES = 16;
export const FRAME_BYTES = 16;
/** Slot area kept under this so a chunk with many slots still fits. */
export const MAX_SLOT_BYTES = 16 << 20;
export const PAGE = 65536;

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
  pool: number;
  globals: number;
  end: number;
}

/** Place a chunk's regions: code, literals, stack, frames, slots, compiled-code hooks, constant pool, globals, in order. */
export function placeRegions(nOps: number, nConsts: number, slotsPerFrame: number, stackDepth: number, callDepth: number, poolCount: number, globalCount: number): Regions {
  const align = (x: number) => (x + 7) & ~7;
  const code = HEADER_SIZE;
  const consts = align(code + nOps * OP_BYTES);
  const stack = align(consts + nConsts * 8);
  // Sized for the common case; a run that needs more leaves the core (deopt)
  // and the interpreter, bounded by the VM's own limits, carries on.
  const stackCap = Math.min(stackDepth, 8192);
  const frames = stack + stackCap * 8;
  const frameCap = Math.max(1, Math.min(callDepth, 1024, Math.floor(MAX_SLOT_BYTES / (slotsPerFrame * 8))));
  const slots = frames + frameCap * FRAME_BYTES;
  const hooks = slots + frameCap * slotsPerFrame * 8;
  const pool = align(hooks + nOps * 4);
  const globals = pool + poolCount * 8;
  const end = globals + globalCount * 8;
  return { code, consts, stack, stackCap, frames, frameCap, slots, slotsPerFrame, hooks, pool, globals, end };
}
