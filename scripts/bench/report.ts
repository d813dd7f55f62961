// The bench's output: Markdown tables, number formats, statistics, and the goals' verdicts.
import os from 'node:os';

export const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

export type Cell = string | number | undefined | null;

export function table(head: readonly string[], rows: readonly (readonly Cell[])[]): void {
  const cells = [head, ...rows].map((r) => r.map((c) => (c === undefined || c === null ? '—' : String(c))));
  const widths = head.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  out(line(cells[0] ?? []));
  out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) out(line(r));
}

export const ms = (v: number | undefined): string | undefined =>
  v === undefined || Number.isNaN(v) ? undefined : `${Math.round(v)}`;
export const s2 = (v: number | undefined): string | undefined => (v === undefined ? undefined : (v / 1000).toFixed(2));
export const x = (v: number | undefined, digits = 2): string | undefined =>
  v === undefined || !Number.isFinite(v) ? undefined : `${v.toFixed(digits)}x`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
export const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

/** Nearest-rank percentile (p95 of 5 values is the largest). */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
}

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A goal checked: its value, and PASS (true), FAIL (false) or not measured (undefined). */
export interface Verdict {
  readonly goal: string;
  readonly value: string;
  readonly pass: boolean | undefined;
}

/** Every verdict, in the order the goals were checked. */
export const verdicts: Verdict[] = [];

export const verdictText = (pass: boolean | undefined): string => (pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL');

/** Records a goal's verdict; returns PASS, FAIL or n/a for the section's own lines. */
export function verdict(goal: string, value: string, pass: boolean | undefined): string {
  verdicts.push({ goal, value, pass });
  return verdictText(pass);
}
