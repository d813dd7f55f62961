// `npm start`: the main job, locally. Starts moto (behind the emulator gateway, with IAM
// propagation emulated), seeds what the events point at (a Pinpoint app, a Kinesis stream, a
// Firehose delivery stream, an SES configuration set, a CloudWatch Logs log group, an SMS and
// voice configuration set), then plays every file in events/ (<kind>-create, -update,
// -delete) through the BUILT bundle (dist/index.mjs), one fresh Node process per event, with
// a local ResponseURL server. Prints one line per event, then what is left and a total.
//
//   npm start                  quiet: one line per event
//   npm start -- --verbose     also the role (trust, permissions policy, tags, path,
//                              boundary) and the service side after each event
//   PROPAGATION_DELAY_MS=3000 npm start    emulated IAM propagation (default 1500 ms)
//
// Exit code 1 if any event did not answer SUCCESS. moto is stopped at the end, on failure,
// on Ctrl-C and when the output pipe closes (`npm start | head`).
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  type CloudFormationEvent,
  type CloudFormationResponse,
  FUNCTION_TIMEOUT_MS,
  fillEvent,
  KINDS,
  type Kind,
  MANAGED_PATH_PREFIX,
  type Played,
  readRole,
  roleArnsUnder,
  runTool,
  type Session,
  type SmsWorld,
  startSession,
} from '../local/index.js';

// The SDK warns on Node 20 about its 2027 releases; the function runs on nodejs24.x: keep the demo readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EVENTS = fileURLToPath(new URL('../events/', import.meta.url));
const VERBOSE = process.argv.includes('--verbose') || process.argv.includes('-v');
/** Emulated IAM propagation, so the run shows the retry at work (real IAM: typically a few seconds). */
const PROPAGATION_DELAY_MS = Number(process.env.PROPAGATION_DELAY_MS ?? 1500);
const STEPS = ['create', 'update', 'delete'] as const;
const NAMES = {
  app: 'demo-app',
  stream: 'pinpoint-events',
  firehose: 'pinpoint-events-firehose',
  configurationSet: 'marketing',
  smsConfigurationSet: 'demo-sms',
};

const color = process.stdout.isTTY
  ? (code: string, text: string) => `\x1b[${code}m${text}\x1b[0m`
  : (_code: string, text: string) => text;
const out = (line = '') => process.stdout.write(`${line}\n`);
const json = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n    ');

/** events/<prefix>-<step>.json grouped by prefix: the catalog's kinds first, then any others found. */
async function eventFiles(): Promise<{ prefix: string; kind: Kind | undefined; steps: string[] }[]> {
  const files = (await readdir(EVENTS)).filter((f) => f.endsWith('.json'));
  const prefixes = [...new Set(files.flatMap((f) => /^(.+)-(create|update|delete)\.json$/.exec(f)?.[1] ?? []))];
  const known = KINDS.map((k) => k.eventsPrefix);
  const order = [...known.filter((p) => prefixes.includes(p)), ...prefixes.filter((p) => !known.includes(p)).sort()];
  return order.map((prefix) => ({
    prefix,
    kind: KINDS.find((k) => k.eventsPrefix === prefix),
    steps: STEPS.filter((step) => files.includes(`${prefix}-${step}.json`)),
  }));
}

/** One line for a played event: its status, the function's own duration, its propagation retries. */
function report(label: string, played: Played, wallMs: number): { ok: boolean; retries: number } {
  const { response, invocation, outcome } = played;
  if (!response) {
    const lastLog = invocation.logs.at(-1);
    const why =
      invocation.stderr.trim().split('\n').at(-1) ||
      (lastLog ? `last log line: ${String(lastLog.message ?? lastLog.runner ?? '')}` : 'no output');
    const how = invocation.killed ? 'killed at the timeout' : `exit code ${invocation.code}`;
    out(`${label}  ${color('31', 'NO RESPONSE')}  ${wallMs} ms (${how}): ${why.slice(0, 200)}`);
    return { ok: false, retries: 0 };
  }
  const { Status, Reason, PhysicalResourceId } = response;
  // The outcome line has no propagationRetries when the wait gave up: count the retry lines then.
  const retries =
    typeof outcome?.propagationRetries === 'number'
      ? outcome.propagationRetries
      : invocation.logs.filter((l) => typeof l.message === 'string' && l.message.includes('IAM propagation')).length;
  const took = typeof outcome?.durationMs === 'number' ? outcome.durationMs : wallMs;
  const status = Status === 'SUCCESS' ? color('32', 'SUCCESS') : color('31', String(Status).padEnd(7));
  const retryText = `${retries} propagation retr${retries === 1 ? 'y  ' : 'ies'}`;
  const reason = Status === 'SUCCESS' ? '' : `\n    Reason: ${Reason}`;
  out(`${label}  ${status}  ${String(took).padStart(5)} ms  ${retryText}  ${PhysicalResourceId}${reason}`);
  return { ok: Status === 'SUCCESS', retries };
}

