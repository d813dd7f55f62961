/**
 * Proof, with an IAM policy simulator, that template.yaml's execution role lets the function make
 * every request it legitimately makes, for every kind and request type (simulation/catalog.ts).
 */
import { describe, expect, it } from 'vitest';
import { SUPPORTED_RESOURCE_TYPES } from '../../src/names.js';
import { simulateDetailed } from './execution-role-policy.js';
import { allowedRows, serviceCalls } from './simulation/catalog.js';

const ALLOWED = allowedRows();

describe('execution role in the IAM policy simulator: what the function does is allowed', () => {
  it('covers every kind (the SES alias shares its kind) and request type', () => {
    expect(Object.keys(serviceCalls())).toHaveLength(SUPPORTED_RESOURCE_TYPES.length);
    expect(ALLOWED.length).toBeGreaterThan(80);
  });

  it.each(ALLOWED)('%s', async (_what, request) => {
    const outcome = await simulateDetailed(request);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe('Allowed');
    // Every context key given was one the simulator evaluated for this action.
    expect(outcome.ignoredContextKeys).toEqual([]);
  });
});
