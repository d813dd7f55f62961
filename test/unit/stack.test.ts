import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { formatArn, parseArn, parseRoleArn, roleArn, stackContext } from '../../src/stack.js';
import { CN_STACK_ID, GOV_STACK_ID, LOGICAL_ID, STACK, STACK_ID } from './fixtures.js';

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

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
    const stack = stackContext(stackId, LOGICAL_ID);
    expect(stack.partition).toBe(partition);
    expect(stack.region).toBe(region);
  });

  it.each([
    ['not an ARN', 'my-stack'],
    ['not a string', 42],
    ['missing', undefined],
    ['another service', 'arn:aws:sns:us-east-1:123456789012:stack/my-stack/abc'],
    ['a bad region', 'arn:aws:cloudformation:useast1:123456789012:stack/my-stack/abc'],
    ['a bad account', 'arn:aws:cloudformation:us-east-1:1234:stack/my-stack/abc'],
    ['no stack id part', 'arn:aws:cloudformation:us-east-1:123456789012:stack/my-stack'],
    ['a stack set', 'arn:aws:cloudformation:us-east-1:123456789012:stackset/my-set:abc'],
  ])('rejects a StackId that is %s, naming StackId', (_label, stackId) => {
    expect(validationError(() => stackContext(stackId, LOGICAL_ID)).property).toBe('StackId');
  });

  it('rejects an unsupported partition, listing the supported ones', () => {
    const error = validationError(() => stackContext('arn:aws-iso:cloudformation:us-iso-east-1:123456789012:stack/s/abc', LOGICAL_ID));
    expect(error.property).toBe('StackId');
    expect(error.message).toMatch(/aws-iso/);
    expect(error.message).toMatch(/aws, aws-cn, aws-us-gov/);
  });

  it.each([undefined, '', 'My-Id', 'x'.repeat(256), 7])('rejects LogicalResourceId %j', (logicalId) => {
    expect(validationError(() => stackContext(STACK_ID, logicalId)).property).toBe('LogicalResourceId');
  });

  it('accepts a 255-character logical id', () => {
    expect(stackContext(STACK_ID, 'L'.repeat(255)).logicalId).toHaveLength(255);
  });
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
    expect(parseArn('arn:aws:iam::aws:policy/ReadOnlyAccess')?.account).toBe('aws');
    expect(parseArn('not:an:arn')).toBeUndefined();
  });

  it('formatArn builds from the stack, never a hard-coded partition', () => {
    const cn = stackContext(CN_STACK_ID, LOGICAL_ID);
    expect(formatArn(cn, 'mobiletargeting', 'apps/a')).toBe('arn:aws-cn:mobiletargeting:cn-north-1:123456789012:apps/a');
    expect(formatArn(STACK, 'ses', 'identity/*', 'eu-west-1')).toBe('arn:aws:ses:eu-west-1:123456789012:identity/*');
  });

  it('roleArn joins path and name', () => {
    expect(roleArn(STACK, '/', 'r')).toBe('arn:aws:iam::123456789012:role/r');
    expect(roleArn(STACK, '/a/b/', 'r')).toBe('arn:aws:iam::123456789012:role/a/b/r');
    expect(roleArn(stackContext(GOV_STACK_ID, LOGICAL_ID), '/', 'r')).toBe('arn:aws-us-gov:iam::123456789012:role/r');
  });

  it('parseRoleArn reads path and name of a role of this account and partition', () => {
    expect(parseRoleArn(STACK, 'arn:aws:iam::123456789012:role/r')).toEqual({ path: '/', name: 'r' });
    expect(parseRoleArn(STACK, 'arn:aws:iam::123456789012:role/a/b/r+=,.@-_')).toEqual({ path: '/a/b/', name: 'r+=,.@-_' });
  });

  it.each([
    ['undefined', undefined],
    ['a placeholder id', 'create-failed-abc'],
    ['another account', 'arn:aws:iam::210987654321:role/r'],
    ['another partition', 'arn:aws-cn:iam::123456789012:role/r'],
    ['a user', 'arn:aws:iam::123456789012:user/r'],
    ['a regional ARN', 'arn:aws:iam:us-east-1:123456789012:role/r'],
    ['a name too long', `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`],
  ])('parseRoleArn rejects %s', (_label, value) => {
    expect(parseRoleArn(STACK, value)).toBeUndefined();
  });
});
