// The BUILT bundle under the deployment's settings (the contract's "Security" section): taking
// over another's stream or destination and the retired email sending role only where the
// deployment opts in; each deployment's roles its own (another deployment's role is neither
// updated nor deleted, a RoleName of a role not ours is refused); and a role 2.x made (no
// deployment tag) updated in place, tagged as this deployment's, and deleted.

import { randomUUID } from 'node:crypto';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/names.js';
import { planFor } from '../../src/resources/index.js';
import { stackContext } from '../../src/stack.js';
import {
  BOUNDARY_ARN,
  DEPLOYMENT_ID,
  EMAIL_SENDING_DISABLED,
  eventFor,
  expectOneAnswer,
  freshStack,
  type Json,
  type KindTarget,
  putForeignEventStream,
  readEventStream,
  readRole,
  roleNameOf,
  TAKEOVER_ALLOWED,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { MANAGED_PATH, securityHelpers, warnings } from './support/security.js';

const h = useHarness();
const { pinpoint, sendingRole, all, withTarget } = h.kinds;
const { snapshot, handMadeRole } = securityHelpers(h);
const OTHER_DEPLOYMENT = 'pinpoint-event-stream-blue';
/** What the function may call without changing anything: CloudFormation's reads, GetRole, each target's read. */
const READS = new Set([
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStacks',
  'iam:GetRole',
  ...withTarget.map((kind) => (kind.kind.target as KindTarget).calls.read),
]);
const tagsOf = (role: Json): Record<string, string> => role.tags;

/**
 * The event stream's role as a stack of `deploymentId` made it (undefined: as 2.x made it, without
 * the deployment tag), with the deployment's boundary: CloudFormation holds it as the resource's
 * physical id and the stream uses it.
 */
async function streamRoleMadeBy(deploymentId: string | undefined): Promise<string> {
  const roleArn = await handMadeRole(MANAGED_PATH, h.stackId, pinpoint.logicalId, {
    deploymentId,
    boundary: BOUNDARY_ARN,
  });
  await putForeignEventStream(h.direct, h.world.ApplicationId, h.world.KinesisStreamArn, roleArn);
  h.gateway.cloudformation.putResource(h.stackId, pinpoint.logicalId, pinpoint.type, { physicalId: roleArn });
  return roleArn;
}

describe('takeover needs AllowTakeover', () => {
  it.each(withTarget.map((k) => [k.label, k] as const))(
    '%s: ReplaceExistingStream "true" against another\'s target fails naming it and AllowTakeover, changing nothing',
    async (_k, kind) => {
      const owner = await kind.putForeignTarget();
      const before = await kind.target();
      h.gateway.reset();
      const played = await h.play(
        eventFor(kind, 'Create', h.stackId, { ResourceProperties: kind.props({ ReplaceExistingStream: 'true' }) }),
      );
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(
        /^ReplaceExistingStream: is "true", but .*AllowTakeover.*nothing was changed/,
      );
      // Reads only: CloudFormation's, the target's and the role it uses; no role made, nothing written.
      expect(
        h.gateway
          .authz()
          .map((r) => r.action)
          .filter((a) => !READS.has(a)),
      ).toEqual([]);
      expect(await kind.target()).toEqual(before);
      expect(await kind.targetRole()).toBe(owner);
    },
  );

  it.each(withTarget.map((k) => [k.label, k] as const))(
    '%s: ReplaceExistingStream "true" in a default deployment updates a target that is already its own (a 2.x stack)',
    async (_k, kind) => {
      const created = await h.play(eventFor(kind, 'Create', h.stackId));
      expectOneAnswer(created, 'SUCCESS');
      const replacing = { ReplaceExistingStream: 'true' };
      const updated = await h.play(
        updateOf(kind, h.stackId, created.response.PhysicalResourceId, kind.changed(replacing), kind.props(replacing)),
      );
      expectOneAnswer(updated, 'SUCCESS');
      expect(await kind.targetRole()).toBe(created.response.PhysicalResourceId);
    },
  );

  it.each(withTarget.map((k) => [k.label, k] as const))(
    '%s: with AllowTakeover, ReplaceExistingStream "true" takes the target over',
    async (_k, kind) => {
      await kind.putForeignTarget();
      const played = await h.play(
        eventFor(kind, 'Create', h.stackId, { ResourceProperties: kind.props({ ReplaceExistingStream: 'true' }) }),
        TAKEOVER_ALLOWED,
      );
      expectOneAnswer(played, 'SUCCESS');
      expect(await kind.targetRole()).toBe(played.response.PhysicalResourceId);
    },
  );
});

describe('the email sending role needs EnableEmailSendingRole', () => {
  it('Create and Update fail naming the parameter, before any AWS call; Delete still removes the role', async () => {
    const create = await h.play(eventFor(sendingRole, 'Create', h.stackId), EMAIL_SENDING_DISABLED);
    expectOneAnswer(create, 'FAILED');
    expect(create.response.Reason).toMatch(/EnableEmailSendingRole/);
    expect(h.gateway.calls()).toEqual([]);

    const made = await h.play(eventFor(sendingRole, 'Create', h.stackId));
    expectOneAnswer(made, 'SUCCESS');
    const roleArn = made.response.PhysicalResourceId;
    h.gateway.reset();
    const update = await h.play(updateOf(sendingRole, h.stackId, roleArn), EMAIL_SENDING_DISABLED);
    expectOneAnswer(update, 'FAILED');
    expect(update.response.Reason).toMatch(/EnableEmailSendingRole/);
    expect(h.gateway.calls()).toEqual([]);

    const del = await h.play(
      eventFor(sendingRole, 'Delete', h.stackId, { PhysicalResourceId: roleArn }),
      EMAIL_SENDING_DISABLED,
    );
    expectOneAnswer(del, 'SUCCESS');
    expect(await readRole(h.direct, roleNameOf(roleArn))).toBeUndefined();
  });
});

describe("each deployment's roles its own", () => {
  it('every role this deployment creates carries its deployment tag', async () => {
    const played = await h.play(eventFor(pinpoint, 'Create', h.stackId));
    expectOneAnswer(played, 'SUCCESS');
    const role = await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId));
    expect(tagsOf(role)[TAG_KEYS.deployment]).toBe(DEPLOYMENT_ID);
  });

  it("another deployment's role: an Update is FAILED, a Delete is SUCCESS, and both leave it", async () => {
    const roleArn = await streamRoleMadeBy(OTHER_DEPLOYMENT);
    const before = await snapshot(pinpoint, roleArn);
    const update = await h.play(updateOf(pinpoint, h.stackId, roleArn, pinpoint.props()));
    expectOneAnswer(update, 'FAILED');
    expect(update.response.Reason).toMatch(new RegExp(`it belongs to deployment ${OTHER_DEPLOYMENT}`));
    expect(await snapshot(pinpoint, roleArn)).toEqual(before);

    const del = await h.play(eventFor(pinpoint, 'Delete', h.stackId, { PhysicalResourceId: roleArn }));
    expectOneAnswer(del, 'SUCCESS');
    expect(await snapshot(pinpoint, roleArn)).toEqual(before);
    expect(warnings(del).map((l: Json) => `${l.message} ${l.why}`)).toContainEqual(
      expect.stringMatching(new RegExp(`not owned by this resource.*belongs to deployment ${OTHER_DEPLOYMENT}`)),
    );
  });

  it.each(all.map((k) => [k.label, k] as const))(
    '%s: refuses a RoleName that belongs to a role it does not own, and leaves that role alone',
    async (_k, kind) => {
      const { stackId } = freshStack();
      const name = `foreign-${randomUUID().slice(0, 8)}`;
      const properties = kind.props({ RoleName: name });
      // The trust the kind would give it: the role differs only in not being ours.
      const { trust } = await planFor(kind.type, properties, stackContext(stackId, kind.logicalId));
      await h.direct.iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }),
      );
      const before = await readRole(h.direct, name);
      const played = await h.play(eventFor(kind, 'Create', stackId, { ResourceProperties: properties }));
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/RoleName .*not owned/);
      const role = await readRole(h.direct, name);
      expect(role.tags).toEqual({});
      expect(role.policies).toEqual({});
      expect(role).toEqual(before);
      if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
    },
  );
});

