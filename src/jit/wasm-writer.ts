// The only writer of WebAssembly bytes: a typed builder for modules and
// function bodies (LEB128, sections with back-patched sizes, locals as typed
// handles, labels that know their own branch depth). Run-time code is written
// with it directly; binaryen serves only tests and tools.

export const ValType = { i32: 0x7f, i64: 0x7e, f64: 0x7c } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];
const VOID_BLOCK = 0x40;

/** A local of a function body, typed so a get or set cannot mix kinds up. */
export interface Local<T extends ValType = ValType> {
  readonly index: number;
  readonly type: T;
}

/** A structured-control label: `br(label)` computes its depth. */
export interface Label {
  readonly level: number;
}

/** A growable byte buffer with the encodings wasm uses; a discarding one keeps nothing (for dry runs). */
const bigLebs = new Map<bigint, Uint8Array>();

export class ByteSink {
  #buf: Uint8Array;
  length = 0;
  constructor(readonly discard = false) {
    this.#buf = new Uint8Array(discard ? 0 : 256);
  }
  #ensure(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }
  u8(b: number): void {
    if (this.discard) return;
    this.#ensure(1);
    this.#buf[this.length++] = b;
  }
  bytes(b: ArrayLike<number>): void {
    if (this.discard) return;
    this.#ensure(b.length);
    this.#buf.set(b, this.length);
    this.length += b.length;
  }
  uleb(v: number): void {
    do {
      let byte = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0);
  }
  /** Signed LEB128 of a safe integer (i32 or i64 immediates). */
  sleb(v: number): void {
    for (;;) {
      const byte = v & 0x7f;
      v = Math.floor(v / 128);
      if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return this.u8(byte);
      this.u8(byte | 0x80);
    }
  }
  /** Signed LEB128 of an i64 (the encodings of the few wide constants compiled code uses are kept: BigInt shifts are slow). */
  slebBig(v: bigint): void {
    if (this.discard) return;
    let enc = bigLebs.get(v);
    if (!enc) {
      const out: number[] = [];
      let x = BigInt.asIntN(64, v);
      for (;;) {
        const byte = Number(x & 0x7fn);
        x >>= 7n;
        if ((x === 0n && !(byte & 0x40)) || (x === -1n && byte & 0x40)) {
          out.push(byte);
          break;
        }
        out.push(byte | 0x80);
      }
      enc = Uint8Array.from(out);
      if (bigLebs.size >= 1024) bigLebs.clear();
      bigLebs.set(v, enc);
    }
    this.bytes(enc);
  }
  f64(x: number): void {
    if (this.discard) return;
    this.#ensure(8);
    new DataView(this.#buf.buffer, this.#buf.byteOffset).setFloat64(this.length, x, true);
    this.length += 8;
  }
  name(s: string): void {
    const b = new TextEncoder().encode(s);
    this.uleb(b.length);
    this.bytes(b);
  }
  /** Write what `fill` writes behind its length, as a 5-byte (padded) LEB128 patched afterwards. */
  sized(fill: (s: ByteSink) => void): void {
    if (this.discard) return fill(this);
    this.#ensure(5);
    const at = this.length;
    this.length += 5;
    fill(this);
    let n = this.length - at - 5;
    for (let k = 0; k < 5; k++, n >>>= 7) this.#buf[at + k] = (n & 0x7f) | (k < 4 ? 0x80 : 0);
  }
  view(): Uint8Array {
    return this.#buf.subarray(0, this.length);
  }
}

/** Opcodes the JIT emits that take no immediate (arithmetic, conversions, comparisons). */
export const Ins = {
  unreachable: 0x00,
  nop: 0x01,
  drop: 0x1a,
  select: 0x1b,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32LeS: 0x4c, i32GeS: 0x4e,
  i64Eqz: 0x50, i64Eq: 0x51, i64Ne: 0x52, i64LtS: 0x53, i64LtU: 0x54, i64GtS: 0x55, i64GtU: 0x56, i64LeS: 0x57, i64LeU: 0x58, i64GeS: 0x59,
  f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63, f64Gt: 0x64, f64Le: 0x65, f64Ge: 0x66,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrU: 0x76,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64RemS: 0x81, i64And: 0x83, i64Or: 0x84, i64Xor: 0x85, i64Shl: 0x86, i64ShrS: 0x87, i64ShrU: 0x88,
  f64Abs: 0x99, f64Neg: 0x9a, f64Ceil: 0x9b, f64Floor: 0x9c, f64Trunc: 0x9d, f64Nearest: 0x9e, f64Sqrt: 0x9f,
  f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3,
  i32WrapI64: 0xa7,
  i64ExtendI32S: 0xac, i64ExtendI32U: 0xad,
  f64ConvertI32U: 0xb8, f64ConvertI64S: 0xb9, f64ConvertI64U: 0xba,
  i64ReinterpretF64: 0xbd, f64ReinterpretI64: 0xbf,
} as const;

/** A function body: locals, then instructions. Params come first in local numbering. A dry-run body
 *  (`discard`) tracks locals and labels but keeps no bytes (the JIT's analysis passes). */
export class FunctionBody {
  readonly code: ByteSink;
  #locals: ValType[] = [];
  #level = 0;
  constructor(
    readonly paramCount = 0,
    discard = false,
  ) {
    this.code = new ByteSink(discard);
  }

