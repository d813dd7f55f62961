// The BUILT bundle: Custom::PinpointEventStream with ConfigurationSetName. IAM, the
// configuration sets and Firehose are moto's; the event destinations themselves are the
// gateway's documented stand-in (moto 5.2.1 has no SES v2 event destinations).

import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateConfigurationSetEventDestinationCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SES_EVENT_TYPES } from '../../src/event-types.js';
import { INLINE_POLICY_NAME, RESOURCE_TYPES } from '../../src/names.js';
import { sesTrust, streamWriterPolicy } from '../../src/policies.js';
import { stackContext } from '../../src/stack.js';
import {
  ACCOUNT,
  event,
  type HarnessPlayOptions,
  type Json,
  type RequestType,
  readEventDestinations,
  readRole,
  roleNameOf,
  TAKEOVER_ALLOWED,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const ALL_TYPES = [...SES_EVENT_TYPES];

const h = useHarness();

const props = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.ConfigurationSetName,
  DestinationStreamArn: h.world.FirehoseStreamArn,
  ...extra,
});
/** An event of the SES event destination (its own type unless `fields` name the older spelling). */
const sesEvent = (type: RequestType, fields: Json) =>
  event(type, { ResourceType: RESOURCE_TYPES.sesEventDestination, LogicalResourceId: 'EmailEvents', ...fields });
const create = (extra: Json = {}, options: HarnessPlayOptions = {}) =>
  h.play(sesEvent('Create', { StackId: h.stackId, ResourceProperties: props(extra) }), options);
const destination = async (name = 'EmailEvents') =>
  (await readEventDestinations(h.viaGateway, h.world.ConfigurationSetName)).find((d: Json) => d.Name === name);

/** Puts a destination that uses someone else's role, straight into the stand-in. */
async function foreignDestination(name: string) {
  const roleName = `ses-foreign-${Date.now()}`;
  const { Role } = await h.direct.iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  h.gateway.ses.putDestination(h.world.ConfigurationSetName, {
    Name: name,
    Enabled: true,
    MatchingEventTypes: ['SEND'],
    KinesisFirehoseDestination: { DeliveryStreamArn: h.world.FirehoseStreamArn, IamRoleArn: Role!.Arn },
  });
  return Role!.Arn as string;
}

