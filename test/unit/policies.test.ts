import { beforeEach, describe, expect, it } from 'vitest';
import type * as Policies from '../../src/policies.js';
import {
  APP_ID,
  CN_STACK_ID,
  CONFIG_SET,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  KINESIS_ARN,
  KMS_KEY_ARN,
  LOG_GROUP_ARN,
  stack,
} from './fixtures.js';

// The module under test, loaded afresh for each test (its table of stream actions is top-level): see fresh().
let emailSendingPolicy: typeof Policies.emailSendingPolicy;
let pinpointAccountTrust: typeof Policies.pinpointAccountTrust;
let pinpointAppTrust: typeof Policies.pinpointAppTrust;
let policy: typeof Policies.policy;
let samePolicy: typeof Policies.samePolicy;
let sesTrust: typeof Policies.sesTrust;
let smsFirehosePolicy: typeof Policies.smsFirehosePolicy;
let smsLogsPolicy: typeof Policies.smsLogsPolicy;
let smsVoiceTrust: typeof Policies.smsVoiceTrust;
let streamWriterPolicy: typeof Policies.streamWriterPolicy;
beforeEach(
  async () =>
    ({
      emailSendingPolicy,
      pinpointAccountTrust,
      pinpointAppTrust,
      policy,
      samePolicy,
      sesTrust,
      smsFirehosePolicy,
      smsLogsPolicy,
      smsVoiceTrust,
      streamWriterPolicy,
    } = await fresh(() => import('../../src/policies.js'))),
);

/** The trust document the contract describes: `service` may assume the role, under `condition`. */
const trustOf = (service: string, condition: Record<string, Record<string, string>>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: condition }],
});
const cn = () => stack(CN_STACK_ID);
const gov = () => stack(GOV_STACK_ID);

