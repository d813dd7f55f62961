/**
 * runtime.ts: the CloudFormation protocol around one request, with the request step stubbed (what a
 * request does is request.test.ts's): the ResponseURL and envelope checks, the deadline, exactly one
 * answer, and what is logged. The whole stack, request included, is sent random events by
 * runtime.property.test.ts.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import type { Report } from '../../src/lifecycle.js';
import type { LogContext } from '../../src/log.js';
import type { Transport } from '../../src/protocol/http.js';
import type { CloudFormationEvent, LambdaContext, Outcome, ResponseBody } from '../../src/protocol/types.js';
import type { RequestContext } from '../../src/request.js';
import type * as Runtime from '../../src/runtime.js';
import { mockedClients } from './account.js';
import {
  type CapturingLogger,
  captureLogger,
  config,
  createEvent,
  deployment,
  LOGICAL_ID,
  lambdaContext,
  never,
  onFakeTime,
  REQUEST_ID,
  RESPONSE_URL,
  STACK_ID,
} from './fixtures.js';

/** The request step as a test arranges it: what processRequest does with the event, its context and its report. */
type RequestStub = (event: CloudFormationEvent, context: RequestContext, report: Report) => Promise<Outcome>;
let requestStep: ReturnType<typeof vi.fn<RequestStub>>;
let handle: typeof Runtime.handle;

beforeEach(async () => {
  requestStep = vi.fn<RequestStub>(async (_event, _context, report) => ({
    status: 'SUCCESS',
    physicalResourceId: report.physicalResourceId,
    data: { RoleName: 'r' },
  }));
  vi.resetModules();
  vi.doMock(import('../../src/request.js'), async (load) => ({
    ...(await load()),
    processRequest: (event: CloudFormationEvent, context: RequestContext, report: Report) =>
      requestStep(event, context, report),
  }));
  ({ handle } = await import('../../src/runtime.js'));
});
afterAll(() => {
  vi.doUnmock('../../src/request.js');
});

interface Sent {
  url: URL;
  body: ResponseBody;
  raw: string;
  at: number;
}

let sent: Sent[];
let log: CapturingLogger;
let contexts: LogContext[];
let clientsFor: ReturnType<typeof vi.fn<(region: string) => ClientFactory>>;

beforeEach(() => {
  sent = [];
  log = captureLogger();
  contexts = [];
  clientsFor = vi.fn<(region: string) => ClientFactory>(() => mockedClients().clients);
});

const transport: Transport = async (url, raw) => {
  sent.push({ url, raw, body: JSON.parse(raw) as ResponseBody, at: Date.now() });
  return 200;
};

function options(overrides: Partial<Runtime.RuntimeOptions> = {}): Runtime.RuntimeOptions {
  return {
    logger: (context) => {
      contexts.push(context);
      return log;
    },
    clientsFor,
    config: config(),
    transport,
    ...overrides,
  };
}

function only(): ResponseBody {
  expect(sent).toHaveLength(1);
  return sent[0]!.body;
}

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('the ResponseURL: no usable one, no answer and no work', () => {
  it.each([
    ['null', null],
    ['a string', 'Create'],
    ['a list', [createEvent()]],
    ['an event without ResponseURL', { ...createEvent(), ResponseURL: undefined }],
    ['another bucket', createEvent({ ResponseURL: 'https://my-bucket.s3.amazonaws.com/x?X-Amz-Signature=secret1' })],
    ['loopback without the opt-in', createEvent({ ResponseURL: 'http://127.0.0.1:9/x?X-Amz-Signature=secret1' })],
  ])('%s: never throws, sends nothing, runs no request, logs one error without the URL', async (_label, input) => {
    await expect(handle(input, lambdaContext(), options())).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(requestStep).not.toHaveBeenCalled();
    expect(log.at('error')).toEqual([
      {
        level: 'error',
        message: "ResponseURL is missing or not this Region's CloudFormation response bucket: the event is refused",
        fields: { hint: 'local runs on loopback need ALLOW_LOOPBACK_RESPONSE_URL=true' },
      },
    ]);
    expect(log.text()).not.toContain('secret1');
  });

  it("checks it against the function's own Region, and takes loopback only when the config allows it", async () => {
    await handle(createEvent(), lambdaContext(), options({ config: config({ region: 'eu-west-1' }) }));
    expect(sent).toHaveLength(0);
    const loopback = createEvent({ ResponseURL: 'http://127.0.0.1:9/response' });
    await handle(loopback, lambdaContext(), options({ config: config({ allowLoopbackResponseUrl: true }) }));
    expect(only().Status).toBe('SUCCESS');
    expect(sent[0]!.url.href).toBe('http://127.0.0.1:9/response');
  });
});

