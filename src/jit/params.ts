// The JIT's tunables, in one table (as LuaJIT's JIT_PARAMDEF): thresholds,
// size caps and give-up rules. Nothing else in src/jit spells these numbers.

export const JIT_PARAMS = {
  /** Runs of a chunk before the whole-chunk tiers compile it (the seed's "Block after 10 invocations"). */
  blockThreshold: 10,
  linearThreshold: 10,
  /** 'auto' compiles a chunk with no loop and no call only from this many ops: shorter straight-line
   *  code runs faster in the core than the install of its compiled code costs a fresh VM. */
  autoMinStraightOps: 64,
  /** Largest chunk the whole-chunk tiers compile, in ops. */
  maxOps: 20_000,
  /** Most frame slots compiled code keeps in locals (each one is guarded at entry). */
  maxSlots: 256,
  /** Most entry functions (the chunk entry and loop headers) in one module. */
  maxEntries: 64,
  /** Most sub functions (one per sub entry and argument kinds) in one module; calls past it go to the core. */
  maxSubs: 32,
  /** Analysis rounds before a chunk's kinds are taken as not settling. */
  maxAnalysisRounds: 64,
  /** Guard misses of a module's entries (over all runs) before it is no longer installed. */
  maxGuardMisses: 5,
  // ── Tracing (trace-jit.ts): upstream's numbers where it has them ──
  /** Back-edges through a loop header, and exits landing on one ip, before the core says "hot". */
  traceThreshold: 50,
  /** Ops a recording may step (callees included) before it gives up. */
  maxTraceSteps: 4000,
  /** Traces at one anchor for different entry kinds. */
  maxTraceVariants: 4,
  /** Exits of a trace that no side trace took over before the trace is given up (blacklisted). */
  maxUnproductiveExits: 50,
  /** Side traces from a hot exit back to the root, at most. */
  maxSideChain: 4,
  /** Longest straight-line sub body (ops, its Return included) a trace inlines at a Call; longer ones, and subs
   *  with jumps, calls or frame ops, stay compiled calls. */
  maxInlineOps: 64,
  /** Longest recorded path through a callee (its ops, nested frames included) a trace inlines along. */
  maxInlinePath: 400,
  /** Frames deep a trace inlines calls (upstream's self-recursion depth 4); a call from the deepest is a compiled call. */
  maxInlineDepth: 4,
  /** Recordings at one anchor that abort before the anchor is given up. */
  maxTraceAborts: 4,
} as const;
