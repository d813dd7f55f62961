import {
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  type EventDestination,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, UnsupportedRequestError, ValidationError } from '../../../src/errors.js';
import { smsFirehosePolicy, smsLogsPolicy, smsVoiceTrust } from '../../../src/policies.js';
import type { Target, TargetState } from '../../../src/resources/kind.js';
import type * as SmsVoiceEventDestination from '../../../src/resources/sms-voice-event-destination.js';
import { awsContext, mockedClients } from '../account.js';
import {
  awsError,
  CN_STACK_ID,
  CONFIG_SET,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  LOG_GROUP_ARN,
  stack,
} from '../fixtures.js';

// The module under test, loaded afresh for each test (its property list and patterns are top-level): see fresh().
let smsVoiceEventDestination: typeof SmsVoiceEventDestination.smsVoiceEventDestination;
beforeEach(
  async () =>
    ({ smsVoiceEventDestination } = await fresh(() => import('../../../src/resources/sms-voice-event-destination.js'))),
);

const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const OLD_ROLE = 'arn:aws:iam::123456789012:role/old';
const firehoseProps = (overrides: Record<string, unknown> = {}) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  ConfigurationSetName: CONFIG_SET,
  DestinationStreamArn: FIREHOSE_ARN,
  ...overrides,
});
const logsProps = (overrides: Record<string, unknown> = {}) =>
  firehoseProps({ DestinationStreamArn: undefined, LogGroupArn: LOG_GROUP_ARN, ...overrides });
const parse = (raw: Record<string, unknown> = firehoseProps(), on = stack()) => smsVoiceEventDestination.parse(raw, on);
const targetOf = (raw: Record<string, unknown> = firehoseProps(), on = stack()): Target =>
  parse(raw, on).target as Target;
/** What read() returns, as the lifecycle hands it back to write(). */
const current = (type: string, roleArn?: string): TargetState => ({ type, roleArn }) as TargetState;

const smsError = {
  validation: (message: string, fields?: { Name: string; Message: string }[]) =>
    awsError('ValidationException', message, { Reason: 'OTHER', Fields: fields }),
  notFound: () => awsError('ResourceNotFoundException', 'Configuration set marketing not found', { status: 404 }),
  quota: (reason: string) => awsError('ServiceQuotaExceededException', 'quota', { status: 402, Reason: reason }),
  conflict: () => awsError('ConflictException', 'mismatch', { status: 409, Reason: 'EVENT_DESTINATION_MISMATCH' }),
};
const propagationError = () => smsError.validation(`Could not access Firehose ${FIREHOSE_ARN} using IAM role ${ROLE}`);
const wrap = (error: unknown, call = 'sms-voice:CreateEventDestination') => new AwsCallError(call, error);

