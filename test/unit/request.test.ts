/**
 * request.ts: placing the event, holding its plan to the deployment's settings, verifying it before
 * anything changes, every failure a FAILED outcome. The verdicts are verification.test.ts's, the work
 * lifecycle/'s, the protocol around it runtime.test.ts's.
 */
import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, DeleteRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/config.js';
import { ValidationError } from '../../src/errors.js';
import type { CloudFormationEvent } from '../../src/protocol/types.js';
import type * as Request from '../../src/request.js';
import type { RequestContext } from '../../src/request.js';
import {
  deployedStream,
  describes,
  EVENT_STREAM,
  freshAccount,
  type MockedClients,
  mockedClients,
  roleArnOf,
  SENDING_ROLE,
  streamRoleName,
} from './account.js';
import {
  APP_ID,
  awsError,
  type CapturingLogger,
  captureLogger,
  createEvent,
  deployment,
  FIREHOSE_ARN,
  fresh,
  KINESIS_ARN,
  LOGICAL_ID,
  OTHER_ACCOUNT_STACK_ID,
  OTHER_REGION_STACK_ID,
  REQUEST_ID,
  STACK_ID,
  streamProps,
} from './fixtures.js';

// The module under test, loaded afresh for each test (its table of the deployment's opt-ins is top-level).
let newReport: typeof Request.newReport;
let placeholderId: typeof Request.placeholderId;
let processRequest: typeof Request.processRequest;
beforeEach(
  async () => ({ newReport, placeholderId, processRequest } = await fresh(() => import('../../src/request.js'))),
);

let aws: MockedClients;
let log: CapturingLogger;
let name: string;
let arn: string;

beforeEach(async () => {
  aws = mockedClients();
  log = captureLogger();
  name = await streamRoleName();
  arn = roleArnOf(name);
});

const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({
  home: { region: 'us-east-1', account: '123456789012' },
  clientsFor: () => aws.clients,
  log,
  deployment: deployment(),
  signal: new AbortController().signal,
  workDeadline: Date.now() + 60_000,
  ...overrides,
});

const run = (event: CloudFormationEvent, overrides: Partial<RequestContext> = {}) =>
  processRequest(event, context(overrides), newReport(event));
const update = (overrides: Partial<Record<keyof CloudFormationEvent, unknown>> = {}) =>
  createEvent({ RequestType: 'Update', PhysicalResourceId: arn, OldResourceProperties: streamProps(), ...overrides });
const remove = (overrides: Partial<Record<keyof CloudFormationEvent, unknown>> = {}) =>
  createEvent({ RequestType: 'Delete', PhysicalResourceId: arn, ...overrides });
/** The fixture stream as its Create left it, with CloudFormation waiting for `requestType`. */
function deployed(requestType: 'Update' | 'Delete', type = EVENT_STREAM) {
  deployedStream(aws, name);
  describes(aws, type, requestType === 'Update' ? 'UPDATE_IN_PROGRESS' : 'DELETE_IN_PROGRESS', arn);
}
const noStack = () =>
  aws.cloudformation
    .on(DescribeStackResourceCommand)
    .rejects(awsError('ValidationError', `Stack '${STACK_ID}' does not exist`));

