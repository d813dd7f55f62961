import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Report, roleNameFor } from '../../src/lifecycle.js';
import type { CloudFormationEvent } from '../../src/protocol/types.js';
import { newReport, processRequest, type RequestContext } from '../../src/request.js';
import { planFor } from '../../src/resources/index.js';
import {
  APP_ID,
  type CapturingLogger,
  CN_STACK_ID,
  captureLogger,
  createEvent,
  deployment,
  FIREHOSE_ARN,
  KINESIS_ARN,
  LOGICAL_ID,
  type MockedClients,
  mockedClients,
  noSuchEntity,
  OTHER_ACCOUNT_STACK_ID,
  OTHER_REGION_STACK_ID,
  ownedRole,
  pinpointNotFound,
  roleArnOf,
  STACK_ID,
  stack,
  stackResource,
  streamProps,
} from './fixtures.js';

let aws: MockedClients;
let log: CapturingLogger;

beforeEach(() => {
  aws = mockedClients();
  log = captureLogger();
});

function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    home: { region: 'us-east-1', account: '123456789012' },
    clientsFor: () => aws.clients,
    log,
    deployment: deployment(),
    signal: new AbortController().signal,
    workDeadline: Date.now() + 60_000,
    ...overrides,
  };
}

async function run(event: CloudFormationEvent, report: Report = newReport(event)) {
  return processRequest(event, context(), report);
}

const name = async () =>
  roleNameFor(
    { stack: stack(), deployment: deployment() },
    await planFor('Custom::PinpointEventStream', streamProps(), stack()),
  );
const awsCalls = () =>
  [aws.iam, aws.pinpoint, aws.ses, aws.sms, aws.cloudformation].reduce((n, m) => n + m.calls().length, 0);

function freshAccount() {
  aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string; Path: string }) => ({
    Role: {
      Arn: roleArnOf(input.RoleName, input.Path),
      RoleName: input.RoleName,
      Path: input.Path,
      RoleId: 'x',
      CreateDate: new Date(),
    },
  }));
  aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
  aws.iam.on(PutRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRoleCommand).resolves({});
  aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
  aws.pinpoint.on(PutEventStreamCommand).resolves({});
  aws.pinpoint.on(DeleteEventStreamCommand).resolves({});
}

const validationError = (message: string) =>
  Object.assign(new Error(message), { name: 'ValidationError', $metadata: { httpStatusCode: 400 }, $fault: 'client' });

