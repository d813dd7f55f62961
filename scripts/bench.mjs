// `npm run bench`: what this custom resource costs, measured in one self-contained run
// against moto behind the emulator gateway (test/support/gateway.mjs), through the BUILT
// bundle (dist/), one fresh Node process per event as Lambda runs it. It prints Markdown
// tables, the project's ratios against other strategies, and PASS/FAIL per goal. It exits
// non-zero only when it could not run (no moto, no dist/, a section crashed); a FAILed goal
// is a result, not an error.
//
//   1. Propagation, side by side: the same role (same trust and policy) and the same call
//      (Pinpoint PutEventStream to a Kinesis stream) while the gateway refuses the role for
//      D ms after its last change, for four strategies: this project (a Create through the
//      bundle), a fixed 10 s sleep, Terraform's retry schedule, one call with no wait.
//   2. Round trips: the AWS calls a plain Create and a plain Delete of each kind make.
//   3. Cold start: `node -e ''` against importing dist/index.mjs plus each kind's chunk.
//   4. Scale and cost: 50 concurrent Creates against IAM limited to 4 mutating calls a
//      second; peak RSS and CPU time of one cold invocation, and what that CPU time becomes
//      at Lambda's memory sizes.
//
// Knobs (environment variables; defaults in brackets):
//   BENCH_DELAYS_MS            emulated IAM propagation delays, comma-separated [0,3000,8000]
//   BENCH_RUNS                 runs per strategy and delay [5]
//   BENCH_STRATEGIES           which strategies of section 1 [project,fixed,terraform,once]
//   BENCH_FIXED_SLEEP_MS       the fixed-sleep strategy's sleep [10000] (tests shorten it)
//   BENCH_COLD_RUNS            paired cold-start runs [20]
//   BENCH_SCALE                concurrent Creates in section 4 [50]
//   BENCH_SCALE_IAM_PER_SECOND mutating IAM calls a second the gateway admits in section 4 [4]
//   BENCH_CPU_RUNS             cold Creates per kind for CPU time and peak RSS [3]
//   BENCH_COLD_ENV             environment of the cold-start processes: function (the
//                              function's own, as on Lambda) or inherit (this shell's) [function]
//   BENCH_SECTIONS             which sections [propagation,roundtrips,coldstart,scale]
// The default run takes about 5 minutes on a quiet 2-core machine (Terraform's schedule at
// 8 s dominates: ~15.5 s a run); the fixed-sleep runs of one delay run in parallel with each
// other and alongside the other strategies of that delay (they only sleep: see section 1).
// Timings on a busy machine are noisy: the header and each section print the load average.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { ACCOUNT, BOUNDARY_ARN, MANAGED_PATH_PREFIX, PARTITION, REGION } from '../test/support/deployment.mjs';
import { event as cfnEvent, newStackId } from '../test/support/events.mjs';
import { startGateway } from '../test/support/gateway.mjs';
import { BUNDLE, invokeBundle, localEnv } from '../test/support/invoke.mjs';
import { MotoUnavailableError, startMoto } from '../test/support/moto.mjs';
import { startResponseServer } from '../test/support/response-server.mjs';
import { clients, seed } from '../test/support/seed.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');

// ---- Knobs -----------------------------------------------------------------------------

const list = (name, fallback) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const int = (name, fallback, min = 0) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return value;
};
const DELAYS_MS = list('BENCH_DELAYS_MS', '0,3000,8000').map(Number);
if (DELAYS_MS.some((d) => !Number.isInteger(d) || d < 0))
  throw new Error(`BENCH_DELAYS_MS must list whole numbers of ms, got "${process.env.BENCH_DELAYS_MS}"`);
const RUNS = int('BENCH_RUNS', 5, 1);
const STRATEGIES = list('BENCH_STRATEGIES', 'project,fixed,terraform,once');
const FIXED_SLEEP_MS = int('BENCH_FIXED_SLEEP_MS', 10_000);
const COLD_RUNS = int('BENCH_COLD_RUNS', 20, 1);
const SCALE = int('BENCH_SCALE', 50, 1);
const SCALE_IAM_PER_SECOND = int('BENCH_SCALE_IAM_PER_SECOND', 4, 1);
const CPU_RUNS = int('BENCH_CPU_RUNS', 3, 1);
const COLD_ENV = process.env.BENCH_COLD_ENV || 'function';
if (!['function', 'inherit'].includes(COLD_ENV))
  throw new Error(`BENCH_COLD_ENV must be function or inherit, got "${COLD_ENV}"`);
const SECTIONS = list('BENCH_SECTIONS', 'propagation,roundtrips,coldstart,scale');
for (const s of STRATEGIES)
  if (!['project', 'fixed', 'terraform', 'once'].includes(s))
    throw new Error(`BENCH_STRATEGIES: unknown strategy "${s}"`);
for (const s of SECTIONS)
  if (!['propagation', 'roundtrips', 'coldstart', 'scale'].includes(s))
    throw new Error(`BENCH_SECTIONS: unknown section "${s}"`);

/** The function's timeout for every invocation here (template.yaml's default FunctionTimeout). */
const FUNCTION_TIMEOUT_MS = 300_000;
/** Lambda allocates CPU in proportion to memory: 1,769 MB is one full vCPU. */
const MB_PER_VCPU = 1769;
const MEMORY_SIZES = [128, 256, 512, 1024];

// ---- Goals -----------------------------------------------------------------------------

const GOALS = {
  beyondMedianMs: 500,
  beyondP95Ms: 1000,
  goalDelaysMs: [3000, 8000],
  callsPerSecond: 2,
  createCalls: 5,
  deleteCalls: 6,
  coldRatio: 1.8,
  peakRssMiB: 128,
};
/** { goal, value, pass: true | false | undefined (not measured) } in the order they were checked. */
const verdicts = [];
const verdict = (goal, value, pass) => {
  verdicts.push({ goal, value, pass });
  return pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL';
};

// ---- Output helpers ----------------------------------------------------------------------

