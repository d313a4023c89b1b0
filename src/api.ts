// The public surface both entries share: `fusevm` (core bytes embedded) and
// `fusevm/slim` (no bytes: load the core with init()).

export { Chunk, type ChunkParts } from './chunk/chunk.js';
export { ChunkBuilder } from './chunk/builder.js';
export { assemble } from './chunk/asm.js';
export { disassemble } from './chunk/disasm.js';
export { verifyChunk, checkChunk, type VerifyReport, type VerifyMode, type ChunkProblem } from './chunk/verify.js';
export { valueFromJSON, valueFromJSONText, valueToJSON, valueToJSONText, opFromJSON, opFromJSONText, opToJSON, opToJSONText } from './chunk/json.js';
export { Op, type Instr, type OpName, OP_CODES } from './ops/op.js';
export { OPS, type OpSpec, type Category, type Tier } from './ops/table.js';
export { Value, Float, Status, Ref, NativeFn, Obj, kindOf, type ValueKind } from './values/value.js';
export { toInt, toFloat, toStr, isTruthy, valueEquals } from './values/convert.js';
export { VM, type VMOptions, type BuiltinHandler, type ExtensionHandler, type ExtensionWideHandler, BackendUnavailableError } from './vm.js';
export { VMPool } from './pool.js';
export type { RunResult, BackendName, MemoryUsage, FrameInfo } from './backend.js';
export type { NumOp, NumericHook, SitedNumericHook, NumericCall, UndefHook, UndefRead } from './interp/hooks.js';
export { FILE_TEST as fileTest, REDIRECT_OP as redirectOp, PARAM_MOD as paramMod } from './host/shell.js';
export { BUILTIN_IDS as builtinIds } from './host/builtins.js';
export type { ShellHost } from './host/shell.js';
export { FuseVMError, ChunkFormatError, PoolOverflowError, VerifyError, VMRuntimeError, HostError, VMStateError, LimitError, FuelExhausted, StackOverflow, OutOfMemory, Interrupted, type LimitName } from './errors.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { init, initSync, CoreNotLoadedError, type InitOptions } from './core/load.js';
export { JitCompiler } from './jit/compiler.js';
export { JitOptionError, type JitMode, type JitStats, type JitThresholds } from './jit/jit.js';
export { formatTraceEvent, type TraceEvent } from './jit/trace-jit.js';
export { TraceMetadataError, type TraceMetadata, type TraceMetadataEntry } from './jit/trace-metadata.js';
export { ABORT as TRACE_ABORTS, type AbortReason as TraceAbortReason } from './jit/trace-record.js';
