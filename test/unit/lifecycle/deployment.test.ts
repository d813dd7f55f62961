/**
 * The deployment tag (`pinpoint-event-stream:deployment`, DEPLOYMENT_ID) through the lifecycle:
 * created roles carry it, a role tagged for another deployment is not this resource's (Update
 * refuses it, Delete leaves it with a warning), a role made before 3.0 without it is updated and
 * gains it, and a deployment without an id (local runs) tags nothing and owns no tagged role.
 * Which tags make a role whose is pinned by roles.test.ts.
 */
import { CreateRoleCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnershipError } from '../../../src/errors.js';
import { create, remove, update } from '../../../src/lifecycle.js';
import { TAG_KEYS } from '../../../src/names.js';
import type { Plan } from '../../../src/resources/kind.js';
import { managedRole, type RoleRef } from '../../../src/roles.js';
import {
  callOrder,
  deployedStream,
  expectNothingDeleted,
  expectRoleDeleted,
  freshAccount,
  inputs,
  nameOf,
  newWorld,
  type RoleOptions,
  roleArnOf,
  streamPlan,
  type World,
} from '../account.js';
import { DEPLOYMENT_ID, deployment, FIREHOSE_ARN, rejection } from '../fixtures.js';

let world: World;
let plan: Plan;
let name: string;
let arn: string;

beforeEach(async () => {
  world = newWorld();
  plan = await streamPlan();
  name = nameOf(plan);
  arn = roleArnOf(name);
});

const deployed = (options: RoleOptions = {}) => deployedStream(world.aws, name, options);

const deploymentTag = (tags: { Key?: string; Value?: string }[] | undefined) =>
  tags?.find((tag) => tag.Key === TAG_KEYS.deployment);

describe('a deployment with an id (DEPLOYMENT_ID)', () => {
  it('tags every role it creates with it', async () => {
    freshAccount(world.aws);
    await create(world.w, plan);
    expect(deploymentTag(inputs(world.aws.iam.commandCalls(CreateRoleCommand))[0]?.Tags)).toEqual({
      Key: 'pinpoint-event-stream:deployment',
      Value: DEPLOYMENT_ID,
    });
  });

  it('updates its own role in place without tagging it again', async () => {
    deployed();
    await update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), plan, arn);
    expect(world.aws.iam.commandCalls(TagRoleCommand)).toHaveLength(0);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('updates a role made before 3.0 (no deployment tag), which gains the tag', async () => {
    deployed({ madeBy: null });
    await update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), plan, arn);
    expect(deploymentTag(inputs(world.aws.iam.commandCalls(TagRoleCommand))[0]?.Tags)?.Value).toBe(DEPLOYMENT_ID);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('deletes a role made before 3.0 (no deployment tag)', async () => {
    deployed({ madeBy: null });
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expectRoleDeleted(world.aws, name);
  });

  it('refuses to update a role tagged for another deployment, changing nothing', async () => {
    deployed({ madeBy: 'other-deployment' });
    const error = await rejection(
      update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), plan, arn),
      OwnershipError,
    );
    expect(error.message).toContain(`it belongs to deployment other-deployment, not ${DEPLOYMENT_ID}`);
    expect(callOrder(world.aws)).toEqual(['GetRole']);
  });

  it('leaves a role tagged for another deployment on Delete, with a warning saying whose it is', async () => {
    deployed({ madeBy: 'other-deployment' });
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expect(callOrder(world.aws)).toEqual(['GetRole']);
    expect(world.log.at('warn')).toEqual([
      {
        level: 'warn',
        message: 'role is not owned by this resource; nothing is touched',
        fields: { role: arn, why: `it belongs to deployment other-deployment, not ${DEPLOYMENT_ID}` },
      },
    ]);
  });
});

describe('a deployment without an id (local runs)', () => {
  beforeEach(() => {
    world = newWorld({ deployment: deployment({ deploymentId: undefined }) });
  });

  it('tags no role with a deployment', async () => {
    freshAccount(world.aws);
    await create(world.w, plan);
    const tags = inputs(world.aws.iam.commandCalls(CreateRoleCommand))[0]?.Tags;
    expect(tags?.map((tag) => tag.Key)).toEqual([
      TAG_KEYS.managedBy,
      TAG_KEYS.stackId,
      TAG_KEYS.logicalId,
      TAG_KEYS.binding,
    ]);
  });

  it('takes a role tagged for a deployment as not its own: Update refuses it, Delete leaves it', async () => {
    deployed();
    const error = await rejection(update(world.w, plan, plan, arn), OwnershipError);
    expect(error.message).toContain(`it belongs to deployment ${DEPLOYMENT_ID}, not this one`);
    world = newWorld({ deployment: deployment({ deploymentId: undefined }) });
    deployed();
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expectNothingDeleted(world.aws);
  });
});