const out = (line = '') => process.stdout.write(`${line}\n`);
function table(head, rows) {
  const cells = [head, ...rows].map((r) => r.map((c) => (c === undefined || c === null ? '—' : String(c))));
  const widths = head.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  out(line(cells[0]));
  out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) out(line(r));
}
const ms = (v) => (v === undefined || Number.isNaN(v) ? undefined : `${Math.round(v)}`);
const s2 = (v) => (v === undefined ? undefined : (v / 1000).toFixed(2));
const x = (v, digits = 2) => (v === undefined || !Number.isFinite(v) ? undefined : `${v.toFixed(digits)}x`);
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function median(values) {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
/** Nearest-rank percentile (p95 of 5 values is the largest). */
function percentile(values, p) {
  if (values.length === 0) return undefined;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
}
const range = (n) => Array.from({ length: n }, (_, i) => i);

// ---- The local world ---------------------------------------------------------------------

const cleanups = [];
async function stopAll() {
  while (cleanups.length)
    await cleanups
      .pop()()
      .catch(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    process.stderr.write(`\n${signal}: stopping moto\n`);
    await stopAll();
    process.exit(130);
  });
}
process.stdout.on('error', async () => {
  await stopAll(); // `npm run bench | head`: the reader went away
  process.exit(1);
});

/** Plays one event through the bundle, as CloudFormation would send it (registered first). */
async function play(w, event, { endpoint = w.gateway.endpoint } = {}) {
  const { id, url } = w.responses.newUrl();
  const sent = { ...event, ResponseURL: url };
  w.gateway.cloudformation.registerEvent(sent);
  const invocation = await invokeBundle(sent, { env: localEnv(endpoint), timeoutMs: FUNCTION_TIMEOUT_MS });
  const answer = w.responses.responses(id)[0]?.body;
  const outcome = invocation.logs.find((l) => l.message === 'outcome');
  return { answer, invocation, outcome };
}

/** The four kinds, each with the plainest properties a template would give it. */
const KINDS = [
  {
    name: 'Pinpoint event stream',
    chunk: 'pinpoint-event-stream',
    type: 'Custom::PinpointEventStream',
    props: (w) => ({ ApplicationId: w.ApplicationId, DestinationStreamArn: w.KinesisStreamArn }),
  },
  {
    name: 'SES event destination',
    chunk: 'ses-event-destination',
    type: 'Custom::PinpointEventStream',
    props: (w) => ({ ConfigurationSetName: w.ConfigurationSetName, DestinationStreamArn: w.FirehoseStreamArn }),
  },
  {
    name: 'SMS and voice event destination',
    chunk: 'sms-voice-event-destination',
    type: 'Custom::SmsVoiceEventDestination',
    props: (w) => ({ ConfigurationSetName: w.SmsConfigurationSetName, DestinationStreamArn: w.FirehoseStreamArn }),
  },
  {
    name: 'Email sending role',
    chunk: 'email-sending-role',
    type: 'Custom::PinpointEmailSendingRole',
    props: () => ({}),
  },
];

// ---- 1. Propagation ------------------------------------------------------------------------

/**
 * A pass-through HTTP proxy in front of the gateway that timestamps every Pinpoint
 * PutEventStream (POST /v1/apps/{id}/eventstream): `start` when the request arrives, `end`
 * when the last byte of the gateway's answer has been handed back to the caller
 * (res 'finish'), and the status. gateway.mjs is not edited: the proxy times the calls from
 * the outside, in this process, on the same clock (Date.now) the gateway stamps
 * `state.roleChangedAt` with (set when IAM has accepted CreateRole / PutRolePolicy, before
 * the caller hears back). So "time beyond the delay" = end of the successful PutEventStream
 * - roleChangedAt(role) - delay: the wait a strategy adds on top of what IAM imposes. The
 * proxy adds well under a millisecond a call on loopback, the same for every strategy.
 */
async function startRecorder(target) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const attempts = [];
  const server = createServer((req, res) => {
    const start = Date.now();
    const m =
      req.method === 'POST' ? /^\/v1\/apps\/([^/?]+)\/eventstream$/.exec(new URL(req.url, 'http://x').pathname) : null;
    const upstream = request(
      new URL(req.url, target),
      { method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        if (m)
          res.on('finish', () =>
            attempts.push({ app: decodeURIComponent(m[1]), start, end: Date.now(), status: answer.statusCode }),
          );
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bench recorder: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    attemptsFor: (app) => attempts.filter((a) => a.app === app).sort((a, b) => a.start - b.start),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
        agent.destroy();
      }),
  };
}

