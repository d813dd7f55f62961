import { DescribeConfigurationSetsCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, UnsupportedRequestError } from '../../../src/errors.js';
import { smsFirehosePolicy, smsLogsPolicy, smsVoiceTrust } from '../../../src/policies.js';
import type { Target, TargetState } from '../../../src/resources/kind.js';
import type * as SmsVoiceEventDestination from '../../../src/resources/sms-voice-event-destination.js';
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
import { describeKindTarget, ROLE, type Sent } from './event-destination-kind.js';

// The module under test, loaded afresh for each test (its property list and patterns are top-level): see fresh().
let smsVoiceEventDestination: typeof SmsVoiceEventDestination.smsVoiceEventDestination;
beforeEach(
  async () =>
    ({ smsVoiceEventDestination } = await fresh(() => import('../../../src/resources/sms-voice-event-destination.js'))),
);

type Raw = Record<string, unknown>;
const OLD_ROLE = 'arn:aws:iam::123456789012:role/old';
const firehoseProps = (overrides: Raw = {}): Raw => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  ConfigurationSetName: CONFIG_SET,
  DestinationStreamArn: FIREHOSE_ARN,
  ...overrides,
});
const logsProps = (overrides: Raw = {}) =>
  firehoseProps({ DestinationStreamArn: undefined, LogGroupArn: LOG_GROUP_ARN, ...overrides });
const parse = (raw: Raw = firehoseProps(), on = stack()) => smsVoiceEventDestination.parse(raw, on);
const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' };
const SHAPE = 'is not an event type (upper-case letters and _, e.g. ALL, TEXT_DELIVERED)';

const validation = (message: string) => awsError('ValidationException', message, { Reason: 'OTHER' });
const wrap = (error: unknown) => new AwsCallError('sms-voice:CreateEventDestination', error);
const quota = (Reason: string) => awsError('ServiceQuotaExceededException', 'quota', { status: 402, Reason });

