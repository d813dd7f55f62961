import {
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  type EventDestination,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { describe, expect, it } from 'vitest';
import * as smsVoice from '../../../src/aws/sms-voice.js';
import { awsError, CONFIG_SET, FIREHOSE_ARN, LOG_GROUP_ARN, wrapped } from '../fixtures.js';
import { callsOn, describeDestinationCalls } from './event-destination-calls.js';

const { isSmsDestinationQuota, isSmsEventTypeRejection } = smsVoice;
const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const call = callsOn((aws) => aws.sms);
const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'mine' };
const TYPES = ['TEXT_DELIVERED', 'VOICE_COMPLETED'];
const toFirehose = { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE } };
const toLogs = { CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE } };

/** The wanted destination (to Firehose unless `logs`), as the kind hands it over. */
const wanted = ({ logs = false, enabled = true, matchingEventTypes = TYPES } = {}): smsVoice.SmsEventDestination => ({
  destination: logs
    ? { type: 'logs', logGroupArn: LOG_GROUP_ARN }
    : { type: 'firehose', deliveryStreamArn: FIREHOSE_ARN },
  matchingEventTypes,
  enabled,
  roleArn: ROLE,
});
const create = (d = wanted()) =>
  call('sms-voice:CreateEventDestination', CreateEventDestinationCommand, (ctx) =>
    smsVoice.createSmsEventDestination(ctx, CONFIG_SET, 'mine', d),
  );
const update = (d = wanted()) =>
  call('sms-voice:UpdateEventDestination', UpdateEventDestinationCommand, (ctx) =>
    smsVoice.updateSmsEventDestination(ctx, CONFIG_SET, 'mine', d),
  );
const get = call('sms-voice:DescribeConfigurationSets', DescribeConfigurationSetsCommand, (ctx) =>
  smsVoice.getSmsEventDestination(ctx, CONFIG_SET, 'mine'),
);
const remove = call('sms-voice:DeleteEventDestination', DeleteEventDestinationCommand, (ctx) =>
  smsVoice.deleteSmsEventDestination(ctx, CONFIG_SET, 'mine'),
);

