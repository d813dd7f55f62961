/**
 * The envelope: the identity fields an answer echoes. An event CloudFormation could not have sent
 * (one of them not a string, or longer than CloudFormation's limits) is refused, naming the field,
 * and what its answer echoes is cut to the limits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as Event from '../../../src/protocol/event.js';
import { createEvent, fresh, LOGICAL_ID, REQUEST_ID, STACK_ID } from '../fixtures.js';

// The module under test, loaded afresh for each test (its limits are top-level): see fresh() in fixtures.ts.
let E: typeof Event;
beforeEach(async () => {
  E = await fresh(() => import('../../../src/protocol/event.js'));
});

const LIMITS = { StackId: 512, RequestId: 256, LogicalResourceId: 255, PhysicalResourceId: 1024 } as const;
type Field = keyof typeof LIMITS;
const FIELDS = Object.keys(LIMITS) as Field[];

describe('readEnvelope', () => {
  it("CloudFormation's own limits", () => {
    expect(E.ENVELOPE_LIMITS).toEqual(LIMITS);
  });

  it('an event CloudFormation could send: the event itself, echoing its identity', () => {
    const event = createEvent({ PhysicalResourceId: 'p' });
    expect(E.readEnvelope(event)).toEqual({
      event,
      echo: { StackId: STACK_ID, RequestId: REQUEST_ID, LogicalResourceId: LOGICAL_ID, PhysicalResourceId: 'p' },
    });
  });

  it('a Create has no PhysicalResourceId; an empty one is echoed as none', () => {
    expect(E.readEnvelope(createEvent()).echo.PhysicalResourceId).toBeUndefined();
    const empty = E.readEnvelope(createEvent({ PhysicalResourceId: '' }));
    expect(empty.problem).toBeUndefined();
    expect(empty.echo.PhysicalResourceId).toBeUndefined();
  });

  it.each(FIELDS)('%s at its limit is accepted whole', (field) => {
    const value = 'x'.repeat(LIMITS[field]);
    const envelope = E.readEnvelope(createEvent({ [field]: value }));
    expect(envelope.problem).toBeUndefined();
    expect(envelope.echo[field]).toBe(value);
  });

  it.each(FIELDS)('%s one character over its limit is refused, naming it; the echo is cut to the limit', (field) => {
    const value = `${'ü'.repeat(LIMITS[field])}z`;
    const envelope = E.readEnvelope(createEvent({ [field]: value }));
    expect(envelope.event).toBeUndefined();
    expect(envelope.problem).toBe(
      `${field} is ${LIMITS[field] + 1} characters long; CloudFormation sends at most ${LIMITS[field]}`,
    );
    expect(envelope.echo[field]).toBe('ü'.repeat(LIMITS[field]));
  });

  it.each([
    ['a number', 42, 'a number'],
    ['null', null, 'null'],
    ['a list', ['a'], 'a list'],
    ['an object', { a: 1 }, 'a object'],
    ['a boolean', true, 'a boolean'],
  ])('a field that is %s is refused, naming the field and its type; its echo is empty', (_label, value, type) => {
    for (const field of FIELDS) {
      const envelope = E.readEnvelope(createEvent({ [field]: value }));
      expect(envelope.event).toBeUndefined();
      expect(envelope.problem).toBe(`${field} is not a string (${type})`);
      expect(envelope.echo[field] ?? '').toBe('');
    }
  });

  it('a missing StackId, RequestId or LogicalResourceId is refused; every problem is named, in order', () => {
    expect(E.readEnvelope({ PhysicalResourceId: 7 })).toEqual({
      problem:
        'StackId is missing; RequestId is missing; LogicalResourceId is missing; ' +
        'PhysicalResourceId is not a string (a number)',
      echo: { StackId: '', RequestId: '', LogicalResourceId: '', PhysicalResourceId: undefined },
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'Create'],
    ['a number', 42],
    ['a list holding an event', [createEvent()]],
  ])('%s is no event: every required field is missing', (_label, input) => {
    expect(E.readEnvelope(input)).toEqual({
      problem: 'StackId is missing; RequestId is missing; LogicalResourceId is missing',
      echo: { StackId: '', RequestId: '', LogicalResourceId: '', PhysicalResourceId: undefined },
    });
  });

  it("checks only the envelope: the rest of the event is the request's to judge", () => {
    const odd = createEvent({ RequestType: 42, ResourceProperties: 'x', ResponseURL: null });
    expect(E.readEnvelope(odd).event).toBe(odd);
  });
});