describe('Custom::SmsVoiceEventDestination: properties', () => {
  it('lists the accepted properties', () => {
    expect([...smsVoiceEventDestination.properties].sort()).toEqual([
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
    ]);
  });

  it('the plan to Firehose: the shared names as binding and Data, SMS and voice trust, Firehose writer', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual(names);
    expect(plan.data).toEqual(names);
    expect(plan.trust).toEqual(smsVoiceTrust(stack(), CONFIG_SET));
    expect(plan.permissions).toEqual(smsFirehosePolicy(FIREHOSE_ARN));
    expect(plan.target?.description).toBe(
      'event destination MyEventStream of SMS and voice configuration set marketing',
    );
  });

  it('to CloudWatch Logs: the log streams of exactly that log group, given with or without a trailing ":*"', () => {
    expect(parse(logsProps()).permissions).toEqual(smsLogsPolicy(LOG_GROUP_ARN));
    expect(parse(logsProps({ LogGroupArn: `${LOG_GROUP_ARN}:*` })).permissions).toEqual(smsLogsPolicy(LOG_GROUP_ARN));
  });

  it('takes partition and region from the stack (aws-us-gov)', () => {
    const DestinationStreamArn = 'arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d';
    const plan = parse(firehoseProps({ ConfigurationSetName: 'ops', DestinationStreamArn }), stack(GOV_STACK_ID));
    expect(plan.trust).toEqual(smsVoiceTrust(stack(GOV_STACK_ID), 'ops'));
  });

  it.each([
    ['valid properties', firehoseProps()],
    ['an unknown property', { Nonsense: 1 }],
  ])('is not offered in aws-cn, before any property is read: %s', (_label, raw) => {
    expect(() => parse(raw, stack(CN_STACK_ID))).toThrow(
      new UnsupportedRequestError(
        'Custom::SmsVoiceEventDestination: AWS End User Messaging SMS and voice is not offered in partition aws-cn',
      ),
    );
  });

  it('binding: ConfigurationSetName and EventDestinationName; destination, types, Enabled in place', () => {
    expect(parse(logsProps({ MatchingEventTypes: ['TEXT_ALL'], Enabled: 'false' })).binding).toEqual(names);
    expect(parse(firehoseProps({ EventDestinationName: 'x' })).binding).toEqual({
      ...names,
      EventDestinationName: 'x',
    });
  });

  // The common and destination properties are pinned by properties*.test.ts and event-destination.test.ts.
  it.each<[string, Raw, string]>([
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
    [
      'LogGroupArn',
      { DestinationStreamArn: undefined, LogGroupArn: 'arn:aws:logs:us-east-1:210987654321:log-group:g' },
      'account 123456789012',
    ],
    [
      'LogGroupArn',
      { DestinationStreamArn: undefined, LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:*' },
      'log-group:<name>',
    ],
    ['MatchingEventTypes', { MatchingEventTypes: ['TEXT_1'] }, SHAPE],
    ['MatchingEventTypes', { MatchingEventTypes: ['TEXT-DELIVERED'] }, SHAPE],
    ['MatchingEventTypes', { MatchingEventTypes: ['A'.repeat(65)] }, SHAPE],
    ['MatchingEventTypes', { MatchingEventTypes: ['ALL', 'ALL'] }, '"ALL" is listed twice'],
    ['MatchingEventTypes', { MatchingEventTypes: 'ALL' }, 'must be a non-empty list'],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(firehoseProps(overrides)));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it.each<[string, Raw, string]>([
    [
      'both destinations',
      firehoseProps({ LogGroupArn: LOG_GROUP_ARN }),
      'DestinationStreamArn, LogGroupArn: give exactly one of DestinationStreamArn (a Firehose delivery stream) ' +
        'or LogGroupArn',
    ],
    [
      'neither destination',
      { ConfigurationSetName: CONFIG_SET },
      'DestinationStreamArn: give exactly one of DestinationStreamArn (a Firehose delivery stream) or LogGroupArn',
    ],
    [
      'a Kinesis data stream',
      firehoseProps({ DestinationStreamArn: KINESIS_ARN }),
      'DestinationStreamArn: kinesis streams are not supported here (AWS End User Messaging SMS and voice ' +
        'supports Firehose delivery streams only); must be ' +
        'arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    ],
    [
      'an event type in lower case',
      firehoseProps({ MatchingEventTypes: ['text_delivered'] }),
      `MatchingEventTypes: "text_delivered" ${SHAPE}`,
    ],
  ])('%s: the whole reason, naming the property', (_label, raw, reason) => {
    const error = invalid(() => parse(raw));
    expect(error.property).toBe(reason.slice(0, reason.indexOf(': ')));
    expect(error.message).toBe(reason);
  });
});

const toFirehose = { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE } };
const toLogs = { CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE } };
const CREATE = 'sms-voice:CreateEventDestination';
const RECREATE = `sms-voice:DeleteEventDestination + ${CREATE}`;
/** What the lifecycle hands back to write(): what read() returned. */
const current = (type: string): TargetState => ({ type, roleArn: OLD_ROLE }) as TargetState;
const created = (types: string[], to: object): Sent => [
  'CreateEventDestination',
  { ...names, MatchingEventTypes: types, ...to },
];
const updated = (Enabled: boolean, types: string[], to: object): Sent => [
  'UpdateEventDestination',
  { ...names, Enabled, MatchingEventTypes: types, ...to },
];
const NEW_TYPES = ['TEXT_DELIVERED', 'RCS_READ', 'VOICE_ANSWERED', 'MEDIA_ALL', 'A'.repeat(64)];