describe('the envelope: an event CloudFormation could not have sent is refused before any work', () => {
  it('answers FAILED naming the field, echoing what it can, and never runs the request', async () => {
    await handle(createEvent({ RequestId: 42, LogicalResourceId: 'L'.repeat(300) }), lambdaContext(), options());
    expect(requestStep).not.toHaveBeenCalled();
    expect(clientsFor).not.toHaveBeenCalled();
    expect(only()).toEqual({
      Status: 'FAILED',
      Reason:
        'event refused before any work: CloudFormation could not have sent it (RequestId is not a string (a number); ' +
        'LogicalResourceId is 300 characters long; CloudFormation sends at most 255)',
      PhysicalResourceId: 'create-failed-unknown-request',
      StackId: STACK_ID,
      RequestId: '',
      LogicalResourceId: 'L'.repeat(255),
      NoEcho: false,
      Data: {},
    });
  });

  it('echoes a PhysicalResourceId cut to 1,024 characters', async () => {
    await handle(
      createEvent({ RequestType: 'Delete', PhysicalResourceId: 'p'.repeat(2_000) }),
      lambdaContext(),
      options(),
    );
    expect(only()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'p'.repeat(1024) });
  });
});

describe('the request: one answer of its outcome', () => {
  it('runs the request with the event, deployment, its Region and account; sends its outcome once', async () => {
    const event = createEvent({ PhysicalResourceId: 'p' });
    const context = lambdaContext(60_000, { invokedFunctionArn: FUNCTION_ARN });
    await expect(handle(event, context, options())).resolves.toBeUndefined();
    const [given, requestContext, report] = requestStep.mock.calls[0]!;
    expect(given).toBe(event);
    expect(requestContext).toMatchObject({
      home: { region: 'us-east-1', account: '123456789012' },
      clientsFor,
      log,
      deployment: deployment(),
    });
    expect(requestContext.signal.aborted).toBe(true); // the request has finished: its work is stopped
    expect(report).toEqual({ physicalResourceId: 'p' });
    expect(only()).toEqual({
      Status: 'SUCCESS',
      Reason: '',
      PhysicalResourceId: 'p',
      StackId: STACK_ID,
      RequestId: REQUEST_ID,
      LogicalResourceId: LOGICAL_ID,
      NoEcho: false,
      Data: { RoleName: 'r' },
    });
    expect(sent[0]!.url.href).toBe(new URL(RESPONSE_URL).href);
  });

  it.each([
    ['no function ARN', undefined],
    ['a function ARN it cannot read (local runs)', 'local-function'],
  ])('with %s, the account is left unknown (not checked)', async (_label, invokedFunctionArn) => {
    await handle(createEvent(), lambdaContext(60_000, { invokedFunctionArn }), options());
    expect(requestStep.mock.calls[0]?.[1].home).toEqual({ region: 'us-east-1', account: undefined });
  });

  it('keeps the answer under 4096 bytes whatever the reason', async () => {
    requestStep.mockResolvedValue({ status: 'FAILED', physicalResourceId: 'p', reason: `"${'ü'.repeat(10_000)}"\n` });
    await handle(createEvent(), lambdaContext(), options());
    expect(Buffer.byteLength(sent[0]!.raw)).toBeLessThan(4096);
  });

  it.each([
    ['no log stream: no pointer', {}, 'bad'],
    ['a log stream only', { logStreamName: 'stream-xyz' }, 'bad. See CloudWatch log stream stream-xyz'],
    [
      'its log group and stream',
      { logGroupName: '/aws/lambda/fn', logStreamName: '2024/01/01/[$LATEST]abc' },
      'bad. See CloudWatch log stream /aws/lambda/fn 2024/01/01/[$LATEST]abc',
    ],
  ])('a FAILED reason ends with where to read the log: %s', async (_label, names, reason) => {
    requestStep.mockResolvedValue({ status: 'FAILED', physicalResourceId: 'p', reason: 'bad' });
    await handle(createEvent(), lambdaContext(60_000, names), options());
    expect(only().Reason).toBe(reason);
  });

  it('a SUCCESS has an empty reason, even with a log stream', async () => {
    await handle(createEvent(), lambdaContext(60_000, { logStreamName: 'stream-xyz' }), options());
    expect(only().Reason).toBe('');
  });
});