describe('a role 2.x made (no deployment tag), after the upgrade', () => {
  it("is updated in place and tagged as this deployment's, then deleted with its stream", async () => {
    const roleArn = await streamRoleMadeBy(undefined);
    expect(tagsOf(await readRole(h.direct, roleNameOf(roleArn)))[TAG_KEYS.deployment]).toBeUndefined();
    const update = await h.play(updateOf(pinpoint, h.stackId, roleArn));
    expectOneAnswer(update, 'SUCCESS');
    expect(update.response.PhysicalResourceId).toBe(roleArn);
    const role = await readRole(h.direct, roleNameOf(roleArn));
    expect(tagsOf(role)[TAG_KEYS.deployment]).toBe(DEPLOYMENT_ID);
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toEqual({
      DestinationStreamArn: h.world.FirehoseStreamArn,
      RoleArn: roleArn,
    });

    const del = await h.play(eventFor(pinpoint, 'Delete', h.stackId, { PhysicalResourceId: roleArn }));
    expectOneAnswer(del, 'SUCCESS');
    expect(await readRole(h.direct, roleNameOf(roleArn))).toBeUndefined();
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
  });

  it('is deleted by a Delete that comes before any Update', async () => {
    const roleArn = await handMadeRole(MANAGED_PATH, h.stackId, pinpoint.logicalId, { boundary: BOUNDARY_ARN });
    h.gateway.cloudformation.putResource(h.stackId, pinpoint.logicalId, pinpoint.type, { physicalId: roleArn });
    const del = await h.play(eventFor(pinpoint, 'Delete', h.stackId, { PhysicalResourceId: roleArn }));
    expectOneAnswer(del, 'SUCCESS');
    expect(await readRole(h.direct, roleNameOf(roleArn))).toBeUndefined();
  });
});

everyCallAllowedByTheExecutionRole(() => h);