describe('trust policies', () => {
  it('Pinpoint app trust: pinpoint principal, source account and source app ARN', () => {
    expect(pinpointAppTrust(stack(), APP_ID)).toEqual(
      trustOf('pinpoint.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:123456789012:apps/${APP_ID}` },
      }),
    );
  });

  it.each([
    ['aws-cn', cn, 'arn:aws-cn:mobiletargeting:cn-north-1:123456789012:apps/app1'],
    ['aws-us-gov', gov, 'arn:aws-us-gov:mobiletargeting:us-gov-west-1:123456789012:apps/app1'],
  ])('Pinpoint app trust takes partition and region from the stack (%s)', (_label, on, sourceArn) => {
    expect(pinpointAppTrust(on(), 'app1')).toEqual(
      trustOf('pinpoint.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': sourceArn },
      }),
    );
  });

  it('SES trust: ses principal, external id = account', () => {
    expect(sesTrust(stack())).toEqual(
      trustOf('ses.amazonaws.com', { StringEquals: { 'sts:ExternalId': '123456789012' } }),
    );
  });

  it('SES trust in aws-cn uses the aws-cn principal table', () => {
    expect(sesTrust(cn()).Statement[0]?.Principal).toEqual({ Service: 'ses.amazonaws.com' });
  });

  it('account trust (email sending role): pinpoint principal, source account', () => {
    const expected = trustOf('pinpoint.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '123456789012' } });
    expect(pinpointAccountTrust(stack())).toEqual(expected);
    expect(pinpointAccountTrust(gov())).toEqual(expected);
  });

  it('SMS and voice trust: sms-voice principal, source account and the configuration set ARN', () => {
    expect(smsVoiceTrust(stack(), CONFIG_SET)).toEqual(
      trustOf('sms-voice.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/marketing' },
      }),
    );
  });

  it('SMS and voice trust takes partition and region from the stack (aws-us-gov)', () => {
    expect(smsVoiceTrust(gov(), 'ops')).toEqual(
      trustOf('sms-voice.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws-us-gov:sms-voice:us-gov-west-1:123456789012:configuration-set/ops' },
      }),
    );
  });

  it('SMS and voice trust cannot be built in aws-cn (the service is not offered there)', () => {
    expect(() => smsVoiceTrust(cn(), CONFIG_SET)).toThrow('sms-voice is not offered in partition aws-cn');
  });

  it('trust policies never contain a wildcard', () => {
    for (const doc of [
      pinpointAppTrust(stack(), APP_ID),
      sesTrust(stack()),
      pinpointAccountTrust(stack()),
      smsVoiceTrust(stack(), CONFIG_SET),
    ]) {
      expect(JSON.stringify(doc)).not.toContain('*');
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
      Statement: [
        {
          Effect: 'Allow',
          Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
          Resource: FIREHOSE_ARN,
        },
      ],
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

  it('SMS and voice to Firehose: PutRecord and PutRecordBatch on exactly that delivery stream', () => {
    expect(smsFirehosePolicy(FIREHOSE_ARN)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: FIREHOSE_ARN },
      ],
    });
  });

  it('SMS and voice to CloudWatch Logs: CreateLogStream, DescribeLogStreams, PutLogEvents on <log group arn>:*', () => {
    expect(smsLogsPolicy(LOG_GROUP_ARN)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:us-east-1:123456789012:log-group:/messaging/sms-events:*',
        },
      ],
    });
  });

  it('SMS and voice policies keep the partition of the ARN they are given (aws-us-gov)', () => {
    expect(smsLogsPolicy('arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g').Statement[0]?.Resource).toBe(
      'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g:*',
    );
    const govFirehose = 'arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d';
    expect(smsFirehosePolicy(govFirehose).Statement[0]?.Resource).toBe(govFirehose);
  });

  it('email sending policy default: SendEmail and SendRawEmail on identity/* and configuration-set/*', () => {
    expect(emailSendingPolicy(stack(), undefined, undefined)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ses:SendEmail', 'ses:SendRawEmail'],
          Resource: [
            'arn:aws:ses:us-east-1:123456789012:identity/*',
            'arn:aws:ses:us-east-1:123456789012:configuration-set/*',
          ],
        },
      ],
    });
  });

  it('email sending policy narrowed to named identities and configuration sets', () => {
    expect(emailSendingPolicy(stack(), ['example.com', 'ops@example.com'], ['transactional'])).toEqual({
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
    expect(emailSendingPolicy(stack(), ['example.com'], undefined).Statement[0]?.Resource).toEqual([
      'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/*',
    ]);
    expect(emailSendingPolicy(stack(), undefined, ['cs']).Statement[0]?.Resource).toEqual([
      'arn:aws:ses:us-east-1:123456789012:identity/*',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/cs',
    ]);
  });

  it.each([
    [
      'aws-cn',
      cn,
      [
        'arn:aws-cn:ses:cn-north-1:123456789012:identity/*',
        'arn:aws-cn:ses:cn-north-1:123456789012:configuration-set/*',
      ],
    ],
    [
      'aws-us-gov',
      gov,
      [
        'arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/*',
        'arn:aws-us-gov:ses:us-gov-west-1:123456789012:configuration-set/*',
      ],
    ],
  ])('email sending policy takes the partition and region from the stack (%s)', (_label, on, resources) => {
    expect(emailSendingPolicy(on(), undefined, undefined).Statement[0]?.Resource).toEqual(resources);
  });

  it('policy() wraps statements in a 2012-10-17 document', () => {
    expect(policy()).toEqual({ Version: '2012-10-17', Statement: [] });
    expect(policy({ Effect: 'Allow', Action: 'a:B' })).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'a:B' }],
    });
  });
});

