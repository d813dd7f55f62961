import { describe, expect, it } from 'vitest';
import {
  AwsCallError,
  awsErrorName,
  DeadlineError,
  describe as describeError,
  EndOfSupportError,
  OwnershipError,
  RefusedEventError,
  ResourceError,
  UnsupportedRequestError,
  ValidationError,
} from '../../src/errors.js';
import { awsError } from './fixtures.js';

describe('errors', () => {
  it('ValidationError names the property first and keeps it', () => {
    const error = new ValidationError('DestinationStreamArn', 'must be a stream ARN');
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe('DestinationStreamArn: must be a stream ARN');
    expect(error.name).toBe('ValidationError');
    expect(error).toBeInstanceOf(ResourceError);
    expect(error).toBeInstanceOf(Error);
  });

  it('AwsCallError names the call and the AWS error, and keeps the cause', () => {
    const cause = awsError('AccessDenied', 'User is not authorized');
    const error = new AwsCallError('iam:CreateRole', cause);
    expect(error.message).toBe('iam:CreateRole failed: AccessDenied: User is not authorized');
    expect(error.call).toBe('iam:CreateRole');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('AwsCallError');
    expect(error).toBeInstanceOf(ResourceError);
  });

  it('AwsCallError describes a cause without a message, or not an Error', () => {
    expect(new AwsCallError('iam:GetRole', awsError('NoSuchEntity', '')).message).toBe(
      'iam:GetRole failed: NoSuchEntity',
    );
    expect(new AwsCallError('iam:GetRole', 'boom').message).toBe('iam:GetRole failed: boom');
  });

  it('EndOfSupportError keeps the AWS call error first, then the advice, and the cause', () => {
    const cause = new AwsCallError('mobiletargeting:PutEventStream', awsError('ForbiddenException', 'gone'));
    const error = new EndOfSupportError(cause, 'Pinpoint event streams reached end of support on 2026-10-30.');
    expect(error.message).toBe(
      'mobiletargeting:PutEventStream failed: ForbiddenException: gone. ' +
        'Pinpoint event streams reached end of support on 2026-10-30.',
    );
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('EndOfSupportError');
    expect(error).toBeInstanceOf(ResourceError);
  });

  // Built inside the test (not in the table): the table is evaluated when the file loads.
  it.each([
    [OwnershipError, 'OwnershipError'],
    [DeadlineError, 'DeadlineError'],
    [UnsupportedRequestError, 'UnsupportedRequestError'],
    [RefusedEventError, 'RefusedEventError'],
    [ResourceError, 'ResourceError'],
  ])('%o is a ResourceError named %s, keeping its message', (ErrorClass, name) => {
    const error = new ErrorClass('x');
    expect(error).toBeInstanceOf(ResourceError);
    expect(error.name).toBe(name);
    expect(error.message).toBe('x');
  });

  it('the classes are distinct (one is never taken for another)', () => {
    expect(new RefusedEventError('x')).not.toBeInstanceOf(ValidationError);
    expect(new DeadlineError('x')).not.toBeInstanceOf(AwsCallError);
    expect(new ValidationError('p', 'x')).not.toBeInstanceOf(UnsupportedRequestError);
  });

  it('describe gives name: message, the name alone, or the string', () => {
    expect(describeError(new TypeError('bad'))).toBe('TypeError: bad');
    expect(describeError(new RangeError())).toBe('RangeError');
    expect(describeError(new ValidationError('Tags', 'bad'))).toBe('ValidationError: Tags: bad');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(42)).toBe('42');
  });

  it('awsErrorName reads the SDK error name', () => {
    expect(awsErrorName(awsError('NoSuchEntityException', 'x'))).toBe('NoSuchEntityException');
    expect(awsErrorName({ name: 'NotAnError' })).toBeUndefined();
    expect(awsErrorName(undefined)).toBeUndefined();
  });
});
