/**
 * What the lifecycle tells the template author (the reason of a FAILED answer: the property at fault
 * and what to do) and the operator (warnings naming the role or the error), and the roles it
 * cleans up after a failure.
 */
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { DescribeConfigurationSetsCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnershipError, ValidationError } from '../../../src/errors.js';
import { create, remove, update } from '../../../src/lifecycle.js';
import { TAKEOVER_SETTING } from '../../../src/properties.js';
import { managedRole, type RoleRef } from '../../../src/roles.js';
import {
  callOrder,
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
  SMS_VOICE,
  streamPlan,
  type World,
} from '../account.js';
import {
  APP_ID,
  awsError,
  BOUNDARY_ARN,
  CONFIG_SET,
  deployment,
  entityExists,
  FIREHOSE_ARN,
  MANAGED_PATH,
  noSuchEntity,
  OTHER_APP,
  rejection,
} from '../fixtures.js';
import { namedStreamRole } from './world.js';

const OLD_BOUNDARY = 'arn:aws:iam::123456789012:policy/old-boundary';

let world: World;
beforeEach(() => {
  world = newWorld();
});

describe('reasons of a role that exists and cannot be adopted', () => {
  it('a role of that name not owned: names RoleName and the stack resource, and says to choose another', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    world.aws.iam.on(GetRoleCommand, { RoleName: 'taken' }).resolves(foreignRole('taken'));
    const error = await rejection(create(world.w, await streamPlan({ RoleName: 'taken' })), OwnershipError);
    expect(error.message).toBe(
      'RoleName taken: a role of that name exists and is not owned by this resource ' +
        '(its pinpoint-event-stream:* tags do not name stack resource MyEventStream); choose another RoleName',
    );
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'GetRole']);
  });

  it('an owned role at another path: names RolePath, both paths, and says to give a new RoleName', async () => {
    namedStreamRole(world.aws, 'fixed', { path: '/' });
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    const error = await rejection(create(world.w, await streamPlan({ RoleName: 'fixed' })), ValidationError);
    expect(error.property).toBe('RolePath');
    expect(error.message).toBe(
      `RolePath: role fixed exists with path /, not ${MANAGED_PATH}; a role's path cannot change: give a new RoleName`,
    );
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'GetRole']);
  });

  it.each([
    ['another boundary', OLD_BOUNDARY, BOUNDARY_ARN, `${OLD_BOUNDARY}, not this deployment's ${BOUNDARY_ARN}`],
    ['no boundary, the deployment has one', null, BOUNDARY_ARN, `none, not this deployment's ${BOUNDARY_ARN}`],
    [
      'a boundary, the deployment (a local run) has none',
      OLD_BOUNDARY,
      undefined,
      `${OLD_BOUNDARY}, not this deployment's none`,
    ],
  ])(
    'an owned role with %s: names both boundaries and says the role must be replaced, changing nothing',
    async (_label, onRole, ofDeployment, named) => {
      world = newWorld({ deployment: deployment({ permissionsBoundaryArn: ofDeployment }) });
      freshAccount(world.aws);
      const plan = await streamPlan();
      const name = nameOf(plan);
      world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
      world.aws.iam
        .on(GetRoleCommand, { RoleName: name })
        .resolves(ownedRole(name, fingerprint({ ApplicationId: APP_ID }), { boundary: onRole }));
      const error = await rejection(create(world.w, plan), OwnershipError);
      expect(error.message).toBe(
        `role ${name} has permissions boundary ${named}; the function never changes a boundary: ` +
          'replace the role (give a new RoleName or RolePath)',
      );
      expect(callOrder(world.aws)).toEqual(['CreateRole', 'GetRole']);
    },
  );

  it('a role that exists but cannot be read is reported after one CreateRole: no second try at making it', async () => {
    freshAccount(world.aws);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    world.aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    const plan = await streamPlan();
    const error = await rejection(create(world.w, plan), OwnershipError);
    expect(error.message).toBe(`role ${nameOf(plan)} exists but cannot be read`);
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'GetRole']);
    expect(world.log.at('warn')).toEqual([]);
  });
});

describe('reasons of an Update that must replace the role while RoleName keeps its name', () => {
  it('names RoleName and every changed property that replaces the role, and says how to fix the template', async () => {
    namedStreamRole(world.aws, 'fixed');
    const error = await rejection(
      update(
        world.w,
        await streamPlan({ RoleName: 'fixed', ApplicationId: OTHER_APP, RolePath: '/team/' }),
        await streamPlan({ RoleName: 'fixed' }),
        roleArnOf('fixed'),
      ),
      ValidationError,
    );
    expect(error.property).toBe('RoleName');
    expect(error.message).toBe(
      'RoleName: changing ApplicationId, RolePath replaces the role, but RoleName keeps the name "fixed"; ' +
        'give a new RoleName in the same update, or remove RoleName to have one generated',
    );
  });

  it('old properties that do not parse count as a replacing change, named OldResourceProperties', async () => {
    namedStreamRole(world.aws, 'fixed');
    const error = await rejection(
      update(world.w, await streamPlan({ RoleName: 'fixed', ApplicationId: OTHER_APP }), undefined, roleArnOf('fixed')),
      ValidationError,
    );
    expect(error.message).toMatch(
      /^RoleName: changing OldResourceProperties replaces the role, but RoleName keeps the name "fixed"; /,
    );
    expect(callOrder(world.aws)).toEqual(['GetRole']);
  });
});

