/**
 * Pointing the service resource at the role, through the lifecycle: the take-over rules, and one
 * round trip of each event-destination kind (what each kind's target does on its own, and its
 * errors, are pinned by test/unit/resources/).
 */
import { GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnershipError, ValidationError } from '../../../src/errors.js';
import { create, remove, update } from '../../../src/lifecycle.js';
import { smsLogsPolicy, smsVoiceTrust } from '../../../src/policies.js';
import type { Plan } from '../../../src/resources/kind.js';
import { managedRole, type RoleRef } from '../../../src/roles.js';
import {
  callOrder,
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
  SES_DESTINATION,
  SMS_VOICE,
  sentDocument,
  streamPlan,
  type World,
} from '../account.js';
import {
  CONFIG_SET,
  deployment,
  FIREHOSE_ARN,
  LOG_GROUP_ARN,
  LOGICAL_ID,
  OTHER_REGION_STACK_ID,
  rejection,
  stack,
} from '../fixtures.js';

let world: World;
beforeEach(() => {
  world = newWorld();
});

describe('taking over an existing event stream', () => {
  const streamUsing = (roleArn: string) => world.aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(roleArn));

  it('refuses one owned by someone else (naming ReplaceExistingStream), and removes its own new role', async () => {
    freshAccount(world.aws);
    streamUsing(roleArnOf('someone-elses-role', '/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    const plan = await streamPlan();
    const error = await rejection(create(world.w, plan), OwnershipError);
    expect(error.message).toContain('ReplaceExistingStream');
    expect(error.message).toContain(roleArnOf('someone-elses-role', '/'));
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(world.aws, nameOf(plan));
  });

  it('refuses one whose role is in another account', async () => {
    freshAccount(world.aws);
    streamUsing('arn:aws:iam::210987654321:role/x');
    await rejection(create(world.w, await streamPlan()), OwnershipError);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
  });

  it('replaces one owned by someone else with ReplaceExistingStream "true" where takeover is allowed', async () => {
    world = newWorld({ deployment: deployment({ allowTakeover: true }) });
    freshAccount(world.aws);
    streamUsing(roleArnOf('someone-elses-role', '/'));
    const plan = await streamPlan({ ReplaceExistingStream: 'true' });
    await create(world.w, plan);
    expect(inputs(world.aws.pinpoint.commandCalls(PutEventStreamCommand))[0]?.WriteEventStream?.RoleArn).toBe(
      roleArnOf(nameOf(plan)),
    );
    expectNothingDeleted(world.aws);
  });

  it('refuses that takeover where the deployment does not allow it, naming both, before any change', async () => {
    freshAccount(world.aws);
    streamUsing(roleArnOf('someone-elses-role', '/'));
    const error = await rejection(
      create(world.w, await streamPlan({ ReplaceExistingStream: 'true' })),
      ValidationError,
    );
    expect(error.message).toMatch(
      /^ReplaceExistingStream: is "true", but the event stream .*role\/someone-elses-role\)/,
    );
    expect(error.message).toMatch(/does not allow taking it over \(deployment parameter AllowTakeover, ALLOW_TAKEOVER/);
    // The target read, and the read that shows its role is not this resource's: no IAM write, no service write.
    expect(callOrder(world.aws)).toEqual(['GetEventStream', 'GetRole']);
  });

  it.each([
    ['a stream this role already uses (redelivery, a rollback, a 2.x stack)', true],
    ['no stream at all', false],
  ])('with ReplaceExistingStream "true" and takeover off, goes ahead when there is %s', async (_what, exists) => {
    freshAccount(world.aws);
    const plan = await streamPlan({ ReplaceExistingStream: 'true' });
    if (exists) streamUsing(roleArnOf(nameOf(plan)));
    await create(world.w, plan);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('takes over one whose role is tagged for this stack and logical id (an earlier role, at any path)', async () => {
    freshAccount(world.aws);
    const earlier = 'my-stack-MyEventStream-earlier';
    streamUsing(roleArnOf(earlier, '/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: earlier }).resolves(ownedRole(earlier, 'old-binding', { path: '/' }));
    await create(world.w, await streamPlan());
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it.each([
    [
      'tagged for the same logical id in another stack',
      ownedRole('theirs', 'b', { stack: stack(OTHER_REGION_STACK_ID) }),
    ],
    ['tagged for this resource by another deployment', ownedRole('theirs', 'b', { madeBy: 'other-deployment' })],
    ['with our tags but another ARN (same name, other path)', ownedRole('theirs', 'b', { path: '/y/' })],
  ])('does not take over one whose role is %s', async (_label, role) => {
    freshAccount(world.aws);
    streamUsing(roleArnOf('theirs'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'theirs' }).resolves(role);
    await rejection(create(world.w, await streamPlan()), OwnershipError);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
  });

  it('a stream already using this role is simply written again', async () => {
    freshAccount(world.aws);
    const plan = await streamPlan();
    streamUsing(roleArnOf(nameOf(plan)));
    await create(world.w, plan);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });
});

/** A configuration set of each destination kind, holding one destination named LOGICAL_ID (or none). */
const DESTINATIONS = {
  [SES_DESTINATION]: {
    client: 'SESv2Client',
    read: 'GetConfigurationSetEventDestinations',
    create: 'CreateConfigurationSetEventDestination',
    delete: 'DeleteConfigurationSetEventDestination',
    holding(w: World, roleArn?: string) {
      w.aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
        EventDestinations: roleArn
          ? [
              {
                Name: LOGICAL_ID,
                MatchingEventTypes: ['SEND'],
                KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: roleArn },
              },
            ]
          : [],
      });
      for (const command of [
        CreateConfigurationSetEventDestinationCommand,
        UpdateConfigurationSetEventDestinationCommand,
        DeleteConfigurationSetEventDestinationCommand,
      ]) {
        w.aws.ses.on(command as typeof CreateConfigurationSetEventDestinationCommand).resolves({});
      }
    },
  },
  [SMS_VOICE]: {
    client: 'PinpointSMSVoiceV2Client',
    read: 'DescribeConfigurationSets',
    create: 'CreateEventDestination',
    delete: 'DeleteEventDestination',
    holding(w: World, roleArn?: string) {
      w.aws.sms.on(DescribeConfigurationSetsCommand).resolves({
        ConfigurationSets: [
          {
            ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${CONFIG_SET}`,
            ConfigurationSetName: CONFIG_SET,
            CreatedTimestamp: new Date(0),
            EventDestinations: roleArn
              ? [
                  {
                    EventDestinationName: LOGICAL_ID,
                    Enabled: true,
                    MatchingEventTypes: ['ALL'],
                    KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: roleArn },
                  },
                ]
              : [],
          },
        ],
      });
      for (const command of [
        CreateEventDestinationCommand,
        UpdateEventDestinationCommand,
        DeleteEventDestinationCommand,
      ]) {
        w.aws.sms.on(command as typeof CreateEventDestinationCommand).resolves({});
      }
    },
  },
} as const;

describe.each(Object.keys(DESTINATIONS) as (keyof typeof DESTINATIONS)[])('the lifecycle of a %s', (type) => {
  const kind = DESTINATIONS[type];
  const destinationPlan = (overrides: Record<string, unknown> = {}) =>
    planOf(type, { ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN, ...overrides });
  let plan: Plan;
  let arn: string;

  beforeEach(async () => {
    plan = await destinationPlan();
    arn = roleArnOf(nameOf(plan));
    freshAccount(world.aws);
  });

  it('Create: the role, its policy, then the destination; Data names both; only its own client', async () => {
    kind.holding(world);
    const result = await create(world.w, plan);
    expect(callOrder(world.aws)).toEqual(['CreateRole', 'PutRolePolicy', kind.read, kind.create]);
    expect(result).toEqual({
      physicalResourceId: arn,
      data: {
        RoleArn: arn,
        RoleName: nameOf(plan),
        ConfigurationSetName: CONFIG_SET,
        EventDestinationName: LOGICAL_ID,
      },
    });
    expect(world.aws.used().sort()).toEqual(['IAMClient', kind.client]);
  });

  it('refuses a destination of that name that another role uses, touching it not', async () => {
    kind.holding(world, roleArnOf('theirs', '/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'theirs' }).resolves(foreignRole('theirs'));
    await rejection(create(world.w, plan), OwnershipError);
    expect(callOrder(world.aws)).not.toContain(kind.create);
    expectRoleDeleted(world.aws, nameOf(plan));
  });

  it.each([
    ['EventDestinationName', { EventDestinationName: 'renamed' }],
    ['ConfigurationSetName', { ConfigurationSetName: 'other' }],
  ])('an Update of %s replaces the role', async (_label, overrides) => {
    kind.holding(world);
    const result = await update(world.w, await destinationPlan(overrides), plan, arn);
    expect(result.physicalResourceId).not.toBe(arn);
    expect(callOrder(world.aws)[0]).toBe('CreateRole');
  });

  it('Delete removes the destination that uses this role, then the role', async () => {
    kind.holding(world, arn);
    world.aws.iam.on(GetRoleCommand, { RoleName: nameOf(plan) }).resolves(ownedRole(nameOf(plan), 'x'));
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expect(callOrder(world.aws)).toEqual(['GetRole', kind.read, kind.delete, 'DeleteRolePolicy', 'DeleteRole']);
  });
});

describe('an SMS and voice destination switching between Firehose and a log group', () => {
  it('is an Update in place: the new policy, the destination deleted and created again, same name', async () => {
    const plan = await planOf(SMS_VOICE, { ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN });
    const name = nameOf(plan);
    const arn = roleArnOf(name);
    freshAccount(world.aws);
    DESTINATIONS[SMS_VOICE].holding(world, arn);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ConfigurationSetName: CONFIG_SET, EventDestinationName: LOGICAL_ID }), {
        trust: smsVoiceTrust(stack(), CONFIG_SET),
      }),
    );
    const logs = await planOf(SMS_VOICE, { ConfigurationSetName: CONFIG_SET, LogGroupArn: LOG_GROUP_ARN });
    expect((await update(world.w, logs, plan, arn)).physicalResourceId).toBe(arn);
    expect(callOrder(world.aws)).toEqual([
      'GetRole',
      'PutRolePolicy',
      'DescribeConfigurationSets',
      'DeleteEventDestination',
      'CreateEventDestination',
    ]);
    expect(sentDocument(world.aws.iam.commandCalls(PutRolePolicyCommand), 'PolicyDocument')).toEqual(
      smsLogsPolicy(LOG_GROUP_ARN),
    );
    expect(inputs(world.aws.sms.commandCalls(CreateEventDestinationCommand))[0]).toMatchObject({
      EventDestinationName: LOGICAL_ID,
      CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: arn },
    });
  });
});
