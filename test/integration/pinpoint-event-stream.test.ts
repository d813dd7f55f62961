// The BUILT bundle against moto (behind the local gateway): Custom::PinpointEventStream
// with ApplicationId, through every rule of the contract, then real state read back.

import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  event,
  type Harness,
  type Json,
  newStackId,
  roleNameOf,
  seedHelpers,
  startHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const { seed, readRole, readEventStream, putForeignEventStream, ACCOUNT } = seedHelpers;

let h: Harness;
let streams: Awaited<ReturnType<typeof seed>>;
let world: Awaited<ReturnType<typeof seed>>;
let stackId: string;

beforeAll(async () => {
  h = await startHarness();
  streams = await seed(h.direct);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  h.gateway.reset();
  h.responses.behaviour.failNext = 0;
  h.responses.behaviour.hangNext = 0;
  world = await seed(h.direct, {}, streams);
  stackId = newStackId();
});

const props = (extra: Json = {}) => ({
  ApplicationId: world.ApplicationId,
  DestinationStreamArn: world.KinesisStreamArn,
  ...extra,
});

async function createStream(extra: Json = {}, fields: Json = {}) {
  const played = await h.play(event('Create', { StackId: stackId, ResourceProperties: props(extra), ...fields }));
  return played;
}

function expectedTrust(applicationId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pinpoint.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${applicationId}` },
        },
      },
    ],
  };
}

describe('Create', () => {
  it('creates the role with exactly the documented policies, points the event stream at it, and answers once', async () => {
    const { responses, response, invocation } = await createStream({ Tags: [{ Key: 'team', Value: 'messaging' }] });
    expect(invocation.killed).toBe(false);
    expect(responses).toHaveLength(1);
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(responses[0]!.headers['content-type']).toBe('');
    expect(Buffer.byteLength(responses[0]!.raw)).toBeLessThan(4096);
    const roleName = roleNameOf(response.PhysicalResourceId);
    expect(response.Data).toEqual({
      RoleArn: response.PhysicalResourceId,
      RoleName: roleName,
      ApplicationId: world.ApplicationId,
    });
    expect(roleName.length).toBeLessThanOrEqual(64);

    const role = await readRole(h.direct, roleName);
    expect(role.arn).toBe(response.PhysicalResourceId);
    expect(role.trust).toEqual(expectedTrust(world.ApplicationId));
    expect(role.policies).toEqual({
      'pinpoint-event-stream': {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'],
            Resource: world.KinesisStreamArn,
          },
        ],
      },
    });
    expect(role.tags).toMatchObject({
      'pinpoint-event-stream:managed-by': 'Custom::PinpointEventStream',
      'pinpoint-event-stream:stack-id': stackId,
      'pinpoint-event-stream:logical-id': 'EventStream',
      team: 'messaging',
    });
    expect(await readEventStream(h.direct, world.ApplicationId)).toEqual({
      DestinationStreamArn: world.KinesisStreamArn,
      RoleArn: response.PhysicalResourceId,
    });
  });

  it('writes to a Firehose delivery stream, and adds kms:GenerateDataKey on exactly the given key', async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { response } = await createStream({ DestinationStreamArn: world.FirehoseStreamArn, KmsKeyArn: key });
    expect(response.Status, response.Reason).toBe('SUCCESS');
    const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
    expect(role.policies['pinpoint-event-stream'].Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
        Resource: world.FirehoseStreamArn,
      },
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: key },
    ]);
  });

  it('is idempotent: the same Create delivered twice ends in the same state without error', async () => {
    const create = event('Create', { StackId: stackId, ResourceProperties: props() });
    const first = await h.play(create);
    const second = await h.play(create);
    expect(first.response.Status).toBe('SUCCESS');
    expect(second.response.Status, second.response.Reason).toBe('SUCCESS');
    expect(second.response.PhysicalResourceId).toBe(first.response.PhysicalResourceId);
    expect(second.response.Data).toEqual(first.response.Data);
    expect(h.gateway.count('iam:CreateRole')).toBeGreaterThanOrEqual(1);
    expect(await readEventStream(h.direct, world.ApplicationId)).toEqual({
      DestinationStreamArn: world.KinesisStreamArn,
      RoleArn: first.response.PhysicalResourceId,
    });
  });

  it('gives a generated name that is the same for one resource and differs for another stack', async () => {
    const first = (await createStream()).response;
    const again = (await createStream()).response;
    const otherStack = (
      await h.play(
        event('Create', { StackId: newStackId(), ResourceProperties: props({ ReplaceExistingStream: 'true' }) }),
      )
    ).response;
    expect(otherStack.Status, otherStack.Reason).toBe('SUCCESS');
    expect(again.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(otherStack.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
    expect(roleNameOf(first.PhysicalResourceId)).toMatch(/^itest-EventStream-[0-9a-f]{12}$/);
  });

  it('waits out slow IAM propagation with retries, not a fixed sleep', async () => {
    h.gateway.state.propagationDelayMs = 2500;
    const { response, invocation } = await createStream();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(h.gateway.count('mobiletargeting:PutEventStream')).toBeGreaterThan(1);
    const retries = invocation.logs.filter((l: Json) => l.message?.includes('IAM propagation'));
    expect(retries.length).toBe(h.gateway.count('mobiletargeting:PutEventStream') - 1);
  });

  it('answers FAILED before the function times out when propagation never clears, removing the role it made', async () => {
    h.gateway.state.propagationDelayMs = 10 * 60_000;
    const { response, invocation } = await h.play(event('Create', { StackId: stackId, ResourceProperties: props() }), {
      timeoutMs: 8000,
    });
    expect(invocation.killed).toBe(false);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/mobiletargeting:PutEventStream .*IAM propagation/);
    expect(response.Reason).toContain('log stream');
    const roleName = roleNameOf(response.PhysicalResourceId);
    expect(response.PhysicalResourceId).toMatch(
      /^arn:aws:iam::123456789012:role\/pinpoint-event-stream\/us-east-1\/itest-EventStream-/,
    );
    expect(await readRole(h.direct, roleName)).toBeUndefined();
    const cleanup = await h.play(
      event('Delete', {
        StackId: stackId,
        PhysicalResourceId: response.PhysicalResourceId,
        ResourceProperties: props(),
      }),
    );
    expect(cleanup.response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleName)).toBeUndefined();
  });

  it('answers FAILED before the deadline when an AWS call never answers', async () => {
    h.gateway.inject((c: Json) => c.action === 'iam:CreateRole', 'hang', 1);
    const { response, invocation } = await h.play(event('Create', { StackId: stackId, ResourceProperties: props() }), {
      timeoutMs: 6000,
    });
    expect(invocation.killed).toBe(false);
    expect(invocation.durationMs).toBeLessThan(6000);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/timed out/);
  });

  it('after a Create timed out mid-way, its FAILED answer names the role, and the Delete that follows removes it', async () => {
    h.gateway.inject((c: Json) => c.action === 'iam:PutRolePolicy', 'hang', 1);
    const { response, invocation } = await h.play(event('Create', { StackId: stackId, ResourceProperties: props() }), {
      timeoutMs: 6000,
    });
    expect(invocation.killed).toBe(false);
    expect(response.Status).toBe('FAILED');
    const roleName = roleNameOf(response.PhysicalResourceId);
    expect(await readRole(h.direct, roleName)).toBeDefined();
    const cleanup = await h.play(
      event('Delete', {
        StackId: stackId,
        PhysicalResourceId: response.PhysicalResourceId,
        ResourceProperties: props(),
      }),
    );
    expect(cleanup.response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleName)).toBeUndefined();
  });

  it('refuses to replace an event stream it does not own, and leaves no role behind', async () => {
    const foreign = `arn:aws:iam::${ACCOUNT}:role/someone-elses-role`;
    await putForeignEventStream(h.direct, world.ApplicationId, world.FirehoseStreamArn, foreign);
    const { response } = await createStream();
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/ReplaceExistingStream/);
    expect(await readEventStream(h.direct, world.ApplicationId)).toEqual({
      DestinationStreamArn: world.FirehoseStreamArn,
      RoleArn: foreign,
    });
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it('replaces a foreign event stream when ReplaceExistingStream is "true"', async () => {
    await putForeignEventStream(
      h.direct,
      world.ApplicationId,
      world.FirehoseStreamArn,
      `arn:aws:iam::${ACCOUNT}:role/someone-elses-role`,
    );
    const { response } = await createStream({ ReplaceExistingStream: 'true' });
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(response.PhysicalResourceId);
  });

  it('refuses a RoleName that belongs to a role it does not own, and leaves that role alone', async () => {
    const name = `foreign-${Date.now()}`;
    await h.direct.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(expectedTrust('x')) }),
    );
    const { response } = await createStream({ RoleName: name });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/RoleName .*not owned/);
    const role = await readRole(h.direct, name);
    expect(role.tags).toEqual({});
    expect(role.policies).toEqual({});
  });

  it('reports an application that does not exist by naming ApplicationId, and removes the role it made', async () => {
    const { response } = await createStream({ ApplicationId: 'f'.repeat(32) });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^ApplicationId: /);
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });
});

describe('AWS faults', () => {
  it.each([
    ['iam:CreateRole', { status: 403, code: 'AccessDenied', message: 'not allowed' }],
    ['iam:PutRolePolicy', { status: 400, code: 'MalformedPolicyDocument', message: 'bad' }],
    ['mobiletargeting:GetEventStream', { status: 403, code: 'ForbiddenException', message: 'no' }],
    ['mobiletargeting:PutEventStream', { status: 400, code: 'BadRequestException', message: 'Stream is not active' }],
  ])(
    'a failing %s gives FAILED naming the call, no retry as propagation, and no role left',
    async (action, respond) => {
      h.gateway.inject((c: Json) => c.action === action, respond, 100);
      const { response } = await createStream();
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toContain(`${action} failed: ${respond.code}`);
      expect(h.gateway.count('mobiletargeting:PutEventStream')).toBeLessThanOrEqual(1);
      expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
      expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
    },
  );

  it('rides out throttling and 5xx answers with the SDK standard retry', async () => {
    h.gateway.inject(
      (c: Json) => c.action === 'iam:CreateRole',
      { status: 400, code: 'Throttling', message: 'Rate exceeded' },
      2,
    );
    h.gateway.inject(
      (c: Json) => c.action === 'mobiletargeting:PutEventStream',
      { status: 503, code: 'ServiceUnavailableException', message: 'busy' },
      2,
    );
    const { response } = await createStream();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(h.gateway.count('iam:CreateRole')).toBe(3);
  });
});

describe('Update', () => {
  it("updates in place: destination and tags change on the same role, which keeps the deployment's boundary", async () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/pinpoint-event-stream-role-boundary`;
    const before = props({
      Tags: [
        { Key: 'team', Value: 'messaging' },
        { Key: 'cost-centre', Value: '1234' },
      ],
    });
    const created = (await h.play(event('Create', { StackId: stackId, ResourceProperties: before }))).response;
    expect(created.Status, created.Reason).toBe('SUCCESS');
    expect((await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).permissionsBoundary).toBe(boundary);

    const after = props({ DestinationStreamArn: world.FirehoseStreamArn, Tags: [{ Key: 'team', Value: 'email' }] });
    const updated = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: { ...after, ServiceTimeout: '600' },
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    const role = await readRole(h.direct, roleNameOf(created.PhysicalResourceId));
    expect(role.tags.team).toBe('email');
    expect(role.tags['cost-centre']).toBeUndefined();
    expect(role.tags['pinpoint-event-stream:stack-id']).toBe(stackId);
    expect(role.permissionsBoundary).toBe(boundary);
    expect(role.policies['pinpoint-event-stream'].Statement[0].Resource).toBe(world.FirehoseStreamArn);
    expect(await readEventStream(h.direct, world.ApplicationId)).toEqual({
      DestinationStreamArn: world.FirehoseStreamArn,
      RoleArn: created.PhysicalResourceId,
    });
  });

  it('replaces on an ApplicationId change; the Delete of the old resource removes only the old stream and role', async () => {
    const other = await seed(h.direct, {}, streams);
    const before = props();
    const created = (await h.play(event('Create', { StackId: stackId, ResourceProperties: before }))).response;
    const after = props({ ApplicationId: other.ApplicationId });
    const updated = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    expect((await readRole(h.direct, roleNameOf(updated.PhysicalResourceId))).trust).toEqual(
      expectedTrust(other.ApplicationId),
    );
    expect((await readEventStream(h.direct, other.ApplicationId))?.RoleArn).toBe(updated.PhysicalResourceId);

    const cleanup = (
      await h.play(
        event('Delete', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: before,
        }),
      )
    ).response;
    expect(cleanup.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
    expect((await readEventStream(h.direct, other.ApplicationId))?.RoleArn).toBe(updated.PhysicalResourceId);
  });

  it('replaces on a RoleName change; deleting the old role keeps the stream, which now uses the new role', async () => {
    const before = props({ RoleName: `events-a-${Date.now()}` });
    const created = (await h.play(event('Create', { StackId: stackId, ResourceProperties: before }))).response;
    const after = props({ RoleName: `events-b-${Date.now()}` });
    const updated = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(roleNameOf(updated.PhysicalResourceId)).toBe(after.RoleName);
    await h.play(
      event('Delete', { StackId: stackId, PhysicalResourceId: created.PhysicalResourceId, ResourceProperties: before }),
    );
    expect(await readRole(h.direct, before.RoleName)).toBeUndefined();
    expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(updated.PhysicalResourceId);
  });

  it('replaces on a RolePath change with a generated name', async () => {
    const before = props();
    const created = (await h.play(event('Create', { StackId: stackId, ResourceProperties: before }))).response;
    const after = props({ RolePath: '/messaging/' });
    const updated = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toMatch(/:role\/pinpoint-event-stream\/us-east-1\/messaging\//);
    expect(roleNameOf(updated.PhysicalResourceId)).not.toBe(roleNameOf(created.PhysicalResourceId));
  });

  it('fails naming RoleName when a replacement would need the same fixed name, and CloudFormation can still roll back', async () => {
    const other = await seed(h.direct, {}, streams);
    const before = props({ RoleName: `fixed-${Date.now()}` });
    const created = (await h.play(event('Create', { StackId: stackId, ResourceProperties: before }))).response;
    const after = { ...before, ApplicationId: other.ApplicationId };
    const failed = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toMatch(/^RoleName: changing ApplicationId replaces the role/);
    expect(failed.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await readEventStream(h.direct, other.ApplicationId)).toBeUndefined();
    // CloudFormation's rollback: Update back to the old properties.
    const rollback = (
      await h.play(
        event('Update', {
          StackId: stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: before,
          OldResourceProperties: after,
        }),
      )
    ).response;
    expect(rollback.Status, rollback.Reason).toBe('SUCCESS');
    expect(rollback.PhysicalResourceId).toBe(created.PhysicalResourceId);
  });
});

