import { describe, expect, it } from 'vitest';
import { emailSendingPolicy, pinpointAccountTrust, pinpointAppTrust, policy, sesTrust, streamWriterPolicy } from '../../src/policies.js';
import { APP_ID, CN_STACK_ID, FIREHOSE_ARN, GOV_STACK_ID, KINESIS_ARN, KMS_KEY_ARN, STACK, stackFor } from './fixtures.js';

const CN = stackFor(CN_STACK_ID);
const GOV = stackFor(GOV_STACK_ID);

describe('trust policies', () => {
  it('Pinpoint app trust: pinpoint principal, source account and source app ARN', () => {
    expect(pinpointAppTrust(STACK, APP_ID)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pinpoint.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:123456789012:apps/${APP_ID}` },
          },
        },
      ],
    });
  });

  it.each([
    [CN, 'arn:aws-cn:mobiletargeting:cn-north-1:123456789012:apps/app1'],
    [GOV, 'arn:aws-us-gov:mobiletargeting:us-gov-west-1:123456789012:apps/app1'],
  ])('Pinpoint app trust takes partition and region from the stack (%#)', (stack, sourceArn) => {
    const statement = pinpointAppTrust(stack, 'app1').Statement[0];
    expect(statement?.Condition?.ArnLike?.['aws:SourceArn']).toBe(sourceArn);
    expect(statement?.Principal).toEqual({ Service: 'pinpoint.amazonaws.com' });
  });

  it('SES trust: ses principal, external id = account', () => {
    expect(sesTrust(STACK)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } },
        },
      ],
    });
  });

  it('account trust (email sending role): pinpoint principal, source account', () => {
    expect(pinpointAccountTrust(GOV)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pinpoint.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        },
      ],
    });
  });

  it('trust policies never contain a wildcard principal', () => {
    for (const doc of [pinpointAppTrust(STACK, APP_ID), sesTrust(STACK), pinpointAccountTrust(STACK)]) {
      expect(JSON.stringify(doc)).not.toContain('"*"');
    }
  });
});

describe('permission policies', () => {
  it('Kinesis writer: PutRecords and DescribeStream on exactly that stream', () => {
    expect(streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, undefined)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Resource: KINESIS_ARN }],
    });
  });

  it('Firehose writer: PutRecordBatch and DescribeDeliveryStream on exactly that delivery stream', () => {
    expect(streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, undefined)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'], Resource: FIREHOSE_ARN }],
    });
  });

  it('with a KMS key: adds kms:GenerateDataKey on exactly that key', () => {
    expect(streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, KMS_KEY_ARN)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Resource: KINESIS_ARN },
        { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: KMS_KEY_ARN },
      ],
    });
    expect(streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, KMS_KEY_ARN).Statement[1]).toEqual({
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: KMS_KEY_ARN,
    });
  });

  it('email sending policy default: SendEmail and SendRawEmail on identity/* and configuration-set/*', () => {
    expect(emailSendingPolicy(STACK, undefined, undefined)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: ['arn:aws:ses:us-east-1:123456789012:identity/*', 'arn:aws:ses:us-east-1:123456789012:configuration-set/*'],
        },
      ],
    });
  });

  it('email sending policy narrowed to named identities and configuration sets', () => {
    expect(emailSendingPolicy(STACK, ['example.com', 'ops@example.com'], ['transactional'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: [
            'arn:aws:ses:us-east-1:123456789012:identity/example.com',
            'arn:aws:ses:us-east-1:123456789012:identity/ops@example.com',
            'arn:aws:ses:us-east-1:123456789012:configuration-set/transactional',
          ],
        },
      ],
    });
  });

  it('email sending policy narrowed on one side only keeps the other default', () => {
    expect(emailSendingPolicy(STACK, ['example.com'], undefined).Statement[0]?.Resource).toEqual([
      'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/*',
    ]);
  });

  it.each([
    [CN, 'arn:aws-cn:ses:cn-north-1:123456789012:identity/*'],
    [GOV, 'arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/*'],
  ])('email sending policy takes the partition from the stack (%#)', (stack, identityArn) => {
    expect(emailSendingPolicy(stack, undefined, undefined).Statement[0]?.Resource?.[0]).toBe(identityArn);
  });

  it('policy() wraps statements in a 2012-10-17 document', () => {
    expect(policy()).toEqual({ Version: '2012-10-17', Statement: [] });
  });
});
