// The BUILT bundle under load: many resources of one account at once against IAM's
// account-wide rate limit (IAM is one endpoint per account for every Region). The contract:
// "IAM throttling under load must not fail a request that has time left".
//
// Kind: Custom::PinpointEmailSendingRole. It makes only the calls the rate limit is about
// (iam:CreateRole, iam:PutRolePolicy; on Delete iam:DeleteRolePolicy, iam:DeleteRole) plus
// the CloudFormation read, and no Pinpoint call: moto serves it fastest and every resource is
// independent (Pinpoint streams would need 50 applications, one stream each).
import { describe, expect, it } from 'vitest';
import {
  event,
  FUNCTION_TIMEOUT_MS,
  newStackId,
  type Played,
  readRole,
  roleNameOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const TYPE = 'Custom::PinpointEmailSendingRole';
const RESOURCES = 50;
const IAM_MUTATING_PER_SECOND = 4;

const h = useHarness({ world: false });

function logicalId(n: number): string {
  return `SendingRole${String(n).padStart(2, '0')}`;
}

/** Plays all events at once; resolves with each play (in order) and the wall time. */
async function playAll(events: unknown[]): Promise<{ played: Played[]; ms: number }> {
  const started = Date.now();
  const played = await Promise.all(events.map((e) => h.play(e, { timeoutMs: FUNCTION_TIMEOUT_MS })));
  return { played, ms: Date.now() - started };
}

function summary(played: Played[]) {
  return played
    .filter((p) => p.responses.length !== 1 || p.response?.Status !== 'SUCCESS')
    .map((p) => ({
      responses: p.responses.length,
      status: p.response?.Status,
      reason: p.response?.Reason,
      killed: p.invocation.killed,
    }));
}

const LIMITED = `IAM limited to ${IAM_MUTATING_PER_SECOND} mutating calls a second`;

describe(`${RESOURCES} resources at once against ${LIMITED}`, () => {
  it('every Create and every Delete answers SUCCESS exactly once, although IAM throttled ' +
    'many calls; the roles exist, then are gone', async () => {
    h.gateway.reset();
    h.gateway.iam.mutatingPerSecond = IAM_MUTATING_PER_SECOND;
    const stackId = newStackId('scale');
    const creates = Array.from({ length: RESOURCES }, (_, i) =>
      event('Create', {
        StackId: stackId,
        ResourceType: TYPE,
        LogicalResourceId: logicalId(i + 1),
        ResourceProperties: { Tags: [{ Key: 'n', Value: String(i + 1) }] },
      }),
    );

    const created = await playAll(creates);
    const createThrottled = h.gateway.iam.throttled;
    const createAdmitted = h.gateway.iam.admitted;
    expect(summary(created.played), 'Creates that did not answer SUCCESS exactly once').toEqual([]);
    expect(createThrottled, 'IAM throttled no Create call: the test did not test throttling').toBeGreaterThan(0);
    // Every resource made its two mutating calls (CreateRole, PutRolePolicy) once they were admitted.
    expect(createAdmitted).toBeGreaterThanOrEqual(2 * RESOURCES);
    const roles = created.played.map((p) => p.response.PhysicalResourceId);
    expect(new Set(roles).size).toBe(RESOURCES);
    for (const [i, arn] of roles.entries()) {
      const role = await readRole(h.direct, roleNameOf(arn));
      expect(role?.arn, logicalId(i + 1)).toBe(arn);
      expect(role.tags).toMatchObject({ 'pinpoint-event-stream:logical-id': logicalId(i + 1), n: String(i + 1) });
      expect(Object.keys(role.policies)).toEqual(['pinpoint-event-stream']);
    }

    const deletes = created.played.map((p, i) =>
      event('Delete', {
        StackId: stackId,
        ResourceType: TYPE,
        LogicalResourceId: logicalId(i + 1),
        PhysicalResourceId: p.response.PhysicalResourceId,
        ResourceProperties: {},
      }),
    );
    const deleted = await playAll(deletes);
    const deleteThrottled = h.gateway.iam.throttled - createThrottled;
    expect(summary(deleted.played), 'Deletes that did not answer SUCCESS exactly once').toEqual([]);
    expect(deleteThrottled, 'IAM throttled no Delete call: the test did not test throttling').toBeGreaterThan(0);
    for (const arn of roles) expect(await readRole(h.direct, roleNameOf(arn)), arn).toBeUndefined();

    const slowest = (played: Played[]) => Math.max(...played.map((p) => p.invocation.durationMs));
    console.log(
      JSON.stringify({
        resources: RESOURCES,
        iamMutatingPerSecond: IAM_MUTATING_PER_SECOND,
        create: {
          wallMs: created.ms,
          slowestInvocationMs: slowest(created.played),
          iamThrottled: createThrottled,
          iamAdmitted: createAdmitted,
        },
        delete: {
          wallMs: deleted.ms,
          slowestInvocationMs: slowest(deleted.played),
          iamThrottled: deleteThrottled,
          iamAdmitted: h.gateway.iam.admitted - createAdmitted,
        },
      }),
    );
  }, 600_000);
});

everyCallAllowedByTheExecutionRole(() => h);