describe('samePolicy', () => {
  const wanted = () => streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, KMS_KEY_ARN);
  /** The wanted document as IAM might hand it back: same content, keys in another order at every level. */
  const reordered = () => ({
    Statement: [
      { Resource: KINESIS_ARN, Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Effect: 'Allow' },
      { Resource: KMS_KEY_ARN, Effect: 'Allow', Action: 'kms:GenerateDataKey' },
    ],
    Version: '2012-10-17',
  });

  it('is true for the same document, whatever the key order', () => {
    expect(samePolicy(JSON.parse(JSON.stringify(wanted())), wanted())).toBe(true);
    expect(samePolicy(reordered(), wanted())).toBe(true);
  });

  it('ignores key order inside conditions too', () => {
    const trust = pinpointAppTrust(stack(), APP_ID);
    const statement = trust.Statement[0]!;
    const actual = {
      Statement: [
        {
          Condition: { ArnLike: statement.Condition!.ArnLike, StringEquals: statement.Condition!.StringEquals },
          Action: 'sts:AssumeRole',
          Principal: statement.Principal,
          Effect: 'Allow',
        },
      ],
      Version: '2012-10-17',
    };
    expect(samePolicy(actual, trust)).toBe(true);
  });

  it.each([
    [
      'another resource',
      (d: ReturnType<typeof reordered>) => ({
        ...d,
        Statement: [{ ...d.Statement[0], Resource: FIREHOSE_ARN }, d.Statement[1]],
      }),
    ],
    [
      'another action order',
      (d: ReturnType<typeof reordered>) => ({
        ...d,
        Statement: [{ ...d.Statement[0], Action: ['kinesis:DescribeStream', 'kinesis:PutRecords'] }, d.Statement[1]],
      }),
    ],
    ['a missing statement', (d: ReturnType<typeof reordered>) => ({ ...d, Statement: [d.Statement[0]] })],
    [
      'an extra statement',
      (d: ReturnType<typeof reordered>) => ({ ...d, Statement: [...d.Statement, d.Statement[1]] }),
    ],
    ['another version', (d: ReturnType<typeof reordered>) => ({ ...d, Version: '2008-10-17' })],
    ['an extra key', (d: ReturnType<typeof reordered>) => ({ ...d, Id: 'x' })],
    ['a renamed key', (d: ReturnType<typeof reordered>) => ({ Version: d.Version, Statements: d.Statement })],
    [
      'an object in place of a list',
      (d: ReturnType<typeof reordered>) => ({ ...d, Statement: { 0: d.Statement[0], 1: d.Statement[1] } }),
    ],
    [
      'a list in place of a string',
      (d: ReturnType<typeof reordered>) => ({
        ...d,
        Statement: [d.Statement[0], { ...d.Statement[1], Action: ['kms:GenerateDataKey'] }],
      }),
    ],
  ])('detects %s', (_label, change) => {
    expect(samePolicy(change(reordered()), wanted())).toBe(false);
  });

  it('does not confuse lists whose items concatenate alike ([1, 2] is not [12])', () => {
    const doc = (values: number[]) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'a:B', Condition: { NumericEquals: { 'x:y': values } } }],
    });
    expect(samePolicy(doc([1, 2]), doc([12]) as never)).toBe(false);
    expect(samePolicy(doc([1, 2]), doc([1, 2]) as never)).toBe(true);
  });

  it('detects a value difference deep inside a condition', () => {
    const actual = JSON.parse(JSON.stringify(pinpointAppTrust(stack(), APP_ID)));
    actual.Statement[0].Condition.StringEquals['aws:SourceAccount'] = '210987654321';
    expect(samePolicy(actual, pinpointAppTrust(stack(), APP_ID))).toBe(false);
  });

  it('undefined (no policy yet) is never equal; null, strings and empty objects are not either', () => {
    expect(samePolicy(undefined, wanted())).toBe(false);
    expect(samePolicy(undefined, policy())).toBe(false);
    expect(samePolicy(null, wanted())).toBe(false);
    expect(samePolicy(JSON.stringify(wanted()), wanted())).toBe(false);
    expect(samePolicy({}, policy())).toBe(false);
  });
});