/** The role this project makes for a Pinpoint app and a Kinesis stream (src/policies.ts), made by hand. */
const pinpointTrust = (applicationId) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:${PARTITION}:mobiletargeting:${REGION}:${ACCOUNT}:apps/${applicationId}` },
      },
    },
  ],
});
const kinesisWriter = (streamArn) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Resource: streamArn }],
});

let roleCounter = 0;
/** CreateRole + PutRolePolicy with the SDK (seed credentials, through the recorder and the gateway). */
async function makeRoleBySdk(c, world, strategy) {
  const name = `bench-${strategy}-${process.pid}-${(roleCounter++).toString(36)}-${Date.now().toString(36)}`;
  const { Role } = await c.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Path: `/${MANAGED_PATH_PREFIX}/${REGION}/`,
      AssumeRolePolicyDocument: JSON.stringify(pinpointTrust(world.ApplicationId)),
      PermissionsBoundary: BOUNDARY_ARN,
    }),
  );
  // The gateway checks the inline policy of this name (the one the project writes).
  await c.iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'pinpoint-event-stream',
      PolicyDocument: JSON.stringify(kinesisWriter(world.KinesisStreamArn)),
    }),
  );
  return { name, arn: Role.Arn };
}

const putEventStream = (c, world, roleArn) =>
  c.pinpoint.send(
    new PutEventStreamCommand({
      ApplicationId: world.ApplicationId,
      WriteEventStream: { DestinationStreamArn: world.KinesisStreamArn, RoleArn: roleArn },
    }),
  );

/** What Terraform retries on for aws_pinpoint_event_stream (tfresource.RetryWhenIsAErrorMessageContains). */
const isTerraformRetryable = (error) =>
  error?.name === 'BadRequestException' &&
  String(error.message).includes('make sure the IAM Role is configured correctly');

/**
 * Terraform's schedule for aws_pinpoint_event_stream: tfresource.RetryWhen with the
 * propagation timeout (2 minutes), which runs retry.StateChangeConf{MinTimeout: 500 ms}
 * .WaitForStateContext (terraform-plugin-sdk helper/retry, and terraform-provider-aws'
 * SDKv2HelperRetryCompatibleDelay, the same rule):
 *   wait = 0; loop { sleep(wait); if wait == 0 { wait = 100ms }; refresh (the call);
 *                    wait *= 2; wait = max(wait, MinTimeout 500ms); wait = min(wait, 10s) }
 * so attempts start at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 25.5, 35.5 ... s (each sleep is counted
 * after the previous call returned: 500 ms, 1 s, 2 s, 4 s, 8 s, then 10 s), until 2 minutes
 * have passed (here: no attempt starts after 2 minutes; Terraform's grace period for a call
 * in flight at the timeout is not modelled). No jitter.
 */
async function terraformSchedule(call, retryable, timeoutMs = 120_000) {
  const started = Date.now();
  let wait = 0;
  for (;;) {
    await sleep(wait);
    if (wait === 0) wait = 100;
    try {
      await call();
      return { ok: true };
    } catch (error) {
      if (!retryable(error)) return { ok: false, reason: `${error.name}: ${error.message}` };
      wait *= 2;
      if (wait < 500) wait = 500;
      else if (wait > 10_000) wait = 10_000;
      if (Date.now() + wait - started > timeoutMs)
        return { ok: false, reason: `still refused after ${Math.round((Date.now() - started) / 1000)} s (timeout)` };
    }
  }
}

const STRATEGY_LABEL = {
  project: 'this project (Create via dist/)',
  fixed: `fixed ${FIXED_SLEEP_MS / 1000} s sleep, 1 call`,
  terraform: "Terraform's schedule",
  once: 'one call, no wait',
};

async function propagationSection(w) {
  const recorder = await startRecorder(w.gateway.endpoint);
  const viaRecorder = clients(recorder.endpoint);
  try {
    /**
     * Measures one run from the recorder's attempts and the gateway's roleChangedAt.
     * `waitMs` (for "calls a second while waiting") is the project's own PropagationWait (its
     * outcome line: first attempt to success) or, for the others, the recorder's first
     * attempt's arrival to the last attempt's answer.
     */
    const measure = (strategy, delay, { world, roleName, ok, reason, waitMs }) => {
      const attempts = recorder.attemptsFor(world.ApplicationId);
      const changedAt = roleName ? w.gateway.state.roleChangedAt.get(roleName) : undefined;
      const success = attempts.find((a) => a.status === 200);
      const succeeded = ok && !!success;
      const beyondMs = succeeded && changedAt !== undefined ? success.end - changedAt - delay : undefined;
      const wait = waitMs ?? (attempts.length ? attempts.at(-1).end - attempts[0].start : 0);
      const gaps = attempts.slice(1).map((a, i) => a.start - attempts[i].start);
      return {
        strategy,
        delay,
        ok: succeeded,
        reason: succeeded
          ? undefined
          : (reason ?? (changedAt === undefined ? 'role never changed' : 'no successful PutEventStream')),
        beyondMs,
        calls: attempts.length,
        perSecond: attempts.length > 1 && wait > 0 ? (attempts.length - 1) / (wait / 1000) : 0,
        minGapMs: gaps.length ? Math.min(...gaps) : undefined,
      };
    };

    const runProject = async (delay) => {
      const world = await seed(w.direct, {}, w.streams);
      const event = cfnEvent('Create', {
        StackId: newStackId('bench'),
        ResourceType: 'Custom::PinpointEventStream',
        LogicalResourceId: 'EventStream',
        ResourceProperties: KINDS[0].props(world),
      });
      const { answer, outcome } = await play(w, event, { endpoint: recorder.endpoint });
      return measure('project', delay, {
        world,
        roleName: answer?.Data?.RoleName ?? answer?.PhysicalResourceId?.split('/').pop(),
        ok: answer?.Status === 'SUCCESS',
        reason: answer ? answer.Reason : 'no response',
        waitMs: outcome?.PropagationWait,
      });
    };
    const prepareSdk = async (strategy) => {
      const world = await seed(w.direct, {}, w.streams);
      return { world, role: await makeRoleBySdk(viaRecorder, world, strategy) };
    };
    const runSdk = async (strategy, delay, prepared) => {
      const { world, role } = prepared ?? (await prepareSdk(strategy));
      let result;
      const once = () => putEventStream(viaRecorder, world, role.arn);
      const safely = async () => {
        try {
          await once();
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: `${error.name}: ${error.message}` };
        }
      };
      if (strategy === 'fixed') {
        await sleep(FIXED_SLEEP_MS);
        result = await safely();
      } else if (strategy === 'terraform') {
        result = await terraformSchedule(once, isTerraformRetryable);
      } else {
        result = await safely();
      }
      return measure(strategy, delay, { world, roleName: role.name, ...result });
    };

    const results = [];
    for (const delay of DELAYS_MS) {
      w.gateway.state.propagationDelayMs = delay;
      process.stderr.write(`propagation ${delay} ms: ${RUNS} run(s) of ${STRATEGIES.join(', ')} ...\n`);
      // The fixed-sleep runs only sleep between their role and their single call: all of a
      // delay's runs start together (roles made first, at once), then sleep while the other
      // strategies run one at a time. Each is timed from its own role's change.
      let fixed = Promise.resolve([]);
      if (STRATEGIES.includes('fixed')) {
        const prepared = await Promise.all(range(RUNS).map(() => prepareSdk('fixed')));
        fixed = Promise.all(prepared.map((p) => runSdk('fixed', delay, p)));
        fixed.catch(() => undefined); // awaited below; not an unhandled rejection if a run above throws first
      }
      for (let run = 0; run < RUNS; run++) {
        if (STRATEGIES.includes('project')) results.push(await runProject(delay));
        if (STRATEGIES.includes('terraform')) results.push(await runSdk('terraform', delay));
        if (STRATEGIES.includes('once')) results.push(await runSdk('once', delay));
      }
      results.push(...(await fixed));
    }
    reportPropagation(results);
  } finally {
    await recorder.close();
    for (const client of Object.values(viaRecorder)) client.destroy?.();
  }
}

function summarise(rows) {
  const ok = rows.filter((r) => r.ok);
  const beyond = ok.map((r) => r.beyondMs);
  return {
    n: rows.length,
    k: ok.length,
    median: median(beyond),
    p95: percentile(beyond, 95),
    callsMedian: median(rows.map((r) => r.calls)),
    callsMax: Math.max(...rows.map((r) => r.calls)),
    perSecondMax: Math.max(...rows.map((r) => r.perSecond)),
    minGap: Math.min(...rows.map((r) => r.minGapMs ?? Infinity)),
    failures: rows.filter((r) => !r.ok).map((r) => r.reason),
  };
}

function reportPropagation(results) {
  out(`\n## 1. Propagation: time beyond the emulated IAM propagation delay (${RUNS} run(s) per row)`);
  out('');
  out('Same role (trust + inline policy, managed path, boundary) and the same Pinpoint PutEventStream to a');
  out('Kinesis stream; the gateway refuses the role until the delay has passed since its last change.');
  out('"beyond" = end of the successful PutEventStream - the role\'s last change (gateway roleChangedAt) - delay,');
  out(
    `timed by a pass-through proxy in front of the gateway (same clock). p95 is nearest-rank${RUNS <= 20 ? ` (of ${RUNS} runs: the largest)` : ''}.`,
  );
  out('calls = PutEventStream attempts (median / max); calls/s = (attempts - 1) / wait, the largest of the runs');
  out('(this project: wait = its PropagationWait; others: first attempt to last answer); gap = shortest time');
  out(
    'between the starts of two attempts. Terraform: sleeps 0.5, 1, 2, 4, 8, then 10 s between attempts, 2 min in all.',
  );
  out('');
  const rows = [];
  const byKey = new Map();
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
    for (const [key, s] of failures)
      out(
        `- ${STRATEGY_LABEL[key.split('|')[0]]} at ${key.split('|')[1]} ms: ${s.n - s.k} not successful, e.g. ${String(s.failures[0]).slice(0, 160)}`,
      );
  }

  if (STRATEGIES.includes('project') && STRATEGIES.length > 1) {
    out('\n### This project against the others (same delay; > 1x means the other is slower / makes more calls)');
    out('');
    const ratioRows = [];
    for (const delay of DELAYS_MS) {
      const p = byKey.get(`project|${delay}`);
      if (!p) continue;
      for (const other of STRATEGIES.filter((st) => st !== 'project')) {
        const o = byKey.get(`${other}|${delay}`);
        if (!o) continue;
        const usable = (s) => (s.median === undefined ? undefined : delay + s.median);
        const fails = o.k === 0;
        ratioRows.push([
          delay,
          STRATEGY_LABEL[other],
          fails ? `never usable (${o.k}/${o.n} ok)` : x(usable(o) / Math.max(1, usable(p))),
          fails ? undefined : x(o.median / Math.max(1, p.median), 1),
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
    out(
      '"time to usable" = delay + median beyond (from the role\'s last change); beyond ratios use max(1 ms, project).',
    );
  }

  const project = results.filter((r) => r.strategy === 'project');
  if (project.length) {
    out('\nGoals (this project):');
    for (const delay of GOALS.goalDelaysMs) {
      const s = byKey.get(`project|${delay}`);
      if (!s) {
        out(`- at ${delay} ms: not measured (BENCH_DELAYS_MS)`);
        verdict(
          `propagation ${delay / 1000} s: beyond median <= ${GOALS.beyondMedianMs / 1000} s`,
          'not measured',
          undefined,
        );
        verdict(
          `propagation ${delay / 1000} s: beyond p95 <= ${GOALS.beyondP95Ms / 1000} s`,
          'not measured',
          undefined,
        );
        continue;
      }
      const allOk = s.k === s.n;
      const m = verdict(
        `propagation ${delay / 1000} s: beyond median <= ${GOALS.beyondMedianMs / 1000} s`,
        `${ms(s.median)} ms (${s.k}/${s.n} ok)`,
        allOk && s.median <= GOALS.beyondMedianMs,
      );
      const p = verdict(
        `propagation ${delay / 1000} s: beyond p95 <= ${GOALS.beyondP95Ms / 1000} s`,
        `${ms(s.p95)} ms`,
        allOk && s.p95 <= GOALS.beyondP95Ms,
      );
      out(
        `- at ${delay} ms: beyond median ${ms(s.median)} ms <= ${GOALS.beyondMedianMs} ms ${m}; p95 ${ms(s.p95)} ms <= ${GOALS.beyondP95Ms} ms ${p}${allOk ? '' : ` (only ${s.k}/${s.n} succeeded)`}`,
      );
    }
    const rate = Math.max(...project.map((r) => r.perSecond));
    const gaps = project.map((r) => r.minGapMs).filter((g) => g !== undefined);
    const minGap = gaps.length ? Math.min(...gaps) : undefined;
    const waited = project.some((r) => r.calls > 1);
    const pass = waited ? rate <= GOALS.callsPerSecond && minGap >= 1000 / GOALS.callsPerSecond : undefined;
    const v = verdict(
      `<= ${GOALS.callsPerSecond} service calls a second per resource while waiting`,
      waited ? `${rate.toFixed(2)}/s at most, shortest gap ${ms(minGap)} ms` : 'no run waited',
      pass,
    );
    out(
      `- service calls while waiting: at most ${rate.toFixed(2)}/s per resource, shortest gap between attempts ${ms(minGap)} ms (>= ${1000 / GOALS.callsPerSecond} ms) ${v}`,
    );
  }
}

// ---- 2. Round trips ----------------------------------------------------------------------

/** A Create and a Delete of each kind, delay 0: every call the function made, per kind. */
async function roundTripSection(w) {
  const viaGateway = clients(w.gateway.endpoint);
  const rows = [];
  const details = [];
  try {
    for (const kind of KINDS) {
      const world = await seed(w.direct, { streams: w.streams, viaGateway });
      const stackId = newStackId('bench-calls');
      const counted = async (event) => {
        // Nothing else talks to the gateway during the invocation: after reset(), state.calls
        // holds exactly the function's requests (the gateway's own look-ups go straight to moto).
        w.gateway.reset();
        const played = await play(w, event);
        const calls = [...w.gateway.state.calls];
        const authz = w.gateway.authz().filter((r) => r.action !== 'iam:PassRole');
        return { ...played, calls, authzCount: authz.length };
      };
      const create = await counted(
        cfnEvent('Create', {
          StackId: stackId,
          ResourceType: kind.type,
          LogicalResourceId: 'Resource',
          ResourceProperties: kind.props(world),
        }),
      );
      const roleArn = create.answer?.PhysicalResourceId;
      const del = await counted(
        cfnEvent('Delete', {
          StackId: stackId,
          ResourceType: kind.type,
          LogicalResourceId: 'Resource',
          ResourceProperties: kind.props(world),
          PhysicalResourceId: roleArn,
        }),
      );
      const status = (p) => p.answer?.Status ?? 'no response';
      const createOk = create.answer?.Status === 'SUCCESS';
      const deleteOk = del.answer?.Status === 'SUCCESS';
      const cv = verdict(
        `${kind.name}: Create <= ${GOALS.createCalls} calls`,
        `${create.calls.length} (${status(create)})`,
        createOk && create.calls.length <= GOALS.createCalls,
      );
      const dv = verdict(
        `${kind.name}: Delete <= ${GOALS.deleteCalls} calls`,
        `${del.calls.length} (${status(del)})`,
        deleteOk && del.calls.length <= GOALS.deleteCalls,
      );
      rows.push([kind.name, status(create), create.calls.length, cv, status(del), del.calls.length, dv]);
      details.push(`- ${kind.name}\n  - Create: ${create.calls.join(', ')}\n  - Delete: ${del.calls.join(', ')}`);
      for (const [label, p] of [
        ['Create', create],
        ['Delete', del],
      ]) {
        if (p.authzCount !== p.calls.length)
          details.push(
            `  - note: ${label}: ${p.calls.length} requests reached the gateway but ${p.authzCount} authorization records (less PassRole) were signed by the function`,
          );
        if (p.answer?.Status !== 'SUCCESS')
          details.push(`  - ${label} answered ${status(p)}: ${p.answer?.Reason ?? p.invocation.stderr.slice(-300)}`);
      }
    }
  } finally {
    for (const client of Object.values(viaGateway)) client.destroy?.();
  }
  out('\n## 2. Round trips: AWS calls of a plain Create and a plain Delete (no propagation delay)');
  out('');
  out('Counted at the gateway: every request that reached it during the invocation (after gateway.reset()),');
  out('cross-checked with the authorization records signed by the function (iam:PassRole records, which');
  out('are not calls, excluded). The CloudFormation check (DescribeStackResource) is included; SDK retries');
  out('would count (none expected here).');
  out('');
  table(['kind', 'Create', 'calls', `<= ${GOALS.createCalls}`, 'Delete', 'calls', `<= ${GOALS.deleteCalls}`], rows);
  out('');
  for (const d of details) out(d);
}

// ---- 3. Cold start -------------------------------------------------------------------------

/**
 * Each kind's chunk, found from esbuild's metafile: the bundle is rebuilt in memory with the
 * one set of options (scripts/build.mjs) and the outputs whose entryPoint is
 * src/resources/<kind>.ts are the kinds' chunks. Their names must be files in dist/ (else
 * dist/ was built from other sources: `npm run build`).
 */
async function kindChunks() {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS } = await import('./build.mjs');
  const result = await build({ ...BUNDLE_OPTIONS, write: false, logLevel: 'silent' });
  const cwd = process.cwd(); // esbuild's absWorkingDir: the metafile's paths are relative to it
  const outputs = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, o]) => ({
      path: resolve(cwd, file),
      entryPoint: o.entryPoint && resolve(cwd, o.entryPoint),
      imports: o.imports,
      bytes: o.bytes,
    }));
  const contents = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
  const chunks = [];
  const missing = [];
  let differing = 0;
  for (const o of outputs) {
    if (!existsSync(o.path)) missing.push(relative(ROOT, o.path));
    else if (Buffer.compare(Buffer.from(contents.get(o.path) ?? []), readFileSync(o.path)) !== 0) differing++;
  }
  if (missing.length)
    throw new Error(
      `dist/ does not match src/ (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}): run \`npm run build\``,
    );
  const resources = resolve(ROOT, 'src/resources');
  for (const o of outputs) {
    if (!o.entryPoint || dirname(o.entryPoint) !== resources) continue;
    const name = o.entryPoint.slice(resources.length + 1).replace(/\.ts$/, '');
    chunks.push({ name, path: o.path });
  }
  // What each output loads with it (its static imports, transitively).
  const byPath = new Map(outputs.map((o) => [o.path, o]));
  const closure = (start) => {
    const seen = new Set();
    const visit = (p) => {
      if (seen.has(p) || !byPath.has(p)) return;
      seen.add(p);
      for (const i of byPath.get(p).imports) if (i.kind === 'import-statement') visit(resolve(cwd, i.path));
    };
    visit(start);
    return seen;
  };
  return { chunks, outputs, closure, differing };
}