  local<T extends ValType>(type: T): Local<T> {
    this.#locals.push(type);
    return { index: this.paramCount + this.#locals.length - 1, type };
  }
  get localCount(): number {
    return this.#locals.length;
  }

  op(code: number): this {
    this.code.u8(code);
    return this;
  }
  i32(v: number): this {
    this.code.u8(0x41);
    this.code.sleb(v | 0);
    return this;
  }
  i64(v: number | bigint): this {
    this.code.u8(0x42);
    if (typeof v === 'number' && Number.isSafeInteger(v)) this.code.sleb(v);
    else this.code.slebBig(BigInt(v));
    return this;
  }
  f64(v: number): this {
    this.code.u8(0x44);
    this.code.f64(v);
    return this;
  }
  get(l: Local): this {
    this.code.u8(0x20);
    this.code.uleb(l.index);
    return this;
  }
  set(l: Local): this {
    this.code.u8(0x21);
    this.code.uleb(l.index);
    return this;
  }
  tee(l: Local): this {
    this.code.u8(0x22);
    this.code.uleb(l.index);
    return this;
  }
  // Memory access at a constant offset from the address on the stack (natural alignment).
  #mem(code: number, align: number, offset: number): this {
    this.code.u8(code);
    this.code.uleb(align);
    this.code.uleb(offset);
    return this;
  }
  i32Load(offset = 0): this {
    return this.#mem(0x28, 2, offset);
  }
  i64Load(offset = 0): this {
    return this.#mem(0x29, 3, offset);
  }
  f64Load(offset = 0): this {
    return this.#mem(0x2b, 3, offset);
  }
  i32Store(offset = 0): this {
    return this.#mem(0x36, 2, offset);
  }
  i64Store(offset = 0): this {
    return this.#mem(0x37, 3, offset);
  }
  /** i64.trunc_sat_f64_s: Rust's `f as i64` (NaN → 0, saturating). */
  i64TruncSatF64(): this {
    this.code.u8(0xfc);
    this.code.uleb(6);
    return this;
  }

