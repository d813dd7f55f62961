import {
  ConflictException,
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  type EventDestination,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateEventDestinationCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, UnsupportedRequestError, ValidationError } from '../../../src/errors.js';
import { fitName } from '../../../src/naming.js';
import type { Target, TargetState } from '../../../src/resources/kind.js';
import type * as SmsVoiceEventDestination from '../../../src/resources/sms-voice-event-destination.js';
import {
  awsContext,
  CN_STACK_ID,
  CONFIG_SET,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  LOG_GROUP_ARN,
  mockedClients,
  rejection,
  STACK_ID,
  stack,
} from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let DEFAULT_SMS_EVENT_TYPES: typeof SmsVoiceEventDestination.DEFAULT_SMS_EVENT_TYPES;
let smsVoiceEventDestination: typeof SmsVoiceEventDestination.smsVoiceEventDestination;
beforeEach(
  async () =>
    ({ DEFAULT_SMS_EVENT_TYPES, smsVoiceEventDestination } = await fresh(
      () => import('../../../src/resources/sms-voice-event-destination.js'),
    )),
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
    new ValidationException({ message, Reason: 'OTHER', Fields: fields, $metadata: { httpStatusCode: 400 } }),
  notFound: () =>
    new ResourceNotFoundException({
      message: 'Configuration set marketing not found',
      ResourceType: 'configuration-set',
      ResourceId: CONFIG_SET,
      $metadata: { httpStatusCode: 404 },
    }),
  quota: (reason: string) =>
    new ServiceQuotaExceededException({
      message: 'quota',
      Reason: reason as never,
      $metadata: { httpStatusCode: 402 },
    }),
  conflict: () =>
    new ConflictException({
      message: 'mismatch',
      Reason: 'EVENT_DESTINATION_MISMATCH',
      $metadata: { httpStatusCode: 409 },
    }),
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
    expect(plan.trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sms-voice.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/marketing' },
          },
        },
      ],
    });
    expect(plan.permissions).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: FIREHOSE_ARN },
      ],
    });
    expect(plan.target?.description).toBe(
      'event destination MyEventStream of SMS and voice configuration set marketing',
    );
    expect(plan.target?.replaceExisting).toBe(false);
  });

  it('to CloudWatch Logs: the log streams of exactly that log group', () => {
    expect(parse(logsProps()).permissions).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: `${LOG_GROUP_ARN}:*`,
        },
      ],
    });
  });

  it('a LogGroupArn given with a trailing ":*" gives the same policy (not ":*:*")', () => {
    expect(parse(logsProps({ LogGroupArn: `${LOG_GROUP_ARN}:*` })).permissions.Statement[0]?.Resource).toBe(
      `${LOG_GROUP_ARN}:*`,
    );
  });

  it('takes partition and region from the stack (aws-us-gov)', () => {
    const plan = parse(
      firehoseProps({
        ConfigurationSetName: 'ops',
        DestinationStreamArn: 'arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d',
      }),
      stack(GOV_STACK_ID),
    );
    expect(plan.trust.Statement[0]?.Condition?.ArnLike?.['aws:SourceArn']).toBe(
      'arn:aws-us-gov:sms-voice:us-gov-west-1:123456789012:configuration-set/ops',
    );
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

  it('reads EventDestinationName, Enabled and ReplaceExistingStream', () => {
    const plan = parse(
      firehoseProps({ EventDestinationName: 'sms-events', Enabled: 'false', ReplaceExistingStream: true }),
    );
    expect(plan.data).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'sms-events' });
    expect(plan.target?.replaceExisting).toBe(true);
  });

  it('defaults never fail: a logical id over 64 characters becomes a 64-character prefix-hash name', () => {
    const id = `L${'z'.repeat(70)}`;
    const name = parse(firehoseProps(), stack(STACK_ID, id)).data.EventDestinationName as string;
    expect(name).toBe(fitName(id, 64));
    expect(name).toHaveLength(64);
    const id64 = `L${'z'.repeat(63)}`;
    expect(parse(firehoseProps(), stack(STACK_ID, id64)).data.EventDestinationName).toBe(id64);
  });

  it('MatchingEventTypes defaults to ["ALL"]', () => {
    expect(DEFAULT_SMS_EVENT_TYPES).toEqual(['ALL']);
  });

  it('exactly one destination: both DestinationStreamArn and LogGroupArn fail, naming both', () => {
    const error = invalid(() => parse(firehoseProps({ LogGroupArn: LOG_GROUP_ARN })));
    expect(error.property).toBe('DestinationStreamArn, LogGroupArn');
    expect(error.message).toBe(
      'DestinationStreamArn, LogGroupArn: give exactly one of DestinationStreamArn (a Firehose delivery stream) or LogGroupArn',
    );
  });

  it('exactly one destination: neither fails, naming both', () => {
    const error = invalid(() => parse({ ConfigurationSetName: CONFIG_SET }));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: give exactly one of DestinationStreamArn (a Firehose delivery stream) or LogGroupArn',
    );
  });

  it('a Kinesis data stream fails, saying the service supports Firehose only', () => {
    const error = invalid(() => parse(firehoseProps({ DestinationStreamArn: KINESIS_ARN })));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (AWS End User Messaging SMS and voice supports Firehose delivery streams only); must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    );
  });

  it.each([
    ['ConfigurationSetName', { ConfigurationSetName: undefined }, 'is required'],
    [
      'ConfigurationSetName',
      { ConfigurationSetName: 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/marketing' },
      'not an ARN',
    ],
    ['ConfigurationSetName', { ConfigurationSetName: 'c'.repeat(65) }, 'not an ARN'],
    ['EventDestinationName', { EventDestinationName: 'has space' }, '1-64 letters, digits, _ or -'],
    ['Enabled', { Enabled: 'no' }, 'must be "true" or "false"'],
    ['ReplaceExistingStream', { ReplaceExistingStream: 1 }, 'must be "true" or "false"'],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*' },
      'deliverystream/<name>',
    ],
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
    ['PermissionsBoundary', { PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b' }, 'PermissionsBoundaryArn'],
    ['Tags', { Tags: 'team=a' }, 'must be a list'],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(firehoseProps(overrides)));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it.each([
    ['another account', 'arn:aws:logs:us-east-1:210987654321:log-group:g', "the stack's account 123456789012"],
    ['another partition', 'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g', 'partition aws-us-gov'],
    ['another service', 'arn:aws:firehose:us-east-1:123456789012:log-group:g', 'log-group:<name>'],
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
    ['mixed case', ['Text_Delivered']],
    ['digits', ['TEXT_1']],
    ['spaces', ['TEXT DELIVERED']],
    ['a hyphen', ['TEXT-DELIVERED']],
    ['65 characters', ['A'.repeat(65)]],
    ['an empty string', ['']],
    ['a duplicate', ['ALL', 'ALL']],
    ['an empty list', []],
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

  it('binding: ConfigurationSetName and EventDestinationName; the destination, types and Enabled are updated in place', () => {
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
    aws.sms.calls().map((c) => [(c.args[0] as { constructor: { name: string } }).constructor.name, c.args[0].input]);
  const firehoseTarget = { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE } };
  const logsTarget = { CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE } };
  const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' };

  describe('read', () => {
    it('absent when the configuration set does not exist', async () => {
      aws.sms.on(DescribeConfigurationSetsCommand).rejects(smsError.notFound());
      await expect(targetOf().read(ctx())).resolves.toBeUndefined();
      expect(aws.sms.commandCalls(DescribeConfigurationSetsCommand)[0]?.args[0].input).toEqual({
        ConfigurationSetNames: [CONFIG_SET],
      });
    });

    it('absent when the set has no destination of this name', async () => {
      describeAnswer(
        destination({ KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE } }, 'other'),
      );
      await expect(targetOf().read(ctx())).resolves.toBeUndefined();
    });

    it('a Firehose destination, with its role', async () => {
      describeAnswer(
        destination({ KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: OLD_ROLE } }),
      );
      await expect(targetOf().read(ctx())).resolves.toEqual({ type: 'firehose', roleArn: OLD_ROLE });
    });

    it('a CloudWatch Logs destination, with its role', async () => {
      describeAnswer(destination({ CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: OLD_ROLE } }));
      await expect(targetOf().read(ctx())).resolves.toEqual({ type: 'logs', roleArn: OLD_ROLE });
    });

    it('an SNS destination, without a role', async () => {
      describeAnswer(destination({ SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' } }));
      await expect(targetOf().read(ctx())).resolves.toEqual({ type: 'sns' });
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

    it.each([
      ['"false"', 'false'],
      ['false', false],
    ])(
      'absent and Enabled %s: created, then updated with Enabled false (the service creates enabled)',
      async (_label, enabled) => {
        aws.sms.on(CreateEventDestinationCommand).resolves({});
        aws.sms.on(UpdateEventDestinationCommand).resolves({});
        await targetOf(firehoseProps({ Enabled: enabled }))
          .write(undefined)
          .attempt(ctx(), ROLE);
        expect(calls()).toEqual([
          ['CreateEventDestinationCommand', { ...names, MatchingEventTypes: ['ALL'], ...firehoseTarget }],
          [
            'UpdateEventDestinationCommand',
            { ...names, Enabled: false, MatchingEventTypes: ['ALL'], ...firehoseTarget },
          ],
        ]);
      },
    );

    it('absent and disabled, repeated after a propagation error on the update: does not create twice', async () => {
      aws.sms.on(CreateEventDestinationCommand).resolves({});
      aws.sms.on(UpdateEventDestinationCommand).rejectsOnce(propagationError()).resolves({});
      const target = targetOf(firehoseProps({ Enabled: 'false' }));
      const write = target.write(undefined);
      const error = await rejection(write.attempt(ctx(), ROLE), AwsCallError);
      expect(target.isPropagationError(error)).toBe(true);
      await write.attempt(ctx(), ROLE);
      expect(aws.sms.commandCalls(CreateEventDestinationCommand)).toHaveLength(1);
      expect(aws.sms.commandCalls(UpdateEventDestinationCommand)).toHaveLength(2);
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

    it('a type change repeated after propagation errors neither deletes nor creates twice', async () => {
      aws.sms.on(DeleteEventDestinationCommand).resolves({});
      aws.sms.on(CreateEventDestinationCommand).rejectsOnce(propagationError()).resolves({});
      aws.sms.on(UpdateEventDestinationCommand).rejectsOnce(propagationError()).resolves({});
      const write = targetOf(logsProps({ Enabled: 'false' })).write(current('firehose', OLD_ROLE));
      await rejection(write.attempt(ctx(), ROLE), AwsCallError); // create: not yet
      await rejection(write.attempt(ctx(), ROLE), AwsCallError); // created; disabling: not yet
      await write.attempt(ctx(), ROLE);
      expect(aws.sms.commandCalls(DeleteEventDestinationCommand)).toHaveLength(1);
      expect(aws.sms.commandCalls(CreateEventDestinationCommand)).toHaveLength(2); // the first one failed
      expect(aws.sms.commandCalls(UpdateEventDestinationCommand)).toHaveLength(2);
      expect(calls().at(-1)).toEqual([
        'UpdateEventDestinationCommand',
        { ...names, Enabled: false, MatchingEventTypes: ['ALL'], ...logsTarget },
      ]);
    });
  });

  it('remove: DeleteEventDestination; already gone is fine', async () => {
    aws.sms.on(DeleteEventDestinationCommand).rejects(smsError.notFound());
    await expect(targetOf().remove(ctx())).resolves.toBeUndefined();
    expect(calls()).toEqual([['DeleteEventDestinationCommand', names]]);
  });

  it('remove: any other error fails', async () => {
    aws.sms.on(DeleteEventDestinationCommand).rejects(smsError.validation('bad'));
    await rejection(targetOf().remove(ctx()), AwsCallError);
  });

  it('isPropagationError: ValidationException "Could not access ... IAM role" or "Could not assume IAM role", nothing else', () => {
    const target = targetOf();
    expect(target.isPropagationError(wrap(propagationError()))).toBe(true);
    expect(
      target.isPropagationError(
        wrap(smsError.validation(`Could not access CloudWatch log group ${LOG_GROUP_ARN} with IAM role ${ROLE}`)),
      ),
    ).toBe(true);
    expect(target.isPropagationError(wrap(smsError.validation(`Could not assume IAM role ${ROLE}`)))).toBe(true);
    expect(target.isPropagationError(wrap(smsError.validation('Could not access the delivery stream')))).toBe(false);
    expect(target.isPropagationError(wrap(smsError.validation('Invalid MatchingEventTypes')))).toBe(false);
    expect(target.isPropagationError(wrap(smsError.notFound()))).toBe(false);
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

  it('the quota of 5 destinations per configuration set: a ValidationError naming ConfigurationSetName, saying 5', () => {
    const explained = targetOf().explain(wrap(smsError.quota('EVENT_DESTINATIONS_PER_CONFIGURATION_SET')));
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ConfigurationSetName');
    expect((explained as Error).message).toBe(
      'ConfigurationSetName: configuration set marketing already has the most event destinations the service allows (5); remove one or use another configuration set',
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
    [
      'a propagation DeadlineError',
      () => new DeadlineError('sms-voice:CreateEventDestination still could not use the new role'),
    ],
    ['a plain Error', () => new Error('network')],
  ])('%s passes through unchanged', (_label, make) => {
    const error = make();
    expect(targetOf().explain(error)).toBe(error);
  });
});