describe('taking over a target that uses no role', () => {
  it('an SMS and voice destination of another kind (SNS) is refused, saying it uses no role', async () => {
    freshAccount(world.aws);
    world.aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [
        {
          ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${CONFIG_SET}`,
          ConfigurationSetName: CONFIG_SET,
          CreatedTimestamp: new Date(0),
          EventDestinations: [
            {
              EventDestinationName: 'MyEventStream',
              Enabled: true,
              MatchingEventTypes: ['ALL'],
              SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' },
            },
          ],
        },
      ],
    });
    const error = await rejection(
      create(
        world.w,
        await planOf(SMS_VOICE, { ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN }),
      ),
      OwnershipError,
    );
    expect(error.message).toBe(
      `event destination MyEventStream of SMS and voice configuration set ${CONFIG_SET} already exists and is ` +
        'not owned by this resource (it uses no role); ' +
        'choose another EventDestinationName, or set ReplaceExistingStream to "true" to replace it ' +
        `(${TAKEOVER_SETTING})`,
    );
  });
});

describe('roles made again, and what is logged', () => {
  it('an Update whose role was deleted by hand makes it again (warning), and removes it if it fails', async () => {
    const before = await streamPlan();
    const name = nameOf(before);
    freshAccount(world.aws);
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 }));
    await rejection(update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), before, roleArnOf(name)));
    expect(inputs(world.aws.iam.commandCalls(CreateRoleCommand)).map((i) => i.RoleName)).toEqual([name]);
    expect(world.log.at('warn').map((e) => [e.message, e.fields])).toEqual([
      ['the role of this resource is gone (deleted by hand?); making it again', { role: name }],
    ]);
    expectRoleDeleted(world.aws, name);
  });

  it('an Update whose role, deleted by hand, exists again when made again is reported, not guessed at', async () => {
    const before = await streamPlan();
    const name = nameOf(before);
    freshAccount(world.aws);
    world.aws.iam.on(CreateRoleCommand).rejects(entityExists());
    const error = await rejection(
      update(world.w, await streamPlan({ DestinationStreamArn: FIREHOSE_ARN }), before, roleArnOf(name)),
      OwnershipError,
    );
    expect(error.message).toBe(`role ${name} exists but cannot be read`);
    expect(callOrder(world.aws)).toEqual(['GetRole', 'CreateRole']);
  });

  it('a role that could not be removed after a failure is logged as an error naming the role and why', async () => {
    freshAccount(world.aws);
    world.aws.pinpoint.on(PutEventStreamCommand).rejects(awsError('ForbiddenException', 'denied', { status: 403 }));
    world.aws.iam.on(DeleteRoleCommand).rejects(awsError('AccessDenied', 'not allowed', { status: 403 }));
    const plan = await streamPlan();
    await rejection(create(world.w, plan));
    expect(world.log.at('error').map((e) => e.fields)).toEqual([
      { role: nameOf(plan), error: 'AwsCallError: iam:DeleteRole failed: AccessDenied: not allowed' },
    ]);
  });

  it('a Delete that finds a role it does not own warns, naming the role, and touches nothing', async () => {
    const plan = await streamPlan();
    const name = nameOf(plan);
    freshAccount(world.aws);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(foreignRole(name, MANAGED_PATH));
    await remove(world.w, plan, managedRole(world.w, roleArnOf(name)) as RoleRef);
    expect(world.log.at('warn').map((e) => e.fields)).toEqual([
      { role: roleArnOf(name), why: 'its pinpoint-event-stream:* tags do not name stack resource MyEventStream' },
    ]);
    expectNothingDeleted(world.aws);
  });

  it('a Delete whose service call is refused warns with the error, and still removes the role', async () => {
    const plan = await streamPlan();
    const name = nameOf(plan);
    freshAccount(world.aws);
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(ownedRole(name, fingerprint({ ApplicationId: APP_ID })));
    world.aws.pinpoint
      .on(GetEventStreamCommand)
      .rejects(awsError('ForbiddenException', 'This API is no longer available', { status: 403 }));
    await remove(world.w, plan, managedRole(world.w, roleArnOf(name)) as RoleRef);
    expect(world.log.at('warn').map((e) => e.fields)).toEqual([
      {
        error:
          'AwsCallError: mobiletargeting:GetEventStream failed: ForbiddenException: This API is no longer available',
      },
    ]);
    expectRoleDeleted(world.aws, name);
  });
});
