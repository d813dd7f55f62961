// The BUILT bundle: the Delete rules that keep a stack from getting stuck (whatever was attached
// by hand, IAM's DeleteConflict, targets already gone), Amazon Pinpoint's end of support, and the
// bound on the wait for IAM propagation, for every kind where a rule applies.

import { randomUUID } from 'node:crypto';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  eventFor,
  expectOneAnswer,
  freshStack,
  type Json,
  type KindTarget,
  readEventStream,
  readRole,
  roleNameOf,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { END_OF_SUPPORT, securityHelpers, warnings } from './support/security.js';

const h = useHarness();
const { pinpoint, sendingRole, all: KINDS, withTarget: WITH_TARGET } = h.kinds;
const { rolesNamed, legitCreate, deleteRoleByHand } = securityHelpers(h);

/**
 * A role of ours (the sending role: no target in the way) and its Delete, whose iam:DeleteRole answers
 * DeleteConflict `times` times with `message`, as IAM does while it still sees something attached to it.
 */
async function deleteConflicts(message: string, times: number) {
  const { stackId } = freshStack();
  const created = await legitCreate(sendingRole, stackId);
  h.gateway.inject((c) => c.action === 'iam:DeleteRole', { status: 409, code: 'DeleteConflict', message }, times);
  const del = eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId });
  return { created, roleName: roleNameOf(created.PhysicalResourceId), del };
}

