// The BUILT bundle against moto (behind the local gateway): Custom::PinpointEventStream with
// ApplicationId, Update (in place and by replacement) and Delete, then real state read back.

import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  event,
  putForeignEventStream,
  readEventStream,
  readRole,
  roleNameOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { expectedTrust, pinpointHelpers } from './support/pinpoint.js';

const h = useHarness();
const { props, createStream } = pinpointHelpers(h);

describe('Update', () => {
  it(
    "updates in place: destination and tags change on the same role, which keeps the deployment's " + 'boundary',
    async () => {
      const boundary = `arn:aws:iam::${ACCOUNT}:policy/pinpoint-event-stream-role-boundary`;
      const before = props({
        Tags: [
          { Key: 'team', Value: 'messaging' },
          { Key: 'cost-centre', Value: '1234' },
        ],
      });
      const created = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: before }))).response;
      expect(created.Status, created.Reason).toBe('SUCCESS');
      expect((await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).permissionsBoundary).toBe(boundary);

      const after = props({ DestinationStreamArn: h.world.FirehoseStreamArn, Tags: [{ Key: 'team', Value: 'email' }] });
      const updated = (
        await h.play(
          event('Update', {
            StackId: h.stackId,
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
      expect(role.tags['pinpoint-event-stream:stack-id']).toBe(h.stackId);
      expect(role.permissionsBoundary).toBe(boundary);
      expect(role.policies['pinpoint-event-stream'].Statement[0].Resource).toBe(h.world.FirehoseStreamArn);
      expect(await readEventStream(h.direct, h.world.ApplicationId)).toEqual({
        DestinationStreamArn: h.world.FirehoseStreamArn,
        RoleArn: created.PhysicalResourceId,
      });
    },
  );

  it(
    'replaces on an ApplicationId change; the Delete of the old resource removes only the old stream ' + 'and role',
    async () => {
      const other = await h.seed({ streams: h.streams });
      const before = props();
      const created = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: before }))).response;
      const after = props({ ApplicationId: other.ApplicationId });
      const updated = (
        await h.play(
          event('Update', {
            StackId: h.stackId,
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
            StackId: h.stackId,
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: before,
          }),
        )
      ).response;
      expect(cleanup.Status).toBe('SUCCESS');
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
      expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
      expect((await readEventStream(h.direct, other.ApplicationId))?.RoleArn).toBe(updated.PhysicalResourceId);
    },
  );

  it('replaces on a RoleName change; deleting the old role keeps the stream, which now uses the new role', async () => {
    const before = props({ RoleName: `events-a-${Date.now()}` });
    const created = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: before }))).response;
    const after = props({ RoleName: `events-b-${Date.now()}` });
    const updated = (
      await h.play(
        event('Update', {
          StackId: h.stackId,
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(roleNameOf(updated.PhysicalResourceId)).toBe(after.RoleName);
    await h.play(
      event('Delete', {
        StackId: h.stackId,
        PhysicalResourceId: created.PhysicalResourceId,
        ResourceProperties: before,
      }),
    );
    expect(await readRole(h.direct, before.RoleName)).toBeUndefined();
    expect((await readEventStream(h.direct, h.world.ApplicationId))?.RoleArn).toBe(updated.PhysicalResourceId);
  });

  it('replaces on a RolePath change with a generated name', async () => {
    const before = props();
    const created = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: before }))).response;
    const after = props({ RolePath: '/messaging/' });
    const updated = (
      await h.play(
        event('Update', {
          StackId: h.stackId,
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

  it(
    'fails naming RoleName when a replacement would need the same fixed name, and CloudFormation can still ' +
      'roll back',
    async () => {
      const other = await h.seed({ streams: h.streams });
      const before = props({ RoleName: `fixed-${Date.now()}` });
      const created = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: before }))).response;
      const after = { ...before, ApplicationId: other.ApplicationId };
      const failed = (
        await h.play(
          event('Update', {
            StackId: h.stackId,
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
            StackId: h.stackId,
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: before,
            OldResourceProperties: after,
          }),
        )
      ).response;
      expect(rollback.Status, rollback.Reason).toBe('SUCCESS');
      expect(rollback.PhysicalResourceId).toBe(created.PhysicalResourceId);
    },
  );
});

describe('Delete', () => {
  it('removes the stream and the role, and a second Delete still succeeds', async () => {
    const created = (await createStream()).response;
    const del = event('Delete', {
      StackId: h.stackId,
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: props(),
    });
    expect((await h.play(del)).response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeUndefined();
    const again = (await h.play(del)).response;
    expect(again.Status).toBe('SUCCESS');
    expect(again.PhysicalResourceId).toBe(created.PhysicalResourceId);
  });

  it('leaves a stream that another resource pointed elsewhere since', async () => {
    const created = (await createStream()).response;
    const foreign = `arn:aws:iam::${ACCOUNT}:role/someone-elses-role`;
    await putForeignEventStream(h.direct, h.world.ApplicationId, h.world.FirehoseStreamArn, foreign);
    expect(
      (
        await h.play(
          event('Delete', {
            StackId: h.stackId,
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: props(),
          }),
        )
      ).response.Status,
    ).toBe('SUCCESS');
    expect((await readEventStream(h.direct, h.world.ApplicationId))?.RoleArn).toBe(foreign);
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
  });

  it.each([
    ['an invented physical id', 'EventStream-create-failed-8f1c'],
    ['a role ARN of another account', 'arn:aws:iam::999999999999:role/x'],
  ])('succeeds for %s without touching anything', async (_, physicalId) => {
    await putForeignEventStream(
      h.direct,
      h.world.ApplicationId,
      h.world.KinesisStreamArn,
      physicalId.startsWith('arn:') ? physicalId : `arn:aws:iam::${ACCOUNT}:role/x`,
    );
    const before = h.gateway.calls().length;
    const { response } = await h.play(
      event('Delete', { StackId: h.stackId, PhysicalResourceId: physicalId, ResourceProperties: props() }),
    );
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(physicalId);
    expect(h.gateway.calls().slice(before)).toEqual([]);
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toBeDefined();
  });

  it('does not delete a role of this account that carries no ownership tags for this resource', async () => {
    const name = `foreign-${Date.now()}`;
    const { Role } = await h.direct.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(expectedTrust('x')) }),
    );
    await putForeignEventStream(h.direct, h.world.ApplicationId, h.world.KinesisStreamArn, Role!.Arn!);
    const { response } = await h.play(
      event('Delete', { StackId: h.stackId, PhysicalResourceId: Role!.Arn!, ResourceProperties: props() }),
    );
    expect(response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, name)).toBeDefined();
    expect((await readEventStream(h.direct, h.world.ApplicationId))?.RoleArn).toBe(Role!.Arn!);
  });

  it('a Delete for a Create that failed validation succeeds touching nothing', async () => {
    const bad = { ...props(), DestinationStreamARN: 'typo' };
    const failed = (await h.play(event('Create', { StackId: h.stackId, ResourceProperties: bad }))).response;
    expect(failed.Status).toBe('FAILED');
    const before = h.gateway.calls().length;
    const del = (
      await h.play(
        event('Delete', { StackId: h.stackId, PhysicalResourceId: failed.PhysicalResourceId, ResourceProperties: bad }),
      )
    ).response;
    expect(del.Status).toBe('SUCCESS');
    expect(h.gateway.calls().slice(before)).toEqual([]);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
