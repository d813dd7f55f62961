// The BUILT bundle against moto: Custom::PinpointEmailSendingRole (role only, no service call).
import { describe, expect, it } from 'vitest';
import { ACCOUNT, event, type Json, readRole, roleNameOf, useHarness } from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const TYPE = 'Custom::PinpointEmailSendingRole';

const h = useHarness({ world: false, stackName: 'sending' });

const play = (type: 'Create' | 'Update' | 'Delete', fields: Json) =>
  h
    .play(event(type, { StackId: h.stackId, ResourceType: TYPE, LogicalResourceId: 'SendingRole', ...fields }))
    .then((p) => p.response);

const sendPolicy = (resources: string[]) => ({
  'pinpoint-event-stream': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ses:SendEmail', 'ses:SendRawEmail'], Resource: resources }],
  },
});
const arn = (resource: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:${resource}`;

describe(TYPE, () => {
  it(
    'creates the sending role: Pinpoint trust for this account, send on every ' +
      'identity and configuration set by default',
    async () => {
      const response = await play('Create', { ResourceProperties: {} });
      expect(response.Status, response.Reason).toBe('SUCCESS');
      expect(response.Data).toEqual({
        RoleArn: response.PhysicalResourceId,
        RoleName: roleNameOf(response.PhysicalResourceId),
      });
      // Role only: IAM, and CloudFormation to verify the event; no Pinpoint or SES call.
      expect(
        h.gateway
          .authz()
          .map((r) => r.action.split(':')[0])
          .filter((service) => service !== 'iam' && service !== 'cloudformation'),
      ).toEqual([]);
      const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
      expect(role.trust).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pinpoint.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          },
        ],
      });
      expect(role.policies).toEqual(sendPolicy([arn('identity/*'), arn('configuration-set/*')]));
    },
  );

  it('narrows to the named identities and configuration sets, in place on Update', async () => {
    const before = { Identities: ['example.com'] };
    const created = await play('Create', { ResourceProperties: before });
    expect((await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).policies).toEqual(
      sendPolicy([arn('identity/example.com'), arn('configuration-set/*')]),
    );
    const after = { Identities: ['example.com', 'news@example.org'], ConfigurationSets: ['marketing'] };
    const updated = await play('Update', {
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: after,
      OldResourceProperties: before,
    });
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect((await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).policies).toEqual(
      sendPolicy([arn('identity/example.com'), arn('identity/news@example.org'), arn('configuration-set/marketing')]),
    );
  });

  it('replaces on a RoleName change and deletes only its own role', async () => {
    const before = { RoleName: `sending-a-${Date.now()}` };
    const created = await play('Create', { ResourceProperties: before });
    const after = { RoleName: `sending-b-${Date.now()}` };
    const updated = await play('Update', {
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: after,
      OldResourceProperties: before,
    });
    expect(roleNameOf(updated.PhysicalResourceId)).toBe(after.RoleName);
    expect(
      (await play('Delete', { PhysicalResourceId: created.PhysicalResourceId, ResourceProperties: before })).Status,
    ).toBe('SUCCESS');
    expect(await readRole(h.direct, before.RoleName)).toBeUndefined();
    expect(await readRole(h.direct, after.RoleName)).toBeDefined();
    expect(
      (await play('Delete', { PhysicalResourceId: updated.PhysicalResourceId, ResourceProperties: after })).Status,
    ).toBe('SUCCESS');
    expect(await readRole(h.direct, after.RoleName)).toBeUndefined();
  });

  it.each([
    ['a wildcard identity', { Identities: ['*'] }, /^Identities: "\*" is not an email address or domain/],
    ['an identity smuggling an ARN', { Identities: ['example.com/*'] }, /^Identities: /],
    ['a wildcard configuration set', { ConfigurationSets: ['market*'] }, /^ConfigurationSets: /],
    ['an empty list', { Identities: [] }, /^Identities: must be a non-empty list/],
    [
      'a property of the event-stream shapes',
      { ApplicationId: 'abc' },
      /^ApplicationId: unknown property; accepted: RoleName, RolePath, Tags, Identities, ConfigurationSets/,
    ],
  ])('%s gives FAILED naming the property, and no AWS call', async (_, properties, reason) => {
    const response = await play('Create', { ResourceProperties: properties });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.calls()).toEqual([]);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