describe('Create', () => {
  it(
    'creates the SES role with exactly the documented policies and the destination with every event type by ' +
      'default',
    async () => {
      const { response, responses } = await create();
      expect(responses).toHaveLength(1);
      expect(response.Status, response.Reason).toBe('SUCCESS');
      expect(response.Data).toEqual({
        RoleArn: response.PhysicalResourceId,
        RoleName: roleNameOf(response.PhysicalResourceId),
        ConfigurationSetName: h.world.ConfigurationSetName,
        EventDestinationName: 'EmailEvents',
      });
      // The documents are the builders' (pinned by the policies' unit tests); here: IAM holds exactly them.
      const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
      expect(role.trust).toEqual(sesTrust(stackContext(h.stackId, 'EmailEvents')));
      expect(role.policies).toEqual({
        [INLINE_POLICY_NAME]: streamWriterPolicy({ kind: 'firehose', arn: h.world.FirehoseStreamArn }, undefined),
      });
      expect(await destination()).toEqual({
        Name: 'EmailEvents',
        Enabled: true,
        MatchingEventTypes: ALL_TYPES,
        KinesisFirehoseDestination: {
          DeliveryStreamArn: h.world.FirehoseStreamArn,
          IamRoleArn: response.PhysicalResourceId,
        },
      });
    },
  );

  it(
    'behaves the same under the older spelling, Custom::PinpointEventStream with ConfigurationSetName: ' +
      'Create, Update and Delete',
    async () => {
      const alias = (type: RequestType, fields: Json) =>
        h.play(sesEvent(type, { ResourceType: RESOURCE_TYPES.pinpointEventStream, StackId: h.stackId, ...fields }));
      const created = (await alias('Create', { ResourceProperties: props() })).response;
      expect(created.Status, created.Reason).toBe('SUCCESS');
      expect((await destination())?.KinesisFirehoseDestination.IamRoleArn).toBe(created.PhysicalResourceId);
      const updated = (
        await alias('Update', {
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: props({ MatchingEventTypes: ['BOUNCE'] }),
          OldResourceProperties: props(),
        })
      ).response;
      expect(updated.Status, updated.Reason).toBe('SUCCESS');
      expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect((await destination())?.MatchingEventTypes).toEqual(['BOUNCE']);
      const deleted = (
        await alias('Delete', { PhysicalResourceId: created.PhysicalResourceId, ResourceProperties: props() })
      ).response;
      expect(deleted.Status, deleted.Reason).toBe('SUCCESS');
      expect(await destination()).toBeUndefined();
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    },
  );

  it('takes EventDestinationName, MatchingEventTypes, Enabled "false" and KmsKeyArn', async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { response } = await create({
      EventDestinationName: 'to-lake',
      MatchingEventTypes: ['SEND', 'BOUNCE'],
      Enabled: 'false',
      KmsKeyArn: key,
    });
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(response.Data.EventDestinationName).toBe('to-lake');
    expect(await destination('to-lake')).toMatchObject({ Enabled: false, MatchingEventTypes: ['SEND', 'BOUNCE'] });
    const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
    expect(role.policies['pinpoint-event-stream'].Statement[1]).toEqual({
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: key,
    });
  });

  it("waits out IAM propagation on SES's own messages", async () => {
    h.gateway.iam.propagationDelayMs = 2000;
    const { response } = await create();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(h.gateway.count('ses:CreateConfigurationSetEventDestination')).toBeGreaterThan(1);
  });

  it('is idempotent: a redelivered Create updates the destination it already made', async () => {
    const e = sesEvent('Create', { StackId: h.stackId, LogicalResourceId: 'EmailEvents', ResourceProperties: props() });
    const first = (await h.play(e)).response;
    const second = (await h.play(e)).response;
    expect(second.Status, second.Reason).toBe('SUCCESS');
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(h.gateway.count('ses:UpdateConfigurationSetEventDestination')).toBe(1);
  });

  it(
    'refuses to overwrite a destination of the same name that it does not own, unless ReplaceExistingStream is ' +
      '"true"',
    async () => {
      const foreign = await foreignDestination('EmailEvents');
      const refused = (await create()).response;
      expect(refused.Status).toBe('FAILED');
      expect(refused.Reason).toMatch(/event destination EmailEvents .*not owned.*ReplaceExistingStream/);
      expect((await destination())?.KinesisFirehoseDestination.IamRoleArn).toBe(foreign);
      expect(await readRole(h.direct, roleNameOf(refused.PhysicalResourceId))).toBeUndefined();
      const replaced = (await create({ ReplaceExistingStream: 'true' }, TAKEOVER_ALLOWED)).response;
      expect(replaced.Status, replaced.Reason).toBe('SUCCESS');
      expect((await destination())?.KinesisFirehoseDestination.IamRoleArn).toBe(replaced.PhysicalResourceId);
    },
  );

  it('names ConfigurationSetName when the configuration set does not exist, and leaves no role', async () => {
    const { response } = await create({ ConfigurationSetName: 'no-such-set' });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^ConfigurationSetName: SES configuration set no-such-set does not exist/);
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it('does not retry other SES errors as propagation', async () => {
    h.gateway.inject(
      (c: Json) => c.action === 'ses:CreateConfigurationSetEventDestination',
      { status: 400, code: 'BadRequestException', message: 'Invalid event type' },
      10,
    );
    const { response } = await create();
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(
      'ses:CreateConfigurationSetEventDestination failed: BadRequestException: Invalid event type',
    );
    expect(h.gateway.count('ses:CreateConfigurationSetEventDestination')).toBe(1);
  });
});

