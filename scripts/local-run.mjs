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
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { MANAGED_PATH_PREFIX } from '../test/support/deployment.mjs';
import { startGateway } from '../test/support/gateway.mjs';
import { invokeBundle, localEnv } from '../test/support/invoke.mjs';
import { MotoUnavailableError, startMoto } from '../test/support/moto.mjs';
import { startResponseServer } from '../test/support/response-server.mjs';
import {
  clients,
  fillEvent,
  readEventDestinations,
  readEventStream,
  readRole,
  readSmsEventDestinations,
  seed,
} from '../test/support/seed.mjs';

// The SDK warns on Node 20 about its 2027 releases; the bundle targets nodejs22.x, so keep the demo readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EVENTS = fileURLToPath(new URL('../events/', import.meta.url));
const VERBOSE = process.argv.includes('--verbose') || process.argv.includes('-v');
/** Emulated IAM propagation, so the run shows the retry at work (real IAM: typically a few seconds). */
const PROPAGATION_DELAY_MS = Number(process.env.PROPAGATION_DELAY_MS ?? 1500);
/** The function's timeout (template.yaml's default FunctionTimeout). */
const FUNCTION_TIMEOUT_MS = 300_000;
const STEPS = ['create', 'update', 'delete'];

const color = process.stdout.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_, text) => text;
const out = (line = '') => process.stdout.write(`${line}\n`);
const json = (value) => JSON.stringify(value, null, 2).replace(/\n/g, '\n    ');

const resources = [];
let stopping = false;
async function stopAll() {
  while (resources.length)
    await resources
      .pop()()
      .catch(() => undefined);
}
process.stdout.on('error', async () => {
  // e.g. `npm start | head`: the reader went away; stop cleanly instead of leaving moto behind.
  await stopAll();
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    stopping = true;
    console.error(`\n${signal}: stopping moto`);
    await stopAll();
    process.exit(130);
  });
}

/** The kinds events/ holds, in the order they are played; the service side each one changes. */
const KINDS = [
  {
    prefix: 'pinpoint',
    service: async (c, world) => ({
      'Pinpoint event stream': (await readEventStream(c.direct, world.ApplicationId)) ?? 'none',
    }),
  },
  {
    prefix: 'ses',
    service: async (c, world) => ({
      'SES event destinations': await readEventDestinations(c.viaGateway, world.ConfigurationSetName),
    }),
  },
  {
    prefix: 'sms',
    service: async (c, world) => ({
      'SMS and voice event destinations': await readSmsEventDestinations(c.viaGateway, world.SmsConfigurationSetName),
    }),
  },
  { prefix: 'sending-role', service: async () => ({}) },
];

/** events/<prefix>-<step>.json, grouped by prefix: the known kinds first, then any others found. */
async function eventFiles() {
  const files = (await readdir(EVENTS)).filter((f) => f.endsWith('.json'));
  const prefixes = [...new Set(files.map((f) => /^(.+)-(create|update|delete)\.json$/.exec(f)?.[1]).filter(Boolean))];
  const known = KINDS.map((k) => k.prefix);
  const order = [...known.filter((p) => prefixes.includes(p)), ...prefixes.filter((p) => !known.includes(p)).sort()];
  return order.map((prefix) => ({
    kind: KINDS.find((k) => k.prefix === prefix) ?? { prefix, service: async () => ({}) },
    steps: STEPS.filter((step) => files.includes(`${prefix}-${step}.json`)),
  }));
}

