// The sub functions of one compiled module. A compiled Call of a sub whose
// entry the chunk knows becomes a wasm call of a function compiled for that
// entry and the kinds of its arguments at the call site; recursion calls the
// function being compiled. What a sub returns is found by compiling it: a
// recursive call inside it is compiled against a guess, and the function is
// compiled once more when the guess was wrong (the guess is also guarded at
// run time, so a wrong one is only slower).

import type { Chunk } from '../chunk/chunk.js';
import { STATUS } from '../core/abi.js';
import { buildCfg } from './cfg.js';
import { emitEntry, type JitImports, type Ret, type SubRegistry } from './emit.js';
import { KIND_NAMES, Kind, type State } from './kinds.js';
import { JIT_PARAMS } from './params.js';
import { FunctionBody, ValType, type ModuleWriter } from './wasm-writer.js';

interface Sub {
  index: number;
  ret: Ret;
}

export class ModuleSubs implements SubRegistry {
  readonly #subs = new Map<string, Sub>();

  constructor(
    readonly chunk: Chunk,
    readonly w: ModuleWriter,
    readonly imports: JitImports,
    readonly unlimitedFuel = false,
  ) {}

  request(entry: number, args: readonly Kind[], slotCount: number): Sub | null {
    const key = `${entry}:${args.map((k) => KIND_NAMES[k][0]).join('')}`;
    const known = this.#subs.get(key);
    if (known) return known;
    if (this.#subs.size >= JIT_PARAMS.maxSubs) return null;
    const cfg = buildCfg(this.chunk, entry);
    if (!cfg) return null;
    const sub: Sub = { index: this.w.reserve([], [ValType.i32]), ret: Kind.I };
    this.#subs.set(key, sub);
    const fresh = (): State => ({ slots: new Array<Kind>(slotCount).fill(Kind.U), stack: [...args], dirty: new Array<boolean>(slotCount).fill(false), frames: [] });
    const compile = () => emitEntry(this.chunk, cfg, fresh(), this.imports, entry, JIT_PARAMS.maxAnalysisRounds, { subs: this, sub: true, unlimitedFuel: this.unlimitedFuel });
    let f = compile();
    if (f && f.ret !== undefined && f.ret !== sub.ret) {
      sub.ret = f.ret;
      f = compile();
    }
    this.w.define(sub.index, f ? f.body : leaveToCore());
    return sub;
  }
}

/** A sub that cannot be compiled: its caller has made the frame, so the core runs it from its entry. */
function leaveToCore(): FunctionBody {
  const b = new FunctionBody(0);
  b.i32(STATUS.done);
  return b;
}