const SDK_BUILTINS = ['stream', 'net', 'http', 'https', 'tls', 'crypto', 'zlib', 'os', 'fs/promises'];

function timeNode(args, env) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ').slice(0, 120)} exited ${r.status}: ${r.stderr?.slice(-400)}`);
  return elapsed;
}

async function coldStartSection() {
  const { chunks, outputs, closure, differing } = await kindChunks();
  const entry = resolve(DIST, 'index.mjs');
  const url = (p) => pathToFileURL(p).href;
  // Default: the function's own environment (as template.yaml sets it: no NODE_OPTIONS, nothing
  // else). BENCH_COLD_ENV=inherit: this shell's environment for every row.
  const inherit = COLD_ENV === 'inherit';
  const env = inherit ? process.env : localEnv('http://127.0.0.1:9');
  const importKind = (chunk) => [
    '-e',
    `import(${JSON.stringify(url(entry))}).then(() => import(${JSON.stringify(url(chunk.path))}))`,
  ];
  const variants = [
    { label: "bare `node -e ''`", args: ['-e', ''] },
    { label: 'import dist/index.mjs', args: ['-e', `import(${JSON.stringify(url(entry))})`] },
    ...KINDS.map((k) => {
      const chunk = chunks.find((c) => c.name === k.chunk);
      if (!chunk) throw new Error(`no chunk with entryPoint src/resources/${k.chunk}.ts in the metafile`);
      return { label: `index + ${k.name}`, kind: k, chunk, args: importKind(chunk) };
    }),
  ];
  // For comparison only, never a goal: the other environment's bare start (a NODE_EXTRA_CA_CERTS,
  // set in some sandboxes and CI images but not on Lambda nodejs22.x, makes every node start
  // load a CA bundle), and the first kind with --enable-source-maps (what template.yaml leaves out).
  variants.push({
    label: `(info) bare, ${inherit ? "the function's" : "this shell's"} environment`,
    args: ['-e', ''],
    env: inherit ? localEnv('http://127.0.0.1:9') : process.env,
    info: 'env',
  });
  const withSourceMaps = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim() };
  // The floor of any AWS SDK call: the Node built-ins the SDK's HTTP handler, signer and
  // user agent load (process.moduleLoadList after importing the entry).
  variants.push({
    label: '(info) bare + the built-ins an SDK call needs',
    args: ['-e', `for (const m of ${JSON.stringify(SDK_BUILTINS)}) require(m)`],
    info: 'builtins',
  });
  variants.push({
    label: `(info) index + ${KINDS[0].name}, with --enable-source-maps`,
    args: variants[2].args,
    env: withSourceMaps,
    info: 'maps',
  });
  for (const v of variants) timeNode(v.args, v.env ?? env); // warm the file cache; not counted
  const times = variants.map(() => []);
  const ratios = variants.map(() => []);
  for (let i = 0; i < COLD_RUNS; i++) {
    // One pair set: every variant once, in a rotating order, so drift hits them alike.
    const order = range(variants.length).map((j) => (j + i) % variants.length);
    const t = [];
    for (const j of order) t[j] = timeNode(variants[j].args, variants[j].env ?? env);
    t.forEach((v, j) => {
      times[j].push(v);
      ratios[j].push(v / t[0]);
    });
  }
  const entryClosure = closure(entry);
  const sizeOf = (paths) => [...paths].reduce((sum, p) => sum + (outputs.find((o) => o.path === p)?.bytes ?? 0), 0);
  const distFiles = readdirSync(DIST, { recursive: true }).map((f) => join(DIST, String(f)));
  const mjs = distFiles.filter((f) => f.endsWith('.mjs'));
  const maps = distFiles.filter((f) => f.endsWith('.map'));
  const total = mjs.reduce((sum, f) => sum + statSync(f).size, 0);
  const mapBytes = maps.reduce((sum, f) => sum + statSync(f).size, 0);

  out(`\n## 3. Cold start: module loading, median of ${COLD_RUNS} paired runs`);
  out('');
  out(
    inherit
      ? "Wall time of a whole `node` process (spawn to exit), in this shell's environment (BENCH_COLD_ENV=inherit). Each pair"
      : "Wall time of a whole `node` process (spawn to exit), in the function's environment (invoke.mjs localEnv:\n" +
          'as template.yaml sets it, without NODE_OPTIONS; nothing inherited from this shell). Each pair',
  );
  out('runs every row once, in rotating order; "x bare" is the median of the per-pair ratios to bare node.');
  out("A kind's row imports the entry, then the kind's chunk, as a request does; the chunks are found in");
  out("esbuild's metafile (in-memory rebuild with BUNDLE_OPTIONS). The (info) rows are not part of any goal.");
  out('');
  const rows = variants.map((v, j) => {
    const r = median(ratios[j]);
    let goal;
    let loads;
    if (v.kind) {
      goal = verdict(
        `cold start ${v.kind.name} <= ${GOALS.coldRatio}x bare node`,
        `${x(r)} (${ms(median(times[j]))} ms vs ${ms(median(times[0]))} ms)`,
        r <= GOALS.coldRatio,
      );
      const extra = [...closure(v.chunk.path)].filter((p) => !entryClosure.has(p));
      loads = `${relative(DIST, v.chunk.path)} (+${kib(sizeOf(extra))} beyond the entry)`;
    } else if (j === 1) {
      loads = `${kib(sizeOf(entryClosure))} with its static chunks`;
    } else if (v.info === 'env') {
      loads = v.env.NODE_EXTRA_CA_CERTS ? `NODE_EXTRA_CA_CERTS=${v.env.NODE_EXTRA_CA_CERTS}` : 'no NODE_EXTRA_CA_CERTS';
    } else if (v.info === 'builtins') {
      loads = SDK_BUILTINS.join(', ');
    } else if (v.info === 'maps') {
      loads = `NODE_OPTIONS=${v.env.NODE_OPTIONS ?? ''}`;
    }
    return [v.label, ms(median(times[j])), j === 0 ? '1.00x' : x(r), goal ?? '', loads];
  });
  table(['what', 'median ms', 'x bare', `<= ${GOALS.coldRatio}x`, 'loads'], rows);
  out('');
  out(
    `Bundle: ${mjs.length} .mjs files, ${kib(total)} in all; entry dist/index.mjs ${kib(statSync(entry).size)}; source maps ${kib(mapBytes)} more (shipped, read only with --enable-source-maps).`,
  );
  out(
    `Chunk names of the in-memory build match the files in dist/${differing ? `; ${differing} file(s) differ in content (dist/ is older than src/: numbers are for dist/)` : ' (same content)'}.`,
  );
}

