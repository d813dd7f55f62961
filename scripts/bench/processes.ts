// Cold starts as whole fresh processes: a `node` that imports some of a bundle's files in order
// (as Lambda's init imports the entry and a request then its kind's chunk), optionally constructs
// the floor's clients, and reports its CPU time once loaded. Timed from outside (wall: spawn to
// exit) in paired runs: every row once per pair, in rotating order, so drift hits them alike.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median, percentile, range } from './report.js';

/** What one process does. */
export interface Load {
  /** Files imported one after the other. */
  readonly files: readonly string[];
  /** Then each module's construct(config) (the floor's modules: floor.ts). */
  readonly construct?: object;
  /** Flags for node, e.g. --enable-source-maps. */
  readonly nodeArgs?: readonly string[];
}

export interface Timing {
  /** Spawn to exit, as the caller sees it. */
  readonly wallMs: number;
  /** User + system CPU time of the process once everything is loaded (Node's start-up included). */
  readonly cpuMs: number;
}

/** The script a process runs; the same shape for every row (a bare start imports nothing). */
export function loadScript(load: Load): string {
  const urls = JSON.stringify(load.files.map((f) => pathToFileURL(f).href));
  const construct = load.construct ? `for (const m of ms) m.construct(${JSON.stringify(load.construct)});` : '';
  return (
    `(async () => { const ms = []; for (const u of ${urls}) ms.push(await import(u)); ${construct} ` +
    'const c = process.cpuUsage(); process.stdout.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000 })); })()'
  );
}

/** One process on this process's Node (main.ts makes that the runtime's: node.ts). */
export function timeLoad(load: Load, env: NodeJS.ProcessEnv): Timing {
  const args = [...(load.nodeArgs ?? []), '-e', loadScript(load)];
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ').slice(0, 160)} exited ${r.status}: ${r.stderr.slice(-400)}`);
  const { cpuMs } = JSON.parse(r.stdout) as { cpuMs: number };
  return { wallMs, cpuMs };
}

/** Every row's timings, one per pair: `runs` pairs after one warm-up pass (file cache; not counted). */
export function pairedRuns(loads: readonly Load[], runs: number, env: NodeJS.ProcessEnv): Timing[][] {
  for (const l of loads) timeLoad(l, env);
  const times: Timing[][] = loads.map(() => []);
  for (let i = 0; i < runs; i++)
    for (const j of range(loads.length).map((k) => (k + i) % loads.length))
      times[j]?.push(timeLoad(loads[j] as Load, env));
  return times;
}

export interface Stats {
  readonly median: number;
  readonly p95: number;
}

export const stats = (values: readonly number[]): Stats => ({
  median: median(values) ?? Number.NaN,
  p95: percentile(values, 95) ?? Number.NaN,
});

/** A row's wall and CPU times, and its per-pair ratios to another row's (same pair, same run). */
export function compare(
  row: readonly Timing[],
  base: readonly Timing[],
): { wall: Stats; cpu: Stats; ratio: Stats; cpuRatio: Stats } {
  const per = (pick: (t: Timing) => number) => row.map((t, i) => pick(t) / pick(base[i] ?? t));
  return {
    wall: stats(row.map((t) => t.wallMs)),
    cpu: stats(row.map((t) => t.cpuMs)),
    ratio: stats(per((t) => t.wallMs)),
    cpuRatio: stats(per((t) => t.cpuMs)),
  };
}