describe('processRequest: Create', () => {
  it('verifies the event, then creates: SUCCESS with the data; five AWS calls in all', async () => {
    freshAccount();
    const n = await name();
    await expect(run(createEvent())).resolves.toEqual({
      status: 'SUCCESS',
      physicalResourceId: roleArnOf(n),
      data: { RoleArn: roleArnOf(n), RoleName: n, ApplicationId: APP_ID },
    });
    expect(aws.cloudformation.commandCalls(DescribeStackResourceCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      LogicalResourceId: LOGICAL_ID,
    });
    expect(awsCalls()).toBe(5);
  });

  it('bad input fails naming the property, before any AWS call', async () => {
    const outcome = await run(
      createEvent({
        ResourceProperties: streamProps({ DestinationStreamArn: 'arn:aws:kinesis:us-east-1:210987654321:stream/s' }),
      }),
    );
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toMatch(/^DestinationStreamArn: /);
    expect(outcome.reason).toContain('account');
    expect(awsCalls()).toBe(0);
  });

  it('PermissionsBoundary as a property fails, pointing to the deployment parameter', async () => {
    const outcome = await run(
      createEvent({ ResourceProperties: streamProps({ PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b' }) }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED' });
    expect(outcome.reason).toMatch(/^PermissionsBoundary: .*PermissionsBoundaryArn/);
  });

  it.each([
    [
      'the stack resource has another type',
      () =>
        aws.cloudformation
          .on(DescribeStackResourceCommand)
          .resolves({ StackResourceDetail: stackResource('AWS::S3::Bucket') }),
      'AWS::S3::Bucket',
    ],
    [
      'the stack does not exist',
      () =>
        aws.cloudformation
          .on(DescribeStackResourceCommand)
          .rejects(validationError(`Stack '${STACK_ID}' does not exist`)),
      'does not exist',
    ],
    [
      'the resource is not in the stack and the stack is idle',
      () => {
        aws.cloudformation
          .on(DescribeStackResourceCommand)
          .rejects(validationError(`Resource ${LOGICAL_ID} does not exist for stack ${STACK_ID}`));
        aws.cloudformation.on(DescribeStacksCommand).resolves({
          Stacks: [
            { StackName: 'my-stack', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0) },
          ],
        });
      },
      'UPDATE_COMPLETE',
    ],
  ])('a forged event is refused with FAILED, having changed nothing: %s', async (_label, arrange, why) => {
    freshAccount();
    arrange();
    const outcome = await run(createEvent());
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('event refused, nothing was changed');
    expect(outcome.reason).toContain(why);
    expect(aws.iam.calls()).toHaveLength(0);
    expect(aws.pinpoint.calls()).toHaveLength(0);
    expect(outcome.physicalResourceId).toMatch(/^create-failed-/);
  });

  it('a resource CloudFormation does not describe yet, in a stack with an operation under way, is verified', async () => {
    freshAccount();
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(validationError(`Resource ${LOGICAL_ID} does not exist for stack ${STACK_ID}`));
    aws.cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        { StackName: 'my-stack', StackId: STACK_ID, StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date(0) },
      ],
    });
    expect((await run(createEvent())).status).toBe('SUCCESS');
  });

  it('AccessDenied from CloudFormation answers FAILED naming the call', async () => {
    aws.cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(
        Object.assign(new Error('not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      );
    const outcome = await run(createEvent());
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('cloudformation:DescribeStackResource');
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('the placeholder physical id of a Create that fails early comes from the RequestId', async () => {
    const event = createEvent({ ResourceType: 'Custom::Nope', RequestId: 'abc/def:123' });
    expect(await run(event)).toMatchObject({ status: 'FAILED', physicalResourceId: 'create-failed-abcdef123' });
  });

  it('Custom::SmsVoiceEventDestination in aws-cn fails saying the service is not offered there', async () => {
    const event = createEvent({
      StackId: CN_STACK_ID,
      ResourceType: 'Custom::SmsVoiceEventDestination',
      ResourceProperties: {
        ConfigurationSetName: 'c',
        LogGroupArn: 'arn:aws-cn:logs:cn-north-1:123456789012:log-group:g',
      },
    });
    const outcome = await processRequest(
      event,
      context({ home: { region: 'cn-north-1', account: '123456789012' } }),
      newReport(event),
    );
    expect(outcome.status).toBe('FAILED');
    expect(outcome.reason).toContain('not offered in partition aws-cn');
    expect(awsCalls()).toBe(0);
  });

  it('an internal error (not a ResourceError) is answered FAILED, labelled internal, and logged with its stack', async () => {
    aws.iam.on(CreateRoleCommand).callsFake(() => {
      throw new TypeError('boom');
    });
    const outcome = await run(createEvent());
    expect(outcome.status).toBe('FAILED');
    expect(log.entries.some((e) => e.level === 'error' && e.message === 'request failed')).toBe(true);
  });
});

describe('processRequest: Update', () => {
  it('Update without a PhysicalResourceId is refused, naming the request type', async () => {
    const outcome = await run(createEvent({ RequestType: 'Update', OldResourceProperties: streamProps() }));
    expect(outcome).toMatchObject({ status: 'FAILED' });
    expect(outcome.reason).toContain('Update request without PhysicalResourceId');
  });

  it('invalid new properties: FAILED naming the property, physical id kept, no AWS call', async () => {
    const outcome = await run(
      createEvent({
        RequestType: 'Update',
        PhysicalResourceId: roleArnOf('r'),
        ResourceProperties: streamProps({ ApplicationId: 'has space' }),
        OldResourceProperties: streamProps(),
      }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: roleArnOf('r') });
    expect(outcome.reason).toMatch(/^ApplicationId: /);
    expect(awsCalls()).toBe(0);
  });

  it('a forged Update is refused, keeping the physical id', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(`Stack '${STACK_ID}' does not exist`));
    const outcome = await run(
      createEvent({ RequestType: 'Update', PhysicalResourceId: roleArnOf('r'), OldResourceProperties: streamProps() }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: roleArnOf('r') });
    expect(aws.iam.calls()).toHaveLength(0);
  });
});

describe('processRequest: Delete', () => {
  it.each([
    ['no physical id', undefined],
    ['a placeholder', 'create-failed-req'],
    ['a role outside the managed path', 'arn:aws:iam::123456789012:role/Admin'],
    ["another Region's managed path", 'arn:aws:iam::123456789012:role/pinpoint-event-stream/eu-west-1/r'],
  ])('with %s: SUCCESS without any AWS call (not even CloudFormation)', async (_label, physicalId) => {
    const outcome = await run(
      createEvent({ RequestType: 'Delete', ...(physicalId ? { PhysicalResourceId: physicalId } : {}) }),
    );
    expect(outcome.status).toBe('SUCCESS');
    expect(outcome.physicalResourceId).toBe(physicalId ?? 'create-failed-b1a2c3d4-0000-4000-8000-000000000001');
    expect(awsCalls()).toBe(0);
    expect(log.entries).toContainEqual({
      level: 'info',
      message: 'nothing to delete: the physical id is not a role under the managed path',
      fields: {},
    });
  });

  it('an unplaceable StackId: SUCCESS touching nothing', async () => {
    expect(
      await run(createEvent({ RequestType: 'Delete', StackId: 'nope', PhysicalResourceId: roleArnOf('r') })),
    ).toMatchObject({ status: 'SUCCESS' });
    expect(awsCalls()).toBe(0);
  });

  it('a forged Delete (stack does not exist) answers SUCCESS having touched nothing', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(`Stack '${STACK_ID}' does not exist`));
    const outcome = await run(createEvent({ RequestType: 'Delete', PhysicalResourceId: roleArnOf('r') }));
    expect(outcome).toEqual({ status: 'SUCCESS', physicalResourceId: roleArnOf('r') });
    expect(aws.iam.calls()).toHaveLength(0);
    expect(log.entries.some((e) => e.level === 'warn' && e.message.includes('refused'))).toBe(true);
  });

  it('a verified Delete with unparseable properties still removes its owned role; six calls at most', async () => {
    freshAccount();
    const n = await name();
    aws.iam.on(GetRoleCommand, { RoleName: n }).resolves(ownedRole(n, 'x'));
    aws.pinpoint
      .on(GetEventStreamCommand)
      .resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(n) } });
    expect(
      await run(
        createEvent({ RequestType: 'Delete', ResourceProperties: { Nope: 1 }, PhysicalResourceId: roleArnOf(n) }),
      ),
    ).toEqual({ status: 'SUCCESS', physicalResourceId: roleArnOf(n) });
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
    expect(aws.pinpoint.calls()).toHaveLength(0);
    freshAccount();
  });

  it('a plain verified Delete makes six calls: verify, GetRole, read and remove the stream, the policy, the role', async () => {
    freshAccount();
    const n = await name();
    aws.iam.on(GetRoleCommand, { RoleName: n }).resolves(ownedRole(n, 'x'));
    aws.pinpoint
      .on(GetEventStreamCommand)
      .resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(n) } });
    expect((await run(createEvent({ RequestType: 'Delete', PhysicalResourceId: roleArnOf(n) }))).status).toBe(
      'SUCCESS',
    );
    expect(awsCalls()).toBe(6);
  });
});

