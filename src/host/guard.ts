// Guards around host callbacks: what a builtin, extension handler, ShellHost
// method, output sink, input or interrupt throws, or a non-Value it gives
// back, ends the run as a typed HostError (built where the op is known).

import { Float, NativeFn, Obj, Ref, Status, type Value } from '../values/value.js';

/** Thrown (not an Error: never mistaken for the callback's own) when a
 *  callback threw or misbehaved; the backend turns it into a HostError at
 *  the op that called back. */
export class HostFailure {
  constructor(
    readonly what: string,
    readonly cause: unknown,
  ) {}
  get message(): string {
    const c = this.cause;
    return `${this.what} threw: ${c instanceof Error ? c.message : safeString(c)}`;
  }
}

function safeString(x: unknown): string {
  try {
    return String(x);
  } catch {
    return typeof x;
  }
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Whether `v` is a Value a VM can hold, walked without recursion: safe
 *  integers (bigints only past 2^53 and within i64), Floats, strings,
 *  arrays and hashes of Values with no cycle, Status, Ref, NativeFn, Obj. */
export function isValue(v: unknown): v is Value {
  const todo: unknown[] = [v];
  const onPath = new Set<object>();
  // Shared sub-values are fine (the VM copies them where upstream clones);
  // a cycle is not (copying, printing or comparing it would never end).
  const exits: (object | undefined)[] = [undefined];
  while (todo.length) {
    const x = todo.pop();
    const leave = exits.pop();
    if (leave !== undefined) {
      onPath.delete(leave);
      continue;
    }
    switch (typeof x) {
      case 'undefined':
      case 'boolean':
      case 'string':
        continue;
      case 'number':
        if (!Number.isSafeInteger(x) || Object.is(x, -0)) return false;
        continue;
      case 'bigint':
        if (x >= -9007199254740991n && x <= 9007199254740991n) return false;
        if (x < I64_MIN || x > I64_MAX) return false;
        continue;
      case 'object':
        break;
      default:
        return false;
    }
    if (x === null) return false;
    if (x instanceof Float) {
      if (typeof x.value !== 'number') return false;
      continue;
    }
    if (x instanceof Status || x instanceof NativeFn || x instanceof Obj) continue;
    if (onPath.has(x)) return false;
    let kids: Iterable<unknown>;
    if (Array.isArray(x)) kids = x;
    else if (x instanceof Map) {
      for (const k of x.keys()) if (typeof k !== 'string') return false;
      kids = x.values();
    } else if (x instanceof Ref) kids = [x.value];
    else return false;
    onPath.add(x);
    todo.push(undefined);
    exits.push(x);
    for (const k of kids) {
      todo.push(k);
      exits.push(undefined);
    }
  }
  return true;
}