describe('Create', () => {
  it('verifies the event, then creates: SUCCESS with the data; five AWS calls in all', async () => {
    freshAccount(aws);
    await expect(run(createEvent())).resolves.toEqual({
      status: 'SUCCESS',
      physicalResourceId: arn,
      data: { RoleArn: arn, RoleName: name, ApplicationId: APP_ID },
    });
    expect(aws.cloudformation.commandCalls(DescribeStackResourceCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      LogicalResourceId: LOGICAL_ID,
    });
    expect(aws.callCount()).toBe(5);
  });

  it('bad input fails naming the property, before any AWS call (CloudFormation included)', async () => {
    const bad = streamProps({ DestinationStreamArn: 'arn:aws:kinesis:us-east-1:210987654321:stream/s' });
    const outcome = await run(createEvent({ ResourceProperties: bad }));
    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: `create-failed-${REQUEST_ID}` });
    expect(outcome.reason).toMatch(/^DestinationStreamArn: .*account/);
    expect(aws.callCount()).toBe(0);
  });

  it('an event CloudFormation is not waiting for is refused with FAILED, having changed nothing', async () => {
    freshAccount(aws);
    noStack();
    expect(await run(createEvent())).toEqual({
      status: 'FAILED',
      physicalResourceId: `create-failed-${REQUEST_ID}`,
      reason: `event refused, nothing was changed: stack ${STACK_ID} does not exist in this account and Region`,
    });
    expect(aws.callCount()).toBe(1);
  });

  it('AccessDenied from CloudFormation answers FAILED naming the call', async () => {
    aws.cloudformation.on(DescribeStackResourceCommand).rejects(awsError('AccessDenied', 'no', { status: 403 }));
    const outcome = await run(createEvent());
    expect(outcome.reason).toBe('cloudformation:DescribeStackResource failed: AccessDenied: no');
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('an internal error (not a ResourceError) is FAILED "internal error", logged with its stack', async () => {
    aws.iam.on(CreateRoleCommand).resolves({}); // IAM answering without the role: a bug, not a template error
    expect((await run(createEvent())).reason).toBe('internal error: Error: iam:CreateRole returned no role ARN');
    expect(log.at('error').map((e) => [e.message, e.fields?.error])).toEqual([
      ['request failed', 'Error: iam:CreateRole returned no role ARN'],
    ]);
    expect(log.at('error')[0]?.fields?.stack).toMatch(/^Error: iam:CreateRole returned no role ARN\n\s+at /);
  });

  it('a Create that fails once it has named its role answers with that role (a Delete must clean it up)', async () => {
    freshAccount(aws);
    aws.iam.on(PutRolePolicyCommand).rejects(awsError('MalformedPolicyDocument', 'bad'));
    expect(await run(createEvent())).toMatchObject({ status: 'FAILED', physicalResourceId: arn });
  });

  it('a Create ignores OldResourceProperties (CloudFormation sends none), whatever they hold', async () => {
    freshAccount(aws);
    const broken = {
      get ApplicationId(): string {
        throw new Error('broken');
      },
    };
    expect((await run(createEvent({ OldResourceProperties: broken }))).status).toBe('SUCCESS');
  });
});

