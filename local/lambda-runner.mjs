// Runs the BUILT bundle once, as Lambda would: reads {bundle, event, timeoutMs} as JSON
// from stdin, gives the handler a context whose deadline is timeoutMs from now, and
// exits when the handler settles. The parent kills this process at the deadline.
//
// Its last stdout line says how the handler ended ({"runner":"settled"|"threw", ...}) and
// what this invocation cost, as Lambda's REPORT line would: `maxRssKiB` (peak resident set
// of the whole process, KiB: Lambda's "Max Memory Used" also counts the runtime),
// `cpuUserMs` / `cpuSystemMs` (CPU time of the whole process, start-up included),
// `importMs` (loading the bundle's entry) and `handlerMs` (the handler call).
import { pathToFileURL } from 'node:url';

const usage = () => {
  const u = process.resourceUsage();
  return {
    maxRssKiB: u.maxRSS,
    cpuUserMs: Math.round(u.userCPUTime / 1000),
    cpuSystemMs: Math.round(u.systemCPUTime / 1000),
  };
};

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { bundle, event, timeoutMs } = JSON.parse(Buffer.concat(chunks).toString());
const deadline = Date.now() + timeoutMs;
const context = {
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  logGroupName: '/aws/lambda/pinpoint-event-stream-local',
  logStreamName: '2026/11/23/[$LATEST]local',
  awsRequestId: 'local-invocation',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:pinpoint-event-stream-local',
};
const importStarted = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = Math.round(performance.now() - importStarted);
const handlerStarted = performance.now();
try {
  const result = await handler(event, context);
  const handlerMs = Math.round(performance.now() - handlerStarted);
  process.stdout.write(
    `${JSON.stringify({ runner: 'settled', result: result ?? null, importMs, handlerMs, ...usage() })}\n`,
  );
} catch (error) {
  const handlerMs = Math.round(performance.now() - handlerStarted);
  process.stdout.write(
    `${JSON.stringify({ runner: 'threw', error: String(error), importMs, handlerMs, ...usage() })}\n`,
  );
  process.exitCode = 3;
}
