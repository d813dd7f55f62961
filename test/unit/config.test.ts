import { beforeEach, describe, expect, it } from 'vitest';
import type * as Config from '../../src/config.js';
import { ValidationError } from '../../src/errors.js';
import { BOUNDARY_ARN, fresh, invalid } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let DEFAULT_PROPAGATION_TIMEOUT_SECONDS: typeof Config.DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
let readConfig: typeof Config.readConfig;
let readDeployment: typeof Config.readDeployment;
beforeEach(
  async () =>
    ({ DEFAULT_PROPAGATION_TIMEOUT_SECONDS, readConfig, readDeployment } = await fresh(
      () => import('../../src/config.js'),
    )),
);

describe('readConfig: the whole environment, read once', () => {
  it("reads the function's Region, name and the loopback opt-in, and the deployment", () => {
    expect(
      readConfig({
        AWS_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_NAME: 'pinpoint-event-stream-resource',
        ALLOW_LOOPBACK_RESPONSE_URL: 'true',
        DEPLOYMENT_ID: 'messaging',
      }),
    ).toEqual({
      region: 'eu-west-1',
      functionName: 'pinpoint-event-stream-resource',
      allowLoopbackResponseUrl: true,
      deployment: readDeployment({ DEPLOYMENT_ID: 'messaging' }),
    });
  });

  it('outside Lambda: no Region, the function name "local", no loopback', () => {
    expect(readConfig({})).toEqual({
      region: undefined,
      functionName: 'local',
      allowLoopbackResponseUrl: false,
      deployment: readDeployment({}),
    });
    expect(readConfig({ AWS_LAMBDA_FUNCTION_NAME: '' }).functionName).toBe('local');
  });

  it.each(['', 'useast1', 'us-east', 'US-EAST-1', 'us-east-1 '])(
    'takes a malformed AWS_REGION %j as none',
    (region) => {
      expect(readConfig({ AWS_REGION: region }).region).toBeUndefined();
    },
  );

  it('never throws for a malformed setting: the deployment is the ValidationError naming the variable', () => {
    const config = readConfig({ AWS_REGION: 'us-east-1', DEPLOYMENT_ID: 'not a stack name' });
    expect(config.region).toBe('us-east-1');
    expect(config.deployment).toBeInstanceOf(ValidationError);
    expect((config.deployment as ValidationError).property).toBe('DEPLOYMENT_ID');
  });

  it('rethrows anything but a ValidationError (a bug, not a setting)', () => {
    const env = new Proxy({} as Record<string, string>, {
      get(_target, name) {
        if (name === 'MANAGED_ROLE_PATH_PREFIX') throw new TypeError('broken environment');
        return undefined;
      },
    });
    expect(() => readConfig(env)).toThrow(TypeError);
  });
});

describe('readDeployment defaults', () => {
  it('uses the defaults when nothing is set (local runs)', () => {
    expect(readDeployment({})).toEqual({
      managedPathPrefix: 'pinpoint-event-stream',
      permissionsBoundaryArn: undefined,
      propagationTimeoutMs: 120_000,
      deploymentId: undefined,
      allowTakeover: false,
      enableEmailSendingRole: false,
    });
    expect(DEFAULT_PROPAGATION_TIMEOUT_SECONDS).toBe(120);
  });

  it('treats empty values as unset (a template parameter left empty)', () => {
    expect(
      readDeployment({
        MANAGED_ROLE_PATH_PREFIX: '',
        ROLE_PERMISSIONS_BOUNDARY_ARN: '',
        PROPAGATION_TIMEOUT_SECONDS: '',
        DEPLOYMENT_ID: '',
        ALLOW_TAKEOVER: '',
        ENABLE_EMAIL_SENDING_ROLE: '',
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
        DEPLOYMENT_ID: 'messaging-platform',
        ALLOW_TAKEOVER: 'true',
        ENABLE_EMAIL_SENDING_ROLE: 'true',
      }),
    ).toEqual({
      managedPathPrefix: 'team-a',
      permissionsBoundaryArn: BOUNDARY_ARN,
      propagationTimeoutMs: 300_000,
      deploymentId: 'messaging-platform',
      allowTakeover: true,
      enableEmailSendingRole: true,
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
      'MANAGED_ROLE_PATH_PREFIX: must be 1-64 letters, digits or +=,.@_- (one IAM path segment), ' +
        `got "${'y'.repeat(80)}"`,
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
  it.each<[string, boolean]>([
    ['true', true],
    ...['TRUE', 'True', '1', 'yes', 'on', ' true', 'true ', 'false', ''].map((value): [string, boolean] => [
      value,
      false,
    ]),
  ])('%j: loopback is %s (only exactly "true" turns it on)', (value, on) => {
    expect(readConfig({ ALLOW_LOOPBACK_RESPONSE_URL: value }).allowLoopbackResponseUrl).toBe(on);
  });
});

describe.each([
  ['ALLOW_TAKEOVER', 'allowTakeover'],
  ['ENABLE_EMAIL_SENDING_ROLE', 'enableEmailSendingRole'],
] as const)('%s (off by default)', (variable, setting) => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
  ])('%j is %s', (value, on) => {
    expect(readDeployment({ [variable]: value })[setting]).toBe(on);
  });

  it.each(['TRUE', 'True', '1', 'yes', ' true', 'true ', 'False'])('refuses %j, naming the variable', (value) => {
    const error = invalid(() => readDeployment({ [variable]: value }));
    expect(error.property).toBe(variable);
    expect(error.message).toBe(`${variable}: must be "true" or "false", got "${value}"`);
  });

  it('quotes at most 80 characters of a bad value', () => {
    expect(invalid(() => readDeployment({ [variable]: 'x'.repeat(200) })).message).toContain(`"${'x'.repeat(80)}"`);
    expect(invalid(() => readDeployment({ [variable]: 'x'.repeat(200) })).message).not.toContain('x'.repeat(81));
  });
});

describe('DEPLOYMENT_ID', () => {
  it.each(['a', 'messaging-platform', 'A1-b2', `S${'a'.repeat(127)}`])('accepts the stack name %j', (id) => {
    expect(readDeployment({ DEPLOYMENT_ID: id }).deploymentId).toBe(id);
  });

  it.each(['1abc', '-abc', 'has space', 'under_score', 'dot.ted', `S${'a'.repeat(128)}`, 'ünï', 'a\nb'])(
    'refuses %j (not a CloudFormation stack name), naming the variable',
    (id) => {
      const error = invalid(() => readDeployment({ DEPLOYMENT_ID: id }));
      expect(error.property).toBe('DEPLOYMENT_ID');
      expect(error.message).toBe(`DEPLOYMENT_ID: must be a CloudFormation stack name, got "${id.slice(0, 80)}"`);
    },
  );
});
