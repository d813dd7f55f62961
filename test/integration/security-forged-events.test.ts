// The BUILT bundle against forged events: the contract's "Security" section, events are verified
// against CloudFormation (the stand-in) before anything changes, for every kind; and a StackId
// of another account or Region. "Nothing changed" is proven three ways: the function's own calls
// (gateway.authz(): only the CloudFormation reads), no role of the test's stack anywhere under the
// managed path, and the event stream / event destinations exactly as they were.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  eventFor,
  expectOneAnswer,
  freshStack,
  type Json,
  readEventStream,
  readRole,
  roleNameOf,
  type TestKind,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { MANAGED_PATH, OTHER_ACCOUNT, securityHelpers, warnings } from './support/security.js';

const h = useHarness();
const { pinpoint, sendingRole, all: KINDS } = h.kinds;
const { rolesNamed, callsSince, expectOnlyCloudFormationReads, legitCreate, snapshot, handMadeRole, deleteRoleByHand } =
  securityHelpers(h);

interface Refusal {
  readonly label: string;
  /** Makes CloudFormation (the stand-in) say what it says of a forged event's stack and resource. */
  arrange(stackId: string, kind: TestKind): void;
  readonly why: (kind: TestKind) => RegExp;
}

const REFUSALS: Record<string, Refusal> = {
  noStack: {
    label: 'stack does not exist',
    arrange: (stackId) => h.gateway.cloudformation.removeStack(stackId),
    why: () => /does not exist in this account and Region/,
  },
  idle: {
    label: 'logical id is not in its stack, which is idle',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE' });
      h.gateway.cloudformation.removeResource(stackId, kind.logicalId);
    },
    why: (kind) => new RegExp(`has no resource ${kind.logicalId} and no operation under way \\(UPDATE_COMPLETE\\)`),
  },
  otherType: {
    label: 'stack resource has another type (while the stack is busy)',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_IN_PROGRESS' });
      h.gateway.cloudformation.putResource(stackId, kind.logicalId, 'AWS::IAM::Role', { status: 'UPDATE_COMPLETE' });
    },
    why: (kind) => new RegExp(`stack resource ${kind.logicalId} is a AWS::IAM::Role, not a ${kind.type}`),
  },
  deletedStack: {
    label: 'stack was deleted (an event replayed from it)',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'DELETE_COMPLETE' });
      h.gateway.cloudformation.putResource(stackId, kind.logicalId, kind.type, { status: 'DELETE_COMPLETE' });
    },
    why: () => /\bDELETE_COMPLETE\b/,
  },
};

