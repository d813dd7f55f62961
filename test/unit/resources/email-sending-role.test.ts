import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { emailSendingPolicy, pinpointAccountTrust } from '../../../src/policies.js';
import { emailSendingRole } from '../../../src/resources/email-sending-role.js';
import { STACK } from '../fixtures.js';

function invalid(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const parse = (raw: Record<string, unknown> = {}) => emailSendingRole.parse({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', ...raw }, STACK);

describe('Custom::PinpointEmailSendingRole', () => {
  it('defaults: common role properties, no narrowing', () => {
    expect(parse()).toEqual({ roleName: undefined, rolePath: '/', permissionsBoundary: undefined, tags: [], identities: undefined, configurationSets: undefined });
  });

  it('reads Identities and ConfigurationSets', () => {
    const props = parse({ Identities: ['example.com', 'ops+alerts@example.com'], ConfigurationSets: ['transactional'] });
    expect(props.identities).toEqual(['example.com', 'ops+alerts@example.com']);
    expect(props.configurationSets).toEqual(['transactional']);
  });

  it('lists its accepted properties', () => {
    expect([...emailSendingRole.properties].sort()).toEqual(['ConfigurationSets', 'Identities', 'PermissionsBoundary', 'RoleName', 'RolePath', 'Tags']);
  });

  it.each([
    ['Identities', { Identities: ['*'] }],
    ['Identities', { Identities: ['*.example.com'] }],
    ['Identities', { Identities: ['a/b'] }],
    ['Identities', { Identities: ['arn:aws:ses:us-east-1:123456789012:identity/x'] }],
    ['Identities', { Identities: 'example.com' }],
    ['Identities', { Identities: [] }],
    ['ConfigurationSets', { ConfigurationSets: ['*'] }],
    ['ConfigurationSets', { ConfigurationSets: ['has space'] }],
    ['ConfigurationSets', { ConfigurationSets: ['c'.repeat(65)] }],
    ['ApplicationId', { ApplicationId: 'abc' }],
  ])('names %s when it is wrong', (property, raw) => {
    expect(invalid(() => parse(raw)).property).toBe(property);
  });

  it('uses the account trust and the sending policy', () => {
    const props = parse({ Identities: ['example.com'] });
    expect(emailSendingRole.trustPolicy(props, STACK)).toEqual(pinpointAccountTrust(STACK));
    expect(emailSendingRole.permissionsPolicy(props, STACK)).toEqual(emailSendingPolicy(STACK, ['example.com'], undefined));
  });

  it('has no target (role only) and returns no extra data', () => {
    expect(emailSendingRole.target).toBeUndefined();
    expect(emailSendingRole.data(parse())).toEqual({});
    expect(emailSendingRole.replaceExisting(parse())).toBe(false);
  });

  it('narrowing Identities does not replace the role (not in the binding)', () => {
    expect(emailSendingRole.binding(parse({ Identities: ['a.com'] }))).toEqual(emailSendingRole.binding(parse()));
  });
});
