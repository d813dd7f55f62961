// 1. Propagation, side by side: the same role (same trust and policy) and the same call
// (Pinpoint PutEventStream to a Kinesis stream) while the gateway refuses the role for D ms
// after its last change, for four strategies: this project (a Create through the bundle), a
// fixed sleep, Terraform's retry schedule, one call with no wait. The fixed-sleep runs of one
// delay run in parallel with each other and alongside the other strategies of that delay (they
// only sleep).

import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  type Clients,
  clients,
  destroyClients,
  KIND,
  kindEvent,
  MANAGED_PATH_PREFIX,
  newStackId,
  PARTITION,
  REGION,
  seed,
  type World,
} from '../../local/index.js';
import { INLINE_POLICY_NAME } from '../../src/names.js';
import { pinpointAppTrust, streamWriterPolicy } from '../../src/policies.js';
import { stackContext } from '../../src/stack.js';
import { ROOT } from './bundles.js';
import { type BenchContext, play } from './context.js';
import { DELAYS_MS, FIXED_SLEEP_MS, RUNS, STRATEGIES, type Strategy, SVG } from './knobs.js';
import { type PropagationRun, propagationChart, reportPropagation } from './propagation-report.js';
import { out, range } from './report.js';

interface Attempt {
  readonly app: string;
  readonly start: number;
  readonly end: number;
  readonly status: number;
}

/**
 * A pass-through HTTP proxy in front of the gateway that timestamps every Pinpoint
 * PutEventStream (POST /v1/apps/{id}/eventstream): `start` when the request arrives, `end`
 * when the last byte of the gateway's answer has been handed back to the caller (res
 * 'finish'), and the status. The proxy times the calls from the outside, in this process, on
 * the same clock (Date.now) the gateway stamps a role's change with (gateway.iam.changedAt, set
 * when IAM has accepted CreateRole / PutRolePolicy, before the caller hears back). So "time
 * beyond the delay" = end of the successful PutEventStream - changedAt(role) - delay: the wait
 * a strategy adds on top of what IAM imposes. The proxy adds well under a millisecond a call on
 * loopback, the same for every strategy.
 */
async function startRecorder(target: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const attempts: Attempt[] = [];
  const server = createServer((req, res) => {
    const start = Date.now();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const m = req.method === 'POST' ? /^\/v1\/apps\/([^/?]+)\/eventstream$/.exec(path) : null;
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers, agent },
      (answer) => {
        const status = answer.statusCode ?? 0;
        res.writeHead(status, answer.headers);
        if (m)
          res.on('finish', () =>
            attempts.push({ app: decodeURIComponent(m[1] ?? ''), start, end: Date.now(), status }),
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
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attemptsFor: (app: string) => attempts.filter((a) => a.app === app).sort((a, b) => a.start - b.start),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
        agent.destroy();
      }),
  };
}

/** The documents this project gives a Pinpoint app's role (src/policies.ts), for the other strategies' roles. */
const benchStack = () =>
  stackContext(`arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stack/bench/${BENCH_STACK_UUID}`, 'Bench');
const BENCH_STACK_UUID = '00000000-0000-4000-8000-00000000bec4';
const pinpointTrust = (applicationId: string) => pinpointAppTrust(benchStack(), applicationId);
const kinesisWriter = (streamArn: string) => streamWriterPolicy({ kind: 'kinesis', arn: streamArn }, undefined);

let roleCounter = 0;
/** CreateRole + PutRolePolicy with the SDK (seed credentials, through the recorder and the gateway). */
async function makeRoleBySdk(c: Clients, world: World, strategy: Strategy) {
  const name = `bench-${strategy}-${process.pid}-${(roleCounter++).toString(36)}-${Date.now().toString(36)}`;
  const { Role } = await c.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Path: `/${MANAGED_PATH_PREFIX}/${REGION}/`,
      AssumeRolePolicyDocument: JSON.stringify(pinpointTrust(world.ApplicationId)),
      PermissionsBoundary: BOUNDARY_ARN,
    }),
  );
  await c.iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: INLINE_POLICY_NAME,
      PolicyDocument: JSON.stringify(kinesisWriter(world.KinesisStreamArn)),
    }),
  );
  return { name, arn: Role?.Arn ?? '' };
}

const putEventStream = (c: Clients, world: World, roleArn: string) =>
  c.pinpoint.send(
    new PutEventStreamCommand({
      ApplicationId: world.ApplicationId,
      WriteEventStream: { DestinationStreamArn: world.KinesisStreamArn, RoleArn: roleArn },
    }),
  );

type Result = { ok: true; reason?: undefined } | { ok: false; reason: string };
const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : `Error: ${String(error)}`;

