/**
 * What the CDK constructs synthesize is exactly what the function accepts: each construct's
 * synthesized properties, sent as CloudFormation sends them (every scalar a string), played as
 * Create, Update (in place) and Delete events through the BUILT bundle against the emulator; and
 * every Data attribute a construct exposes is in the function's answer.
 */
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as ses from 'aws-cdk-lib/aws-ses';
import { describe, expect, it } from 'vitest';
import {
  type MessagingRoleResource,
  PinpointEmailSendingRole,
  PinpointEventStream,
  Provider,
  SesEventDestination,
  SmsVoiceEventDestination,
} from '../../cdk/src/index.js';
import {
  ACCOUNT,
  event,
  type Json,
  REGION,
  SERVICE_TOKEN,
  useHarness,
  type SmsWorld as World,
} from '../support/harness.js';

/** Which version of the resources a stack declares: the second changes what an update changes in place. */
type Version = 1 | 2;

/** One construct of each kind, as a CDK app would declare them, pointing at the emulator's resources. */
const KINDS: Record<string, (stack: Stack, world: World, v: Version) => MessagingRoleResource> = {
  SmsEvents: (stack, world, v) =>
    new SmsVoiceEventDestination(stack, 'SmsEvents', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      configurationSet: world.SmsConfigurationSetName,
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Firehose', world.FirehoseStreamArn),
      matchingEventTypes: v === 1 ? ['TEXT_DELIVERED'] : ['TEXT_DELIVERED', 'TEXT_BLOCKED'],
      tags: { version: String(v) },
    }),
  EmailEvents: (stack, world, v) =>
    new SesEventDestination(stack, 'EmailEvents', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      configurationSet: ses.ConfigurationSet.fromConfigurationSetName(stack, 'Set', world.ConfigurationSetName),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Firehose', world.FirehoseStreamArn),
      enabled: v === 1,
    }),
  AppEvents: (stack, world, v) =>
    new PinpointEventStream(stack, 'AppEvents', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      application: world.ApplicationId,
      destination:
        v === 1
          ? kinesis.Stream.fromStreamArn(stack, 'Kinesis', world.KinesisStreamArn)
          : firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Firehose', world.FirehoseStreamArn),
    }),
  SendingRole: (stack, _world, v) =>
    new PinpointEmailSendingRole(stack, 'SendingRole', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      identities: v === 1 ? ['example.com'] : ['example.com', 'example.org'],
    }),
};

/** Any JSON with every scalar as CloudFormation sends it in an event: a string. */
function asCloudFormationSends(value: Json): Json {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  }
  return String(value);
}

/** The construct's ResourceType and properties as synthesized, and the Data attributes it exposes. */
function synthesize(kind: string, world: World, v: Version) {
  const app = new App();
  const stack = new Stack(app, 'Consumer', { env: { account: ACCOUNT, region: REGION } });
  const construct = (KINDS[kind] as (typeof KINDS)[string])(stack, world, v);
  const logicalId = stack.getLogicalId(construct.resource.node.defaultChild as CfnElement);
  const resource = app.synth().getStackByName('Consumer').template.Resources[logicalId];
  const attributes = Object.values(construct)
    .filter((value) => typeof value === 'string')
    .map((value) => stack.resolve(value))
    .filter((value) => Array.isArray(value?.['Fn::GetAtt']) && value['Fn::GetAtt'][0] === logicalId)
    .map((value) => value['Fn::GetAtt'][1] as string);
  return {
    type: resource.Type as string,
    properties: asCloudFormationSends(resource.Properties),
    logicalId,
    attributes,
  };
}

const h = useHarness({ stackName: 'cdk' });

describe.each(Object.keys(KINDS))('%s as synthesized, through the built bundle', (kind) => {
  it('is created, updated in place and deleted', async () => {
    const [v1, v2] = [synthesize(kind, h.world, 1), synthesize(kind, h.world, 2)];
    const fields = { StackId: h.stackId, ResourceType: v1.type, LogicalResourceId: v1.logicalId };
    const play = async (e: Json) => (await h.play(e)).response;

    const created = await play(event('Create', { ...fields, ResourceProperties: v1.properties }));
    expect(created.Status, created.Reason).toBe('SUCCESS');
    expect(created.PhysicalResourceId).toBe(created.Data.RoleArn);
    expect(Object.keys(created.Data).sort()).toEqual(expect.arrayContaining(v1.attributes.sort()));
    expect(v1.attributes).toContain('RoleArn');

    const physical = { PhysicalResourceId: created.PhysicalResourceId };
    const properties = { ResourceProperties: v2.properties, OldResourceProperties: v1.properties };
    expect(v2.properties).not.toEqual(v1.properties);
    const updated = await play(event('Update', { ...fields, ...physical, ...properties }));
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);

    const deleted = await play(event('Delete', { ...fields, ...physical, ResourceProperties: v2.properties }));
    expect(deleted.Status, deleted.Reason).toBe('SUCCESS');
  });
});
