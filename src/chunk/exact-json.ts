// A JSON reader and writer that keep integers exact: upstream writes i64s
// (and usize jump targets) past 2^53, which JSON.parse would round.

/** Parse JSON; integers outside ±2^53 come back as bigint, others as number. */
export function parseExactJSON(text: string): unknown {
  let i = 0;
  const n = text.length;
  const fail = (msg: string): never => {
    throw new SyntaxError(`${msg} at offset ${i}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const NUM = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const value = (depth: number): unknown => {
    if (depth > 512) fail('nesting too deep');
    ws();
    if (i >= n) fail('unexpected end');
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = Object.create(null);
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        o[k] = value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) fail('unexpected character');
    i = NUM.lastIndex;
    const raw = m![0];
    if (m![1] === undefined && m![2] === undefined) {
      const num = Number(raw);
      return Number.isSafeInteger(num) ? num : BigInt(raw);
    }
    return new JSONFloat(Number(raw));
  };
  const str = (): string => {
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const m = ESC[e as keyof typeof ESC];
          if (m === undefined) fail('bad escape');
          out += m;
          i += 2;
        }
        start = i;
        continue;
      }
      if (c < 32) fail('control character in string');
      i++;
    }
  };
  const v = value(0);
  ws();
  if (i !== n) fail('trailing characters');
  return v;
}

const ESC = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as const;

/** A number written with a fraction or exponent: kept apart from integers so
 *  that `{"Float": 2.0}` and `{"LoadFloat": 1e300}` stay floats. */
export class JSONFloat {
  constructor(readonly value: number) {}
}

/** Serialise; bigints are written as exact integer literals, JSONFloat and
 *  finite numbers as themselves, non-finite numbers as null. */
export function stringifyExactJSON(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
  }
  if (v instanceof JSONFloat) return floatLiteral(v.value);
  if (Array.isArray(v)) return '[' + v.map(stringifyExactJSON).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).map((k) => JSON.stringify(k) + ':' + stringifyExactJSON(o[k])).join(',') + '}';
}

/** A float as serde_json writes it: always with a fraction or exponent. */
export function floatLiteral(f: number): string {
  if (!Number.isFinite(f)) return 'null';
  const s = String(f);
  return /[.eE]/.test(s) ? s : s + '.0';
}
