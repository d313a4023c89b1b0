// Ops the conformance sets do not reach, checked against upstream's meaning
// (src/vm.rs exec_op): float math, modular fused arithmetic, frames, calls,
// I/O, extension points and every shell op with and without a ShellHost.

import { describe, expect, it } from 'vitest';
import { ChunkBuilder } from '../src/chunk/builder.js';
import type { Chunk } from '../src/chunk/chunk.js';
import { Op, type Instr } from '../src/ops/op.js';
import type { ShellHost } from '../src/host/shell.js';
import { Float, Status, type Value } from '../src/values/value.js';
import { VM } from '../src/vm.js';

function chunk(ops: Instr[], setup?: (b: ChunkBuilder) => void): Chunk {
  const b = new ChunkBuilder();
  setup?.(b);
  for (const op of ops) b.emit(op, 1);
  return b.build();
}
function value(ops: Instr[], setup?: (b: ChunkBuilder) => void, prep?: (vm: VM) => void): Value {
  const vm = new VM(chunk(ops, setup), { output: () => {} });
  prep?.(vm);
  const r = vm.run();
  if (r.status !== 'ok') throw new Error(`run ended ${r.status}${r.status === 'error' ? ': ' + r.error.message : ''}`);
  return r.value;
}
const F = (x: number) => new Float(x);

describe('float math ops (always f64)', () => {
  it.each([
    ['SqrtFloat', 9, 3],
    ['AbsFloat', -2, 2],
    ['CeilFloat', F(1.2), 2],
    ['FloorFloat', F(-1.2), -2],
    ['TruncFloat', F(-1.7), -1],
    ['RoundFloat', F(2.5), 2],
    ['RoundFloat', F(3.5), 4],
    ['ExpFloat', 0, 1],
    ['LogFloat', 1, 0],
    ['Log2Float', 8, 3],
    ['Log10Float', 1000, 3],
  ] as const)('%s(%o) = %d', (op, x, want) => {
    expect(value([typeof x === 'number' ? Op.LoadInt(x) : Op.LoadFloat(x.value), (Op as unknown as Record<string, Instr>)[op]!])).toEqual(F(want));
  });
  it('PowFloat and Atan2Float take two operands in order', () => {
    expect(value([Op.LoadInt(2), Op.LoadInt(10), Op.PowFloat])).toEqual(F(1024));
    expect(value([Op.LoadInt(1), Op.LoadInt(1), Op.Atan2Float])).toEqual(F(Math.PI / 4));
  });
  it('integer helpers', () => {
    expect(value([Op.LoadFloat(-3.9), Op.TruncInt])).toBe(-3);
    expect(value([Op.LoadFloat(1e300), Op.TruncInt])).toBe(2n ** 63n - 1n);
    expect(value([Op.LoadInt(-(2n ** 63n)), Op.AbsInt])).toBe(-(2n ** 63n)); // wrapping_abs
    expect(value([Op.LoadInt(-12), Op.LoadInt(18), Op.GcdInt])).toBe(6);
    expect(value([Op.LoadInt(0), Op.LoadInt(0), Op.GcdInt])).toBe(0);
    expect(value([Op.LoadInt(4), Op.LoadInt(6), Op.LcmInt])).toBe(12);
    expect(value([Op.LoadInt(2n ** 62n), Op.LoadInt(3), Op.LcmInt])).toBe(2n ** 63n - 1n); // saturates
  });
  it('TimeInt is the Unix time in seconds', () => {
    const t = value([Op.TimeInt]) as number;
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
  });
});

describe('MulModFloor and MulAddModFloor', () => {
  it('take the product exactly and floor the remainder', () => {
    expect(value([Op.LoadInt(-7), Op.LoadInt(1), Op.LoadInt(3), Op.MulModFloor])).toBe(2);
    expect(value([Op.LoadInt(6364136223846793005n), Op.LoadInt(12345), Op.LoadInt(1000000007), Op.MulModFloor])).toBe(Number((6364136223846793005n * 12345n) % 1000000007n));
    expect(value([Op.LoadInt(5), Op.LoadInt(5), Op.LoadInt(0), Op.MulModFloor])).toBe(0);
    expect(value([Op.LoadInt(3), Op.LoadInt(4), Op.LoadInt(-20), Op.LoadInt(7), Op.MulAddModFloor])).toBe(6); // -8 mod 7
  });
  it('fall back to Mul then Mod for non-integers, still floored', () => {
    expect(value([Op.LoadFloat(-7), Op.LoadInt(1), Op.LoadInt(3), Op.MulModFloor])).toEqual(F(2));
  });
});

