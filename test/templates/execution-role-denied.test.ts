/**
 * Proof, with an IAM policy simulator, that template.yaml's execution role denies what a
 * compromised function might try: reaching, claiming, widening or passing a role outside its
 * managed path, acting outside its account and Region, anything else.
 */
import { describe, expect, it } from 'vitest';
import { simulateDetailed } from './execution-role-policy.js';
import { DENIED } from './simulation/denied.js';
import { DENIED_ELSEWHERE } from './simulation/denied-elsewhere.js';

describe('execution role in the IAM policy simulator: what a compromised function might try is denied', () => {
  it.each([...DENIED, ...DENIED_ELSEWHERE])('%s', async (_why, request, decision) => {
    const outcome = await simulateDetailed(request);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe(decision);
    // Denied for what the request says, not for a condition key the simulator dropped.
    expect(outcome.ignoredContextKeys).toEqual([]);
  });
});
