// The gateway's AWS End User Messaging SMS and voice v2 stand-in, driven by the real
// @aws-sdk/client-pinpoint-sms-voice-v2: shapes, every error the function may meet (name,
// Reason, Fields, message), the quota of 5, the type-change conflict, and the role check
// with IAM propagation.

import {
  CreateConfigurationSetCommand,
  DeleteConfigurationSetCommand,
  DescribeConfigurationSetsCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, MANAGED_PATH_PREFIX, REGION, readSmsEventDestinations } from '../../local/index.js';
import { csArn, notAccessible, useSmsVoiceWorld } from './sms-voice-world.js';
import { failure } from './support.js';

const t = useSmsVoiceWorld();

describe('configuration sets', () => {
  it('creates, describes (all, or by name or ARN) and deletes, with the ARN the service uses', async () => {
    const name = t.world.SmsConfigurationSetName;
    const { ConfigurationSets } = await t.via.smsVoice.send(
      new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name, csArn(name)] }),
    );
    expect(ConfigurationSets).toHaveLength(2);
    expect(ConfigurationSets?.[0]).toMatchObject({
      ConfigurationSetArn: csArn(name),
      ConfigurationSetName: name,
      EventDestinations: [],
    });
    expect(ConfigurationSets?.[0]?.CreatedTimestamp).toBeInstanceOf(Date);
    const all = await t.via.smsVoice.send(new DescribeConfigurationSetsCommand({}));
    expect(all.ConfigurationSets?.map((s) => s.ConfigurationSetName)).toContain(name);

    const deleted = await t.via.smsVoice.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: name }));
    expect(deleted).toMatchObject({ ConfigurationSetArn: csArn(name), ConfigurationSetName: name });
    const gone = await failure(
      t.via.smsVoice.send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name] })),
    );
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'configuration-set',
      ResourceId: name,
    });
  });

  it('a second configuration set with the same name: ConflictException RESOURCE_ALREADY_EXISTS', async () => {
    const error = await failure(
      t.via.smsVoice.send(new CreateConfigurationSetCommand({ ConfigurationSetName: t.world.SmsConfigurationSetName })),
    );
    expect(error).toMatchObject({
      name: 'ConflictException',
      Reason: 'RESOURCE_ALREADY_EXISTS',
      ResourceType: 'configuration-set',
    });
  });
});

