import { beforeEach, describe, expect, it } from 'vitest';
import type * as Roles from '../../src/roles.js';
import {
  CN_STACK_ID,
  DEPLOYMENT_ID,
  deployment,
  fresh,
  GOV_STACK_ID,
  invalid,
  MANAGED_PATH,
  OTHER_ACCOUNT_STACK_ID,
  OTHER_REGION_STACK_ID,
  STACK_ID,
  stack,
} from './fixtures.js';

// The module under test, loaded afresh for each test (its ARN pattern and limits are top-level): see fresh().
let R: typeof Roles;
beforeEach(async () => {
  R = await fresh(() => import('../../src/roles.js'));
});

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BINDING = { ApplicationId: 'app1', RolePath: '/', RoleName: '' };
const stackIdOf = (name: string, region = 'us-east-1', id = '1c2fa620-982a-11e3-aff7-50e2416294e0') =>
  `arn:aws:cloudformation:${region}:123456789012:stack/${name}/${id}`;
const scope = (overrides: Parameters<typeof deployment>[0] = {}, on = stack()) => ({
  stack: on,
  deployment: deployment(overrides),
});
const role = (rolePath = '/', roleName?: string) => ({ rolePath, roleName, tags: [] });

describe('managedPath and rolePathOf: where the roles of a deployment live', () => {
  it("is /<prefix>/<region>/, the deployment's prefix and the stack's Region", () => {
    expect(R.managedPath(scope())).toBe(MANAGED_PATH);
    expect(R.managedPath(scope({ managedPathPrefix: 'team' }, stack(OTHER_REGION_STACK_ID)))).toBe('/team/eu-west-1/');
  });

  it('nests "/" and a template RolePath below the managed path', () => {
    expect(R.rolePathOf(scope(), role('/'))).toBe(MANAGED_PATH);
    expect(R.rolePathOf(scope(), role('/a/b/'))).toBe(`${MANAGED_PATH}a/b/`);
  });

  it('accepts a whole path of exactly 512 characters and rejects 513, naming RolePath', () => {
    expect(R.MAX_ROLE_PATH).toBe(512);
    const fill = (n: number) => `/${'p'.repeat(n - MANAGED_PATH.length - 1)}/`; // the whole nested path is n characters
    expect(R.rolePathOf(scope(), role(fill(512)))).toHaveLength(512);
    expect(invalid(() => R.rolePathOf(scope(), role(fill(513)))).message).toBe(
      `RolePath: is nested below ${MANAGED_PATH}; the whole path must be at most 512 characters`,
    );
  });

  it('roleBinding adds the whole role path and RoleName to the kind binding', () => {
    expect(R.roleBinding(scope(), { ApplicationId: 'a' }, role('/t/', 'n'))).toEqual({
      ApplicationId: 'a',
      RolePath: `${MANAGED_PATH}t/`,
      RoleName: 'n',
    });
    expect(R.roleBinding(scope(), {}, role())).toEqual({ RolePath: MANAGED_PATH, RoleName: '' });
  });
});

describe('bindingFingerprint and changedKeys', () => {
  it('is a 16-hex-digit digest, independent of key order, stable across releases (stored on every role)', () => {
    expect(R.bindingFingerprint(BINDING)).toBe('d71d92d0a8cab537');
    expect(R.bindingFingerprint({ RolePath: '/', RoleName: '', ApplicationId: 'app1' })).toBe('d71d92d0a8cab537');
  });

  it.each([
    ['a value changes', { ...BINDING, ApplicationId: 'app2' }, BINDING],
    ['a key is renamed', { A: 'x' }, { B: 'x' }],
    ['a key is added', { A: 'x' }, { A: 'x', B: '' }],
    ['values concatenate alike', { A: 'ab', B: 'c' }, { A: 'a', B: 'bc' }],
  ])('differs when %s', (_label, a, b) => {
    expect(R.bindingFingerprint(a)).not.toBe(R.bindingFingerprint(b));
  });

  it('changedKeys lists the keys whose values differ (added and removed ones too), sorted', () => {
    expect(R.changedKeys({ z: '1', m: '1', a: '1', c: '1' }, { z: '2', m: '2', a: '2', c: '1' })).toEqual([
      'a',
      'm',
      'z',
    ]);
    expect(R.changedKeys({ a: '1' }, { b: '1' })).toEqual(['a', 'b']);
    expect(R.changedKeys({}, { a: '' })).toEqual(['a']);
    expect(R.changedKeys(BINDING, { ...BINDING })).toEqual([]);
  });
});

