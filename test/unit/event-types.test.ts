import { beforeEach, describe, expect, it } from 'vitest';
import type * as EventTypes from '../../src/event-types.js';
import { fresh } from './fixtures.js';

// The module under test, loaded afresh for each test (its list is top-level): see fresh() in fixtures.ts.
let isSesEventType: typeof EventTypes.isSesEventType;
let SES_EVENT_TYPES: typeof EventTypes.SES_EVENT_TYPES;
beforeEach(async () => ({ isSesEventType, SES_EVENT_TYPES } = await fresh(() => import('../../src/event-types.js'))));

/** The ten of the contract, in its order. */
const CONTRACT = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
];

describe('SES event types', () => {
  it('are exactly the ten of the contract, in its order', () => {
    expect([...SES_EVENT_TYPES]).toEqual(CONTRACT);
  });

  it.each(CONTRACT)('isSesEventType accepts %s', (type) => {
    expect(isSesEventType(type)).toBe(true);
  });

  it.each(['bounce', 'Bounce', 'ENGAGEMENT', 'ALL', 'TEXT_DELIVERED', '', ' SEND', 'SEND ', 'SEND,BOUNCE'])(
    'isSesEventType rejects %j (case-sensitive, exact)',
    (type) => {
      expect(isSesEventType(type)).toBe(false);
    },
  );
});
