// The BUILT bundle against moto (behind the local gateway): Custom::PinpointEventStream with
// ApplicationId, what only the event stream does (its destinations, Pinpoint's faults, the deadline),
// then real state read back. Bad input and the ResponseURL: pinpoint-event-stream-input.test.ts.
// What every kind with a target does (its role, trust and permissions, Data, IAM propagation, a
// stream not its own, a missing application, replacement, Delete): targets.test.ts.

import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { INLINE_POLICY_NAME } from '../../src/names.js';
import { streamWriterPolicy } from '../../src/policies.js';
import {
  ACCOUNT,
  event,
  type Json,
  newStackId,
  readEventStream,
  readRole,
  roleNameOf,
  TAKEOVER_ALLOWED,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { expectedTrust, pinpointHelpers } from './support/pinpoint.js';

const h = useHarness();
const { props, createStream, streamEvent } = pinpointHelpers(h);

describe('Create', () => {
  it('writes to a Firehose delivery stream, and adds kms:GenerateDataKey on exactly the given key', async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { response } = await createStream({ DestinationStreamArn: h.world.FirehoseStreamArn, KmsKeyArn: key });
    expect(response.Status, response.Reason).toBe('SUCCESS');
    const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
    expect(role.policies).toEqual({
      [INLINE_POLICY_NAME]: streamWriterPolicy({ kind: 'firehose', arn: h.world.FirehoseStreamArn }, key),
    });
  });

  it('switches DestinationStreamArn in place: the same role now writes to the other stream', async () => {
    const created = (await createStream()).response;
    const after = props({ DestinationStreamArn: h.world.FirehoseStreamArn });
    const updated = (await h.play(streamEvent('Update', created.PhysicalResourceId, after))).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toEqual({
      DestinationStreamArn: h.world.FirehoseStreamArn,
      RoleArn: created.PhysicalResourceId,
    });
  });

  it('gives a generated name that is the same for one resource and differs for another stack', async () => {
    const first = (await createStream()).response;
    const again = (await createStream()).response;
    const otherStack = (
      await h.play(
        event('Create', { StackId: newStackId(), ResourceProperties: props({ ReplaceExistingStream: 'true' }) }),
        TAKEOVER_ALLOWED,
      )
    ).response;
    expect(otherStack.Status, otherStack.Reason).toBe('SUCCESS');
    expect(again.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(otherStack.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
    expect(roleNameOf(first.PhysicalResourceId)).toMatch(/^itest-EventStream-[0-9a-f]{12}$/);
    expect((await readEventStream(h.direct, h.world.ApplicationId))?.DestinationStreamArn).toBe(
      h.world.KinesisStreamArn,
    );
  });

  it(
    'answers FAILED before the function times out when propagation never clears, removing the role ' + 'it made',
    async () => {
      h.gateway.iam.propagationDelayMs = 10 * 60_000;
      const { response, invocation } = await h.play(streamEvent('Create'), { timeoutMs: 8000 });
      expect(invocation.killed).toBe(false);
      expect(response.Status).toBe('FAILED');
      expect(response.Reason).toMatch(/mobiletargeting:PutEventStream .*IAM propagation/);
      expect(response.Reason).toContain('log stream');
      const roleName = roleNameOf(response.PhysicalResourceId);
      expect(response.PhysicalResourceId).toMatch(
        /^arn:aws:iam::123456789012:role\/pinpoint-event-stream\/us-east-1\/itest-EventStream-/,
      );
      expect(await readRole(h.direct, roleName)).toBeUndefined();
      expect((await h.play(streamEvent('Delete', response.PhysicalResourceId))).response.Status).toBe('SUCCESS');
      expect(await readRole(h.direct, roleName)).toBeUndefined();
    },
  );

  it('answers FAILED before the deadline when an AWS call never answers', async () => {
    h.gateway.inject((c: Json) => c.action === 'iam:CreateRole', 'hang', 1);
    const { response, invocation } = await h.play(streamEvent('Create'), { timeoutMs: 6000 });
    expect(invocation.killed).toBe(false);
    expect(invocation.durationMs).toBeLessThan(6000);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/timed out/);
  });

  it(
    'after a Create timed out mid-way, its FAILED answer names the role, and the Delete that follows ' + 'removes it',
    async () => {
      h.gateway.inject((c: Json) => c.action === 'iam:PutRolePolicy', 'hang', 1);
      const { response, invocation } = await h.play(streamEvent('Create'), { timeoutMs: 6000 });
      expect(invocation.killed).toBe(false);
      expect(response.Status).toBe('FAILED');
      const roleName = roleNameOf(response.PhysicalResourceId);
      expect(await readRole(h.direct, roleName)).toBeDefined();
      expect((await h.play(streamEvent('Delete', response.PhysicalResourceId))).response.Status).toBe('SUCCESS');
      expect(await readRole(h.direct, roleName)).toBeUndefined();
    },
  );

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
      expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
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
      { status: 500, code: 'InternalServerErrorException', message: 'busy' },
      2,
    );
    const { response } = await createStream();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(h.gateway.count('iam:CreateRole')).toBe(3);
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
      expect(r.resource).toBe(`arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${h.world.ApplicationId}/eventstream`);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