// ---- 4. Scale and cost -----------------------------------------------------------------------

async function scaleSection(w) {
  // Cost of one cold invocation: CPU_RUNS Creates of each kind, one at a time, delay 0.
  const viaGateway = clients(w.gateway.endpoint);
  const costRows = [];
  const cpuByKind = [];
  let peakRss = 0;
  try {
    w.gateway.reset();
    for (const kind of KINDS) {
      const runs = [];
      for (let i = 0; i < CPU_RUNS; i++) {
        const world = await seed(w.direct, { streams: w.streams, viaGateway });
        const played = await play(
          w,
          cfnEvent('Create', {
            StackId: newStackId('bench-cost'),
            ResourceType: kind.type,
            LogicalResourceId: 'Resource',
            ResourceProperties: kind.props(world),
          }),
        );
        if (played.answer?.Status !== 'SUCCESS')
          throw new Error(
            `${kind.name} Create answered ${played.answer?.Status ?? 'nothing'}: ${played.answer?.Reason ?? played.invocation.stderr.slice(-300)}`,
          );
        runs.push(played.invocation);
      }
      const cpu = median(runs.map((r) => r.cpuMs));
      const rss = Math.max(...runs.map((r) => r.maxRssKiB));
      peakRss = Math.max(peakRss, rss);
      cpuByKind.push({ kind: kind.name, cpu });
      costRows.push([
        kind.name,
        ms(median(runs.map((r) => r.durationMs))),
        ms(median(runs.map((r) => r.importMs))),
        ms(median(runs.map((r) => r.handlerMs))),
        ms(cpu),
        (rss / 1024).toFixed(1),
      ]);
    }
  } finally {
    for (const client of Object.values(viaGateway)) client.destroy?.();
  }

  // Scale: SCALE Creates at once against IAM's account-wide write rate.
  const kind = KINDS.find((k) => k.type === 'Custom::PinpointEmailSendingRole');
  w.gateway.reset();
  w.gateway.state.iamMutatingPerSecond = SCALE_IAM_PER_SECOND;
  const stackId = newStackId('bench-scale');
  const events = range(SCALE).map((i) =>
    cfnEvent('Create', {
      StackId: stackId,
      ResourceType: kind.type,
      LogicalResourceId: `SendingRole${String(i + 1).padStart(2, '0')}`,
      ResourceProperties: { Tags: [{ Key: 'n', Value: String(i + 1) }] },
    }),
  );
  const started = Date.now();
  const answeredAt = new Map();
  const sent = events.map((e) => {
    const { id, url } = w.responses.newUrl();
    const event = { ...e, ResponseURL: url };
    w.gateway.cloudformation.registerEvent(event);
    return { id, event };
  });
  // Answers are timed by polling the response server every 10 ms (it keeps no timestamps).
  let polling = true;
  const poller = (async () => {
    while (polling) {
      for (const { id } of sent)
        if (!answeredAt.has(id) && w.responses.responses(id).length) answeredAt.set(id, Date.now());
      await sleep(10);
    }
  })();
  const invocations = await Promise.all(
    sent.map(({ event }) => invokeBundle(event, { env: localEnv(w.gateway.endpoint), timeoutMs: FUNCTION_TIMEOUT_MS })),
  );
  polling = false;
  await poller;
  for (const { id } of sent)
    if (!answeredAt.has(id) && w.responses.responses(id).length) answeredAt.set(id, Date.now());
  const statuses = sent.map(({ id }) => w.responses.responses(id)[0]?.body?.Status);
  const ok = statuses.filter((st) => st === 'SUCCESS').length;
  const lastAnswer = answeredAt.size ? Math.max(...answeredAt.values()) - started : undefined;
  const scaleRss = Math.max(...invocations.map((i) => i.maxRssKiB ?? 0));
  const { iamAdmitted, iamThrottled } = w.gateway.state;
  w.gateway.reset();

  out(`\n## 4. Scale and cost`);
  out('');
  out(
    `### ${SCALE} concurrent Creates (${kind.name}: the fastest kind, only IAM and the CloudFormation check), IAM limited to ${SCALE_IAM_PER_SECOND} mutating calls/s`,
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
        s2(lastAnswer),
        `${ok}/${SCALE} ${sv}`,
        iamAdmitted,
        iamThrottled,
        s2(Math.max(...invocations.map((i) => i.durationMs))),
        (scaleRss / 1024).toFixed(1),
      ],
    ],
  );
  out(
    `(${SCALE} processes on ${os.cpus().length} cores; the floor is ${((2 * SCALE) / SCALE_IAM_PER_SECOND).toFixed(1)} s: 2 mutating IAM calls per Create at ${SCALE_IAM_PER_SECOND}/s.)`,
  );
  if (ok < SCALE) {
    const bad = sent
      .map(({ id }, i) => ({ body: w.responses.responses(id)[0]?.body, inv: invocations[i] }))
      .filter((b) => b.body?.Status !== 'SUCCESS');
    out(`- e.g.: ${bad[0]?.body?.Reason ?? `no response (killed: ${bad[0]?.inv.killed})`}`);
  }

  out(`\n### One cold invocation: a Create per kind, no propagation delay, median of ${CPU_RUNS}`);
  out('');
  out('From the invocation process itself (test/support/lambda-runner.mjs: process.resourceUsage() at the end):');
  out('CPU = user + system time of the whole process (Node start-up, bundle load, handler); peak RSS = maxRSS');
  out("(Lambda's Max Memory Used counts the runtime too). wall = spawn to exit as seen by the caller.");
  out('');
  table(['kind', 'wall ms', 'import ms', 'handler ms', 'CPU ms', 'peak RSS MiB'], costRows);
  const peakMiB = Math.max(peakRss, scaleRss) / 1024;
  const rv = verdict(
    `peak RSS of one invocation < ${GOALS.peakRssMiB} MB`,
    `${peakMiB.toFixed(1)} MiB`,
    peakMiB < GOALS.peakRssMiB,
  );
  out(
    `\nPeak RSS of one invocation (largest seen, here and at scale): ${peakMiB.toFixed(1)} MiB < ${GOALS.peakRssMiB} MB ${rv}`,
  );

  const worst = cpuByKind.reduce((a, b) => (b.cpu > a.cpu ? b : a));
  out(`\n### Cold-start CPU time at Lambda memory sizes (CPU share = MemorySize / ${MB_PER_VCPU} MB of one vCPU)`);
  out('');
  out(
    `From the heaviest kind's median CPU time here (${worst.kind}: ${ms(worst.cpu)} ms on this machine, one core taken as one vCPU;`,
  );
  out(
    'Lambda arm64 and x86 cores differ from it). Expected = CPU ms x 1769 / MemorySize: the CPU-bound part of a cold Create;',
  );
  out('the waits (AWS calls, IAM propagation) do not shrink with memory.');
  out('');
  table(
    ['MemorySize MB', 'vCPU share', 'expected cold CPU time ms'],
    MEMORY_SIZES.map((m) => [m, (m / MB_PER_VCPU).toFixed(3), ms((worst.cpu * MB_PER_VCPU) / m)]),
  );
  const templateMemory = /^\s*MemorySize:\s*(\d+)/m.exec(readFileSync(join(ROOT, 'template.yaml'), 'utf8'))?.[1];
  const fits = (m) => m >= 1.5 * peakMiB && (worst.cpu * MB_PER_VCPU) / m <= 1000;
  const pick = MEMORY_SIZES.find(fits) ?? MEMORY_SIZES.at(-1);
  out(
    `\nRecommendation: MemorySize ${pick} MB: the smallest size with room for the peak RSS (>= 1.5 x ${peakMiB.toFixed(0)} MiB) whose ` +
      `cold Create needs <= 1 s of CPU (~${ms((worst.cpu * MB_PER_VCPU) / pick)} ms); more memory only shortens that CPU part, while the ` +
      `seconds spent waiting for IAM propagation are billed per MB, and invocations are a few per deployment.` +
      (templateMemory ? ` (template.yaml has MemorySize: ${templateMemory}.)` : ''),
  );
}

