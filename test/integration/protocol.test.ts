// The BUILT bundle: the CloudFormation protocol end to end (exactly one response per event, its
// body and header, the deadline, retries of the PUT, a handler that never throws), and the
// lifecycle rules every kind shares: the same event delivered twice ends in the same state, tags
// removed from the template are removed from the role, and a failing IAM call leaves no role.

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/names.js';
import {
  eventFor,
  expectOneAnswer,
  freshStack,
  type Json,
  type KindTarget,
  type Played,
  readRole,
  roleNameOf,
  rolesNamed,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

/** Every tag the function puts on a role of this (local) deployment. */
const OWNERSHIP_TAGS: string[] = Object.values(TAG_KEYS);

const h = useHarness();
const { pinpoint, sendingRole, all: KINDS } = h.kinds;

const byLabel = KINDS.map((k) => [k.label, k] as const);

const logLines = (played: Played, message: RegExp) =>
  played.invocation.logs.filter((l: Json) => typeof l.message === 'string' && message.test(l.message));

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the response', () => {
  it(
    'is one PUT of the documented JSON with an empty Content-Type, and a reason far over the ' +
      'limit is cut (never the JSON) to stay under 4096 bytes',
    async () => {
      const { stackId } = freshStack();
      // Multi-byte characters, quotes and backslashes: the limit is on the escaped UTF-8 bytes.
      const message = `${'€é"\\ x'.repeat(1200)}THE-END`;
      h.gateway.inject((c) => c.action === 'iam:CreateRole', { status: 400, code: 'ValidationError', message }, 10);
      const e = eventFor(sendingRole, 'Create', stackId);
      const played = await h.play(e);
      expectOneAnswer(played, 'FAILED');
      const { raw, body } = played.responses[0]!;
      expect(Buffer.byteLength(raw)).toBeLessThan(4096);
      expect(JSON.parse(raw)).toEqual(body);
      expect(Object.keys(body).sort()).toEqual([
        'Data',
        'LogicalResourceId',
        'NoEcho',
        'PhysicalResourceId',
        'Reason',
        'RequestId',
        'StackId',
        'Status',
      ]);
      expect(body).toMatchObject({
        Status: 'FAILED',
        StackId: stackId,
        RequestId: e.RequestId,
        LogicalResourceId: sendingRole.logicalId,
        NoEcho: false,
        Data: {},
      });
      expect(body.Reason.startsWith('iam:CreateRole failed: ValidationError: €é"\\ x')).toBe(true);
      expect(body.Reason).toMatch(/\.\.\. See CloudWatch log stream \S+ \S+$/); // the message is cut, the pointer kept
      expect(body.Reason).not.toContain('THE-END');
      expect(Buffer.byteLength(raw)).toBeGreaterThan(3500); // cut to the limit, not to nothing
    },
  );

  // The contract: reasons point to the log stream. The cut comes out of the AWS message, never the pointer.
  it('a reason cut to the size limit still points to the log stream', async () => {
    const { stackId } = freshStack();
    h.gateway.inject(
      (c) => c.action === 'iam:CreateRole',
      { status: 400, code: 'ValidationError', message: 'x'.repeat(6000) },
      10,
    );
    const played = await h.play(eventFor(sendingRole, 'Create', stackId));
    expectOneAnswer(played, 'FAILED');
    expect(played.response.Reason).toMatch(/^iam:CreateRole failed: /);
    expect(played.response.Reason).toContain(
      'See CloudWatch log stream /aws/lambda/pinpoint-event-stream-local 2026/11/23/[$LATEST]local',
    );
  });

  it.each(byLabel)(
    '%s: is sent exactly once when the deadline answers first (an AWS call that never answers), naming the ' +
      'role it made, which the Delete that follows removes',
    async (_k, kind) => {
      const { stackId } = freshStack();
      h.gateway.inject((c) => c.action === 'iam:PutRolePolicy', 'hang', 1);
      const played = await h.play(eventFor(kind, 'Create', stackId), { timeoutMs: 6000 });
      expectOneAnswer(played, 'FAILED');
      expect(played.invocation.durationMs).toBeLessThan(6000);
      expect(played.response.Reason).toMatch(/^timed out after \d+ s, before the function's timeout; work stopped/);
      expect(played.invocation.stdout).toContain('"runner":"settled"');
      const roleName = roleNameOf(played.response.PhysicalResourceId);
      expect(await readRole(h.direct, roleName)).toBeDefined();
      const remove = eventFor(kind, 'Delete', stackId, { PhysicalResourceId: played.response.PhysicalResourceId });
      expectOneAnswer(await h.play(remove), 'SUCCESS');
      expect(await readRole(h.direct, roleName)).toBeUndefined();
    },
  );

  it.each([403, 500])('is retried when the URL answers %i, delivered once, and never logged whole', async (status) => {
    const { stackId } = freshStack();
    h.responses.behaviour.failStatus = status;
    h.responses.behaviour.failNext = 2;
    const played = await h.play(eventFor(sendingRole, 'Create', stackId));
    expectOneAnswer(played, 'SUCCESS');
    const retries = logLines(played, /^response not delivered, will retry$/);
    expect(retries.map((l: Json) => l.problem)).toEqual([`HTTP ${status}`, `HTTP ${status}`]);
    expect(logLines(played, /^response delivered$/).map((l: Json) => l.attempt)).toEqual([3]);
    expect(played.invocation.stdout + played.invocation.stderr).not.toMatch(
      /X-Amz-Signature|secret-|cloudformation-response\//,
    );
  });

  it('is retried when the URL never answers, and delivered once', async () => {
    const { stackId } = freshStack();
    h.responses.behaviour.hangNext = 1;
    // Properties that fail validation: no AWS work, only the response.
    const played = await h.play(
      eventFor(pinpoint, 'Create', stackId, { ResourceProperties: pinpoint.props({ ApplicationId: 'bad id' }) }),
      { timeoutMs: 30_000 },
    );
    expectOneAnswer(played, 'FAILED');
    expect(logLines(played, /^response not delivered, will retry$/)).toHaveLength(1);
    expect(logLines(played, /^response delivered$/).map((l: Json) => l.attempt)).toEqual([2]);
  });

  it(
    'is retried on network errors with backoff until the deadline, then logged as undelivered ' +
      'with the host only; the handler still returns',
    async () => {
      const { stackId } = freshStack();
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}/cloudformation-response/x?X-Amz-Signature=secret-closed-port`;
      // Properties that fail validation: no AWS work, only the response.
      const played = await h.play(
        eventFor(pinpoint, 'Create', stackId, { ResourceProperties: pinpoint.props({ ApplicationId: '' }) }),
        { responseUrl: url, timeoutMs: 8000 },
      );
      expect(played.invocation.killed).toBe(false);
      expect(played.invocation.code).toBe(0);
      expect(played.invocation.stdout).toContain('"runner":"settled"');
      const retries = logLines(played, /^response not delivered, will retry$/);
      expect(retries.length).toBeGreaterThanOrEqual(2);
      for (const r of retries) expect(r.problem).toMatch(/ECONNREFUSED/);
      const delays = retries.map((r: Json) => r.delayMs as number);
      expect(Math.max(...delays)).toBeGreaterThan(Math.min(...delays)); // backoff, not a fixed interval
      const gaveUp = logLines(played, /^response could not be delivered to CloudFormation$/);
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0].level).toBe('ERROR');
      expect(gaveUp[0].url).toBe(`http://127.0.0.1:${port}/<redacted>`);
      expect(played.invocation.stdout + played.invocation.stderr).not.toContain('secret-closed-port');
      expect(h.gateway.authz()).toEqual([]);
    },
  );
});