describe('in this account and Region', () => {
  describe('Delete', () => {
    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: our role with an inline policy and a managed policy attached by hand is ' +
        'deleted; the managed policy is kept, detached',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const name = roleNameOf(created.PhysicalResourceId);
        const document = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::some-bucket/*' }],
        });
        await h.direct.iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: 'added-by-hand', PolicyDocument: document }),
        );
        const { Policy } = await h.direct.iam.send(
          new CreatePolicyCommand({ PolicyName: `by-hand-${randomUUID().slice(0, 8)}`, PolicyDocument: document }),
        );
        const policyArn = Policy!.Arn!;
        try {
          await h.direct.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
          const played = await h.play(
            eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          );
          expectOneAnswer(played, 'SUCCESS');
          expect(await readRole(h.direct, name)).toBeUndefined();
          const kept = (await h.direct.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy;
          expect(kept?.Arn).toBe(policyArn);
          expect(kept?.AttachmentCount).toBe(0);
          expect(
            (await h.direct.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn }))).PolicyRoles,
          ).toEqual([]);
          const removed = warnings(played).find((l: Json) => /attached to our role by hand/.test(l.message))?.removed;
          expect(removed).toEqual(
            expect.arrayContaining(['inline policy added-by-hand', `managed policy ${policyArn} (detached, kept)`]),
          );
          if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
        } finally {
          await h.direct.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })).catch(() => undefined);
        }
      },
    );

    it(
      'DeleteConflict from iam:DeleteRole just after the policies went (IAM is eventually ' +
        'consistent) is retried, and the Delete succeeds',
      async () => {
        const { roleName, del } = await deleteConflicts('Cannot delete entity, must detach all policies first.', 2);
        expectOneAnswer(await h.play(del), 'SUCCESS');
        expect(h.gateway.count('iam:DeleteRole')).toBe(3);
        expect(await readRole(h.direct, roleName)).toBeUndefined();
      },
    );

    it(
      'DeleteConflict that never clears answers FAILED naming iam:DeleteRole before the function ' +
        'times out; a later Delete still removes the role',
      async () => {
        const { created, roleName, del } = await deleteConflicts(
          'Cannot delete entity, must remove roles from instance profile first.',
          1000,
        );
        const played = await h.play(del, { timeoutMs: 8000 });
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toMatch(
          new RegExp(
            '^iam:DeleteRole of \\S+ still answers DeleteConflict after \\d+ attempts ' +
              '\\(is the role in an instance profile\\?\\)',
          ),
        );
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expect(h.gateway.count('iam:DeleteRole')).toBeGreaterThan(1);
        h.gateway.reset();
        expectOneAnswer(await h.play(del), 'SUCCESS');
        expect(await readRole(h.direct, roleName)).toBeUndefined();
      },
    );

    it.each(WITH_TARGET.map((k) => [k.label, k] as const))(
      '%s: when our role was deleted by hand, the target still pointing at its ARN is removed',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        await deleteRoleByHand(roleNameOf(created.PhysicalResourceId));
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        expect(await kind.targetRole()).toBe(created.PhysicalResourceId);
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(await kind.targetRole()).toBeUndefined();
        if (kind === pinpoint) expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
      },
    );
  });

  // ---- After Amazon Pinpoint's end of support -----------------------------------------------

  describe("after Amazon Pinpoint's end of support", () => {
    const refusals = [
      [
        'mobiletargeting:PutEventStream',
        403,
        'AccessDeniedException',
        'User is not authorized to access this resource',
      ],
      ['mobiletargeting:PutEventStream', 403, 'ForbiddenException', 'This operation is no longer available'],
      [
        'mobiletargeting:PutEventStream',
        400,
        'BadRequestException',
        'Amazon Pinpoint no longer accepts new event streams',
      ],
      ['mobiletargeting:GetEventStream', 403, 'ForbiddenException', 'This operation is no longer available'],
    ] as const;

    it.each(refusals)(
      'a Create whose %s answers %i %s is FAILED with the end-of-support sentence, and leaves no role',
      async (call, status, code, message) => {
        const { stackId } = freshStack();
        h.gateway.inject((c) => c.action === call, { status, code, message }, 100);
        const played = await h.play(eventFor(pinpoint, 'Create', stackId));
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toContain(`${call} failed: ${code}: ${message}`);
        expect(played.response.Reason).toContain(END_OF_SUPPORT);
        // Not retried as IAM propagation.
        expect(h.gateway.count('mobiletargeting:PutEventStream')).toBe(
          call === 'mobiletargeting:PutEventStream' ? 1 : 0,
        );
        expect(await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId))).toBeUndefined();
        expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
      },
    );

    it(
      'an Update whose PutEventStream answers 403 is FAILED with the end-of-support sentence and keeps its ' +
        'physical id',
      async () => {
        const { stackId } = freshStack();
        const created = await legitCreate(pinpoint, stackId);
        h.gateway.inject(
          (c) => c.action === 'mobiletargeting:PutEventStream',
          { status: 403, code: 'ForbiddenException', message: 'Forbidden' },
          100,
        );
        const played = await h.play(updateOf(pinpoint, stackId, created.PhysicalResourceId));
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toContain(END_OF_SUPPORT);
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expect((await readEventStream(h.direct, h.world.ApplicationId))?.RoleArn).toBe(created.PhysicalResourceId);
      },
    );

    it('a missing application is named as such, without the end-of-support sentence', async () => {
      const { stackId } = freshStack();
      const played = await h.play(
        eventFor(pinpoint, 'Create', stackId, {
          ResourceProperties: pinpoint.props({ ApplicationId: 'f'.repeat(32) }),
        }),
      );
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^ApplicationId: Pinpoint application f{32} does not exist/);
      expect(played.response.Reason).not.toContain('end of support');
    });

    // The read answered, the remove call refuses (targets.test.ts has the read refuse).
    const deleteCases = WITH_TARGET.flatMap((kind) => {
      const { calls, forbiddenError, clientError } = kind.kind.target as KindTarget;
      return [
        [kind, calls.remove, 403, forbiddenError],
        [kind, calls.remove, 400, clientError],
      ] as const;
    });

    it.each(deleteCases.map(([kind, call, status, code]) => [kind.label, call, status, code, kind] as const))(
      '%s: a Delete whose %s answers %i %s is SUCCESS, removes the role, and warns what may be left',
      async (_k, call, status, code, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        h.gateway.inject((c) => c.action === call, { status, code, message: 'This API is no longer available' }, 100);
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(h.gateway.count(call)).toBeGreaterThanOrEqual(1);
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        const warning = warnings(played).find((l: Json) => /may be left behind/.test(l.message));
        expect(warning?.message).toBe(
          `${kind.targetDescription()} could not be checked or removed and may be left ` +
            `behind; the role is removed anyway`,
        );
        expect(warning?.error).toContain(code);
      },
    );
  });

  describe('the wait for IAM propagation is bounded by PROPAGATION_TIMEOUT_SECONDS', () => {
    const FUNCTION_TIMEOUT_MS = 60_000;
    it.each(WITH_TARGET.map((kind) => [kind.label, kind, (kind.kind.target as KindTarget).calls.create] as const))(
      '%s: with 3 s, a Create whose role never propagates fails after about 3 s naming the ' +
        'call and what to check, and leaves no role',
      async (_k, kind, call) => {
        const { stackId, stackName } = freshStack();
        h.gateway.iam.propagationDelayMs = 60 * 60_000;
        const played = await h.play(eventFor(kind, 'Create', stackId), {
          env: { PROPAGATION_TIMEOUT_SECONDS: '3' },
          timeoutMs: FUNCTION_TIMEOUT_MS,
        });
        expectOneAnswer(played, 'FAILED');
        expect(played.invocation.durationMs).toBeGreaterThan(2_000);
        expect(played.invocation.durationMs, 'well before the function timeout').toBeLessThan(FUNCTION_TIMEOUT_MS / 3);
        const reason = played.response.Reason;
        expect(reason.startsWith(`${call} still could not use the new role (IAM propagation) after `), reason).toBe(
          true,
        );
        expect(reason).toContain(
          "check the role's trust policy, that the destination exists in the Region its ARN " +
            'names, and its encryption (KmsKeyArn)',
        );
        expect(reason).not.toMatch(/timed out/);
        expect(reason).not.toContain('end of support');
        expect(h.gateway.count(call)).toBeGreaterThan(1);
        expect(await rolesNamed(`${stackName}-`)).toEqual([]);
        expect(await kind.targetRole()).toBeUndefined();
      },
    );
  });

  everyCallAllowedByTheExecutionRole(() => h);
});
