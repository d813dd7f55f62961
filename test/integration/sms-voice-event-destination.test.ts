// The BUILT bundle: Custom::SmsVoiceEventDestination. IAM, Firehose and CloudWatch Logs are moto's;
// AWS End User Messaging SMS and voice v2 and CloudFormation's DescribeStackResource are the
// gateway's documented stand-ins (moto 5.2.1 has neither), with the real API's shapes and errors.
import { describe, expect, it } from 'vitest';
import { smsVoiceTrust } from '../../src/policies.js';
import { stackContext } from '../../src/stack.js';
import {
  ACCOUNT,
  event,
  type HarnessPlayOptions,
  type Json,
  putForeignSmsEventDestination,
  readRole,
  readSmsEventDestinations,
  roleNameOf,
  TAKEOVER_ALLOWED,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const TYPE = 'Custom::SmsVoiceEventDestination';
const MANAGED_PATH = '/pinpoint-event-stream/us-east-1/';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/pinpoint-event-stream-role-boundary`;

const h = useHarness({ stackName: 'sms' });

const firehose = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.SmsConfigurationSetName,
  DestinationStreamArn: h.world.FirehoseStreamArn,
  ...extra,
});
const logs = (extra: Json = {}) => ({
  ConfigurationSetName: h.world.SmsConfigurationSetName,
  LogGroupArn: h.world.LogGroupArn,
  ...extra,
});
const fields = (extra: Json) => ({ StackId: h.stackId, ResourceType: TYPE, LogicalResourceId: 'SmsEvents', ...extra });
const create = (properties: Json, extra: Json = {}, options: HarnessPlayOptions = {}) =>
  h.play(event('Create', fields({ ResourceProperties: properties, ...extra })), options).then((p) => p.response);
const update = (physicalId: string, properties: Json, old: Json) =>
  h
    .play(
      event(
        'Update',
        fields({ PhysicalResourceId: physicalId, ResourceProperties: properties, OldResourceProperties: old }),
      ),
    )
    .then((p) => p.response);
const remove = (physicalId: string, properties: Json) =>
  h.play(event('Delete', fields({ PhysicalResourceId: physicalId, ResourceProperties: properties })));
const destinations = () => readSmsEventDestinations(h.viaGateway, h.world.SmsConfigurationSetName);
const destination = async (name = 'SmsEvents') =>
  (await destinations()).find((d: Json) => d.EventDestinationName === name);
const logGroup = () => String(h.world.LogGroupArn).replace(/:\*$/, '');

/** The trust of this test's role: the builder's document (pinned to the contract by the policies' unit tests). */
const trust = () => smsVoiceTrust(stackContext(h.stackId, 'SmsEvents'), h.world.SmsConfigurationSetName);

describe('Create', () => {
  it(
    'to Firehose: the role under the managed path with the boundary, exactly the ' +
      'documented policies, the destination with ALL',
    async () => {
      const response = await create(firehose());
      expect(response.Status, response.Reason).toBe('SUCCESS');
      expect(response.Data).toEqual({
        RoleArn: response.PhysicalResourceId,
        RoleName: roleNameOf(response.PhysicalResourceId),
        ConfigurationSetName: h.world.SmsConfigurationSetName,
        EventDestinationName: 'SmsEvents',
      });
      const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
      expect(role.path).toBe(MANAGED_PATH);
      expect(role.permissionsBoundary).toBe(BOUNDARY);
      expect(role.trust).toEqual(trust());
      expect(role.policies).toEqual({
        'pinpoint-event-stream': {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
              Resource: h.world.FirehoseStreamArn,
            },
          ],
        },
      });
      expect(await destination()).toEqual({
        EventDestinationName: 'SmsEvents',
        Enabled: true,
        MatchingEventTypes: ['ALL'],
        KinesisFirehoseDestination: {
          DeliveryStreamArn: h.world.FirehoseStreamArn,
          IamRoleArn: response.PhysicalResourceId,
        },
      });
    },
  );

  it('to a CloudWatch Logs log group (trailing :* accepted): the logs policy on its streams', async () => {
    const response = await create(logs({ MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'VOICE_COMPLETED'] }));
    expect(response.Status, response.Reason).toBe('SUCCESS');
    const role = await readRole(h.direct, roleNameOf(response.PhysicalResourceId));
    expect(role.policies['pinpoint-event-stream']).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: `${logGroup()}:*`,
        },
      ],
    });
    expect(await destination()).toMatchObject({
      MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'VOICE_COMPLETED'],
      CloudWatchLogsDestination: { LogGroupArn: logGroup(), IamRoleArn: response.PhysicalResourceId },
    });
  });

  it('Enabled "false" leaves the destination disabled; EventDestinationName is taken', async () => {
    const response = await create(firehose({ Enabled: 'false', EventDestinationName: 'to-lake' }));
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(response.Data.EventDestinationName).toBe('to-lake');
    expect(await destination('to-lake')).toMatchObject({ Enabled: false });
  });

  it(
    'the default name from a logical id longer than 64 characters is shortened the same way on every ' + 'delivery',
    async () => {
      const logicalId = `Sms${'Destination'.repeat(7)}`;
      const first = await create(firehose(), { LogicalResourceId: logicalId });
      expect(first.Status, first.Reason).toBe('SUCCESS');
      const name = first.Data.EventDestinationName as string;
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name.startsWith(logicalId.slice(0, 40))).toBe(true);
      const again = await create(firehose(), { LogicalResourceId: logicalId });
      expect(again.Data.EventDestinationName).toBe(name);
      expect((await destinations()).filter((d: Json) => d.EventDestinationName === name)).toHaveLength(1);
    },
  );

  it("waits out IAM propagation on the service's own messages", async () => {
    h.gateway.iam.propagationDelayMs = 2000;
    const response = await create(firehose());
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(h.gateway.count('sms-voice:CreateEventDestination')).toBeGreaterThan(1);
  });

  it('an event type the service rejects fails naming MatchingEventTypes, and leaves no role', async () => {
    // The model knows the type is not one of its enum: the request goes out anyway, as the function
    // passes event types through (the service keeps adding them) and lets the service answer.
    const response = await create(
      firehose({ MatchingEventTypes: ['TEXT_TELEPATHY'] }),
      {},
      {
        acceptModelViolation: (v) => v.rule === 'enum' && v.member === 'MatchingEventTypes[0]',
      },
    );
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^MatchingEventTypes: rejected by AWS End User Messaging SMS and voice/);
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it('the sixth destination of a configuration set fails saying the limit is 5, and leaves no role', async () => {
    for (let n = 1; n <= 5; n++) {
      await putForeignSmsEventDestination(h.direct, {
        viaGateway: h.viaGateway,
        configurationSetName: h.world.SmsConfigurationSetName,
        eventDestinationName: `other-${n}`,
        destinationStreamArn: h.world.FirehoseStreamArn,
      });
    }
    const response = await create(firehose());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^ConfigurationSetName: .*most event destinations the service allows \(5\)/);
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it(
    'refuses to take over a destination of that name it does not own, unless ReplaceExistingStream is ' + '"true"',
    async () => {
      const foreign = await putForeignSmsEventDestination(h.direct, {
        viaGateway: h.viaGateway,
        configurationSetName: h.world.SmsConfigurationSetName,
        eventDestinationName: 'SmsEvents',
        logGroupArn: logGroup(),
      });
      const refused = await create(firehose());
      expect(refused.Status).toBe('FAILED');
      expect(refused.Reason).toMatch(/event destination SmsEvents .*not owned.*ReplaceExistingStream/);
      expect((await destination())?.CloudWatchLogsDestination?.IamRoleArn).toBe(foreign);
      expect(await readRole(h.direct, roleNameOf(refused.PhysicalResourceId))).toBeUndefined();
      const replaced = await create(firehose({ ReplaceExistingStream: 'true' }), {}, TAKEOVER_ALLOWED);
      expect(replaced.Status, replaced.Reason).toBe('SUCCESS');
      expect(await destination()).toMatchObject({
        KinesisFirehoseDestination: { IamRoleArn: replaced.PhysicalResourceId },
      });
    },
  );

  it('names ConfigurationSetName when the configuration set does not exist, and leaves no role', async () => {
    const response = await create(firehose({ ConfigurationSetName: 'no-such-set' }));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(
      /^ConfigurationSetName: SMS and voice configuration set no-such-set does not exist/,
    );
    expect(await readRole(h.direct, roleNameOf(response.PhysicalResourceId))).toBeUndefined();
  });

  it.each([
    ['both destinations', () => firehose({ LogGroupArn: h.world.LogGroupArn }), /^DestinationStreamArn, LogGroupArn: /],
    ['no destination', () => ({ ConfigurationSetName: h.world.SmsConfigurationSetName }), /^DestinationStreamArn: /],
    [
      'a Kinesis data stream',
      () => firehose({ DestinationStreamArn: h.streams.KinesisStreamArn }),
      /^DestinationStreamArn: .*Firehose delivery streams only/,
    ],
    [
      'a log group of another account',
      () => logs({ LogGroupArn: 'arn:aws:logs:us-east-1:210987654321:log-group:g' }),
      /^LogGroupArn: .*account/,
    ],
    [
      'a configuration set ARN instead of its name',
      () => firehose({ ConfigurationSetName: `arn:aws:sms-voice:us-east-1:${ACCOUNT}:configuration-set/x` }),
      /^ConfigurationSetName: /,
    ],
    ['a lower-case event type', () => firehose({ MatchingEventTypes: ['text_delivered'] }), /^MatchingEventTypes: /],
    [
      'a KmsKeyArn (not a property of this kind)',
      () => firehose({ KmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }),
      /^KmsKeyArn: unknown property/,
    ],
    [
      'PermissionsBoundary',
      () => firehose({ PermissionsBoundary: BOUNDARY }),
      /^PermissionsBoundary: .*PermissionsBoundaryArn/,
    ],
  ])('bad input (%s) fails naming the property, before any AWS call', async (_label, properties, reason) => {
    const response = await create(properties());
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(reason);
    expect(h.gateway.authz().map((r) => r.action)).toEqual([]);
  });

  it('in aws-cn: FAILED saying the service is not offered there', async () => {
    const cn = `arn:aws-cn:cloudformation:cn-north-1:${ACCOUNT}:stack/sms/${h.stackId.split('/').pop()}`;
    // As deployed there: the function runs in cn-north-1 (CloudFormation only invokes it from its own Region).
    const played = await h.play(
      event(
        'Create',
        fields({
          StackId: cn,
          ResourceProperties: {
            ConfigurationSetName: 'x',
            LogGroupArn: `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:g`,
          },
        }),
      ),
      { env: { AWS_REGION: 'cn-north-1' } },
    );
    const response = played.response;
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('not offered in partition aws-cn');
  });
});

describe('Update', () => {
  it(
    'switches from Firehose to a log group in place: same role, new policy, the ' +
      'destination recreated under the same name',
    async () => {
      const created = await create(firehose());
      const updated = await update(created.PhysicalResourceId, logs(), firehose());
      expect(updated.Status, updated.Reason).toBe('SUCCESS');
      expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect(await destination()).toEqual({
        EventDestinationName: 'SmsEvents',
        Enabled: true,
        MatchingEventTypes: ['ALL'],
        CloudWatchLogsDestination: { LogGroupArn: logGroup(), IamRoleArn: created.PhysicalResourceId },
      });
      const role = await readRole(h.direct, roleNameOf(created.PhysicalResourceId));
      expect(role.policies['pinpoint-event-stream'].Statement[0].Resource).toBe(`${logGroup()}:*`);
      expect(h.gateway.count('sms-voice:DeleteEventDestination')).toBe(1);
    },
  );

  it('event types and Enabled change in place with UpdateEventDestination', async () => {
    const created = await create(firehose());
    const updated = await update(
      created.PhysicalResourceId,
      firehose({ MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'], Enabled: 'false' }),
      firehose(),
    );
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await destination()).toMatchObject({ Enabled: false, MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'] });
    expect(h.gateway.count('sms-voice:DeleteEventDestination')).toBe(0);
  });

  it('a new EventDestinationName replaces the role; CloudFormation then deletes the old one', async () => {
    const created = await create(firehose());
    const updated = await update(created.PhysicalResourceId, firehose({ EventDestinationName: 'renamed' }), firehose());
    expect(updated.Status, updated.Reason).toBe('SUCCESS');
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    const cleanup = await remove(created.PhysicalResourceId, firehose());
    expect(cleanup.response.Status).toBe('SUCCESS');
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    expect((await destinations()).map((d: Json) => d.EventDestinationName)).toEqual(['renamed']);
  });
});

describe('Delete', () => {
  it('removes the destination that uses its role, then the role', async () => {
    const created = await create(firehose());
    const { response } = await remove(created.PhysicalResourceId, firehose());
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(await destination()).toBeUndefined();
    expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
  });

  it('removes the destination that points at its role even when the role was deleted by hand', async () => {
    const created = await create(firehose());
    const name = roleNameOf(created.PhysicalResourceId);
    const { DeleteRolePolicyCommand, DeleteRoleCommand } = await import('@aws-sdk/client-iam');
    await h.direct.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'pinpoint-event-stream' }));
    await h.direct.iam.send(new DeleteRoleCommand({ RoleName: name }));
    const { response } = await remove(created.PhysicalResourceId, firehose());
    expect(response.Status, response.Reason).toBe('SUCCESS');
    expect(await destination()).toBeUndefined();
  });

  it.each([
    [403, 'AccessDeniedException', 'User is not authorized to access this resource'],
    [400, 'ValidationException', 'This operation is no longer supported'],
  ])(
    'a %i from the service never fails the Delete: the role is removed, a warning says what may be left',
    async (status, code, message) => {
      const created = await create(firehose());
      h.gateway.inject((c: Json) => String(c.action).startsWith('sms-voice:'), { status, code, message }, 10);
      const { response, invocation } = await remove(created.PhysicalResourceId, firehose());
      expect(response.Status, response.Reason).toBe('SUCCESS');
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
      const warning = invocation.logs.find((l: Json) => l.level === 'WARN' && /may be left behind/.test(l.message));
      expect(warning?.message).toContain(
        `event destination SmsEvents of SMS and voice configuration set ${h.world.SmsConfigurationSetName}`,
      );
    },
  );

  it('leaves a destination that uses another role alone', async () => {
    const created = await create(firehose({ EventDestinationName: 'mine' }));
    const foreign = await putForeignSmsEventDestination(h.direct, {
      viaGateway: h.viaGateway,
      configurationSetName: h.world.SmsConfigurationSetName,
      eventDestinationName: 'theirs',
      destinationStreamArn: h.world.FirehoseStreamArn,
    });
    await remove(created.PhysicalResourceId, firehose({ EventDestinationName: 'theirs' }));
    expect((await destination('theirs'))?.KinesisFirehoseDestination?.IamRoleArn).toBe(foreign);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
