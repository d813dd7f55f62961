// Runs the BUILT bundle once, as Lambda would: reads {bundle, event, timeoutMs} as JSON
// from stdin, gives the handler a context whose deadline is timeoutMs from now, and
// exits when the handler settles. The parent kills this process at the deadline.
import { pathToFileURL } from 'node:url';

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
const { handler } = await import(pathToFileURL(bundle).href);
try {
  const result = await handler(event, context);
  process.stdout.write(`${JSON.stringify({ runner: 'settled', result: result ?? null })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ runner: 'threw', error: String(error) })}\n`);
  process.exitCode = 3;
}