describe('bad input', () => {
  it.each([
    [
      'a Kinesis stream',
      { DestinationStreamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s` },
      new RegExp(
        '^DestinationStreamArn: kinesis streams are not supported here ' +
          '\\(SES event destinations write to Firehose delivery streams only\\)',
      ),
    ],
    [
      'an unknown event type',
      { MatchingEventTypes: ['SEND', 'OPENED'] },
      /^MatchingEventTypes: "OPENED" is not an event type; accepted: SEND, REJECT/,
    ],
    ['event types as one string', { MatchingEventTypes: 'SEND' }, /^MatchingEventTypes: must be a non-empty list/],
    ['Enabled that is not a boolean', { Enabled: 'on' }, /^Enabled: /],
    ['a bad EventDestinationName', { EventDestinationName: 'has space' }, /^EventDestinationName: /],
    [
      'an ApplicationId (the SES type takes the SES properties only)',
      { ApplicationId: 'abc' },
      /^ApplicationId: unknown/,
    ],
    [
      'a property of another shape',
      { Identities: ['example.com'] },
      /^Identities: unknown property; accepted: .*ConfigurationSetName/,
    ],
  ])('%s gives FAILED naming the property, and no AWS call', async (_, extra, reason) => {
    const { response } = await create(extra);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.calls()).toEqual([]);
  });

  it('under the older spelling, ApplicationId and ConfigurationSetName together fail naming both', async () => {
    const { response } = await h.play(
      sesEvent('Create', {
        ResourceType: RESOURCE_TYPES.pinpointEventStream,
        StackId: h.stackId,
        ResourceProperties: props({ ApplicationId: 'abc' }),
      }),
    );
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^ApplicationId, ConfigurationSetName: .*exactly one/);
    expect(h.gateway.calls()).toEqual([]);
  });
});

describe('Update and Delete', () => {
  it('updates in place with UpdateConfigurationSetEventDestination', async () => {
    const before = props();
    const created = (await create()).response;
    const after = props({ MatchingEventTypes: ['SEND'], Enabled: 'false' });
    const updated = (
      await h.play(
        sesEvent('Update', {
          StackId: h.stackId,
          LogicalResourceId: 'EmailEvents',
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(h.gateway.count('ses:UpdateConfigurationSetEventDestination')).toBe(1);
    expect(await destination()).toMatchObject({ Enabled: false, MatchingEventTypes: ['SEND'] });
  });

  it.each([
    ['EventDestinationName', { EventDestinationName: 'renamed' }],
    ['ConfigurationSetName', 'other-set'],
  ])('replaces on a %s change; the old destination goes with the old resource', async (property, change) => {
    const before = props();
    const created = (await create()).response;
    let after: Json;
    if (change === 'other-set') {
      const other = await h.seed({ streams: h.streams });
      after = props({ ConfigurationSetName: other.ConfigurationSetName });
    } else after = props(change);
    const updated = (
      await h.play(
        sesEvent('Update', {
          StackId: h.stackId,
          LogicalResourceId: 'EmailEvents',
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: after,
          OldResourceProperties: before,
        }),
      )
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId, property).not.toBe(created.PhysicalResourceId);
    const del = (
      await h.play(
        sesEvent('Delete', {
          StackId: h.stackId,
          LogicalResourceId: 'EmailEvents',
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: before,
        }),
      )
    ).response;
    expect(del.Status).toBe('SUCCESS');
    expect(await destination()).toBeUndefined();
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect(await readRole(h.direct, roleNameOf(updated.PhysicalResourceId))).toBeDefined();
  });

  it("deletes the destination only while it uses this resource's role; a second Delete succeeds", async () => {
    const created = (await create()).response;
    const del = sesEvent('Delete', {
      StackId: h.stackId,
      LogicalResourceId: 'EmailEvents',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: props(),
    });
    expect((await h.play(del)).response.Status).toBe('SUCCESS');
    expect(await destination()).toBeUndefined();
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect((await h.play(del)).response.Status).toBe('SUCCESS');
  });

  it('leaves a same-named destination that now uses another role', async () => {
    const created = (await create()).response;
    const foreign = await foreignDestination('EmailEvents');
    expect(
      (
        await h.play(
          sesEvent('Delete', {
            StackId: h.stackId,
            LogicalResourceId: 'EmailEvents',
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: props(),
          }),
        )
      ).response.Status,
    ).toBe('SUCCESS');
    expect((await destination())?.KinesisFirehoseDestination.IamRoleArn).toBe(foreign);
  });

  it('succeeds when the configuration set is already gone', async () => {
    const created = (await create()).response;
    h.gateway.inject(
      (c: Json) => c.action === 'ses:GetConfigurationSetEventDestinations',
      { status: 404, code: 'NotFoundException', message: 'Configuration set does not exist' },
      1,
    );
    const del = (
      await h.play(
        sesEvent('Delete', {
          StackId: h.stackId,
          LogicalResourceId: 'EmailEvents',
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: props(),
        }),
      )
    ).response;
    expect(del.Status, del.Reason).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
  });
});

describe('the stand-in itself', () => {
  it('answers like SES when the role cannot write to the stream (so a wrong policy cannot pass)', async () => {
    const { Role } = await h.direct.iam.send(
      new CreateRoleCommand({
        RoleName: `no-policy-${Date.now()}`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await expect(
      h.viaGateway.ses.send(
        new CreateConfigurationSetEventDestinationCommand({
          ConfigurationSetName: h.world.ConfigurationSetName,
          EventDestinationName: 'probe',
          EventDestination: {
            Enabled: true,
            MatchingEventTypes: ['SEND'],
            KinesisFirehoseDestination: { DeliveryStreamArn: h.world.FirehoseStreamArn, IamRoleArn: Role!.Arn },
          },
        }),
      ),
    ).rejects.toThrow(/Could not access Kinesis Firehose Stream .* using IAM role/);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
