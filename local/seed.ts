/**
 * Seeds the emulator with what events point at: a Pinpoint app, a Kinesis stream, a Firehose
 * delivery stream, an SES configuration set, a CloudWatch Logs log group, and (through the
 * gateway) an SMS and voice configuration set; the deployment's permissions boundary; and
 * someone else's stream or destination for the take-over cases.
 */
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { CreatePolicyCommand, CreateRoleCommand, GetPolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { CreateAppCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  CreateEventDestinationCommand,
  CreateConfigurationSetCommand as CreateSmsConfigurationSetCommand,
  DeleteEventDestinationCommand,
  type EventType,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { INLINE_POLICY_NAME } from '../src/names.js';
import type { Clients } from './clients.js';
import { ACCOUNT, BOUNDARY_ARN, BOUNDARY_POLICY_NAME, PARTITION, REGION } from './deployment.js';

/** Names for what seed() creates (default: unique ones). */
export interface SeedNames {
  readonly app?: string;
  readonly stream?: string;
  readonly firehose?: string;
  readonly configurationSet?: string;
  readonly logGroup?: string;
  readonly smsConfigurationSet?: string;
}

export interface Streams {
  readonly KinesisStreamArn: string;
  readonly FirehoseStreamArn: string;
}

/** What seed() made: the values event templates (events/*.json) and the kinds' properties use. */
export interface World extends Streams {
  readonly ApplicationId: string;
  readonly ApplicationName: string;
  readonly ConfigurationSetName: string;
  /** arn:aws:logs:us-east-1:123456789012:log-group:<name>:* */
  readonly LogGroupArn: string;
  /** Present when seeded with `viaGateway`. */
  readonly SmsConfigurationSetName?: string;
}
export interface SmsWorld extends World {
  readonly SmsConfigurationSetName: string;
}

export interface SeedOptions {
  readonly names?: SeedNames;
  /** An earlier world's streams to reuse (moto allows 50 Firehose streams a Region). */
  readonly streams?: Streams;
}

let counter = 0;
/** A name unique to this process and moment. */
export const unique = (prefix: string): string =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

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
 * Idempotent and safe when several sessions seed the one shared moto at the same time.
 */
export async function ensureBoundaryPolicy(c: Clients): Promise<string> {
  try {
    await c.iam.send(new GetPolicyCommand({ PolicyArn: BOUNDARY_ARN }));
    return BOUNDARY_ARN;
  } catch (error) {
    if (errorName(error) !== 'NoSuchEntityException') throw error;
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
    if (errorName(error) !== 'EntityAlreadyExistsException') throw error;
  }
  return BOUNDARY_ARN;
}

/**
 * A world: a Pinpoint app, two streams (new, or `streams`), an SES configuration set, a log
 * group (new each time: destinations are per world), and with `viaGateway` (a client set on the
 * gateway) an SMS and voice configuration set in its stand-in.
 */
export async function seed(direct: Clients, options: SeedOptions & { viaGateway: Clients }): Promise<SmsWorld>;
export async function seed(direct: Clients, options?: SeedOptions): Promise<World>;
export async function seed(
  direct: Clients,
  { names = {}, streams, viaGateway }: SeedOptions & { viaGateway?: Clients } = {},
): Promise<World> {
  await ensureBoundaryPolicy(direct);
  const appName = names.app ?? unique('app');
  const app = await direct.pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: appName } }));
  const configurationSet = names.configurationSet ?? unique('config-set');
  await direct.ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
  const logGroup = names.logGroup ?? unique('/sms-voice/events');
  await direct.logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  let sms = {};
  if (viaGateway) {
    const name = names.smsConfigurationSet ?? unique('sms-config-set');
    await viaGateway.smsVoice.send(new CreateSmsConfigurationSetCommand({ ConfigurationSetName: name }));
    sms = { SmsConfigurationSetName: name };
  }
  return {
    ApplicationId: app.ApplicationResponse?.Id ?? '',
    ApplicationName: appName,
    ...(streams
      ? { KinesisStreamArn: streams.KinesisStreamArn, FirehoseStreamArn: streams.FirehoseStreamArn }
      : await newStreams(direct, names)),
    ConfigurationSetName: configurationSet,
    LogGroupArn: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${logGroup}:*`,
    ...sms,
  };
}

async function newStreams(direct: Clients, names: SeedNames): Promise<Streams> {
  const streamName = names.stream ?? unique('events');
  await direct.kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
  const firehoseName = names.firehose ?? unique('events-firehose');
  await direct.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: firehoseName,
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::pinpoint-events-archive',
        RoleARN: `arn:aws:iam::${ACCOUNT}:role/firehose-delivery`,
      },
    }),
  );
  return {
    KinesisStreamArn: `arn:${PARTITION}:kinesis:${REGION}:${ACCOUNT}:stream/${streamName}`,
    FirehoseStreamArn: `arn:${PARTITION}:firehose:${REGION}:${ACCOUNT}:deliverystream/${firehoseName}`,
  };
}

/** Points an app's event stream at a role that is not ours (someone else's stream). */
export async function putForeignEventStream(
  c: Clients,
  applicationId: string,
  destinationStreamArn: string,
  roleArn: string,
): Promise<void> {
  await c.pinpoint.send(
    new PutEventStreamCommand({
      ApplicationId: applicationId,
      WriteEventStream: { DestinationStreamArn: destinationStreamArn, RoleArn: roleArn },
    }),
  );
}

/**
 * A role of someone else's, at the root path and without our ownership tags, trusted by one
 * statement and allowed by another, made straight in moto (no propagation delay). Resolves with its ARN.
 */
async function foreignRole(direct: Clients, prefix: string, trust: object, permission: object): Promise<string> {
  const roleName = unique(prefix);
  const document = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const { Role } = await direct.iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: document(trust) }),
  );
  await direct.iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: INLINE_POLICY_NAME,
      PolicyDocument: document(permission),
    }),
  );
  return Role?.Arn ?? '';
}

/**
 * Someone else's SES event destination named `name`, in place of any of that name: a role of its
 * own that SES accepts (trust and permissions as documented), then the destination through the
 * stand-in, as SES would take it. Resolves with the role's ARN.
 */
export async function putForeignSesEventDestination(
  direct: Clients,
  viaGateway: Clients,
  world: World,
  name: string,
): Promise<string> {
  const roleArn = await foreignRole(
    direct,
    'ses-foreign',
    { Effect: 'Allow', Principal: { Service: 'ses.amazonaws.com' }, Action: 'sts:AssumeRole' },
    {
      Effect: 'Allow',
      Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
      Resource: world.FirehoseStreamArn,
    },
  );
  const named = { ConfigurationSetName: world.ConfigurationSetName, EventDestinationName: name };
  // In its place, as the event stream's PutEventStream would be: whatever had that name goes first.
  await viaGateway.ses.send(new DeleteConfigurationSetEventDestinationCommand(named)).catch(() => undefined);
  await viaGateway.ses.send(
    new CreateConfigurationSetEventDestinationCommand({
      ...named,
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['SEND'],
        KinesisFirehoseDestination: { DeliveryStreamArn: world.FirehoseStreamArn, IamRoleArn: roleArn },
      },
    }),
  );
  return roleArn;
}

export interface ForeignSmsDestination {
  readonly viaGateway: Clients;
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
  /** Exactly one of a Firehose delivery stream or a log group. */
  readonly destinationStreamArn?: string;
  readonly logGroupArn?: string;
  readonly matchingEventTypes?: readonly EventType[];
  /** Delete any destination of that name first (in its place, as PutEventStream would put a stream). */
  readonly replace?: boolean;
}

/**
 * Someone else's SMS and voice event destination (take-over tests): a role of its own, at
 * the root path and without our ownership tags, that the service accepts (documented trust
 * and permissions), created straight in moto so no propagation delay applies, then the
 * destination through the gateway's stand-in. Resolves with the foreign role's ARN.
 */
export async function putForeignSmsEventDestination(direct: Clients, options: ForeignSmsDestination): Promise<string> {
  const { configurationSetName, destinationStreamArn, logGroupArn = '' } = options;
  const sourceArn = `arn:${PARTITION}:sms-voice:${REGION}:${ACCOUNT}:configuration-set/${configurationSetName}`;
  const trust = {
    Effect: 'Allow',
    Principal: { Service: 'sms-voice.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': sourceArn } },
  };
  const statement = destinationStreamArn
    ? { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: destinationStreamArn }
    : {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: `${logGroupArn.replace(/:\*$/, '')}:*`,
      };
  const roleArn = await foreignRole(direct, 'sms-foreign', trust, statement);
  const destination = destinationStreamArn
    ? { KinesisFirehoseDestination: { IamRoleArn: roleArn, DeliveryStreamArn: destinationStreamArn } }
    : { CloudWatchLogsDestination: { IamRoleArn: roleArn, LogGroupArn: logGroupArn } };
  const named = { ConfigurationSetName: configurationSetName, EventDestinationName: options.eventDestinationName };
  if (options.replace) {
    await options.viaGateway.smsVoice.send(new DeleteEventDestinationCommand(named)).catch(() => undefined);
  }
  await options.viaGateway.smsVoice.send(
    new CreateEventDestinationCommand({
      ...named,
      MatchingEventTypes: [...(options.matchingEventTypes ?? ['ALL'])],
      ...destination,
    }),
  );
  return roleArn;
}
