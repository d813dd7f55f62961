import { beforeEach, describe, expect, it } from 'vitest';
import type * as Stack from '../../src/stack.js';
import { CN_STACK_ID, fresh, GOV_STACK_ID, invalid, LOGICAL_ID, STACK_ID, stack } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let formatArn: typeof Stack.formatArn;
let parseArn: typeof Stack.parseArn;
let outsideHome: typeof Stack.outsideHome;
let REGION: typeof Stack.REGION;
let stackContext: typeof Stack.stackContext;
beforeEach(
  async () =>
    ({ formatArn, outsideHome, parseArn, REGION, stackContext } = await fresh(() => import('../../src/stack.js'))),
);

const stackIdOf = (resource: string, region = 'us-east-1') =>
  `arn:aws:cloudformation:${region}:123456789012:${resource}`;

describe('stackContext', () => {
  it('reads partition, region, account and stack name from the StackId', () => {
    expect(stackContext(STACK_ID, LOGICAL_ID)).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      stackId: STACK_ID,
      stackName: 'my-stack',
      logicalId: LOGICAL_ID,
    });
  });

  it.each([
    [CN_STACK_ID, 'aws-cn', 'cn-north-1'],
    [GOV_STACK_ID, 'aws-us-gov', 'us-gov-west-1'],
  ])('supports other partitions: %s', (stackId, partition, region) => {
    const context = stackContext(stackId, LOGICAL_ID);
    expect(context.partition).toBe(partition);
    expect(context.region).toBe(region);
    expect(context.account).toBe('123456789012');
  });

  it('accepts a stack name of 1 and of exactly 128 characters', () => {
    expect(stackContext(stackIdOf('stack/S/abc'), LOGICAL_ID).stackName).toBe('S');
    const name = `S${'a-'.repeat(63)}b`;
    expect(stackContext(stackIdOf(`stack/${name}/abc`), LOGICAL_ID).stackName).toBe(name);
  });

  it.each([
    ['not an ARN', 'my-stack'],
    ['not a string', 42],
    ['missing', undefined],
    ['another service', 'arn:aws:sns:us-east-1:123456789012:stack/my-stack/abc'],
    ['a bad region', stackIdOf('stack/my-stack/abc', 'useast1')],
    ['a region with a prefix', stackIdOf('stack/my-stack/abc', 'xus-east-1')],
    ['a region with a suffix', stackIdOf('stack/my-stack/abc', 'us-east-1x')],
    ['no region', stackIdOf('stack/my-stack/abc', '')],
    ['a bad account', 'arn:aws:cloudformation:us-east-1:1234:stack/my-stack/abc'],
    ['the account "aws"', 'arn:aws:cloudformation:us-east-1:aws:stack/my-stack/abc'],
    ['no stack id part', stackIdOf('stack/my-stack')],
    ['an empty stack id part', stackIdOf('stack/my-stack/')],
    ['a stack set', 'arn:aws:cloudformation:us-east-1:123456789012:stackset/my-set:abc'],
    ['a resource with a prefix', stackIdOf('xstack/my-stack/abc')],
    ['a stack id part with a suffix', stackIdOf('stack/my-stack/abc/def')],
    ['a stack name starting with a digit', stackIdOf('stack/1stack/abc')],
    ['a stack name with an underscore', stackIdOf('stack/my_stack/abc')],
    ['a 129-character stack name', stackIdOf(`stack/S${'a'.repeat(128)}/abc`)],
    ['an ARN with a prefix', ` ${STACK_ID}`],
    ['an ARN followed by a new line', `${STACK_ID}\nx`],
    ['a list holding the ARN', [STACK_ID]],
    ['an object whose text is the ARN', { toString: () => STACK_ID }],
  ])('rejects a StackId that is %s, naming StackId', (_label, stackId) => {
    const error = invalid(() => stackContext(stackId, LOGICAL_ID));
    expect(error.property).toBe('StackId');
    expect(error.message).toBe('StackId: is not a CloudFormation stack ARN');
  });

  it('rejects an unsupported partition, listing the supported ones', () => {
    const error = invalid(() =>
      stackContext('arn:aws-iso:cloudformation:us-iso-east-1:123456789012:stack/s/abc', LOGICAL_ID),
    );
    expect(error.property).toBe('StackId');
    expect(error.message).toBe('StackId: partition aws-iso is not supported (supported: aws, aws-cn, aws-us-gov)');
  });

  it.each([undefined, '', 'My-Id', 'My_Id', 'x'.repeat(256), 7])('rejects LogicalResourceId %j', (logicalId) => {
    const error = invalid(() => stackContext(STACK_ID, logicalId));
    expect(error.property).toBe('LogicalResourceId');
    expect(error.message).toBe('LogicalResourceId: must be 1-255 letters and digits');
  });

  it('accepts a 1-character and a 255-character logical id', () => {
    expect(stackContext(STACK_ID, 'L').logicalId).toBe('L');
    expect(stackContext(STACK_ID, 'L'.repeat(255)).logicalId).toHaveLength(255);
  });
});

