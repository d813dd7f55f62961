import { describe, expect, it } from 'vitest';
import {
  bindingFingerprint,
  changedKeys,
  fitName,
  generatedRoleName,
  MAX_ROLE_NAME,
  MAX_ROLE_PATH,
  managedPath,
  rolePathUnder,
} from '../../src/naming.js';
import { invalid, MANAGED_PATH, OTHER_ACCOUNT_STACK_ID, OTHER_REGION_STACK_ID, STACK_ID, stack } from './fixtures.js';

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BINDING = { ApplicationId: 'app1', RolePath: '/', RoleName: '' };
const stackIdOf = (
  name: string,
  region = 'us-east-1',
  account = '123456789012',
  id = '1c2fa620-982a-11e3-aff7-50e2416294e0',
) => `arn:aws:cloudformation:${region}:${account}:stack/${name}/${id}`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('generatedRoleName', () => {
  it('is deterministic for one resource', () => {
    expect(generatedRoleName(stack(), BINDING)).toBe(generatedRoleName(stack(STACK_ID), { ...BINDING }));
  });

  it('is stable across releases: the name of an existing role must not change on update (pinned value)', () => {
    expect(generatedRoleName(stack(), BINDING)).toBe('my-stack-MyEventStream-8b0b58f13fe3');
  });

  it('does not depend on the order of binding keys', () => {
    expect(generatedRoleName(stack(), { RoleName: '', RolePath: '/', ApplicationId: 'app1' })).toBe(
      generatedRoleName(stack(), BINDING),
    );
  });

  it('reads as <stack name>-<logical id>-<12 hex>', () => {
    expect(generatedRoleName(stack(), BINDING)).toMatch(/^my-stack-MyEventStream-[0-9a-f]{12}$/);
  });

  it('keeps a stack name of exactly 24 and a logical id of exactly 25 characters whole', () => {
    const stackName = `S${'a'.repeat(23)}`;
    const logicalId = `L${'b'.repeat(24)}`;
    const name = generatedRoleName(stack(stackIdOf(stackName), logicalId), BINDING);
    expect(name).toMatch(new RegExp(`^${stackName}-${logicalId}-[0-9a-f]{12}$`));
  });

  it('cuts the stack name to exactly 24 and the logical id to exactly 25 characters', () => {
    const stackName = `S${'abcdefghij'.repeat(5)}`; // 51 characters
    const logicalId = `L${'0123456789'.repeat(5)}`; // 51 characters
    const name = generatedRoleName(stack(stackIdOf(stackName), logicalId), BINDING);
    expect(name).toMatch(
      new RegExp(`^${escapeRegExp(stackName.slice(0, 24))}-${logicalId.slice(0, 25)}-[0-9a-f]{12}$`),
    );
    expect(name).toHaveLength(24 + 1 + 25 + 1 + 12);
  });

  it('is at most 64 valid IAM characters even for a 128-character stack name and a 255-character logical id', () => {
    const stackName = `S${'a-'.repeat(63)}b`;
    expect(stackName).toHaveLength(128);
    const name = generatedRoleName(stack(stackIdOf(stackName), 'L'.repeat(255)), BINDING);
    expect(MAX_ROLE_NAME).toBe(64);
    expect(name.length).toBeLessThanOrEqual(MAX_ROLE_NAME);
    expect(name).toMatch(IAM_ROLE_NAME);
  });

  describe('with a stack name of 64 or more characters', () => {
    const longName = `S${'t'.repeat(70)}`;

    it('two logical ids (even sharing their first 25 characters) do not collide', () => {
      const a = stack(stackIdOf(longName), `${'L'.repeat(30)}A`);
      const b = stack(stackIdOf(longName), `${'L'.repeat(30)}B`);
      expect(generatedRoleName(a, BINDING)).not.toBe(generatedRoleName(b, BINDING));
      expect(generatedRoleName(stack(stackIdOf(longName), 'First'), BINDING)).not.toBe(
        generatedRoleName(stack(stackIdOf(longName), 'Second'), BINDING),
      );
    });

    it('two Regions (StackSets: same stack name, same logical id) do not collide', () => {
      const east = stack(stackIdOf(longName, 'us-east-1'), 'Stream');
      const west = stack(stackIdOf(longName, 'eu-west-1'), 'Stream');
      expect(generatedRoleName(east, BINDING)).not.toBe(generatedRoleName(west, BINDING));
    });

    it('the logical id stays readable in the name', () => {
      expect(generatedRoleName(stack(stackIdOf(longName), 'Stream'), BINDING)).toContain('-Stream-');
    });
  });

  it('long names still differ when only the cut-off tail of the logical id differs', () => {
    const a = stack(STACK_ID, `${'L'.repeat(100)}A`);
    const b = stack(STACK_ID, `${'L'.repeat(100)}B`);
    expect(generatedRoleName(a, BINDING)).not.toBe(generatedRoleName(b, BINDING));
  });

  it('long names still differ when only the cut-off tail of the stack name differs', () => {
    const id = (tail: string) => stackIdOf(`${'s'.repeat(60)}${tail}`);
    expect(generatedRoleName(stack(id('x')), BINDING)).not.toBe(generatedRoleName(stack(id('y')), BINDING));
  });

  it('differs across regions (StackSets: IAM is global per account)', () => {
    expect(generatedRoleName(stack(OTHER_REGION_STACK_ID), BINDING)).not.toBe(generatedRoleName(stack(), BINDING));
  });

  it('differs across accounts', () => {
    expect(generatedRoleName(stack(OTHER_ACCOUNT_STACK_ID), BINDING)).not.toBe(generatedRoleName(stack(), BINDING));
  });

  it('differs across stacks of the same name (StackIds differ)', () => {
    const recreated = stack(stackIdOf('my-stack', 'us-east-1', '123456789012', '99999999-982a-11e3-aff7-50e2416294e0'));
    expect(generatedRoleName(recreated, BINDING)).not.toBe(generatedRoleName(stack(), BINDING));
  });

  it('differs across logical ids of one stack', () => {
    expect(generatedRoleName(stack(STACK_ID, 'OtherStream'), BINDING)).not.toBe(generatedRoleName(stack(), BINDING));
  });

  it.each([
    ['ApplicationId', { ...BINDING, ApplicationId: 'app2' }],
    ['RolePath', { ...BINDING, RolePath: '/messaging/' }],
    ['RoleName', { ...BINDING, RoleName: 'x' }],
    ['a new binding key', { ...BINDING, ConfigurationSetName: 'x' }],
    ['a removed binding key', { ApplicationId: 'app1', RolePath: '/' }],
  ])('changes when the binding changes (%s)', (_label, binding) => {
    expect(generatedRoleName(stack(), binding)).not.toBe(generatedRoleName(stack(), BINDING));
  });

  it('only uses valid IAM role-name characters for any stack name the StackId allows', () => {
    expect(generatedRoleName({ ...stack(), stackName: 'A-b-9', logicalId: 'Xyz123' }, BINDING)).toMatch(IAM_ROLE_NAME);
  });
});

