// `npm run bench`: how long does Create wait beyond IAM propagation? Plays a Pinpoint
// Create through the BUILT bundle against moto, with the gateway refusing the new role for
// D ms (as Pinpoint does while IAM propagates), and measures the end-to-end time. The ideal
// is base + D (base: the same Create with no delay); the table prints what was measured and
// the ratios, all from this one run. Timings on a shared machine are noisy: compare ratios.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { startMoto } from '../test/support/moto.mjs';
import { startGateway } from '../test/support/gateway.mjs';
import { startResponseServer } from '../test/support/response-server.mjs';
import { invokeBundle, localEnv } from '../test/support/invoke.mjs';
import { clients, seed } from '../test/support/seed.mjs';
import { randomUUID } from 'node:crypto';

const DELAYS_MS = (process.env.BENCH_DELAYS_MS ?? '0,1000,3000,6000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const moto = await startMoto();
const gateway = await startGateway({ motoEndpoint: moto.endpoint });
const responses = await startResponseServer();
try {
  const c = clients(moto.endpoint);
  const streams = await seed(c);
  const rows = [];
  for (const delay of DELAYS_MS) {
    gateway.state.propagationDelayMs = delay;
    const times = [];
    const attempts = [];
    for (let run = 0; run < RUNS; run++) {
      const world = await seed(c, {}, streams);
      const { id, url } = responses.newUrl();
      const before = gateway.count('mobiletargeting:PutEventStream');
      const event = {
        RequestType: 'Create',
        ResponseURL: url,
        StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/bench/${randomUUID()}`,
        RequestId: randomUUID(),
        ResourceType: 'Custom::PinpointEventStream',
        LogicalResourceId: 'EventStream',
        ResourceProperties: { ServiceToken: 'bench', ApplicationId: world.ApplicationId, DestinationStreamArn: world.KinesisStreamArn },
      };
      gateway.cloudformation.registerEvent(event); // as CloudFormation would hold the stack
      const invocation = await invokeBundle(event, { env: localEnv(gateway.endpoint), timeoutMs: 120_000 });
      const [answer] = responses.responses(id);
      if (answer?.body.Status !== 'SUCCESS') throw new Error(`Create failed at delay ${delay}: ${answer?.body.Reason ?? 'no response'}`);
      times.push(invocation.durationMs);
      attempts.push(gateway.count('mobiletargeting:PutEventStream') - before);
    }
    rows.push({ delay, ms: median(times), attempts: median(attempts) });
  }
  const base = rows.find((r) => r.delay === 0)?.ms ?? 0;
  console.log(`\nCreate (Pinpoint event stream) through dist/index.mjs, median of ${RUNS} runs per row`);
  console.log('propagation ms | create ms | PutEventStream calls | waited beyond propagation ms | create / (base + propagation)');
  console.log('-------------- | --------- | -------------------- | ---------------------------- | ----------------------------');
  for (const r of rows) {
    const overshoot = r.ms - base - r.delay;
    const ratio = (r.ms / (base + r.delay)).toFixed(2);
    console.log(`${String(r.delay).padStart(14)} | ${String(r.ms).padStart(9)} | ${String(r.attempts).padStart(20)} | ${String(overshoot).padStart(28)} | ${ratio.padStart(28)}`);
  }
  console.log(`\nbase (no propagation delay) = ${base} ms: process start, bundle load and the AWS calls against moto.`);
} finally {
  await responses.close();
  await gateway.close();
  await moto.stop();
}