describe('Custom::SmsVoiceEventDestination', () => {
  describeKindTarget({
    target: (raw) => parse(firehoseProps(raw)).target as Target,
    client: (aws) => aws.sms,
    read: {
      command: DescribeConfigurationSetsCommand,
      answer: {
        ConfigurationSets: [
          {
            ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${CONFIG_SET}`,
            ConfigurationSetName: CONFIG_SET,
            EventDestinations: [
              { EventDestinationName: 'MyEventStream', Enabled: true, MatchingEventTypes: ['ALL'], ...toFirehose },
            ],
            CreatedTimestamp: new Date(0),
          },
        ],
      },
      state: { type: 'firehose', roleArn: ROLE },
      sent: ['DescribeConfigurationSets', { ConfigurationSetNames: [CONFIG_SET] }],
    },
    writes: [
      ['absent and enabled: CreateEventDestination only', {}, undefined, CREATE, [created(['ALL'], toFirehose)]],
      [
        'absent, to CloudWatch Logs: the log group without ":*"',
        logsProps({ LogGroupArn: `${LOG_GROUP_ARN}:*`, MatchingEventTypes: ['TEXT_ALL'] }),
        undefined,
        CREATE,
        [created(['TEXT_ALL'], toLogs)],
      ],
      [
        'absent, with event types of any name of the shape (the service keeps adding them)',
        { MatchingEventTypes: NEW_TYPES },
        undefined,
        CREATE,
        [created(NEW_TYPES, toFirehose)],
      ],
      [
        'absent and disabled: created, then updated with Enabled false (the service creates enabled)',
        { Enabled: 'false' },
        undefined,
        CREATE,
        [created(['ALL'], toFirehose), updated(false, ['ALL'], toFirehose)],
      ],
      [
        'present with the same type: UpdateEventDestination in place',
        logsProps({ MatchingEventTypes: ['VOICE_ALL'] }),
        current('logs'),
        'sms-voice:UpdateEventDestination',
        [updated(true, ['VOICE_ALL'], toLogs)],
      ],
      ...(
        [
          ['Firehose -> CloudWatch Logs', logsProps(), 'firehose', toLogs],
          ['CloudWatch Logs -> Firehose', {}, 'logs', toFirehose],
          ['SNS -> Firehose', {}, 'sns', toFirehose],
        ] as const
      ).map(
        ([label, raw, from, to]) =>
          [
            `a type change (${label}): deletes the destination, then creates it again under the same name`,
            raw,
            current(from),
            RECREATE,
            [['DeleteEventDestination', names], created(['ALL'], to)],
          ] as const,
      ),
    ],
    remove: ['DeleteEventDestination', names],
    propagation: [
      wrap(validation(`Could not access Firehose ${FIREHOSE_ARN} using IAM role ${ROLE}`)),
      wrap(validation('Invalid MatchingEventTypes')),
    ],
    explains: [
      [
        'ResourceNotFound: a ValidationError naming ConfigurationSetName',
        () => wrap(awsError('ResourceNotFoundException', 'Configuration set marketing not found', { status: 404 })),
        'ConfigurationSetName: SMS and voice configuration set marketing does not exist in this account and Region',
      ],
      [
        'an event type the service rejects: a ValidationError naming MatchingEventTypes, with the service’s message',
        () => wrap(validation("Value 'TEXT_NEW' at 'matchingEventTypes.1' failed to satisfy constraint")),
        'MatchingEventTypes: rejected by AWS End User Messaging SMS and voice: ' +
          "Value 'TEXT_NEW' at 'matchingEventTypes.1' failed to satisfy constraint",
      ],
      [
        'the quota of 5 destinations per configuration set: naming ConfigurationSetName, saying 5',
        () => wrap(quota('EVENT_DESTINATIONS_PER_CONFIGURATION_SET')),
        'ConfigurationSetName: configuration set marketing already has the most event destinations the service ' +
          'allows (5); remove one or use another configuration set',
      ],
      ['another quota passes through unchanged', () => wrap(quota('CONFIGURATION_SETS_PER_ACCOUNT')), undefined],
      ['another ValidationException passes through', () => wrap(validation('Destination ARN is invalid')), undefined],
      [
        'a type mismatch conflict passes through',
        () => wrap(awsError('ConflictException', 'mismatch', { status: 409, Reason: 'EVENT_DESTINATION_MISMATCH' })),
        undefined,
      ],
      [
        'a propagation DeadlineError passes through',
        () => new DeadlineError('sms-voice:CreateEventDestination still could not'),
        undefined,
      ],
      ['a plain Error passes through', () => new Error('network'), undefined],
    ],
  });
});