describe("processRequest: a stack outside the function's own Region and account", () => {
  it.each([
    ['another Region', OTHER_REGION_STACK_ID, 'Region eu-west-1'],
    ['another account', OTHER_ACCOUNT_STACK_ID, 'account 210987654321'],
  ])('%s: Create and Update are refused (FAILED) before any AWS call', async (_label, stackId, why) => {
    for (const event of [
      createEvent({ StackId: stackId }),
      createEvent({
        StackId: stackId,
        RequestType: 'Update',
        PhysicalResourceId: roleArnOf('r'),
        OldResourceProperties: streamProps(),
      }),
    ]) {
      const outcome = await run(event);
      expect(outcome.status).toBe('FAILED');
      expect(outcome.reason).toContain('event refused, nothing was changed');
      expect(outcome.reason).toContain(why);
    }
    expect(awsCalls()).toBe(0);
  });

  it.each([OTHER_REGION_STACK_ID, OTHER_ACCOUNT_STACK_ID])(
    'a Delete from %s answers SUCCESS touching nothing',
    async (stackId) => {
      const physicalId = `arn:aws:iam::123456789012:role/pinpoint-event-stream/eu-west-1/r`;
      expect(
        await run(createEvent({ StackId: stackId, RequestType: 'Delete', PhysicalResourceId: physicalId })),
      ).toEqual({ status: 'SUCCESS', physicalResourceId: physicalId });
      expect(awsCalls()).toBe(0);
    },
  );

  it('a Delete from another Region logs a warning saying why it touched nothing', async () => {
    await run(
      createEvent({ StackId: OTHER_REGION_STACK_ID, RequestType: 'Delete', PhysicalResourceId: roleArnOf('r') }),
    );
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.fields)).toEqual([
      { why: 'the stack is in Region eu-west-1; this function serves us-east-1' },
    ]);
  });

  it('an unknown home (no AWS_REGION, no function ARN) checks nothing: the CloudFormation check still applies', async () => {
    freshAccount();
    const event = createEvent();
    expect((await processRequest(event, context({ home: {} }), newReport(event))).status).toBe('SUCCESS');
  });
});

describe('processRequest: anything else', () => {
  it('an unknown RequestType is refused, naming it', async () => {
    const outcome = await run(createEvent({ RequestType: 'Read' }));
    expect(outcome).toMatchObject({ status: 'FAILED' });
    expect(outcome.reason).toContain('RequestType Read');
  });

  it('an aborted request answers "timed out" (the deadline has answered already)', async () => {
    const controller = new AbortController();
    aws.iam.on(CreateRoleCommand).callsFake(async () => {
      controller.abort(new Error('deadline'));
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    });
    const event = createEvent();
    const outcome = await processRequest(event, context({ signal: controller.signal }), newReport(event));
    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'timed out' });
  });
});