describe('bindingFingerprint', () => {
  it('is a stable 16-hex-digit digest, independent of key order', () => {
    const fp = bindingFingerprint(BINDING);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(bindingFingerprint({ RoleName: '', ApplicationId: 'app1', RolePath: '/' })).toBe(fp);
    expect(bindingFingerprint({ RolePath: '/', RoleName: '', ApplicationId: 'app1' })).toBe(fp);
  });

  it('is stable across releases: it is stored on every role as a tag (pinned value)', () => {
    expect(bindingFingerprint(BINDING)).toBe('d71d92d0a8cab537');
  });

  it('changes when any value changes', () => {
    expect(bindingFingerprint({ ...BINDING, ApplicationId: 'app2' })).not.toBe(bindingFingerprint(BINDING));
    expect(bindingFingerprint({ ...BINDING, RoleName: 'x' })).not.toBe(bindingFingerprint(BINDING));
    expect(bindingFingerprint({ ...BINDING, RolePath: '/a/' })).not.toBe(bindingFingerprint(BINDING));
  });

  it('changes when a key is renamed or added', () => {
    expect(bindingFingerprint({ A: 'x' })).not.toBe(bindingFingerprint({ B: 'x' }));
    expect(bindingFingerprint({ A: 'x' })).not.toBe(bindingFingerprint({ A: 'x', B: '' }));
  });

  it('does not confuse values that concatenate alike', () => {
    expect(bindingFingerprint({ A: 'ab', B: 'c' })).not.toBe(bindingFingerprint({ A: 'a', B: 'bc' }));
  });
});

