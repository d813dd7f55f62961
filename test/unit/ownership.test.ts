import { describe, expect, it } from 'vitest';
import {
  BINDING_TAG,
  bindingOf,
  isOwnedBy,
  LOGICAL_ID_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  ownershipTags,
  RESERVED_TAG_PREFIXES,
  STACK_ID_TAG,
} from '../../src/ownership.js';
import { OTHER_REGION_STACK_ID, STACK, STACK_ID, stackFor } from './fixtures.js';

describe('ownership tags', () => {
  it('name the product, stack, logical id and binding', () => {
    expect(ownershipTags(STACK, 'fp')).toEqual([
      { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
      { Key: 'pinpoint-event-stream:stack-id', Value: STACK_ID },
      { Key: 'pinpoint-event-stream:logical-id', Value: 'MyEventStream' },
      { Key: 'pinpoint-event-stream:binding', Value: 'fp' },
    ]);
  });

  it('are reserved against user tags', () => {
    expect(RESERVED_TAG_PREFIXES).toEqual(expect.arrayContaining(['aws:', 'pinpoint-event-stream:']));
  });

  it('fit IAM limits (key <= 128, value <= 256) for the longest StackId', () => {
    const longStack = stackFor(`arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/S${'a'.repeat(127)}/1c2fa620-982a-11e3-aff7-50e2416294e0`, 'L'.repeat(255));
    for (const tag of ownershipTags(longStack, 'f'.repeat(16))) {
      expect(tag.Key.length).toBeLessThanOrEqual(128);
      expect(tag.Value.length).toBeLessThanOrEqual(256);
    }
  });
});

describe('isOwnedBy', () => {
  const tags = ownershipTags(STACK, 'fp');

  it('is true for our own tags, whatever the binding and other tags', () => {
    expect(isOwnedBy(tags, STACK)).toBe(true);
    expect(isOwnedBy([{ Key: 'team', Value: 'x' }, ...ownershipTags(STACK, 'other')], STACK)).toBe(true);
  });

  it.each([
    [MANAGED_BY_TAG, 'Something::Else'],
    [STACK_ID_TAG, OTHER_REGION_STACK_ID],
    [LOGICAL_ID_TAG, 'OtherResource'],
  ])('is false when %s differs', (key, value) => {
    expect(isOwnedBy(tags.map((tag) => (tag.Key === key ? { ...tag, Value: value } : tag)), STACK)).toBe(false);
  });

  it.each([MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG])('is false when %s is missing', (key) => {
    expect(isOwnedBy(tags.filter((tag) => tag.Key !== key), STACK)).toBe(false);
  });

  it('is false for an untagged role', () => {
    expect(isOwnedBy([], STACK)).toBe(false);
  });

  it('is false for the same logical id in another stack', () => {
    expect(isOwnedBy(tags, stackFor(OTHER_REGION_STACK_ID))).toBe(false);
  });

  it('MANAGED_BY_VALUE is the product type', () => {
    expect(MANAGED_BY_VALUE).toBe('Custom::PinpointEventStream');
  });
});

describe('bindingOf', () => {
  it('reads the binding tag', () => {
    expect(bindingOf(ownershipTags(STACK, 'abc'))).toBe('abc');
    expect(bindingOf([{ Key: BINDING_TAG, Value: 'x' }])).toBe('x');
    expect(bindingOf([])).toBeUndefined();
  });
});
