// Seeds the emulator with what the events point at, and reads state back for display
// and assertions. Kinesis in moto answers only over HTTP/1.1, hence NodeHttpHandler.
import { CreateStreamCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, GetEventStreamCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { CreateConfigurationSetCommand, GetConfigurationSetEventDestinationsCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export function clients(endpoint) {
  const config = { region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 };
  return {
    iam: new IAMClient(config),
    pinpoint: new PinpointClient(config),
    ses: new SESv2Client(config),
    kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
    firehose: new FirehoseClient(config),
  };
}

let counter = 0;
const unique = (prefix) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * A Pinpoint app, a Kinesis stream, a Firehose delivery stream and an SES configuration set.
 * Pass an earlier result as `streams` to reuse its two streams (moto allows 50 Firehose streams a region).
 */
export async function seed(c, names = {}, streams = undefined) {
  const app = await c.pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: names.app ?? unique('app') } }));
  const configurationSet = names.configurationSet ?? unique('config-set');
  await c.ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
  if (streams) {
    return { ApplicationId: app.ApplicationResponse.Id, KinesisStreamArn: streams.KinesisStreamArn, FirehoseStreamArn: streams.FirehoseStreamArn, ConfigurationSetName: configurationSet };
  }
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
  return {
    ApplicationId: app.ApplicationResponse.Id,
    KinesisStreamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${streamName}`,
    FirehoseStreamArn: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${firehoseName}`,
    ConfigurationSetName: configurationSet,
  };
}

/** Replaces "{{Name}}" placeholders in every string of an event template. */
export function fillEvent(template, values) {
  return JSON.parse(JSON.stringify(template), (key, value) =>
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
  await c.pinpoint.send(new PutEventStreamCommand({ ApplicationId: applicationId, WriteEventStream: { DestinationStreamArn: destinationStreamArn, RoleArn: roleArn } }));
}

export async function readEventDestinations(c, configurationSetName) {
  const { EventDestinations = [] } = await c.ses.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: configurationSetName }));
  return EventDestinations;
}