describe('changedKeys', () => {
  it('lists the keys whose values differ, sorted', () => {
    expect(changedKeys({ b: '1', a: '1', c: '1' }, { b: '2', a: '2', c: '1' })).toEqual(['a', 'b']);
    expect(changedKeys({ z: '1', m: '1', a: '1' }, { z: '2', m: '2', a: '2' })).toEqual(['a', 'm', 'z']);
  });

  it('counts added and removed keys as changed', () => {
    expect(changedKeys({ a: '1' }, { b: '1' })).toEqual(['a', 'b']);
    expect(changedKeys({}, { a: '' })).toEqual(['a']);
  });

  it('is empty for equal bindings', () => {
    expect(changedKeys(BINDING, { ...BINDING })).toEqual([]);
    expect(changedKeys({}, {})).toEqual([]);
  });
});

describe('managedPath', () => {
  it('is /<prefix>/<region>/', () => {
    expect(managedPath('pinpoint-event-stream', 'us-east-1')).toBe(MANAGED_PATH);
    expect(managedPath('team', 'eu-west-1')).toBe('/team/eu-west-1/');
  });
});

describe('rolePathUnder', () => {
  it('nests "/" and a template RolePath below the managed path', () => {
    expect(rolePathUnder(MANAGED_PATH, '/')).toBe('/pinpoint-event-stream/us-east-1/');
    expect(rolePathUnder(MANAGED_PATH, '/team/')).toBe('/pinpoint-event-stream/us-east-1/team/');
    expect(rolePathUnder(MANAGED_PATH, '/a/b/')).toBe('/pinpoint-event-stream/us-east-1/a/b/');
  });

  it('accepts a whole path of exactly 512 characters and rejects 513, naming RolePath', () => {
    expect(MAX_ROLE_PATH).toBe(512);
    const fill = (n: number) => `/${'p'.repeat(n - MANAGED_PATH.length - 1)}/`; // the whole nested path is n characters
    expect(rolePathUnder(MANAGED_PATH, fill(512))).toHaveLength(512);
    const error = invalid(() => rolePathUnder(MANAGED_PATH, fill(513)));
    expect(error.property).toBe('RolePath');
    expect(error.message).toBe(
      `RolePath: is nested below ${MANAGED_PATH}; the whole path must be at most 512 characters`,
    );
  });
});

describe('fitName', () => {
  it('keeps a short value and a value of exactly the maximum', () => {
    expect(fitName('MyEventStream', 64)).toBe('MyEventStream');
    expect(fitName('x'.repeat(64), 64)).toBe('x'.repeat(64));
    expect(fitName('', 64)).toBe('');
  });

  it('shortens a longer value to a prefix, "-" and 8 hex characters: exactly the maximum', () => {
    const value = `${'abcdefghij'.repeat(6)}klmnopq`; // 67 characters
    const name = fitName(value, 64);
    expect(name).toHaveLength(64);
    expect(name).toMatch(new RegExp(`^${value.slice(0, 55)}-[0-9a-f]{8}$`));
  });

  it('shortens a value one over the maximum, for any maximum', () => {
    expect(fitName('L'.repeat(65), 64)).toBe(`${'L'.repeat(55)}-f8d945de`);
    const short = fitName('abcdefghijklmnopqrstu', 20);
    expect(short).toHaveLength(20);
    expect(short).toMatch(/^abcdefghijk-[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    const long = 'L'.repeat(200);
    expect(fitName(long, 64)).toBe(fitName(long, 64));
  });

  it('different long values with the same prefix differ', () => {
    expect(fitName(`${'L'.repeat(100)}A`, 64)).not.toBe(fitName(`${'L'.repeat(100)}B`, 64));
  });
});