describe('in this account and Region', () => {
  describe('forged events', () => {
    const createCases = KINDS.flatMap((kind) =>
      Object.values(REFUSALS).map((refusal) => [kind.label, refusal.label, kind, refusal] as const),
    );

    it.each(createCases)('%s: a Create whose %s is FAILED and changes nothing', async (_k, _r, kind, refusal) => {
      const { stackId, stackName } = freshStack();
      refusal.arrange(stackId, kind);
      const before = await kind.target();
      const played = await h.play(eventFor(kind, 'Create', stackId), { register: false });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
      expect(played.response.Reason).toMatch(refusal.why(kind));
      expectOnlyCloudFormationReads();
      expect(callsSince()).toContain('cloudformation:DescribeStackResource');
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
      expect(await kind.target()).toEqual(before);
    });

    /** Against a real role of ours: every kind whose stack does not exist, the other refusals on the event stream. */
    const realRoleCases = [
      ...KINDS.map((kind) => [kind.label, REFUSALS.noStack!.label, kind, REFUSALS.noStack!] as const),
      ...[REFUSALS.idle!, REFUSALS.otherType!, REFUSALS.deletedStack!].map(
        (refusal) => [pinpoint.label, refusal.label, pinpoint, refusal] as const,
      ),
    ];

    it.each(realRoleCases)(
      '%s: an Update of a real role of ours whose %s is FAILED and leaves role and target as they were',
      async (_k, _r, kind, refusal) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const before = await snapshot(kind, created.PhysicalResourceId);
        refusal.arrange(stackId, kind);
        const mark = h.gateway.authz().length;
        const played = await h.play(updateOf(kind, stackId, created.PhysicalResourceId), { register: false });
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expectOnlyCloudFormationReads(mark);
        expect(await snapshot(kind, created.PhysicalResourceId)).toEqual(before);
      },
    );

    it.each(realRoleCases)(
      '%s: a Delete of a real role of ours whose %s is SUCCESS and touches nothing',
      async (_k, _r, kind, refusal) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const before = await snapshot(kind, created.PhysicalResourceId);
        expect(before.role).toBeDefined();
        if (kind.hasTarget) expect(await kind.targetRole()).toBe(created.PhysicalResourceId);
        refusal.arrange(stackId, kind);
        const mark = h.gateway.authz().length;
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          { register: false },
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expectOnlyCloudFormationReads(mark);
        expect(await snapshot(kind, created.PhysicalResourceId)).toEqual(before);
        expect(warnings(played).map((l: Json) => l.message)).toContain(
          'event refused: not from a stack operation waiting for it; nothing is touched',
        );
      },
    );

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: a Create for a resource CloudFormation does not describe, while the stack ' +
        'has an operation under way, is verified',
      async (_k, kind) => {
        const { stackId } = freshStack();
        h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_IN_PROGRESS' });
        const played = await h.play(eventFor(kind, 'Create', stackId), { register: false });
        expectOneAnswer(played, 'SUCCESS');
        expect(callsSince()).toContain('cloudformation:DescribeStacks');
        const role = await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId));
        expect(role?.path).toBe(MANAGED_PATH);
        if (kind.hasTarget) expect(await kind.targetRole()).toBe(played.response.PhysicalResourceId);
      },
    );

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: a Delete for a resource CloudFormation no longer describes, while the stack is being ' +
        'deleted, is verified and removes role and target',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        h.gateway.cloudformation.removeResource(stackId, kind.logicalId);
        h.gateway.cloudformation.putStack(stackId, { status: 'DELETE_IN_PROGRESS' });
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          { register: false },
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
      },
    );

    it(
      "the Delete of the old role during an update's cleanup is verified by the stack's status while " +
        'CloudFormation shows the new one',
      async () => {
        const { stackId } = freshStack();
        const created = await legitCreate(
          pinpoint,
          stackId,
          pinpoint.props({ RoleName: `old-${randomUUID().slice(0, 8)}` }),
        );
        // Another physical id in CloudFormation, the stack cleaning up after an update.
        h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
        h.gateway.cloudformation.putResource(stackId, pinpoint.logicalId, pinpoint.type, {
          physicalId: `arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}the-new-one`,
          status: 'UPDATE_COMPLETE',
        });
        const played = await h.play(
          eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          { register: false },
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(callsSince()).toContain('cloudformation:DescribeStacks');
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
      },
    );

    it(
      'an error of the CloudFormation read (AccessDenied) answers FAILED naming it: a ' +
        'Create changes nothing, a Delete touches nothing',
      async () => {
        const { stackId, stackName } = freshStack();
        const accessDenied = {
          status: 403,
          code: 'AccessDenied',
          message: 'User is not authorized to perform: cloudformation:DescribeStackResource',
        };
        h.gateway.inject((c) => c.action === 'cloudformation:DescribeStackResource', accessDenied, 1);
        const create = await h.play(eventFor(pinpoint, 'Create', stackId));
        expectOneAnswer(create, 'FAILED');
        expect(create.response.Reason).toMatch(/^cloudformation:DescribeStackResource failed: AccessDenied/);
        expect(await rolesNamed(`${stackName}-`)).toEqual([]);
        expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();

        const created = await legitCreate(pinpoint, stackId);
        const before = await snapshot(pinpoint, created.PhysicalResourceId);
        h.gateway.inject((c) => c.action === 'cloudformation:DescribeStackResource', accessDenied, 1);
        const del = await h.play(
          eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        );
        expectOneAnswer(del, 'FAILED');
        expect(del.response.Reason).toMatch(/^cloudformation:DescribeStackResource failed: AccessDenied/);
        expect(del.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expect(await snapshot(pinpoint, created.PhysicalResourceId)).toEqual(before);
      },
    );
  });

  everyCallAllowedByTheExecutionRole(() => h);
});