describe('Custom::SmsVoiceEventDestination: properties', () => {
  it('lists the accepted properties', () => {
    expect([...smsVoiceEventDestination.properties].sort()).toEqual(
      [
        'ConfigurationSetName',
        'DestinationStreamArn',
        'Enabled',
        'EventDestinationName',
        'LogGroupArn',
        'MatchingEventTypes',
        'ReplaceExistingStream',
        'RoleName',
        'RolePath',
        'Tags',
      ].sort(),
    );
  });

  it('to Firehose, with the defaults: the plan', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' });
    expect(plan.data).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' });
    expect(plan.trust).toEqual(smsVoiceTrust(stack(), CONFIG_SET));
    expect(plan.permissions).toEqual(smsFirehosePolicy(FIREHOSE_ARN));
    expect(plan.target?.description).toBe(
      'event destination MyEventStream of SMS and voice configuration set marketing',
    );
    expect(plan.target?.replaceExisting).toBe(false);
  });

  it('to CloudWatch Logs: the log streams of exactly that log group, given with or without a trailing ":*"', () => {
    expect(parse(logsProps()).permissions).toEqual(smsLogsPolicy(LOG_GROUP_ARN));
    expect(parse(logsProps({ LogGroupArn: `${LOG_GROUP_ARN}:*` })).permissions).toEqual(smsLogsPolicy(LOG_GROUP_ARN));
  });

  it('takes partition and region from the stack (aws-us-gov)', () => {
    const plan = parse(
      firehoseProps({
        ConfigurationSetName: 'ops',
        DestinationStreamArn: 'arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d',
      }),
      stack(GOV_STACK_ID),
    );
    expect(plan.trust).toEqual(smsVoiceTrust(stack(GOV_STACK_ID), 'ops'));
  });

  it('is not offered in aws-cn: an UnsupportedRequestError saying so, before any property is read', () => {
    for (const raw of [firehoseProps(), { Nonsense: 1 }]) {
      let error: unknown;
      try {
        parse(raw, stack(CN_STACK_ID));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedRequestError);
      expect((error as Error).message).toBe(
        'Custom::SmsVoiceEventDestination: AWS End User Messaging SMS and voice is not offered in partition aws-cn',
      );
    }
  });

  it.each([
    ['both', firehoseProps({ LogGroupArn: LOG_GROUP_ARN }), 'DestinationStreamArn, LogGroupArn'],
    ['neither', { ConfigurationSetName: CONFIG_SET }, 'DestinationStreamArn'],
  ])('exactly one destination: %s fails, naming %s', (_label, raw, named) => {
    expect(invalid(() => parse(raw)).message).toBe(
      `${named}: give exactly one of DestinationStreamArn (a Firehose delivery stream) or LogGroupArn`,
    );
  });

  it('a Kinesis data stream fails, saying the service supports Firehose only', () => {
    const error = invalid(() => parse(firehoseProps({ DestinationStreamArn: KINESIS_ARN })));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (AWS End User Messaging SMS and voice ' +
        'supports Firehose delivery streams only); must be ' +
        'arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    );
  });

  // The common and destination properties are pinned by properties.test.ts and event-destination.test.ts.
  it.each([
    ['ConfigurationSetName', { ConfigurationSetName: undefined }, 'is required'],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:firehose:us-east-1:210987654321:deliverystream/d' },
      "the stack's account 123456789012",
    ],
    ['KmsKeyArn', { KmsKeyArn: KMS_KEY_ARN }, 'unknown property'],
    ['ApplicationId', { ApplicationId: 'abc' }, 'unknown property'],
    [
      'DestinationStreamARN',
      { DestinationStreamARN: FIREHOSE_ARN },
      'accepted: RoleName, RolePath, Tags, ConfigurationSetName',
    ],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(firehoseProps(overrides)));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it.each([
    ['another account', 'arn:aws:logs:us-east-1:210987654321:log-group:g', "the stack's account 123456789012"],
    ['a wildcard', 'arn:aws:logs:us-east-1:123456789012:log-group:*', 'log-group:<name>'],
  ])('a LogGroupArn in %s fails, naming LogGroupArn', (_label, value, message) => {
    const error = invalid(() => parse(logsProps({ LogGroupArn: value })));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toContain(message);
  });

  it('MatchingEventTypes: only the shape is checked (new types such as TEXT_DELIVERED and RCS_READ pass)', async () => {
    const aws = mockedClients();
    aws.sms.on(CreateEventDestinationCommand).resolves({});
    const types = ['TEXT_DELIVERED', 'RCS_READ', 'VOICE_ANSWERED', 'MEDIA_ALL', 'A'.repeat(64)];
    await targetOf(firehoseProps({ MatchingEventTypes: types }))
      .write(undefined)
      .attempt(awsContext(aws.clients), ROLE);
    expect(aws.sms.commandCalls(CreateEventDestinationCommand)[0]?.args[0].input.MatchingEventTypes).toEqual(types);
  });

  it.each([
    ['lower case', ['text_delivered']],
    ['digits', ['TEXT_1']],
    ['a hyphen', ['TEXT-DELIVERED']],
    ['65 characters', ['A'.repeat(65)]],
    ['a duplicate', ['ALL', 'ALL']],
    ['a string', 'ALL'],
  ])('MatchingEventTypes with %s fails, naming MatchingEventTypes', (_label, value) => {
    const error = invalid(() => parse(firehoseProps({ MatchingEventTypes: value })));
    expect(error.property).toBe('MatchingEventTypes');
  });

  it('the shape is described in the reason', () => {
    expect(invalid(() => parse(firehoseProps({ MatchingEventTypes: ['text_delivered'] }))).message).toBe(
      'MatchingEventTypes: "text_delivered" is not an event type (upper-case letters and _, e.g. ALL, TEXT_DELIVERED)',
    );
  });

  it('binding: ConfigurationSetName and EventDestinationName; destination, types, Enabled in place', () => {
    const base = parse().binding;
    expect(parse(logsProps({ MatchingEventTypes: ['TEXT_ALL'], Enabled: 'false' })).binding).toEqual(base);
    expect(parse(firehoseProps({ EventDestinationName: 'x' })).binding).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'x',
    });
  });
});

