// Seeds the emulator with what the events point at, and reads state back for display
// and assertions. Kinesis in moto answers only over HTTP/1.1, hence NodeHttpHandler.
// Everything here is signed with SEED_ACCESS_KEY_ID, so the gateway never mistakes the
// tests' own calls for the function's (see deployment.mjs).

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateAppCommand,
  GetEventStreamCommand,
  PinpointClient,
  PutEventStreamCommand,
} from '@aws-sdk/client-pinpoint';
import {
  CreateEventDestinationCommand,
  CreateConfigurationSetCommand as CreateSmsConfigurationSetCommand,
  DescribeConfigurationSetsCommand,
  PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CreateConfigurationSetCommand,
  GetConfigurationSetEventDestinationsCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  BOUNDARY_POLICY_NAME,
  PARTITION,
  REGION,
  SECRET_ACCESS_KEY,
  SEED_ACCESS_KEY_ID,
} from './deployment.mjs';

// Kept here too: tests and scripts imported them from this module before deployment.mjs.
export { ACCOUNT, REGION };

/**
 * SDK clients signed with the seed key. `smsVoice` only works against the gateway (moto has
 * no SMS and voice v2): a set built on moto's endpoint carries it, unusable, for symmetry.
 */
export function clients(endpoint) {
  const config = {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  return {
    iam: new IAMClient(config),
    pinpoint: new PinpointClient(config),
    ses: new SESv2Client(config),
    kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
    firehose: new FirehoseClient(config),
    logs: new CloudWatchLogsClient(config),
    smsVoice: new PinpointSMSVoiceV2Client(config),
    cloudformation: new CloudFormationClient(config),
  };
}

let counter = 0;
const unique = (prefix) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** What the roles may ever do (the template's boundary is narrower; moto never evaluates it). */
const BOUNDARY_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'kinesis:PutRecords',
        'kinesis:DescribeStream',
        'firehose:PutRecord',
        'firehose:PutRecordBatch',
        'firehose:DescribeDeliveryStream',
        'logs:CreateLogStream',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
        'ses:SendEmail',
        'ses:SendRawEmail',
        'kms:GenerateDataKey',
      ],
      Resource: '*',
    },
  ],
};

/**
 * The deployment's permissions boundary, as the template would have created it. moto 5.2.1
 * does NOT require it: CreateRole / PutRolePermissionsBoundary only check that the ARN looks
 * like `arn:<partition>:iam::<account|aws>:policy/...`. Real IAM answers NoSuchEntity for a
 * boundary that does not exist, so the local account holds it as a deployed one would.
 * Idempotent and safe when test files seed the one shared moto at the same time.
 */
export async function ensureBoundaryPolicy(c) {
  try {
    await c.iam.send(new GetPolicyCommand({ PolicyArn: BOUNDARY_ARN }));
    return BOUNDARY_ARN;
  } catch (error) {
    if (error.name !== 'NoSuchEntityException') throw error;
  }
  try {
    await c.iam.send(
      new CreatePolicyCommand({
        PolicyName: BOUNDARY_POLICY_NAME,
        PolicyDocument: JSON.stringify(BOUNDARY_DOCUMENT),
        Description: 'Local stand-in of the deployment permissions boundary',
      }),
    );
  } catch (error) {
    if (error.name !== 'EntityAlreadyExistsException') throw error;
  }
  return BOUNDARY_ARN;
}

const isOptions = (value) => value && ['viaGateway', 'names', 'streams'].some((k) => k in value);

/**
 * A Pinpoint app, a Kinesis stream, a Firehose delivery stream, an SES configuration set, a
 * CloudWatch Logs log group, and (given a client set on the gateway) an SMS and voice
 * configuration set. Two forms:
 *   seed(direct, names?, streams?)                      (the original one: no SMS set)
 *   seed(direct, { names?, streams?, viaGateway })      (viaGateway: clients(gateway.endpoint))
 * Pass an earlier result as `streams` to reuse its two streams (moto allows 50 Firehose
 * streams a region). The log group is new each time: destinations are per world.
 */
