import { DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { DeleteEventStreamCommand, GetEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { remove } from '../../../src/lifecycle.js';
import type { Plan } from '../../../src/resources/kind.js';
import { managedRole, type RoleRef } from '../../../src/roles.js';
import {
  callOrder,
  deployedStream,
  eventStream,
  expectNothingDeleted,
  expectRoleDeleted,
  fingerprint,
  foreignRole,
  freshAccount,
  inputs,
  nameOf,
  newWorld,
  ownedRole,
  planOf,
  roleArnOf,
  SENDING_ROLE,
  streamPlan,
  type World,
} from '../account.js';
import {
  APP_ID,
  awsError,
  MANAGED_PATH,
  noSuchEntity,
  notFound,
  OTHER_REGION_STACK_ID,
  rejection,
  stack,
} from '../fixtures.js';

let world: World;
let plan: Plan;
let name: string;
let ref: RoleRef;

beforeEach(async () => {
  world = newWorld();
  plan = await streamPlan();
  name = nameOf(plan);
  ref = managedRole(world.w, roleArnOf(name)) as RoleRef;
});

const deployed = (streamRole: string | null = roleArnOf(name)) => deployedStream(world.aws, name, { streamRole });

describe('Delete', () => {
  it('deletes the event stream pointing at this role, then the inline policy and the role: four calls', async () => {
    deployed();
    await remove(world.w, plan, ref);
    expect(callOrder(world.aws)).toEqual([
      'GetRole',
      'GetEventStream',
      'DeleteEventStream',
      'DeleteRolePolicy',
      'DeleteRole',
    ]);
    expect(inputs(world.aws.pinpoint.commandCalls(DeleteEventStreamCommand))).toEqual([{ ApplicationId: APP_ID }]);
    expectRoleDeleted(world.aws, name);
  });

  it('leaves an event stream that points at another role alone, still deleting its own role', async () => {
    deployed(roleArnOf('someone-elses-role'));
    await remove(world.w, plan, ref);
    expect(world.aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(world.aws, name);
    expect(world.log.entries).toContainEqual({
      level: 'info',
      message: `the event stream of Pinpoint application ${APP_ID} does not use this role; left alone`,
      fields: { usesRole: roleArnOf('someone-elses-role') },
    });
  });

  it('deletes the role when the event stream is already gone', async () => {
    deployed(null);
    await remove(world.w, plan, ref);
    expect(world.aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(world.aws, name);
    expect(world.log.entries).toContainEqual({
      level: 'info',
      message: `the event stream of Pinpoint application ${APP_ID} does not use this role; left alone`,
      fields: { usesRole: null },
    });
  });

  it('when the role is already gone, still removes the event stream that points at its ARN', async () => {
    freshAccount(world.aws);
    world.aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(roleArnOf(name)));
    await expect(remove(world.w, plan, ref)).resolves.toBeUndefined();
    expect(callOrder(world.aws)).toEqual(['GetRole', 'GetEventStream', 'DeleteEventStream']);
    expect(world.log.entries).toContainEqual({
      level: 'info',
      message: 'role already gone',
      fields: { role: roleArnOf(name) },
    });
  });

  it('when the role is already gone, leaves a stream pointing elsewhere alone', async () => {
    freshAccount(world.aws);
    world.aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(roleArnOf('other')));
    await remove(world.w, plan, ref);
    expect(callOrder(world.aws)).toEqual(['GetRole', 'GetEventStream']);
  });

  it('succeeds when the inline policy, the role and the stream vanish meanwhile', async () => {
    deployed();
    world.aws.pinpoint.on(DeleteEventStreamCommand).rejects(notFound());
    world.aws.iam.on(DeleteRolePolicyCommand).rejects(noSuchEntity());
    world.aws.iam.on(DeleteRoleCommand).rejects(noSuchEntity());
    await expect(remove(world.w, plan, ref)).resolves.toBeUndefined();
  });

  it('never deletes a role it does not own, nor the stream that uses it', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(foreignRole(name, MANAGED_PATH));
    world.aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(roleArnOf(name)));
    await remove(world.w, plan, ref);
    expect(callOrder(world.aws)).toEqual(['GetRole']);
  });

  it('never deletes a role owned by the same logical id of another stack', async () => {
    freshAccount(world.aws);
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(ownedRole(name, 'b', { stack: stack(OTHER_REGION_STACK_ID) }));
    await remove(world.w, plan, ref);
    expectNothingDeleted(world.aws);
  });

  it('never deletes a role whose ARN is not the physical id (same name, other path)', async () => {
    freshAccount(world.aws);
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(ownedRole(name, fingerprint({ ApplicationId: APP_ID }), { path: `${MANAGED_PATH}other/` }));
    await remove(world.w, plan, ref);
    expectNothingDeleted(world.aws);
  });

  it('without valid properties, deletes only its owned role (no stream call)', async () => {
    deployed();
    await remove(world.w, undefined, ref);
    expect(world.aws.pinpoint.calls()).toHaveLength(0);
    expectRoleDeleted(world.aws, name);
  });

  it.each([
    ['403 (a retired API, AccessDenied)', 'AccessDeniedException', 403],
    ['400', 'BadRequestException', 400],
  ])(
    'a %s from the Pinpoint read never fails the Delete: a warning names what may be left, and the role is removed',
    async (_label, code, status) => {
      deployed();
      world.aws.pinpoint
        .on(GetEventStreamCommand)
        .rejects(awsError(code, 'This API is no longer available', { status }));
      await expect(remove(world.w, plan, ref)).resolves.toBeUndefined();
      expectRoleDeleted(world.aws, name);
      const warning = world.log.entries.find((e) => e.level === 'warn');
      expect(warning?.message).toContain(`the event stream of Pinpoint application ${APP_ID}`);
      expect(warning?.message).toContain('may be left behind');
    },
  );

  it('a 4xx from the Pinpoint delete never fails the Delete either', async () => {
    deployed();
    world.aws.pinpoint.on(DeleteEventStreamCommand).rejects(awsError('ForbiddenException', 'retired', { status: 403 }));
    await remove(world.w, plan, ref);
    expectRoleDeleted(world.aws, name);
  });

  it('throttling and 5xx are no client errors: a Delete that cannot reach the service fails', async () => {
    deployed();
    world.aws.pinpoint
      .on(GetEventStreamCommand)
      .rejects(awsError('InternalServerErrorException', 'boom', { status: 500 }));
    const error = await rejection(remove(world.w, plan, ref));
    expect(error.message).toContain('mobiletargeting:GetEventStream');
    expect(world.aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });

  it('the email sending role: deletes the owned role only', async () => {
    freshAccount(world.aws);
    const sending = await planOf(SENDING_ROLE, {});
    const sendingName = nameOf(sending);
    world.aws.iam.on(GetRoleCommand, { RoleName: sendingName }).resolves(ownedRole(sendingName, 'x'));
    await remove(world.w, sending, managedRole(world.w, roleArnOf(sendingName)) as RoleRef);
    expect(callOrder(world.aws)).toEqual(['GetRole', 'DeleteRolePolicy', 'DeleteRole']);
  });
});
