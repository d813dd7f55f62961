// The gateway's AWS End User Messaging SMS and voice v2 stand-in, driven by the real
// @aws-sdk/client-pinpoint-sms-voice-v2: shapes, every error the function may meet (name,
// Reason, Fields, message), the quota of 5, the type-change conflict, and the role check
// with IAM propagation.

import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  type CreateEventDestinationCommandInput,
  DeleteConfigurationSetCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ACCOUNT, MANAGED_PATH_PREFIX, REGION } from '../support/deployment.mjs';
import { type Gateway, startGateway } from '../support/gateway.mjs';
import {
  type Clients,
  clients,
  putForeignSmsEventDestination,
  readSmsEventDestinations,
  type SmsWorld,
  type Streams,
  seed,
} from '../support/seed.mjs';

let gateway: Gateway;
let direct: Clients;
let via: Clients;
let streams: Streams;
let world: SmsWorld;
let counter = 0;

type SdkError = {
  name: string;
  message: string;
  Reason?: string;
  Fields?: unknown;
  ResourceType?: string;
  ResourceId?: string;
  $metadata?: { httpStatusCode?: number };
};
async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

const csArn = (name: string) => `arn:aws:sms-voice:${REGION}:${ACCOUNT}:configuration-set/${name}`;

/** A role as the function would build it for this configuration set (path below the managed one). */
async function smsRole({
  firehose = world.FirehoseStreamArn,
  logGroup = world.LogGroupArn,
  service = 'sms-voice.amazonaws.com',
  sourceArn = csArn(world.SmsConfigurationSetName),
  viaGateway = false,
} = {}) {
  const iam = viaGateway ? via.iam : direct.iam;
  const RoleName = `sms-standin-${process.pid}-${counter++}`;
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sourceArn } },
      },
    ],
  };
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName,
      Path: `/${MANAGED_PATH_PREFIX}/${REGION}/`,
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  );
  const statements = [
    { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: firehose },
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: `${logGroup.replace(/:\*$/, '')}:*`,
    },
  ];
  await iam.send(
    new PutRolePolicyCommand({
      RoleName,
      PolicyName: 'pinpoint-event-stream',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }),
  );
  return Role!.Arn!;
}

const create = (input: Partial<CreateEventDestinationCommandInput>) =>
  via.smsVoice.send(
    new CreateEventDestinationCommand({
      ConfigurationSetName: world.SmsConfigurationSetName,
      EventDestinationName: 'Events',
      MatchingEventTypes: ['ALL'],
      ...input,
    }),
  );

beforeAll(async () => {
  gateway = await startGateway({ motoEndpoint: inject('motoEndpoint') });
  direct = clients(inject('motoEndpoint'));
  via = clients(gateway.endpoint);
  streams = await seed(direct);
});
afterAll(async () => gateway?.close());
beforeEach(async () => {
  gateway.reset();
  world = await seed(direct, { viaGateway: via, streams });
});

