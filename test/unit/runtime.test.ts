import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  CreateConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFactory } from '../../src/aws/clients.js';
import { roleNameFor } from '../../src/lifecycle.js';
import type { LogContext } from '../../src/log.js';
import type { Transport } from '../../src/protocol/http.js';
import type { CloudFormationEvent, LambdaContext, ResponseBody } from '../../src/protocol/types.js';
import { planFor } from '../../src/resources/index.js';
import { handle, type RuntimeOptions } from '../../src/runtime.js';
import {
  APP_ID,
  BOUNDARY_ARN,
  type CapturingLogger,
  captureLogger,
  createEvent,
  deployment,
  FIREHOSE_ARN,
  KINESIS_ARN,
  LOGICAL_ID,
  lambdaContext,
  type MockedClients,
  mockedClients,
  never,
  noSuchEntity,
  onFakeTime,
  ownedRole,
  pinpointNotFound,
  RESPONSE_URL,
  roleArnOf,
  STACK_ID,
  stack,
  stackResource,
  streamProps,
} from './fixtures.js';

interface Sent {
  url: URL;
  body: ResponseBody;
  raw: string;
  at: number;
}

let aws: MockedClients;
let sent: Sent[];
let log: CapturingLogger;
let contexts: LogContext[];
let clientsFor: ReturnType<typeof vi.fn<(region: string) => ClientFactory>>;
let transport: Transport;
let generated: string;

const ENV = { MANAGED_ROLE_PATH_PREFIX: 'pinpoint-event-stream', ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN };

beforeEach(async () => {
  aws = mockedClients();
  sent = [];
  log = captureLogger();
  contexts = [];
  clientsFor = vi.fn<(region: string) => ClientFactory>(() => aws.clients);
  transport = async (url, raw) => {
    sent.push({ url, raw, body: JSON.parse(raw) as ResponseBody, at: Date.now() });
    return 200;
  };
  generated = roleNameFor(
    { stack: stack(), deployment: deployment() },
    await planFor('Custom::PinpointEventStream', streamProps(), stack()),
  );
});

function options(overrides: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    logger: (context) => {
      contexts.push(context);
      return log;
    },
    clientsFor,
    env: ENV,
    transport,
    ...overrides,
  };
}

function only(): ResponseBody {
  expect(sent).toHaveLength(1);
  return sent[0]!.body;
}

const generatedName = () => generated;

function freshAccount() {
  aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
  aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string; Path: string }) => ({
    Role: {
      RoleName: input.RoleName,
      Path: input.Path,
      Arn: roleArnOf(input.RoleName, input.Path),
      RoleId: 'x',
      CreateDate: new Date(),
    },
  }));
  aws.iam.on(PutRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRoleCommand).resolves({});
  aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
  aws.pinpoint.on(PutEventStreamCommand).resolves({});
}

const awsCallCount = () =>
  aws.iam.calls().length + aws.pinpoint.calls().length + aws.ses.calls().length + aws.cloudformation.calls().length;

