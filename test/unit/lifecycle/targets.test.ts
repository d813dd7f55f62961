/** Pointing the service resource at the role, through the lifecycle: take-over rules, and the event-destination kinds. */
import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  ConflictException,
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateEventDestinationCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  BadRequestException as SesBadRequestException,
  NotFoundException as SesNotFoundException,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeadlineError, OwnershipError, ValidationError } from '../../../src/errors.js';
import { create, managedRole, type RoleRef, remove, update } from '../../../src/lifecycle.js';
import { sesTrust, smsFirehosePolicy, smsLogsPolicy, smsVoiceTrust } from '../../../src/policies.js';
import type { Plan } from '../../../src/resources/kind.js';
import {
  APP_ID,
  CONFIG_SET,
  deployment,
  FIREHOSE_ARN,
  foreignRole,
  KINESIS_ARN,
  LOG_GROUP_ARN,
  OTHER_REGION_STACK_ID,
  onFakeTime,
  ownedRole,
  rejection,
  roleArnOf,
  stack,
} from '../fixtures.js';
import {
  awsError,
  callOrder,
  expectNothingDeleted,
  expectRoleDeleted,
  fingerprint,
  freshAccount,
  inputs,
  nameOf,
  newWorld,
  planOf,
  SMS_VOICE,
  streamPlan,
  type World,
} from './world.js';

let world: World;
beforeEach(() => {
  world = newWorld();
});

describe('taking over an existing event stream', () => {
  const streamUsing = (roleArn: string) =>
    world.aws.pinpoint
      .on(GetEventStreamCommand)
      .resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArn } });

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
    expect(inputs(world.aws.pinpoint.commandCalls(PutEventStreamCommand))[0]?.WriteEventStream?.RoleArn).toBe(
      roleArnOf(nameOf(world, plan)),
    );
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
    world.aws.iam
      .on(GetRoleCommand, { RoleName: 'theirs' })
      .resolves(ownedRole('theirs', 'b', { stack: stack(OTHER_REGION_STACK_ID) }));
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
  const SES_PROPAGATION =
    'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using IAM role arn:aws:iam::123456789012:role/r.';
  const sesPlan = (overrides: Record<string, unknown> = {}) =>
    planOf('Custom::PinpointEventStream', {
      ConfigurationSetName: 'transactional',
      DestinationStreamArn: FIREHOSE_ARN,
      ...overrides,
    });
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
    expect(callOrder(world)).toEqual([
      'CreateRole',
      'PutRolePolicy',
      'GetConfigurationSetEventDestinations',
      'CreateConfigurationSetEventDestination',
    ]);
    expect(
      JSON.parse(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? ''),
    ).toEqual(sesTrust(stack()));
    const arn = roleArnOf(name);
    expect(inputs(world.aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand))).toEqual([
      {
        ConfigurationSetName: 'transactional',
        EventDestinationName: 'MyEventStream',
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['BOUNCE', 'COMPLAINT'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: arn },
        },
      },
    ]);
    expect(result).toEqual({
      physicalResourceId: arn,
      data: {
        RoleArn: arn,
        RoleName: name,
        ConfigurationSetName: 'transactional',
        EventDestinationName: 'MyEventStream',
      },
    });
  });

  it('Create retries while SES cannot use the role yet (both of its messages)', async () => {
    sesAccount();
    world.aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejectsOnce(new SesBadRequestException({ message: SES_PROPAGATION, $metadata: {} }))
      .rejectsOnce(
        new SesBadRequestException({
          message: 'Could not assume IAM role arn:aws:iam::123456789012:role/r',
          $metadata: {},
        }),
      )
      .resolves({});
    await onFakeTime(() => create(world.w, plan));
    expect(world.aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)).toHaveLength(3);
  });

  it('Create does not retry another BadRequest and removes its role', async () => {
    sesAccount();
    world.aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejects(new SesBadRequestException({ message: 'Invalid delivery stream', $metadata: {} }));
    const error = await rejection(create(world.w, plan));
    expect(error.message).toContain('ses:CreateConfigurationSetEventDestination');
    expect(error.message).not.toContain('end of support');
    expectRoleDeleted(world, name);
  });

  it('Create with a missing configuration set fails naming ConfigurationSetName and removes its role', async () => {
    sesAccount();
    world.aws.ses
      .on(GetConfigurationSetEventDestinationsCommand)
      .rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
    world.aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejects(new SesNotFoundException({ message: 'no such set', $metadata: {} }));
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
    world.aws.iam
      .on(GetRoleCommand, { RoleName: name })
      .resolves(
        ownedRole(name, fingerprint({ ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' })),
      );
    const result = await update(
      world.w,
      await sesPlan({ MatchingEventTypes: ['SEND'], Enabled: 'false' }),
      plan,
      roleArnOf(name),
    );
    expect(result.physicalResourceId).toBe(roleArnOf(name));
    expect(
      inputs(world.aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand))[0]?.EventDestination,
    ).toEqual({
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
    expect(inputs(world.aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand))).toEqual([
      { ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' },
    ]);
    expectRoleDeleted(world, name);
  });

  it('Delete succeeds when the configuration set is already gone', async () => {
    sesAccount();
    world.aws.ses
      .on(GetConfigurationSetEventDestinationsCommand)
      .rejects(new SesNotFoundException({ message: 'gone', $metadata: {} }));
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'x'));
    await remove(world.w, plan, managedRole(world.w, roleArnOf(name)) as RoleRef);
    expectRoleDeleted(world, name);
  });
});

