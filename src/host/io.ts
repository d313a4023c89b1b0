// Default output sink and input source: the process's stdout/stdin under
// Node, a buffer elsewhere. Node's fs is reached through process.binding-free
// dynamic lookup so browser bundles never pull a Node built-in.

type WriteSync = (fd: number, s: string) => void;
type ReadSync = (fd: number, buf: Uint8Array, off: number, len: number, pos: null) => number;

interface NodeFs {
  writeSync: WriteSync;
  readSync: ReadSync;
}

/** A Node built-in module under Node (20.16 and later), else undefined. */
export function nodeBuiltin<T>(name: string): T | undefined {
  const p = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (m: string) => unknown } }).process;
  if (!p?.versions?.node) return undefined;
  // getBuiltinModule exists from Node 20.16; older Node falls back to the buffer.
  return p.getBuiltinModule?.(name) as T | undefined;
}

const nodeFs = () => nodeBuiltin<NodeFs>('fs');

/** Where Print/PrintLn write by default. */
export function defaultOutput(): (s: string) => void {
  const fs = nodeFs();
  if (fs) return (s) => fs.writeSync(1, s);
  let buf = '';
  return (s) => {
    buf += s;
    const nl = buf.lastIndexOf('\n');
    if (nl >= 0) {
      console.log(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  };
}

/** Where ReadLine reads by default: stdin line by line under Node, nothing elsewhere. */
export function defaultInput(): () => string | undefined {
  const fs = nodeFs();
  if (!fs) return () => undefined;
  let pending = '';
  let eof = false;
  const chunk = new Uint8Array(4096);
  const dec = new TextDecoder();
  return () => {
    for (;;) {
      const nl = pending.indexOf('\n');
      if (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        return line;
      }
      if (eof) {
        if (pending === '') return undefined;
        const line = pending;
        pending = '';
        return line;
      }
      let n = 0;
      try {
        n = fs.readSync(0, chunk, 0, chunk.length, null);
      } catch {
        n = 0;
      }
      if (n === 0) eof = true;
      else pending += dec.decode(chunk.subarray(0, n), { stream: true });
    }
  };
}