/** A DescribeConfigurationSets answer listing the set `name` with these destinations. */
function setOf(name: string, destinations?: EventDestination[]) {
  const set = {
    ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${name}`,
    ConfigurationSetName: name,
    CreatedTimestamp: new Date(0),
  };
  return { ConfigurationSets: [destinations ? { ...set, EventDestinations: destinations } : set] };
}
const destination = (name: string, target: Partial<EventDestination>): EventDestination => ({
  EventDestinationName: name,
  Enabled: true,
  MatchingEventTypes: ['ALL'],
  ...target,
});
const other = destination('other', {
  KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'x' },
});
const TOPIC = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:topic' };
/** The answer with `mine` (of this target) after another destination. */
const mine = (target: Partial<EventDestination>) => setOf(CONFIG_SET, [other, destination('mine', target)]);

describe('SMS and voice event destination calls', () => {
  describeDestinationCalls({
    notFound: 'ResourceNotFoundException',
    get,
    found: [
      [
        'a Firehose destination, with its type and role',
        mine({ KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:mine' } }),
        { type: 'firehose', roleArn: 'arn:mine' },
      ],
      [
        'a CloudWatch Logs destination, with its type and role',
        mine({ CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: 'arn:mine' } }),
        { type: 'logs', roleArn: 'arn:mine' },
      ],
      ['an SNS destination (no role)', mine({ SnsDestination: TOPIC }), { type: 'sns' }],
      ['a destination of a type this code does not know', mine({}), { type: 'unknown' }],
    ],
    absent: [
      ['no configuration set in the answer', { ConfigurationSets: [] }],
      ['an empty answer', {}],
      ['the set listed without any destination', setOf(CONFIG_SET)],
      ['the set has no destination of that name', setOf(CONFIG_SET, [destination('other', { SnsDestination: TOPIC })])],
      ['only another set in the answer has one of that name', setOf('another', [destination('mine', toFirehose)])],
    ],
    create: create(),
    update: update(),
    remove,
    inputs: [
      ['get: just the one configuration set, by name', get, { ConfigurationSetNames: [CONFIG_SET] }],
      [
        'create to Firehose: no Enabled (the service has no such parameter on create)',
        create(wanted({ enabled: false })),
        { ...names, MatchingEventTypes: TYPES, ...toFirehose },
      ],
      [
        'create to CloudWatch Logs',
        create(wanted({ logs: true, matchingEventTypes: ['ALL'] })),
        { ...names, MatchingEventTypes: ['ALL'], ...toLogs },
      ],
      [
        'create: event types the SDK does not list yet, unchanged',
        create(wanted({ matchingEventTypes: ['RCS_SOMETHING_NEW'] })),
        { ...names, MatchingEventTypes: ['RCS_SOMETHING_NEW'], ...toFirehose },
      ],
      ['update to Firehose, enabled', update(), { ...names, Enabled: true, MatchingEventTypes: TYPES, ...toFirehose }],
      [
        'update to Firehose, disabled',
        update(wanted({ enabled: false })),
        { ...names, Enabled: false, MatchingEventTypes: TYPES, ...toFirehose },
      ],
      [
        'update to CloudWatch Logs, with Enabled',
        update(wanted({ logs: true, enabled: false })),
        { ...names, Enabled: false, MatchingEventTypes: TYPES, ...toLogs },
      ],
      ['delete: set and name', remove, names],
    ],
    isNotFound: smsVoice.isSmsNotFound,
    isPropagationError: smsVoice.isSmsPropagationError,
    propagation: {
      code: 'ValidationException',
      messages: [
        `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN} using IAM role ${ROLE}.`,
        `Could not access CloudWatch Logs log group ${LOG_GROUP_ARN} using IAM role ${ROLE}`,
        `Could not assume IAM role ${ROLE}`,
        `could not access cloudwatch logs log group ${LOG_GROUP_ARN} using iam role ${ROLE}`,
      ],
      others: [
        'Invalid event destination name',
        `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN}`,
        '1 validation error detected: Value at matchingEventTypes failed to satisfy constraint',
        'IAM role is not valid',
      ],
      otherCodes: ['AccessDeniedException', 'ConflictException'],
    },
  });
});

describe('isSmsEventTypeRejection', () => {
  const field = (Name: string, Message = 'Member must satisfy enum value set') => ({ Name, Message });
  const validation = (message: string, Fields?: { Name: string; Message: string }[], Reason?: string) =>
    wrapped('ValidationException', message, { Reason, Fields });
  const naming = (name: string) => validation('Invalid request', [field(name)], 'FIELD_VALIDATION_FAILED');
  it.each([
    ['Fields naming MatchingEventTypes', naming('MatchingEventTypes'), true],
    ['Fields naming matchingEventTypes', naming('matchingEventTypes'), true],
    ['Fields naming MATCHINGEVENTTYPES', naming('MATCHINGEVENTTYPES'), true],
    ['Fields naming MatchingEventTypes[0]', naming('MatchingEventTypes[0]'), true],
    [
      'one of several Fields naming MatchingEventTypes',
      validation('Invalid request', [field('EventDestinationName', 'ok'), field('MatchingEventTypes', 'bad')]),
      true,
    ],
    [
      'a message naming matchingEventTypes',
      validation(
        "1 validation error detected: Value '[TEXT_BOGUS]' at 'matchingEventTypes' failed to satisfy constraint",
      ),
      true,
    ],
    ['Fields naming another field', validation('Invalid request', [field('EventDestinationName', 'too long')]), false],
    ['no field named', validation('Invalid request'), false],
    [
      'a propagation message',
      validation(`Could not assume IAM role ${ROLE}`, [field('MatchingEventTypes', 'x')]),
      false,
    ],
    [
      'a propagation message naming matchingEventTypes',
      validation(`Could not assume IAM role ${ROLE} (matchingEventTypes)`),
      false,
    ],
    ['another error code', wrapped('ConflictException', 'MatchingEventTypes conflict'), false],
    ['unwrapped', awsError('ValidationException', 'Invalid request', { Fields: [field('MatchingEventTypes')] }), false],
  ])('a ValidationException with %s: %s', (_label, error, expected) => {
    expect(isSmsEventTypeRejection(error)).toBe(expected);
  });
});

describe('isSmsDestinationQuota', () => {
  const Reason = 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET';
  it.each([
    [
      'EVENT_DESTINATIONS_PER_CONFIGURATION_SET',
      wrapped('ServiceQuotaExceededException', 'quota', { status: 402, Reason }),
      true,
    ],
    [
      'another quota',
      wrapped('ServiceQuotaExceededException', 'quota', { Reason: 'CONFIGURATION_SETS_PER_ACCOUNT' }),
      false,
    ],
    ['no quota named', wrapped('ServiceQuotaExceededException', 'quota exceeded', { status: 402 }), false],
    ['that Reason on another error code', wrapped('ConflictException', 'x', { Reason }), false],
    ['that Reason, unwrapped', awsError('ServiceQuotaExceededException', 'x', { Reason }), false],
  ])('a ServiceQuotaExceededException with %s: %s', (_label, error, expected) => {
    expect(isSmsDestinationQuota(error)).toBe(expected);
  });
});
