import { describe, expect, it } from 'vitest';
import { isSesEventType, SES_EVENT_TYPES } from '../../src/event-types.js';

describe('SES event types', () => {
  it('are exactly the ten of the contract', () => {
    expect([...SES_EVENT_TYPES]).toEqual(['SEND', 'REJECT', 'BOUNCE', 'COMPLAINT', 'DELIVERY', 'OPEN', 'CLICK', 'RENDERING_FAILURE', 'DELIVERY_DELAY', 'SUBSCRIPTION']);
  });

  it('isSesEventType accepts only those names, case-sensitively', () => {
    expect(isSesEventType('BOUNCE')).toBe(true);
    expect(isSesEventType('bounce')).toBe(false);
    expect(isSesEventType('ENGAGEMENT')).toBe(false);
    expect(isSesEventType('')).toBe(false);
  });
});
