// Upstream's VM introspection and control in TS casing, on both backends:
// stack, frames, globals, lastStatus, getSlot/setSlot, slot names at run time,
// requestHalt/clearHalt, runBuiltinByName, setInputSource; and the small
// surface around them (Value.len, VMPool.withCapacity, constant tables, op JSON).

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import { Chunk } from '../src/chunk/chunk.js';
import { opFromJSON, opFromJSONText, opToJSONText, valueFromJSON, valueFromJSONText } from '../src/chunk/json.js';
import { ChunkFormatError } from '../src/errors.js';
import { BUILTIN_IDS } from '../src/host/builtins.js';
import { FILE_TEST, PARAM_MOD, REDIRECT_OP } from '../src/host/shell.js';
import { Op, type Instr } from '../src/ops/op.js';
import { VMPool } from '../src/pool.js';
import { Status, Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';

const BACKENDS = ['wasm', 'ts'] as const;

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  ops.forEach((op, i) => b.emit(op, i + 1));
  return b.build();
}

describe('introspection', () => {
  it('stack, globals and lastStatus after a run', () => {
    const c = chunk([Op.LoadInt(1), Op.LoadConst(0), Op.SetVar(1), Op.LoadInt(3), Op.SetStatus, Op.LoadInt(2), Op.LoadInt(9)], (b) => {
      b.addConstant('g');
      b.addName('a');
      b.addName('b');
    });
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      expect(vm.stack).toEqual([]);
      expect(vm.frames).toHaveLength(1);
      expect(vm.run()).toEqual({ status: 'ok', value: 9 });
      expect(vm.stack).toEqual([1, 2]);
      expect(vm.globals).toEqual([undefined, 'g']);
      expect(vm.lastStatus).toBe(3);
      expect(vm.peek()).toBe(2);
    }
  });

  it('frames with their slots and entry, and slot names, seen from inside a call', () => {
    const b = new ChunkBuilder();
    const f = b.addName('f');
    // main: push 10, call f(1 arg); f: slot0 = arg, slot1 = "s", ext, return slot0
    b.emit(Op.PushFrame, 1);
    b.emit(Op.LoadInt(4), 1);
    b.emit(Op.SetSlot(0), 1);
    b.emit(Op.LoadInt(10), 1);
    b.emit(Op.Call(f, 1), 1);
    const end = b.emit(Op.Jump(0), 1);
    const entry = b.currentPos();
    b.addSubEntry(f, entry);
    b.setSubSlotNames(entry, ['n', 'label']);
    b.emit(Op.SetSlot(0), 2);
    b.emit(Op.LoadInt(7), 2);
    b.emit(Op.SetSlot(1), 2);
    b.emit(Op.Extended(0, 0), 2);
    b.emit(Op.GetSlot(0), 2);
    b.emit(Op.ReturnValue, 2);
    b.patchJump(end, b.currentPos());
    const c = b.build();
    expect(c.subSlotNamesAt(entry)).toEqual(['n', 'label']);
    expect(c.subSlotNamesAt(0)).toEqual([]);
    expect(c.findSub(f)).toBe(entry);
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      let seen: unknown;
      vm.setExtensionHandler((v) => {
        seen = {
          frames: v.frames.map((fr) => [fr.returnIp, fr.stackBase, fr.slots, fr.entryIp]),
          names: [v.frameSlotNames(), v.slotNamesAt(1), v.slotNamesAt(9)],
          slotOf: [v.frameSlotOf('label'), v.slotOfAt(0, 'n'), v.slotOfAt(1, 'n'), v.frameSlotOf('zz')],
          slot1: v.getSlot(1),
        };
        v.setSlot(0, 11);
      });
      expect(vm.run(), backend).toEqual({ status: 'ok', value: 11 });
      expect(seen, backend).toEqual({
        frames: [
          [0, 0, [], undefined],
          [1, 0, [4], undefined],
          [5, 0, [10, 7], entry],
        ],
        names: [['n', 'label'], [], []],
        slotOf: [1, 0, undefined, undefined],
        slot1: 7,
      });
    }
  });

  it('setSlot before a run seeds the frame; getSlot reads it back', () => {
    const c = chunk([Op.GetSlot(0), Op.GetSlot(3), Op.Add]);
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      vm.setSlot(0, 40);
      vm.setSlot(3, 2);
      expect([vm.getSlot(0), vm.getSlot(1), vm.getSlot(3)]).toEqual([40, undefined, 2]);
      expect(vm.run()).toEqual({ status: 'ok', value: 42 });
      // past the slots any op names: the interpreter keeps it
      vm.setSlot(900, 'far');
      expect(vm.getSlot(900)).toBe('far');
    }
    expect(() => new VM(c).setSlot(-1, 0)).toThrow(RangeError);
  });

  it('requestHalt from a builtin stops after it; clearHalt lets run() go on', () => {
    const c = chunk([Op.LoadInt(1), Op.CallBuiltin(5, 0), Op.LoadInt(3)]);
    for (const backend of BACKENDS) {
      const vm = new VM(c, { backend });
      vm.registerBuiltin(5, (v) => {
        v.requestHalt();
        return 2;
      });
      expect(vm.run()).toEqual({ status: 'ok', value: 2 });
      expect(vm.stack).toEqual([1]);
      vm.clearHalt();
      expect(vm.run()).toEqual({ status: 'ok', value: 3 });
      expect(vm.stack).toEqual([1]);
    }
  });

  it('requestHalt before a run stops before the first op', () => {
    for (const backend of BACKENDS) {
      const vm = new VM(chunk([Op.LoadInt(1)]), { backend });
      vm.requestHalt();
      expect(vm.run()).toEqual({ status: 'halted' });
      expect(vm.opsExecuted).toBe(0);
    }
  });

  it('runBuiltinByName resolves upstream names and aliases to ids', () => {
    expect([BUILTIN_IDS.cd, BUILTIN_IDS.chdir, BUILTIN_IDS.echo, BUILTIN_IDS['[']]).toEqual([0, 0, 2, 12]);
    for (const backend of BACKENDS) {
      const vm = new VM(chunk([Op.Nop]), { backend });
      vm.registerBuiltin(BUILTIN_IDS.echo!, (v, argc) => {
        const words: string[] = [];
        for (let i = 0; i < argc; i++) words.unshift(String(v.pop()));
        return new Status(words.join(' ').length);
      });
      expect(vm.runBuiltinByName('echo', ['hi', 'there'])).toEqual(new Status(8));
      expect(vm.runBuiltinByName('pwd', [])).toBeUndefined(); // no handler
      expect(vm.runBuiltinByName('constructor', [])).toBeUndefined(); // not a builtin
      expect(vm.stack).toEqual([]);
    }
  });

  it('setInputSource feeds ReadLine', () => {
    for (const backend of BACKENDS) {
      const lines = ['one'];
      const vm = new VM(chunk([Op.ReadLine, Op.ReadLine, Op.MakeArray(2)]), { backend });
      vm.setInputSource(() => lines.shift());
      expect(vm.run()).toEqual({ status: 'ok', value: ['one', undefined] });
    }
  });
});