describe('frames and calls', () => {
  it('PushFrame gives fresh slots and PopFrame drops what the scope pushed', () => {
    expect(value([Op.LoadInt(1), Op.SetSlot(0), Op.PushFrame, Op.GetSlot(0), Op.LoadInt(9), Op.PopFrame, Op.GetSlot(0), Op.MakeArray(8)])).toEqual([1]);
  });
  it('Return drops the callee frame and its stack; Call passes arguments on the stack', () => {
    const v = value([Op.LoadInt(7), Op.LoadInt(5), Op.Call(0, 1), Op.MakeArray(8), Op.Jump(8), Op.SetSlot(0), Op.LoadInt(99), Op.Return], (b) => {
      b.addName('f');
      b.addSubEntry(0, 5);
    });
    expect(v).toEqual([7]);
  });
  it('CallDynamic takes the name index from the top of the stack', () => {
    const v = value([Op.LoadInt(20), Op.LoadInt(0), Op.CallDynamic(1), Op.Jump(6), Op.Inc, Op.ReturnValue], (b) => {
      b.addName('inc');
      b.addSubEntry(0, 4);
    });
    expect(v).toBe(21);
    const vm = new VM(chunk([Op.LoadInt(3), Op.CallDynamic(0)]));
    expect(vm.run()).toMatchObject({ status: 'error' });
  });
  it('CallBuiltin without a registered builtin pushes nothing', () => {
    expect(value([Op.LoadInt(1), Op.CallBuiltin(5, 0), Op.MakeArray(8)])).toEqual([1]);
  });
  it('extension ops without a handler do nothing', () => {
    expect(value([Op.LoadInt(1), Op.Extended(1, 2), Op.ExtendedWide(3, 2n ** 60n), Op.MakeArray(8)])).toEqual([1]);
    const seen: unknown[] = [];
    value([Op.ExtendedWide(3, 2n ** 60n), Op.LoadInt(0)], undefined, (vm) => vm.setExtensionWideHandler((_vm, id, p) => seen.push(id, p)));
    expect(seen).toEqual([3, 2n ** 60n]);
  });
  it('the block ops are no-ops, as upstream ships them', () => {
    expect(value([Op.LoadInt(1), Op.MapBlock(0), Op.GrepBlock(0), Op.SortBlock(0), Op.ForEachBlock(0), Op.SortDefault], (b) => b.addBlockRange(0, 1))).toBe(1);
  });
});

describe('I/O', () => {
  it('Print joins string forms without separators; PrintLn adds a newline', () => {
    let out = '';
    const vm = new VM(chunk([Op.LoadInt(1), Op.LoadFloat(2), Op.LoadTrue, Op.Print(3), Op.LoadConst(0), Op.PrintLn(1), Op.PrintLn(0)], (b) => b.addConstant('x')), { output: (s) => (out += s) });
    expect(vm.run()).toEqual({ status: 'halted' });
    expect(out).toBe('121x\n\n');
  });
});

describe('shell ops without a ShellHost (upstream stubs)', () => {
  const k = (b: ChunkBuilder, ...cs: string[]) => cs.forEach((c) => b.addConstant(c));
  it('keep stack discipline', () => {
    const v = value(
      [Op.LoadConst(0), Op.WordSplit, Op.LoadConst(1), Op.BraceExpand, Op.LoadConst(1), Op.StrMatch.args.length ? Op.Nop : Op.Nop, Op.LoadConst(1), Op.StrMatch, Op.LoadConst(0), Op.LoadConst(1), Op.RegexMatch, Op.LoadConst(1), Op.TestFile(5), Op.MakeArray(8)],
      (b) => k(b, ' a  b\tc ', 'x'),
    );
    expect(v).toEqual([['a', 'b', 'c'], ['x'], true, false, false]);
  });
  it('status ops, pipelines and Exec builtins', () => {
    expect(value([Op.LoadInt(3), Op.SetStatus, Op.GetStatus])).toEqual(new Status(3));
    expect(value([Op.LoadInt(4), Op.SetStatus, Op.PipelineBegin(2), Op.PipelineStage, Op.PipelineEnd])).toEqual(new Status(4));
    let out = '';
    const vm = new VM(chunk([Op.LoadConst(0), Op.LoadConst(1), Op.Exec(2), Op.LoadConst(2), Op.Exec(1), Op.MakeArray(2)], (b) => k(b, 'echo', 'hi', 'false')), { output: (s) => (out += s) });
    expect(vm.run()).toEqual({ status: 'ok', value: [new Status(0), new Status(1)] });
    expect(out).toBe('hi\n');
  });
  it('Exec and CallFunction run a subroutine of that name with string arguments', () => {
    const v = value([Op.LoadConst(0), Op.LoadInt(41), Op.Exec(2), Op.Jump(6), Op.Inc, Op.ReturnValue], (b) => {
      b.addConstant('bump');
      b.addSubEntry(b.addName('bump'), 4);
    });
    expect(v).toBe(42);
    const w = value([Op.LoadInt(1), Op.CallFunction(0, 1), Op.Jump(5), Op.Nop, Op.ReturnValue], (b) => b.addSubEntry(b.addName('f'), 3));
    expect(w).toBe('1');
  });
  it('ExpandParam pops its modifier\'s arguments and the name; substitution ops push empty strings', () => {
    expect(value([Op.LoadConst(0), Op.LoadConst(1), Op.ExpandParam(0), Op.CmdSubst(0), Op.ProcessSubIn(0), Op.ProcessSubOut(0), Op.MakeArray(8)], (b) => {
      k(b, 'HOME', 'dflt');
      b.addSubChunk(chunk([Op.LoadInt(1)]));
    })).toEqual(['', '', '', '']);
  });
});

