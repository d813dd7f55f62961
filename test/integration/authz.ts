/**
 * Least privilege, proven on what the function really did: every AWS call the built bundle made
 * against the emulator (recorded by the gateway with the request's condition keys) is evaluated
 * against the execution role in template.yaml with an IAM policy simulator, and must be Allowed.
 */
import { afterEach, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { simulate } from '../templates/execution-role-policy.js';

/** Registers, for this file: after each test, its recorded calls are all Allowed; last, that some were checked. */
export function everyCallAllowedByTheExecutionRole(harness: () => Harness): void {
  let checked = 0;
  afterEach(async () => {
    const records = harness().gateway.authz();
    const denied = [];
    for (const record of records) {
      const decision = await simulate(record);
      if (decision !== 'Allowed') denied.push({ ...record, decision });
    }
    checked += records.length;
    expect(denied, 'AWS calls of the function that template.yaml does not allow').toEqual([]);
  });
  it('made only calls that the execution role in template.yaml allows (IAM policy simulator)', () => {
    expect(checked).toBeGreaterThan(0);
  });
}