describe('small upstream surface', () => {
  it('Value.len and Value.isEmpty as upstream: bytes, elements, else the string form', () => {
    expect([Value.len('héllo'), Value.len([1, 2]), Value.len(new Map([['a', 1]])), Value.len(-42), Value.len(undefined), Value.len(true)]).toEqual([6, 2, 1, 3, 0, 1]);
    expect([Value.isEmpty(''), Value.isEmpty(undefined), Value.isEmpty([]), Value.isEmpty('x'), Value.isEmpty(0)]).toEqual([true, true, true, false, false]);
  });

  it('VMPool.withCapacity, len and isEmpty count the VMs waiting', () => {
    const pool = VMPool.withCapacity(4, { backend: 'ts' });
    expect([pool.len(), pool.isEmpty()]).toEqual([0, true]);
    const vm = pool.acquire(chunk([Op.LoadInt(1)]));
    expect(pool.len()).toBe(0);
    pool.release(vm);
    expect([pool.len(), pool.isEmpty()]).toEqual([1, false]);
    expect(() => VMPool.withCapacity(-1)).toThrow(RangeError);
  });

  it('the op constant tables match upstream numbering', () => {
    expect([FILE_TEST.IS_FILE, FILE_TEST.IS_DIR, FILE_TEST.EXISTS, FILE_TEST.IS_CHAR_DEV]).toEqual([0, 1, 5, 11]);
    expect([REDIRECT_OP.WRITE, REDIRECT_OP.APPEND, REDIRECT_OP.DUP_WRITE, REDIRECT_OP.APPEND_BOTH]).toEqual([0, 1, 6, 8]);
    expect([PARAM_MOD.DEFAULT, PARAM_MOD.LENGTH, PARAM_MOD.SUBST_ALL, PARAM_MOD.SLICE]).toEqual([0, 4, 10, 17]);
  });

  it('a single op to and from JSON text, exact past 2^53', () => {
    const big = Op.LoadInt(2n ** 62n + 1n);
    expect(opToJSONText(big)).toBe('{"LoadInt":4611686018427387905}');
    expect(opFromJSONText('{"LoadInt":4611686018427387905}')).toEqual(big);
    expect(opToJSONText(Op.Add)).toBe('"Add"');
    expect(opToJSONText(Op.LoadFloat(2))).toBe('{"LoadFloat":2.0}');
    expect(opFromJSONText('{"Call":[3,1]}')).toEqual(Op.Call(3, 1));
    expect(() => opFromJSONText('{"Nope":1}')).toThrow(ChunkFormatError);
    // An already-parsed integer past 2^53 may have been rounded: refused.
    expect(() => opFromJSON({ LoadInt: 2 ** 60 })).toThrow(/beyond 2\^53/);
  });

  it('a value from JSON text stays exact; an already-parsed unsafe number is refused', () => {
    expect(valueFromJSONText('{"Int":9007199254740993}')).toBe(9007199254740993n);
    expect(valueFromJSONText('{"Array":[{"Int":-9223372036854775808},"Undef"]}')).toEqual([-(2n ** 63n), undefined]);
    expect(valueFromJSON({ Int: 9007199254740991 })).toBe(9007199254740991);
    expect(() => valueFromJSON(JSON.parse('{"Int":9007199254740993}'))).toThrow(ChunkFormatError);
    expect(() => Chunk.fromJSON(JSON.parse('{"ops":[],"constants":[{"Int":9007199254740993}],"names":[],"lines":[],"sub_entries":[],"block_ranges":[],"sub_chunks":[],"source":""}'))).toThrow(/beyond 2\^53/);
  });

  it("the chunk's intOverflowDeopt is kept through JSON; the interpreters wrap either way, as upstream's", () => {
    const b = new ChunkBuilder();
    b.setIntOverflowDeopt(true);
    b.emit(Op.LoadInt(2n ** 63n - 1n), 1);
    b.emit(Op.LoadInt(1), 1);
    b.emit(Op.Add, 1);
    const c = b.build();
    expect(Chunk.fromJSON(c.toJSON()).intOverflowDeopt).toBe(true);
    for (const backend of BACKENDS) expect(new VM(c, { backend }).run()).toEqual({ status: 'ok', value: -(2n ** 63n) });
  });
});
