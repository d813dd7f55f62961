// SesEventDestination: what it synthesizes, and that synth refuses what the function would refuse.
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import { describe, expect, it } from 'vitest';
import { SesEventDestination, type SesEventDestinationProps } from '../../cdk/src/index.js';
import { RESOURCE_TYPES } from '../../src/names.js';
import { arn, customResources, functionReason, oneConstruct, propertiesOf, synthError } from './support.js';

const FUNCTION_TYPE = RESOURCE_TYPES.sesEventDestination;
const FIREHOSE = arn('firehose', 'deliverystream/email-events');
const KEY = arn('kms', 'key/0c3e7f2a-9d4b-4e1a-8b6c-5f2d1e0a9b8c');

type Props = Omit<SesEventDestinationProps, 'provider'>;

const build = (props: (stack: Stack) => Props) => {
  const made = oneConstruct((s, provider) => new SesEventDestination(s, 'EmailEvents', { provider, ...props(s) }));
  return { ...made, destination: made.construct };
};

describe('SesEventDestination', () => {
  it('declares Custom::SesEventDestination, the SES event destination type of the contract', () => {
    const { stack } = build(() => ({ configurationSet: 'email-events', deliveryStream: FIREHOSE }));
    expect(Object.values(customResources(stack)).map((r) => r.Type)).toEqual(['Custom::SesEventDestination']);
  });

  it('takes the L2 or the L1 configuration set, a delivery stream and a KMS key', () => {
    for (const level of ['L2', 'L1'] as const) {
      const { stack } = build((s) => ({
        configurationSet:
          level === 'L2' ? new ses.ConfigurationSet(s, 'Set') : new ses.CfnConfigurationSet(s, 'Set', {}),
        deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(s, 'Stream', FIREHOSE),
        kmsKey: new kms.Key(s, 'Key'),
      }));
      const template = Template.fromStack(stack);
      const set = Object.keys(template.findResources('AWS::SES::ConfigurationSet'))[0];
      const key = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      expect(propertiesOf(stack), level).toEqual({
        ConfigurationSetName: { Ref: set },
        DestinationStreamArn: FIREHOSE,
        KmsKeyArn: { 'Fn::GetAtt': [key, 'Arn'] },
      });
    }
  });

  it('sends every property as CloudFormation does, and the function accepts them', async () => {
    const { stack, logicalId } = build(() => ({
      configurationSet: 'email-events',
      deliveryStream: FIREHOSE,
      kmsKey: KEY,
      matchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT'],
      eventDestinationName: 'to-firehose',
      enabled: true,
      replaceExistingStream: false,
    }));
    const properties = propertiesOf(stack);
    expect(properties).toEqual({
      ConfigurationSetName: 'email-events',
      DestinationStreamArn: FIREHOSE,
      KmsKeyArn: KEY,
      MatchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT'],
      EventDestinationName: 'to-firehose',
      Enabled: 'true',
      ReplaceExistingStream: 'false',
    });
    expect(await functionReason(FUNCTION_TYPE, properties, { logicalId })).toBeUndefined();
  });

  it('exposes the role and the Data attributes', () => {
    const { stack, destination, logicalId } = build(() => ({ configurationSet: 'e', deliveryStream: FIREHOSE }));
    const getAtt = (attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
    expect(stack.resolve(destination.role.roleArn)).toEqual(getAtt('RoleArn'));
    expect(stack.resolve(destination.roleName)).toEqual(getAtt('RoleName'));
    expect(stack.resolve(destination.configurationSetName)).toEqual(getAtt('ConfigurationSetName'));
    expect(stack.resolve(destination.eventDestinationName)).toEqual(getAtt('EventDestinationName'));
  });

  const sent = { ConfigurationSetName: 'email-events', DestinationStreamArn: FIREHOSE };
  const base = { configurationSet: 'email-events', deliveryStream: FIREHOSE };
  const KINESIS = arn('kinesis', 'stream/email-events');
  const OTHER_REGION_KEY = arn('kms', 'key/0c3e7f2a-9d4b-4e1a-8b6c-5f2d1e0a9b8c', undefined, 'eu-west-1');

  it.each<[string, Props, Record<string, unknown>]>([
    ['an unknown event type', { ...base, matchingEventTypes: ['OPENED'] }, { ...sent, MatchingEventTypes: ['OPENED'] }],
    [
      'an event type listed twice',
      { ...base, matchingEventTypes: ['SEND', 'SEND'] },
      { ...sent, MatchingEventTypes: ['SEND', 'SEND'] },
    ],
    ['a Kinesis data stream', { ...base, deliveryStream: KINESIS }, { ...sent, DestinationStreamArn: KINESIS }],
    ['a key of another Region', { ...base, kmsKey: OTHER_REGION_KEY }, { ...sent, KmsKeyArn: OTHER_REGION_KEY }],
    [
      'a key alias',
      { ...base, kmsKey: arn('kms', 'alias/events') },
      { ...sent, KmsKeyArn: arn('kms', 'alias/events') },
    ],
    [
      'a destination name with a dot',
      { ...base, eventDestinationName: 'a.b' },
      { ...sent, EventDestinationName: 'a.b' },
    ],
  ])('fails with the reason the function gives for %s', async (_what, props, properties) => {
    const { app, stack, logicalId } = build(() => props);
    const reason = await functionReason(FUNCTION_TYPE, properties, { logicalId });
    expect(reason).toMatch(/^[\w[\]., ]+: /);
    expect(synthError(app)).toContain(`[${stack.stackName}/EmailEvents] ${reason}`);
  });
});