/** What Terraform retries on for aws_pinpoint_event_stream (tfresource.RetryWhenIsAErrorMessageContains). */
const isTerraformRetryable = (error: unknown) =>
  error instanceof Error &&
  error.name === 'BadRequestException' &&
  error.message.includes('make sure the IAM Role is configured correctly');

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
async function terraformSchedule(call: () => Promise<unknown>, timeoutMs = 120_000): Promise<Result> {
  const started = Date.now();
  let wait = 0;
  for (;;) {
    await sleep(wait);
    if (wait === 0) wait = 100;
    try {
      await call();
      return { ok: true };
    } catch (error) {
      if (!isTerraformRetryable(error)) return { ok: false, reason: describeError(error) };
      wait *= 2;
      if (wait < 500) wait = 500;
      else if (wait > 10_000) wait = 10_000;
      if (Date.now() + wait - started > timeoutMs)
        return { ok: false, reason: `still refused after ${Math.round((Date.now() - started) / 1000)} s (timeout)` };
    }
  }
}

export async function propagationSection(w: BenchContext): Promise<void> {
  const { gateway } = w.session;
  const recorder = await startRecorder(gateway.endpoint);
  const viaRecorder = clients(recorder.endpoint);
  try {
    /**
     * Measures one run from the recorder's attempts and the gateway's changedAt. `waitMs` (for
     * "calls a second while waiting") is the project's own PropagationWait (its outcome line:
     * first attempt to success) or, for the others, the recorder's first attempt's arrival to
     * the last attempt's answer.
     */
    const measure = (
      strategy: Strategy,
      delay: number,
      run: { world: World; roleName: string | undefined; result: Result; waitMs?: number },
    ): PropagationRun => {
      const attempts = recorder.attemptsFor(run.world.ApplicationId);
      const changedAt = run.roleName ? gateway.iam.changedAt(run.roleName) : undefined;
      const success = attempts.find((a) => a.status === 200);
      const succeeded = run.result.ok && !!success;
      const beyondMs = succeeded && changedAt !== undefined ? success.end - changedAt - delay : undefined;
      const first = attempts[0];
      const last = attempts.at(-1);
      const wait = run.waitMs ?? (first && last ? last.end - first.start : 0);
      const gaps = attempts.slice(1).map((a, i) => a.start - (attempts[i]?.start ?? a.start));
      const why = changedAt === undefined ? 'role never changed' : 'no successful PutEventStream';
      return {
        strategy,
        delay,
        ok: succeeded,
        reason: succeeded ? undefined : (run.result.reason ?? why),
        beyondMs,
        calls: attempts.length,
        perSecond: attempts.length > 1 && wait > 0 ? (attempts.length - 1) / (wait / 1000) : 0,
        minGapMs: gaps.length ? Math.min(...gaps) : undefined,
      };
    };

    const runProject = async (delay: number) => {
      const world = await seed(w.session.direct, { streams: w.streams });
      const event = kindEvent(KIND.pinpoint, 'Create', newStackId('bench'), world);
      const { response, outcome } = await play(w, event, recorder.endpoint);
      const waitMs = typeof outcome?.PropagationWait === 'number' ? outcome.PropagationWait : undefined;
      const result: Result =
        response?.Status === 'SUCCESS'
          ? { ok: true }
          : { ok: false, reason: response ? response.Reason : 'no response' };
      const roleName = response?.Data?.RoleName ?? response?.PhysicalResourceId?.split('/').pop();
      return measure('project', delay, { world, roleName, result, ...(waitMs === undefined ? {} : { waitMs }) });
    };
    const prepareSdk = async (strategy: Strategy) => {
      const world = await seed(w.session.direct, { streams: w.streams });
      return { world, role: await makeRoleBySdk(viaRecorder, world, strategy) };
    };
    type Prepared = Awaited<ReturnType<typeof prepareSdk>>;
    const runSdk = async (strategy: Strategy, delay: number, prepared?: Prepared) => {
      const { world, role } = prepared ?? (await prepareSdk(strategy));
      const once = () => putEventStream(viaRecorder, world, role.arn);
      const safely = async (): Promise<Result> => {
        try {
          await once();
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: describeError(error) };
        }
      };
      let result: Result;
      if (strategy === 'fixed') {
        await sleep(FIXED_SLEEP_MS);
        result = await safely();
      } else if (strategy === 'terraform') {
        result = await terraformSchedule(once);
      } else {
        result = await safely();
      }
      return measure(strategy, delay, { world, roleName: role.name, result });
    };

    const results: PropagationRun[] = [];
    for (const delay of DELAYS_MS) {
      gateway.iam.propagationDelayMs = delay;
      process.stderr.write(`propagation ${delay} ms: ${RUNS} run(s) of ${STRATEGIES.join(', ')} ...\n`);
      // The fixed-sleep runs only sleep between their role and their single call: all of a
      // delay's runs start together (roles made first, at once), then sleep while the other
      // strategies run one at a time. Each is timed from its own role's change.
      let fixed: Promise<PropagationRun[]> = Promise.resolve([]);
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
    const byKey = reportPropagation(results);
    if (SVG) {
      mkdirSync(dirname(resolve(ROOT, SVG)), { recursive: true });
      writeFileSync(resolve(ROOT, SVG), propagationChart(byKey, `node ${process.version}`));
      out(`\nChart of the first table: ${SVG}`);
    }
  } finally {
    await recorder.close();
    destroyClients(viaRecorder);
  }
}
