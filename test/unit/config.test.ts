import { beforeEach, describe, expect, it } from 'vitest';
import type * as Config from '../../src/config.js';
import { BOUNDARY_ARN, fresh, invalid } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let DEFAULT_MANAGED_PATH_PREFIX: typeof Config.DEFAULT_MANAGED_PATH_PREFIX;
let DEFAULT_PROPAGATION_TIMEOUT_SECONDS: typeof Config.DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
let readDeployment: typeof Config.readDeployment;
beforeEach(
  async () =>
    ({ DEFAULT_MANAGED_PATH_PREFIX, DEFAULT_PROPAGATION_TIMEOUT_SECONDS, readDeployment } = await fresh(
      () => import('../../src/config.js'),
    )),
);

describe('readDeployment defaults', () => {
  it('uses the defaults when nothing is set (local runs)', () => {
    expect(readDeployment({})).toEqual({
      managedPathPrefix: 'pinpoint-event-stream',
      permissionsBoundaryArn: undefined,
      propagationTimeoutMs: 120_000,
      allowLoopbackResponseUrl: false,
    });
    expect(DEFAULT_MANAGED_PATH_PREFIX).toBe('pinpoint-event-stream');
    expect(DEFAULT_PROPAGATION_TIMEOUT_SECONDS).toBe(120);
  });

  it('treats empty values as unset (a template parameter left empty)', () => {
    expect(
      readDeployment({
        MANAGED_ROLE_PATH_PREFIX: '',
        ROLE_PERMISSIONS_BOUNDARY_ARN: '',
        PROPAGATION_TIMEOUT_SECONDS: '',
        ALLOW_LOOPBACK_RESPONSE_URL: '',
      }),
    ).toEqual(readDeployment({}));
  });

  it('ignores unrelated variables', () => {
    expect(readDeployment({ AWS_REGION: 'eu-west-1', PATH: '/usr/bin' })).toEqual(readDeployment({}));
  });

  it('reads every setting when given', () => {
    expect(
      readDeployment({
        MANAGED_ROLE_PATH_PREFIX: 'team-a',
        ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN,
        PROPAGATION_TIMEOUT_SECONDS: '300',
        ALLOW_LOOPBACK_RESPONSE_URL: 'true',
      }),
    ).toEqual({
      managedPathPrefix: 'team-a',
      permissionsBoundaryArn: BOUNDARY_ARN,
      propagationTimeoutMs: 300_000,
      allowLoopbackResponseUrl: true,
    });
  });
});

describe('MANAGED_ROLE_PATH_PREFIX', () => {
  it.each(['a', 'team-a', 'Team_A.b@c+d=e,f', 'x'.repeat(64), '0123'])('accepts one IAM path segment: %j', (prefix) => {
    expect(readDeployment({ MANAGED_ROLE_PATH_PREFIX: prefix }).managedPathPrefix).toBe(prefix);
  });

  it.each(['a/b', '/a', 'a/', 'with space', 'x'.repeat(65), 'ünï', 'a*', 'a\nb', '..//'])(
    'refuses %j, naming the variable',
    (prefix) => {
      const error = invalid(() => readDeployment({ MANAGED_ROLE_PATH_PREFIX: prefix }));
      expect(error.property).toBe('MANAGED_ROLE_PATH_PREFIX');
      expect(error.message).toMatch(/^MANAGED_ROLE_PATH_PREFIX: /);
    },
  );

  it('clips a long bad value in the message', () => {
    const error = invalid(() => readDeployment({ MANAGED_ROLE_PATH_PREFIX: '/'.repeat(1000) }));
    expect(error.message.length).toBeLessThan(300);
  });

  it('says what a prefix may be and quotes the value (at most 80 characters of it)', () => {
    expect(invalid(() => readDeployment({ MANAGED_ROLE_PATH_PREFIX: 'a/b' })).message).toBe(
      'MANAGED_ROLE_PATH_PREFIX: must be 1-64 letters, digits or +=,.@_- (one IAM path segment), got "a/b"',
    );
    expect(invalid(() => readDeployment({ MANAGED_ROLE_PATH_PREFIX: `${'y'.repeat(80)}/z` })).message).toBe(
      `MANAGED_ROLE_PATH_PREFIX: must be 1-64 letters, digits or +=,.@_- (one IAM path segment), got "${'y'.repeat(80)}"`,
    );
  });
});

