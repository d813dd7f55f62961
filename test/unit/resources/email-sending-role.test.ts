import { beforeEach, describe, expect, it } from 'vitest';
import { emailSendingPolicy, pinpointAccountTrust } from '../../../src/policies.js';
import type * as Module from '../../../src/resources/email-sending-role.js';
import { CN_STACK_ID, fresh, invalid, stack } from '../fixtures.js';

// The module under test, loaded afresh for each test (its property list and patterns are top-level): see fresh().
let emailSendingRole: typeof Module.emailSendingRole;
beforeEach(
  async () => ({ emailSendingRole } = await fresh(() => import('../../../src/resources/email-sending-role.js'))),
);

const parse = (raw: Record<string, unknown> = {}, on = stack()) =>
  emailSendingRole.parse({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', ...raw }, on);
const resources = (raw: Record<string, unknown>) => parse(raw).permissions.Statement[0]?.Resource;

describe('Custom::PinpointEmailSendingRole', () => {
  it('lists its accepted properties', () => {
    expect([...emailSendingRole.properties].sort()).toEqual([
      'ConfigurationSets',
      'Identities',
      'RoleName',
      'RolePath',
      'Tags',
    ]);
  });

  it('defaults: a role only, the account trust, sending on every identity and set; needs its opt-in', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual({ Kind: 'EmailSendingRole' });
    expect(plan.data).toEqual({});
    expect(plan.target).toBeUndefined();
    expect(plan.trust).toEqual(pinpointAccountTrust(stack()));
    expect(plan.permissions).toEqual(emailSendingPolicy(stack(), undefined, undefined));
    expect(plan.optIn).toBe('enableEmailSendingRole');
  });

  it('Identities and ConfigurationSets narrow the resources', () => {
    expect(
      resources({ Identities: ['example.com', 'ops+alerts@example.com'], ConfigurationSets: ['transactional'] }),
    ).toEqual([
      'arn:aws:ses:us-east-1:123456789012:identity/example.com',
      'arn:aws:ses:us-east-1:123456789012:identity/ops+alerts@example.com',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/transactional',
    ]);
    expect(resources({ ConfigurationSets: ['a', 'b'] })).toEqual([
      'arn:aws:ses:us-east-1:123456789012:identity/*',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/a',
      'arn:aws:ses:us-east-1:123456789012:configuration-set/b',
    ]);
  });

  it('takes the partition from the stack (aws-cn)', () => {
    expect(parse({}, stack(CN_STACK_ID)).permissions.Statement[0]?.Resource).toEqual([
      'arn:aws-cn:ses:cn-north-1:123456789012:identity/*',
      'arn:aws-cn:ses:cn-north-1:123456789012:configuration-set/*',
    ]);
  });

  it('reads the common role properties', () => {
    expect(parse({ RoleName: 'sender', RolePath: '/mail/', Tags: [{ Key: 'team', Value: 'mail' }] }).role).toEqual({
      roleName: 'sender',
      rolePath: '/mail/',
      tags: [{ Key: 'team', Value: 'mail' }],
    });
  });

  it('accepts every identity character of an address or domain, and 320 characters', () => {
    const identity = "a!#$%&'+=^_`{|}~.@-Z9";
    expect(resources({ Identities: [identity] })).toContain(`arn:aws:ses:us-east-1:123456789012:identity/${identity}`);
    expect(resources({ Identities: ['i'.repeat(320)] })).toContain(
      `arn:aws:ses:us-east-1:123456789012:identity/${'i'.repeat(320)}`,
    );
    expect(resources({ ConfigurationSets: ['c'.repeat(64)] })).toContain(
      `arn:aws:ses:us-east-1:123456789012:configuration-set/${'c'.repeat(64)}`,
    );
  });

  it.each([
    ['Identities', { Identities: ['*'] }, 'an email address or domain (no wildcards)'],
    ['Identities', { Identities: ['*.example.com'] }, 'no wildcards'],
    ['Identities', { Identities: ['example.com*'] }, 'no wildcards'],
    ['Identities', { Identities: ['exa?ple.com'] }, 'no wildcards'],
    ['Identities', { Identities: ['a/b'] }, 'no wildcards'],
    ['Identities', { Identities: ['a b'] }, 'no wildcards'],
    ['Identities', { Identities: [''] }, 'no wildcards'],
    ['Identities', { Identities: ['i'.repeat(321)] }, 'no wildcards'],
    ['Identities', { Identities: ['arn:aws:ses:us-east-1:123456789012:identity/x'] }, 'no wildcards'],
    ['Identities', { Identities: 'example.com' }, 'non-empty list'],
    ['Identities', { Identities: [] }, 'non-empty list'],
    ['Identities', { Identities: ['a.com', 'a.com'] }, 'listed twice'],
    ['ConfigurationSets', { ConfigurationSets: ['*'] }, 'a configuration set name (1-64 letters, digits, _ or -)'],
    ['ConfigurationSets', { ConfigurationSets: ['has space'] }, '1-64 letters'],
    ['ConfigurationSets', { ConfigurationSets: ['*abc'] }, '1-64 letters'],
    ['ConfigurationSets', { ConfigurationSets: ['abc*'] }, '1-64 letters'],
    ['ConfigurationSets', { ConfigurationSets: ['c'.repeat(65)] }, '1-64 letters'],
    ['ConfigurationSets', { ConfigurationSets: [''] }, '1-64 letters'],
    [
      'ApplicationId',
      { ApplicationId: 'abc' },
      'unknown property; accepted: RoleName, RolePath, Tags, Identities, ConfigurationSets',
    ],
    [
      'PermissionsBoundary',
      { PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b' },
      'ROLE_PERMISSIONS_BOUNDARY_ARN',
    ],
    ['RolePath', { RolePath: 'mail' }, 'a path such as'],
  ])('names %s when it is wrong: %j', (property, raw, message) => {
    const error = invalid(() => parse(raw));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it('narrowing Identities or ConfigurationSets does not replace the role (not in the binding)', () => {
    expect(parse({ Identities: ['a.com'], ConfigurationSets: ['x'] }).binding).toEqual(parse().binding);
  });
});