describe('Custom::SmsVoiceEventDestination: target', () => {
  let aws: ReturnType<typeof mockedClients>;
  beforeEach(() => {
    aws = mockedClients();
  });
  const ctx = () => awsContext(aws.clients);
  const describeAnswer = (...destinations: EventDestination[]) =>
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [
        {
          ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${CONFIG_SET}`,
          ConfigurationSetName: CONFIG_SET,
          EventDestinations: destinations,
          CreatedTimestamp: new Date(0),
        },
      ],
    });
  const destination = (extra: Partial<EventDestination>, name = 'MyEventStream'): EventDestination => ({
    EventDestinationName: name,
    Enabled: true,
    MatchingEventTypes: ['ALL'],
    ...extra,
  });
  /** Every SMS call made, in order, with its input. */
  const calls = () =>
    aws.sms
      .calls()
      .map((c: { args: [object & { input: unknown }] }) => [
        (c.args[0] as { constructor: { name: string } }).constructor.name,
        c.args[0].input,
      ]);
  const firehoseTarget = { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE } };
  const logsTarget = { CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE } };
  const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' };

  describe('read', () => {
    it('describes this configuration set and reads the destination of this name, with its type and role', async () => {
      describeAnswer(
        destination({ KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: OLD_ROLE } }),
      );
      await expect(targetOf().read(ctx())).resolves.toEqual({ type: 'firehose', roleArn: OLD_ROLE });
      expect(aws.sms.commandCalls(DescribeConfigurationSetsCommand)[0]?.args[0].input).toEqual({
        ConfigurationSetNames: [CONFIG_SET],
      });
    });
  });

  describe('write', () => {
    it('absent and enabled: CreateEventDestination only', async () => {
      aws.sms.on(CreateEventDestinationCommand).resolves({});
      const write = targetOf().write(undefined);
      expect(write.call).toBe('sms-voice:CreateEventDestination');
      await write.attempt(ctx(), ROLE);
      expect(calls()).toEqual([
        ['CreateEventDestinationCommand', { ...names, MatchingEventTypes: ['ALL'], ...firehoseTarget }],
      ]);
    });

    it('absent, to CloudWatch Logs: the log group without ":*"', async () => {
      aws.sms.on(CreateEventDestinationCommand).resolves({});
      await targetOf(logsProps({ LogGroupArn: `${LOG_GROUP_ARN}:*`, MatchingEventTypes: ['TEXT_ALL'] }))
        .write(undefined)
        .attempt(ctx(), ROLE);
      expect(calls()).toEqual([
        ['CreateEventDestinationCommand', { ...names, MatchingEventTypes: ['TEXT_ALL'], ...logsTarget }],
      ]);
    });

    it('absent and disabled: created, then updated with Enabled false (the service creates enabled)', async () => {
      aws.sms.on(CreateEventDestinationCommand).resolves({});
      aws.sms.on(UpdateEventDestinationCommand).resolves({});
      await targetOf(firehoseProps({ Enabled: 'false' }))
        .write(undefined)
        .attempt(ctx(), ROLE);
      expect(calls()).toEqual([
        ['CreateEventDestinationCommand', { ...names, MatchingEventTypes: ['ALL'], ...firehoseTarget }],
        ['UpdateEventDestinationCommand', { ...names, Enabled: false, MatchingEventTypes: ['ALL'], ...firehoseTarget }],
      ]);
    });

    it('present with the same type: UpdateEventDestination in place', async () => {
      aws.sms.on(UpdateEventDestinationCommand).resolves({});
      const write = targetOf(logsProps({ MatchingEventTypes: ['VOICE_ALL'] })).write(current('logs', OLD_ROLE));
      expect(write.call).toBe('sms-voice:UpdateEventDestination');
      await write.attempt(ctx(), ROLE);
      expect(calls()).toEqual([
        [
          'UpdateEventDestinationCommand',
          { ...names, Enabled: true, MatchingEventTypes: ['VOICE_ALL'], ...logsTarget },
        ],
      ]);
    });

    it.each([
      ['Firehose -> CloudWatch Logs', () => logsProps(), 'firehose', logsTarget],
      ['CloudWatch Logs -> Firehose', () => firehoseProps(), 'logs', firehoseTarget],
      ['SNS -> Firehose', () => firehoseProps(), 'sns', firehoseTarget],
    ])(
      'a type change (%s): deletes the destination once, then creates it again under the same name',
      async (_label, raw, from, wanted) => {
        aws.sms.on(DeleteEventDestinationCommand).resolves({});
        aws.sms.on(CreateEventDestinationCommand).resolves({});
        const write = targetOf(raw()).write(current(from, OLD_ROLE));
        expect(write.call).toBe('sms-voice:DeleteEventDestination + sms-voice:CreateEventDestination');
        await write.attempt(ctx(), ROLE);
        expect(calls()).toEqual([
          ['DeleteEventDestinationCommand', names],
          ['CreateEventDestinationCommand', { ...names, MatchingEventTypes: ['ALL'], ...wanted }],
        ]);
      },
    );
  });

  it('remove: DeleteEventDestination; already gone is fine', async () => {
    aws.sms.on(DeleteEventDestinationCommand).rejects(smsError.notFound());
    await expect(targetOf().remove(ctx())).resolves.toBeUndefined();
    expect(calls()).toEqual([['DeleteEventDestinationCommand', names]]);
  });

  // Which answers are propagation is aws/sms-voice.test.ts's; the kind only uses that predicate.
  it("isPropagationError: the service's propagation answer, and nothing else", () => {
    const target = targetOf();
    expect(target.isPropagationError(wrap(propagationError()))).toBe(true);
    expect(target.isPropagationError(wrap(smsError.validation('Invalid MatchingEventTypes')))).toBe(false);
    expect(target.isPropagationError(propagationError())).toBe(false);
  });
});

describe('Custom::SmsVoiceEventDestination: explain', () => {
  it('ResourceNotFound: a ValidationError naming ConfigurationSetName', () => {
    const explained = targetOf().explain(wrap(smsError.notFound()));
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ConfigurationSetName');
    expect((explained as Error).message).toBe(
      'ConfigurationSetName: SMS and voice configuration set marketing does not exist in this account and Region',
    );
  });

  it.each([
    [
      'a field named MatchingEventTypes',
      () =>
        smsError.validation('1 validation error detected', [
          { Name: 'MatchingEventTypes', Message: 'Member must satisfy enum value set' },
        ]),
    ],
    [
      'a message naming matchingEventTypes',
      () => smsError.validation("Value 'TEXT_NEW' at 'matchingEventTypes.1' failed to satisfy constraint"),
    ],
  ])(
    'an event type the service rejects (%s): a ValidationError naming MatchingEventTypes, with the service’s message',
    (_label, cause) => {
      const error = cause();
      const explained = targetOf(firehoseProps({ MatchingEventTypes: ['TEXT_NEW'] })).explain(wrap(error));
      expect(explained).toBeInstanceOf(ValidationError);
      expect((explained as ValidationError).property).toBe('MatchingEventTypes');
      expect((explained as Error).message).toBe(
        `MatchingEventTypes: rejected by AWS End User Messaging SMS and voice: ${error.message}`,
      );
    },
  );

  it('the quota of 5 destinations per configuration set: naming ConfigurationSetName, saying 5', () => {
    const explained = targetOf().explain(wrap(smsError.quota('EVENT_DESTINATIONS_PER_CONFIGURATION_SET')));
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ConfigurationSetName');
    expect((explained as Error).message).toBe(
      'ConfigurationSetName: configuration set marketing already has the most event destinations the service ' +
        'allows (5); remove one or use another configuration set',
    );
  });

  it.each([
    ['another quota', () => wrap(smsError.quota('CONFIGURATION_SETS_PER_ACCOUNT'))],
    ['another ValidationException', () => wrap(smsError.validation('Destination ARN is invalid'))],
    [
      'a propagation error naming MatchingEventTypes',
      () => wrap(smsError.validation(`Could not assume IAM role ${ROLE} (matchingEventTypes)`)),
    ],
    ['a type mismatch conflict', () => wrap(smsError.conflict())],
    ['a propagation DeadlineError', () => new DeadlineError('sms-voice:CreateEventDestination still could not')],
    ['a plain Error', () => new Error('network')],
  ])('%s passes through unchanged', (_label, make) => {
    const error = make();
    expect(targetOf().explain(error)).toBe(error);
  });
});
