// The BUILT bundle: Custom::SmsVoiceEventDestination. IAM, Firehose and CloudWatch Logs are moto's;
// AWS End User Messaging SMS and voice v2 and CloudFormation's DescribeStackResource are the
// gateway's documented stand-ins (moto 5.2.1 has neither), with the real API's shapes and errors.
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  event,
  type HarnessPlayOptions,
  type Json,
  putForeignSmsEventDestination,
  readRole,
  readSmsEventDestinations,
  roleNameOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const TYPE = 'Custom::SmsVoiceEventDestination';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/pinpoint-event-stream-role-boundary`;

const h = useHarness({ stackName: 'sms' });

const firehose = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.SmsConfigurationSetName,
  DestinationStreamArn: h.world.FirehoseStreamArn,
  ...extra,
});
const logs = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.SmsConfigurationSetName,
  LogGroupArn: h.world.LogGroupArn,
  ...extra,
});
const fields = (extra: Json) => ({ StackId: h.stackId, ResourceType: TYPE, LogicalResourceId: 'SmsEvents', ...extra });
const create = (properties: Json, extra: Json = {}, options: HarnessPlayOptions = {}) =>
  h.play(event('Create', fields({ ResourceProperties: properties, ...extra })), options).then((p) => p.response);
const update = (physicalId: string, properties: Json, old: Json) =>
  h
    .play(
      event(
        'Update',
        fields({ PhysicalResourceId: physicalId, ResourceProperties: properties, OldResourceProperties: old }),
      ),
    )
    .then((p) => p.response);
const destinations = () => readSmsEventDestinations(h.viaGateway, h.world.SmsConfigurationSetName);
const destination = async (name = 'SmsEvents') =>
  (await destinations()).find((d: Json) => d.EventDestinationName === name);
const logGroup = () => String(h.world.LogGroupArn).replace(/:\*$/, '');

// What every kind with a target does (its role, trust and permissions, Data, IAM propagation, a
// destination not its own, a missing configuration set, replacement, Delete): targets.test.ts.
describe('Create', () => {
  it('to Firehose: the destination enabled, for every event type (ALL), using the role', async () => {
    const response = await create(firehose());
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(await destination()).toEqual({
      EventDestinationName: 'SmsEvents',
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
    const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
    expect(role.policies['pinpoint-event-stream']).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: `${logGroup()}:*`,
        },
      ],
    });
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
    const response = await create(
      firehose({ MatchingEventTypes: ['TEXT_TELEPATHY'] }),
      {},
      {
        acceptModelViolation: (v) => v.rule === 'enum' && v.member === 'MatchingEventTypes[0]',
      },
    );
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^MatchingEventTypes: rejected by AWS End User Messaging SMS and voice/);
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
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
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it.each([
    ['both destinations', () => firehose({ LogGroupArn: h.world.LogGroupArn }), /^DestinationStreamArn, LogGroupArn: /],
    ['no destination', () => ({ ConfigurationSetName: h.world.SmsConfigurationSetName }), /^DestinationStreamArn: /],
    [
      'a Kinesis data stream',
      () => firehose({ DestinationStreamArn: h.streams.KinesisStreamArn }),
      /^DestinationStreamArn: .*Firehose delivery streams only/,
    ],
    [
      'a configuration set ARN instead of its name',
      () => firehose({ ConfigurationSetName: `arn:aws:sms-voice:us-east-1:${ACCOUNT}:configuration-set/x` }),
      /^ConfigurationSetName: /,
    ],
    ['a lower-case event type', () => firehose({ MatchingEventTypes: ['text_delivered'] }), /^MatchingEventTypes: /],
    [
      'a KmsKeyArn (not a property of this kind)',
      () => firehose({ KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
      /^KmsKeyArn: unknown property/,
    ],
    [
      'PermissionsBoundary',
      () => firehose({ PermissionsBoundary: BOUNDARY }),
      /^PermissionsBoundary: .*PermissionsBoundaryArn/,
    ],
  ])('bad input (%s) fails naming the property, before any AWS call', async (_label, properties, reason) => {
    const response = await create(properties());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.authz().map((r) => r.action)).toEqual([]);
  });

  it('in aws-cn: FAILED saying the service is not offered there', async () => {
    const cn = `arn:aws-cn:cloudformation:cn-north-1:${ACCOUNT}:stack/sms/${h.stackId.split('/').pop()}`;
    // As deployed there: the function runs in cn-north-1 (CloudFormation only invokes it from its own Region).
    const played = await h.play(
      event(
        'Create',
        fields({
          StackId: cn,
          ResourceProperties: {
            ConfigurationSetName: 'x',
            LogGroupArn: `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:g`,
          },
        }),
      ),
      { env: { AWS_REGION: 'cn-north-1' } },
    );
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
        EventDestinationName: 'SmsEvents',
        Enabled: true,
        MatchingEventTypes: ['ALL'],
        CloudWatchLogsDestination: { LogGroupArn: logGroup(), IamRoleArn: created.PhysicalResourceId },
      });
      const role = await readRole(h.direct, roleNameOf(created.PhysicalResourceId));
      expect(role.policies['pinpoint-event-stream'].Statement[0].Resource).toBe(`${logGroup()}:*`);
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
