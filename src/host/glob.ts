// Shell glob patterns for the Node shell host: `*`, `?`, `[...]` (with `!`/`^`
// negation and ranges) within a path segment, `**` across segments when
// recursive. A leading `.` is matched only by a pattern that starts with one.

import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const hasMagic = (seg: string): boolean => /[*?[]/.test(seg);

/** A shell pattern (one segment, or a whole string for `[[ x = pat ]]`) as an anchored RegExp. */
export function patternToRegExp(pat: string, slashIsLiteral = false): RegExp {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\' && i + 1 < pat.length) re += escape(pat[++i]!);
    else if (c === '*') re += slashIsLiteral ? '[^/]*' : '[\\s\\S]*';
    else if (c === '?') re += slashIsLiteral ? '[^/]' : '[\\s\\S]';
    else if (c === '[') {
      const end = pat.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pat.slice(i + 1, end);
        const negate = body[0] === '!' || body[0] === '^';
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`, 'u');
}
const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Paths matching `pattern` (relative ones against `cwd`), sorted; [] when none. */
export function glob(pattern: string, recursive: boolean, cwd: string): string[] {
  const absolute = pattern.startsWith('/');
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute) segs.shift();
  const out: string[] = [];
  const base = absolute ? '/' : '';
  walk(base, 0);
  return [...new Set(out)].sort();

  function walk(prefix: string, k: number): void {
    if (k === segs.length) {
      if (prefix !== '' && exists(prefix)) out.push(prefix);
      return;
    }
    const seg = segs[k]!;
    const at = (name: string) => (prefix === '' ? name : prefix.endsWith('/') ? prefix + name : `${prefix}/${name}`);
    if (recursive && seg === '**') {
      walk(prefix, k + 1); // zero directories
      for (const e of list(prefix)) if (!e.name.startsWith('.') && e.isDirectory()) walkDeep(at(e.name), k);
      return;
    }
    if (!hasMagic(seg)) {
      walk(at(seg.replace(/\\(.)/g, '$1')), k + 1);
      return;
    }
    const re = patternToRegExp(seg, true);
    for (const e of list(prefix)) {
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (re.test(e.name) && (k === segs.length - 1 || e.isDirectory() || isDirLink(at(e.name)))) walk(at(e.name), k + 1);
    }
  }
  function walkDeep(dir: string, k: number): void {
    walk(dir, k + 1);
    const at = (name: string) => `${dir}/${name}`;
    for (const e of list(dir)) if (!e.name.startsWith('.') && e.isDirectory()) walkDeep(at(e.name), k);
  }
  function list(dir: string) {
    try {
      return readdirSync(resolve(cwd, dir === '' ? '.' : dir), { withFileTypes: true });
    } catch {
      return [];
    }
  }
  function exists(p: string): boolean {
    try {
      statSync(resolve(cwd, p));
      return true;
    } catch {
      return false;
    }
  }
  function isDirLink(p: string): boolean {
    try {
      return statSync(resolve(cwd, p)).isDirectory();
    } catch {
      return false;
    }
  }
}
