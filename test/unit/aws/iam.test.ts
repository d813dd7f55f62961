import {
  CreateRoleCommand,
  DeleteConflictException,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Iam from '../../../src/aws/iam.js';
import { AwsCallError, DeadlineError } from '../../../src/errors.js';
import { policy } from '../../../src/policies.js';
import {
  awsContext,
  BOUNDARY_ARN,
  type CapturingLogger,
  captureLogger,
  fresh,
  type MockedClients,
  mockedClients,
  noSuchEntity,
  ownedRole,
} from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let createRole: typeof Iam.createRole;
let DELETE_CONFLICT_WINDOW_MS: typeof Iam.DELETE_CONFLICT_WINDOW_MS;
let deleteRole: typeof Iam.deleteRole;
let getRole: typeof Iam.getRole;
let INLINE_POLICY_NAME: typeof Iam.INLINE_POLICY_NAME;
let putPolicy: typeof Iam.putPolicy;
let tagRole: typeof Iam.tagRole;
let untagRole: typeof Iam.untagRole;
let updateTrust: typeof Iam.updateTrust;
beforeEach(
  async () =>
    ({
      createRole,
      DELETE_CONFLICT_WINDOW_MS,
      deleteRole,
      getRole,
      INLINE_POLICY_NAME,
      putPolicy,
      tagRole,
      untagRole,
      updateTrust,
    } = await fresh(() => import('../../../src/aws/iam.js'))),
);

let aws: MockedClients;
let log: CapturingLogger;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  log = captureLogger();
  ctx = awsContext(aws.clients, log);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const accessDenied = () =>
  new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'not authorized',
  });
const conflict = () =>
  new DeleteConflictException({
    message: 'Cannot delete entity, must delete policies first.',
    $metadata: { httpStatusCode: 409 },
  });
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    },
  ],
};
const MANAGED = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const CUSTOMER_MANAGED = 'arn:aws:iam::123456789012:policy/team/extra';

/** The IAM commands sent, in order. */
const sent = () => aws.iam.calls().map((call) => call.args[0].constructor.name);