// ---- Main --------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(BUNDLE))
    throw new Error(`${BUNDLE} is missing: run \`npm run build\` (\`npm run bench\` builds first)`);
  const cpu = os.cpus();
  out('# pinpoint-event-stream-resource benchmark');
  out('');
  out(
    `node ${process.version}, ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, load average ${load()} at start (1, 5, 15 min).`,
  );
  out(
    `Knobs: BENCH_DELAYS_MS=${DELAYS_MS.join(',')} BENCH_RUNS=${RUNS} BENCH_STRATEGIES=${STRATEGIES.join(',')} BENCH_FIXED_SLEEP_MS=${FIXED_SLEEP_MS} ` +
      `BENCH_COLD_RUNS=${COLD_RUNS} BENCH_COLD_ENV=${COLD_ENV} BENCH_SCALE=${SCALE} BENCH_SCALE_IAM_PER_SECOND=${SCALE_IAM_PER_SECOND} BENCH_CPU_RUNS=${CPU_RUNS} BENCH_SECTIONS=${SECTIONS.join(',')}`,
  );
  out(
    'Everything runs the built dist/ against moto behind test/support/gateway.mjs on this machine; compare ratios, not absolute ms, across machines.',
  );

  const moto = await startMoto();
  cleanups.push(moto.stop);
  const gateway = await startGateway({ motoEndpoint: moto.endpoint });
  cleanups.push(gateway.close);
  const responses = await startResponseServer();
  cleanups.push(responses.close);
  const direct = clients(moto.endpoint);
  const streams = await seed(direct);
  const w = { moto, gateway, responses, direct, streams };
  out(`moto ${moto.version}.`);

  const sections = [
    ['propagation', () => propagationSection(w)],
    ['roundtrips', () => roundTripSection(w)],
    ['coldstart', () => coldStartSection()],
    ['scale', () => scaleSection(w)],
  ];
  const crashed = [];
  for (const [name, run] of sections) {
    if (!SECTIONS.includes(name)) continue;
    const started = Date.now();
    try {
      await run();
    } catch (error) {
      crashed.push(name);
      out(`\n**Section ${name} could not run:** ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BENCH_DEBUG) console.error(error);
    }
    out(`\n_(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${load()})_`);
    gateway.reset();
  }

  out('\n## Summary');
  out('');
  table(
    ['goal', 'measured', 'result'],
    verdicts.map((v) => [v.goal, v.value, v.pass === undefined ? 'n/a' : v.pass ? 'PASS' : 'FAIL']),
  );
  const failed = verdicts.filter((v) => v.pass === false).length;
  const passed = verdicts.filter((v) => v.pass === true).length;
  out('');
  out(
    `${passed} PASS, ${failed} FAIL, ${verdicts.length - passed - failed} not measured${crashed.length ? `; sections that could not run: ${crashed.join(', ')}` : ''}. ` +
      `Load average at the end: ${load()}${os.loadavg()[0] > cpu.length * 0.5 ? ' (a busy machine: timings are noisy; rerun on a quiet one)' : ''}.`,
  );
  return crashed.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof MotoUnavailableError ? `Cannot start the local emulator: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
