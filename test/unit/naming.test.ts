import { describe, expect, it } from 'vitest';
import { bindingFingerprint, changedKeys, generatedRoleName, MAX_ROLE_NAME } from '../../src/naming.js';
import type { StackContext } from '../../src/stack.js';
import { OTHER_ACCOUNT_STACK_ID, OTHER_REGION_STACK_ID, STACK, STACK_ID, stackFor } from './fixtures.js';

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const BINDING = { ApplicationId: 'app1', RolePath: '/', RoleName: '' };

describe('generatedRoleName', () => {
  it('is deterministic for one resource', () => {
    expect(generatedRoleName(STACK, BINDING)).toBe(generatedRoleName(stackFor(STACK_ID), { ...BINDING }));
  });

  it('does not depend on the order of binding keys', () => {
    expect(generatedRoleName(STACK, { RoleName: '', RolePath: '/', ApplicationId: 'app1' })).toBe(generatedRoleName(STACK, BINDING));
  });

  it('reads as <stack name>-<logical id>-<hash>', () => {
    expect(generatedRoleName(STACK, BINDING)).toMatch(/^my-stack-MyEventStream-[0-9a-f]{12}$/);
  });

  it('is at most 64 valid IAM characters even for a 128-character stack name and a 255-character logical id', () => {
    const stackName = `S${'a-'.repeat(63)}b`; // 128 characters
    expect(stackName).toHaveLength(128);
    const logicalId = 'L'.repeat(255);
    const stack = stackFor(`arn:aws:cloudformation:us-east-1:123456789012:stack/${stackName}/1c2fa620-982a-11e3-aff7-50e2416294e0`, logicalId);
    const name = generatedRoleName(stack, BINDING);
    expect(name.length).toBeLessThanOrEqual(MAX_ROLE_NAME);
    expect(MAX_ROLE_NAME).toBe(64);
    expect(name).toMatch(IAM_ROLE_NAME);
  });

  it('long names still differ when only the cut-off tail of the logical id differs', () => {
    const a = stackFor(STACK_ID, `${'L'.repeat(100)}A`);
    const b = stackFor(STACK_ID, `${'L'.repeat(100)}B`);
    expect(generatedRoleName(a, BINDING)).not.toBe(generatedRoleName(b, BINDING));
  });

  it('long names still differ when only the cut-off tail of the stack name differs', () => {
    const id = (tail: string) => `arn:aws:cloudformation:us-east-1:123456789012:stack/${'s'.repeat(60)}${tail}/1c2fa620-982a-11e3-aff7-50e2416294e0`;
    expect(generatedRoleName(stackFor(id('x')), BINDING)).not.toBe(generatedRoleName(stackFor(id('y')), BINDING));
  });

  it('differs across regions (StackSets: IAM is global per account)', () => {
    expect(generatedRoleName(stackFor(OTHER_REGION_STACK_ID), BINDING)).not.toBe(generatedRoleName(STACK, BINDING));
  });

  it('differs across accounts', () => {
    expect(generatedRoleName(stackFor(OTHER_ACCOUNT_STACK_ID), BINDING)).not.toBe(generatedRoleName(STACK, BINDING));
  });

  it('differs across stacks of the same name (StackIds differ)', () => {
    const recreated = stackFor('arn:aws:cloudformation:us-east-1:123456789012:stack/my-stack/99999999-982a-11e3-aff7-50e2416294e0');
    expect(generatedRoleName(recreated, BINDING)).not.toBe(generatedRoleName(STACK, BINDING));
  });

  it('differs across logical ids of one stack', () => {
    expect(generatedRoleName(stackFor(STACK_ID, 'OtherStream'), BINDING)).not.toBe(generatedRoleName(STACK, BINDING));
  });

  it.each([
    ['ApplicationId', { ...BINDING, ApplicationId: 'app2' }],
    ['RolePath', { ...BINDING, RolePath: '/messaging/' }],
    ['a new binding key', { ...BINDING, ConfigurationSetName: 'x' }],
  ])('changes when the binding changes (%s)', (_label, binding) => {
    expect(generatedRoleName(STACK, binding)).not.toBe(generatedRoleName(STACK, BINDING));
  });

  it('only uses valid IAM role-name characters for any stack name the StackId allows', () => {
    const stack: StackContext = { ...STACK, stackName: 'A-b-9', logicalId: 'Xyz123' };
    expect(generatedRoleName(stack, BINDING)).toMatch(IAM_ROLE_NAME);
  });
});

describe('bindingFingerprint', () => {
  it('is a stable 16-hex-digit digest, independent of key order', () => {
    const fp = bindingFingerprint(BINDING);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(bindingFingerprint({ RoleName: '', ApplicationId: 'app1', RolePath: '/' })).toBe(fp);
  });

  it('changes when any value changes', () => {
    expect(bindingFingerprint({ ...BINDING, ApplicationId: 'app2' })).not.toBe(bindingFingerprint(BINDING));
    expect(bindingFingerprint({ ...BINDING, RoleName: 'x' })).not.toBe(bindingFingerprint(BINDING));
  });

  it('does not confuse values that concatenate alike', () => {
    expect(bindingFingerprint({ A: 'ab', B: 'c' })).not.toBe(bindingFingerprint({ A: 'a', B: 'bc' }));
  });
});

describe('changedKeys', () => {
  it('lists the keys whose values differ, sorted', () => {
    expect(changedKeys({ b: '1', a: '1', c: '1' }, { b: '2', a: '2', c: '1' })).toEqual(['a', 'b']);
  });

  it('counts added and removed keys as changed', () => {
    expect(changedKeys({ a: '1' }, { b: '1' })).toEqual(['a', 'b']);
  });

  it('is empty for equal bindings', () => {
    expect(changedKeys(BINDING, { ...BINDING })).toEqual([]);
  });
});