// ---- A StackId of another account or Region ---------------------------------------------------
// Outside the describe above on purpose: the function's calls are checked in each test (the
// simulator would reject the calls the bugs below make, which the tests already show).

describe('a StackId of another account or Region', () => {
  /** The function's calls on anything that is not this account's and Region's. */
  const outOfScope = () =>
    h.gateway.authz().filter((r) => {
      const [, , service, region, account] = r.resource.split(':');
      if (service === 'iam')
        return account !== ACCOUNT || (!r.resource.includes(`:role${MANAGED_PATH}`) && r.action !== 'iam:GetRole');
      return (region !== '' && region !== 'us-east-1') || (account !== '' && account !== ACCOUNT);
    });

  it('another account: a Create is FAILED and nothing is created, even for a stack that exists there', async () => {
    const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
    // Registered: the stand-in holds it, in the other account.
    const played = await h.play(eventFor(sendingRole, 'Create', stackId));
    expectOneAnswer(played, 'FAILED');
    expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
    expectOnlyCloudFormationReads();
    expect(await rolesNamed(`${stackName}-`)).toEqual([]);
  });

  it(
    'another account: a Delete whose physical id is a role of that account is SUCCESS, with no AWS call ' + 'at all',
    async () => {
      const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
      const arn = `arn:aws:iam::${OTHER_ACCOUNT}:role${MANAGED_PATH}${stackName}-SendingRole-0123456789ab`;
      const played = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn }));
      expectOneAnswer(played, 'SUCCESS');
      expect(h.gateway.authz()).toEqual([]);
    },
  );

  it(
    'another Region whose CloudFormation does not know the stack: a Create is FAILED and nothing is ' + 'created',
    async () => {
      const { stackId, stackName } = freshStack('us-west-2');
      const played = await h.play(eventFor(sendingRole, 'Create', stackId), { register: false });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
    },
  );

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it(
    'another account: a Create and a Delete are refused without a call about a stack outside this ' + 'account',
    async () => {
      const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
      const create = await h.play(eventFor(sendingRole, 'Create', stackId));
      expectOneAnswer(create, 'FAILED');
      const arn = `arn:aws:iam::${OTHER_ACCOUNT}:role${MANAGED_PATH}${stackName}-SendingRole-0123456789ab`;
      const del = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn }));
      expectOneAnswer(del, 'SUCCESS');
      expect(outOfScope()).toEqual([]);
    },
  );

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it(
    'another Region: a Create naming a real stack of that Region is refused, creates ' +
      'nothing, and calls nothing outside this Region',
    async () => {
      const { stackId, stackName } = freshStack('us-west-2');
      try {
        // Registered: the stand-in holds the stack in us-west-2.
        const played = await h.play(eventFor(sendingRole, 'Create', stackId));
        expectOneAnswer(played, 'FAILED');
        expect(outOfScope()).toEqual([]);
        expect(await rolesNamed(`${stackName}-`)).toEqual([]);
      } finally {
        for (const role of await rolesNamed(`${stackName}-`)) await deleteRoleByHand(role.split('/').pop()!);
      }
    },
  );

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it("another Region: a Delete of that Region's deployment's role is SUCCESS and leaves the role alone", async () => {
    const { stackId } = freshStack('us-west-2');
    const arn = await handMadeRole('/pinpoint-event-stream/us-west-2/', stackId, sendingRole.logicalId);
    try {
      const before = await readRole(h.direct, roleNameOf(arn));
      // Registered in us-west-2.
      const played = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn }));
      expectOneAnswer(played, 'SUCCESS');
      expect(await readRole(h.direct, roleNameOf(arn))).toEqual(before);
      expect(outOfScope()).toEqual([]);
    } finally {
      await deleteRoleByHand(roleNameOf(arn));
    }
  });
});
