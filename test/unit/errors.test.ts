import { describe, expect, it } from 'vitest';
import { AwsCallError, awsErrorName, DeadlineError, describe as describeError, OwnershipError, ResourceError, UnsupportedRequestError, ValidationError } from '../../src/errors.js';

describe('errors', () => {
  it('ValidationError names the property first and keeps it', () => {
    const error = new ValidationError('DestinationStreamArn', 'must be a stream ARN');
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe('DestinationStreamArn: must be a stream ARN');
    expect(error.name).toBe('ValidationError');
    expect(error).toBeInstanceOf(ResourceError);
  });

  it('AwsCallError names the call and the AWS error, and keeps the cause', () => {
    const cause = Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' });
    const error = new AwsCallError('iam:CreateRole', cause);
    expect(error.message).toBe('iam:CreateRole failed: AccessDenied: User is not authorized');
    expect(error.call).toBe('iam:CreateRole');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(ResourceError);
  });

  it.each([
    [new OwnershipError('x'), 'OwnershipError'],
    [new DeadlineError('x'), 'DeadlineError'],
    [new UnsupportedRequestError('x'), 'UnsupportedRequestError'],
  ])('%s is a ResourceError named %s', (error, name) => {
    expect(error).toBeInstanceOf(ResourceError);
    expect(error.name).toBe(name);
  });

  it('describe gives name: message, the name alone, or the string', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError(new RangeError())).toBe('RangeError');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('undefined');
  });

  it('awsErrorName reads the SDK error name', () => {
    expect(awsErrorName(Object.assign(new Error('x'), { name: 'NoSuchEntityException' }))).toBe('NoSuchEntityException');
    expect(awsErrorName({ name: 'NotAnError' })).toBeUndefined();
  });
});
