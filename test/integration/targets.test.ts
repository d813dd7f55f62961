// The BUILT bundle: the lifecycle of every kind that points a service resource at its role (the
// Pinpoint event stream, the SES and the SMS and voice event destinations), pinned once over the
// catalog (local/kinds.ts): a new kind gets these tests from its entry there. What only one kind
// does (its destination types, its service's own errors and quotas) stays in that kind's file.
// The expected trust and permissions are the kind's plan (src/resources/), whose literal documents
// the policies' unit tests pin to the contract: here, IAM must hold exactly them.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INLINE_POLICY_NAME, TAG_KEYS } from '../../src/names.js';
import { planFor } from '../../src/resources/index.js';
import { stackContext } from '../../src/stack.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  eventFor,
  expectOneAnswer,
  type HarnessPlayOptions,
  type Json,
  type KindTarget,
  MANAGED_PATH_PREFIX,
  type Properties,
  REGION,
  readRole,
  roleNameOf,
  type TestKind,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const MANAGED_PATH = `/${MANAGED_PATH_PREFIX}/${REGION}/`;

const h = useHarness({ stackName: 'targets' });
const { withTarget } = h.kinds;
const byLabel = (kinds: readonly TestKind[]) => kinds.map((k) => [k.label, k] as const);
/** What the catalog knows of the kind's service (every kind here has a target). */
const service = (kind: TestKind) => kind.kind.target as KindTarget;

const create = (kind: TestKind, properties: Properties = kind.props(), options: HarnessPlayOptions = {}) =>
  h.play(eventFor(kind, 'Create', h.stackId, { ResourceProperties: properties }), options);
const update = (kind: TestKind, physicalId: string, after: Properties, before?: Properties) =>
  h.play(updateOf(kind, h.stackId, physicalId, after, before));
const remove = (kind: TestKind, physicalId: string, properties: Properties = kind.props()) =>
  h.play(eventFor(kind, 'Delete', h.stackId, { PhysicalResourceId: physicalId, ResourceProperties: properties }));
/** A Create answered SUCCESS: the role's ARN. */
const created = async (kind: TestKind, properties: Properties = kind.props()) => {
  const played = await create(kind, properties);
  expectOneAnswer(played, 'SUCCESS');
  return played.response.PhysicalResourceId;
};
const roleOf = (arn: string): Promise<Json> => readRole(h.direct, roleNameOf(arn));
const planOf = (kind: TestKind, properties: Properties) =>
  planFor(kind.type, properties, stackContext(h.stackId, kind.logicalId));

