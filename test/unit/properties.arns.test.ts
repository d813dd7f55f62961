/** properties.ts, its second half: the readers of ARN properties (the first half is properties.test.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Properties from '../../src/properties.js';
import type { StreamKind } from '../../src/properties.js';
import type { StackContext } from '../../src/stack.js';
import {
  CN_STACK_ID,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  LOG_GROUP_ARN,
  stack,
} from './fixtures.js';

// The module under test, loaded afresh for each test (its ARN patterns are top-level): see fresh() in fixtures.ts.
let logGroupArn: typeof Properties.logGroupArn;
let optionalKmsKeyArn: typeof Properties.optionalKmsKeyArn;
let streamDestination: typeof Properties.streamDestination;
beforeEach(
  async () =>
    ({ logGroupArn, optionalKmsKeyArn, streamDestination } = await fresh(() => import('../../src/properties.js'))),
);

/** A bad value as a reason quotes it: values over 80 characters are clipped (pinned in properties.test.ts). */
const quoted = (value: unknown) =>
  typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value;

describe('streamDestination', () => {
  const read = (
    value: unknown,
    allowed: StreamKind[] = ['kinesis', 'firehose'],
    on: StackContext = stack(),
    whyOnly?: string,
  ) => streamDestination({ DestinationStreamArn: value }, 'DestinationStreamArn', on, allowed, whyOnly);
  const BOTH_SHAPES =
    'arn:<partition>:kinesis:<region>:<account>:stream/<name> or ' +
    'arn:<partition>:firehose:<region>:<account>:deliverystream/<name>';

  it('reads a Kinesis data stream ARN', () => {
    expect(read(KINESIS_ARN)).toEqual({ kind: 'kinesis', arn: KINESIS_ARN });
  });

  it('reads a Firehose delivery stream ARN', () => {
    expect(read(FIREHOSE_ARN)).toEqual({ kind: 'firehose', arn: FIREHOSE_ARN });
  });

  it('reads stream ARNs in the stack partition (aws-cn, aws-us-gov)', () => {
    expect(read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s', ['kinesis'], stack(CN_STACK_ID))).toEqual({
      kind: 'kinesis',
      arn: 'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s',
    });
    expect(
      read('arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d', ['firehose'], stack(GOV_STACK_ID))
        .kind,
    ).toBe('firehose');
  });

  it('accepts a stream in another Region of the same partition and account', () => {
    expect(read('arn:aws:kinesis:eu-west-1:123456789012:stream/s').arn).toBe(
      'arn:aws:kinesis:eu-west-1:123456789012:stream/s',
    );
  });

  it('accepts every allowed name character and the longest names (128 for Kinesis, 64 for Firehose)', () => {
    expect(read('arn:aws:kinesis:us-east-1:123456789012:stream/aZ09_.-').kind).toBe('kinesis');
    expect(read(`arn:aws:kinesis:us-east-1:123456789012:stream/${'s'.repeat(128)}`).kind).toBe('kinesis');
    expect(read(`arn:aws:firehose:us-east-1:123456789012:deliverystream/${'d'.repeat(64)}`).kind).toBe('firehose');
    expect(read('arn:aws:firehose:us-east-1:123456789012:deliverystream/aZ09_.-').kind).toBe('firehose');
  });

  it.each([
    ['a wildcard stream', 'arn:aws:kinesis:us-east-1:123456789012:stream/*'],
    ['a wildcard prefix', 'arn:aws:kinesis:us-east-1:123456789012:stream/events-*'],
    ['a wildcard delivery stream', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*'],
    ['a wildcard region', 'arn:aws:kinesis:*:123456789012:stream/s'],
    ['a wildcard account', 'arn:aws:kinesis:us-east-1:*:stream/s'],
    ['no region', 'arn:aws:kinesis::123456789012:stream/s'],
    ['a malformed region', 'arn:aws:kinesis:useast1:123456789012:stream/s'],
    ['a region with a prefix', 'arn:aws:kinesis:xus-east-1:123456789012:stream/s'],
    ['a region with a suffix', 'arn:aws:kinesis:us-east-1a:123456789012:stream/s'],
    ['no account', 'arn:aws:kinesis:us-east-1::stream/s'],
    ['the account "aws"', 'arn:aws:kinesis:us-east-1:aws:stream/s'],
    ['a short account', 'arn:aws:kinesis:us-east-1:12345678901:stream/s'],
    ['a Kinesis consumer', 'arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1'],
    ['a Kinesis ARN with a Firehose resource', 'arn:aws:kinesis:us-east-1:123456789012:deliverystream/s'],
    ['a Firehose ARN with a Kinesis resource', 'arn:aws:firehose:us-east-1:123456789012:stream/s'],
    ['a resource with a prefix', 'arn:aws:kinesis:us-east-1:123456789012:xstream/s'],
    ['a delivery stream with a prefix', 'arn:aws:firehose:us-east-1:123456789012:xdeliverystream/s'],
    ['a stream name with a suffix', 'arn:aws:kinesis:us-east-1:123456789012:stream/s '],
    ['a delivery stream name with a suffix', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/d/x'],
    ['an empty stream name', 'arn:aws:kinesis:us-east-1:123456789012:stream/'],
    ['an empty delivery stream name', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/'],
    ['another service', 'arn:aws:sqs:us-east-1:123456789012:stream/s'],
    ['an S3 bucket', 'arn:aws:s3:::my-bucket'],
    ['a name with a slash', 'arn:aws:kinesis:us-east-1:123456789012:stream/a/b'],
    ['a 129-character stream name', `arn:aws:kinesis:us-east-1:123456789012:stream/${'s'.repeat(129)}`],
    ['a 65-character delivery stream name', `arn:aws:firehose:us-east-1:123456789012:deliverystream/${'d'.repeat(65)}`],
    ['an Object.prototype name as service', 'arn:aws:constructor:us-east-1:123456789012:stream/s'],
  ])('rejects %s, naming DestinationStreamArn and both accepted shapes', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(`DestinationStreamArn: must be ${BOTH_SHAPES}, got "${quoted(value)}"`);
  });

  it.each([
    ['missing', undefined, 'DestinationStreamArn: is required'],
    ['a number', 12, 'DestinationStreamArn: must be a stream ARN, got a number'],
    ['not an ARN', 'my-stream', 'DestinationStreamArn: must be a stream ARN, got "my-stream"'],
    ['an ARN with a prefix', ` ${KINESIS_ARN}`, `DestinationStreamArn: must be a stream ARN, got " ${KINESIS_ARN}"`],
    [
      'an ARN inside a longer string',
      `x${FIREHOSE_ARN}`,
      `DestinationStreamArn: must be a stream ARN, got "x${FIREHOSE_ARN}"`,
    ],
  ])('rejects %s', (_label, value, message) => {
    expect(invalid(() => read(value)).message).toBe(message);
  });

  it.each([
    ['a Kinesis ARN', KINESIS_ARN],
    ['a Firehose ARN', FIREHOSE_ARN],
  ])('rejects %s followed by a new line and more text (the whole value is the ARN)', (_label, arn) => {
    const value = `${arn}\n*`;
    expect(invalid(() => read(value)).message).toBe(`DestinationStreamArn: must be ${BOTH_SHAPES}, got "${value}"`);
  });

  it('names only the Firehose shape when only Firehose is allowed', () => {
    const error = invalid(() => read('arn:aws:firehose:us-east-1:123456789012:deliverystream/*', ['firehose']));
    expect(error.message).toBe(
      'DestinationStreamArn: must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>, got ' +
        '"arn:aws:firehose:us-east-1:123456789012:deliverystream/*"',
    );
  });

  it('rejects a Kinesis stream where only Firehose is allowed, with the reason given', () => {
    const error = invalid(() => read(KINESIS_ARN, ['firehose'], stack(), ' (Firehose only here)'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (Firehose only here); must be ' +
        'arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    );
  });

  it('rejects a Firehose stream where only Kinesis is allowed', () => {
    expect(invalid(() => read(FIREHOSE_ARN, ['kinesis'])).message).toBe(
      'DestinationStreamArn: firehose streams are not supported here; must be ' +
        'arn:<partition>:kinesis:<region>:<account>:stream/<name>',
    );
  });

  it('rejects a stream outside the stack partition, naming both partitions', () => {
    const error = invalid(() => read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe('DestinationStreamArn: is in partition aws-cn, the stack is in aws');
  });

  it('rejects an aws stream in an aws-us-gov stack', () => {
    expect(invalid(() => read(KINESIS_ARN, ['kinesis'], stack(GOV_STACK_ID))).message).toBe(
      'DestinationStreamArn: is in partition aws, the stack is in aws-us-gov',
    );
  });

  it("rejects a stream in another account, naming the property and the stack's account", () => {
    const error = invalid(() => read('arn:aws:firehose:us-east-1:210987654321:deliverystream/d'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      "DestinationStreamArn: is in account 210987654321; it must be in the stack's account 123456789012",
    );
  });

  it('names the property it reads', () => {
    expect(invalid(() => streamDestination({ Other: 'x' }, 'Other', stack(), ['kinesis'])).property).toBe('Other');
  });
});

describe('logGroupArn', () => {
  const read = (value: unknown, on: StackContext = stack()) => logGroupArn({ LogGroupArn: value }, 'LogGroupArn', on);
  const SHAPE = 'must be arn:<partition>:logs:<region>:<account>:log-group:<name>';

  it('reads a log group ARN', () => {
    expect(read(LOG_GROUP_ARN)).toBe(LOG_GROUP_ARN);
  });

  it('accepts a trailing ":*" and strips it', () => {
    expect(read(`${LOG_GROUP_ARN}:*`)).toBe(LOG_GROUP_ARN);
  });

  it('accepts every name character CloudWatch Logs allows, and a 512-character name', () => {
    expect(read('arn:aws:logs:us-east-1:123456789012:log-group:aZ09._-/#')).toBe(
      'arn:aws:logs:us-east-1:123456789012:log-group:aZ09._-/#',
    );
    const long = `arn:aws:logs:us-east-1:123456789012:log-group:${'g'.repeat(512)}`;
    expect(read(long)).toBe(long);
    expect(read(`${long}:*`)).toBe(long);
  });

  it('reads a log group in the stack partition (aws-us-gov) and in another Region', () => {
    expect(read('arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g:*', stack(GOV_STACK_ID))).toBe(
      'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g',
    );
    expect(read('arn:aws:logs:eu-west-1:123456789012:log-group:g')).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:g',
    );
  });

  it.each([
    ['a 513-character name', `arn:aws:logs:us-east-1:123456789012:log-group:${'g'.repeat(513)}`],
    ['an empty name', 'arn:aws:logs:us-east-1:123456789012:log-group:'],
    ['an empty name with :*', 'arn:aws:logs:us-east-1:123456789012:log-group::*'],
    ['a wildcard name', 'arn:aws:logs:us-east-1:123456789012:log-group:*'],
    ['a name with a wildcard', 'arn:aws:logs:us-east-1:123456789012:log-group:g*'],
    ['a name with a space', 'arn:aws:logs:us-east-1:123456789012:log-group:a b'],
    ['a name with a colon', 'arn:aws:logs:us-east-1:123456789012:log-group:a:b'],
    ['a log stream', 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s'],
    ['a trailing ":"', 'arn:aws:logs:us-east-1:123456789012:log-group:g:'],
    ['something after ":*"', 'arn:aws:logs:us-east-1:123456789012:log-group:g:*x'],
    ['a resource with a prefix', 'arn:aws:logs:us-east-1:123456789012:xlog-group:g'],
    ['no log-group prefix', 'arn:aws:logs:us-east-1:123456789012:g'],
    ['a destination', 'arn:aws:logs:us-east-1:123456789012:destination:d'],
    ['another service', 'arn:aws:firehose:us-east-1:123456789012:log-group:g'],
    ['no region', 'arn:aws:logs::123456789012:log-group:g'],
    ['a malformed region', 'arn:aws:logs:useast1:123456789012:log-group:g'],
    ['the account "aws"', 'arn:aws:logs:us-east-1:aws:log-group:g'],
    ['no account', 'arn:aws:logs:us-east-1::log-group:g'],
    ['a new line and more text', 'arn:aws:logs:us-east-1:123456789012:log-group:g\n*'],
  ])('rejects %s, naming LogGroupArn and the shape', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe(`LogGroupArn: ${SHAPE}, got "${quoted(value)}"`);
  });

  it.each([
    ['missing', undefined, 'LogGroupArn: is required'],
    ['a number', 5, 'LogGroupArn: must be a log group ARN, got a number'],
    ['an ARN with a prefix', ` ${LOG_GROUP_ARN}`, `LogGroupArn: must be a log group ARN, got " ${LOG_GROUP_ARN}"`],
  ])('rejects %s', (_label, value, message) => {
    expect(invalid(() => read(value)).message).toBe(message);
  });

  it('rejects a log group in another account, naming LogGroupArn', () => {
    const error = invalid(() => read('arn:aws:logs:us-east-1:210987654321:log-group:g'));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe(
      "LogGroupArn: is in account 210987654321; it must be in the stack's account 123456789012",
    );
  });

  it('rejects a log group in another partition, naming LogGroupArn', () => {
    const error = invalid(() => read('arn:aws-cn:logs:cn-north-1:123456789012:log-group:g'));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe('LogGroupArn: is in partition aws-cn, the stack is in aws');
  });
});

describe('optionalKmsKeyArn', () => {
  const read = (value: unknown, on: StackContext = stack()) => optionalKmsKeyArn({ KmsKeyArn: value }, 'KmsKeyArn', on);
  const SHAPE = 'must be arn:<partition>:kms:<region>:<account>:key/<key-id> (not an alias)';

  it('is undefined when absent', () => {
    expect(optionalKmsKeyArn({}, 'KmsKeyArn', stack())).toBeUndefined();
  });

  it('reads a key ARN and a multi-Region key ARN', () => {
    expect(read(KMS_KEY_ARN)).toBe(KMS_KEY_ARN);
    const mrk = 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(read(mrk)).toBe(mrk);
  });

  it.each([
    ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/my-key'],
    ['a wildcard key', 'arn:aws:kms:us-east-1:123456789012:key/*'],
    ['a key id with a suffix', `${KMS_KEY_ARN}x`],
    ['a key id with a prefix', 'arn:aws:kms:us-east-1:123456789012:key/x1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a resource with a prefix', 'arn:aws:kms:us-east-1:123456789012:xkey/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a short last group', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890a'],
    ['a long last group', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890abc'],
    ['a short first group', 'arn:aws:kms:us-east-1:123456789012:key/234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a non-hex key id', 'arn:aws:kms:us-east-1:123456789012:key/1234abcg-12ab-34cd-56ef-1234567890ab'],
    ['a short mrk id', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890a'],
    ['a long mrk id', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890abc'],
    ['a mrk id with a suffix', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890abx'],
    ['another service', 'arn:aws:kinesis:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['no account', 'arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['the account "aws"', 'arn:aws:kms:us-east-1:aws:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a new line and more text', `${KMS_KEY_ARN}\n*`],
  ])('rejects %s, naming KmsKeyArn and the shape', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('KmsKeyArn');
    expect(error.message).toBe(`KmsKeyArn: ${SHAPE}, got "${quoted(value)}"`);
  });

  it.each([
    ['a key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias name', 'alias/my-key'],
    ['an ARN with a prefix', ` ${KMS_KEY_ARN}`],
  ])('rejects %s (not an ARN)', (_label, value) => {
    expect(invalid(() => read(value)).message).toBe(`KmsKeyArn: must be a KMS key ARN, got "${value}"`);
  });

  it.each([
    ['another region', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['no region', 'arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another partition', 'arn:aws-cn:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another account', 'arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ])("rejects a key in %s, naming the stack's partition, region and account", (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('KmsKeyArn');
    expect(error.message).toBe(
      "KmsKeyArn: must be in the stack's partition, region and account (aws, us-east-1, 123456789012)",
    );
  });

  it('accepts a key in the stack partition and region (aws-cn)', () => {
    const key = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(read(key, stack(CN_STACK_ID))).toBe(key);
  });
});