describe('generatedRoleName', () => {
  it('is <stack name>-<logical id>-<12 hex>, deterministic, stable across releases (pinned) and key-order free', () => {
    expect(R.generatedRoleName(stack(), BINDING)).toBe('my-stack-MyEventStream-8b0b58f13fe3');
    expect(R.generatedRoleName(stack(), { RoleName: '', RolePath: '/', ApplicationId: 'app1' })).toBe(
      'my-stack-MyEventStream-8b0b58f13fe3',
    );
  });

  it('keeps a stack name of 24 and a logical id of 25 characters whole, and cuts longer ones to exactly that', () => {
    const whole = R.generatedRoleName(stack(stackIdOf(`S${'a'.repeat(23)}`), `L${'b'.repeat(24)}`), BINDING);
    expect(whole).toMatch(new RegExp(`^S${'a'.repeat(23)}-L${'b'.repeat(24)}-[0-9a-f]{12}$`));
    const cut = R.generatedRoleName(
      stack(stackIdOf(`S${'abcdefghij'.repeat(5)}`), `L${'0123456789'.repeat(5)}`),
      BINDING,
    );
    expect(cut).toMatch(/^Sabcdefghijabcdefghijabc-L012345678901234567890123-[0-9a-f]{12}$/);
  });

  it('is at most 64 valid IAM characters for a 128-character stack name and a 255-character logical id', () => {
    expect(R.MAX_ROLE_NAME).toBe(64);
    const name = R.generatedRoleName(stack(stackIdOf(`S${'a-'.repeat(63)}b`), 'L'.repeat(255)), BINDING);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(IAM_ROLE_NAME);
    expect(R.generatedRoleName({ ...stack(), stackName: 'A-b-9', logicalId: 'Xyz123' }, BINDING)).toMatch(
      IAM_ROLE_NAME,
    );
  });

  const long = `S${'t'.repeat(70)}`;
  it.each([
    ['another Region (StackSets: IAM is global per account)', stack(OTHER_REGION_STACK_ID), stack()],
    ['another account', stack(OTHER_ACCOUNT_STACK_ID), stack()],
    ['another stack of the same name', stack(stackIdOf('my-stack', 'us-east-1', '9-9')), stack()],
    ['another logical id', stack(STACK_ID, 'OtherStream'), stack()],
    [
      'only the cut-off tail of the logical id',
      stack(STACK_ID, `${'L'.repeat(99)}A`),
      stack(STACK_ID, `${'L'.repeat(99)}B`),
    ],
    ['only the cut-off tail of the stack name', stack(stackIdOf(`${long}x`)), stack(stackIdOf(`${long}y`))],
    ['a long stack name in two Regions', stack(stackIdOf(long, 'us-east-1')), stack(stackIdOf(long, 'eu-west-1'))],
  ])('differs for %s', (_label, a, b) => {
    expect(R.generatedRoleName(a, BINDING)).not.toBe(R.generatedRoleName(b, BINDING));
  });

  it.each([
    ['ApplicationId', { ...BINDING, ApplicationId: 'app2' }],
    ['RolePath', { ...BINDING, RolePath: '/messaging/' }],
    ['RoleName', { ...BINDING, RoleName: 'x' }],
    ['a new binding key', { ...BINDING, ConfigurationSetName: 'x' }],
    ['a removed binding key', { ApplicationId: 'app1', RolePath: '/' }],
  ])('changes when the binding changes (%s)', (_label, binding) => {
    expect(R.generatedRoleName(stack(), binding)).not.toBe(R.generatedRoleName(stack(), BINDING));
  });

  it('the logical id stays readable in the name of a long stack', () => {
    expect(R.generatedRoleName(stack(stackIdOf(long), 'Stream'), BINDING)).toContain('-Stream-');
  });

  it('roleNameOf: RoleName when given, else the name generated from the whole binding', () => {
    expect(R.roleNameOf(scope(), { ApplicationId: 'a' }, role('/', 'mine'))).toBe('mine');
    expect(R.roleNameOf(scope(), { ApplicationId: 'app1' }, role())).toBe(
      R.generatedRoleName(stack(), { ApplicationId: 'app1', RolePath: MANAGED_PATH, RoleName: '' }),
    );
  });
});

