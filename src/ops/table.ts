// THE op table: every op fusevm knows, declared once. Opcodes, builders, the
// JSON mapping, encoder, (dis)assembler, verifier, JIT eligibility and the
// core's generated constants all read this array; nothing re-lists ops.

import type { OperandKind } from './formats.js';

/** The op groups of upstream's README (arithmetic includes string ops). */
export type Category =
  | 'stack' //       constants & stack
  | 'variables' //   globals by name, frame slots
  | 'collections' // arrays, hashes, ranges, higher-order blocks
  | 'arithmetic' //  numeric and string arithmetic, float math
  | 'comparison' //  numeric and string comparison
  | 'logic' //       truthiness and bitwise
  | 'control' //     jumps
  | 'functions' //   calls, frames, builtins, I/O
  | 'shell' //       ShellHost-routed process and expansion ops
  | 'fused' //       superinstructions
  | 'extension'; //  frontend-owned op space

/** JIT tiers. */
export type Tier = 'linear' | 'block' | 'trace';

/** How compiled code runs an op: with wasm of its own for the operand kinds
 *  it specialises (any other kinds go the host-op way), through the host-op
 *  path the core uses (the state spilled to memory first, so the result is
 *  the interpreter's by construction), or by leaving to the core before it.
 *  Frame ops that are 'native' do their frame in the core's frame region:
 *  Call of a sub with a known entry is a wasm call of that sub's compiled
 *  function, Return/ReturnValue leave such a function (in the base frame, or
 *  a frame the code did not open, they leave to the core). */
export type JitForm = 'native' | 'host' | 'exit';

/** How many values an op pops or pushes: a constant, a multiple of one of its
 *  operands, or 'var' when it depends on run-time state (calls, host ops). */
export type StackCount = number | { readonly operand: number; readonly times?: number } | 'var';

export interface OperandSpec {
  readonly name: string;
  readonly kind: OperandKind;
}

export interface OpSpec {
  /** Name exactly as upstream's `Op` enum spells it. */
  readonly name: string;
  /** Its position in upstream's `Op` enum (what upstream's Hash writes first; see Chunk.opHash). */
  readonly discriminant: number;
  readonly category: Category;
  readonly operands: readonly OperandSpec[];
  readonly pop: StackCount;
  readonly push: StackCount;
  /** How compiled code runs this op (see JitForm); tiersOf derives which tiers take it. */
  readonly jit: JitForm;
  /** Opens or closes a frame (the core and compiled code leave it to the host or the core). */
  readonly frames?: true;
  /** May write frame slots other than through its result (compiled code reloads them after it). */
  readonly writesSlots?: true;
  /** Control leaves the op other than by falling through to the next one. */
  readonly jump?: 'always' | 'conditional' | 'return' | 'call';
  /** A fused op: the plain ops it stands for. */
  readonly fuses?: readonly string[];
  /** Runs through a host import in the wasm core (strings, hashes, I/O, shell…). */
  readonly host?: boolean;
  /** Consults a host hook when one is installed (setNumericHook / setUndefHook):
   *  then the wasm core leaves the op to the host, and native tiers must not run it. */
  readonly hook?: 'numeric' | 'undef';
  readonly doc: string;
}

// ── Shorthands for the table below ──
const o = <K extends OperandKind>(name: string, kind: K) => ({ name, kind }) as const;
const N = (operand: number, times = 1): StackCount => ({ operand, times });

