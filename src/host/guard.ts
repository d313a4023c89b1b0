// Host callbacks (builtins, extension handlers, output, input, ShellHost
// methods) run inside an op; what one throws is carried to the end of the run
// as a HostFailure, which the interpreter turns into a HostError naming the
// callback, with the original as its cause. fusevm's own errors pass through.

import { FuseVMError } from '../errors.js';
import type { ShellHost } from './shell.js';

export class HostFailure {
  constructor(
    readonly what: string,
    readonly cause: unknown,
  ) {}
}

export function hostCall<R>(what: string, f: () => R): R {
  try {
    return f();
  } catch (e) {
    if (e instanceof FuseVMError || e instanceof HostFailure) throw e;
    throw new HostFailure(what, e);
  }
}

/** The same ShellHost, each method called through hostCall. */
export function guardShellHost(host: ShellHost): ShellHost {
  return new Proxy(host, {
    get(target, key) {
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => hostCall(`ShellHost.${String(key)}`, () => (v as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}
