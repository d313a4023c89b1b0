// Shell ops for the interpreter: each routes to the ShellHost when one is set
// and otherwise does what upstream's stubs do, keeping stack discipline.

import { expandParamArgc, type ShellHost } from '../host/shell.js';
import { Status, type Value } from '../values/value.js';
import { toStr } from '../values/convert.js';
import { CHAR_BYTES, ELEMENT_BYTES, STRING_BYTES } from '../values/heap-size.js';
import type { Handler, Interpreter } from './interpreter.js';

const num = (x: number | bigint): number => Number(x);
const host = (vm: Interpreter): ShellHost | undefined => vm.shell();

/** Words for Exec/CallFunction: arrays are flattened into their elements. */
function words(vm: Interpreter, vals: Value[]): string[] {
  return vals.flatMap((v) => (Array.isArray(v) ? v.map((x) => vm.str(x)) : [vm.str(v)]));
}

function subChunkOutput(vm: Interpreter, idx: number, f: ((c: import('../chunk/chunk.js').Chunk) => string) | undefined): string {
  const sub = vm.chunk.subChunks[idx];
  return sub && f ? f(sub) : '';
}

export const SHELL_OPS: Record<string, Handler> = {
  Exec: (vm, [argc]) => {
    const args = words(vm, vm.popN(num(argc!)));
    if (args.length === 0) return vm.push(new Status(0));
    const cmd = args[0]!;
    const nameIdx = vm.chunk.names.indexOf(cmd);
    const entry = nameIdx >= 0 ? vm.chunk.findSub(nameIdx) : undefined;
    if (entry !== undefined) {
      for (const a of args.slice(1)) vm.push(a);
      vm.enter(entry, args.length - 1);
      return;
    }
    switch (cmd) {
      case 'true':
        return vm.push(new Status(0));
      case 'false':
        return vm.push(new Status(1));
      case 'echo':
        vm.hooks.output(args.slice(1).join(' ') + '\n');
        return vm.push(new Status(0));
      case 'test':
      case '[':
        return vm.push(new Status(0));
    }
    vm.push(new Status(host(vm)?.exec?.(args) ?? 127));
  },
  ExecBg: (vm, [argc]) => {
    const args = words(vm, vm.popN(num(argc!)));
    if (args.length) host(vm)?.execBg?.(args);
    vm.push(new Status(0));
  },
  PipelineBegin: (vm, [n]) => host(vm)?.pipelineBegin?.(num(n!)),
  PipelineStage: (vm) => host(vm)?.pipelineStage?.(),
  PipelineEnd: (vm) => {
    const h = host(vm);
    const status = h?.pipelineEnd ? h.pipelineEnd() : vm.lastStatus;
    vm.lastStatus = status;
    vm.push(new Status(status));
  },
  SubshellBegin: (vm) => host(vm)?.subshellBegin?.(),
  SubshellEnd: (vm) => {
    const s = host(vm)?.subshellEnd?.();
    if (s !== undefined) vm.lastStatus = s;
  },
  Redirect: (vm, [fd, op]) => {
    const target = toStr(vm.pop());
    host(vm)?.redirect?.(num(fd!), num(op!), target);
  },
  HereDoc: (vm, [idx]) => host(vm)?.hereDoc?.(toStr(vm.chunk.constants[num(idx!)])),
  HereString: (vm) => {
    const s = toStr(vm.pop());
    host(vm)?.hereString?.(s);
  },
  CmdSubst: (vm, [idx]) => vm.push(subChunkOutput(vm, num(idx!), host(vm)?.cmdSubst?.bind(host(vm)))),
  ProcessSubIn: (vm, [idx]) => vm.push(subChunkOutput(vm, num(idx!), host(vm)?.processSubIn?.bind(host(vm)))),
  ProcessSubOut: (vm, [idx]) => vm.push(subChunkOutput(vm, num(idx!), host(vm)?.processSubOut?.bind(host(vm)))),
  Glob: (vm) => {
    const pat = toStr(vm.pop());
    vm.push(host(vm)?.glob?.(pat, false) ?? []);
  },
  GlobRecursive: (vm) => {
    const pat = toStr(vm.pop());
    vm.push(host(vm)?.glob?.(pat, true) ?? []);
  },
  TestFile: (vm, [test]) => {
    const path = toStr(vm.pop());
    // Without a host there is no file system to look at (browsers, sandboxes): false.
    vm.push(host(vm)?.testFile?.(num(test!), path) ?? false);
  },
  TrapSet: (vm, [idx]) => {
    const sig = toStr(vm.pop());
    const sub = vm.chunk.subChunks[num(idx!)];
    if (sub) host(vm)?.trapSet?.(sig, sub);
  },
  TrapCheck: (vm) => host(vm)?.trapCheck?.(),
  TildeExpand: (vm) => {
    const s = toStr(vm.pop());
    vm.push(host(vm)?.tildeExpand?.(s) ?? s);
  },
  BraceExpand: (vm) => {
    const s = toStr(vm.pop());
    vm.push(host(vm)?.braceExpand?.(s) ?? [s]);
  },
  WordSplit: (vm) => {
    const s = vm.str(vm.pop());
    const h = host(vm);
    if (h?.wordSplit) return vm.push(h.wordSplit(s));
    // At most one word per two units: reserve that, give back what was not used.
    const most = (s.length + 1) >> 1;
    vm.newArray(most, 'a word list', ELEMENT_BYTES + STRING_BYTES);
    vm.work(0, s.length);
    vm.reserve(s.length * CHAR_BYTES);
    const words = s.split(/[ \t\n\r\f\v]+/).filter((w) => w !== '');
    vm.release((most - words.length) * (ELEMENT_BYTES + STRING_BYTES));
    vm.push(words);
  },
  ExpandParam: (vm, [m]) => {
    const mod = num(m!);
    const args = vm.popN(expandParamArgc(mod));
    while (args.length < expandParamArgc(mod)) args.unshift(undefined);
    const name = toStr(vm.pop());
    const h = host(vm);
    vm.push(h?.expandParam ? h.expandParam(name, mod, args) : '');
  },
  StrMatch: (vm) => {
    const pat = toStr(vm.pop());
    const s = toStr(vm.pop());
    const h = host(vm);
    vm.push(h?.strMatch ? h.strMatch(s, pat) : s === pat);
  },
  RegexMatch: (vm) => {
    const re = toStr(vm.pop());
    const s = toStr(vm.pop());
    vm.push(host(vm)?.regexMatch?.(s, re) ?? false);
  },
  WithRedirectsBegin: (vm, [n]) => host(vm)?.withRedirectsBegin?.(num(n!)),
  WithRedirectsEnd: (vm) => host(vm)?.withRedirectsEnd?.(),
  CallFunction: (vm, [nameIdx, argc]) => {
    const name = vm.chunk.names[num(nameIdx!)] ?? '';
    const args = words(vm, vm.popN(num(argc!)));
    const h = host(vm);
    let status: number;
    if (h) {
      status = h.callFunction?.(name, args) ?? h.exec?.([name, ...args]) ?? 127;
    } else {
      const entry = vm.chunk.findSub(num(nameIdx!));
      if (entry !== undefined) {
        for (const a of args) vm.push(a);
        vm.enter(entry, args.length);
        return;
      }
      status = 127;
    }
    vm.lastStatus = status;
    vm.push(new Status(status));
  },
};

