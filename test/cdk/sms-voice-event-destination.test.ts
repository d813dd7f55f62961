// SmsVoiceEventDestination: what it synthesizes, and that synth refuses what the function would refuse.
import { type Environment, Fn, type Stack, Tags, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { describe, expect, it } from 'vitest';
import { SmsVoiceEventDestination, type SmsVoiceEventDestinationProps } from '../../cdk/src/index.js';
import {
  arn,
  customResources,
  functionReason,
  oneConstruct,
  propertiesOf,
  SERVICE_TOKEN,
  synthError,
} from './support.js';

const TYPE = 'Custom::SmsVoiceEventDestination';
const FIREHOSE = arn('firehose', 'deliverystream/sms-events');
const LOG_GROUP = arn('logs', 'log-group:/sms/events');

type Props = Omit<SmsVoiceEventDestinationProps, 'provider'>;

const build = (props: (stack: Stack) => Props, env?: Environment) => {
  const made = oneConstruct(
    (s, provider) => new SmsVoiceEventDestination(s, 'SmsEvents', { provider, ...props(s) }),
    env,
  );
  return { ...made, destination: made.construct };
};

describe('SmsVoiceEventDestination', () => {
  it('declares Custom::SmsVoiceEventDestination, with ServiceTimeout a little above the function timeout', () => {
    const { stack } = build(() => ({ configurationSet: 'sms-events', deliveryStream: FIREHOSE }));
    const [resource] = Object.values(customResources(stack));
    expect(resource?.Type).toBe(TYPE);
    expect(resource?.Properties.ServiceToken).toBe(SERVICE_TOKEN);
    expect(resource?.Properties.ServiceTimeout).toBe('330');
  });

  it('turns CDK objects into the names and ARNs of the contract', () => {
    const { stack } = build((s) => ({
      configurationSet: new smsvoice.CfnConfigurationSet(s, 'Set', {}),
      deliveryStream: new firehose.DeliveryStream(s, 'Stream', {
        destination: new firehose.S3Bucket(new s3.Bucket(s, 'Bucket')),
      }),
    }));
    const template = Template.fromStack(stack);
    const set = Object.keys(template.findResources('AWS::SMSVOICE::ConfigurationSet'))[0];
    const stream = Object.keys(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
    expect(propertiesOf(stack)).toEqual({
      ConfigurationSetName: { Ref: set },
      DestinationStreamArn: { 'Fn::GetAtt': [stream, 'Arn'] },
    });
  });

  it('takes a CloudWatch Logs log group', () => {
    const { stack } = build((s) => ({
      configurationSet: 'sms-events',
      logGroup: new logs.LogGroup(s, 'Group'),
    }));
    const group = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))[0];
    expect(propertiesOf(stack).LogGroupArn).toEqual({ 'Fn::GetAtt': [group, 'Arn'] });
  });

  it('sends every property as CloudFormation does (strings, Tags a list), and the function accepts them', async () => {
    const { stack, logicalId } = build((s) => {
      Tags.of(s).add('cost-center', '42');
      return {
        configurationSet: 'sms-events',
        logGroup: LOG_GROUP,
        eventDestinationName: 'to-logs',
        matchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
        enabled: false,
        replaceExistingStream: true,
        roleName: 'sms-events-role',
        rolePath: '/team/',
        tags: { team: 'messaging' },
      };
    });
    const properties = propertiesOf(stack);
    expect(properties).toEqual({
      ConfigurationSetName: 'sms-events',
      LogGroupArn: LOG_GROUP,
      EventDestinationName: 'to-logs',
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
      Enabled: 'false',
      ReplaceExistingStream: 'true',
      RoleName: 'sms-events-role',
      RolePath: '/team/',
      Tags: [
        { Key: 'cost-center', Value: '42' },
        { Key: 'team', Value: 'messaging' },
      ],
    });
    expect(await functionReason(TYPE, properties, { logicalId })).toBeUndefined();
  });

  it('exposes the role and the Data attributes', () => {
    const { stack, destination, logicalId } = build(() => ({
      configurationSet: 'sms-events',
      deliveryStream: FIREHOSE,
    }));
    const getAtt = (attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
    expect(stack.resolve(destination.roleArn)).toEqual(getAtt('RoleArn'));
    expect(stack.resolve(destination.role.roleArn)).toEqual(getAtt('RoleArn'));
    expect(stack.resolve(destination.roleName)).toEqual(getAtt('RoleName'));
    expect(stack.resolve(destination.configurationSetName)).toEqual(getAtt('ConfigurationSetName'));
    expect(stack.resolve(destination.eventDestinationName)).toEqual(getAtt('EventDestinationName'));
  });
});

describe('SmsVoiceEventDestination at synth time', () => {
  const KINESIS = arn('kinesis', 'stream/sms-events');
  const base = { configurationSet: 'sms-events', deliveryStream: FIREHOSE };
  const sent = { ConfigurationSetName: 'sms-events', DestinationStreamArn: FIREHOSE };

  // [what, the props, the properties the function would receive]
  it.each<[string, Props, Record<string, unknown>]>([
    ['both a delivery stream and a log group', { ...base, logGroup: LOG_GROUP }, { ...sent, LogGroupArn: LOG_GROUP }],
    ['no destination', { configurationSet: 'sms-events' }, { ConfigurationSetName: 'sms-events' }],
    ['a Kinesis data stream', { ...base, deliveryStream: KINESIS }, { ...sent, DestinationStreamArn: KINESIS }],
    [
      'a delivery stream of another account',
      { ...base, deliveryStream: arn('firehose', 'deliverystream/x', '210987654321') },
      { ...sent, DestinationStreamArn: arn('firehose', 'deliverystream/x', '210987654321') },
    ],
    [
      'an event type in lower case',
      { ...base, matchingEventTypes: ['text_delivered'] },
      { ...sent, MatchingEventTypes: ['text_delivered'] },
    ],
    [
      'a configuration set name of 65 characters',
      { ...base, configurationSet: 'x'.repeat(65) },
      { ...sent, ConfigurationSetName: 'x'.repeat(65) },
    ],
    [
      'a configuration set ARN instead of its name',
      { ...base, configurationSet: arn('sms-voice', 'configuration-set/sms-events') },
      { ...sent, ConfigurationSetName: arn('sms-voice', 'configuration-set/sms-events') },
    ],
    ['a RolePath without slashes', { ...base, rolePath: 'team' }, { ...sent, RolePath: 'team' }],
    [
      'a reserved tag key',
      { ...base, tags: { 'aws:team': 'x' } },
      { ...sent, Tags: [{ Key: 'aws:team', Value: 'x' }] },
    ],
  ])('fails with the reason the function gives for %s', async (_what, props, properties) => {
    const { app, stack, logicalId } = build(() => props);
    const reason = await functionReason(TYPE, properties, { logicalId });
    expect(reason).toMatch(/^[\w[\]., ]+: /); // the function names the property at fault
    expect(synthError(app)).toContain(`[${stack.stackName}/SmsEvents] ${reason}`);
  });

  it('fails in a Region where the service is not offered, as the function does', async () => {
    const { app, logicalId } = build(() => base, { account: '123456789012', region: 'cn-north-1' });
    const reason = await functionReason(TYPE, sent, { logicalId, partition: 'aws-cn', region: 'cn-north-1' });
    expect(reason).toMatch(/aws-cn/);
    expect(synthError(app)).toContain(reason);
  });

  it('checks only what is known at synth time: references, imports and {{resolve}} are left to the function', () => {
    const { app } = build((s) => ({
      configurationSet: new smsvoice.CfnConfigurationSet(s, 'Set', {}),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(s, 'Imported', 'events'),
      matchingEventTypes: ['TEXT_DELIVERED', Fn.importValue('another-event-type')],
      eventDestinationName: '{{resolve:ssm:/sms/destination-name}}',
      tags: { owner: Token.asString(Fn.importValue('owner')) },
    }));
    expect(synthError(app)).toBe('');
  });

  it('takes the account from the ARN in an environment-agnostic stack', () => {
    const other = arn('firehose', 'deliverystream/x', '210987654321');
    expect(synthError(build(() => ({ ...base, deliveryStream: other }), {}).app)).toBe('');
  });
});
