// Section 1's tables: time beyond the emulated propagation delay per strategy and delay, this
// project against the others, and the propagation goals.
import { type ChartBar, type GroupedBarChart, groupedBarChartSvg } from './chart.js';
import { DELAYS_MS, FIXED_SLEEP_MS, GOALS, RUNS, STRATEGIES, type Strategy } from './knobs.js';
import { median, ms, out, percentile, table, verdict, x } from './report.js';

/** One run of one strategy at one delay. */
export interface PropagationRun {
  readonly strategy: Strategy;
  readonly delay: number;
  readonly ok: boolean;
  readonly reason: string | undefined;
  /** End of the successful call - the role's last change - the delay. */
  readonly beyondMs: number | undefined;
  /** PutEventStream attempts. */
  readonly calls: number;
  /** (attempts - 1) / wait. */
  readonly perSecond: number;
  /** Shortest time between the starts of two attempts. */
  readonly minGapMs: number | undefined;
}

const STRATEGY_LABEL: Readonly<Record<Strategy, string>> = {
  project: 'this project (Create via dist/)',
  fixed: `fixed ${FIXED_SLEEP_MS / 1000} s sleep, 1 call`,
  terraform: "Terraform's schedule",
  once: 'one call, no wait',
};

export interface Summary {
  readonly n: number;
  readonly k: number;
  readonly median: number | undefined;
  readonly p95: number | undefined;
  readonly callsMedian: number;
  readonly callsMax: number;
  readonly perSecondMax: number;
  readonly minGap: number;
  readonly failures: readonly (string | undefined)[];
}

function summarise(rows: readonly PropagationRun[]): Summary {
  const beyond = rows.filter((r) => r.ok).flatMap((r) => (r.beyondMs === undefined ? [] : [r.beyondMs]));
  return {
    n: rows.length,
    k: rows.filter((r) => r.ok).length,
    median: median(beyond),
    p95: percentile(beyond, 95),
    callsMedian: median(rows.map((r) => r.calls)) ?? 0,
    callsMax: Math.max(...rows.map((r) => r.calls)),
    perSecondMax: Math.max(...rows.map((r) => r.perSecond)),
    minGap: Math.min(...rows.map((r) => r.minGapMs ?? Infinity)),
    failures: rows.filter((r) => !r.ok).map((r) => r.reason),
  };
}

function header(): void {
  out(`\n## 1. Propagation: time beyond the emulated IAM propagation delay (${RUNS} run(s) per row)`);
  out('');
  out('Same role (trust + inline policy, managed path, boundary) and the same Pinpoint PutEventStream to a');
  out('Kinesis stream; the gateway refuses the role until the delay has passed since its last change.');
  out('"beyond" = end of the successful PutEventStream - the role\'s last change (gateway roleChangedAt) - delay,');
  out(
    'timed by a pass-through proxy in front of the gateway (same clock). p95 is nearest-rank' +
      `${RUNS <= 20 ? ` (of ${RUNS} runs: the largest)` : ''}.`,
  );
  out('calls = PutEventStream attempts (median / max); calls/s = (attempts - 1) / wait, the largest of the runs');
  out('(this project: wait = its PropagationWait; others: first attempt to last answer); gap = shortest time');
  out(
    'between the starts of two attempts. Terraform: sleeps 0.5, 1, 2, 4, 8, then 10 s between attempts, 2 min in all.',
  );
  out('');
}

function ratios(byKey: ReadonlyMap<string, Summary>): void {
  out('\n### This project against the others (same delay; > 1x means the other is slower / makes more calls)');
  out('');
  const ratioRows = [];
  for (const delay of DELAYS_MS) {
    const p = byKey.get(`project|${delay}`);
    if (!p) continue;
    for (const other of STRATEGIES.filter((st) => st !== 'project')) {
      const o = byKey.get(`${other}|${delay}`);
      if (!o) continue;
      const usable = (s: Summary) => (s.median === undefined ? undefined : delay + s.median);
      const fails = o.k === 0;
      const usableRatio = (usable(o) ?? Number.NaN) / Math.max(1, usable(p) ?? Number.NaN);
      ratioRows.push([
        delay,
        STRATEGY_LABEL[other],
        fails ? `never usable (${o.k}/${o.n} ok)` : x(usableRatio),
        fails ? undefined : x((o.median ?? Number.NaN) / Math.max(1, p.median ?? Number.NaN), 1),
        x(o.callsMedian / Math.max(1, p.callsMedian)),
      ]);
    }
  }
  table(
    [
      'delay ms',
      'other strategy',
      'time to usable: other / project',
      'beyond: other / project',
      'calls: other / project',
    ],
    ratioRows,
  );
  out('"time to usable" = delay + median beyond (from the role\'s last change); beyond ratios use max(1 ms, project).');
}

