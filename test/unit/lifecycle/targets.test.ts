/** Pointing the service resource at the role, through the lifecycle: take-over rules, and the event-destination kinds. */
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  BadRequestException as SesBadRequestException,
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException as SesNotFoundException,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnershipError, ValidationError } from '../../../src/errors.js';
import { create, managedRole, remove, update, type RoleRef } from '../../../src/lifecycle.js';
import { sesTrust } from '../../../src/policies.js';
import type { Plan } from '../../../src/resources/kind.js';
import { APP_ID, FIREHOSE_ARN, foreignRole, KINESIS_ARN, OTHER_REGION_STACK_ID, ownedRole, rejection, roleArnOf, stack } from '../fixtures.js';
import { callOrder, expectNothingDeleted, expectRoleDeleted, fingerprint, freshAccount, inputs, nameOf, newWorld, planOf, streamPlan, type World } from './world.js';

let world: World;
beforeEach(() => {
  world = newWorld();
});

describe('taking over an existing event stream', () => {
  const streamUsing = (roleArn: string) => world.aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArn } });

  it('refuses one owned by someone else (OwnershipError naming ReplaceExistingStream), and removes its own new role', async () => {
    freshAccount(world);
    streamUsing(roleArnOf('someone-elses-role', '/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    const plan = await streamPlan();
    const error = await rejection(create(world.w, plan), OwnershipError);
    expect(error.message).toContain('ReplaceExistingStream');
    expect(error.message).toContain(roleArnOf('someone-elses-role', '/'));
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
    expectRoleDeleted(world, nameOf(world, plan));
  });

  it('refuses one whose role is in another account', async () => {
    freshAccount(world);
    streamUsing('arn:aws:iam::210987654321:role/x');
    await rejection(create(world.w, await streamPlan()), OwnershipError);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(0);
  });

  it('replaces one owned by someone else when ReplaceExistingStream is "true"', async () => {
    freshAccount(world);
    streamUsing(roleArnOf('someone-elses-role', '/'));
    const plan = await streamPlan({ ReplaceExistingStream: 'true' });
    await create(world.w, plan);
    expect(inputs(world.aws.pinpoint.commandCalls(PutEventStreamCommand))[0]?.WriteEventStream?.RoleArn).toBe(roleArnOf(nameOf(world, plan)));
    expectNothingDeleted(world);
  });

  it('takes over one whose role is tagged for the same stack and logical id (an earlier role of this resource, at any path)', async () => {
    freshAccount(world);
    const earlier = 'my-stack-MyEventStream-earlier';
    streamUsing(roleArnOf(earlier, '/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: earlier }).resolves(ownedRole(earlier, 'old-binding', { path: '/' }));
    await create(world.w, await streamPlan());
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });

  it('does not take over one whose role is tagged for the same logical id in another stack', async () => {
    freshAccount(world);
    streamUsing(roleArnOf('theirs'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'theirs' }).resolves(ownedRole('theirs', 'b', { stack: stack(OTHER_REGION_STACK_ID) }));
    await rejection(create(world.w, await streamPlan()), OwnershipError);
  });

  it('does not take over one whose role has our tags but another ARN (same name, other path)', async () => {
    freshAccount(world);
    streamUsing(roleArnOf('same', '/x/'));
    world.aws.iam.on(GetRoleCommand, { RoleName: 'same' }).resolves(ownedRole('same', 'b', { path: '/y/' }));
    await rejection(create(world.w, await streamPlan()), OwnershipError);
  });

  it('a stream already using this role is simply written again', async () => {
    freshAccount(world);
    const plan = await streamPlan();
    streamUsing(roleArnOf(nameOf(world, plan)));
    await create(world.w, plan);
    expect(world.aws.pinpoint.commandCalls(PutEventStreamCommand)).toHaveLength(1);
  });
});

describe('SES event destination (ConfigurationSetName)', () => {
  const SES_PROPAGATION = 'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using IAM role arn:aws:iam::123456789012:role/r.';
  const sesPlan = (overrides: Record<string, unknown> = {}) => planOf('Custom::PinpointEventStream', { ConfigurationSetName: 'transactional', DestinationStreamArn: FIREHOSE_ARN, ...overrides });
  let plan: Plan;
  let name: string;

  beforeEach(async () => {
    plan = await sesPlan();
    name = nameOf(world, plan);
  });

  function sesAccount(destinations: { Name: string; RoleArn?: string }[] = []) {
    freshAccount(world);
    world.aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: destinations.map((d) => ({
        Name: d.Name,
        MatchingEventTypes: ['SEND' as const],
        KinesisFirehoseDestination: d.RoleArn ? { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: d.RoleArn } : undefined,
      })),
    });
    world.aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    world.aws.ses.on(UpdateConfigurationSetEventDestinationCommand).resolves({});
    world.aws.ses.on(DeleteConfigurationSetEventDestinationCommand).resolves({});
  }

  it('Create: role with the SES trust, policy, then CreateConfigurationSetEventDestination', async () => {
    sesAccount();
    const p = await sesPlan({ MatchingEventTypes: ['BOUNCE', 'COMPLAINT'] });
    const result = await create(world.w, p);
    expect(callOrder(world)).toEqual(['CreateRole', 'PutRolePolicy', 'GetConfigurationSetEventDestinations', 'CreateConfigurationSetEventDestination']);
    expect(JSON.parse(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? '')).toEqual(sesTrust(stack()));
    const arn = roleArnOf(name);
    expect(inputs(world.aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand))).toEqual([
      {
        ConfigurationSetName: 'transactional',
        EventDestinationName: 'MyEventStream',
        EventDestination: { Enabled: true, MatchingEventTypes: ['BOUNCE', 'COMPLAINT'], KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: arn } },
      },
    ]);
    expect(result).toEqual({ physicalResourceId: arn, data: { RoleArn: arn, RoleName: name, ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' } });
  });

  it('Create retries while SES cannot use the role yet (both of its messages)', async () => {
    sesAccount();
    world.aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejectsOnce(new SesBadRequestException({ message: SES_PROPAGATION, $metadata: {} }))
      .rejectsOnce(new SesBadRequestException({ message: 'Could not assume IAM role arn:aws:iam::123456789012:role/r', $metadata: {} }))
      .resolves({});
    await create(world.w, plan);
    expect(world.aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(3);
  });

  it('Create does not retry another BadRequest and removes its role', async () => {
    sesAccount();
    world.aws.ses.on(CreateConfigurationSetEventDestinationCommand).rejects(new SesBadRequestException({ message: 'Invalid delivery stream', $metadata: {} }));
    const error = await rejection(create(world.w, plan));
    expect(error.message).toContain('ses:CreateConfigurationSetEventDestination');
    expect(error.message).not.toContain('end of support');
    expectRoleDeleted(world, name);
  });

  it('Create with a missing configuration set fails naming ConfigurationSetName and removes its role', async () => {
    sesAccount();
    world.aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
    world.aws.ses.on(CreateConfigurationSetEventDestinationCommand).rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
    expect((await rejection(create(world.w, plan), ValidationError)).property).toBe('ConfigurationSetName');
    expectRoleDeleted(world, name);
  });

  it('an existing destination of that name not owned is refused unless ReplaceExistingStream is "true"', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf('someone-elses-role', '/') }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: 'someone-elses-role' }).resolves(foreignRole('someone-elses-role'));
    await rejection(create(world.w, plan), OwnershipError);
    expect(world.aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)).toHaveLength(0);
  });

  it('an existing destination of another type (no Firehose role) is refused', async () => {
    sesAccount([{ Name: 'MyEventStream' }]);
    await rejection(create(world.w, plan), OwnershipError);
  });

  it('an existing destination is updated in place when replacing is allowed', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf('someone-elses-role', '/') }]);
    await create(world.w, await sesPlan({ ReplaceExistingStream: 'true' }));
    expect(world.aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(0);
    expect(world.aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)).toHaveLength(1);
  });

  it('Update in place (event types, Enabled): same physical id, UpdateConfigurationSetEventDestination', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf(name) }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, fingerprint({ ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' })));
    const result = await update(world.w, await sesPlan({ MatchingEventTypes: ['SEND'], Enabled: 'false' }), plan, roleArnOf(name));
    expect(result.physicalResourceId).toBe(roleArnOf(name));
    expect(inputs(world.aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand))[0]?.EventDestination).toEqual({
      Enabled: false,
      MatchingEventTypes: ['SEND'],
      KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: roleArnOf(name) },
    });
  });

  it.each([
    ['EventDestinationName', { EventDestinationName: 'renamed' }],
    ['ConfigurationSetName', { ConfigurationSetName: 'marketing' }],
  ])('Update of %s replaces the role', async (_label, overrides) => {
    sesAccount();
    const result = await update(world.w, await sesPlan(overrides), plan, roleArnOf(name));
    expect(result.physicalResourceId).not.toBe(roleArnOf(name));
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
  });

  it('Delete removes the destination only when it uses this role', async () => {
    sesAccount([{ Name: 'MyEventStream', RoleArn: roleArnOf(name) }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'x'));
    await remove(world.w, plan, managedRole(world.w, roleArnOf(name)) as RoleRef);
    expect(inputs(world.aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand))).toEqual([{ ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' }]);
    expectRoleDeleted(world, name);
  });

  it('Delete succeeds when the configuration set is already gone', async () => {
    sesAccount();
    world.aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(new SesNotFoundException({ message: 'gone', $metadata: {} }));
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'x'));
    await remove(world.w, plan, managedRole(world.w, roleArnOf(name)) as RoleRef);
    expectRoleDeleted(world, name);
  });
});