describe('Delete', () => {
  it('removes the stream and the role, and a second Delete still succeeds', async () => {
    const created = (await createStream()).response;
    const del = event('Delete', {
      StackId: stackId,
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: props(),
    });
    expect((await h.play(del)).response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
    const again = (await h.play(del)).response;
    expect(again.Status).toBe('SUCCESS');
    expect(again.PhysicalResourceId).toBe(created.PhysicalResourceId);
  });

  it('leaves a stream that another resource pointed elsewhere since', async () => {
    const created = (await createStream()).response;
    const foreign = `arn:aws:iam::${ACCOUNT}:role/someone-elses-role`;
    await putForeignEventStream(h.direct, world.ApplicationId, world.FirehoseStreamArn, foreign);
    expect(
      (
        await h.play(
          event('Delete', {
            StackId: stackId,
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: props(),
          }),
        )
      ).response.Status,
    ).toBe('SUCCESS');
    expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(foreign);
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
  });

  it.each([
    ['an invented physical id', 'EventStream-create-failed-8f1c'],
    ['a role ARN of another account', 'arn:aws:iam::999999999999:role/x'],
  ])('succeeds for %s without touching anything', async (_, physicalId) => {
    await putForeignEventStream(
      h.direct,
      world.ApplicationId,
      world.KinesisStreamArn,
      physicalId.startsWith('arn:') ? physicalId : `arn:aws:iam::${ACCOUNT}:role/x`,
    );
    const before = h.gateway.state.calls.length;
    const { response } = await h.play(
      event('Delete', { StackId: stackId, PhysicalResourceId: physicalId, ResourceProperties: props() }),
    );
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(physicalId);
    expect(h.gateway.state.calls.slice(before)).toEqual([]);
    expect(await readEventStream(h.direct, world.ApplicationId)).toBeDefined();
  });

  it('does not delete a role of this account that carries no ownership tags for this resource', async () => {
    const name = `foreign-${Date.now()}`;
    const { Role } = await h.direct.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(expectedTrust('x')) }),
    );
    await putForeignEventStream(h.direct, world.ApplicationId, world.KinesisStreamArn, Role.Arn);
    const { response } = await h.play(
      event('Delete', { StackId: stackId, PhysicalResourceId: Role.Arn, ResourceProperties: props() }),
    );
    expect(response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, name)).toBeDefined();
    expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(Role.Arn);
  });

  it('a Delete for a Create that failed validation succeeds touching nothing', async () => {
    const bad = { ...props(), DestinationStreamARN: 'typo' };
    const failed = (await h.play(event('Create', { StackId: stackId, ResourceProperties: bad }))).response;
    expect(failed.Status).toBe('FAILED');
    const before = h.gateway.state.calls.length;
    const del = (
      await h.play(
        event('Delete', { StackId: stackId, PhysicalResourceId: failed.PhysicalResourceId, ResourceProperties: bad }),
      )
    ).response;
    expect(del.Status).toBe('SUCCESS');
    expect(h.gateway.state.calls.slice(before)).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    [
      'a typo in a property name',
      { DestinationStreamARN: 'x' },
      /^DestinationStreamARN: unknown property; accepted: .*DestinationStreamArn/,
    ],
    ['a malformed stream ARN', { DestinationStreamArn: 'arn:aws:s3:::bucket' }, /^DestinationStreamArn: must be/],
    [
      'a wildcard stream',
      { DestinationStreamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/*` },
      /^DestinationStreamArn: /,
    ],
    [
      'a stream in another partition',
      { DestinationStreamArn: `arn:aws-cn:kinesis:cn-north-1:${ACCOUNT}:stream/s` },
      /^DestinationStreamArn: is in partition aws-cn/,
    ],
    ['a non-boolean ReplaceExistingStream', { ReplaceExistingStream: 'yes' }, /^ReplaceExistingStream: /],
    [
      'a KMS key in another region',
      { KmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
      /^KmsKeyArn: /,
    ],
    ['a KMS alias', { KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/events` }, /^KmsKeyArn: /],
    ['a reserved tag key', { Tags: [{ Key: 'pinpoint-event-stream:stack-id', Value: 'x' }] }, /^Tags\[0\]\.Key: /],
    ['a bad RoleName', { RoleName: 'has space' }, /^RoleName: /],
    ['a missing ApplicationId value', { ApplicationId: '' }, /^ApplicationId: /],
  ])('%s gives FAILED naming the property, and no AWS call', async (_, extra, reason) => {
    const before = h.gateway.state.calls.length;
    const { response } = await createStream(extra);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.state.calls.slice(before)).toEqual([]);
  });

  it.each(['AWS::CloudFormation::CustomResource', 'Custom::Other'])(
    'ResourceType %s gives FAILED listing the supported types',
    async (type) => {
      const { response } = await createStream({}, { ResourceType: type });
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toMatch(/Custom::PinpointEventStream/);
    },
  );
});

describe('the ResponseURL', () => {
  it('is retried when it answers 500, and never logged whole', async () => {
    h.responses.behaviour.failNext = 2;
    const { responses, invocation } = await createStream();
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.Status).toBe('SUCCESS');
    expect(invocation.stdout + invocation.stderr).not.toMatch(/X-Amz-Signature|secret-|cloudformation-response\//);
  });

  it('is retried when it never answers', async () => {
    h.responses.behaviour.hangNext = 1;
    const { responses } = await h.play(
      event('Create', { StackId: stackId, ResourceProperties: props({ ApplicationId: 'bad id' }) }),
      { timeoutMs: 30_000 },
    );
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.Status).toBe('FAILED');
  });

  it('must be https on an AWS host: anything else gets no request at all, and the handler still returns', async () => {
    const before = h.gateway.state.calls.length;
    const { invocation } = await h.play(event('Create', { StackId: stackId, ResourceProperties: props() }), {
      responseUrl: 'http://example.com/cfn?X-Amz-Signature=abc',
    });
    expect(invocation.code).toBe(0);
    expect(invocation.stdout).toContain('"runner":"settled"');
    expect(h.gateway.state.calls.slice(before)).toEqual([]);
    expect(invocation.stdout + invocation.stderr).not.toContain('X-Amz-Signature=abc');
  });
});

describe('the stand-in itself', () => {
  // IAM authorises mobiletargeting:*EventStream on the event-stream resource type (Service
  // Authorization Reference), not on the application ARN.
  it('records the Pinpoint event-stream calls on the event-stream resource (apps/<id>/eventstream)', async () => {
    const { response } = await createStream();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    const records = h.gateway.authz().filter((r) => /^mobiletargeting:(Get|Put)EventStream$/.test(r.action));
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const r of records)
      expect(r.resource).toBe(`arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${world.ApplicationId}/eventstream`);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