export async function seed(c, namesOrOptions = {}, legacyStreams = undefined) {
  const {
    names = {},
    streams = undefined,
    viaGateway = undefined,
  } = isOptions(namesOrOptions) ? namesOrOptions : { names: namesOrOptions, streams: legacyStreams };
  await ensureBoundaryPolicy(c);
  const app = await c.pinpoint.send(
    new CreateAppCommand({ CreateApplicationRequest: { Name: names.app ?? unique('app') } }),
  );
  const configurationSet = names.configurationSet ?? unique('config-set');
  await c.ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
  const logGroup = names.logGroup ?? unique('/sms-voice/events');
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  const sms = viaGateway ? { SmsConfigurationSetName: names.smsConfigurationSet ?? unique('sms-config-set') } : {};
  if (viaGateway)
    await viaGateway.smsVoice.send(
      new CreateSmsConfigurationSetCommand({ ConfigurationSetName: sms.SmsConfigurationSetName }),
    );
  const world = (kinesisStreamArn, firehoseStreamArn) => ({
    ApplicationId: app.ApplicationResponse.Id,
    KinesisStreamArn: kinesisStreamArn,
    FirehoseStreamArn: firehoseStreamArn,
    ConfigurationSetName: configurationSet,
    LogGroupArn: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${logGroup}:*`,
    ...sms,
  });
  if (streams) return world(streams.KinesisStreamArn, streams.FirehoseStreamArn);
  const streamName = names.stream ?? unique('events');
  await c.kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
  const firehoseName = names.firehose ?? unique('events-firehose');
  await c.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: firehoseName,
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::pinpoint-events-archive',
        RoleARN: `arn:aws:iam::${ACCOUNT}:role/firehose-delivery`,
      },
    }),
  );
  return world(
    `arn:${PARTITION}:kinesis:${REGION}:${ACCOUNT}:stream/${streamName}`,
    `arn:${PARTITION}:firehose:${REGION}:${ACCOUNT}:deliverystream/${firehoseName}`,
  );
}

/** Replaces "{{Name}}" placeholders in every string of an event template. */
export function fillEvent(template, values) {
  return JSON.parse(JSON.stringify(template), (_key, value) =>
    typeof value === 'string'
      ? value.replace(/\{\{(\w+)\}\}/g, (whole, name) => {
          if (values[name] === undefined) throw new Error(`event placeholder ${whole} has no value`);
          return values[name];
        })
      : value,
  );
}

/** The role as IAM has it: trust and inline policies parsed, tags as an object; undefined if absent. */
export async function readRole(c, name) {
  try {
    const { Role } = await c.iam.send(new GetRoleCommand({ RoleName: name }));
    const { PolicyNames = [] } = await c.iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    const policies = {};
    for (const policyName of PolicyNames) {
      const p = await c.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
      policies[policyName] = JSON.parse(decodeURIComponent(p.PolicyDocument));
    }
    return {
      arn: Role.Arn,
      path: Role.Path,
      trust: JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)),
      policies,
      tags: Object.fromEntries((Role.Tags ?? []).map((t) => [t.Key, t.Value])),
      permissionsBoundary: Role.PermissionsBoundary?.PermissionsBoundaryArn,
    };
  } catch (error) {
    if (error.name === 'NoSuchEntityException' || error.name === 'NoSuchEntity') return undefined;
    throw error;
  }
}

export async function readEventStream(c, applicationId) {
  try {
    const { EventStream } = await c.pinpoint.send(new GetEventStreamCommand({ ApplicationId: applicationId }));
    return { DestinationStreamArn: EventStream.DestinationStreamArn, RoleArn: EventStream.RoleArn };
  } catch (error) {
    if (error.name === 'NotFoundException') return undefined;
    throw error;
  }
}

/** Points an app's event stream at a role that is not ours (someone else's stream). */
export async function putForeignEventStream(c, applicationId, destinationStreamArn, roleArn) {
  await c.pinpoint.send(
    new PutEventStreamCommand({
      ApplicationId: applicationId,
      WriteEventStream: { DestinationStreamArn: destinationStreamArn, RoleArn: roleArn },
    }),
  );
}

export async function readEventDestinations(c, configurationSetName) {
  const { EventDestinations = [] } = await c.ses.send(
    new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: configurationSetName }),
  );
  return EventDestinations;
}

/** The SMS and voice configuration set's event destinations (c: a client set on the gateway). */
export async function readSmsEventDestinations(c, configurationSetName) {
  const { ConfigurationSets = [] } = await c.smsVoice.send(
    new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [configurationSetName] }),
  );
  return ConfigurationSets[0]?.EventDestinations ?? [];
}

/**
 * Someone else's SMS and voice event destination (take-over tests): a role of its own, at
 * the root path and without our ownership tags, that the service accepts (documented trust
 * and permissions), created straight in moto so no propagation delay applies, then the
 * destination through the gateway's stand-in. Exactly one of destinationStreamArn (Firehose)
 * or logGroupArn. Resolves with the foreign role's ARN.
 */
export async function putForeignSmsEventDestination(
  c,
  {
    viaGateway,
    configurationSetName,
    eventDestinationName,
    destinationStreamArn = undefined,
    logGroupArn = undefined,
    matchingEventTypes = ['ALL'],
  },
) {
  const roleName = unique('sms-foreign');
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sms-voice.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: {
            'aws:SourceArn': `arn:${PARTITION}:sms-voice:${REGION}:${ACCOUNT}:configuration-set/${configurationSetName}`,
          },
        },
      },
    ],
  };
  const statement = destinationStreamArn
    ? { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: destinationStreamArn }
    : {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: `${logGroupArn.replace(/:\*$/, '')}:*`,
      };
  const { Role } = await c.iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  await c.iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'pinpoint-event-stream',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
    }),
  );
  const destination = destinationStreamArn
    ? { KinesisFirehoseDestination: { IamRoleArn: Role.Arn, DeliveryStreamArn: destinationStreamArn } }
    : { CloudWatchLogsDestination: { IamRoleArn: Role.Arn, LogGroupArn: logGroupArn } };
  await viaGateway.smsVoice.send(
    new CreateEventDestinationCommand({
      ConfigurationSetName: configurationSetName,
      EventDestinationName: eventDestinationName,
      MatchingEventTypes: matchingEventTypes,
      ...destination,
    }),
  );
  return Role.Arn;
}