export const OPS = [
  { name: 'Nop', discriminant: 0, category: 'stack', operands: [], pop: 0, push: 0, jit: 'native', doc: 'Do nothing; a branch sentinel and cycle counter.' },

  // ── Constants ──
  { name: 'LoadInt', discriminant: 1, category: 'stack', operands: [o('value', 'int')], pop: 0, push: 1, jit: 'native', doc: 'Push an integer literal.' },
  { name: 'LoadFloat', discriminant: 2, category: 'stack', operands: [o('value', 'float')], pop: 0, push: 1, jit: 'native', doc: 'Push a float literal.' },
  { name: 'LoadConst', discriminant: 3, category: 'stack', operands: [o('index', 'const')], pop: 0, push: 1, jit: 'native', doc: 'Push constant-pool entry `index` (Undef when out of range).' },
  { name: 'LoadTrue', discriminant: 4, category: 'stack', operands: [], pop: 0, push: 1, jit: 'native', doc: 'Push Bool(true).' },
  { name: 'LoadFalse', discriminant: 5, category: 'stack', operands: [], pop: 0, push: 1, jit: 'native', doc: 'Push Bool(false).' },
  { name: 'LoadUndef', discriminant: 6, category: 'stack', operands: [], pop: 0, push: 1, jit: 'native', doc: 'Push Undef.' },

  // ── Stack ──
  { name: 'Pop', discriminant: 7, category: 'stack', operands: [], pop: 1, push: 0, jit: 'native', doc: 'Drop the top value (nothing on an empty stack).' },
  { name: 'Dup', discriminant: 8, category: 'stack', operands: [], pop: 1, push: 2, jit: 'native', doc: 'Push a copy of the top value (Undef on an empty stack).' },
  { name: 'Dup2', discriminant: 9, category: 'stack', operands: [], pop: 2, push: 4, jit: 'native', doc: 'Copy the top two values, order kept; no effect with fewer than two.' },
  { name: 'Swap', discriminant: 10, category: 'stack', operands: [], pop: 2, push: 2, jit: 'native', doc: 'Exchange the top two values; no effect with fewer than two.' },
  { name: 'Rot', discriminant: 11, category: 'stack', operands: [], pop: 3, push: 3, jit: 'native', doc: 'a b c → b c a; no effect with fewer than three.' },

  // ── Variables ──
  { name: 'GetVar', discriminant: 12, category: 'variables', operands: [o('name', 'name')], pop: 0, push: 1, jit: 'native', hook: 'undef', doc: 'Push global `name`.' },
  { name: 'SetVar', discriminant: 13, category: 'variables', operands: [o('name', 'name')], pop: 1, push: 0, jit: 'native', doc: 'Pop into global `name`.' },
  { name: 'DeclareVar', discriminant: 14, category: 'variables', operands: [o('name', 'name')], pop: 1, push: 0, jit: 'native', doc: 'Pop into a fresh binding of global `name`.' },
  { name: 'GetSlot', discriminant: 15, category: 'variables', operands: [o('slot', 'slot')], pop: 0, push: 1, jit: 'native', hook: 'undef', doc: 'Push frame slot `slot` (Undef if never set).' },
  { name: 'SetSlot', discriminant: 16, category: 'variables', operands: [o('slot', 'slot')], pop: 1, push: 0, jit: 'native', writesSlots: true, doc: 'Pop into frame slot `slot`, growing the frame as needed.' },
  { name: 'SlotArrayGet', discriminant: 17, category: 'variables', operands: [o('slot', 'slot')], pop: 1, push: 1, host: true, jit: 'host', doc: '[index] → element of the array held in slot `slot` (Undef if absent).' },
  { name: 'SlotArraySet', discriminant: 18, category: 'variables', operands: [o('slot', 'slot')], pop: 2, push: 0, host: true, jit: 'host', writesSlots: true, doc: '[value, index]: store into the array held in slot `slot`, padding with Undef.' },

  // ── Arrays ──
  { name: 'GetArray', discriminant: 19, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push a copy of global array `name`.' },
  { name: 'SetArray', discriminant: 20, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 0, host: true, jit: 'host', doc: 'Pop into global `name` (an array binding).' },
  { name: 'DeclareArray', discriminant: 21, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 0, host: true, jit: 'host', doc: 'Bind global `name` to a fresh empty array.' },
  { name: 'ArrayGet', discriminant: 22, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 1, host: true, jit: 'host', doc: '[index] → element of global array `name` (Undef if absent).' },
  { name: 'ArraySet', discriminant: 23, category: 'collections', operands: [o('name', 'name')], pop: 2, push: 0, host: true, jit: 'host', doc: '[value, index]: store into global array `name` in place, padding with Undef.' },
  { name: 'ArrayPush', discriminant: 24, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 0, host: true, jit: 'host', doc: 'Append the popped value to global array `name` in place.' },
  { name: 'ArrayPop', discriminant: 25, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Remove and push the last element of global array `name`.' },
  { name: 'ArrayShift', discriminant: 26, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Remove and push the first element of global array `name`.' },
  { name: 'ArrayLen', discriminant: 27, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push the length of global array `name` (0 if not an array).' },
  { name: 'MakeArray', discriminant: 28, category: 'collections', operands: [o('count', 'count')], pop: N(0), push: 1, host: true, jit: 'host', doc: 'Pop up to `count` values (bottom first) and push them as an array.' },

  // ── Hashes ──
  { name: 'GetHash', discriminant: 29, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push a copy of global hash `name`.' },
  { name: 'SetHash', discriminant: 30, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 0, host: true, jit: 'host', doc: 'Pop into global `name` (a hash binding).' },
  { name: 'DeclareHash', discriminant: 31, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 0, host: true, jit: 'host', doc: 'Bind global `name` to a fresh empty hash.' },
  { name: 'HashGet', discriminant: 32, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 1, host: true, jit: 'host', doc: '[key] → value under the key in global hash `name` (Undef if absent).' },
  { name: 'HashSet', discriminant: 33, category: 'collections', operands: [o('name', 'name')], pop: 2, push: 0, host: true, jit: 'host', doc: '[value, key]: store into global hash `name` in place.' },
  { name: 'HashDelete', discriminant: 34, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 1, host: true, jit: 'host', doc: '[key] → the removed value (Undef if absent).' },
  { name: 'HashExists', discriminant: 35, category: 'collections', operands: [o('name', 'name')], pop: 1, push: 1, host: true, jit: 'host', doc: '[key] → Bool: the key is in global hash `name`.' },
  { name: 'HashKeys', discriminant: 36, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push the keys of global hash `name` as an array of strings.' },
  { name: 'HashValues', discriminant: 37, category: 'collections', operands: [o('name', 'name')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push the values of global hash `name` as an array.' },
  { name: 'MakeHash', discriminant: 38, category: 'collections', operands: [o('count', 'count')], pop: N(0), push: 1, host: true, jit: 'host', doc: 'Pop up to `count` values as key, value pairs and push them as a hash.' },

  // ── Arithmetic ──
  { name: 'Add', discriminant: 39, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'a + b: wrapping i64 for two ints, else f64.' },
  { name: 'Sub', discriminant: 40, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'a - b: wrapping i64 for two ints, else f64.' },
  { name: 'Mul', discriminant: 41, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'a * b: wrapping i64 for two ints, else f64.' },
  { name: 'Div', discriminant: 42, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'a / b, always f64; Undef when b is zero.' },
  { name: 'Mod', discriminant: 43, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'a % b, truncating: i64 for two ints (0 when b is 0), else f64 fmod.' },
  { name: 'Pow', discriminant: 44, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'host', hook: 'numeric', doc: 'a ** b, always f64.' },
  { name: 'Negate', discriminant: 45, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', hook: 'numeric', doc: '-x: wrapping for an int, f64 otherwise.' },
  { name: 'Inc', discriminant: 46, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', hook: 'numeric', doc: 'x + 1 as an integer (floats truncate first).' },
  { name: 'Dec', discriminant: 47, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', hook: 'numeric', doc: 'x - 1 as an integer (floats truncate first).' },
  { name: 'Concat', discriminant: 48, category: 'arithmetic', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String concatenation of the two values\' string forms.' },
  { name: 'StringRepeat', discriminant: 49, category: 'arithmetic', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: '[s, n] → s repeated n times (none for n ≤ 0).' },
  { name: 'StringLen', discriminant: 50, category: 'arithmetic', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Length in UTF-8 bytes of a string; element count of an array or hash.' },
  { name: 'PowFloat', discriminant: 174, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'host', doc: 'a ** b with both operands taken as f64.' },
  { name: 'SqrtFloat', discriminant: 175, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Square root as f64 (NaN below zero).' },
  { name: 'SinFloat', discriminant: 176, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Sine (radians) as f64.' },
  { name: 'CosFloat', discriminant: 177, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Cosine (radians) as f64.' },
  { name: 'ExpFloat', discriminant: 178, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'e ** x as f64.' },
  { name: 'Atan2Float', discriminant: 179, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'host', doc: '[y, x] → atan2(y, x) as f64.' },
  { name: 'LogFloat', discriminant: 180, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Natural logarithm as f64.' },
  { name: 'AbsFloat', discriminant: 181, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Absolute value as f64.' },
  { name: 'TruncInt', discriminant: 182, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Truncate toward zero to an integer (saturating for floats; ints unchanged).' },
  { name: 'CeilFloat', discriminant: 183, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Ceiling as f64.' },
  { name: 'FloorFloat', discriminant: 184, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Floor as f64.' },
  { name: 'TruncFloat', discriminant: 185, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Truncation toward zero as f64.' },
  { name: 'RoundFloat', discriminant: 186, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Round to nearest, ties to even, as f64.' },
  { name: 'TanFloat', discriminant: 187, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Tangent as f64.' },
  { name: 'AsinFloat', discriminant: 188, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Arcsine as f64.' },
  { name: 'AcosFloat', discriminant: 189, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Arccosine as f64.' },
  { name: 'AtanFloat', discriminant: 190, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Arctangent as f64.' },
  { name: 'SinhFloat', discriminant: 191, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Hyperbolic sine as f64.' },
  { name: 'CoshFloat', discriminant: 192, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Hyperbolic cosine as f64.' },
  { name: 'TanhFloat', discriminant: 193, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Hyperbolic tangent as f64.' },
  { name: 'Log2Float', discriminant: 194, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Base-2 logarithm as f64.' },
  { name: 'Log10Float', discriminant: 195, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Base-10 logarithm as f64.' },
  { name: 'AbsInt', discriminant: 196, category: 'arithmetic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Integer absolute value (wrapping at i64::MIN).' },
  { name: 'GcdInt', discriminant: 197, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'host', doc: 'gcd(|a|, |b|); 0 when both are 0.' },
  { name: 'LcmInt', discriminant: 198, category: 'arithmetic', operands: [], pop: 2, push: 1, jit: 'host', doc: 'lcm(|a|, |b|); 0 when either is 0; saturates at i64::MAX.' },
  { name: 'TimeInt', discriminant: 199, category: 'arithmetic', operands: [], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push Unix epoch seconds.' },
  { name: 'MulModFloor', discriminant: 232, category: 'arithmetic', operands: [], pop: 3, push: 1, jit: 'host', doc: '[a, b, k] → (a*b) mod k, product exact, remainder floored; 0 when k is 0.' },
  { name: 'MulAddModFloor', discriminant: 233, category: 'arithmetic', operands: [], pop: 4, push: 1, jit: 'host', doc: '[a, b, c, k] → (a*b + c) mod k, exact, floored; 0 when k is 0.' },

  // ── Comparison ──
  { name: 'NumEq', discriminant: 51, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a == b → Bool.' },
  { name: 'NumNe', discriminant: 52, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a != b → Bool.' },
  { name: 'NumLt', discriminant: 53, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a < b → Bool.' },
  { name: 'NumGt', discriminant: 54, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a > b → Bool.' },
  { name: 'NumLe', discriminant: 55, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a <= b → Bool.' },
  { name: 'NumGe', discriminant: 56, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', hook: 'numeric', doc: 'Numeric a >= b → Bool.' },
  { name: 'Spaceship', discriminant: 57, category: 'comparison', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Numeric a <=> b → Int -1, 0 or 1 (0 when unordered).' },
  { name: 'StrEq', discriminant: 58, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String forms equal → Bool.' },
  { name: 'StrNe', discriminant: 59, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String forms differ → Bool.' },
  { name: 'StrLt', discriminant: 60, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String a < b by bytes → Bool.' },
  { name: 'StrGt', discriminant: 61, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String a > b by bytes → Bool.' },
  { name: 'StrLe', discriminant: 62, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String a <= b by bytes → Bool.' },
  { name: 'StrGe', discriminant: 63, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String a >= b by bytes → Bool.' },
  { name: 'StrCmp', discriminant: 64, category: 'comparison', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: 'String a cmp b → Int -1, 0 or 1.' },

  // ── Logic / bitwise ──
  { name: 'RubyTruthy', discriminant: 65, category: 'logic', operands: [], pop: 1, push: 1, jit: 'host', doc: 'Bool under Ruby truthiness: only Undef and false are false.' },
  { name: 'LogNot', discriminant: 66, category: 'logic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Bool(!truthy(x)).' },
  { name: 'LogAnd', discriminant: 67, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Bool(truthy(a) && truthy(b)), both evaluated.' },
  { name: 'LogOr', discriminant: 68, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Bool(truthy(a) || truthy(b)), both evaluated.' },
  { name: 'BitAnd', discriminant: 69, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Integer a & b.' },
  { name: 'BitOr', discriminant: 70, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Integer a | b.' },
  { name: 'BitXor', discriminant: 71, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'Integer a ^ b.' },
  { name: 'BitNot', discriminant: 72, category: 'logic', operands: [], pop: 1, push: 1, jit: 'native', doc: 'Integer !a.' },
  { name: 'Shl', discriminant: 73, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'a << (b & 63), wrapping.' },
  { name: 'Shr', discriminant: 74, category: 'logic', operands: [], pop: 2, push: 1, jit: 'native', doc: 'a >> (b & 63), arithmetic.' },

  // ── Control flow ──
  { name: 'Jump', discriminant: 75, category: 'control', operands: [o('target', 'target')], pop: 0, push: 0, jump: 'always', jit: 'native', doc: 'Continue at op `target`.' },
  { name: 'JumpIfTrue', discriminant: 76, category: 'control', operands: [o('target', 'target')], pop: 1, push: 0, jump: 'conditional', jit: 'native', doc: 'Pop; continue at `target` if it was truthy.' },
  { name: 'JumpIfFalse', discriminant: 77, category: 'control', operands: [o('target', 'target')], pop: 1, push: 0, jump: 'conditional', jit: 'native', doc: 'Pop; continue at `target` if it was falsy.' },
  { name: 'JumpIfTrueKeep', discriminant: 78, category: 'control', operands: [o('target', 'target')], pop: 1, push: 1, jump: 'conditional', jit: 'native', doc: 'Continue at `target` if the top is truthy, keeping it (short-circuit ||).' },
  { name: 'JumpIfFalseKeep', discriminant: 79, category: 'control', operands: [o('target', 'target')], pop: 1, push: 1, jump: 'conditional', jit: 'native', doc: 'Continue at `target` if the top is falsy, keeping it (short-circuit &&).' },

  // ── Functions, scope, builtins, I/O ──
  { name: 'Call', discriminant: 80, category: 'functions', operands: [o('name', 'name'), o('argc', 'argc')], pop: 'var', push: 'var', jump: 'call', jit: 'native', frames: true, doc: 'Call the subroutine registered for `name`, the top `argc` values as its arguments.' },
  { name: 'Return', discriminant: 81, category: 'functions', operands: [], pop: 'var', push: 'var', jump: 'return', jit: 'native', frames: true, doc: 'Leave the current frame, dropping its stack; halt in the base frame.' },
  { name: 'ReturnValue', discriminant: 82, category: 'functions', operands: [], pop: 'var', push: 'var', jump: 'return', jit: 'native', frames: true, doc: 'Leave the current frame with the top value as its result; finish the run in the base frame.' },
  { name: 'CallDynamic', discriminant: 231, category: 'functions', operands: [o('argc', 'argc')], pop: 'var', push: 'var', jump: 'call', jit: 'exit', frames: true, doc: 'Like Call, the name index popped from the top, above `argc` arguments.' },
  { name: 'PushFrame', discriminant: 83, category: 'functions', operands: [], pop: 0, push: 0, jit: 'native', frames: true, doc: 'Open a scope frame with fresh slots.' },
  { name: 'PopFrame', discriminant: 84, category: 'functions', operands: [], pop: 'var', push: 0, jit: 'native', frames: true, doc: 'Close the current frame, dropping what it pushed.' },
  { name: 'CallBuiltin', discriminant: 106, category: 'functions', operands: [o('id', 'id'), o('argc', 'argc')], pop: N(1), push: 1, host: true, jit: 'host', writesSlots: true, doc: 'Call builtin `id` registered by the frontend with `argc` arguments.' },
  { name: 'Print', discriminant: 85, category: 'functions', operands: [o('count', 'argc')], pop: N(0), push: 0, host: true, jit: 'host', doc: 'Write the string forms of the top `count` values.' },
  { name: 'PrintLn', discriminant: 86, category: 'functions', operands: [o('count', 'argc')], pop: N(0), push: 0, host: true, jit: 'host', doc: 'Write the top `count` values and a newline.' },
  { name: 'ReadLine', discriminant: 87, category: 'functions', operands: [], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push one line of input without its newline (Undef at end of input).' },

  // ── Collections and higher-order blocks ──
  { name: 'Range', discriminant: 88, category: 'collections', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: '[from, to] → array of the integers from..=to.' },
  { name: 'RangeStep', discriminant: 89, category: 'collections', operands: [], pop: 3, push: 1, host: true, jit: 'host', doc: '[from, to, step] → array stepping from toward to inclusive (empty for step 0).' },
  { name: 'MapBlock', discriminant: 90, category: 'collections', operands: [o('block', 'block')], pop: 0, push: 0, jit: 'host', doc: 'Reserved for map over block `block`; upstream runs it as a no-op.' },
  { name: 'GrepBlock', discriminant: 91, category: 'collections', operands: [o('block', 'block')], pop: 0, push: 0, jit: 'host', doc: 'Reserved for grep with block `block`; upstream runs it as a no-op.' },
  { name: 'SortBlock', discriminant: 92, category: 'collections', operands: [o('block', 'block')], pop: 0, push: 0, jit: 'host', doc: 'Reserved for sort with comparator block `block`; upstream runs it as a no-op.' },
  { name: 'SortDefault', discriminant: 93, category: 'collections', operands: [], pop: 0, push: 0, jit: 'host', doc: 'Reserved for a default string sort; upstream runs it as a no-op.' },
  { name: 'ForEachBlock', discriminant: 94, category: 'collections', operands: [o('block', 'block')], pop: 0, push: 0, jit: 'host', doc: 'Reserved for foreach with block `block`; upstream runs it as a no-op.' },

  // ── Fused superinstructions ──
  { name: 'PreIncSlot', discriminant: 95, category: 'fused', operands: [o('slot', 'slot')], pop: 0, push: 1, fuses: ['GetSlot', 'Inc', 'Dup', 'SetSlot'], jit: 'native', writesSlots: true, doc: '++$slot, pushing the new value.' },
  { name: 'SlotLtIntJumpIfFalse', discriminant: 96, category: 'fused', operands: [o('slot', 'slot'), o('limit', 'limit'), o('target', 'target')], pop: 0, push: 0, jump: 'conditional', fuses: ['GetSlot', 'LoadInt', 'NumLt', 'JumpIfFalse'], jit: 'native', doc: 'Continue at `target` unless $slot < limit.' },
  { name: 'SlotIncLtIntJumpBack', discriminant: 97, category: 'fused', operands: [o('slot', 'slot'), o('limit', 'limit'), o('target', 'target')], pop: 0, push: 0, jump: 'conditional', fuses: ['PreIncSlotVoid', 'SlotLtIntJumpIfFalse'], jit: 'native', writesSlots: true, doc: '$slot += 1; continue at `target` while $slot < limit (a loop back-edge).' },
  { name: 'AccumSumLoop', discriminant: 98, category: 'fused', operands: [o('sum', 'slot'), o('i', 'slot'), o('limit', 'limit')], pop: 0, push: 0, fuses: ['GetSlot', 'GetSlot', 'Add', 'SetSlot', 'PreIncSlotVoid', 'NumLt', 'JumpIfFalse'], jit: 'host', writesSlots: true, doc: 'while $i < limit { $sum += $i; $i += 1 } in one dispatch.' },
  { name: 'ConcatConstLoop', discriminant: 99, category: 'fused', operands: [o('const', 'const'), o('s', 'slot'), o('i', 'slot'), o('limit', 'limit')], pop: 0, push: 0, host: true, fuses: ['LoadConst', 'Concat', 'SetSlot', 'SlotIncLtIntJumpBack'], jit: 'host', writesSlots: true, doc: 'while $i < limit { $s .= constant; $i += 1 } in one dispatch.' },
  { name: 'PushIntRangeLoop', discriminant: 100, category: 'fused', operands: [o('arr', 'name'), o('i', 'slot'), o('limit', 'limit')], pop: 0, push: 0, host: true, fuses: ['GetSlot', 'ArrayPush', 'SlotIncLtIntJumpBack'], jit: 'host', writesSlots: true, doc: 'while $i < limit { push @arr, $i; $i += 1 } in one dispatch.' },
  { name: 'AddAssignSlotVoid', discriminant: 101, category: 'fused', operands: [o('a', 'slot'), o('b', 'slot')], pop: 0, push: 0, fuses: ['GetSlot', 'GetSlot', 'Add', 'SetSlot'], jit: 'native', writesSlots: true, doc: '$a += $b as integers, nothing pushed.' },
  { name: 'PreIncSlotVoid', discriminant: 102, category: 'fused', operands: [o('slot', 'slot')], pop: 0, push: 0, fuses: ['GetSlot', 'Inc', 'SetSlot'], jit: 'native', writesSlots: true, doc: '++$slot, nothing pushed.' },
  { name: 'PreDecSlot', discriminant: 103, category: 'fused', operands: [o('slot', 'slot')], pop: 0, push: 1, fuses: ['GetSlot', 'Dec', 'Dup', 'SetSlot'], jit: 'native', writesSlots: true, doc: '--$slot, pushing the new value.' },
  { name: 'PostIncSlot', discriminant: 104, category: 'fused', operands: [o('slot', 'slot')], pop: 0, push: 1, fuses: ['GetSlot', 'Dup', 'Inc', 'SetSlot'], jit: 'native', writesSlots: true, doc: '$slot++, pushing the old value.' },
  { name: 'PostDecSlot', discriminant: 105, category: 'fused', operands: [o('slot', 'slot')], pop: 0, push: 1, fuses: ['GetSlot', 'Dup', 'Dec', 'SetSlot'], jit: 'native', writesSlots: true, doc: '$slot--, pushing the old value.' },

  // ── Extension point ──
  { name: 'Extended', discriminant: 107, category: 'extension', operands: [o('id', 'id'), o('arg', 'code')], pop: 'var', push: 'var', host: true, jit: 'host', writesSlots: true, doc: 'Frontend op `id` with a u8 operand, run by the registered extension handler.' },
  { name: 'ExtendedWide', discriminant: 108, category: 'extension', operands: [o('id', 'id'), o('payload', 'wide')], pop: 'var', push: 'var', host: true, jit: 'host', writesSlots: true, doc: 'Frontend op `id` with a usize payload, run by the wide extension handler.' },

  // ── Shell ops (routed through ShellHost) ──
  { name: 'Exec', discriminant: 109, category: 'shell', operands: [o('argc', 'argc')], pop: N(0), push: 1, host: true, jit: 'host', doc: 'Run a command from the top `argc` words (arrays flattened); push its Status.' },
  { name: 'ExecBg', discriminant: 110, category: 'shell', operands: [o('argc', 'argc')], pop: N(0), push: 1, host: true, jit: 'host', doc: 'Start a command in the background; push Status(0).' },
  { name: 'PipelineBegin', discriminant: 111, category: 'shell', operands: [o('stages', 'argc')], pop: 0, push: 0, host: true, jit: 'host', doc: 'Open an n-stage pipeline.' },
  { name: 'PipelineStage', discriminant: 112, category: 'shell', operands: [], pop: 0, push: 0, host: true, jit: 'host', doc: 'Wire the next pipeline stage.' },
  { name: 'PipelineEnd', discriminant: 113, category: 'shell', operands: [], pop: 0, push: 1, host: true, jit: 'host', doc: 'Wait for the pipeline; push the last stage\'s Status.' },
  { name: 'Redirect', discriminant: 114, category: 'shell', operands: [o('fd', 'code'), o('op', 'code')], pop: 1, push: 0, host: true, jit: 'host', doc: 'Redirect `fd` with redirect op `op` to the popped target.' },
  { name: 'HereDoc', discriminant: 115, category: 'shell', operands: [o('content', 'const')], pop: 0, push: 0, host: true, jit: 'host', doc: 'Feed constant `content` as a here-document.' },
  { name: 'HereString', discriminant: 116, category: 'shell', operands: [], pop: 1, push: 0, host: true, jit: 'host', doc: 'Feed the popped word as a here-string.' },
  { name: 'CmdSubst', discriminant: 117, category: 'shell', operands: [o('sub', 'sub')], pop: 0, push: 1, host: true, jit: 'host', doc: 'Push the captured output of sub-chunk `sub`.' },
  { name: 'SubshellBegin', discriminant: 118, category: 'shell', operands: [], pop: 0, push: 0, host: true, jit: 'host', doc: 'Enter an isolated subshell scope.' },
  { name: 'SubshellEnd', discriminant: 119, category: 'shell', operands: [], pop: 0, push: 0, host: true, jit: 'host', doc: 'Leave the subshell scope, taking its status.' },
  { name: 'ProcessSubIn', discriminant: 120, category: 'shell', operands: [o('sub', 'sub')], pop: 0, push: 1, host: true, jit: 'host', doc: '<(sub): push a path that reads sub-chunk `sub`\'s output.' },
  { name: 'ProcessSubOut', discriminant: 121, category: 'shell', operands: [o('sub', 'sub')], pop: 0, push: 1, host: true, jit: 'host', doc: '>(sub): push a path that feeds sub-chunk `sub`.' },
  { name: 'Glob', discriminant: 122, category: 'shell', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Expand the popped pattern; push the matches.' },
  { name: 'GlobRecursive', discriminant: 123, category: 'shell', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Expand the popped pattern recursively; push the matches.' },
  { name: 'TestFile', discriminant: 124, category: 'shell', operands: [o('test', 'code')], pop: 1, push: 1, host: true, jit: 'host', doc: 'File test `test` (-f, -d, -e, …) on the popped path → Bool.' },
  { name: 'SetStatus', discriminant: 125, category: 'shell', operands: [], pop: 1, push: 0, jit: 'host', doc: 'Pop into the last exit status ($?).' },
  { name: 'GetStatus', discriminant: 126, category: 'shell', operands: [], pop: 0, push: 1, jit: 'host', doc: 'Push the last exit status as a Status.' },
  { name: 'TrapSet', discriminant: 127, category: 'shell', operands: [o('sub', 'sub')], pop: 1, push: 0, host: true, jit: 'host', doc: 'Install sub-chunk `sub` as the handler for the popped signal name.' },
  { name: 'TrapCheck', discriminant: 128, category: 'shell', operands: [], pop: 0, push: 0, host: true, jit: 'host', doc: 'Run pending trap handlers.' },
  { name: 'ExpandParam', discriminant: 129, category: 'shell', operands: [o('modifier', 'code')], pop: 'var', push: 1, host: true, jit: 'host', doc: '${name…} expansion with modifier `modifier`; pops the name and its arguments.' },
  { name: 'WordSplit', discriminant: 130, category: 'shell', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Split the popped string into words; push them as an array.' },
  { name: 'BraceExpand', discriminant: 131, category: 'shell', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Brace-expand the popped word; push the results as an array.' },
  { name: 'TildeExpand', discriminant: 132, category: 'shell', operands: [], pop: 1, push: 1, host: true, jit: 'host', doc: 'Tilde-expand the popped word.' },
  { name: 'CallFunction', discriminant: 133, category: 'shell', operands: [o('name', 'name'), o('argc', 'argc')], pop: 'var', push: 'var', host: true, jump: 'call', jit: 'exit', frames: true, doc: 'Call shell function `name` with `argc` arguments; falls back to the host, then to exec.' },
  { name: 'StrMatch', discriminant: 134, category: 'shell', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: '[string, pattern] → Bool: glob match.' },
  { name: 'RegexMatch', discriminant: 135, category: 'shell', operands: [], pop: 2, push: 1, host: true, jit: 'host', doc: '[string, regex] → Bool: regex match.' },
  { name: 'WithRedirectsBegin', discriminant: 136, category: 'shell', operands: [o('count', 'argc')], pop: 0, push: 0, host: true, jit: 'host', doc: 'Open a scoped redirection block over the `count` redirects just applied.' },
  { name: 'WithRedirectsEnd', discriminant: 137, category: 'shell', operands: [], pop: 0, push: 0, host: true, jit: 'host', doc: 'Close the scoped redirection block, restoring the fds.' },
] as const satisfies readonly OpSpec[];

/** The tiers that take an op: Linear takes straight-line code (no control
 *  flow, nothing that leaves the code); Block takes every op, leaving to the
 *  core at frame ops; the tracing tier is not built yet. */
export function tiersOf(spec: OpSpec): Tier[] {
  const tiers: Tier[] = [];
  if (spec.jit !== 'exit' && spec.jump === undefined) tiers.push('linear');
  tiers.push('block');
  return tiers;
}

/** The wasm core's opcode numbering: the ops the core may run itself first,
 *  host ops after, so the core's `switch` is dense and compiles to a
 *  `br_table`. (The public opcode is the table index; only the core's
 *  encoding uses this order.) */
export function coreOrder(ops: readonly OpSpec[] = OPS): OpSpec[] {
  return [...ops.filter((s) => !s.host), ...ops.filter((s) => s.host)];
}