/** --verbose: the role as IAM holds it, and the service side of the kind. */
async function showState(session: Session, world: SmsWorld, kind: Kind | undefined, answer: CloudFormationResponse) {
  if (answer.Data && Object.keys(answer.Data).length) out(`    Data: ${json(answer.Data)}`);
  const roleName = String(answer.PhysicalResourceId).split('/').pop() ?? '';
  const role = await readRole(session.direct, roleName);
  if (role) {
    out(`    role: ${role.arn}`);
    out(`    path: ${role.path}   permissions boundary: ${role.permissionsBoundary ?? 'none'}`);
    out(`    trust policy: ${json(role.trust)}`);
    out(`    permissions policy: ${json(role.policies)}`);
    out(`    tags: ${json(role.tags)}`);
  } else {
    out(`    role: ${roleName} does not exist`);
  }
  const target = kind?.target;
  if (target) out(`    ${target.service}: ${json((await target.read(session, world)) ?? 'none')}`);
}

await runTool(async (run) => {
  const startedAt = Date.now();
  const session = await startSession({ propagationDelayMs: PROPAGATION_DELAY_MS });
  run.onCleanup(() => session.close());
  const world = await session.seed({ names: NAMES });
  out(
    `moto ${session.motoVersion}, emulated IAM propagation ${PROPAGATION_DELAY_MS} ms; ` +
      "playing events/ through dist/index.mjs (ms: the function's own duration)",
  );
  if (VERBOSE) out(`seeded: ${json(world)}`);

  const groups = await eventFiles();
  const width = Math.max(...groups.map((g) => g.prefix.length));
  let played = 0;
  let failures = 0;
  let retriesInAll = 0;
  for (const { prefix, kind, steps } of groups) {
    let physicalId: string | undefined;
    for (const step of steps) {
      const template: unknown = JSON.parse(await readFile(`${EVENTS}${prefix}-${step}.json`, 'utf8'));
      const values = { ...world, ResponseURL: 'set-by-play', PhysicalResourceId: physicalId ?? 'not-created' };
      const event = fillEvent(template, values) as CloudFormationEvent;
      const wallStarted = Date.now();
      const result = await session.play(event, { timeoutMs: FUNCTION_TIMEOUT_MS });
      if (run.stopping) return 130; // Ctrl-C reached the invocation too; the signal handler finishes
      played++;
      const label = `${prefix.padEnd(width)}  ${String(event.RequestType).padEnd(6)}`;
      const { ok, retries } = report(label, result, Date.now() - wallStarted);
      if (!ok) failures++;
      retriesInAll += retries;
      if (!result.response) continue;
      physicalId = result.response.PhysicalResourceId;
      if (VERBOSE) await showState(session, world, kind, result.response);
    }
  }

  const left: [string, string[]][] = [
    [`roles under /${MANAGED_PATH_PREFIX}/`, await roleArnsUnder(session.direct, `/${MANAGED_PATH_PREFIX}/`)],
  ];
  for (const kind of KINDS) {
    const leftovers = await kind.target?.leftovers(session, world);
    if (leftovers) left.push([leftovers.what, leftovers.items]);
  }
  const leftCount = left.flatMap(([, items]) => items).length;
  out(`left: ${left.map(([what, items]) => `${what}: ${items.length ? items.join(', ') : 'none'}`).join('; ')}`);
  const summary =
    `${played} events: ${played - failures} SUCCESS, ${failures} not SUCCESS; ` +
    `${retriesInAll} propagation retries in all; ` +
    `${leftCount ? color('33', `${leftCount} thing(s) left behind`) : 'nothing left behind'}; ` +
    `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
  out(failures === 0 ? summary : color('31', summary));
  return failures === 0 ? 0 : 1;
});