describe('Update', () => {
  it.each([
    ['no PhysicalResourceId', { PhysicalResourceId: undefined }],
    ['an empty PhysicalResourceId', { PhysicalResourceId: '' }],
  ])('with %s is refused, naming the request type, before any AWS call', async (_label, overrides) => {
    expect((await run(update(overrides))).reason).toBe('Update request without PhysicalResourceId');
    expect(aws.callCount()).toBe(0);
  });

  it('invalid new properties: FAILED naming the property, the physical id kept, no AWS call', async () => {
    const outcome = await run(update({ ResourceProperties: streamProps({ ApplicationId: 'has space' }) }));
    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: arn });
    expect(outcome.reason).toMatch(/^ApplicationId: /);
    expect(aws.callCount()).toBe(0);
  });

  it('a refused Update keeps the physical id and changes nothing', async () => {
    noStack();
    expect(await run(update())).toMatchObject({ status: 'FAILED', physicalResourceId: arn });
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('old properties that parse, changing nothing that replaces the role: in place, same physical id', async () => {
    deployed('Update');
    const outcome = await run(update({ ResourceProperties: streamProps({ DestinationStreamArn: FIREHOSE_ARN }) }));
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: arn });
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('old properties that fail to be read for another reason than a bad property fail it as internal', async () => {
    const broken = {
      get ApplicationId(): string {
        throw new Error('broken');
      },
    };
    expect((await run(update({ OldResourceProperties: broken }))).reason).toBe('internal error: Error: Error: broken');
    expect(aws.iam.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  it.each([
    ['no physical id', undefined],
    ['a placeholder', 'create-failed-req'],
    ['a role outside the managed path', 'arn:aws:iam::123456789012:role/Admin'],
    ["another Region's managed path", 'arn:aws:iam::123456789012:role/pinpoint-event-stream/eu-west-1/r'],
  ])('with %s: SUCCESS without any AWS call (not even CloudFormation)', async (_label, physicalId) => {
    const outcome = await run(remove({ PhysicalResourceId: physicalId }));
    expect(outcome).toEqual({ status: 'SUCCESS', physicalResourceId: physicalId ?? `create-failed-${REQUEST_ID}` });
    expect(aws.callCount()).toBe(0);
    expect(log.entries).toContainEqual({
      level: 'info',
      message: 'nothing to delete: the physical id is not a role under the managed path',
      fields: {},
    });
  });

  it('of an event it cannot place (bad StackId): SUCCESS touching nothing', async () => {
    expect(await run(remove({ StackId: 'nope' }))).toEqual({ status: 'SUCCESS', physicalResourceId: arn });
    expect(aws.callCount()).toBe(0);
  });

  it('refused: SUCCESS having touched nothing, with a warning saying why', async () => {
    noStack();
    expect(await run(remove())).toEqual({ status: 'SUCCESS', physicalResourceId: arn });
    expect(aws.iam.calls()).toHaveLength(0);
    expect(log.at('warn')).toEqual([
      {
        level: 'warn',
        message: 'event refused: not from a stack operation waiting for it; nothing is touched',
        fields: { why: `stack ${STACK_ID} does not exist in this account and Region` },
      },
    ]);
  });

  it('verified: six calls (verify, GetRole, read and remove the stream, the policy, the role)', async () => {
    deployed('Delete');
    expect(await run(remove())).toEqual({ status: 'SUCCESS', physicalResourceId: arn });
    expect(aws.callCount()).toBe(6);
  });

  it('verified, with properties that do not parse: still removes its owned role (no stream call)', async () => {
    deployed('Delete');
    expect(await run(remove({ ResourceProperties: { Nope: 1 } }))).toEqual({
      status: 'SUCCESS',
      physicalResourceId: arn,
    });
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
    expect(aws.pinpoint.calls()).toHaveLength(0);
  });
});

describe("a stack outside the function's own Region and account", () => {
  it.each([
    ['another Region', OTHER_REGION_STACK_ID, 'the stack is in Region eu-west-1; this function serves us-east-1'],
    [
      'another account',
      OTHER_ACCOUNT_STACK_ID,
      'the stack is in account 210987654321; this function serves account 123456789012',
    ],
  ])(
    '%s: Create and Update are refused before any AWS call; Delete answers SUCCESS, warning why',
    async (_label, stackId, why) => {
      for (const event of [createEvent({ StackId: stackId }), update({ StackId: stackId })]) {
        expect((await run(event)).reason).toBe(`event refused, nothing was changed: ${why}`);
      }
      expect(await run(remove({ StackId: stackId }))).toEqual({ status: 'SUCCESS', physicalResourceId: arn });
      expect(aws.callCount()).toBe(0);
      expect(log.at('warn')).toEqual([
        {
          level: 'warn',
          message: 'event refused: not from a stack of this account and Region; nothing is touched',
          fields: { why },
        },
      ]);
    },
  );

  it('an unknown home (no AWS_REGION, no function ARN) checks nothing: CloudFormation still verifies', async () => {
    freshAccount(aws);
    expect((await run(createEvent(), { home: {} })).status).toBe('SUCCESS');
  });
});

describe('anything else', () => {
  it.each([
    ['Read', 'RequestType Read is not Create, Update or Delete'],
    [42, 'RequestType 42 is not Create, Update or Delete'],
    ['X'.repeat(100), `RequestType ${'X'.repeat(64)} is not Create, Update or Delete`],
  ])('an unknown RequestType (%j) is refused, naming it', async (type, reason) => {
    expect(await run(createEvent({ RequestType: type }))).toMatchObject({ status: 'FAILED', reason });
  });

  it.each(['Create', 'Update'])(
    'a %s whose StackId cannot be placed fails naming StackId, before any AWS call',
    async (type) => {
      const outcome = await run(update({ RequestType: type, StackId: 'nope' }));
      expect(outcome).toMatchObject({ status: 'FAILED', reason: 'StackId: is not a CloudFormation stack ARN' });
      expect(aws.callCount()).toBe(0);
    },
  );

  it('an aborted request answers "timed out" (the deadline has answered already)', async () => {
    const controller = new AbortController();
    aws.iam.on(CreateRoleCommand).callsFake(async () => {
      controller.abort(new Error('deadline'));
      throw awsError('AbortError', 'aborted');
    });
    expect((await run(createEvent(), { signal: controller.signal })).reason).toBe('timed out');
  });

  it.each(['Create', 'Update', 'Delete'])(
    'a misconfigured function answers a %s FAILED naming the variable, no AWS call',
    async (type) => {
      const misconfigured = new ValidationError('DEPLOYMENT_ID', 'must be a CloudFormation stack name, got "x y"');
      const outcome = await run(update({ RequestType: type }), { deployment: misconfigured });
      expect(outcome).toEqual({
        status: 'FAILED',
        physicalResourceId: arn,
        reason: 'the function is misconfigured: DEPLOYMENT_ID: must be a CloudFormation stack name, got "x y"',
      });
      expect(aws.callCount()).toBe(0);
    },
  );
});

describe("the email sending role's opt-in: off by default, checked before any AWS call, never for a Delete", () => {
  const on = (settings: Partial<Deployment>) => ({ deployment: deployment(settings) });
  const sending = { ResourceType: SENDING_ROLE, ResourceProperties: { Identities: ['example.com'] } };
  const SENDING_REFUSED =
    'the Pinpoint email sending role is not enabled in this deployment (deployment parameter EnableEmailSendingRole, ' +
    'ENABLE_EMAIL_SENDING_ROLE, is false); Pinpoint reached end of support on 2026-10-30 and SES sends with the ' +
    "caller's own permissions";

  it.each([
    ['a Create of the email sending role', () => createEvent(sending), SENDING_REFUSED],
    ['an Update of the email sending role', () => update({ ...sending, OldResourceProperties: {} }), SENDING_REFUSED],
  ])('%s is refused by default', async (_label, event, reason) => {
    expect((await run(event())).reason).toBe(reason);
    expect(aws.callCount()).toBe(0);
  });

  it('the email sending role is made when the deployment enables it', async () => {
    freshAccount(aws);
    describes(aws, SENDING_ROLE, 'CREATE_IN_PROGRESS');
    expect((await run(createEvent(sending), on({ enableEmailSendingRole: true }))).status).toBe('SUCCESS');
  });

  it.each([
    [
      'of a stream with ReplaceExistingStream "true"',
      EVENT_STREAM,
      { ResourceProperties: streamProps({ ReplaceExistingStream: 'true' }) },
    ],
    ['of the email sending role', SENDING_ROLE, sending],
  ])('a Delete %s works with every opt-in off', async (_label, type, overrides) => {
    deployed('Delete', type);
    expect(await run(remove(overrides))).toEqual({ status: 'SUCCESS', physicalResourceId: arn });
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
  });
});

describe('what a request logs of the properties', () => {
  it("the values of the accepted properties, once, and never an unknown property's value", async () => {
    freshAccount(aws);
    await run(createEvent({ ResourceProperties: streamProps({ RolePath: '/team/' }) }));
    const accepted = { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RolePath: '/team/' };
    expect(log.entries.filter((e) => e.message === 'properties accepted').map((e) => [e.level, e.fields])).toEqual([
      ['info', { properties: accepted }],
    ]);
    await run(createEvent({ ResourceProperties: streamProps({ Tpyo: 'secret-value-1' }) }));
    await run(remove({ ResourceProperties: streamProps({ Tpyo: 'secret-value-2' }) }));
    expect(log.text()).not.toContain('secret-value');
  });
});

describe('newReport: the physical id a Create answers with before it names its role', () => {
  it.each([
    ['the RequestId, without characters a physical id should not carry', 'abc/def:123', 'create-failed-abcdef123'],
    ['at most 64 characters of it', `${'r'.repeat(60)}-0123456789`, `create-failed-${'r'.repeat(60)}-012`],
    ['"unknown-request" when it has no usable character', '/:?', 'create-failed-unknown-request'],
    ['"unknown-request" when it is empty', '', 'create-failed-unknown-request'],
  ])('is create-failed- and %s', (_label, requestId, expected) => {
    const ids = { StackId: '', RequestId: requestId, LogicalResourceId: '' };
    expect(placeholderId(requestId)).toBe(expected);
    expect(newReport(ids)).toEqual({ physicalResourceId: expected });
    expect(newReport({ ...ids, PhysicalResourceId: '' })).toEqual({ physicalResourceId: expected });
    expect(newReport({ ...ids, PhysicalResourceId: arn })).toEqual({ physicalResourceId: arn }); // when it has one
  });
});
