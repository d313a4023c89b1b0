// The shapes the interpreter and its handler tables share: a frame, a handler,
// the core's access while the interpreter runs single ops for it, the failures
// a handler throws, and the small operand helpers every handler group uses.

import type { Value } from '../values/value.js';
import type { HeapMeter } from '../values/heap-size.js';
import type { Interpreter } from './interpreter.js';

export interface Frame {
  returnIp: number;
  /** Stack height the frame started at; Infinity when the caller passed more
   *  arguments than the stack held (upstream's wrapped usize: never truncates). */
  stackBase: number;
  slots: Value[];
  /** Entry op of the subroutine this frame runs (Call, CallDynamic, a shell
   *  function); undefined for the base frame and PushFrame scopes (the
   *  interpreter sets it either way, so its frames have one shape to V8). */
  entryIp?: number | undefined;
}

/** What a handler may do to the interpreter beyond the stack. */
export type Handler = (vm: Interpreter, args: readonly (number | bigint)[], ip: number) => void;

/** Set on an interpreter while it runs single ops for the wasm core: slots
 *  and heap roots are the core's, and opening a frame must hand the run over
 *  (a field, not a subclass, so every handler sees one shape of interpreter). */
export interface CoreAccess {
  getSlot(i: number): Value;
  setSlot(i: number, v: Value): void;
  heapRoots(meter: HeapMeter): boolean;
  /** Drop the handles the core can no longer reach (before the heap is measured). */
  collect(): void;
}
/** Thrown when an op would open a frame while the core owns the frames. */
export const ENTERS_FRAME = Symbol('enters frame');

/** Thrown by a handler to end the run with an error (caught in run()). */
export class OpFailure {
  constructor(readonly message: string) {}
}

/** A new empty stack or slot array, already of V8's general element kind: one
 *  started as [] changes kind with the first Float or big Int it holds, and
 *  the run loop's code for the kinds it has not met is thrown away. */
export function values(): Value[] {
  const a: Value[] = [undefined];
  a.pop();
  return a;
}

/** An operand as a number (operands are numbers or bigints by their kind). */
export const num = (x: number | bigint): number => Number(x);
/** Go on at op `t`. */
export const jumpTo = (vm: Interpreter, t: number | bigint) => {
  vm.ip = num(t);
};