describe('handle: the protocol', () => {
  it('a successful Create sends exactly one SUCCESS with every field, to the ResponseURL', async () => {
    freshAccount();
    const event = createEvent();
    await expect(handle(event, lambdaContext(), options())).resolves.toBeUndefined();
    const body = only();
    const arn = roleArnOf(generatedName());
    expect(body).toEqual({
      Status: 'SUCCESS',
      Reason: '',
      PhysicalResourceId: arn,
      StackId: STACK_ID,
      RequestId: event.RequestId,
      LogicalResourceId: LOGICAL_ID,
      NoEcho: false,
      Data: { RoleArn: arn, RoleName: generatedName(), ApplicationId: APP_ID },
    });
    expect(sent[0]!.url.href).toBe(new URL(RESPONSE_URL).href);
    expect(clientsFor).toHaveBeenCalledWith('us-east-1');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'Create'],
    ['a number', 42],
    ['a list', [createEvent()]],
    ['an empty object', {}],
    ['an event without ResponseURL', { ...createEvent(), ResponseURL: undefined }],
  ])('never throws and sends nothing for %s (no usable ResponseURL)', async (_label, input) => {
    await expect(handle(input, lambdaContext(), options())).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(awsCallCount()).toBe(0);
  });

  it.each([
    ['http', 'http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=secret1'],
    ['a non-AWS host', 'https://evil.com/x?X-Amz-Signature=secret1'],
    ['a look-alike host', 'https://amazonaws.com.evil.com/x?X-Amz-Signature=secret1'],
    ['another AWS host', 'https://sqs.us-east-1.amazonaws.com/123456789012/q?X-Amz-Signature=secret1'],
    ['an S3 bucket that is not a response bucket', 'https://my-bucket.s3.amazonaws.com/x?X-Amz-Signature=secret1'],
    ['loopback without the opt-in', 'http://127.0.0.1:9/x?X-Amz-Signature=secret1'],
  ])('an invalid ResponseURL (%s): no send, no throw, no AWS call, not logged', async (_label, url) => {
    await expect(handle(createEvent({ ResponseURL: url }), lambdaContext(), options())).resolves.toBeUndefined();
    expect(sent).toHaveLength(0);
    expect(awsCallCount()).toBe(0);
    expect(log.text()).not.toContain('secret1');
    expect(log.entries.some((e) => e.level === 'error')).toBe(true);
  });

  it('a loopback ResponseURL is used when ALLOW_LOOPBACK_RESPONSE_URL is "true"', async () => {
    freshAccount();
    await handle(
      createEvent({ ResponseURL: 'http://127.0.0.1:9/response' }),
      lambdaContext(),
      options({ env: { ...ENV, ALLOW_LOOPBACK_RESPONSE_URL: 'true' } }),
    );
    expect(only().Status).toBe('SUCCESS');
  });

  it('an event with only a ResponseURL gets exactly one FAILED response, and no AWS call', async () => {
    await handle({ ResponseURL: RESPONSE_URL }, lambdaContext(), options());
    const body = only();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('RequestType');
    expect(body.PhysicalResourceId).toMatch(/^create-failed-/);
    expect(awsCallCount()).toBe(0);
  });

  it('an unknown RequestType gets exactly one FAILED response naming it', async () => {
    await handle(createEvent({ RequestType: 'Upsert', PhysicalResourceId: 'p' }), lambdaContext(), options());
    const body = only();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('Upsert');
    expect(body.PhysicalResourceId).toBe('p');
  });

  it('never throws when the context itself is broken', async () => {
    const context = {
      getRemainingTimeInMillis: () => {
        throw new Error('broken');
      },
    } as LambdaContext;
    await expect(handle(createEvent(), context, options())).resolves.toBeUndefined();
  });

  it('never throws when the transport throws, and gives up in time', async () => {
    freshAccount();
    const failing: Transport = async () => {
      throw new Error('network down');
    };
    const took = await onFakeTime(async () => {
      const started = Date.now();
      await expect(
        handle(createEvent(), lambdaContext(2_000), options({ transport: failing })),
      ).resolves.toBeUndefined();
      return Date.now() - started;
    });
    expect(took).toBeLessThan(2_000);
    expect(log.entries.some((e) => e.level === 'error' && e.message.includes('could not be delivered'))).toBe(true);
  });

  it('never logs the ResponseURL signature, whatever happens', async () => {
    freshAccount();
    aws.pinpoint.on(PutEventStreamCommand).rejects(Object.assign(new Error('denied'), { name: 'ForbiddenException' }));
    await handle(createEvent(), lambdaContext(), options());
    expect(only().Status).toBe('FAILED');
    expect(JSON.stringify(contexts)).not.toContain('deadbeefsecretsignature');
    expect(log.text()).not.toContain('deadbeefsecretsignature');
    expect(log.text()).not.toContain('X-Amz-Signature');
  });

  it('keeps the response under 4096 bytes when an AWS error message is huge', async () => {
    freshAccount();
    aws.pinpoint
      .on(PutEventStreamCommand)
      .rejects(Object.assign(new Error(`"${'ü'.repeat(10_000)}"\n`), { name: 'BadRequestException' }));
    await handle(createEvent(), lambdaContext(), options());
    expect(Buffer.byteLength(sent[0]!.raw)).toBeLessThan(4096);
    expect(only().Reason).toContain('mobiletargeting:PutEventStream');
  });
});

