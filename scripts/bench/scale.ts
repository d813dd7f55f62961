// 4. Scale and cost: SCALE concurrent Creates against IAM limited to a few mutating calls a
// second; peak RSS and CPU time of one cold invocation, and what a cold Create costs at
// Lambda's memory sizes (cost.ts).
import os from 'node:os';
import { type Invocation, KIND, KINDS, kindEvent, localEnv, newStackId } from '../../local/index.js';
import { type BenchContext, play } from './context.js';
import { costTable, initCpuMs } from './cost.js';
import { CPU_RUNS, GOALS, SCALE, SCALE_IAM_PER_SECOND } from './knobs.js';
import { median, ms, out, range, s2, table, verdict } from './report.js';

/** CPU_RUNS cold Creates of each kind, one at a time, no propagation delay. */
async function costOfOne(w: BenchContext) {
  const costRows = [];
  const cpuByKind: { kind: string; cpu: number }[] = [];
  let peakRss = 0;
  w.session.gateway.reset();
  for (const kind of KINDS) {
    const runs: Invocation[] = [];
    for (let i = 0; i < CPU_RUNS; i++) {
      const world = await w.session.seed({ streams: w.streams });
      const played = await play(w, kindEvent(kind, 'Create', newStackId('bench-cost'), world));
      if (played.response?.Status !== 'SUCCESS')
        throw new Error(
          `${kind.label} Create answered ${played.response?.Status ?? 'nothing'}: ` +
            `${played.response?.Reason ?? played.invocation.stderr.slice(-300)}`,
        );
      runs.push(played.invocation);
    }
    const values = (pick: (r: Invocation) => number | undefined) =>
      runs.flatMap((r) => (pick(r) === undefined ? [] : [pick(r) ?? 0]));
    const cpu = median(values((r) => r.cpuMs)) ?? Number.NaN;
    const rss = Math.max(...values((r) => r.maxRssKiB));
    peakRss = Math.max(peakRss, rss);
    cpuByKind.push({ kind: kind.label, cpu });
    costRows.push([
      kind.label,
      ms(median(values((r) => r.durationMs))),
      ms(median(values((r) => r.importMs))),
      ms(median(values((r) => r.handlerMs))),
      ms(cpu),
      (rss / 1024).toFixed(1),
    ]);
  }
  return { costRows, cpuByKind, peakRss };
}

/** SCALE Creates at once against IAM's account-wide write rate (the email sending role: IAM only). */
async function manyAtOnce(w: BenchContext) {
  const { gateway } = w.session;
  const kind = KIND.sendingRole;
  const world = await w.session.seed({ streams: w.streams });
  gateway.reset();
  gateway.iam.mutatingPerSecond = SCALE_IAM_PER_SECOND;
  const stackId = newStackId('bench-scale');
  const events = range(SCALE).map((i) =>
    kindEvent(kind, 'Create', stackId, world, {
      LogicalResourceId: `SendingRole${String(i + 1).padStart(2, '0')}`,
      ResourceProperties: { Tags: [{ Key: 'n', Value: String(i + 1) }] },
    }),
  );
  const started = Date.now();
  const played = await Promise.all(events.map((e) => play(w, e)));
  const answeredAt = played.flatMap((p) => (p.responses[0] ? [p.responses[0].receivedAt] : []));
  const { admitted, throttled } = gateway.iam;
  gateway.reset();
  return {
    kind,
    played,
    ok: played.filter((p) => p.response?.Status === 'SUCCESS').length,
    lastAnswer: answeredAt.length ? Math.max(...answeredAt) - started : undefined,
    rss: Math.max(...played.map((p) => p.invocation.maxRssKiB ?? 0)),
    admitted,
    throttled,
  };
}

export async function scaleSection(w: BenchContext): Promise<void> {
  const { costRows, cpuByKind, peakRss } = await costOfOne(w);
  const scale = await manyAtOnce(w);
  const { ok, played } = scale;

  out(`\n## 4. Scale and cost`);
  out('');
  out(
    `### ${SCALE} concurrent Creates (${scale.kind.label}: the fastest kind, only IAM and the CloudFormation ` +
      `check), IAM limited to ${SCALE_IAM_PER_SECOND} mutating calls/s`,
  );
  out('');
  const sv = verdict(
    `scale: ${SCALE} concurrent Creates all SUCCESS under IAM throttling`,
    `${ok}/${SCALE}`,
    ok === SCALE,
  );
  table(
    [
      'Creates',
      'all answered after s',
      'SUCCESS',
      'IAM mutating admitted',
      'IAM throttled',
      'slowest invocation s',
      'peak RSS of one, MiB',
    ],
    [
      [
        SCALE,
        s2(scale.lastAnswer),
        `${ok}/${SCALE} ${sv}`,
        scale.admitted,
        scale.throttled,
        s2(Math.max(...played.map((p) => p.invocation.durationMs))),
        (scale.rss / 1024).toFixed(1),
      ],
    ],
  );
  out(
    `(${SCALE} processes on ${os.cpus().length} cores; the floor is ` +
      `${((2 * SCALE) / SCALE_IAM_PER_SECOND).toFixed(1)} ` +
      `s: 2 mutating IAM calls per Create at ${SCALE_IAM_PER_SECOND}/s.)`,
  );
  if (ok < SCALE) {
    const bad = played.find((p) => p.response?.Status !== 'SUCCESS');
    out(`- e.g.: ${bad?.response?.Reason ?? `no response (killed: ${bad?.invocation.killed})`}`);
  }

  out(`\n### One cold invocation: a Create per kind, no propagation delay, median of ${CPU_RUNS}`);
  out('');
  out('From the invocation process itself (local/lambda-runner.mjs: process.resourceUsage() at the end):');
  out('CPU = user + system time of the whole process (Node start-up, bundle load, handler); peak RSS = maxRSS');
  out("(Lambda's Max Memory Used counts the runtime too). wall = spawn to exit as seen by the caller.");
  out('');
  table(['kind', 'wall ms', 'import ms', 'handler ms', 'CPU ms', 'peak RSS MiB'], costRows);
  const peakMiB = Math.max(peakRss, scale.rss) / 1024;
  const rv = verdict(
    `peak RSS of one invocation < ${GOALS.peakRssMiB} MB`,
    `${peakMiB.toFixed(1)} MiB`,
    peakMiB < GOALS.peakRssMiB,
  );
  out(
    `\nPeak RSS of one invocation (largest seen, here and at scale): ` +
      `${peakMiB.toFixed(1)} MiB < ${GOALS.peakRssMiB} MB ${rv}`,
  );
  const worst = cpuByKind.reduce((a, b) => (b.cpu > a.cpu ? b : a));
  costTable({ kind: worst.kind, initCpu: initCpuMs(localEnv('http://127.0.0.1:9')), createCpu: worst.cpu, peakMiB });
}
