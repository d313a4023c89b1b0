// The ShellHost interface: shell ops (Glob, Exec, Redirect, CmdSubst, …) are
// routed here. Every method is optional; without one the VM keeps stack
// discipline with upstream's stub behaviour (see the interpreter's shell ops).

import type { Chunk } from '../chunk/chunk.js';
import type { Value } from '../values/value.js';

export interface ShellHost {
  glob?(pattern: string, recursive: boolean): string[];
  tildeExpand?(word: string): string;
  braceExpand?(word: string): string[];
  wordSplit?(text: string): string[];
  /** `${name…}` with modifier code `modifier` and its argument values. */
  expandParam?(name: string, modifier: number, args: Value[]): Value;
  /** Run `sub` and return what it wrote to stdout. */
  cmdSubst?(sub: Chunk): string;
  processSubIn?(sub: Chunk): string;
  processSubOut?(sub: Chunk): string;
  redirect?(fd: number, op: number, target: string): void;
  hereDoc?(content: string): void;
  hereString?(word: string): void;
  pipelineBegin?(stages: number): void;
  pipelineStage?(): void;
  pipelineEnd?(): number;
  subshellBegin?(): void;
  /** The subshell's status, if it has one. */
  subshellEnd?(): number | undefined;
  trapSet?(signal: string, handler: Chunk): void;
  trapCheck?(): void;
  withRedirectsBegin?(count: number): void;
  withRedirectsEnd?(): void;
  /** A shell function by name; undefined when there is none (then builtins, then exec). */
  callFunction?(name: string, args: string[]): number | undefined;
  strMatch?(text: string, pattern: string): boolean;
  regexMatch?(text: string, regex: string): boolean;
  /** Run a command; returns its exit status. Without a host fusevm spawns
   *  nothing and answers 127 (command not found). */
  exec?(argv: string[]): number;
  execBg?(argv: string[]): void;
  /** File test `test` (file_test codes: 0 -f, 1 -d, … 5 -e …) on `path`. */
  testFile?(test: number, path: string): boolean;
}

/** File-test codes of TestFile(u8), as upstream numbers them. */
export const FILE_TEST = { IS_FILE: 0, IS_DIR: 1, IS_READABLE: 2, IS_WRITABLE: 3, IS_EXECUTABLE: 4, EXISTS: 5, IS_NONEMPTY: 6, IS_SYMLINK: 7, IS_SOCKET: 8, IS_FIFO: 9, IS_BLOCK_DEV: 10, IS_CHAR_DEV: 11 } as const;

/** Redirect(fd, op) operation codes, as upstream numbers them. */
export const REDIRECT_OP = { WRITE: 0, APPEND: 1, READ: 2, READ_WRITE: 3, CLOBBER: 4, DUP_READ: 5, DUP_WRITE: 6, WRITE_BOTH: 7, APPEND_BOTH: 8 } as const;

/** ExpandParam(modifier) codes, as upstream numbers them. */
export const PARAM_MOD = {
  DEFAULT: 0, ASSIGN: 1, ERROR: 2, ALTERNATE: 3, LENGTH: 4, STRIP_SHORT: 5, STRIP_LONG: 6, RSTRIP_SHORT: 7, RSTRIP_LONG: 8,
  SUBST_FIRST: 9, SUBST_ALL: 10, UPPER: 11, LOWER: 12, UPPER_FIRST: 13, LOWER_FIRST: 14, INDIRECT: 15, KEYS: 16, SLICE: 17,
} as const;

/** How many argument values ExpandParam pops for each modifier, below the name. */
export function expandParamArgc(modifier: number): number {
  if (modifier <= 3 || (modifier >= 5 && modifier <= 8)) return 1;
  if (modifier === 9 || modifier === 10 || modifier === 17) return 2;
  return 0;
}
