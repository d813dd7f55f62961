// The BUILT bundle against events aimed at a stack with no operation waiting for them: the
// contract's "Security" section, an event is only real while CloudFormation waits for it. After a
// legitimate Create is answered, the CloudFormation stand-in shows the resource CREATE_COMPLETE,
// as CloudFormation would: a replayed or forged event of any request type then changes nothing,
// and so does an event of another request type than the operation under way.

import { describe, expect, it } from 'vitest';
import {
  eventFor,
  expectOneAnswer,
  type Json,
  readRole,
  roleNameOf,
  type TestKind,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { securityHelpers, warnings } from './support/security.js';

const h = useHarness();
const { pinpoint, all: KINDS, withTarget } = h.kinds;
const { callsSince, snapshot, expectOnlyCloudFormationReads } = securityHelpers(h);
const byLabel = (kinds: readonly TestKind[]) => kinds.map((k) => [k.label, k] as const);

/** A legitimate Create, answered: its event, its answer, and the resource as CloudFormation now holds it. */
async function created(kind: TestKind) {
  const event = eventFor(kind, 'Create', h.stackId);
  const played = await h.play(event);
  expectOneAnswer(played, 'SUCCESS');
  const resource = h.gateway.cloudformation.stack(h.stackId)?.resources.get(kind.logicalId);
  return { event, roleArn: played.response.PhysicalResourceId, resource };
}

describe('an event is verified only while CloudFormation waits for it', () => {
  it('a plain Create makes one CloudFormation call', async () => {
    await created(pinpoint);
    expect(callsSince().filter((a) => a.startsWith('cloudformation:'))).toEqual([
      'cloudformation:DescribeStackResource',
    ]);
  });

  it.each(byLabel(KINDS))('%s: once answered, the resource is CREATE_COMPLETE in CloudFormation', async (_k, kind) => {
    const { resource, roleArn } = await created(kind);
    expect(resource).toMatchObject({ ResourceStatus: 'CREATE_COMPLETE', PhysicalResourceId: roleArn });
  });

  it.each(byLabel(KINDS))('%s: the same Create replayed later is FAILED and changes nothing', async (_k, kind) => {
    const { event, roleArn } = await created(kind);
    const before = await snapshot(kind, roleArn);
    const mark = h.gateway.authz().length;
    const replay = await h.play(event, { register: false });
    expectOneAnswer(replay, 'FAILED');
    expect(replay.response.Reason).toMatch(
      /^event refused, nothing was changed: stack resource \w+ is CREATE_COMPLETE: .* not waiting for a Create/,
    );
    expectOnlyCloudFormationReads(mark);
    expect(await snapshot(kind, roleArn)).toEqual(before);
  });

  it.each(byLabel(KINDS))(
    '%s: a forged Delete against the idle stack is SUCCESS and touches nothing',
    async (_k, kind) => {
      const { roleArn } = await created(kind);
      const before = await snapshot(kind, roleArn);
      const mark = h.gateway.authz().length;
      const forged = await h.play(eventFor(kind, 'Delete', h.stackId, { PhysicalResourceId: roleArn }), {
        register: false,
      });
      expectOneAnswer(forged, 'SUCCESS');
      expectOnlyCloudFormationReads(mark);
      expect(await snapshot(kind, roleArn)).toEqual(before);
      expect(await readRole(h.direct, roleNameOf(roleArn))).toBeDefined();
      expect(
        warnings(forged)
          .map((l: Json) => l.why)
          .join(),
      ).toMatch(/is CREATE_COMPLETE: CloudFormation is not waiting for a Delete/);
    },
  );

  it.each(byLabel(withTarget))(
    '%s: a forged Update against the idle stack, pointing the target elsewhere, is FAILED and changes nothing',
    async (_k, kind) => {
      const { roleArn } = await created(kind);
      const before = await snapshot(kind, roleArn);
      const mark = h.gateway.authz().length;
      const forged = await h.play(updateOf(kind, h.stackId, roleArn), { register: false });
      expectOneAnswer(forged, 'FAILED');
      expect(forged.response.Reason).toMatch(/is CREATE_COMPLETE: CloudFormation is not waiting for an Update/);
      expectOnlyCloudFormationReads(mark);
      expect(await snapshot(kind, roleArn)).toEqual(before);
    },
  );
});

describe('an event of another request type than the operation under way changes nothing', () => {
  /** CloudFormation in the middle of `status` for the resource (the stack busy with it). */
  const underWay = (roleArn: string | undefined, status: string) => {
    h.gateway.cloudformation.putStack(h.stackId, {
      status: status.startsWith('DELETE') ? 'DELETE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS',
    });
    h.gateway.cloudformation.putResource(h.stackId, pinpoint.logicalId, pinpoint.type, { physicalId: roleArn, status });
  };

  it.each(['UPDATE_IN_PROGRESS', 'CREATE_IN_PROGRESS'])(
    'a Delete while the resource is %s: SUCCESS, untouched',
    async (status) => {
      const { roleArn } = await created(pinpoint);
      const before = await snapshot(pinpoint, roleArn);
      underWay(roleArn, status);
      const mark = h.gateway.authz().length;
      const played = await h.play(eventFor(pinpoint, 'Delete', h.stackId, { PhysicalResourceId: roleArn }), {
        register: false,
      });
      expectOneAnswer(played, 'SUCCESS');
      expectOnlyCloudFormationReads(mark);
      expect(await snapshot(pinpoint, roleArn)).toEqual(before);
    },
  );

  it.each(['CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'an Update while the resource is %s: FAILED, unchanged',
    async (status) => {
      const { roleArn } = await created(pinpoint);
      const before = await snapshot(pinpoint, roleArn);
      underWay(roleArn, status);
      const mark = h.gateway.authz().length;
      const played = await h.play(updateOf(pinpoint, h.stackId, roleArn), { register: false });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(new RegExp(`is ${status}: CloudFormation is not waiting for an Update`));
      expectOnlyCloudFormationReads(mark);
      expect(await snapshot(pinpoint, roleArn)).toEqual(before);
    },
  );

  it.each(['UPDATE_IN_PROGRESS', 'DELETE_IN_PROGRESS'])(
    'a Create while the resource is %s: FAILED, nothing made',
    async (status) => {
      underWay(undefined, status);
      const played = await h.play(eventFor(pinpoint, 'Create', h.stackId), { register: false });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(new RegExp(`is ${status}: CloudFormation is not waiting for a Create`));
      expectOnlyCloudFormationReads(0);
      expect(await pinpoint.target()).toBeUndefined();
    },
  );
});

describe('the Delete of a physical id CloudFormation no longer describes (a replaced resource)', () => {
  /** Our role, answered; then CloudFormation holding a newer physical id for the resource, the stack `status`. */
  async function replaced(status: string) {
    const { roleArn } = await created(pinpoint);
    h.gateway.cloudformation.putStack(h.stackId, { status });
    h.gateway.cloudformation.putResource(h.stackId, pinpoint.logicalId, pinpoint.type, {
      physicalId: `${roleArn}-successor`,
      status: 'UPDATE_COMPLETE',
    });
    return roleArn;
  }
  const deleteOf = (roleArn: string) =>
    h.play(eventFor(pinpoint, 'Delete', h.stackId, { PhysicalResourceId: roleArn }), { register: false });

  it.each([
    'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_ROLLBACK_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  ])('is verified while the stack is %s, and removes role and stream', async (status) => {
    const roleArn = await replaced(status);
    const played = await deleteOf(roleArn);
    expectOneAnswer(played, 'SUCCESS');
    expect(callsSince()).toContain('cloudformation:DescribeStacks');
    expect(await readRole(h.direct, roleNameOf(roleArn))).toBeUndefined();
    expect(await pinpoint.target()).toBeUndefined();
  });

  it.each(['UPDATE_COMPLETE', 'CREATE_COMPLETE', 'UPDATE_IN_PROGRESS'])(
    'is refused while the stack is %s: SUCCESS, and role and stream stay',
    async (status) => {
      const roleArn = await replaced(status);
      const before = await snapshot(pinpoint, roleArn);
      const mark = h.gateway.authz().length;
      const played = await deleteOf(roleArn);
      expectOneAnswer(played, 'SUCCESS');
      expectOnlyCloudFormationReads(mark);
      expect(await snapshot(pinpoint, roleArn)).toEqual(before);
      expect(
        warnings(played)
          .map((l: Json) => l.why)
          .join(),
      ).toMatch(/is not cleaning up or rolling back/);
    },
  );
});

everyCallAllowedByTheExecutionRole(() => h);
