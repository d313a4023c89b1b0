// A horizontal bar chart (SVG, no dependencies) of median time per backend
// for the headline workloads, log scale so µs and ms rows share one axis.

import type { Row } from './run.js';

const HEADLINE = ['fib_recursive_20', 'ackermann_3_4', 'sum_1M_unfused', 'nested_loop_100x100', 'dispatch_nop_1M', 'fib_iterative_35', 'string_build_10k', 'hash_set_get_1k'];
const COLORS: Record<string, string> = { wasm: '#4063d8', ts: '#cb3c33', js: '#389826' };

export function chartSVG(rows: Row[], backends: readonly string[]): string {
  const series = [...backends, 'js'];
  const picked = rows.filter((r) => HEADLINE.includes(r.name));
  const vals = picked.flatMap((r) => series.map((s) => med(r, s)).filter((v): v is number => v !== undefined));
  if (vals.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n';
  const lo = Math.log10(Math.min(...vals)) - 0.2;
  const hi = Math.log10(Math.max(...vals)) + 0.1;
  const barH = 12, gap = 10, left = 190, width = 760, plotW = width - left - 90;
  const groupH = series.length * barH + gap;
  const height = 40 + picked.length * groupH + 30;
  const x = (ns: number) => ((Math.log10(ns) - lo) / (hi - lo)) * plotW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="${left}" y="16" font-size="13">median time per run (log scale; shorter is faster)</text>`,
  ];
  series.forEach((s, k) => parts.push(`<rect x="${left + k * 90}" y="24" width="10" height="10" fill="${COLORS[s] ?? '#888'}"/><text x="${left + 14 + k * 90}" y="33">${s === 'js' ? 'plain JS' : s}</text>`));
  picked.forEach((r, i) => {
    const y0 = 44 + i * groupH;
    parts.push(`<text x="${left - 8}" y="${y0 + (series.length * barH) / 2 + 4}" text-anchor="end">${r.name}</text>`);
    series.forEach((s, k) => {
      const v = med(r, s);
      if (v === undefined) return;
      const wpx = Math.max(1, x(v));
      const y = y0 + k * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${wpx.toFixed(1)}" height="${barH - 2}" fill="${COLORS[s] ?? '#888'}"/>`);
      parts.push(`<text x="${(left + wpx + 4).toFixed(1)}" y="${y + barH - 3}">${fmt(v)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function med(r: Row, s: string): number | undefined {
  const t = (r.results as Record<string, unknown>)[s] as { medianNs?: number } | undefined;
  return t?.medianNs;
}

function fmt(ns: number): string {
  return ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(1)} µs` : `${(ns / 1e6).toFixed(2)} ms`;
}