describe('CreateEventDestination', () => {
  it('creates an enabled Firehose destination and returns it in the SDK shape', async () => {
    const role = await t.smsRole();
    const out = await t.create({
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn },
      MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
    });
    const expected = {
      EventDestinationName: 'Events',
      Enabled: true,
      MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn },
    };
    expect(out).toMatchObject({
      ConfigurationSetArn: csArn(t.world.SmsConfigurationSetName),
      ConfigurationSetName: t.world.SmsConfigurationSetName,
      EventDestination: expected,
    });
    expect(await readSmsEventDestinations(t.via, t.world.SmsConfigurationSetName)).toEqual([expected]);
  });

  it('creates a CloudWatch Logs destination (log group ARN with or without :*)', async () => {
    const role = await t.smsRole();
    await t.create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn } });
    await t.create({
      EventDestinationName: 'Bare',
      CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn.replace(/:\*$/, '') },
    });
    const destinations = await readSmsEventDestinations(t.via, t.world.SmsConfigurationSetName);
    expect(destinations.map((d) => d.CloudWatchLogsDestination?.LogGroupArn)).toEqual([
      t.world.LogGroupArn,
      t.world.LogGroupArn.replace(/:\*$/, ''),
    ]);
  });

  it('an unknown event type: ValidationException FIELD_VALIDATION_FAILED naming MatchingEventTypes', async () => {
    const error = await failure(
      t.create({
        MatchingEventTypes: ['TEXT_ALL', 'SEND' as never],
        SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` },
      }),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.Reason).toBe('FIELD_VALIDATION_FAILED');
    expect(error.Fields).toEqual([{ Name: 'MatchingEventTypes', Message: expect.stringContaining('SEND') }]);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('no destination block, or two: ValidationException', async () => {
    expect(await failure(t.create({}))).toMatchObject({ name: 'ValidationException', Reason: 'MISSING_PARAMETER' });
    const role = await t.smsRole();
    const two = await failure(
      t.create({
        KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn },
        CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn },
      }),
    );
    expect(two).toMatchObject({ name: 'ValidationException', Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER' });
  });

  it('an unknown configuration set: ResourceNotFoundException', async () => {
    const error = await failure(
      t.create({
        ConfigurationSetName: 'no-such-set',
        SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` },
      }),
    );
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'configuration-set',
      ResourceId: 'no-such-set',
    });
  });

  it('a duplicate name: ConflictException RESOURCE_ALREADY_EXISTS', async () => {
    const sns = { SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` } };
    await t.create(sns);
    expect(await failure(t.create(sns))).toMatchObject({
      name: 'ConflictException',
      Reason: 'RESOURCE_ALREADY_EXISTS',
      ResourceType: 'event-destination',
      ResourceId: 'Events',
    });
  });

  it(
    'a 6th destination: ServiceQuotaExceededException ' +
      'EVENT_DESTINATIONS_PER_CONFIGURATION_SET, the message says the limit of 5',
    async () => {
      const sns = { SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` } };
      for (let i = 1; i <= 5; i++) await t.create({ EventDestinationName: `D${i}`, ...sns });
      const error = await failure(t.create({ EventDestinationName: 'D6', ...sns }));
      expect(error).toMatchObject({
        name: 'ServiceQuotaExceededException',
        Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET',
      });
      expect(error.message).toContain('limit of 5');
    },
  );

  it(
    'refuses a role that is missing, trusts another service or another configuration ' +
      'set: "Could not assume IAM role <arn>."',
    async () => {
      const missing = `arn:aws:iam::${ACCOUNT}:role/${MANAGED_PATH_PREFIX}/${REGION}/nobody`;
      const wrongService = await t.smsRole({ service: 'ses.amazonaws.com' });
      const wrongSet = await t.smsRole({ sourceArn: csArn('another-set') });
      for (const role of [missing, wrongService, wrongSet]) {
        const error = await failure(
          t.create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn } }),
        );
        expect(error).toMatchObject(notAccessible(`Could not assume IAM role ${role}.`));
      }
    },
  );

  it(
    'refuses a role without the permissions on that destination: "Could not access ... using IAM role ' + '<arn>."',
    async () => {
      const role = await t.smsRole({
        firehose: t.streams.KinesisStreamArn,
        logGroup: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other`,
      });
      const firehose = await failure(
        t.create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: t.world.FirehoseStreamArn } }),
      );
      expect(firehose).toMatchObject(
        notAccessible(`Could not access Kinesis Firehose Stream ${t.world.FirehoseStreamArn} using IAM role ${role}.`),
      );
      const logs = await failure(
        t.create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn } }),
      );
      expect(logs).toMatchObject(
        notAccessible(`Could not access CloudWatch Logs log group ${t.world.LogGroupArn} using IAM role ${role}.`),
      );
    },
  );

  it('refuses a destination that does not exist, even with a role that allows it', async () => {
    const missingStream = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/no-such-stream`;
    const role = await t.smsRole({ firehose: missingStream });
    const error = await failure(
      t.create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: missingStream } }),
    );
    expect(error).toMatchObject(
      notAccessible(`Could not access Kinesis Firehose Stream ${missingStream} using IAM role ${role}.`),
    );
  });

  it('while IAM propagates a role created at a nested path: "Could not assume IAM role", then accepted', async () => {
    t.gateway.iam.propagationDelayMs = 600;
    const role = await t.smsRole({ viaGateway: true });
    expect(role).toContain(`:role/${MANAGED_PATH_PREFIX}/${REGION}/`);
    const early = await failure(
      t.create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn } }),
    );
    expect(early).toMatchObject(notAccessible(`Could not assume IAM role ${role}.`));
    await new Promise((r) => setTimeout(r, 650));
    const out = await t.create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: t.world.LogGroupArn } });
    expect(out.EventDestination?.Enabled).toBe(true);
  });
});