describe('roleArn, parseRoleArn and managedRole', () => {
  it('roleArn joins partition, account, path and name', () => {
    expect(R.roleArn(stack(), '/a/b/', 'r')).toBe('arn:aws:iam::123456789012:role/a/b/r');
    expect(R.roleArn(stack(GOV_STACK_ID), '/', 'r')).toBe('arn:aws-us-gov:iam::123456789012:role/r');
  });

  it.each([
    ['arn:aws:iam::123456789012:role/r', '/', 'r'],
    ['arn:aws:iam::123456789012:role/a/b/r+=,.@-_', '/a/b/', 'r+=,.@-_'],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(64)}`, '/', 'r'.repeat(64)],
    ['arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/team/my-role', `${MANAGED_PATH}team/`, 'my-role'],
  ])('parseRoleArn reads %s', (arn, path, name) => {
    expect(R.parseRoleArn(stack(), arn)).toEqual({ path, name });
  });

  it('parseRoleArn reads a role of the stack partition (aws-cn)', () => {
    expect(R.parseRoleArn(stack(CN_STACK_ID), 'arn:aws-cn:iam::123456789012:role/x/r')).toEqual({
      path: '/x/',
      name: 'r',
    });
  });

  it.each([
    ['undefined', undefined],
    ['a placeholder id', 'create-failed-abc'],
    ['another account', 'arn:aws:iam::210987654321:role/r'],
    ['another partition', 'arn:aws-cn:iam::123456789012:role/r'],
    ['another service', 'arn:aws:sts::123456789012:role/r'],
    ['a user', 'arn:aws:iam::123456789012:user/r'],
    ['a regional ARN', 'arn:aws:iam:us-east-1:123456789012:role/r'],
    ['a name too long', `arn:aws:iam::123456789012:role/${'r'.repeat(65)}`],
    ['no name', 'arn:aws:iam::123456789012:role/'],
    ['a resource with a prefix', 'arn:aws:iam::123456789012:xrole/r'],
    ['a name with a bad character', 'arn:aws:iam::123456789012:role/r*'],
    ['an empty path segment', 'arn:aws:iam::123456789012:role//r'],
    ['a role ARN with text after it', 'arn:aws:iam::123456789012:role/r\nx'],
  ])('parseRoleArn rejects %s', (_label, value) => {
    expect(R.parseRoleArn(stack(), value)).toBeUndefined();
  });

  it('managedRole: a role of this account under /<prefix>/<region>/, at any depth', () => {
    const arn = `arn:aws:iam::123456789012:role${MANAGED_PATH}team/r`;
    expect(R.managedRole(scope(), arn)).toEqual({ arn, name: 'r', path: `${MANAGED_PATH}team/` });
  });

  it.each([
    ['a placeholder id', 'create-failed-b1a2c3d4'],
    ['an id CloudFormation invented', 'my-stack-MyEventStream-1ABCDEFGHIJ'],
    ["a role at the root path (an older version, or anyone's)", 'arn:aws:iam::123456789012:role/r'],
    ["a role under another Region's managed path", 'arn:aws:iam::123456789012:role/pinpoint-event-stream/eu-west-1/r'],
    ['a role under a look-alike path', 'arn:aws:iam::123456789012:role/pinpoint-event-stream-x/us-east-1/r'],
    ['a role of another account', 'arn:aws:iam::210987654321:role/pinpoint-event-stream/us-east-1/r'],
    ['not a string', 42],
    ['a list holding a role ARN', ['arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r']],
  ])('managedRole: not %s', (_label, physicalId) => {
    expect(R.managedRole(scope(), physicalId)).toBeUndefined();
  });
});

describe('ownershipTags: whose a role is', () => {
  it('name the product, stack, logical id, binding and deployment', () => {
    expect(R.ownershipTags(scope(), 'fp')).toEqual([
      { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
      { Key: 'pinpoint-event-stream:stack-id', Value: STACK_ID },
      { Key: 'pinpoint-event-stream:logical-id', Value: 'MyEventStream' },
      { Key: 'pinpoint-event-stream:binding', Value: 'fp' },
      { Key: 'pinpoint-event-stream:deployment', Value: DEPLOYMENT_ID },
    ]);
  });

  it('carry no deployment tag when the deployment has no id (local runs)', () => {
    expect(R.ownershipTags(scope({ deploymentId: undefined }), 'fp').map((tag) => tag.Key)).not.toContain(
      'pinpoint-event-stream:deployment',
    );
  });

  it('fit IAM limits (key <= 128, value <= 256) for the longest StackId and deployment id', () => {
    const longest = stack(
      `arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/S${'a'.repeat(127)}/` +
        '1c2fa620-982a-11e3-aff7-50e2416294e0',
      'L'.repeat(255),
    );
    for (const tag of R.ownershipTags(scope({ deploymentId: `D${'d'.repeat(127)}` }, longest), 'f'.repeat(16))) {
      expect(tag.Key.length).toBeLessThanOrEqual(128);
      expect(tag.Value.length).toBeLessThanOrEqual(256);
    }
  });

  it('bindingOf reads the binding tag; undefined without one', () => {
    expect(R.bindingOf([{ Key: 'team', Value: 'y' }, ...R.ownershipTags(scope(), 'abc')])).toBe('abc');
    expect(R.bindingOf([{ Key: 'team', Value: 'x' }])).toBeUndefined();
  });
});

describe('notOwnedBecause / isOwnedBy', () => {
  const tags = (madeBy: string | null = DEPLOYMENT_ID) =>
    R.ownershipTags(scope({ deploymentId: madeBy ?? undefined }), 'fp');
  const NOT_NAMED = 'its pinpoint-event-stream:* tags do not name stack resource MyEventStream';

  it('is ours: our tags, whatever the binding and other tags', () => {
    expect(R.notOwnedBecause([{ Key: 'team', Value: 'x' }, ...tags()], scope())).toBeUndefined();
    expect(
      R.isOwnedBy(
        tags().filter((tag) => tag.Key !== 'pinpoint-event-stream:binding'),
        scope(),
      ),
    ).toBe(true);
  });

  it.each([
    ['pinpoint-event-stream:managed-by', 'Something::Else'],
    ['pinpoint-event-stream:stack-id', OTHER_REGION_STACK_ID],
    ['pinpoint-event-stream:logical-id', 'OtherResource'],
  ])('is not ours when %s differs or is missing', (key, value) => {
    const other = tags().map((tag) => (tag.Key === key ? { ...tag, Value: value } : tag));
    expect(R.notOwnedBecause(other, scope())).toBe(NOT_NAMED);
    expect(
      R.isOwnedBy(
        tags().filter((tag) => tag.Key !== key),
        scope(),
      ),
    ).toBe(false);
  });

  it('is not ours when a key differs only in case, for an untagged role, or tags without values', () => {
    const upper = tags().map((tag) => (tag.Key.endsWith('stack-id') ? { ...tag, Key: tag.Key.toUpperCase() } : tag));
    expect(R.isOwnedBy(upper, scope())).toBe(false);
    expect(R.isOwnedBy([], scope())).toBe(false);
    expect(
      R.isOwnedBy(
        tags().map((tag) => ({ Key: tag.Key })),
        scope(),
      ),
    ).toBe(false);
  });

  it('is not ours for the same logical id in another stack, or another logical id of this stack', () => {
    expect(R.isOwnedBy(tags(), scope({}, stack(OTHER_REGION_STACK_ID)))).toBe(false);
    expect(R.isOwnedBy(tags(), scope({}, stack(STACK_ID, 'OtherResource')))).toBe(false);
  });

  it('is ours without a deployment tag (made before 3.0), with or without a deployment id', () => {
    expect(R.notOwnedBecause(tags(null), scope())).toBeUndefined();
    expect(R.notOwnedBecause(tags(null), scope({ deploymentId: undefined }))).toBeUndefined();
  });

  it("is not ours when tagged for another deployment, naming both; nor, without an id, a deployment's role", () => {
    expect(R.notOwnedBecause(tags('other'), scope())).toBe(`it belongs to deployment other, not ${DEPLOYMENT_ID}`);
    expect(R.notOwnedBecause(tags(), scope({ deploymentId: undefined }))).toBe(
      `it belongs to deployment ${DEPLOYMENT_ID}, not this one`,
    );
    expect(R.isOwnedBy(tags('other'), scope())).toBe(false);
  });
});
