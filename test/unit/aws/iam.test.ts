import {
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Iam from '../../../src/aws/iam.js';
import { AwsCallError, DeadlineError } from '../../../src/errors.js';
import { INLINE_POLICY_NAME, ROLE_DESCRIPTION } from '../../../src/names.js';
import { pinpointAccountTrust, policy } from '../../../src/policies.js';
import { awsContext, type MockedClients, mockedClients, ownedRole } from '../account.js';
import {
  awsError,
  BOUNDARY_ARN,
  type CapturingLogger,
  captureLogger,
  entityExists,
  fresh,
  noSuchEntity,
  onFakeTime,
  stack,
} from '../fixtures.js';

// The module under test, loaded afresh for each test (its error codes and DeleteConflict window are top-level).
let I: typeof Iam;
let aws: MockedClients;
let log: CapturingLogger;
let ctx: ReturnType<typeof awsContext>;
beforeEach(async () => {
  I = await fresh(() => import('../../../src/aws/iam.js'));
  aws = mockedClients();
  log = captureLogger();
  ctx = awsContext(aws.clients, log);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const accessDenied = () => awsError('AccessDenied', 'not authorized', { status: 403 });
const conflict = () =>
  awsError('DeleteConflictException', 'Cannot delete entity, must delete policies first.', { status: 409 });
const TRUST = pinpointAccountTrust(stack());
const MANAGED = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const CUSTOMER_MANAGED = 'arn:aws:iam::123456789012:policy/team/extra';

/** The IAM commands sent, in order. */
const sent = () => aws.iam.calls().map((call) => call.args[0].constructor.name);

describe('getRole', () => {
  it('reads arn, name, path, tags and boundary', async () => {
    aws.iam
      .on(GetRoleCommand, { RoleName: 'r' })
      .resolves(ownedRole('r', 'fp', { path: '/p/', boundary: BOUNDARY_ARN }));
    const role = await I.getRole(ctx, 'r');
    expect(role).toMatchObject({
      arn: 'arn:aws:iam::123456789012:role/p/r',
      name: 'r',
      path: '/p/',
      permissionsBoundary: BOUNDARY_ARN,
    });
    expect(role?.tags).toEqual(ownedRole('r', 'fp').Role.Tags);
    expect(aws.iam.commandCalls(GetRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'r' });
  });

  it('parses the trust policy from the URL-encoded JSON IAM returns', async () => {
    aws.iam.on(GetRoleCommand).resolves(ownedRole('r', 'fp', { trust: TRUST }));
    const role = await I.getRole(ctx, 'r');
    expect(role?.trust).toEqual(TRUST);
  });

  it('leaves the trust undefined when it is missing or unreadable', async () => {
    aws.iam
      .on(GetRoleCommand)
      .resolvesOnce(ownedRole('r', 'fp'))
      .resolves({ Role: { ...ownedRole('r', 'fp').Role, AssumeRolePolicyDocument: '%7Bnot%20json' } });
    expect((await I.getRole(ctx, 'r'))?.trust).toBeUndefined();
    expect((await I.getRole(ctx, 'r'))?.trust).toBeUndefined();
  });

  it('has no boundary when the role has none', async () => {
    aws.iam.on(GetRoleCommand).resolves(ownedRole('r', 'fp', { boundary: null }));
    expect((await I.getRole(ctx, 'r'))?.permissionsBoundary).toBeUndefined();
  });

  it('defaults the path to / and the tags to none', async () => {
    aws.iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'r',
        Arn: 'arn:aws:iam::123456789012:role/r',
        RoleId: 'x',
        CreateDate: new Date(0),
        Path: undefined as unknown as string,
      },
    });
    expect(await I.getRole(ctx, 'r')).toMatchObject({ path: '/', tags: [] });
  });

  it.each([
    ['the role does not exist', () => aws.iam.on(GetRoleCommand).rejects(noSuchEntity())],
    [
      'IAM answers the query-protocol code NoSuchEntity',
      () => aws.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity')),
    ],
    ['IAM answers without a role ARN', () => aws.iam.on(GetRoleCommand).resolves({})],
  ])('is undefined when %s', async (_label, answer) => {
    answer();
    await expect(I.getRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('throws other errors, naming iam:GetRole', async () => {
    aws.iam.on(GetRoleCommand).rejects(accessDenied());
    await expect(I.getRole(ctx, 'r')).rejects.toThrow(/iam:GetRole failed: AccessDenied/);
  });
});

describe('createRole', () => {
  const spec = () => ({
    name: 'r',
    path: '/p/',
    trust: policy(),
    tags: [{ Key: 'a', Value: 'b' }],
    permissionsBoundary: BOUNDARY_ARN,
  });

  it.each([
    ['with the boundary', BOUNDARY_ARN],
    ['without a boundary when the deployment has none', undefined],
  ])('creates the role with path, trust, tags, description and the boundary: %s', async (_label, boundary) => {
    aws.iam.on(CreateRoleCommand).resolves({
      Role: {
        Arn: 'arn:aws:iam::123456789012:role/p/r',
        RoleName: 'r',
        Path: '/p/',
        RoleId: 'x',
        CreateDate: new Date(),
      },
    });
    await expect(I.createRole(ctx, { ...spec(), permissionsBoundary: boundary })).resolves.toBe(
      'arn:aws:iam::123456789012:role/p/r',
    );
    expect(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      Path: '/p/',
      AssumeRolePolicyDocument: JSON.stringify(policy()),
      Tags: [{ Key: 'a', Value: 'b' }],
      PermissionsBoundary: boundary,
      Description: ROLE_DESCRIPTION,
    });
  });

  it.each([
    ['a role of that name exists', entityExists()],
    [
      'IAM answers the query-protocol code EntityAlreadyExists',
      awsError('EntityAlreadyExists', 'exists', { status: 409 }),
    ],
  ])('is undefined when %s', async (_label, error) => {
    aws.iam.on(CreateRoleCommand).rejects(error);
    await expect(I.createRole(ctx, spec())).resolves.toBeUndefined();
  });

  it('throws when IAM answers without a role ARN', async () => {
    aws.iam.on(CreateRoleCommand).resolves({});
    await expect(I.createRole(ctx, spec())).rejects.toThrow(/iam:CreateRole returned no role ARN/);
  });

  it('throws other errors as AwsCallError naming iam:CreateRole', async () => {
    aws.iam.on(CreateRoleCommand).rejects(accessDenied());
    const error = await I.createRole(ctx, spec()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('iam:CreateRole');
  });
});

describe('role updates', () => {
  const TAGS = [
    { Key: 'a', Value: '1' },
    { Key: 'b', Value: '' },
  ];
  it.each([
    [
      'updateTrust',
      () => I.updateTrust(ctx, 'r', policy()),
      UpdateAssumeRolePolicyCommand,
      { PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' },
    ],
    ['tagRole', () => I.tagRole(ctx, 'r', TAGS), TagRoleCommand, { Tags: TAGS }],
    ['untagRole', () => I.untagRole(ctx, 'r', ['old', 'older']), UntagRoleCommand, { TagKeys: ['old', 'older'] }],
    [
      'putPolicy',
      () => I.putPolicy(ctx, 'r', policy()),
      PutRolePolicyCommand,
      { PolicyName: 'pinpoint-event-stream', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' },
    ],
  ])(
    '%s sends exactly what it is given (a document as JSON), and its errors name the call',
    async (_name, call, command, input) => {
      aws.iam.onAnyCommand().resolves({});
      await call();
      expect(aws.iam.calls().map((c) => c.args[0].input)).toEqual([{ RoleName: 'r', ...input }]);
      expect(aws.iam.calls()[0]?.args[0]).toBeInstanceOf(command);
      aws.iam.onAnyCommand().rejects(accessDenied());
      await expect(call()).rejects.toThrow(`iam:${(command as { name: string }).name.replace(/Command$/, '')} failed`);
    },
  );
});

describe('deleteRole', () => {
  it('deletes our inline policy, then the role', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).resolves({});
    await I.deleteRole(ctx, 'r');
    expect(sent()).toEqual(['DeleteRolePolicyCommand', 'DeleteRoleCommand']);
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      PolicyName: INLINE_POLICY_NAME,
    });
    expect(aws.iam.commandCalls(DeleteRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'r' });
    expect(log.at('warn')).toEqual([]);
  });

  it('treats anything already gone as done', async () => {
    aws.iam.on(DeleteRolePolicyCommand).rejects(noSuchEntity());
    aws.iam.on(DeleteRoleCommand).rejects(noSuchEntity());
    await expect(I.deleteRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('fails on other errors of DeleteRole, naming the call', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(accessDenied());
    await expect(I.deleteRole(ctx, 'r')).rejects.toThrow(/iam:DeleteRole failed: AccessDenied/);
    expect(aws.iam.commandCalls(ListRolePoliciesCommand)).toHaveLength(0);
  });

  it('fails on other errors of DeleteRolePolicy, before DeleteRole', async () => {
    aws.iam.on(DeleteRolePolicyCommand).rejects(accessDenied());
    await expect(I.deleteRole(ctx, 'r')).rejects.toThrow(/iam:DeleteRolePolicy failed: AccessDenied/);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('on DeleteConflict removes other inline policies, detaches managed ones (kept), retries DeleteRole', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra-1', 'extra-2'] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyArn: MANAGED, PolicyName: 'ReadOnlyAccess' },
        { PolicyArn: CUSTOMER_MANAGED, PolicyName: 'extra' },
      ],
    });
    aws.iam.on(DetachRolePolicyCommand).resolves({});
    const result = onFakeTime(() => I.deleteRole(ctx, 'r'));
    await expect(result).resolves.toBeUndefined();
    expect(sent()).toEqual([
      'DeleteRolePolicyCommand',
      'DeleteRoleCommand',
      'ListRolePoliciesCommand',
      'DeleteRolePolicyCommand',
      'DeleteRolePolicyCommand',
      'ListAttachedRolePoliciesCommand',
      'DetachRolePolicyCommand',
      'DetachRolePolicyCommand',
      'DeleteRoleCommand',
    ]);
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'r', PolicyName: INLINE_POLICY_NAME },
      { RoleName: 'r', PolicyName: 'extra-1' },
      { RoleName: 'r', PolicyName: 'extra-2' },
    ]);
    expect(aws.iam.commandCalls(ListRolePoliciesCommand)[0]?.args[0].input).toMatchObject({ RoleName: 'r' });
    expect(aws.iam.commandCalls(ListAttachedRolePoliciesCommand)[0]?.args[0].input).toMatchObject({ RoleName: 'r' });
    expect(aws.iam.commandCalls(DetachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'r', PolicyArn: MANAGED },
      { RoleName: 'r', PolicyArn: CUSTOMER_MANAGED },
    ]);
    expect(aws.iam.commandCalls(DeletePolicyCommand)).toHaveLength(0); // the managed policies themselves are kept
    expect(log.at('warn').map((e) => [e.message, e.fields])).toEqual([
      [
        'removed what was attached to our role by hand before deleting it',
        {
          role: 'r',
          removed: [
            'inline policy extra-1',
            'inline policy extra-2',
            `managed policy ${MANAGED} (detached, kept)`,
            `managed policy ${CUSTOMER_MANAGED} (detached, kept)`,
          ],
        },
      ],
    ]);
  });

  it.each([
    ['before its other inline policies are listed', () => aws.iam.on(ListRolePoliciesCommand).rejects(noSuchEntity())],
    [
      'while it cleans up',
      () => {
        aws.iam.on(DeleteRolePolicyCommand, { RoleName: 'r', PolicyName: 'extra-1' }).rejects(noSuchEntity());
        aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra-1'] });
      },
    ],
  ])('tolerates the attachments or the role vanishing %s', async (_label, vanish) => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).rejects(noSuchEntity());
    aws.iam.on(ListAttachedRolePoliciesCommand).rejects(noSuchEntity());
    vanish();
    await expect(onFakeTime(() => I.deleteRole(ctx, 'r'))).resolves.toBeUndefined();
  });

  /** Runs a deleteRole that meets DeleteConflict forever: what it threw, and when (ms after it started). */
  async function conflictForever(workDeadlineIn: number) {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    return onFakeTime(async () => {
      const started = Date.now();
      ctx = awsContext(aws.clients, log, { workDeadline: started + workDeadlineIn });
      const error = await I.deleteRole(ctx, 'my-role').catch((e: unknown) => e);
      return { error, elapsed: Date.now() - started };
    });
  }

  it('retries DeleteConflict (500 ms up to 5 s) for 120 s at most, then a DeadlineError naming the role', async () => {
    expect(I.DELETE_CONFLICT_BACKOFF).toEqual({ baseMs: 500, capMs: 5_000 });
    expect(I.DELETE_CONFLICT_WINDOW_MS).toBe(120_000);
    const { error, elapsed } = await conflictForever(900_000);
    expect(error).toBeInstanceOf(DeadlineError);
    // Delays 500, 1000, 2000, 4000, then 5000 ms: the last attempt starts at 117.5 s, the next would end past 120 s.
    expect(elapsed).toBe(117_500);
    expect((error as Error).message).toBe(
      'iam:DeleteRole of my-role still answers DeleteConflict after 27 attempts ' +
        '(is the role in an instance profile?): ' +
        'iam:DeleteRole failed: DeleteConflictException: Cannot delete entity, must delete policies first.',
    );
  });

  it('gives up at the work deadline when it comes before the 120 s window', async () => {
    const { error, elapsed } = await conflictForever(10_000);
    expect(error).toBeInstanceOf(DeadlineError);
    // Attempts at 0, 0.5, 1.5, 3.5, 7.5 s; the next delay (5 s) would end past the 10 s deadline.
    expect(elapsed).toBe(7_500);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(5);
  });

  it('retries the query-protocol code DeleteConflict like DeleteConflictException', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam
      .on(DeleteRoleCommand)
      .rejectsOnce(awsError('DeleteConflict', 'conflict', { status: 409 }))
      .resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const result = onFakeTime(() => I.deleteRole(ctx, 'r'));
    await expect(result).resolves.toBeUndefined();
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(2);
  });

  it('on DeleteConflict with nothing listed (answers without lists) removes nothing else and retries', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({});
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'no-arn' }] });
    const result = onFakeTime(() => I.deleteRole(ctx, 'r'));
    await expect(result).resolves.toBeUndefined();
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'r', PolicyName: INLINE_POLICY_NAME },
    ]);
    expect(aws.iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(log.at('warn')).toEqual([]);
  });

  it.each([
    ['iam:ListRolePolicies', () => aws.iam.on(ListRolePoliciesCommand).rejects(accessDenied())],
    ['iam:ListAttachedRolePolicies', () => aws.iam.on(ListAttachedRolePoliciesCommand).rejects(accessDenied())],
    ['iam:DetachRolePolicy', () => aws.iam.on(DetachRolePolicyCommand).rejects(accessDenied())],
  ])('fails on other errors of %s while removing attachments, naming that call', async (call, failing) => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    failing();
    const error = await I.deleteRole(ctx, 'r').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(`${call} failed: AccessDenied: not authorized`);
  });
});