describe('configuration sets', () => {
  it('creates, describes (all, or by name or ARN) and deletes, with the ARN the service uses', async () => {
    const name = world.SmsConfigurationSetName;
    const { ConfigurationSets } = await via.smsVoice.send(
      new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name, csArn(name)] }),
    );
    expect(ConfigurationSets).toHaveLength(2);
    expect(ConfigurationSets?.[0]).toMatchObject({
      ConfigurationSetArn: csArn(name),
      ConfigurationSetName: name,
      EventDestinations: [],
    });
    expect(ConfigurationSets?.[0]?.CreatedTimestamp).toBeInstanceOf(Date);
    const all = await via.smsVoice.send(new DescribeConfigurationSetsCommand({}));
    expect(all.ConfigurationSets?.map((s) => s.ConfigurationSetName)).toContain(name);

    const deleted = await via.smsVoice.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: name }));
    expect(deleted).toMatchObject({ ConfigurationSetArn: csArn(name), ConfigurationSetName: name });
    const gone = await failure(
      via.smsVoice.send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name] })),
    );
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'configuration-set',
      ResourceId: name,
    });
  });

  it('a second configuration set with the same name: ConflictException RESOURCE_ALREADY_EXISTS', async () => {
    const error = await failure(
      via.smsVoice.send(new CreateConfigurationSetCommand({ ConfigurationSetName: world.SmsConfigurationSetName })),
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
    const role = await smsRole();
    const out = await create({
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn },
      MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
    });
    const expected = {
      EventDestinationName: 'Events',
      Enabled: true,
      MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn },
    };
    expect(out).toMatchObject({
      ConfigurationSetArn: csArn(world.SmsConfigurationSetName),
      ConfigurationSetName: world.SmsConfigurationSetName,
      EventDestination: expected,
    });
    expect(await readSmsEventDestinations(via, world.SmsConfigurationSetName)).toEqual([expected]);
  });

  it('creates a CloudWatch Logs destination (log group ARN with or without :*)', async () => {
    const role = await smsRole();
    await create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn } });
    await create({
      EventDestinationName: 'Bare',
      CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn.replace(/:\*$/, '') },
    });
    const destinations = await readSmsEventDestinations(via, world.SmsConfigurationSetName);
    expect(destinations.map((d) => d.CloudWatchLogsDestination?.LogGroupArn)).toEqual([
      world.LogGroupArn,
      world.LogGroupArn.replace(/:\*$/, ''),
    ]);
  });

  it('an unknown event type: ValidationException FIELD_VALIDATION_FAILED naming MatchingEventTypes', async () => {
    const error = await failure(
      create({
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
    expect(await failure(create({}))).toMatchObject({ name: 'ValidationException', Reason: 'MISSING_PARAMETER' });
    const role = await smsRole();
    const two = await failure(
      create({
        KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn },
        CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn },
      }),
    );
    expect(two).toMatchObject({ name: 'ValidationException', Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER' });
  });

  it('an unknown configuration set: ResourceNotFoundException', async () => {
    const error = await failure(
      create({
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
    await create(sns);
    expect(await failure(create(sns))).toMatchObject({
      name: 'ConflictException',
      Reason: 'RESOURCE_ALREADY_EXISTS',
      ResourceType: 'event-destination',
      ResourceId: 'Events',
    });
  });

  it('a 6th destination: ServiceQuotaExceededException EVENT_DESTINATIONS_PER_CONFIGURATION_SET, the message says the limit of 5', async () => {
    const sns = { SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` } };
    for (let i = 1; i <= 5; i++) await create({ EventDestinationName: `D${i}`, ...sns });
    const error = await failure(create({ EventDestinationName: 'D6', ...sns }));
    expect(error).toMatchObject({
      name: 'ServiceQuotaExceededException',
      Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET',
    });
    expect(error.message).toContain('limit of 5');
  });

  it('refuses a role that is missing, trusts another service or another configuration set: "Could not assume IAM role <arn>."', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/${MANAGED_PATH_PREFIX}/${REGION}/nobody`;
    const wrongService = await smsRole({ service: 'ses.amazonaws.com' });
    const wrongSet = await smsRole({ sourceArn: csArn('another-set') });
    for (const role of [missing, wrongService, wrongSet]) {
      const error = await failure(
        create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn } }),
      );
      expect(error).toMatchObject({
        name: 'ValidationException',
        Reason: 'RESOURCE_NOT_ACCESSIBLE',
        message: `Could not assume IAM role ${role}.`,
      });
    }
  });

  it('refuses a role without the permissions on that destination: "Could not access ... using IAM role <arn>."', async () => {
    const role = await smsRole({
      firehose: streams.KinesisStreamArn,
      logGroup: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other`,
    });
    const firehose = await failure(
      create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn } }),
    );
    expect(firehose).toMatchObject({
      name: 'ValidationException',
      Reason: 'RESOURCE_NOT_ACCESSIBLE',
      message: `Could not access Kinesis Firehose Stream ${world.FirehoseStreamArn} using IAM role ${role}.`,
    });
    const logs = await failure(
      create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn } }),
    );
    expect(logs).toMatchObject({
      name: 'ValidationException',
      Reason: 'RESOURCE_NOT_ACCESSIBLE',
      message: `Could not access CloudWatch Logs log group ${world.LogGroupArn} using IAM role ${role}.`,
    });
  });

  it('refuses a destination that does not exist, even with a role that allows it', async () => {
    const missingStream = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/no-such-stream`;
    const role = await smsRole({ firehose: missingStream });
    const error = await failure(
      create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: missingStream } }),
    );
    expect(error.message).toBe(`Could not access Kinesis Firehose Stream ${missingStream} using IAM role ${role}.`);
  });

  it('while IAM propagates a role created at a nested path: "Could not assume IAM role", then accepted', async () => {
    gateway.state.propagationDelayMs = 600;
    const role = await smsRole({ viaGateway: true });
    expect(role).toContain(`:role/${MANAGED_PATH_PREFIX}/${REGION}/`);
    const early = await failure(
      create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn } }),
    );
    expect(early).toMatchObject({
      name: 'ValidationException',
      Reason: 'RESOURCE_NOT_ACCESSIBLE',
      message: `Could not assume IAM role ${role}.`,
    });
    await new Promise((r) => setTimeout(r, 650));
    const out = await create({ CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn } });
    expect(out.EventDestination?.Enabled).toBe(true);
  });
});