describe('ROLE_PERMISSIONS_BOUNDARY_ARN', () => {
  it.each([
    BOUNDARY_ARN,
    'arn:aws:iam::123456789012:policy/team/sub/boundary',
    'arn:aws-cn:iam::123456789012:policy/boundary',
    'arn:aws-us-gov:iam::123456789012:policy/boundary',
    'arn:aws:iam::aws:policy/PowerUserAccess',
    'arn:aws:iam::123456789012:policy/a+b=c,d.e@f_g-h',
  ])('accepts the managed policy ARN %s', (arn) => {
    expect(readDeployment({ ROLE_PERMISSIONS_BOUNDARY_ARN: arn }).permissionsBoundaryArn).toBe(arn);
  });

  it.each([
    ['not an ARN', 'boundary'],
    ['a role ARN', 'arn:aws:iam::123456789012:role/boundary'],
    ['a role ARN whose path holds policy/', 'arn:aws:iam::123456789012:role/policy/boundary'],
    ['a policy ARN of another service', 'arn:aws:s3::123456789012:policy/boundary'],
    ['an IAM ARN with a region', 'arn:aws:iam:us-east-1:123456789012:policy/boundary'],
    ['no policy name', 'arn:aws:iam::123456789012:policy/'],
    ['a path without a name', 'arn:aws:iam::123456789012:policy/team/'],
    ['a wildcard', 'arn:aws:iam::123456789012:policy/*'],
    ['a malformed account', 'arn:aws:iam::1234:policy/boundary'],
    ['a name too long', `arn:aws:iam::123456789012:policy/${'p'.repeat(129)}`],
    ['trailing spaces', `${BOUNDARY_ARN} `],
  ])('refuses %s, naming the variable', (_label, arn) => {
    const error = invalid(() => readDeployment({ ROLE_PERMISSIONS_BOUNDARY_ARN: arn }));
    expect(error.property).toBe('ROLE_PERMISSIONS_BOUNDARY_ARN');
    expect(error.message).toMatch(/^ROLE_PERMISSIONS_BOUNDARY_ARN: .*IAM managed policy ARN/);
  });

  it('quotes at most 80 characters of a bad value', () => {
    const arn = `arn:aws:iam::123456789012:role/${'r'.repeat(100)}`;
    expect(invalid(() => readDeployment({ ROLE_PERMISSIONS_BOUNDARY_ARN: arn })).message).toBe(
      `ROLE_PERMISSIONS_BOUNDARY_ARN: must be an IAM managed policy ARN, got "${arn.slice(0, 80)}"`,
    );
  });
});

describe('PROPAGATION_TIMEOUT_SECONDS', () => {
  it.each([
    ['1', 1_000],
    ['60', 60_000],
    ['120', 120_000],
    ['900', 900_000],
  ])('accepts %s seconds', (value, ms) => {
    expect(readDeployment({ PROPAGATION_TIMEOUT_SECONDS: value }).propagationTimeoutMs).toBe(ms);
  });

  it.each(['0', '-5', '901', '3600', '1.5', '0.5', 'abc', 'NaN', 'Infinity', '12s'])(
    'refuses %j, naming the variable and the range',
    (value) => {
      const error = invalid(() => readDeployment({ PROPAGATION_TIMEOUT_SECONDS: value }));
      expect(error.property).toBe('PROPAGATION_TIMEOUT_SECONDS');
      expect(error.message).toMatch(/^PROPAGATION_TIMEOUT_SECONDS: .*whole number.*1 to 900/);
      expect(error.message).toContain(value);
    },
  );
});

describe('ALLOW_LOOPBACK_RESPONSE_URL', () => {
  it('is on only when exactly "true"', () => {
    expect(readDeployment({ ALLOW_LOOPBACK_RESPONSE_URL: 'true' }).allowLoopbackResponseUrl).toBe(true);
  });

  it.each(['TRUE', 'True', '1', 'yes', 'on', ' true', 'true ', 'false', ''])('is off for %j', (value) => {
    expect(readDeployment({ ALLOW_LOOPBACK_RESPONSE_URL: value }).allowLoopbackResponseUrl).toBe(false);
  });
});
