/**
 * Two deployments sharing a managed path prefix in one Region (a test deployment, a blue/green
 * upgrade) cannot touch or pass each other's roles: every role carries its deployment's tag, and
 * the execution role's IAM writes, PassRole and delete path require it. Roles that 2.x made carry
 * no such tag and stay manageable, so an upgrade never strands a stack.
 */
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/names.js';
import { simulateDetailed } from './execution-role-policy.js';
import {
  CREATE_CONTEXT,
  OTHER_DEPLOYMENT,
  OWNERSHIP,
  OWNERSHIP_2X,
  ROLE,
  type Row,
  requestTags,
  roleCalls,
  serviceCalls,
  TAG_CONTEXT,
  tagsOf,
} from './simulation/catalog.js';

const DEPLOYMENT_TAG = TAG_KEYS.deployment;
const OTHERS: Record<string, string> = { ...OWNERSHIP, [DEPLOYMENT_TAG]: OTHER_DEPLOYMENT };

/** Every call the function makes on an existing role (not CreateRole, not the reads), tagged `ownership`. */
function callsOnExistingRole(ownership: Record<string, string>): Row[] {
  const onRole = (rows: Row[]) =>
    rows.filter(([, r]) => r.resource === ROLE && !/^iam:(GetRole|CreateRole)$/.test(r.action));
  const passes = Object.values(serviceCalls(ownership)).flatMap((byType) =>
    [...byType.Create, ...byType.Update].filter(([, r]) => r.action === 'iam:PassRole'),
  );
  const rows = [...onRole(roleCalls('Update', ownership)), ...onRole(roleCalls('Delete', ownership)), ...passes];
  return [...new Map(rows.map((row) => [row[0], row])).values()];
}

async function decide(request: Row[1]) {
  const outcome = await simulateDetailed(request);
  expect(outcome.ignoredContextKeys).toEqual([]);
  return outcome.decision;
}

describe('execution role in the IAM policy simulator: each deployment its own roles', () => {
  it.each(callsOnExistingRole(OWNERSHIP))("this deployment's role: %s is allowed", async (_what, request) => {
    expect(await decide(request)).toBe('Allowed');
  });

  it.each(callsOnExistingRole(OTHERS))("another deployment's role: %s is denied", async (_what, request) => {
    expect(await decide(request)).toBe('ImplicitlyDenied');
  });

  it.each(callsOnExistingRole(OWNERSHIP_2X))(
    'a role 2.x made (no deployment tag): %s is allowed',
    async (_w, request) => {
      expect(await decide(request)).toBe('Allowed');
    },
  );

  it("an Update tags a 2.x role as this deployment's", async () => {
    const request = { action: 'iam:TagRole', resource: ROLE, context: { ...tagsOf(OWNERSHIP_2X), ...TAG_CONTEXT } };
    expect(await decide(request)).toBe('Allowed');
  });

  it.each([
    ['CreateRole without the deployment tag', { ...CREATE_CONTEXT, [`aws:RequestTag/${DEPLOYMENT_TAG}`]: undefined }],
    [
      'CreateRole tagged with another deployment',
      { ...CREATE_CONTEXT, ...requestTags({ [DEPLOYMENT_TAG]: OTHER_DEPLOYMENT }) },
    ],
  ])('%s is denied', async (_what, context) => {
    const defined = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    expect(await decide({ action: 'iam:CreateRole', resource: ROLE, context: defined })).toBe('ImplicitlyDenied');
  });

  it.each([
    ["TagRole moving this deployment's role to another", tagsOf(OWNERSHIP), OTHER_DEPLOYMENT],
    ["TagRole claiming another deployment's role", tagsOf(OTHERS), 'pinpoint-event-stream-resource'],
    ['TagRole giving a 2.x role to another deployment', tagsOf(OWNERSHIP_2X), OTHER_DEPLOYMENT],
  ])('%s is denied', async (_what, resource, deployment) => {
    const context = { ...resource, ...TAG_CONTEXT, ...requestTags({ [DEPLOYMENT_TAG]: deployment }) };
    expect(await decide({ action: 'iam:TagRole', resource: ROLE, context })).toBe('ImplicitlyDenied');
  });
});