describe('UpdateEventDestination', () => {
  it('changes event types, Enabled and the destination of the same type (role checked again)', async () => {
    const role = await smsRole();
    await create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn } });
    const out = await via.smsVoice.send(
      new UpdateEventDestinationCommand({
        ConfigurationSetName: world.SmsConfigurationSetName,
        EventDestinationName: 'Events',
        Enabled: false,
        MatchingEventTypes: ['TEXT_DELIVERED'],
      }),
    );
    expect(out.EventDestination).toEqual({
      EventDestinationName: 'Events',
      Enabled: false,
      MatchingEventTypes: ['TEXT_DELIVERED'],
      KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn },
    });
    const other = await smsRole({ firehose: streams.KinesisStreamArn });
    const refused = await failure(
      via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Events',
          KinesisFirehoseDestination: { IamRoleArn: other, DeliveryStreamArn: world.FirehoseStreamArn },
        }),
      ),
    );
    expect(refused).toMatchObject({ name: 'ValidationException', Reason: 'RESOURCE_NOT_ACCESSIBLE' });
  });

  it('changing the destination type: ConflictException EVENT_DESTINATION_MISMATCH', async () => {
    const role = await smsRole();
    await create({ KinesisFirehoseDestination: { IamRoleArn: role, DeliveryStreamArn: world.FirehoseStreamArn } });
    const update = (input: object) =>
      via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Events',
          ...input,
        }),
      );
    for (const input of [
      { CloudWatchLogsDestination: { IamRoleArn: role, LogGroupArn: world.LogGroupArn } },
      { SnsDestination: { TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:t` } },
    ]) {
      expect(await failure(update(input))).toMatchObject({
        name: 'ConflictException',
        Reason: 'EVENT_DESTINATION_MISMATCH',
        ResourceType: 'event-destination',
        ResourceId: 'Events',
      });
    }
  });

  it('an unknown destination or configuration set: ResourceNotFoundException', async () => {
    const unknownDestination = await failure(
      via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Nope',
          Enabled: false,
        }),
      ),
    );
    expect(unknownDestination).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'event-destination',
      ResourceId: 'Nope',
    });
    const unknownSet = await failure(
      via.smsVoice.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: 'no-such-set',
          EventDestinationName: 'Nope',
          Enabled: false,
        }),
      ),
    );
    expect(unknownSet).toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'configuration-set' });
  });
});

describe('DeleteEventDestination', () => {
  it('deletes and returns the destination; a second delete: ResourceNotFoundException', async () => {
    const foreignRole = await putForeignSmsEventDestination(direct, {
      viaGateway: via,
      configurationSetName: world.SmsConfigurationSetName,
      eventDestinationName: 'Theirs',
      logGroupArn: world.LogGroupArn,
    });
    const del = () =>
      via.smsVoice.send(
        new DeleteEventDestinationCommand({
          ConfigurationSetName: world.SmsConfigurationSetName,
          EventDestinationName: 'Theirs',
        }),
      );
    const out = await del();
    expect(out.EventDestination).toMatchObject({
      EventDestinationName: 'Theirs',
      CloudWatchLogsDestination: { IamRoleArn: foreignRole, LogGroupArn: world.LogGroupArn },
    });
    expect(await readSmsEventDestinations(via, world.SmsConfigurationSetName)).toEqual([]);
    expect(await failure(del())).toMatchObject({
      name: 'ResourceNotFoundException',
      ResourceType: 'event-destination',
      ResourceId: 'Theirs',
    });
  });
});