describe('shell ops with a ShellHost', () => {
  it('route every op to the host with its operands', () => {
    const calls: unknown[][] = [];
    const log =
      (name: string, ret?: unknown) =>
      (...args: unknown[]) => {
        calls.push([name, ...args.map((a) => (a && typeof a === 'object' && 'ops' in (a as object) ? 'chunk' : a))]);
        return ret;
      };
    const host: ShellHost = {
      glob: log('glob', ['g']) as ShellHost['glob'],
      tildeExpand: log('tilde', '/h') as ShellHost['tildeExpand'],
      braceExpand: log('brace', ['a', 'b']) as ShellHost['braceExpand'],
      wordSplit: log('split', ['w']) as ShellHost['wordSplit'],
      expandParam: log('param', 'val') as ShellHost['expandParam'],
      cmdSubst: log('cmd', 'out') as ShellHost['cmdSubst'],
      processSubIn: log('psin', '/dev/fd/3') as ShellHost['processSubIn'],
      processSubOut: log('psout', '/dev/fd/4') as ShellHost['processSubOut'],
      redirect: log('redirect') as ShellHost['redirect'],
      hereDoc: log('heredoc') as ShellHost['hereDoc'],
      hereString: log('herestring') as ShellHost['hereString'],
      pipelineBegin: log('pbegin') as ShellHost['pipelineBegin'],
      pipelineStage: log('pstage') as ShellHost['pipelineStage'],
      pipelineEnd: log('pend', 5) as ShellHost['pipelineEnd'],
      subshellBegin: log('sbegin') as ShellHost['subshellBegin'],
      subshellEnd: log('send', 6) as ShellHost['subshellEnd'],
      trapSet: log('trap') as ShellHost['trapSet'],
      trapCheck: log('trapcheck') as ShellHost['trapCheck'],
      withRedirectsBegin: log('wrbegin') as ShellHost['withRedirectsBegin'],
      withRedirectsEnd: log('wrend') as ShellHost['withRedirectsEnd'],
      callFunction: log('func', 7) as ShellHost['callFunction'],
      strMatch: log('match', true) as ShellHost['strMatch'],
      regexMatch: log('regex', true) as ShellHost['regexMatch'],
      exec: log('exec', 8) as ShellHost['exec'],
      execBg: log('execbg') as ShellHost['execBg'],
      testFile: log('test', true) as ShellHost['testFile'],
    };
    const ops = [
      Op.LoadConst(0), Op.Glob, Op.LoadConst(0), Op.GlobRecursive, Op.LoadConst(0), Op.TildeExpand, Op.LoadConst(0), Op.BraceExpand,
      Op.LoadConst(0), Op.WordSplit, Op.LoadConst(0), Op.LoadConst(0), Op.ExpandParam(0), Op.CmdSubst(0), Op.ProcessSubIn(0), Op.ProcessSubOut(0),
      Op.LoadConst(0), Op.Redirect(1, 2), Op.HereDoc(0), Op.LoadConst(0), Op.HereString, Op.PipelineBegin(2), Op.PipelineStage, Op.PipelineEnd,
      Op.SubshellBegin, Op.SubshellEnd, Op.LoadConst(0), Op.TrapSet(0), Op.TrapCheck, Op.WithRedirectsBegin(1), Op.WithRedirectsEnd,
      Op.LoadConst(0), Op.CallFunction(0, 1), Op.LoadConst(0), Op.LoadConst(0), Op.StrMatch, Op.LoadConst(0), Op.LoadConst(0), Op.RegexMatch,
      Op.LoadConst(0), Op.Exec(1), Op.LoadConst(0), Op.ExecBg(1), Op.LoadConst(0), Op.TestFile(1), Op.GetStatus, Op.MakeArray(30),
    ];
    const v = value(ops, (b) => {
      b.addConstant('w');
      b.addName('fn');
      b.addSubChunk(chunk([Op.Nop]));
    }, (vm) => vm.setShellHost(host));
    expect(v).toEqual([['g'], ['g'], '/h', ['a', 'b'], ['w'], 'val', 'out', '/dev/fd/3', '/dev/fd/4', new Status(5), new Status(7), true, true, new Status(8), new Status(0), true, new Status(7)]); // CallFunction set $? last
    expect(calls.map((c) => c[0])).toEqual(['glob', 'glob', 'tilde', 'brace', 'split', 'param', 'cmd', 'psin', 'psout', 'redirect', 'heredoc', 'herestring', 'pbegin', 'pstage', 'pend', 'sbegin', 'send', 'trap', 'trapcheck', 'wrbegin', 'wrend', 'func', 'match', 'regex', 'exec', 'execbg', 'test']);
    expect(calls[1]).toEqual(['glob', 'w', true]);
    expect(calls[5]).toEqual(['param', 'w', 0, ['w']]);
    expect(calls[9]).toEqual(['redirect', 1, 2, 'w']);
    expect(calls[21]).toEqual(['func', 'fn', ['w']]);
  });
});
