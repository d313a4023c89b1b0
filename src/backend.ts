// The contract between the VM facade and its backends (pure-TS interpreter,
// wasm core): what a run returns and what a VM can be configured with.

import type { FuseVMError } from './errors.js';
import type { Value } from './values/value.js';

/** Outcome of `vm.run()`, discriminated by `status`. */
export type RunResult =
  | { readonly status: 'ok'; readonly value: Value }
  | { readonly status: 'error'; readonly error: FuseVMError }
  | { readonly status: 'halted' };

export type BackendName = 'wasm' | 'ts';
