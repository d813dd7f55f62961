import { describe, expect, it } from 'vitest';
import { SES_EVENT_TYPES } from '../../src/event-types.js';
import { INLINE_POLICY_NAME, RESOURCE_TYPES } from '../../src/names.js';
import { streamWriterPolicy } from '../../src/policies.js';
import {
  ACCOUNT,
  event,
  type Json,
  type RequestType,
  readEventDestinations,
  readRole,
  roleNameOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const ALL_TYPES = [...SES_EVENT_TYPES];

const h = useHarness();

const { ses } = h.kinds;
const props = (extra: Json = {}) => ses.props(extra);
/** An event of the SES event destination (its own type unless `fields` name the older spelling). */
const sesEvent = (type: RequestType, fields: Json) =>
  event(type, { ResourceType: RESOURCE_TYPES.sesEventDestination, LogicalResourceId: ses.logicalId, ...fields });
const create = (extra: Json = {}) =>
  h.play(sesEvent('Create', { StackId: h.stackId, ResourceProperties: props(extra) }));
const destination = async (name = ses.logicalId) =>
  (await readEventDestinations(h.viaGateway, h.world.ConfigurationSetName)).find((d: Json) => d.Name === name);
const update = (physicalId: string, after: Json, before: Json = props()) =>
  h.play(
    sesEvent('Update', {
      StackId: h.stackId,
      PhysicalResourceId: physicalId,
      ResourceProperties: after,
      OldResourceProperties: before,
    }),
  );
const remove = (physicalId: string) =>
  h.play(sesEvent('Delete', { StackId: h.stackId, PhysicalResourceId: physicalId, ResourceProperties: props() }));

// What every kind with a target does (its role, trust and permissions, Data, IAM propagation, a
// destination not its own, a missing configuration set, other SES errors, replacement, Delete):
// targets.test.ts; a redelivered Create: protocol.test.ts; how each property is read and refused, and
// the older spelling's choice between ApplicationId and ConfigurationSetName: the unit tests.
describe('Create', () => {
  it('by default, the destination is enabled for every event type, using the role', async () => {
    const { response } = await create();
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(await destination()).toEqual({
      Name: 'EmailEvents',
      Enabled: true,
      MatchingEventTypes: ALL_TYPES,
      KinesisFirehoseDestination: {
        DeliveryStreamArn: h.world.FirehoseStreamArn,
        IamRoleArn: response.PhysicalResourceId,
      },
    });
  });

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
    expect(role.policies).toEqual({
      [INLINE_POLICY_NAME]: streamWriterPolicy({ kind: 'firehose', arn: h.world.FirehoseStreamArn }, key),
    });
  });
});

describe('Update and Delete', () => {
  it('event types and Enabled change in place', async () => {
    const created = (await create()).response;
    const updated = (
      await update(created.PhysicalResourceId, props({ MatchingEventTypes: ['SEND'], Enabled: 'false' }))
    ).response;
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await destination()).toMatchObject({ Enabled: false, MatchingEventTypes: ['SEND'] });
  });

  it('a Delete succeeds when the configuration set is already gone, and removes the role', async () => {
    const created = (await create()).response;
    h.gateway.inject(
      (c: Json) => c.action === 'ses:GetConfigurationSetEventDestinations',
      { status: 404, code: 'NotFoundException', message: 'Configuration set does not exist' },
      1,
    );
    const del = (await remove(created.PhysicalResourceId)).response;
    expect(del.Status, del.Reason).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
  });
});

everyCallAllowedByTheExecutionRole(() => h);
