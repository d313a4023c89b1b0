// What compiled code knows about a value at a program point: its kind, which
// fixes the wasm local that holds it (Int as i64, Float as f64, Bool as i32,
// Undef as nothing, anything else boxed as the core's u64), and the abstract
// state — slot and stack kinds, and which slots differ from memory — that the
// emitter carries through a block and joins where control meets.

export const Kind = { U: 0, B: 1, I: 2, F: 3, X: 4 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];
export const KIND_NAMES = ['Undef', 'Bool', 'Int', 'Float', 'Any'] as const;

export interface State {
  slots: Kind[];
  stack: Kind[];
  /** Slots whose locals hold a value memory does not (written since entry or the last reload). */
  dirty: boolean[];
  /** Frames this code opened (PushFrame), innermost last: the kinds of the slots it left in memory, and the stack height then. */
  frames: { slots: Kind[]; depth: number }[];
}

export const cloneState = (s: State): State => ({ slots: [...s.slots], stack: [...s.stack], dirty: [...s.dirty], frames: s.frames.map((f) => ({ slots: [...f.slots], depth: f.depth })) });

/** Join `from` into `into`; false when the stacks differ in depth (not compilable). */
export function joinInto(into: State, from: State): { ok: boolean; changed: boolean } {
  if (into.stack.length !== from.stack.length || into.frames.length !== from.frames.length) return { ok: false, changed: false };
  let changed = false;
  const j = (a: Kind, b: Kind): Kind => (a === b ? a : Kind.X);
  for (let f = 0; f < into.frames.length; f++) {
    const a = into.frames[f]!, b = from.frames[f]!;
    if (a.depth !== b.depth) return { ok: false, changed: false };
    for (let k = 0; k < a.slots.length; k++) {
      const v = j(a.slots[k]!, b.slots[k]!);
      if (v !== a.slots[k]) {
        a.slots[k] = v;
        changed = true;
      }
    }
  }
  for (let k = 0; k < into.slots.length; k++) {
    const v = j(into.slots[k]!, from.slots[k]!);
    if (v !== into.slots[k]) {
      into.slots[k] = v;
      changed = true;
    }
    if (from.dirty[k] && !into.dirty[k]) {
      into.dirty[k] = true;
      changed = true;
    }
  }
  for (let d = 0; d < into.stack.length; d++) {
    const v = j(into.stack[d]!, from.stack[d]!);
    if (v !== into.stack[d]) {
      into.stack[d] = v;
      changed = true;
    }
  }
  return { ok: true, changed };
}

/** The kind of a boxed u64 from the core's memory, from its high and low words, for entry states. */
export function kindOfBox(hi: number, lo: number, tags: { int: number; bool: number; undef: number }, floatLimit: number): Kind {
  const hi16 = hi >>> 16;
  if (hi16 < floatLimit) return Kind.F;
  if (hi16 === tags.int) return Kind.I;
  if (hi16 === tags.bool) return Kind.B;
  if (hi16 === tags.undef && (hi & 0xffff) === 0 && lo === 0) return Kind.U;
  return Kind.X;
}
