// Typed errors. Every error fusevm throws or returns derives from FuseVMError
// and says where it happened: op index, op name, source line, chunk source.

export interface ErrorSite {
  /** Index of the op in its chunk. */
  readonly ip?: number;
  /** Name of the op. */
  readonly op?: string;
  /** Source line recorded for the op. */
  readonly line?: number;
  /** The chunk's `source` (file name). */
  readonly source?: string;
}

export class FuseVMError extends Error {
  // Spelled out, not new.target.name: minifiers rename classes.
  override name = 'FuseVMError';
  readonly ip?: number;
  readonly op?: string;
  readonly line?: number;
  readonly source?: string;
  constructor(message: string, site: ErrorSite = {}, options?: { cause?: unknown }) {
    super(message + describeSite(site), options);
    this.ip = site.ip;
    this.op = site.op;
    this.line = site.line;
    this.source = site.source;
  }
}

/** A chunk that cannot be read: malformed JSON or .fasm, an unknown op, a
 *  missing key, an operand of the wrong type or width. */
export class ChunkFormatError extends FuseVMError {
  override name = 'ChunkFormatError';
}

/** A builder pool (constants, names, sub-chunks…) that would overflow its
 *  index width. */
export class PoolOverflowError extends FuseVMError {
  override name = 'PoolOverflowError';
}

export function describeSite(site: ErrorSite): string {
  const parts: string[] = [];
  if (site.ip !== undefined) parts.push(`op ${site.ip}${site.op ? ` (${site.op})` : ''}`);
  else if (site.op) parts.push(site.op);
  if (site.line !== undefined) parts.push(`line ${site.line}`);
  if (site.source) parts.push(site.source);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

/** A chunk that strict verification refuses (a jump outside the chunk, an
 *  index past its pool), raised before anything runs. The site is the first
 *  problem's; `problems` lists them all. */
export class VerifyError extends FuseVMError {
  override name = 'VerifyError';
  constructor(
    message: string,
    site: ErrorSite = {},
    readonly problems: readonly { readonly message: string; readonly ip?: number; readonly op?: string; readonly line?: number; readonly path: readonly number[] }[] = [],
  ) {
    super(message, site);
  }
}

/** A run that stopped with an error: the op's own failure (an undefined
 *  function, an allocation too large) or an internal fault, caught. */
export class VMRuntimeError extends FuseVMError {
  override name = 'VMRuntimeError';
}

/** A run stopped because a host callback threw — a builtin, an extension
 *  handler, `output`, `input`, a ShellHost method or the interrupt — or gave
 *  back something that is not a Value; what it threw is `cause`. */
export class HostError extends VMRuntimeError {
  override name = 'HostError';
}

/** Which limit a run hit. */
export type LimitName = 'fuel' | 'callDepth' | 'stackDepth' | 'memory' | 'interrupt' | 'depth';

/** A run stopped by one of the VM's limits; the VM can be reset and reused. */
export class LimitError extends VMRuntimeError {
  override name = 'LimitError';
  constructor(
    readonly limit: LimitName,
    message: string,
    site: ErrorSite = {},
  ) {
    super(message, site);
  }
}
/** More ops executed than `limits.fuel` allows. */
export class FuelExhausted extends LimitError {
  override name = 'FuelExhausted';
}
/** Calls nested deeper than `limits.callDepth`, or more values on the stack than `limits.stackDepth`. */
export class StackOverflow extends LimitError {
  override name = 'StackOverflow';
}
/** A string, array or hash larger than `limits.maxElements` allows. */
export class OutOfMemory extends LimitError {
  override name = 'OutOfMemory';
}
/** The host's `interrupt` callback asked the run to stop. */
export class Interrupted extends LimitError {
  override name = 'Interrupted';
}

/** The VM was used in a state that does not allow it: `run()` after
 *  `dispose()`, `run()` or `reset()` from inside its own run, or a dispose
 *  from a callback during the run (that run ends with this error at the op
 *  that called back; the VM is disposed when it returns). */
export class VMStateError extends VMRuntimeError {
  override name = 'VMStateError';
  constructor(
    readonly state: 'disposed' | 'running',
    message: string,
    site: ErrorSite = {},
  ) {
    super(message, site);
  }
}