describe('the handler never throws: every outcome is one response', () => {
  it.each([
    [
      'an unknown RequestType',
      (stackId: string) => ({ ...eventFor(sendingRole, 'Create', stackId), RequestType: 'Bogus' }),
      'FAILED',
      /^RequestType Bogus is not Create, Update or Delete/,
    ],
    [
      'a StackId that is not a stack ARN (Create)',
      () => eventFor(sendingRole, 'Create', 'arn:aws:s3:::not-a-stack'),
      'FAILED',
      /^StackId: is not a CloudFormation stack ARN/,
    ],
    [
      'a StackId that is not a stack ARN (Delete)',
      () => eventFor(sendingRole, 'Delete', 'not-an-arn', { PhysicalResourceId: 'whatever' }),
      'SUCCESS',
      /^$/,
    ],
    [
      'a LogicalResourceId that CloudFormation never sends',
      (stackId: string) => eventFor(sendingRole, 'Create', stackId, { LogicalResourceId: 'has-dash' }),
      'FAILED',
      /^LogicalResourceId: /,
    ],
    [
      'ResourceProperties that are not an object',
      (stackId: string) => ({ ...eventFor(sendingRole, 'Create', stackId), ResourceProperties: 'a string' }),
      'FAILED',
      /^ResourceProperties: must be an object/,
    ],
    [
      'an Update without PhysicalResourceId',
      (stackId: string) => eventFor(sendingRole, 'Update', stackId, { OldResourceProperties: {} }),
      'FAILED',
      /^Update request without PhysicalResourceId/,
    ],
    [
      'a StackId of 100,000 characters',
      (stackId: string) => ({
        ...eventFor(sendingRole, 'Create', stackId),
        StackId: `${stackId}${'x'.repeat(100_000)}`,
      }),
      'FAILED',
      /^event refused before any work: CloudFormation could not have sent it \(StackId is 10\d{4} characters long/,
    ],
    [
      'a PhysicalResourceId of 2,000 characters (Delete)',
      (stackId: string) => eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: 'p'.repeat(2_000) }),
      'FAILED',
      /PhysicalResourceId is 2000 characters long; CloudFormation sends at most 1024/,
    ],
    [
      'a PhysicalResourceId that is a number (Update)',
      (stackId: string) => ({
        ...eventFor(sendingRole, 'Update', stackId, { OldResourceProperties: {} }),
        PhysicalResourceId: 42,
      }),
      'FAILED',
      /PhysicalResourceId is not a string \(a number\)/,
    ],
  ] as const)('%s', async (_label, make, status, reason) => {
    const { stackId } = freshStack();
    const played = await h.play(make(stackId), { register: false });
    expectOneAnswer(played, status);
    // Whatever the event held, the answer keeps CloudFormation's limits.
    expect(Buffer.byteLength(played.responses[0]!.raw)).toBeLessThan(4096);
    expect(played.response.PhysicalResourceId).toEqual(expect.any(String));
    expect(played.response.PhysicalResourceId.length).toBeGreaterThanOrEqual(1);
    expect(played.response.PhysicalResourceId.length).toBeLessThanOrEqual(1024);
    expect(played.response.Reason).toMatch(reason);
    expect(played.invocation.code).toBe(0);
    expect(played.invocation.stdout).toContain('"runner":"settled"');
    expect(h.gateway.authz()).toEqual([]);
  });
});