describe('REGION', () => {
  it.each(['us-east-1', 'eu-west-3', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-2'])('accepts %s', (region) => {
    expect(REGION.test(region)).toBe(true);
  });

  it.each(['', 'useast1', 'us-east', 'us-east-12', 'xus-east-1', 'us-east-1x', 'US-EAST-1', 'u-east-1', 'use-east-1'])(
    'rejects %j',
    (region) => {
      expect(REGION.test(region)).toBe(false);
    },
  );
});

describe('ARNs', () => {
  it('parseArn splits the five parts (resource may contain colons)', () => {
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:x:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'us-east-1',
      account: '123456789012',
      resource: 'log-group:x:*',
    });
  });

  it('parseArn accepts an empty region and the account "aws" or none (IAM, S3, AWS managed policies)', () => {
    expect(parseArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toEqual({
      partition: 'aws',
      service: 'iam',
      region: '',
      account: 'aws',
      resource: 'policy/ReadOnlyAccess',
    });
    expect(parseArn('arn:aws:s3:::bucket')?.account).toBe('');
  });

  it.each([
    'not:an:arn',
    'arn:aws:logs:us-east-1:123456789012:',
    'arn:aws:logs:us-east-1:1234567890123:log-group:x',
    'arn:aws:logs:us-east-1:12345678901:log-group:x',
    'arn:AWS:logs:us-east-1:123456789012:log-group:x',
    'arn:aws:Logs:us-east-1:123456789012:log-group:x',
    'arn::logs:us-east-1:123456789012:log-group:x',
    'arn:aws::us-east-1:123456789012:log-group:x',
    ' arn:aws:logs:us-east-1:123456789012:log-group:x',
    'xarn:aws:logs:us-east-1:123456789012:log-group:x',
    'arn:aws:logs:us-east-1:123456789012:log-group:x\n*',
  ])('parseArn rejects %j', (value) => {
    expect(parseArn(value)).toBeUndefined();
  });

  it('formatArn builds from the stack, never a hard-coded partition', () => {
    expect(formatArn(stack(CN_STACK_ID), 'mobiletargeting', 'apps/a')).toBe(
      'arn:aws-cn:mobiletargeting:cn-north-1:123456789012:apps/a',
    );
    expect(formatArn(stack(), 'ses', 'identity/*')).toBe('arn:aws:ses:us-east-1:123456789012:identity/*');
    expect(formatArn(stack(), 'ses', 'identity/*', 'eu-west-1')).toBe('arn:aws:ses:eu-west-1:123456789012:identity/*');
  });
});

describe('outsideHome: the stacks a function may serve', () => {
  it('serves a stack of its own Region and account, and checks nothing it does not know', () => {
    expect(outsideHome(stack(), { region: 'us-east-1', account: '123456789012' })).toBeUndefined();
    expect(outsideHome(stack(), {})).toBeUndefined();
  });

  it('names the account first, then the Region', () => {
    expect(outsideHome(stack(), { region: 'eu-west-1', account: '210987654321' })).toBe(
      'the stack is in account 123456789012; this function serves account 210987654321',
    );
    expect(outsideHome(stack(), { region: 'eu-west-1' })).toBe(
      'the stack is in Region us-east-1; this function serves eu-west-1',
    );
  });
});