describe('SMS and voice event destination (Custom::SmsVoiceEventDestination)', () => {
  const smsPlan = (overrides: Record<string, unknown> = {}) =>
    planOf(SMS_VOICE, { ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN, ...overrides });
  const validation = (message: string, extra: Record<string, unknown> = {}) =>
    new ValidationException({ message, $metadata: { httpStatusCode: 400 }, ...extra });
  let plan: Plan;
  let name: string;
  let arn: string;

  beforeEach(async () => {
    plan = await smsPlan();
    name = nameOf(world, plan);
    arn = roleArnOf(name);
  });

  /** A configuration set holding these destinations (type by the block present). */
  function smsAccount(destinations: { name: string; firehoseRole?: string; logsRole?: string; sns?: boolean }[] = []) {
    freshAccount(world);
    world.aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [
        {
          ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${CONFIG_SET}`,
          ConfigurationSetName: CONFIG_SET,
          CreatedTimestamp: new Date(0),
          EventDestinations: destinations.map((d) => ({
            EventDestinationName: d.name,
            Enabled: true,
            MatchingEventTypes: ['ALL' as const],
            ...(d.firehoseRole
              ? { KinesisFirehoseDestination: { IamRoleArn: d.firehoseRole, DeliveryStreamArn: FIREHOSE_ARN } }
              : {}),
            ...(d.logsRole
              ? { CloudWatchLogsDestination: { IamRoleArn: d.logsRole, LogGroupArn: LOG_GROUP_ARN } }
              : {}),
            ...(d.sns ? { SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' } } : {}),
          })),
        },
      ],
    });
    world.aws.sms.on(CreateEventDestinationCommand).resolves({});
    world.aws.sms.on(UpdateEventDestinationCommand).resolves({});
    world.aws.sms.on(DeleteEventDestinationCommand).resolves({});
  }

  it('Create: the SMS and voice trust on the configuration set, Firehose policy, then CreateEventDestination with ALL', async () => {
    smsAccount();
    const result = await create(world.w, plan);
    expect(callOrder(world)).toEqual([
      'CreateRole',
      'PutRolePolicy',
      'DescribeConfigurationSets',
      'CreateEventDestination',
    ]);
    expect(
      JSON.parse(world.aws.iam.commandCalls(CreateRoleCommand)[0]?.args[0].input.AssumeRolePolicyDocument ?? ''),
    ).toEqual(smsVoiceTrust(stack(), CONFIG_SET));
    expect(inputs(world.aws.sms.commandCalls(DescribeConfigurationSetsCommand))).toEqual([
      { ConfigurationSetNames: [CONFIG_SET] },
    ]);
    expect(inputs(world.aws.sms.commandCalls(CreateEventDestinationCommand))).toEqual([
      {
        ConfigurationSetName: CONFIG_SET,
        EventDestinationName: 'MyEventStream',
        MatchingEventTypes: ['ALL'],
        KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: arn },
      },
    ]);
    expect(result).toEqual({
      physicalResourceId: arn,
      data: { RoleArn: arn, RoleName: name, ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' },
    });
  });

  it('Create to a log group: the logs policy on its streams, CloudWatchLogsDestination', async () => {
    smsAccount();
    const logs = await smsPlan({
      DestinationStreamArn: undefined,
      LogGroupArn: `${LOG_GROUP_ARN}:*`,
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_ANSWERED'],
    });
    await create(world.w, logs);
    expect(world.aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
    expect(JSON.parse(world.aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(
      smsLogsPolicy(LOG_GROUP_ARN),
    );
    expect(inputs(world.aws.sms.commandCalls(CreateEventDestinationCommand))[0]).toMatchObject({
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_ANSWERED'],
      CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: roleArnOf(nameOf(world, logs)) },
    });
  });

  it('a disabled destination is created, then updated with Enabled false (the service creates destinations enabled)', async () => {
    smsAccount();
    await create(world.w, await smsPlan({ Enabled: 'false' }));
    expect(callOrder(world).slice(-2)).toEqual(['CreateEventDestination', 'UpdateEventDestination']);
    expect(inputs(world.aws.sms.commandCalls(UpdateEventDestinationCommand))[0]).toMatchObject({ Enabled: false });
  });

  it.each([
    [
      'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using IAM role arn:aws:iam::123456789012:role/r.',
    ],
    [
      'Could not access CloudWatch Logs log group arn:aws:logs:us-east-1:123456789012:log-group:g using IAM role arn:aws:iam::123456789012:role/r.',
    ],
    ['Could not assume IAM role arn:aws:iam::123456789012:role/r.'],
  ])('retries while the service cannot use the role yet: "%s"', async (message) => {
    smsAccount();
    world.aws.sms
      .on(CreateEventDestinationCommand)
      .rejectsOnce(validation(message, { Reason: 'RESOURCE_NOT_ACCESSIBLE' }))
      .resolves({});
    await onFakeTime(() => create(world.w, plan));
    expect(world.aws.sms.commandCalls(CreateEventDestinationCommand)).toHaveLength(2);
    expectNothingDeleted(world);
  });

  it('a disabled destination whose create waited for propagation is created once, then disabled', async () => {
    smsAccount();
    world.aws.sms
      .on(CreateEventDestinationCommand)
      .rejectsOnce(validation('Could not assume IAM role r.'))
      .resolves({});
    const disabled = await smsPlan({ Enabled: 'false' });
    await onFakeTime(() => create(world.w, disabled));
    expect(world.aws.sms.commandCalls(CreateEventDestinationCommand)).toHaveLength(2);
    expect(world.aws.sms.commandCalls(UpdateEventDestinationCommand)).toHaveLength(1);
  });

  it('gives up on propagation with a reason naming the call, and removes its role', async () => {
    world = newWorld({ deployment: deployment({ propagationTimeoutMs: 200 }) });
    smsAccount();
    world.aws.sms.on(CreateEventDestinationCommand).rejects(validation('Could not assume IAM role r.'));
    const error = await rejection(create(world.w, plan), DeadlineError);
    expect(error.message).toContain('sms-voice:CreateEventDestination');
    expectRoleDeleted(world, name);
  });

  it('an event type the service rejects fails naming MatchingEventTypes, and removes the role', async () => {
    smsAccount();
    world.aws.sms
      .on(CreateEventDestinationCommand)
      .rejects(
        validation(
          "1 validation error detected: Value '[TEXT_TELEPATHY]' at 'matchingEventTypes' failed to satisfy constraint",
          { Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: 'MatchingEventTypes', Message: 'unknown' }] },
        ),
      );
    const error = await rejection(
      create(world.w, await smsPlan({ MatchingEventTypes: ['TEXT_TELEPATHY'] })),
      ValidationError,
    );
    expect(error.property).toBe('MatchingEventTypes');
    expect(error.message).toContain('TEXT_TELEPATHY');
    expectRoleDeleted(world, name);
  });

  it('the 5-destinations limit fails with a clear reason naming ConfigurationSetName', async () => {
    smsAccount();
    world.aws.sms.on(CreateEventDestinationCommand).rejects(
      new ServiceQuotaExceededException({
        message: 'quota',
        $metadata: {},
        Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET',
      }),
    );
    const error = await rejection(create(world.w, plan), ValidationError);
    expect(error.property).toBe('ConfigurationSetName');
    expect(error.message).toContain('5');
  });

  it('a missing configuration set fails naming ConfigurationSetName', async () => {
    smsAccount();
    world.aws.sms.on(DescribeConfigurationSetsCommand).rejects(
      new ResourceNotFoundException({
        message: 'no',
        $metadata: {},
        ResourceType: 'configuration-set',
        ResourceId: CONFIG_SET,
      }),
    );
    world.aws.sms.on(CreateEventDestinationCommand).rejects(
      new ResourceNotFoundException({
        message: 'no',
        $metadata: {},
        ResourceType: 'configuration-set',
        ResourceId: CONFIG_SET,
      }),
    );
    expect((await rejection(create(world.w, plan), ValidationError)).property).toBe('ConfigurationSetName');
  });

  it('refuses to take over a destination of that name that it does not own', async () => {
    smsAccount([{ name: 'MyEventStream', firehoseRole: roleArnOf('theirs', '/') }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: 'theirs' }).resolves(foreignRole('theirs'));
    await rejection(create(world.w, plan), OwnershipError);
    expect(world.aws.sms.commandCalls(UpdateEventDestinationCommand)).toHaveLength(0);
  });

  it('refuses an SNS destination of that name (no role) unless ReplaceExistingStream, then deletes and recreates it', async () => {
    smsAccount([{ name: 'MyEventStream', sns: true }]);
    await rejection(create(world.w, plan), OwnershipError);
    world = newWorld();
    smsAccount([{ name: 'MyEventStream', sns: true }]);
    await create(world.w, await smsPlan({ ReplaceExistingStream: 'true' }));
    expect(callOrder(world).slice(-2)).toEqual(['DeleteEventDestination', 'CreateEventDestination']);
  });

  it('Update in place of event types and Enabled: UpdateEventDestination with the same role', async () => {
    smsAccount([{ name: 'MyEventStream', firehoseRole: arn }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' }), {
        trust: smsVoiceTrust(stack(), CONFIG_SET),
      }),
    );
    const result = await update(
      world.w,
      await smsPlan({ MatchingEventTypes: ['TEXT_ALL'], Enabled: 'false' }),
      plan,
      arn,
    );
    expect(result.physicalResourceId).toBe(arn);
    expect(inputs(world.aws.sms.commandCalls(UpdateEventDestinationCommand))).toEqual([
      {
        ConfigurationSetName: CONFIG_SET,
        EventDestinationName: 'MyEventStream',
        Enabled: false,
        MatchingEventTypes: ['TEXT_ALL'],
        KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: arn },
      },
    ]);
    expect(world.aws.sms.commandCalls(DeleteEventDestinationCommand)).toHaveLength(0);
  });

  it('switching from Firehose to a log group is in place: new policy, the destination deleted and created again under the same name', async () => {
    smsAccount([{ name: 'MyEventStream', firehoseRole: arn }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' }), {
        trust: smsVoiceTrust(stack(), CONFIG_SET),
      }),
    );
    const result = await update(
      world.w,
      await smsPlan({ DestinationStreamArn: undefined, LogGroupArn: LOG_GROUP_ARN }),
      plan,
      arn,
    );
    expect(result.physicalResourceId).toBe(arn);
    expect(callOrder(world)).toEqual([
      'GetRole',
      'PutRolePolicy',
      'DescribeConfigurationSets',
      'DeleteEventDestination',
      'CreateEventDestination',
    ]);
    expect(JSON.parse(world.aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(
      smsLogsPolicy(LOG_GROUP_ARN),
    );
    expect(inputs(world.aws.sms.commandCalls(CreateEventDestinationCommand))[0]).toMatchObject({
      EventDestinationName: 'MyEventStream',
      CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: arn },
    });
  });

  it('a type switch that waits for propagation deletes once and creates until the role is usable', async () => {
    smsAccount([{ name: 'MyEventStream', logsRole: arn }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' }), {
        trust: smsVoiceTrust(stack(), CONFIG_SET),
      }),
    );
    world.aws.sms
      .on(CreateEventDestinationCommand)
      .rejectsOnce(validation('Could not access Kinesis Firehose Stream s using IAM role r.'))
      .resolves({});
    const previous = await smsPlan({ DestinationStreamArn: undefined, LogGroupArn: LOG_GROUP_ARN });
    await onFakeTime(() => update(world.w, plan, previous, arn));
    expect(world.aws.sms.commandCalls(DeleteEventDestinationCommand)).toHaveLength(1);
    expect(world.aws.sms.commandCalls(CreateEventDestinationCommand)).toHaveLength(2);
    expect(JSON.parse(world.aws.iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input.PolicyDocument ?? '')).toEqual(
      smsFirehosePolicy(FIREHOSE_ARN),
    );
  });

  it('a type mismatch answered by the service (ConflictException) is reported, naming the call', async () => {
    smsAccount([{ name: 'MyEventStream', firehoseRole: arn }]);
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(
      ownedRole(name, fingerprint({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' }), {
        trust: smsVoiceTrust(stack(), CONFIG_SET),
      }),
    );
    world.aws.sms.on(UpdateEventDestinationCommand).rejects(
      new ConflictException({
        message: 'mismatch',
        $metadata: {},
        Reason: 'EVENT_DESTINATION_MISMATCH',
        ResourceType: 'event-destination',
        ResourceId: 'MyEventStream',
      }),
    );
    const error = await rejection(update(world.w, plan, plan, arn));
    expect(error.message).toContain('sms-voice:UpdateEventDestination');
  });

  it('Delete removes the destination that uses this role, even when the role is already gone', async () => {
    smsAccount([{ name: 'MyEventStream', firehoseRole: arn }]);
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expect(callOrder(world)).toEqual(['GetRole', 'DescribeConfigurationSets', 'DeleteEventDestination']);
  });

  it('Delete: a 403 from the retired or refused SMS API never fails it; the role is removed and a warning says what may be left', async () => {
    smsAccount();
    world.aws.iam.on(GetRoleCommand, { RoleName: name }).resolves(ownedRole(name, 'x'));
    world.aws.sms.on(DescribeConfigurationSetsCommand).rejects(awsError('AccessDeniedException', 'denied', 403));
    await remove(world.w, plan, managedRole(world.w, arn) as RoleRef);
    expectRoleDeleted(world, name);
    expect(
      world.log.entries.some(
        (e) =>
          e.level === 'warn' &&
          e.message.includes(`event destination MyEventStream of SMS and voice configuration set ${CONFIG_SET}`),
      ),
    ).toBe(true);
  });

  it('does not touch Pinpoint or SES: the kind loads and calls only its own client', async () => {
    smsAccount();
    await create(world.w, plan);
    expect(world.aws.used().sort()).toEqual(['IAMClient', 'PinpointSMSVoiceV2Client']);
  });
});
