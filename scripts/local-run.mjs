// `npm start`: the main job, locally. Starts moto, seeds a Pinpoint app, a Kinesis stream,
// a Firehose delivery stream and an SES configuration set, then plays every event in
// events/ through the BUILT bundle (dist/index.mjs) with a local ResponseURL server, and
// prints each response, the role's policies and the service side after every step.
// moto is stopped at the end, on failure and on Ctrl-C.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startMoto, MotoUnavailableError } from '../test/support/moto.mjs';
import { startGateway } from '../test/support/gateway.mjs';
import { startResponseServer } from '../test/support/response-server.mjs';
import { invokeBundle, localEnv } from '../test/support/invoke.mjs';
import { clients, fillEvent, readEventDestinations, readEventStream, readRole, seed } from '../test/support/seed.mjs';

// The SDK warns on Node 20 about its 2027 releases; the bundle targets nodejs22.x, so keep the demo readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EVENTS = fileURLToPath(new URL('../events/', import.meta.url));
/** Emulated IAM propagation, so the run shows the retry at work (real IAM: typically a few seconds). */
const PROPAGATION_DELAY_MS = Number(process.env.PROPAGATION_DELAY_MS ?? 1500);

const color = process.stdout.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_, text) => text;
const heading = (text) => console.log(`\n${color('1;36', `== ${text} ==`)}`);
const show = (label, value) => console.log(`${color('1', label)} ${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}`);

const resources = [];
async function stopAll() {
  while (resources.length) await resources.pop()().catch(() => undefined);
}
process.stdout.on('error', async () => {
  // e.g. `npm start | head`: the reader went away; stop cleanly instead of leaving moto behind.
  await stopAll();
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping moto`);
    await stopAll();
    process.exit(130);
  });
}

async function main() {
  const moto = await startMoto();
  resources.push(moto.stop);
  console.log(`moto ${moto.version} on ${moto.endpoint}`);
  const gateway = await startGateway({ motoEndpoint: moto.endpoint, propagationDelayMs: PROPAGATION_DELAY_MS });
  resources.push(gateway.close);
  const responses = await startResponseServer();
  resources.push(responses.close);
  console.log(`emulator gateway on ${gateway.endpoint} (IAM propagation emulated: ${PROPAGATION_DELAY_MS} ms; SES v2 event destinations: local stand-in)`);

  const direct = clients(moto.endpoint);
  const viaGateway = clients(gateway.endpoint);
  const world = await seed(direct, { app: 'demo-app', stream: 'pinpoint-events', firehose: 'pinpoint-events-firehose', configurationSet: 'marketing' });
  show('seeded:', world);

  const flows = [
    { title: 'Pinpoint event stream', prefix: 'pinpoint', state: async () => ({ eventStream: (await readEventStream(direct, world.ApplicationId)) ?? 'none' }) },
    { title: 'SES configuration-set event destination', prefix: 'ses', state: async () => ({ eventDestinations: await readEventDestinations(viaGateway, world.ConfigurationSetName) }) },
    { title: 'Pinpoint email sending role', prefix: 'sending-role', state: async () => ({}) },
  ];
  let failures = 0;
  for (const flow of flows) {
    let physicalId;
    for (const step of ['create', 'update', 'delete']) {
      const file = `${flow.prefix}-${step}.json`;
      heading(`${flow.title}: ${step} (events/${file})`);
      const { id, url } = responses.newUrl();
      const template = JSON.parse(await readFile(`${EVENTS}${file}`, 'utf8'));
      const event = fillEvent(template, { ...world, ResponseURL: url, PhysicalResourceId: physicalId ?? 'not-created' });
      gateway.cloudformation.registerEvent(event); // as CloudFormation would hold the stack
      const started = Date.now();
      const invocation = await invokeBundle(event, { env: localEnv(gateway.endpoint), timeoutMs: 60_000 });
      const [answer] = responses.responses(id);
      if (!answer) {
        failures++;
        show('no response received; function output:', invocation.stderr || invocation.stdout);
        continue;
      }
      const { Status, Reason, PhysicalResourceId, Data } = answer.body;
      const retries = invocation.logs.filter((l) => l.message?.includes('IAM propagation')).length;
      show('response:', { Status, ...(Reason ? { Reason } : {}), PhysicalResourceId, Data });
      console.log(`  (${Date.now() - started} ms, ${retries} propagation retr${retries === 1 ? 'y' : 'ies'})`);
      if (Status !== 'SUCCESS') failures++;
      physicalId = PhysicalResourceId;
      const roleName = PhysicalResourceId.split('/').pop();
      const role = await readRole(direct, roleName);
      if (role) {
        show('role:', role.arn);
        show('  trust policy:', role.trust);
        show('  permissions policy:', role.policies);
        show('  tags:', role.tags);
      } else {
        show('role:', `${roleName} does not exist`);
      }
      const state = await flow.state();
      for (const [label, value] of Object.entries(state)) show(`${label}:`, value);
    }
  }
  heading(failures === 0 ? 'all steps answered SUCCESS' : `${failures} step(s) did not answer SUCCESS`);
  return failures === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof MotoUnavailableError ? `Cannot start the local emulator: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