describe('handle: dispatch', () => {
  it.each(['AWS::CloudFormation::CustomResource', 'Custom::Other'])(
    'Create of %s: FAILED listing the supported types, no AWS call',
    async (type) => {
      await handle(createEvent({ ResourceType: type }), lambdaContext(), options());
      const body = only();
      expect(body.Status).toBe('FAILED');
      expect(body.Reason).toContain(type);
      expect(body.Reason).toContain('Custom::PinpointEventStream');
      expect(awsCallCount()).toBe(0);
    },
  );

  it('the unsupported-type reason also lists Custom::PinpointEmailSendingRole', async () => {
    await handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(), options());
    expect(only().Reason).toContain('Custom::PinpointEmailSendingRole');
  });

  it('a Create with an invalid property: FAILED naming the property, no AWS call', async () => {
    await handle(
      createEvent({
        ResourceProperties: streamProps({ DestinationStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/*' }),
      }),
      lambdaContext(),
      options(),
    );
    const body = only();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/^DestinationStreamArn: /);
    expect(awsCallCount()).toBe(0);
  });

  it('a Create with a typo in a property name lists the accepted ones', async () => {
    await handle(
      createEvent({ ResourceProperties: { ...streamProps(), DestinationStreamARN: KINESIS_ARN } }),
      lambdaContext(),
      options(),
    );
    expect(only().Reason).toContain('accepted: ');
  });

  it.each([
    ['an unsupported type', { ResourceType: 'Custom::Other', PhysicalResourceId: 'create-failed-abc' }],
    [
      'AWS::CloudFormation::CustomResource with a role-like id of another account',
      { ResourceType: 'AWS::CloudFormation::CustomResource', PhysicalResourceId: 'arn:aws:iam::210987654321:role/x' },
    ],
    ['invalid properties', { ResourceProperties: { Bogus: 'x' }, PhysicalResourceId: 'create-failed-abc' }],
    ['properties that are not an object', { ResourceProperties: 'garbage', PhysicalResourceId: 'create-failed-abc' }],
    ['a non-role physical id', { PhysicalResourceId: 'my-stack-MyEventStream-1ABCDEF' }],
    ['a role outside the managed path', { PhysicalResourceId: 'arn:aws:iam::123456789012:role/Admin' }],
    ['an invalid StackId', { StackId: 'not-a-stack', PhysicalResourceId: roleArnOf('r') }],
    [
      'an unsupported partition',
      { StackId: 'arn:aws-iso:cloudformation:us-iso-east-1:123456789012:stack/s/abc', PhysicalResourceId: 'p' },
    ],
  ])('Delete with %s: SUCCESS, no AWS call, physical id echoed', async (_label, overrides) => {
    await handle(createEvent({ RequestType: 'Delete', ...overrides }), lambdaContext(), options());
    const body = only();
    expect(body.Status).toBe('SUCCESS');
    expect(body.PhysicalResourceId).toBe(overrides.PhysicalResourceId);
    expect(awsCallCount()).toBe(0);
  });

  it('Delete without a PhysicalResourceId: SUCCESS with a placeholder, no AWS call', async () => {
    await handle(createEvent({ RequestType: 'Delete' }), lambdaContext(), options());
    const body = only();
    expect(body.Status).toBe('SUCCESS');
    expect(body.PhysicalResourceId).toBeTruthy();
    expect(awsCallCount()).toBe(0);
  });

  it('Delete of an owned role: SUCCESS after deleting it', async () => {
    freshAccount();
    const name = generatedName();
    aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'fp'));
    await handle(
      createEvent({ RequestType: 'Delete', PhysicalResourceId: roleArnOf(name) }),
      lambdaContext(),
      options(),
    );
    expect(only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: roleArnOf(name) });
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
  });

  it('Update with invalid properties: FAILED, physical id kept, no AWS call', async () => {
    await handle(
      createEvent({
        RequestType: 'Update',
        PhysicalResourceId: roleArnOf('r'),
        ResourceProperties: streamProps({ ApplicationId: '' }),
        OldResourceProperties: streamProps(),
      }),
      lambdaContext(),
      options(),
    );
    expect(only()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: roleArnOf('r') });
    expect(only().Reason).toMatch(/^ApplicationId: /);
    expect(awsCallCount()).toBe(0);
  });

  it('Update without a PhysicalResourceId: FAILED', async () => {
    await handle(
      createEvent({ RequestType: 'Update', OldResourceProperties: streamProps() }),
      lambdaContext(),
      options(),
    );
    expect(only().Status).toBe('FAILED');
  });
});

describe('handle: deadline', () => {
  it('a hanging AWS call: FAILED "timed out" sent before the deadline, naming the role the Create was making', async () => {
    aws.iam.on(CreateRoleCommand).callsFake(() => never());
    const { started, finished } = await onFakeTime(async () => {
      const at = Date.now();
      await handle(createEvent(), lambdaContext(1_500), options());
      return { started: at, finished: Date.now() };
    });
    const body = only();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/timed out/);
    expect(body.PhysicalResourceId).toBe(roleArnOf(generatedName()));
    expect(sent[0]!.at).toBeLessThan(started + 1_500 - 250);
    expect(finished).toBeLessThan(started + 1_500);
  });

  it('a hanging PutEventStream after the role was made: still one FAILED answer naming the role', async () => {
    freshAccount();
    aws.pinpoint.on(PutEventStreamCommand).callsFake(() => never());
    await onFakeTime(() => handle(createEvent(), lambdaContext(1_500), options()));
    expect(only()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: roleArnOf(generatedName()) });
  });

  it('an AWS call that answers after the deadline does not cause a second response', async () => {
    freshAccount();
    aws.iam
      .on(CreateRoleCommand)
      .callsFake(() => new Promise((_resolve, reject) => setTimeout(() => reject(noSuchEntity()), 700)));
    // The answer goes at 400 ms (half of 800 is kept for it); the call fails at 700 ms; fake time runs past both.
    await onFakeTime(async () => {
      await handle(createEvent(), lambdaContext(800), options());
      expect(only().Status).toBe('FAILED');
    });
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('an Update that times out keeps its physical id', async () => {
    aws.iam.on(GetRoleCommand).callsFake(() => never());
    await onFakeTime(() =>
      handle(
        createEvent({
          RequestType: 'Update',
          PhysicalResourceId: roleArnOf('old'),
          ResourceProperties: streamProps({ ApplicationId: 'other' }),
          OldResourceProperties: streamProps(),
        }),
        lambdaContext(1_500),
        options(),
      ),
    );
    expect(only()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: roleArnOf('old') });
  });

  it('the reason points to the log stream when the context names it', async () => {
    await handle(
      createEvent({ ResourceType: 'Custom::Other' }),
      lambdaContext(60_000, { logGroupName: '/aws/lambda/fn', logStreamName: '2024/01/01/[$LATEST]abc' }),
      options(),
    );
    expect(only().Reason).toContain('2024/01/01/[$LATEST]abc');
    expect(only().Reason).toContain('/aws/lambda/fn');
  });

  it('the timed-out reason points to the log stream too', async () => {
    aws.iam.on(CreateRoleCommand).callsFake(() => never());
    await onFakeTime(() => handle(createEvent(), lambdaContext(1_500, { logStreamName: 'stream-xyz' }), options()));
    expect(only().Reason).toMatch(/timed out.*stream-xyz/s);
  });

  it('a SUCCESS has no log pointer and an empty reason', async () => {
    freshAccount();
    await handle(createEvent(), lambdaContext(60_000, { logStreamName: 'stream-xyz' }), options());
    expect(only().Reason).toBe('');
  });
});

// A few whole-event round trips (Update and redelivery) through the runtime.
describe('handle: lifecycle round trips', () => {
  it('Update replacing the role reports the new physical id', async () => {
    freshAccount();
    const event: CloudFormationEvent = createEvent({
      RequestType: 'Update',
      PhysicalResourceId: roleArnOf(generatedName()),
      ResourceProperties: streamProps({ ApplicationId: 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5' }),
      OldResourceProperties: streamProps(),
    });
    await handle(event, lambdaContext(), options());
    const body = only();
    expect(body.Status).toBe('SUCCESS');
    expect(body.PhysicalResourceId).not.toBe(roleArnOf(generatedName()));
    expect(body.Data.ApplicationId).toBe('f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5');
  });

  it('Custom::PinpointEmailSendingRole Create: SUCCESS with RoleArn and RoleName, no service call', async () => {
    freshAccount();
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: stackResource('Custom::PinpointEmailSendingRole') });
    await handle(
      createEvent({
        ResourceType: 'Custom::PinpointEmailSendingRole',
        ResourceProperties: { ServiceToken: 'arn:x', Identities: ['example.com'] },
      }),
      lambdaContext(),
      options(),
    );
    const body = only();
    expect(body.Status).toBe('SUCCESS');
    expect(Object.keys(body.Data).sort()).toEqual(['RoleArn', 'RoleName']);
    expect(aws.pinpoint.calls()).toHaveLength(0);
    expect(aws.ses.calls()).toHaveLength(0);
  });

  it('Custom::PinpointEventStream with ConfigurationSetName Create: SUCCESS with the SES data', async () => {
    freshAccount();
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({ EventDestinations: [] });
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    await handle(
      createEvent({
        ResourceProperties: {
          ServiceToken: 'arn:x',
          ServiceTimeout: '300',
          ConfigurationSetName: 'transactional',
          DestinationStreamArn: FIREHOSE_ARN,
        },
      }),
      lambdaContext(),
      options(),
    );
    const body = only();
    expect(body.Status).toBe('SUCCESS');
    expect(body.Data).toMatchObject({ ConfigurationSetName: 'transactional', EventDestinationName: LOGICAL_ID });
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(1);
  });

  it('Custom::PinpointEventStream with both ApplicationId and ConfigurationSetName: FAILED naming both', async () => {
    await handle(
      createEvent({ ResourceProperties: streamProps({ ConfigurationSetName: 'cs' }) }),
      lambdaContext(),
      options(),
    );
    const body = only();
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('ApplicationId');
    expect(body.Reason).toContain('ConfigurationSetName');
    expect(awsCallCount()).toBe(0);
  });

  it('a Create delivered twice answers twice the same', async () => {
    freshAccount();
    await handle(createEvent(), lambdaContext(), options());
    const name = generatedName();
    aws.iam.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));
    aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'fp'));
    aws.pinpoint.on(GetEventStreamCommand).resolves({
      EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(name) },
    });
    await handle(createEvent(), lambdaContext(), options());
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toEqual(sent[0]!.body);
  });
});

describe('handle: logs and metrics', () => {
  it('every line carries the request id and the event identity; the ResponseURL never', async () => {
    freshAccount();
    const event = createEvent();
    await handle(event, lambdaContext(60_000, { awsRequestId: 'req-123' }), options());
    expect(contexts.at(-1)).toEqual({
      requestId: 'req-123',
      StackId: STACK_ID,
      LogicalResourceId: LOGICAL_ID,
      ResourceType: 'Custom::PinpointEventStream',
      RequestType: 'Create',
    });
  });

  it('one outcome line per request carrying an EMF record: Requests by ResourceType and Status, and the propagation wait', async () => {
    freshAccount();
    await handle(createEvent(), lambdaContext(), options());
    const outcomes = log.entries.filter((e) => e.message === 'outcome');
    expect(outcomes).toHaveLength(1);
    const fields = outcomes[0]!.fields ?? {};
    expect(outcomes[0]!.level).toBe('info'); // dropped with ApplicationLogLevel WARN; FAILED ones (error) are kept
    expect(fields).toMatchObject({
      ResourceType: 'Custom::PinpointEventStream',
      Status: 'SUCCESS',
      Requests: 1,
      PropagationWait: 0,
    });
    expect((fields._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics).toHaveLength(1);
  });

  it('a FAILED outcome is logged at error level, with the metric Status FAILED', async () => {
    await handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(), options());
    const outcome = log.entries.find((e) => e.message === 'outcome');
    expect(outcome?.level).toBe('error');
    expect(outcome?.fields).toMatchObject({ Status: 'FAILED', ResourceType: 'unsupported', Requests: 1 });
    expect(outcome?.fields).not.toHaveProperty('PropagationWait');
  });
});

describe("handle: the function's own Region and account", () => {
  it('refuses a stack of another Region than AWS_REGION, with no AWS call', async () => {
    await handle(createEvent(), lambdaContext(), options({ env: { ...ENV, AWS_REGION: 'eu-west-1' } }));
    expect(only().Status).toBe('FAILED');
    expect(only().Reason).toContain('this function serves eu-west-1');
    expect(awsCallCount()).toBe(0);
  });

  it('refuses a stack of another account than the function ARN names, with no AWS call', async () => {
    await handle(
      createEvent(),
      lambdaContext(60_000, { invokedFunctionArn: 'arn:aws:lambda:us-east-1:210987654321:function:f' }),
      options(),
    );
    expect(only().Reason).toContain('this function serves account 210987654321');
    expect(awsCallCount()).toBe(0);
  });

  it('serves a stack of its own Region and account', async () => {
    freshAccount();
    await handle(
      createEvent(),
      lambdaContext(60_000, { invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' }),
      options({ env: { ...ENV, AWS_REGION: 'us-east-1' } }),
    );
    expect(only().Status).toBe('SUCCESS');
  });
});

describe('handle: configuration', () => {
  it.each([
    ['MANAGED_ROLE_PATH_PREFIX', { MANAGED_ROLE_PATH_PREFIX: 'bad/prefix' }],
    ['ROLE_PERMISSIONS_BOUNDARY_ARN', { ROLE_PERMISSIONS_BOUNDARY_ARN: 'not-an-arn' }],
    ['PROPAGATION_TIMEOUT_SECONDS', { PROPAGATION_TIMEOUT_SECONDS: 'soon' }],
  ])('a malformed %s answers every request FAILED naming it, with no AWS call', async (variable, env) => {
    await handle(createEvent(), lambdaContext(), options({ env: { ...ENV, ...env } }));
    expect(only().Status).toBe('FAILED');
    expect(only().Reason).toContain(variable);
    expect(awsCallCount()).toBe(0);
  });

  it("roles get the deployment's boundary and live under its path prefix", async () => {
    freshAccount();
    await handle(
      createEvent(),
      lambdaContext(),
      options({ env: { MANAGED_ROLE_PATH_PREFIX: 'team-roles', ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN } }),
    );
    expect(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input).toMatchObject({
      Path: '/team-roles/us-east-1/',
      PermissionsBoundary: BOUNDARY_ARN,
    });
  });
});

describe('handle: what it logs, and the time it keeps', () => {
  const outcomeLine = () => log.entries.find((e) => e.message === 'outcome');

  it('the outcome line carries the time the request took, and the function name as a metric dimension ("local" without one)', async () => {
    freshAccount();
    aws.pinpoint
      .on(PutEventStreamCommand)
      .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 1_234)));
    await onFakeTime(() =>
      handle(
        createEvent(),
        lambdaContext(60_000),
        options({ env: { ...ENV, AWS_LAMBDA_FUNCTION_NAME: 'pinpoint-event-stream-resource' } }),
      ),
    );
    expect(outcomeLine()?.fields).toMatchObject({ durationMs: 1_234, FunctionName: 'pinpoint-event-stream-resource' });
    log.entries.length = 0;
    await handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(), options());
    expect(outcomeLine()?.fields).toMatchObject({ FunctionName: 'local' });
  });

  it('a request cut by the deadline answers "timed out after N s" (N: the time the work had), logged with its duration', async () => {
    aws.iam.on(CreateRoleCommand).callsFake(() => never());
    await onFakeTime(() => handle(createEvent(), lambdaContext(10_000), options()));
    // 10 s left: 2 s are kept for the answer, so the work had 8 s.
    expect(only().Reason).toBe("timed out after 8 s, before the function's timeout; work stopped");
    expect(outcomeLine()).toMatchObject({ level: 'error', fields: { durationMs: 8_000 } });
  });

  it('stops retrying the response 250 ms before the Lambda itself times out', async () => {
    freshAccount();
    const at: number[] = [];
    let started = 0;
    const failing: Transport = async () => {
      at.push(Date.now() - started);
      return 503;
    };
    vi.spyOn(Math, 'random').mockReturnValue(1); // response retries after 250, 500, 1000, 2000 ms
    try {
      await onFakeTime(() => {
        started = Date.now();
        return handle(createEvent(), lambdaContext(4_000), options({ transport: failing }));
      });
    } finally {
      vi.restoreAllMocks();
    }
    // The next attempt would start at 3750 ms: 250 ms before the Lambda's end, too late to be answered.
    expect(at).toEqual([0, 250, 750, 1_750]);
  });

  it('logs the request as received, with the ResponseURL reduced to its host and the time left', async () => {
    await onFakeTime(() => handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(60_000), options()));
    expect(log.entries[0]).toEqual({
      level: 'info',
      message: 'request received',
      fields: {
        event: {
          ...createEvent({ ResourceType: 'Custom::Other' }),
          ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/<redacted>',
        },
        remainingMs: 60_000,
      },
    });
  });

  it('a refused ResponseURL leaves one error line, the only trace of the event: it says why and how local runs opt in', async () => {
    await handle(createEvent({ ResponseURL: 'http://127.0.0.1:9/x' }), lambdaContext(), options());
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([
      {
        level: 'error',
        message:
          "ResponseURL is missing or not CloudFormation's response bucket: the event is refused and no response can be sent",
        fields: { hint: 'local runs on loopback need ALLOW_LOOPBACK_RESPONSE_URL=true' },
      },
    ]);
  });

  it('a failure of the protocol layer itself is logged as an error naming it (and never thrown)', async () => {
    const context = {
      getRemainingTimeInMillis: () => {
        throw new Error('broken');
      },
    } as LambdaContext;
    await expect(handle(createEvent(), context, options())).resolves.toBeUndefined();
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([
      { level: 'error', message: 'unexpected failure in the protocol layer', fields: { error: 'Error: broken' } },
    ]);
  });

  it('a function ARN it cannot read (local runs) leaves the account unchecked: the request is served', async () => {
    freshAccount();
    await handle(createEvent(), lambdaContext(60_000, { invokedFunctionArn: 'local-function' }), options());
    expect(only().Status).toBe('SUCCESS');
  });

  it.each([
    [
      'no log stream: no pointer',
      {},
      'ResourceType Custom::Other is not supported; supported: Custom::PinpointEventStream, Custom::SmsVoiceEventDestination, Custom::PinpointEmailSendingRole',
    ],
    ['a log stream only', { logStreamName: 'stream-xyz' }, '. See CloudWatch log stream stream-xyz'],
    [
      'its log group and stream',
      { logGroupName: '/aws/lambda/fn', logStreamName: '2024/01/01/[$LATEST]abc' },
      '. See CloudWatch log stream /aws/lambda/fn 2024/01/01/[$LATEST]abc',
    ],
  ])('a FAILED reason ends with where to read the log: %s', async (_label, names, ending) => {
    await handle(createEvent({ ResourceType: 'Custom::Other' }), lambdaContext(60_000, names), options());
    expect(only().Reason.endsWith(ending)).toBe(true);
    expect(only().Reason.match(/See CloudWatch/g)?.length ?? 0).toBe(ending.includes('See CloudWatch') ? 1 : 0);
  });
});
