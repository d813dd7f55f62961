// PinpointEventStream: what it synthesizes, and that synth refuses what the function would refuse.
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import { describe, expect, it } from 'vitest';
import { PinpointEventStream, type PinpointEventStreamProps } from '../../cdk/src/index.js';
import { arn, customResources, functionReason, oneConstruct, propertiesOf, synthError } from './support.js';

const TYPE = 'Custom::PinpointEventStream';
const KINESIS = arn('kinesis', 'stream/app-events');
const FIREHOSE = arn('firehose', 'deliverystream/app-events');

type Props = Omit<PinpointEventStreamProps, 'provider'>;

const build = (props: (stack: Stack) => Props) => {
  const made = oneConstruct((s, provider) => new PinpointEventStream(s, 'AppEvents', { provider, ...props(s) }));
  return { ...made, stream: made.construct };
};

describe('PinpointEventStream', () => {
  it('declares Custom::PinpointEventStream with ApplicationId', () => {
    const { stack } = build(() => ({ application: 'a1b2c3', destination: KINESIS }));
    expect(Object.values(customResources(stack)).map((r) => r.Type)).toEqual([TYPE]);
    expect(propertiesOf(stack)).toEqual({ ApplicationId: 'a1b2c3', DestinationStreamArn: KINESIS });
  });

  it("takes the app and a Kinesis stream, and the stream's own key when it has one", () => {
    const { stack } = build((s) => ({
      application: new pinpoint.CfnApp(s, 'App', { name: 'app' }),
      destination: new kinesis.Stream(s, 'Stream', { encryptionKey: new kms.Key(s, 'Key') }),
    }));
    const template = Template.fromStack(stack);
    const [app, stream, key] = ['AWS::Pinpoint::App', 'AWS::Kinesis::Stream', 'AWS::KMS::Key'].map(
      (type) => Object.keys(template.findResources(type))[0],
    );
    expect(propertiesOf(stack)).toEqual({
      ApplicationId: { Ref: app },
      DestinationStreamArn: { 'Fn::GetAtt': [stream, 'Arn'] },
      KmsKeyArn: { 'Fn::GetAtt': [key, 'Arn'] },
    });
  });

  it('sends every property as CloudFormation does, and the function accepts them', async () => {
    const { stack, logicalId } = build(() => ({
      application: 'a1b2c3',
      destination: FIREHOSE,
      replaceExistingStream: true,
      roleName: 'app-events',
    }));
    const properties = propertiesOf(stack);
    expect(properties).toEqual({
      ApplicationId: 'a1b2c3',
      DestinationStreamArn: FIREHOSE,
      ReplaceExistingStream: 'true',
      RoleName: 'app-events',
    });
    expect(await functionReason(TYPE, properties, { logicalId })).toBeUndefined();
  });

  it('exposes the role and ApplicationId', () => {
    const { stack, stream, logicalId } = build(() => ({ application: 'a1b2c3', destination: KINESIS }));
    expect(stack.resolve(stream.role.roleArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'RoleArn'] });
    expect(stack.resolve(stream.applicationId)).toEqual({ 'Fn::GetAtt': [logicalId, 'ApplicationId'] });
  });

  it.each<[string, Props, Record<string, unknown>]>([
    [
      'an application id with a dash',
      { application: 'a1-b2', destination: KINESIS },
      { ApplicationId: 'a1-b2', DestinationStreamArn: KINESIS },
    ],
    [
      'a destination that is no stream',
      { application: 'a1b2c3', destination: arn('sqs', 'queue') },
      { ApplicationId: 'a1b2c3', DestinationStreamArn: arn('sqs', 'queue') },
    ],
  ])('fails with the reason the function gives for %s', async (_what, props, properties) => {
    const { app, stack, logicalId } = build(() => props);
    const reason = await functionReason(TYPE, properties, { logicalId });
    expect(reason).toMatch(/^\w+: /);
    expect(synthError(app)).toContain(`[${stack.stackName}/AppEvents] ${reason}`);
  });
});