describe('processRequest: what each request type reads', () => {
  it('a truly internal error (not a ResourceError) is answered FAILED labelled "internal error", and logged as an error with its stack', async () => {
    aws.iam.on(CreateRoleCommand).resolves({}); // IAM answering without the role: a bug, not a template error
    const outcome = await run(createEvent());
    expect(outcome).toMatchObject({
      status: 'FAILED',
      reason: 'internal error: Error: iam:CreateRole returned no role ARN',
    });
    const logged = log.entries.filter((e) => e.level === 'error');
    expect(logged.map((e) => e.fields?.error)).toEqual(['Error: iam:CreateRole returned no role ARN']);
    expect(logged[0]?.fields?.stack).toMatch(/^Error: iam:CreateRole returned no role ARN\n\s+at /);
  });

  it.each(['Create', 'Update'])(
    'a %s whose StackId cannot be placed fails naming StackId, before any AWS call',
    async (type) => {
      const outcome = await run(
        createEvent({
          RequestType: type,
          StackId: 'nope',
          PhysicalResourceId: roleArnOf('r'),
          OldResourceProperties: streamProps(),
        }),
      );
      expect(outcome).toMatchObject({ status: 'FAILED', reason: 'StackId: is not a CloudFormation stack ARN' });
      expect(awsCalls()).toBe(0);
    },
  );

  it('an Update whose old properties parse and change nothing that replaces the role is made in place: same physical id, no new role', async () => {
    freshAccount();
    const n = await name();
    aws.iam.on(GetRoleCommand, { RoleName: n }).resolves(ownedRole(n, 'x'));
    aws.pinpoint
      .on(GetEventStreamCommand)
      .resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(n) } });
    const event = createEvent({
      RequestType: 'Update',
      PhysicalResourceId: roleArnOf(n),
      ResourceProperties: streamProps({ DestinationStreamArn: FIREHOSE_ARN }),
      OldResourceProperties: streamProps(),
    });
    expect(await run(event)).toMatchObject({ status: 'SUCCESS', physicalResourceId: roleArnOf(n) });
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(
      aws.pinpoint.commandCalls(PutEventStreamCommand)[0]?.args[0].input.WriteEventStream?.DestinationStreamArn,
    ).toBe(FIREHOSE_ARN);
  });

  it('an Update with an empty PhysicalResourceId is refused, naming the request type', async () => {
    const outcome = await run(
      createEvent({ RequestType: 'Update', PhysicalResourceId: '', OldResourceProperties: streamProps() }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'Update request without PhysicalResourceId' });
    expect(awsCalls()).toBe(0);
  });

  it('old properties that fail to be read for another reason than a bad property fail the Update as internal, not as a replacement', async () => {
    const broken = {
      get ApplicationId(): string {
        throw new Error('broken');
      },
    };
    const outcome = await run(
      createEvent({ RequestType: 'Update', PhysicalResourceId: roleArnOf('r'), OldResourceProperties: broken }),
    );
    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'internal error: Error: Error: broken' });
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('a refused Delete logs a warning saying why', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(validationError(`Stack '${STACK_ID}' does not exist`));
    await run(createEvent({ RequestType: 'Delete', PhysicalResourceId: roleArnOf('r') }));
    expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.fields)).toEqual([
      { why: `stack ${STACK_ID} does not exist in this account and Region` },
    ]);
  });
});

describe('newReport: the physical id a Create answers with before it names its role', () => {
  it.each([
    ['the RequestId, without characters a physical id should not carry', 'abc/def:123', 'create-failed-abcdef123'],
    ['at most 64 characters of it', `${'r'.repeat(60)}-0123456789`, `create-failed-${'r'.repeat(60)}-012`],
    ['"unknown-request" when it has no usable character', '/:?', 'create-failed-unknown-request'],
    ['"unknown-request" when it is not a string', 42, 'create-failed-unknown-request'],
    ['"unknown-request" when it is missing', undefined, 'create-failed-unknown-request'],
  ])('is create-failed- and %s', (_label, requestId, expected) => {
    expect(newReport(createEvent({ RequestId: requestId }))).toEqual({ physicalResourceId: expected });
  });

  it('is the PhysicalResourceId when the event has one', () => {
    expect(newReport(createEvent({ RequestType: 'Delete', PhysicalResourceId: roleArnOf('r') }))).toEqual({
      physicalResourceId: roleArnOf('r'),
    });
  });
});