describe('Create', () => {
  it.each(byLabel(withTarget))(
    "%s: the role under the managed path with the boundary, exactly the plan's trust and permissions, its " +
      'ownership tags and Data; the target points at it',
    async (_k, kind) => {
      const properties = kind.props({ Tags: [{ Key: 'team', Value: 'messaging' }] });
      const played = await create(kind, properties);
      expectOneAnswer(played, 'SUCCESS');
      const roleArn = played.response.PhysicalResourceId;
      const name = roleNameOf(roleArn);
      expect(name).toMatch(new RegExp(`^targets-${kind.logicalId}-[0-9a-f]{12}$`));
      expect(played.response.Data).toEqual({ RoleArn: roleArn, RoleName: name, ...service(kind).data(h.world) });
      const role = await roleOf(roleArn);
      const plan = await planOf(kind, properties);
      expect(role).toMatchObject({ arn: roleArn, path: MANAGED_PATH, permissionsBoundary: BOUNDARY_ARN });
      expect(role.trust).toEqual(plan.trust);
      expect(role.policies).toEqual({ [INLINE_POLICY_NAME]: plan.permissions });
      expect(role.tags).toMatchObject({
        [TAG_KEYS.managedBy]: 'Custom::PinpointEventStream',
        [TAG_KEYS.stackId]: h.stackId,
        [TAG_KEYS.logicalId]: kind.logicalId,
        team: 'messaging',
      });
      expect(await kind.targetRole()).toBe(roleArn);
    },
  );

  it.each(byLabel(withTarget))(
    "%s: waits out IAM propagation on the service's own answers, retrying the service call alone",
    async (_k, kind) => {
      const { create: call } = service(kind).calls;
      h.gateway.iam.propagationDelayMs = 2000;
      const played = await create(kind);
      expectOneAnswer(played, 'SUCCESS');
      const attempts = h.gateway.count(call);
      expect(attempts).toBeGreaterThan(1);
      const retries = played.invocation.logs.filter(
        (l: Json) => l.message === 'role not usable yet (IAM propagation), retrying' && l.call === call,
      );
      expect(retries).toHaveLength(attempts - 1);
      expect(h.gateway.count('iam:CreateRole')).toBe(1);
      expect(await kind.targetRole()).toBe(played.response.PhysicalResourceId);
    },
  );

  it.each(byLabel(withTarget))(
    "%s: when propagation outlasts the function's time, FAILED before its timeout naming the call and the log " +
      'stream, the role it made removed; the Delete that follows succeeds',
    async (_k, kind) => {
      const { create: call } = service(kind).calls;
      h.gateway.iam.propagationDelayMs = 10 * 60_000;
      const played = await create(kind, kind.props(), { timeoutMs: 8000 });
      expectOneAnswer(played, 'FAILED');
      const { Reason: reason, PhysicalResourceId: roleArn } = played.response;
      expect(reason).toMatch(new RegExp(`${call} .*IAM propagation`));
      expect(reason).toContain('log stream');
      expect(roleArn).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}targets-${kind.logicalId}-`));
      expect(await roleOf(roleArn)).toBeUndefined();
      expect(await kind.targetRole()).toBeUndefined();
      expectOneAnswer(await remove(kind, roleArn), 'SUCCESS');
      expect(await roleOf(roleArn)).toBeUndefined();
    },
  );

  it.each(byLabel(withTarget))(
    "%s: rides out IAM's throttling and the service's 5xx answers with the SDK standard retry",
    async (_k, kind) => {
      const { create: call } = service(kind).calls;
      const throttled = { status: 400, code: 'Throttling', message: 'Rate exceeded' };
      h.gateway.inject((c) => c.action === 'iam:CreateRole', throttled, 2);
      // InternalFailure: the 500 every AWS API may answer (the services' models hold the injected faults).
      h.gateway.inject((c) => c.action === call, { status: 500, code: 'InternalFailure', message: 'busy' }, 2);
      const played = await create(kind);
      expectOneAnswer(played, 'SUCCESS');
      expect(h.gateway.count('iam:CreateRole')).toBe(3);
      expect(h.gateway.count(call)).toBe(3);
      expect(await kind.targetRole()).toBe(played.response.PhysicalResourceId);
    },
  );

  it.each(byLabel(withTarget))(
    '%s: any other 400 of the service call is not retried as propagation: FAILED naming the call, no role left',
    async (_k, kind) => {
      const { calls, clientError } = service(kind);
      h.gateway.inject((c) => c.action === calls.create, { status: 400, code: clientError, message: 'Bad input' }, 10);
      const played = await create(kind);
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toContain(`${calls.create} failed: ${clientError}: Bad input`);
      expect(h.gateway.count(calls.create)).toBe(1);
      expect(await roleOf(played.response.PhysicalResourceId)).toBeUndefined();
      expect(await kind.targetRole()).toBeUndefined();
    },
  );

  it.each(byLabel(withTarget))(
    '%s: a target of that name that uses a role not its own is refused naming ReplaceExistingStream, changing ' +
      'nothing and leaving no role',
    async (_k, kind) => {
      const foreign = await kind.putForeignTarget();
      const before = await kind.target();
      const played = await create(kind);
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toContain(
        `${kind.targetDescription()} already exists and is not owned by this resource (it uses ${foreign})`,
      );
      expect(played.response.Reason).toMatch(/ReplaceExistingStream/);
      expect(await kind.target()).toEqual(before);
      expect(await roleOf(played.response.PhysicalResourceId)).toBeUndefined();
    },
  );

  it.each(byLabel(withTarget))(
    '%s: a missing app or configuration set fails naming its property, and leaves no role',
    async (_k, kind) => {
      const { property, missing, says } = service(kind).container;
      const played = await create(kind, kind.props({ [property]: missing }));
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason.startsWith(`${property}: ${says}`), played.response.Reason).toBe(true);
      expect(await roleOf(played.response.PhysicalResourceId)).toBeUndefined();
    },
  );
});

describe('Update', () => {
  it.each(byLabel(withTarget))(
    "%s: in place, the same role with the boundary and the changed plan's permissions, the target changed " +
      'by one update call; ServiceTimeout is not a property',
    async (_k, kind) => {
      const roleArn = await created(kind);
      const before = await kind.target();
      const { update: call } = service(kind).calls;
      const calls = h.gateway.count(call);
      const after = kind.changed();
      const played = await update(kind, roleArn, { ...after, ServiceTimeout: '600' });
      expectOneAnswer(played, 'SUCCESS');
      expect(played.response.PhysicalResourceId).toBe(roleArn);
      expect(h.gateway.count(call) - calls).toBe(1);
      const role = await roleOf(roleArn);
      const plan = await planOf(kind, after);
      expect(role).toMatchObject({ path: MANAGED_PATH, permissionsBoundary: BOUNDARY_ARN });
      expect(role.trust).toEqual(plan.trust);
      expect(role.policies).toEqual({ [INLINE_POLICY_NAME]: plan.permissions });
      expect(await kind.target()).not.toEqual(before);
      expect(await kind.targetRole()).toBe(roleArn);
    },
  );

  const replacements = withTarget.flatMap((kind) =>
    Object.keys(service(kind).replacements).map((property) => [kind.label, property, kind] as const),
  );

  it.each(replacements)(
    '%s: a new %s replaces role and target; the Delete of the old resource removes only the old ones',
    async (_k, property, kind) => {
      const other = await h.seed({ streams: h.streams });
      const old = await created(kind);
      const next = kind.replacement(property, other);
      const played = await update(kind, old, next.props);
      expectOneAnswer(played, 'SUCCESS');
      const replacement = played.response.PhysicalResourceId;
      expect(replacement).not.toBe(old);
      expect((await roleOf(replacement)).trust).toEqual((await planOf(kind, next.props)).trust);
      expect(await next.targetRole()).toBe(replacement);
      expect(await kind.targetRole()).toBe(old);

      expectOneAnswer(await remove(kind, old), 'SUCCESS');
      expect(await roleOf(old)).toBeUndefined();
      expect(await kind.targetRole()).toBeUndefined();
      expect(await roleOf(replacement)).toBeDefined();
      expect(await next.targetRole()).toBe(replacement);
    },
  );

  const roleChanges = [
    {
      property: 'RoleName',
      before: (id: string): Properties => ({ RoleName: `a-${id}` }),
      after: (id: string): Properties => ({ RoleName: `b-${id}` }),
      path: MANAGED_PATH,
    },
    {
      property: 'RolePath',
      before: () => ({}),
      after: () => ({ RolePath: '/messaging/' }),
      path: `${MANAGED_PATH}messaging/`,
    },
  ];

  it.each(
    withTarget.flatMap((kind) => roleChanges.map((change) => [kind.label, change.property, kind, change] as const)),
  )(
    '%s: a new %s replaces the role; the Delete of the old one leaves the target, which uses the new role',
    async (_k, _p, kind, change) => {
      const id = randomUUID().slice(0, 8);
      const before = kind.props(change.before(id));
      const old = await created(kind, before);
      const played = await update(kind, old, kind.props(change.after(id)), before);
      expectOneAnswer(played, 'SUCCESS');
      const replacement = played.response.PhysicalResourceId;
      expect(roleNameOf(replacement)).not.toBe(roleNameOf(old));
      if (change.property === 'RoleName') expect(roleNameOf(replacement)).toBe(`b-${id}`);
      expect((await roleOf(replacement)).path).toBe(change.path);
      expect(await kind.targetRole()).toBe(replacement);

      expectOneAnswer(await remove(kind, old, before), 'SUCCESS');
      expect(await roleOf(old)).toBeUndefined();
      expect(await kind.targetRole()).toBe(replacement);
    },
  );

  it.each(byLabel(withTarget))(
    '%s: a replacing change under a fixed RoleName fails naming RoleName, and CloudFormation can still roll back',
    async (_k, kind) => {
      const other = await h.seed({ streams: h.streams });
      const [property] = Object.keys(service(kind).replacements) as [string];
      const fixed = { RoleName: `fixed-${randomUUID().slice(0, 8)}` };
      const before = kind.props(fixed);
      const roleArn = await created(kind, before);
      const next = kind.replacement(property, other);
      const after = { ...next.props, ...fixed };
      const failed = await update(kind, roleArn, after, before);
      expectOneAnswer(failed, 'FAILED');
      expect(failed.response.Reason).toMatch(new RegExp(`^RoleName: changing ${property} replaces the role`));
      expect(failed.response.PhysicalResourceId).toBe(roleArn);
      expect(await next.targetRole()).toBeUndefined();
      // CloudFormation's rollback: an Update back to the old properties.
      const rollback = await update(kind, roleArn, before, after);
      expectOneAnswer(rollback, 'SUCCESS');
      expect(rollback.response.PhysicalResourceId).toBe(roleArn);
      expect(await kind.targetRole()).toBe(roleArn);
    },
  );
});

describe('Delete', () => {
  it.each(byLabel(withTarget))(
    '%s: removes the target, then the role; a second Delete succeeds with the same physical id',
    async (_k, kind) => {
      const roleArn = await created(kind);
      const mark = h.gateway.authz().length;
      expectOneAnswer(await remove(kind, roleArn), 'SUCCESS');
      const calls = h.gateway
        .authz()
        .slice(mark)
        .map((r) => r.action);
      expect(calls).toContain(service(kind).calls.remove);
      expect(calls.indexOf(service(kind).calls.remove)).toBeLessThan(calls.indexOf('iam:DeleteRole'));
      expect(await roleOf(roleArn)).toBeUndefined();
      expect(await kind.targetRole()).toBeUndefined();
      const again = await remove(kind, roleArn);
      expectOneAnswer(again, 'SUCCESS');
      expect(again.response.PhysicalResourceId).toBe(roleArn);
    },
  );

  it.each(byLabel(withTarget))(
    '%s: leaves a target of that name that now uses another role, and removes its own role',
    async (_k, kind) => {
      const roleArn = await created(kind);
      const foreign = await kind.putForeignTarget();
      expectOneAnswer(await remove(kind, roleArn), 'SUCCESS');
      expect(await kind.targetRole()).toBe(foreign);
      expect(await roleOf(roleArn)).toBeUndefined();
    },
  );

  const refusals = withTarget.flatMap((kind) =>
    [
      [403, service(kind).forbiddenError],
      [400, service(kind).clientError],
    ].map(([status, code]) => [kind.label, status as number, code as string, kind] as const),
  );

  // The first of the service's calls, the read, refuses here; security-delete.test.ts has the remove call refuse.
  it.each(refusals)(
    '%s: a %i %s from the service never fails the Delete: the role is removed, a warning says what may be left',
    async (_k, status, code, kind) => {
      const roleArn = await created(kind);
      const prefix = `${service(kind).calls.remove.split(':')[0]}:`;
      h.gateway.inject((c) => c.action.startsWith(prefix), { status, code, message: 'No longer supported' }, 10);
      const played = await remove(kind, roleArn);
      expectOneAnswer(played, 'SUCCESS');
      expect(await roleOf(roleArn)).toBeUndefined();
      const warning = played.invocation.logs.find((l: Json) => l.level === 'WARN' && /may be left/.test(l.message));
      expect(warning?.message).toBe(
        `${kind.targetDescription()} could not be checked or removed and may be left behind; ` +
          'the role is removed anyway',
      );
      expect(warning?.error).toContain(code);
    },
  );

  /** Physical ids CloudFormation may send a Delete for that name nothing of ours, with the Delete's properties. */
  const notOurs: readonly (readonly [string, (kind: TestKind) => Promise<[string, Properties]>])[] = [
    ['an invented physical id', async (kind) => [`${kind.logicalId}-create-failed-8f1c`, kind.props()]],
    ['a role ARN of another account', async (kind) => ['arn:aws:iam::999999999999:role/x', kind.props()]],
    [
      'a Create that failed validation',
      async (kind) => {
        const typo = kind.props({ DestinationStreamARN: 'typo' });
        const failed = await create(kind, typo);
        expectOneAnswer(failed, 'FAILED');
        return [failed.response.PhysicalResourceId, typo];
      },
    ],
  ];

  it.each(withTarget.flatMap((kind) => notOurs.map(([label, id]) => [kind.label, label, kind, id] as const)))(
    '%s: the Delete of %s succeeds echoing its physical id, without any AWS call, leaving the target as it is',
    async (_k, _label, kind, deleteOf) => {
      const [physicalId, properties] = await deleteOf(kind);
      await kind.putForeignTarget();
      const before = await kind.target();
      const mark = h.gateway.authz().length;
      const played = await remove(kind, physicalId, properties);
      expectOneAnswer(played, 'SUCCESS');
      expect(played.response.PhysicalResourceId).toBe(physicalId);
      expect(h.gateway.authz().slice(mark)).toEqual([]);
      expect(await kind.target()).toEqual(before);
    },
  );
});

everyCallAllowedByTheExecutionRole(() => h);