  // ── Structured control ──
  block(result?: ValType): Label {
    this.code.u8(0x02);
    this.code.u8(result ?? VOID_BLOCK);
    return { level: ++this.#level };
  }
  loop(): Label {
    this.code.u8(0x03);
    this.code.u8(VOID_BLOCK);
    return { level: ++this.#level };
  }
  if(result?: ValType): Label {
    this.code.u8(0x04);
    this.code.u8(result ?? VOID_BLOCK);
    return { level: ++this.#level };
  }
  else(): this {
    this.code.u8(0x05);
    return this;
  }
  end(): this {
    this.code.u8(0x0b);
    this.#level--;
    return this;
  }
  br(label: Label): this {
    this.code.u8(0x0c);
    this.code.uleb(this.#level - label.level);
    return this;
  }
  brIf(label: Label): this {
    this.code.u8(0x0d);
    this.code.uleb(this.#level - label.level);
    return this;
  }
  return(): this {
    this.code.u8(0x0f);
    return this;
  }
  /** A direct call of function `index` of this module. */
  call(index: number): this {
    this.code.u8(0x10);
    this.code.uleb(index);
    return this;
  }
  /** call_indirect through table 0 with type `typeIndex` (the callee's slot is on the stack). */
  callIndirect(typeIndex: number): this {
    this.code.u8(0x11);
    this.code.uleb(typeIndex);
    this.code.u8(0x00);
    return this;
  }

  /** The body as the code section holds it: locals grouped by runs of one type, code, end. */
  encode(out: ByteSink): void {
    out.sized((s) => {
      const runs: [number, ValType][] = [];
      for (const t of this.#locals) {
        const last = runs[runs.length - 1];
        if (last && last[1] === t) last[0]++;
        else runs.push([1, t]);
      }
      s.uleb(runs.length);
      for (const [n, t] of runs) {
        s.uleb(n);
        s.u8(t);
      }
      s.bytes(this.code.view());
      s.u8(0x0b);
    });
  }
}

interface FuncType {
  params: readonly ValType[];
  results: readonly ValType[];
}

/** A module: types, a memory import, its own table, functions, exports. */
export class ModuleWriter {
  #types: FuncType[] = [];
  /** Memory imports (compiled code imports the core's memory and nothing else: see src/core/abi.ts JIT_TABLE). */
  #imports: { module: string; name: string; minPages: number }[] = [];
  #funcs: { type: number; body: FunctionBody | undefined }[] = [];
  #exports: { name: string; index: number; kind: 'func' | 'table' }[] = [];
  #table: number | undefined;

  type(params: readonly ValType[], results: readonly ValType[]): number {
    const k = this.#types.findIndex((t) => t.params.join() === params.join() && t.results.join() === results.join());
    if (k >= 0) return k;
    this.#types.push({ params, results });
    return this.#types.length - 1;
  }
  /** Import a memory with only a minimum (a maximum would refuse the core's memory). */
  importMemory(module: string, name: string, minPages = 0): void {
    this.#imports.push({ module, name, minPages });
  }
  func(params: readonly ValType[], results: readonly ValType[], body: FunctionBody): number {
    this.#funcs.push({ type: this.type(params, results), body });
    return this.#funcs.length - 1;
  }
  /** A function index taken now and given its body later (callers emitted before their callee). */
  reserve(params: readonly ValType[], results: readonly ValType[]): number {
    this.#funcs.push({ type: this.type(params, results), body: undefined });
    return this.#funcs.length - 1;
  }
  define(index: number, body: FunctionBody): void {
    this.#funcs[index]!.body = body;
  }
  export(name: string, funcIndex: number): void {
    this.#exports.push({ name, index: funcIndex, kind: 'func' });
  }
  /** A funcref table of the module's own (table 0), exported as `name` for the host to fill. */
  ownTable(name: string, size: number): void {
    this.#table = size;
    this.#exports.push({ name, index: 0, kind: 'table' });
  }

  bytes(): Uint8Array {
    const out = new ByteSink();
    out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (s: ByteSink) => void) => {
      out.u8(id);
      out.sized(fill);
    };
    section(1, (s) => {
      s.uleb(this.#types.length);
      for (const t of this.#types) {
        s.u8(0x60);
        s.uleb(t.params.length);
        for (const p of t.params) s.u8(p);
        s.uleb(t.results.length);
        for (const r of t.results) s.u8(r);
      }
    });
    if (this.#imports.length)
      section(2, (s) => {
        s.uleb(this.#imports.length);
        for (const im of this.#imports) {
          s.name(im.module);
          s.name(im.name);
          s.u8(0x02);
          s.u8(0x00);
          s.uleb(im.minPages);
        }
      });
    section(3, (s) => {
      s.uleb(this.#funcs.length);
      for (const f of this.#funcs) s.uleb(f.type);
    });
    if (this.#table !== undefined)
      section(4, (s) => {
        s.uleb(1);
        s.u8(0x70); // funcref
        s.u8(0x00);
        s.uleb(this.#table!);
      });
    if (this.#exports.length)
      section(7, (s) => {
        s.uleb(this.#exports.length);
        for (const e of this.#exports) {
          s.name(e.name);
          s.u8(e.kind === 'func' ? 0x00 : 0x01);
          s.uleb(e.index);
        }
      });
    section(10, (s) => {
      s.uleb(this.#funcs.length);
      for (const f of this.#funcs) {
        if (!f.body) throw new Error('a reserved function was never defined');
        f.body.encode(s);
      }
    });
    return out.view().slice();
  }
}
