// The BUILT bundle: Custom::SmsVoiceEventDestination. IAM, Firehose and CloudWatch Logs are moto's;
// AWS End User Messaging SMS and voice v2 and CloudFormation's DescribeStackResource are the
// gateway's documented stand-ins (moto 5.2.1 has neither), with the real API's shapes and errors.
import { describe, expect, it } from 'vitest';
import { INLINE_POLICY_NAME } from '../../src/names.js';
import { smsLogsPolicy } from '../../src/policies.js';
import {
  ACCOUNT,
  eventFor,
  type HarnessPlayOptions,
  type Json,
  putForeignSmsEventDestination,
  readRole,
  readSmsEventDestinations,
  roleNameOf,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const h = useHarness({ stackName: 'sms' });
const { sms } = h.kinds;

const firehose = (extra: Json = {}) => sms.props(extra);
const logs = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.SmsConfigurationSetName,
  LogGroupArn: h.world.LogGroupArn,
  ...extra,
});
const create = (properties: Json, options: HarnessPlayOptions = {}) =>
  h.play(eventFor(sms, 'Create', h.stackId, { ResourceProperties: properties }), options).then((p) => p.response);
const update = (physicalId: string, properties: Json, old: Json) =>
  h.play(updateOf(sms, h.stackId, physicalId, properties, old)).then((p) => p.response);
const destinations = () => readSmsEventDestinations(h.viaGateway, h.world.SmsConfigurationSetName);
const destination = async (name = sms.logicalId) =>
  (await destinations()).find((d: Json) => d.EventDestinationName === name);
const logGroup = () => String(h.world.LogGroupArn).replace(/:\*$/, '');
const roleOf = (arn: string): Promise<Json> => readRole(h.direct, roleNameOf(arn));

// What every kind with a target does (its role, trust and permissions, Data, IAM propagation, a
// destination not its own, a missing configuration set, replacement, Delete): targets.test.ts. How
// each property is read and refused: the kind's unit tests.
describe('Create', () => {
  it('to Firehose: the destination enabled, for every event type (ALL), using the role', async () => {
    const response = await create(firehose());
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(await destination()).toEqual({
      EventDestinationName: sms.logicalId,
      Enabled: true,
      MatchingEventTypes: ['ALL'],
      KinesisFirehoseDestination: {
        DeliveryStreamArn: h.world.FirehoseStreamArn,
        IamRoleArn: response.PhysicalResourceId,
      },
    });
  });

  it('to a CloudWatch Logs log group (trailing :* accepted): the logs policy on its streams', async () => {
    const response = await create(logs({ MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'VOICE_COMPLETED'] }));
    expect(response.Status, response.Reason).toBe('SUCCESS');
    const role = await roleOf(response.PhysicalResourceId);
    expect(role.policies).toEqual({ [INLINE_POLICY_NAME]: smsLogsPolicy(logGroup()) });
    expect(await destination()).toMatchObject({
      MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'VOICE_COMPLETED'],
      CloudWatchLogsDestination: { LogGroupArn: logGroup(), IamRoleArn: response.PhysicalResourceId },
    });
  });

  it('Enabled "false" leaves the destination disabled; EventDestinationName is taken', async () => {
    const response = await create(firehose({ Enabled: 'false', EventDestinationName: 'to-lake' }));
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(response.Data.EventDestinationName).toBe('to-lake');
    expect(await destination('to-lake')).toMatchObject({ Enabled: false });
  });

  it('an event type the service rejects fails naming MatchingEventTypes, and leaves no role', async () => {
    // The model knows the type is not one of its enum: the request goes out anyway, as the function
    // passes event types through (the service keeps adding them) and lets the service answer.
    const response = await create(firehose({ MatchingEventTypes: ['TEXT_TELEPATHY'] }), {
      acceptModelViolation: (v) => v.rule === 'enum' && v.member === 'MatchingEventTypes[0]',
    });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^MatchingEventTypes: rejected by AWS End User Messaging SMS and voice/);
    expect(await roleOf(response.PhysicalResourceId)).toBeUndefined();
  });

  it('the sixth destination of a configuration set fails saying the limit is 5, and leaves no role', async () => {
    for (let n = 1; n <= 5; n++) {
      await putForeignSmsEventDestination(h.direct, {
        viaGateway: h.viaGateway,
        configurationSetName: h.world.SmsConfigurationSetName,
        eventDestinationName: `other-${n}`,
        destinationStreamArn: h.world.FirehoseStreamArn,
      });
    }
    const response = await create(firehose());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^ConfigurationSetName: .*most event destinations the service allows \(5\)/);
    expect(await roleOf(response.PhysicalResourceId)).toBeUndefined();
  });

  it('in aws-cn: FAILED saying the service is not offered there', async () => {
    const cn = `arn:aws-cn:cloudformation:cn-north-1:${ACCOUNT}:stack/sms/${h.stackId.split('/').pop()}`;
    // As deployed there: the function runs in cn-north-1 (CloudFormation only invokes it from its own Region).
    const properties = { ConfigurationSetName: 'x', LogGroupArn: `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:g` };
    const played = await h.play(eventFor(sms, 'Create', cn, { ResourceProperties: properties }), {
      env: { AWS_REGION: 'cn-north-1' },
    });
    const response = played.response;
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('not offered in partition aws-cn');
  });
});

describe('Update', () => {
  it(
    'switches from Firehose to a log group in place: same role, new policy, the ' +
      'destination recreated under the same name',
    async () => {
      const created = await create(firehose());
      const updated = await update(created.PhysicalResourceId, logs(), firehose());
      expect(updated.Status, updated.Reason).toBe('SUCCESS');
      expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect(await destination()).toEqual({
        EventDestinationName: sms.logicalId,
        Enabled: true,
        MatchingEventTypes: ['ALL'],
        CloudWatchLogsDestination: { LogGroupArn: logGroup(), IamRoleArn: created.PhysicalResourceId },
      });
      const role = await roleOf(created.PhysicalResourceId);
      expect(role.policies).toEqual({ [INLINE_POLICY_NAME]: smsLogsPolicy(logGroup()) });
      expect(h.gateway.count('sms-voice:DeleteEventDestination')).toBe(1);
    },
  );

  it('event types and Enabled change in place with UpdateEventDestination', async () => {
    const created = await create(firehose());
    const updated = await update(
      created.PhysicalResourceId,
      firehose({ MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'], Enabled: 'false' }),
      firehose(),
    );
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await destination()).toMatchObject({ Enabled: false, MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'] });
    expect(h.gateway.count('sms-voice:DeleteEventDestination')).toBe(0);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