describe('the deadline: a FAILED answer before the Lambda times out, and never a second one', () => {
  it('a request still running at the work deadline: "timed out after N s", naming the id in the report', async () => {
    requestStep.mockImplementation(async (_event, _context, report) => {
      report.physicalResourceId = 'the-role-being-made';
      return never();
    });
    await onFakeTime(() => handle(createEvent(), lambdaContext(10_000, { logStreamName: 's' }), options()));
    // 10 s left: 2 s are kept for the answer, so the work had 8 s.
    expect(only()).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'the-role-being-made',
      Reason: "timed out after 8 s, before the function's timeout; work stopped. See CloudWatch log stream s",
    });
    expect(requestStep.mock.calls[0]?.[1].signal.aborted).toBe(true);
    expect(log.entries.find((e) => e.message === 'outcome')).toMatchObject({
      level: 'error',
      fields: { durationMs: 8_000 },
    });
  });

  it('a request that answers after the deadline causes no second response', async () => {
    requestStep.mockImplementation(
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 'SUCCESS', physicalResourceId: 'late' }), 700)),
    );
    await onFakeTime(() => handle(createEvent(), lambdaContext(800), options()));
    expect(only()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^timed out/) });
  });

  it('stops retrying the response 250 ms before the Lambda itself times out', async () => {
    const at: number[] = [];
    vi.spyOn(Math, 'random').mockReturnValue(1); // response retries after 250, 500, 1000, 2000 ms
    try {
      await onFakeTime(() => {
        const started = Date.now();
        const failing: Transport = async () => {
          at.push(Date.now() - started);
          return 503;
        };
        return handle(createEvent(), lambdaContext(4_000), options({ transport: failing }));
      });
    } finally {
      vi.restoreAllMocks();
    }
    // The next attempt would start at 3750 ms: 250 ms before the Lambda's end, too late to be answered.
    expect(at).toEqual([0, 250, 750, 1_750]);
    expect(log.at('error').at(-1)?.message).toBe('response could not be delivered to CloudFormation');
  });
});

describe('what it logs', () => {
  it('the event as received (sanitized), the time left; every line carries the request id and identity', async () => {
    await onFakeTime(() => handle(createEvent(), lambdaContext(60_000, { awsRequestId: 'req-123' }), options()));
    expect(log.entries[0]).toEqual({
      level: 'info',
      message: 'request received',
      fields: {
        event: expect.objectContaining({
          ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>',
          ResourceProperties: { names: ['ServiceToken', 'ApplicationId', 'DestinationStreamArn'] },
        }),
        remainingMs: 60_000,
      },
    });
    expect(contexts.at(-1)).toEqual({
      requestId: 'req-123',
      StackId: STACK_ID,
      LogicalResourceId: LOGICAL_ID,
      ResourceType: 'Custom::PinpointEventStream',
      RequestType: 'Create',
    });
    expect(JSON.stringify(contexts) + log.text()).not.toMatch(/deadbeefsecretsignature|X-Amz-Signature/);
  });

  it('one outcome line per request, with its metrics (EMF) and what the report says', async () => {
    requestStep.mockImplementation(async (_event, _context, report) => {
      report.createdRole = 'r';
      report.propagation = { retries: 2, waitedMs: 1_400 };
      await new Promise((resolve) => setTimeout(resolve, 1_234));
      return { status: 'SUCCESS', physicalResourceId: 'p', data: { RoleName: 'r' } };
    });
    await onFakeTime(() => handle(createEvent(), lambdaContext(), options({ config: config({ functionName: 'fn' }) })));
    const outcomes = log.entries.filter((e) => e.message === 'outcome');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      level: 'info',
      fields: {
        AnsweredPhysicalResourceId: 'p',
        Data: { RoleName: 'r' },
        durationMs: 1_234,
        propagationRetries: 2,
        createdRole: 'r',
        FunctionName: 'fn',
        ResourceType: 'Custom::PinpointEventStream',
        Status: 'SUCCESS',
        Requests: 1,
        PropagationWait: 1_400,
      },
    });
  });

  it('a FAILED outcome at error level, its ResourceType as a metric only when supported', async () => {
    requestStep.mockResolvedValue({ status: 'FAILED', physicalResourceId: 'p', reason: 'no' });
    await handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(), options());
    const outcome = log.entries.find((e) => e.message === 'outcome');
    expect(outcome).toMatchObject({
      level: 'error',
      fields: { Reason: 'no', Status: 'FAILED', ResourceType: 'unsupported' },
    });
    expect(outcome?.fields).not.toHaveProperty('PropagationWait');
  });

  it('a failure of the protocol layer itself: logged as an error naming it, never thrown', async () => {
    const broken = {
      getRemainingTimeInMillis: () => {
        throw new Error('broken');
      },
    } as LambdaContext;
    await expect(handle(createEvent(), broken, options())).resolves.toBeUndefined();
    expect(log.at('error')).toEqual([
      { level: 'error', message: 'unexpected failure in the protocol layer', fields: { error: 'Error: broken' } },
    ]);
  });
});
