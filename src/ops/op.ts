// Instructions and their builders, derived from the op table: `Op.Add` is a
// unit instruction, `Op.LoadInt(42)` builds one with operands (upstream's
// `Op::Add` / `Op::LoadInt(42)` in TS casing).

import { OPERAND_FORMATS, type Operand, type OperandKind } from './formats.js';
import { OPS, type OpSpec, type StackCount } from './table.js';
import type { OpBuilders } from './builders.generated.js';

type Spec = (typeof OPS)[number];
export type OpName = Spec['name'];

/** One instruction: an op and its operands, in the table's operand order. */
export interface Instr {
  readonly op: OpName;
  readonly args: readonly Operand[];
}

/** The spec record for each op, by name. */
export const OP_SPECS: ReadonlyMap<string, OpSpec> = new Map(OPS.map((s) => [s.name, s]));
/** Opcode of each op: its position in the table. */
export const OP_CODES: Readonly<Record<OpName, number>> = Object.fromEntries(OPS.map((s, i) => [s.name, i])) as Record<
  OpName,
  number
>;

/** How many values a spec pops (or pushes) given its operands, or undefined when it depends on run-time state. */
export function stackCount(c: StackCount, args: readonly (number | bigint)[]): number | undefined {
  if (c === 'var') return undefined;
  if (typeof c === 'number') return c;
  return Number(args[c.operand]!) * (c.times ?? 1);
}

export function specOf(name: string): OpSpec {
  const s = OP_SPECS.get(name);
  if (!s) throw new TypeError(`unknown op ${JSON.stringify(name)}`);
  return s;
}

/** Check one operand against its kind; returns it normalised (bigint only
 *  where a number cannot hold it exactly). */
export function checkOperand(kind: OperandKind, v: unknown): Operand {
  const f = OPERAND_FORMATS[kind];
  if (f.repr === 'float') {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    throw new TypeError(`expected a float, got ${typeof v}`);
  }
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else throw new TypeError(`expected an integer, got ${typeof v === 'number' ? v : typeof v}`);
  if (b < f.min || b > f.max) throw new RangeError(`${b} does not fit ${kind} (${f.min}..${f.max})`);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

/** Build an instruction, checking operand count and ranges. */
export function instr(name: string, args: readonly unknown[] = []): Instr {
  const s = specOf(name);
  if (args.length !== s.operands.length) {
    throw new TypeError(`${name} takes ${s.operands.length} operand(s), got ${args.length}`);
  }
  const checked = s.operands.map((spec, k) => {
    try {
      return checkOperand(spec.kind, args[k]);
    } catch (e) {
      throw new TypeError(`${name} operand ${spec.name}: ${(e as Error).message}`);
    }
  });
  return Object.freeze({ op: name as OpName, args: Object.freeze(checked) });
}

// OpBuilders (generated, so that parameters keep the operands' names) must
// agree with the type the table itself implies: checked here at compile time.
type ArgsOf<O> = { [K in keyof O]: O[K] extends { kind: 'int' | 'wide' | 'target' } ? number | bigint : number };
type Derived = {
  readonly [S in Spec as S['name']]: S['operands'] extends readonly [] ? Instr : (...args: ArgsOf<S['operands']>) => Instr;
};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const builderTypesAgree: Same<OpBuilders, Derived> = true;
void builderTypesAgree;

/** A builder whose `name` is its op's (emit names it when it is passed uncalled). */
const named = <F extends (...args: never[]) => unknown>(name: string, f: F): F => Object.defineProperty(f, 'name', { value: name });

/** `Op.Add`, `Op.LoadInt(40)`, `Op.AccumSumLoop(0, 1, 1000)`: one entry per op of the table. */
export const Op: OpBuilders = Object.freeze(
  Object.fromEntries(
    OPS.map((s) => [s.name, s.operands.length === 0 ? instr(s.name) : named(s.name, (...args: unknown[]) => instr(s.name, args))]),
  ),
) as unknown as OpBuilders;