async function rolesLeft(direct) {
  const roles = [];
  let Marker;
  do {
    const page = await direct.iam.send(new ListRolesCommand({ PathPrefix: `/${MANAGED_PATH_PREFIX}/`, Marker }));
    roles.push(...(page.Roles ?? []).map((r) => r.Arn));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return roles;
}

async function main() {
  const startedAt = Date.now();
  const moto = await startMoto();
  resources.push(moto.stop);
  const gateway = await startGateway({ motoEndpoint: moto.endpoint, propagationDelayMs: PROPAGATION_DELAY_MS });
  resources.push(gateway.close);
  const responses = await startResponseServer();
  resources.push(responses.close);
  const direct = clients(moto.endpoint);
  const viaGateway = clients(gateway.endpoint);
  const c = { direct, viaGateway };
  const names = {
    app: 'demo-app',
    stream: 'pinpoint-events',
    firehose: 'pinpoint-events-firehose',
    configurationSet: 'marketing',
    smsConfigurationSet: 'demo-sms',
  };
  const world = await seed(direct, { names, viaGateway });
  out(
    `moto ${moto.version}, emulated IAM propagation ${PROPAGATION_DELAY_MS} ms; playing events/ through dist/index.mjs (ms: the function's own duration)`,
  );
  if (VERBOSE) out(`seeded: ${json(world)}`);

  const width = Math.max(...KINDS.map((k) => k.prefix.length));
  let played = 0;
  let failures = 0;
  let retriesInAll = 0;
  for (const { kind, steps } of await eventFiles()) {
    let physicalId;
    for (const step of steps) {
      const { id, url } = responses.newUrl();
      const template = JSON.parse(await readFile(`${EVENTS}${kind.prefix}-${step}.json`, 'utf8'));
      const event = fillEvent(template, {
        ...world,
        ResponseURL: url,
        PhysicalResourceId: physicalId ?? 'not-created',
      });
      gateway.cloudformation.registerEvent(event); // as CloudFormation would hold the stack
      const wallStarted = Date.now();
      const invocation = await invokeBundle(event, { env: localEnv(gateway.endpoint), timeoutMs: FUNCTION_TIMEOUT_MS });
      if (stopping) return 130; // Ctrl-C reached the invocation too; the signal handler finishes
      played++;
      const answer = responses.responses(id)[0]?.body;
      const outcome = invocation.logs.find((l) => l.message === 'outcome');
      const label = `${kind.prefix.padEnd(width)}  ${String(event.RequestType).padEnd(6)}`;
      if (!answer) {
        failures++;
        const lastLog = invocation.logs.at(-1);
        const why =
          invocation.stderr.trim().split('\n').at(-1) ||
          (lastLog ? `last log line: ${lastLog.message ?? lastLog.runner ?? ''}` : 'no output');
        const how = invocation.killed ? 'killed at the timeout' : `exit code ${invocation.code}`;
        out(`${label}  ${color('31', 'NO RESPONSE')}  ${Date.now() - wallStarted} ms (${how}): ${why.slice(0, 200)}`);
        continue;
      }
      const { Status, Reason, PhysicalResourceId } = answer;
      if (Status !== 'SUCCESS') failures++;
      // The outcome line has no propagationRetries when the wait gave up: count the retry lines then.
      const retries =
        outcome?.propagationRetries ?? invocation.logs.filter((l) => l.message?.includes('IAM propagation')).length;
      retriesInAll += retries;
      const took = outcome?.durationMs ?? Date.now() - wallStarted;
      const status = Status === 'SUCCESS' ? color('32', 'SUCCESS') : color('31', String(Status).padEnd(7));
      const retryText = `${retries} propagation retr${retries === 1 ? 'y  ' : 'ies'}`;
      out(
        `${label}  ${status}  ${String(took).padStart(5)} ms  ${retryText}  ${PhysicalResourceId}${Status === 'SUCCESS' ? '' : `\n    Reason: ${Reason}`}`,
      );
      physicalId = PhysicalResourceId;
      if (VERBOSE) await showState(c, world, kind, PhysicalResourceId, answer);
    }
  }

  const roles = await rolesLeft(direct);
  const left = {
    [`roles under /${MANAGED_PATH_PREFIX}/`]: roles,
    [`Pinpoint event stream of app ${names.app}`]: [await readEventStream(direct, world.ApplicationId)]
      .filter(Boolean)
      .map((s) => s.RoleArn),
    [`SES destinations of ${world.ConfigurationSetName}`]: (
      await readEventDestinations(viaGateway, world.ConfigurationSetName)
    ).map((d) => d.Name),
    [`SMS and voice destinations of ${world.SmsConfigurationSetName}`]: (
      await readSmsEventDestinations(viaGateway, world.SmsConfigurationSetName)
    ).map((d) => d.EventDestinationName),
  };
  const leftovers = Object.values(left).flat().length;
  out(
    `left: ${Object.entries(left)
      .map(([what, items]) => `${what}: ${items.length ? items.join(', ') : 'none'}`)
      .join('; ')}`,
  );
  const summary =
    `${played} events: ${played - failures} SUCCESS, ${failures} not SUCCESS; ${retriesInAll} propagation retries in all; ` +
    `${leftovers ? color('33', `${leftovers} thing(s) left behind`) : 'nothing left behind'}; ${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
  out(failures === 0 ? summary : color('31', summary));
  return failures === 0 ? 0 : 1;
}

/** --verbose: the role as IAM holds it, and the service side of the kind. */
async function showState(c, world, kind, physicalId, answer) {
  if (answer.Data && Object.keys(answer.Data).length) out(`    Data: ${json(answer.Data)}`);
  const roleName = String(physicalId).split('/').pop();
  const role = await readRole(c.direct, roleName);
  if (role) {
    out(`    role: ${role.arn}`);
    out(`    path: ${role.path}   permissions boundary: ${role.permissionsBoundary ?? 'none'}`);
    out(`    trust policy: ${json(role.trust)}`);
    out(`    permissions policy: ${json(role.policies)}`);
    out(`    tags: ${json(role.tags)}`);
  } else {
    out(`    role: ${roleName} does not exist`);
  }
  for (const [label, value] of Object.entries(await kind.service(c, world))) out(`    ${label}: ${json(value)}`);
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof MotoUnavailableError ? `Cannot start the local emulator: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