describe(
  'every kind: the same event delivered twice ends in the same state, and tags ' +
    'removed from the template leave the role',
  () => {
    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: Create, Update and Delete each delivered twice',
      async (_k, kind) => {
        const { stackId, stackName } = freshStack();
        const before = kind.props({
          Tags: [
            { Key: 'team', Value: 'messaging' },
            { Key: 'cost-centre', Value: '1234' },
          ],
        });
        const create = eventFor(kind, 'Create', stackId, { ResourceProperties: before });
        const first = await h.play(create);
        expectOneAnswer(first, 'SUCCESS');
        const roleArn = first.response.PhysicalResourceId;
        const afterCreate = { role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() };
        const again = await h.play(create);
        expectOneAnswer(again, 'SUCCESS');
        expect(again.response.PhysicalResourceId).toBe(roleArn);
        expect(again.response.Data).toEqual(first.response.Data);
        expect({ role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() }).toEqual(
          afterCreate,
        );
        expect(await rolesNamed(h, `${stackName}-`)).toHaveLength(1);
        if (kind.hasTarget) expect(await kind.targetRole()).toBe(roleArn);

        const after = kind.changed(); // Tags: team changed, cost-centre removed
        const update = updateOf(kind, stackId, roleArn, after, before);
        const updated = await h.play(update);
        expectOneAnswer(updated, 'SUCCESS');
        expect(updated.response.PhysicalResourceId).toBe(roleArn);
        const afterUpdate = { role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() };
        expect(afterUpdate.role.tags.team).toBe('changed');
        expect(afterUpdate.role.tags).not.toHaveProperty('cost-centre');
        expect(Object.keys(afterUpdate.role.tags).sort()).toEqual([...OWNERSHIP_TAGS, 'team'].sort());
        expect(afterUpdate.role.tags['pinpoint-event-stream:stack-id']).toBe(stackId);
        expect(afterUpdate).not.toEqual(afterCreate);
        const updatedAgain = await h.play(update);
        expectOneAnswer(updatedAgain, 'SUCCESS');
        expect(updatedAgain.response.PhysicalResourceId).toBe(roleArn);
        expect({ role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() }).toEqual(
          afterUpdate,
        );

        const remove = eventFor(kind, 'Delete', stackId, { PhysicalResourceId: roleArn, ResourceProperties: after });
        expectOneAnswer(await h.play(remove), 'SUCCESS');
        const afterDelete = { role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() };
        expect(afterDelete.role).toBeUndefined();
        if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
        expectOneAnswer(await h.play(remove), 'SUCCESS');
        expect({ role: await readRole(h.direct, roleNameOf(roleArn)), target: await kind.target() }).toEqual(
          afterDelete,
        );
      },
    );

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: removing the Tags property removes every user tag, keeping the ownership tags',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const before = kind.props({
          Tags: [
            { Key: 'team', Value: 'messaging' },
            { Key: 'Cost-Centre', Value: '1234' },
          ],
        });
        const created = await h.play(eventFor(kind, 'Create', stackId, { ResourceProperties: before }));
        expectOneAnswer(created, 'SUCCESS');
        const roleArn = created.response.PhysicalResourceId;
        const updated = await h.play(updateOf(kind, stackId, roleArn, kind.props(), before));
        expectOneAnswer(updated, 'SUCCESS');
        expect(updated.response.PhysicalResourceId).toBe(roleArn);
        expect(Object.keys((await readRole(h.direct, roleNameOf(roleArn))).tags).sort()).toEqual(
          [...OWNERSHIP_TAGS].sort(),
        );
      },
    );
  },
);

describe('every kind: what a Create leaves when IAM refuses', () => {
  const faults = [
    ['iam:CreateRole', { status: 403, code: 'AccessDenied', message: 'not allowed' }],
    ['iam:PutRolePolicy', { status: 400, code: 'MalformedPolicyDocument', message: 'bad' }],
  ] as const;

  it.each(KINDS.flatMap((kind) => faults.map(([action, fault]) => [kind.label, action, kind, fault] as const)))(
    '%s: a failing %s gives FAILED naming the call, no retry, no call to the service, and no role left',
    async (_k, action, kind, fault) => {
      const { stackId, stackName } = freshStack();
      h.gateway.inject((c) => c.action === action, fault, 100);
      const played = await h.play(eventFor(kind, 'Create', stackId));
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toContain(`${action} failed: ${fault.code}`);
      expect(h.gateway.count(action)).toBe(1);
      expect(await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId))).toBeUndefined();
      expect(await rolesNamed(h, `${stackName}-`)).toEqual([]);
      if (!kind.hasTarget) return;
      expect(h.gateway.count((kind.kind.target as KindTarget).calls.create)).toBe(0);
      expect(await kind.targetRole()).toBeUndefined();
    },
  );
});

everyCallAllowedByTheExecutionRole(() => h);
