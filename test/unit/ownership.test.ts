import { beforeEach, describe, expect, it } from 'vitest';
import type * as Ownership from '../../src/ownership.js';
import { fresh, OTHER_REGION_STACK_ID, STACK_ID, stack } from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let BINDING_TAG: typeof Ownership.BINDING_TAG;
let bindingOf: typeof Ownership.bindingOf;
let isOwnedBy: typeof Ownership.isOwnedBy;
let LOGICAL_ID_TAG: typeof Ownership.LOGICAL_ID_TAG;
let MANAGED_BY_TAG: typeof Ownership.MANAGED_BY_TAG;
let MANAGED_BY_VALUE: typeof Ownership.MANAGED_BY_VALUE;
let ownershipTags: typeof Ownership.ownershipTags;
let RESERVED_TAG_PREFIXES: typeof Ownership.RESERVED_TAG_PREFIXES;
let STACK_ID_TAG: typeof Ownership.STACK_ID_TAG;
let TAG_PREFIX: typeof Ownership.TAG_PREFIX;
beforeEach(
  async () =>
    ({
      BINDING_TAG,
      bindingOf,
      isOwnedBy,
      LOGICAL_ID_TAG,
      MANAGED_BY_TAG,
      MANAGED_BY_VALUE,
      ownershipTags,
      RESERVED_TAG_PREFIXES,
      STACK_ID_TAG,
      TAG_PREFIX,
    } = await fresh(() => import('../../src/ownership.js'))),
);

describe('ownership tags', () => {
  it('name the product, stack, logical id and binding', () => {
    expect(ownershipTags(stack(), 'fp')).toEqual([
      { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
      { Key: 'pinpoint-event-stream:stack-id', Value: STACK_ID },
      { Key: 'pinpoint-event-stream:logical-id', Value: 'MyEventStream' },
      { Key: 'pinpoint-event-stream:binding', Value: 'fp' },
    ]);
  });

  it('keys are the exported constants under one prefix', () => {
    expect(TAG_PREFIX).toBe('pinpoint-event-stream:');
    expect([MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG]).toEqual([
      'pinpoint-event-stream:managed-by',
      'pinpoint-event-stream:stack-id',
      'pinpoint-event-stream:logical-id',
      'pinpoint-event-stream:binding',
    ]);
    expect(MANAGED_BY_VALUE).toBe('Custom::PinpointEventStream');
  });

  it("are reserved against user tags, with IAM's own aws: prefix", () => {
    expect(RESERVED_TAG_PREFIXES).toEqual(['aws:', 'pinpoint-event-stream:']);
  });

  it('fit IAM limits (key <= 128, value <= 256) for the longest StackId', () => {
    const longStack = stack(
      `arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/S${'a'.repeat(127)}/1c2fa620-982a-11e3-aff7-50e2416294e0`,
      'L'.repeat(255),
    );
    for (const tag of ownershipTags(longStack, 'f'.repeat(16))) {
      expect(tag.Key.length).toBeLessThanOrEqual(128);
      expect(tag.Value.length).toBeLessThanOrEqual(256);
    }
  });
});

describe('isOwnedBy', () => {
  const tags = () => ownershipTags(stack(), 'fp');

  it('is true for our own tags, whatever the binding and other tags', () => {
    expect(isOwnedBy(tags(), stack())).toBe(true);
    expect(isOwnedBy([{ Key: 'team', Value: 'x' }, ...ownershipTags(stack(), 'other')], stack())).toBe(true);
    expect(
      isOwnedBy(
        tags().filter((tag) => tag.Key !== BINDING_TAG),
        stack(),
      ),
    ).toBe(true);
  });

  it.each([
    ['pinpoint-event-stream:managed-by', 'Something::Else'],
    ['pinpoint-event-stream:stack-id', OTHER_REGION_STACK_ID],
    ['pinpoint-event-stream:logical-id', 'OtherResource'],
  ])('is false when %s differs', (key, value) => {
    expect(
      isOwnedBy(
        tags().map((tag) => (tag.Key === key ? { ...tag, Value: value } : tag)),
        stack(),
      ),
    ).toBe(false);
  });

  it.each(['pinpoint-event-stream:managed-by', 'pinpoint-event-stream:stack-id', 'pinpoint-event-stream:logical-id'])(
    'is false when %s is missing',
    (key) => {
      expect(
        isOwnedBy(
          tags().filter((tag) => tag.Key !== key),
          stack(),
        ),
      ).toBe(false);
    },
  );

  it('is false when a key differs only in case (tag keys are compared exactly)', () => {
    expect(
      isOwnedBy(
        tags().map((tag) => (tag.Key === STACK_ID_TAG ? { ...tag, Key: tag.Key.toUpperCase() } : tag)),
        stack(),
      ),
    ).toBe(false);
  });

  it('is false for an untagged role and for tags without values', () => {
    expect(isOwnedBy([], stack())).toBe(false);
    expect(
      isOwnedBy(
        tags().map((tag) => ({ Key: tag.Key })),
        stack(),
      ),
    ).toBe(false);
  });

  it('is false for the same logical id in another stack', () => {
    expect(isOwnedBy(tags(), stack(OTHER_REGION_STACK_ID))).toBe(false);
  });

  it('is false for another logical id of the same stack', () => {
    expect(isOwnedBy(tags(), stack(STACK_ID, 'OtherResource'))).toBe(false);
  });
});

describe('bindingOf', () => {
  it('reads the binding tag', () => {
    expect(bindingOf(ownershipTags(stack(), 'abc'))).toBe('abc');
    expect(
      bindingOf([
        { Key: 'team', Value: 'y' },
        { Key: BINDING_TAG, Value: 'x' },
      ]),
    ).toBe('x');
  });

  it('is undefined without one', () => {
    expect(bindingOf([])).toBeUndefined();
    expect(bindingOf([{ Key: 'team', Value: 'x' }])).toBeUndefined();
  });
});