describe('getRole', () => {
  it('reads arn, name, path, tags and boundary', async () => {
    aws.iam
      .on(GetRoleCommand, { RoleName: 'r' })
      .resolves(ownedRole('r', 'fp', { path: '/p/', boundary: BOUNDARY_ARN }));
    const role = await getRole(ctx, 'r');
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
    const role = await getRole(ctx, 'r');
    expect(role?.trust).toEqual(TRUST);
  });

  it('leaves the trust undefined when it is missing or unreadable', async () => {
    aws.iam
      .on(GetRoleCommand)
      .resolvesOnce(ownedRole('r', 'fp'))
      .resolves({ Role: { ...ownedRole('r', 'fp').Role, AssumeRolePolicyDocument: '%7Bnot%20json' } });
    expect((await getRole(ctx, 'r'))?.trust).toBeUndefined();
    expect((await getRole(ctx, 'r'))?.trust).toBeUndefined();
  });

  it('has no boundary when the role has none', async () => {
    aws.iam.on(GetRoleCommand).resolves(ownedRole('r', 'fp', { boundary: null }));
    expect((await getRole(ctx, 'r'))?.permissionsBoundary).toBeUndefined();
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
    expect(await getRole(ctx, 'r')).toMatchObject({ path: '/', tags: [] });
  });

  it('is undefined when the role does not exist', async () => {
    aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    await expect(getRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('is undefined when IAM answers with the query-protocol code NoSuchEntity (no modelled exception)', async () => {
    aws.iam.on(GetRoleCommand).rejects(
      new IAMServiceException({
        name: 'NoSuchEntity',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
        message: 'no role',
      }),
    );
    await expect(getRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('is undefined when IAM answers without a role ARN', async () => {
    aws.iam.on(GetRoleCommand).resolves({});
    await expect(getRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('throws other errors, naming iam:GetRole', async () => {
    aws.iam.on(GetRoleCommand).rejects(accessDenied());
    await expect(getRole(ctx, 'r')).rejects.toThrow(/iam:GetRole failed: AccessDenied/);
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

  it('creates the role with path, trust, tags and boundary, returning its ARN', async () => {
    aws.iam.on(CreateRoleCommand).resolves({
      Role: {
        Arn: 'arn:aws:iam::123456789012:role/p/r',
        RoleName: 'r',
        Path: '/p/',
        RoleId: 'x',
        CreateDate: new Date(),
      },
    });
    await expect(createRole(ctx, spec())).resolves.toBe('arn:aws:iam::123456789012:role/p/r');
    const input = aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      RoleName: 'r',
      Path: '/p/',
      AssumeRolePolicyDocument: JSON.stringify(policy()),
      Tags: [{ Key: 'a', Value: 'b' }],
      PermissionsBoundary: BOUNDARY_ARN,
    });
    expect(input?.Description).toMatch(/CloudFormation custom resource/);
  });

  it('creates the role without a boundary when the deployment has none', async () => {
    aws.iam.on(CreateRoleCommand).resolves({
      Role: {
        Arn: 'arn:aws:iam::123456789012:role/p/r',
        RoleName: 'r',
        Path: '/p/',
        RoleId: 'x',
        CreateDate: new Date(),
      },
    });
    await createRole(ctx, { ...spec(), permissionsBoundary: undefined });
    expect(aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.PermissionsBoundary).toBeUndefined();
  });

  it('is undefined when a role of that name exists', async () => {
    aws.iam.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));
    await expect(createRole(ctx, spec())).resolves.toBeUndefined();
  });

  it('is undefined when IAM answers with the query-protocol code EntityAlreadyExists (no modelled exception)', async () => {
    aws.iam.on(CreateRoleCommand).rejects(
      new IAMServiceException({
        name: 'EntityAlreadyExists',
        $fault: 'client',
        $metadata: { httpStatusCode: 409 },
        message: 'exists',
      }),
    );
    await expect(createRole(ctx, spec())).resolves.toBeUndefined();
  });

  it('throws when IAM answers without a role ARN', async () => {
    aws.iam.on(CreateRoleCommand).resolves({});
    await expect(createRole(ctx, spec())).rejects.toThrow(/iam:CreateRole returned no role ARN/);
  });

  it('throws other errors as AwsCallError naming iam:CreateRole', async () => {
    aws.iam.on(CreateRoleCommand).rejects(accessDenied());
    const error = await createRole(ctx, spec()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('iam:CreateRole');
  });
});

describe('role updates', () => {
  it('updateTrust sends the document as JSON', async () => {
    aws.iam.on(UpdateAssumeRolePolicyCommand).resolves({});
    await updateTrust(ctx, 'r', policy());
    expect(aws.iam.commandCalls(UpdateAssumeRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      PolicyDocument: JSON.stringify(policy()),
    });
  });

  it('tagRole sends the tags', async () => {
    aws.iam.on(TagRoleCommand).resolves({});
    await tagRole(ctx, 'r', [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '' },
    ]);
    expect(aws.iam.commandCalls(TagRoleCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '' },
      ],
    });
  });

  it('untagRole sends the keys', async () => {
    aws.iam.on(UntagRoleCommand).resolves({});
    await untagRole(ctx, 'r', ['old', 'older']);
    expect(aws.iam.commandCalls(UntagRoleCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      TagKeys: ['old', 'older'],
    });
  });

  it('putPolicy writes the one inline policy', async () => {
    aws.iam.on(PutRolePolicyCommand).resolves({});
    await putPolicy(ctx, 'r', policy());
    expect(INLINE_POLICY_NAME).toBe('pinpoint-event-stream');
    expect(aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      PolicyName: INLINE_POLICY_NAME,
      PolicyDocument: JSON.stringify(policy()),
    });
  });

  it('errors name the call', async () => {
    aws.iam.on(TagRoleCommand).rejects(accessDenied());
    aws.iam.on(UntagRoleCommand).rejects(accessDenied());
    aws.iam.on(UpdateAssumeRolePolicyCommand).rejects(accessDenied());
    aws.iam.on(PutRolePolicyCommand).rejects(accessDenied());
    await expect(tagRole(ctx, 'r', [])).rejects.toThrow(/^iam:TagRole failed/);
    await expect(untagRole(ctx, 'r', [])).rejects.toThrow(/^iam:UntagRole failed/);
    await expect(updateTrust(ctx, 'r', policy())).rejects.toThrow(/^iam:UpdateAssumeRolePolicy failed/);
    await expect(putPolicy(ctx, 'r', policy())).rejects.toThrow(/^iam:PutRolePolicy failed/);
  });

  it('never touches the permissions boundary', async () => {
    aws.iam.onAnyCommand().resolves({});
    await updateTrust(ctx, 'r', policy());
    await tagRole(ctx, 'r', [{ Key: 'a', Value: '1' }]);
    await untagRole(ctx, 'r', ['a']);
    await putPolicy(ctx, 'r', policy());
    await deleteRole(ctx, 'r');
    expect(aws.iam.commandCalls(PutRolePermissionsBoundaryCommand)).toHaveLength(0);
    expect(aws.iam.commandCalls(DeleteRolePermissionsBoundaryCommand)).toHaveLength(0);
  });
});

describe('deleteRole', () => {
  it('deletes our inline policy, then the role', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).resolves({});
    await deleteRole(ctx, 'r');
    expect(sent()).toEqual(['DeleteRolePolicyCommand', 'DeleteRoleCommand']);
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand)[0]?.args[0].input).toEqual({
      RoleName: 'r',
      PolicyName: INLINE_POLICY_NAME,
    });
    expect(aws.iam.commandCalls(DeleteRoleCommand)[0]?.args[0].input).toEqual({ RoleName: 'r' });
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([]);
  });

  it('treats anything already gone as done', async () => {
    aws.iam.on(DeleteRolePolicyCommand).rejects(noSuchEntity());
    aws.iam.on(DeleteRoleCommand).rejects(noSuchEntity());
    await expect(deleteRole(ctx, 'r')).resolves.toBeUndefined();
  });

  it('fails on other errors of DeleteRole, naming the call', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(accessDenied());
    await expect(deleteRole(ctx, 'r')).rejects.toThrow(/iam:DeleteRole failed: AccessDenied/);
    expect(aws.iam.commandCalls(ListRolePoliciesCommand)).toHaveLength(0);
  });

  it('fails on other errors of DeleteRolePolicy, before DeleteRole', async () => {
    aws.iam.on(DeleteRolePolicyCommand).rejects(accessDenied());
    await expect(deleteRole(ctx, 'r')).rejects.toThrow(/iam:DeleteRolePolicy failed: AccessDenied/);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('on DeleteConflict removes other inline policies and detaches managed policies (keeping them), then retries DeleteRole', async () => {
    vi.useFakeTimers();
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
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
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
  });

  it('logs a warning naming the role and everything it removed', async () => {
    vi.useFakeTimers();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra-1'] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    aws.iam.on(DetachRolePolicyCommand).resolves({});
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
    await result;
    const warnings = log.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({
      role: 'r',
      removed: ['inline policy extra-1', `managed policy ${MANAGED} (detached, kept)`],
    });
  });

  it('waits with backoff between DeleteRole attempts while the conflict lasts (IAM eventual consistency)', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const started = Date.now();
    const result = deleteRole(ctx, 'r');
    await vi.advanceTimersByTimeAsync(499);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeUndefined();
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(4);
    expect(Date.now() - started).toBe(500 + 1_000 + 2_000);
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([]); // nothing was removed: no warning
  });

  it('tolerates the role vanishing before its other inline policies are listed', async () => {
    vi.useFakeTimers();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).rejects(noSuchEntity());
    aws.iam.on(ListRolePoliciesCommand).rejects(noSuchEntity());
    aws.iam.on(ListAttachedRolePoliciesCommand).rejects(noSuchEntity());
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeUndefined();
  });

  it('tolerates the attachments or the role vanishing while it cleans up', async () => {
    vi.useFakeTimers();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRolePolicyCommand, { RoleName: 'r', PolicyName: 'extra-1' }).rejects(noSuchEntity());
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).rejects(noSuchEntity());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra-1'] });
    aws.iam.on(ListAttachedRolePoliciesCommand).rejects(noSuchEntity());
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeUndefined();
  });

  it('retries DeleteConflict for 120 s at most, then fails with a DeadlineError naming the role', async () => {
    expect(DELETE_CONFLICT_WINDOW_MS).toBe(120_000);
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    ctx = awsContext(aws.clients, log, { workDeadline: Date.now() + 900_000 });
    const started = Date.now();
    const result = deleteRole(ctx, 'my-role').catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toMatch(/iam:DeleteRole of my-role still answers DeleteConflict/);
    const elapsed = Date.now() - started;
    // Delays 500, 1000, 2000, 4000, then 5000 ms: the last attempt starts at 117.5 s, the next would end past 120 s.
    expect(elapsed).toBe(117_500);
    expect(elapsed).toBeLessThanOrEqual(DELETE_CONFLICT_WINDOW_MS);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(27);
    expect((error as Error).message).toContain('after 27 attempts');
  });

  it('gives up at the work deadline when it comes before the 120 s window', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1);
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const started = Date.now();
    ctx = awsContext(aws.clients, log, { workDeadline: started + 10_000 });
    const result = deleteRole(ctx, 'my-role').catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toContain('my-role');
    // Attempts at 0, 0.5, 1.5, 3.5, 7.5 s; the next delay (5 s) would end past the 10 s deadline.
    expect(Date.now() - started).toBe(7_500);
    expect(Date.now()).toBeLessThanOrEqual(ctx.workDeadline);
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(5);
  });

  it('stops at once when the signal aborts while it waits', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    ctx = awsContext(aws.clients, log, { signal: controller.signal });
    const result = deleteRole(ctx, 'r').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('deadline reached'));
    await expect(result).resolves.toMatchObject({ message: 'deadline reached' });
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
  });

  it('retries the query-protocol code DeleteConflict (no modelled exception) like DeleteConflictException', async () => {
    vi.useFakeTimers();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam
      .on(DeleteRoleCommand)
      .rejectsOnce(
        new IAMServiceException({
          name: 'DeleteConflict',
          $fault: 'client',
          $metadata: { httpStatusCode: 409 },
          message: 'conflict',
        }),
      )
      .resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeUndefined();
    expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(2);
  });

  it('on DeleteConflict with nothing listed (answers without lists) removes nothing else and retries', async () => {
    vi.useFakeTimers();
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).resolves({});
    aws.iam.on(ListRolePoliciesCommand).resolves({});
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'no-arn' }] });
    const result = deleteRole(ctx, 'r');
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBeUndefined();
    expect(aws.iam.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'r', PolicyName: INLINE_POLICY_NAME },
    ]);
    expect(aws.iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([]);
  });

  it('does not retry DeleteRole when the backoff would end exactly at the work deadline; one ms more allows it', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(1); // the first delay is 500 ms
    const attempts = async (roomMs: number) => {
      const account = mockedClients();
      account.iam.on(DeleteRolePolicyCommand).resolves({});
      account.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
      account.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
      account.iam.on(DeleteRoleCommand).rejectsOnce(conflict()).resolves({});
      const result = deleteRole(awsContext(account.clients, log, { workDeadline: Date.now() + roomMs }), 'r').catch(
        (e: unknown) => e,
      );
      await vi.runAllTimersAsync();
      return { error: await result, attempts: account.iam.commandCalls(DeleteRoleCommand).length };
    };
    const exact = await attempts(500);
    expect(exact.attempts).toBe(1);
    expect(exact.error).toBeInstanceOf(DeadlineError);
    await expect(attempts(501)).resolves.toEqual({ error: undefined, attempts: 2 });
  });

  it.each([
    ['iam:ListAttachedRolePolicies', () => aws.iam.on(ListAttachedRolePoliciesCommand).rejects(accessDenied())],
    ['iam:DetachRolePolicy', () => aws.iam.on(DetachRolePolicyCommand).rejects(accessDenied())],
  ])('fails on other errors of %s while removing attachments, naming that call', async (call, failing) => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [] });
    aws.iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: MANAGED }] });
    failing();
    const error = await deleteRole(ctx, 'r').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).message).toBe(`${call} failed: AccessDenied: not authorized`);
  });

  it('fails on other errors while removing attachments', async () => {
    aws.iam.on(DeleteRolePolicyCommand).resolves({});
    aws.iam.on(DeleteRoleCommand).rejects(conflict());
    aws.iam.on(ListRolePoliciesCommand).rejects(accessDenied());
    await expect(deleteRole(ctx, 'r')).rejects.toThrow(/iam:ListRolePolicies failed: AccessDenied/);
  });
});