function goals(results: readonly PropagationRun[], byKey: ReadonlyMap<string, Summary>): void {
  const project = results.filter((r) => r.strategy === 'project');
  if (!project.length) return;
  out('\nGoals (this project):');
  for (const delay of GOALS.goalDelaysMs) {
    const s = byKey.get(`project|${delay}`);
    const medianGoal = `propagation ${delay / 1000} s: beyond median <= ${GOALS.beyondMedianMs / 1000} s`;
    const p95Goal = `propagation ${delay / 1000} s: beyond p95 <= ${GOALS.beyondP95Ms / 1000} s`;
    if (!s) {
      out(`- at ${delay} ms: not measured (BENCH_DELAYS_MS)`);
      verdict(medianGoal, 'not measured', undefined);
      verdict(p95Goal, 'not measured', undefined);
      continue;
    }
    const allOk = s.k === s.n;
    const m = verdict(
      medianGoal,
      `${ms(s.median)} ms (${s.k}/${s.n} ok)`,
      allOk && (s.median ?? Number.NaN) <= GOALS.beyondMedianMs,
    );
    const p = verdict(p95Goal, `${ms(s.p95)} ms`, allOk && (s.p95 ?? Number.NaN) <= GOALS.beyondP95Ms);
    out(
      `- at ${delay} ms: beyond median ${ms(s.median)} ms <= ${GOALS.beyondMedianMs} ms ${m}; ` +
        `p95 ${ms(s.p95)} ms <= ${GOALS.beyondP95Ms} ms ${p}${allOk ? '' : ` (only ${s.k}/${s.n} succeeded)`}`,
    );
  }
  const rate = Math.max(...project.map((r) => r.perSecond));
  const gaps = project.flatMap((r) => (r.minGapMs === undefined ? [] : [r.minGapMs]));
  const minGap = gaps.length ? Math.min(...gaps) : undefined;
  const waited = project.some((r) => r.calls > 1);
  const pass = waited
    ? rate <= GOALS.callsPerSecond && (minGap ?? Number.NaN) >= 1000 / GOALS.callsPerSecond
    : undefined;
  const v = verdict(
    `<= ${GOALS.callsPerSecond} service calls a second per resource while waiting`,
    waited ? `${rate.toFixed(2)}/s at most, shortest gap ${ms(minGap)} ms` : 'no run waited',
    pass,
  );
  out(
    `- service calls while waiting: at most ${rate.toFixed(2)}/s per resource, shortest gap between attempts ` +
      `${ms(minGap)} ms (>= ${1000 / GOALS.callsPerSecond} ms) ${v}`,
  );
}

/** Okabe-Ito colours (told apart with every common colour blindness), this project's first. */
const STRATEGY_COLOUR: Readonly<Record<Strategy, string>> = {
  project: '#0072b2',
  fixed: '#d55e00',
  terraform: '#cc79a7',
  once: '#009e73',
};

/** Section 1's table as a chart: time beyond the delay per strategy (median, p95 whisker) and delay. */
export function propagationChart(byKey: ReadonlyMap<string, Summary>, node: string): string {
  const bar = (strategy: Strategy, delay: number): ChartBar => {
    const s = byKey.get(`${strategy}|${delay}`);
    if (!s) return { note: 'not run' };
    if (s.k === 0) return { note: 'never usable' };
    return { median: s.median, p95: s.p95, note: s.k < s.n ? `(${s.k}/${s.n})` : undefined };
  };
  const chart: GroupedBarChart = {
    title: 'Waiting for IAM propagation: time lost beyond the moment the role is usable',
    subtitle: `Median bar, p95 whisker, ${RUNS} run(s) each, log scale, lower is better. npm run bench on ${node}.`,
    groups: DELAYS_MS.map((d) => `emulated propagation delay ${d / 1000} s`),
    series: STRATEGIES.map((st) => ({ name: STRATEGY_LABEL[st], color: STRATEGY_COLOUR[st] })),
    bars: DELAYS_MS.map((d) => STRATEGIES.map((st) => bar(st, d))),
    footnote:
      'Same role, same Pinpoint PutEventStream; "never usable": no run succeeded. Numbers: scripts/bench/last-run.md.',
  };
  return groupedBarChartSvg(chart);
}

/** Prints section 1's tables and goals; returns each strategy's summary at each delay ("strategy|delay"). */
export function reportPropagation(results: readonly PropagationRun[]): ReadonlyMap<string, Summary> {
  header();
  const rows = [];
  const byKey = new Map<string, Summary>();
  for (const delay of DELAYS_MS) {
    for (const strategy of STRATEGIES) {
      const group = results.filter((r) => r.delay === delay && r.strategy === strategy);
      if (!group.length) continue;
      const s = summarise(group);
      byKey.set(`${strategy}|${delay}`, s);
      rows.push([
        STRATEGY_LABEL[strategy],
        delay,
        `${s.k}/${s.n}`,
        ms(s.median),
        ms(s.p95),
        `${s.callsMedian} / ${s.callsMax}`,
        s.perSecondMax.toFixed(2),
        Number.isFinite(s.minGap) ? ms(s.minGap) : undefined,
      ]);
    }
  }
  table(
    ['strategy', 'delay ms', 'ok', 'beyond median ms', 'beyond p95 ms', 'calls', 'calls/s waiting', 'gap ms'],
    rows,
  );
  const failures = [...byKey.entries()].filter(([, s]) => s.failures.length);
  if (failures.length) {
    out('');
    for (const [key, s] of failures) {
      const [strategy, delay] = key.split('|') as [Strategy, string];
      out(
        `- ${STRATEGY_LABEL[strategy]} at ${delay} ms: ${s.n - s.k} not successful, ` +
          `e.g. ${String(s.failures[0]).slice(0, 160)}`,
      );
    }
  }
  if (STRATEGIES.includes('project') && STRATEGIES.length > 1) ratios(byKey);
  goals(results, byKey);
  return byKey;
}
