import {
  type ConfigurationSetInformation,
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  type EventDestination,
  UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSmsEventDestination,
  deleteSmsEventDestination,
  getSmsEventDestination,
  isSmsDestinationQuota,
  isSmsEventTypeRejection,
  isSmsNotFound,
  isSmsPropagationError,
  type SmsEventDestination,
  updateSmsEventDestination,
} from '../../../src/aws/sms-voice.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, type MockedClients, mockedClients } from '../account.js';
import { awsError, CONFIG_SET, FIREHOSE_ARN, LOG_GROUP_ARN } from '../fixtures.js';

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:topic';

const notFound = () => awsError('ResourceNotFoundException', 'Configuration set not found', { status: 404 });
const validation = (message: string, fields?: { Name: string; Message: string }[], reason?: string) =>
  awsError('ValidationException', message, { Reason: reason, Fields: fields });
const wrap = (cause: unknown) => new AwsCallError('sms-voice:CreateEventDestination', cause);

function set(name: string, destinations: EventDestination[]): ConfigurationSetInformation {
  return {
    ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${name}`,
    ConfigurationSetName: name,
    EventDestinations: destinations,
    CreatedTimestamp: new Date(0),
  };
}

function destination(name: string, target: Partial<EventDestination>): EventDestination {
  return { EventDestinationName: name, Enabled: true, MatchingEventTypes: ['ALL'], ...target };
}

const firehose = (overrides: Partial<SmsEventDestination> = {}): SmsEventDestination => ({
  destination: { type: 'firehose', deliveryStreamArn: FIREHOSE_ARN },
  matchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
  enabled: true,
  roleArn: ROLE,
  ...overrides,
});
const logs = (overrides: Partial<SmsEventDestination> = {}): SmsEventDestination =>
  firehose({ destination: { type: 'logs', logGroupArn: LOG_GROUP_ARN }, ...overrides });

describe('getSmsEventDestination', () => {
  it('describes just the one configuration set by name', async () => {
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({ ConfigurationSets: [set(CONFIG_SET, [])] });
    await getSmsEventDestination(ctx, CONFIG_SET, 'mine');
    expect(aws.sms.commandCalls(DescribeConfigurationSetsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetNames: [CONFIG_SET],
    });
  });

  it.each([
    [
      'a Firehose destination',
      { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:mine' } },
      { type: 'firehose', roleArn: 'arn:mine' },
    ],
    [
      'a CloudWatch Logs destination',
      { CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: 'arn:mine' } },
      { type: 'logs', roleArn: 'arn:mine' },
    ],
    ['an SNS destination (no role)', { SnsDestination: { TopicArn: TOPIC } }, { type: 'sns' }],
    ['a destination of a type this code does not know', {}, { type: 'unknown' }],
  ])('reports %s with its type and role', async (_label, target, expected) => {
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [
        set(CONFIG_SET, [
          destination('other', {
            KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:other' },
          }),
          destination('mine', target),
        ]),
      ],
    });
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toEqual(expected);
  });

  it('is undefined when the answer lists the set without any destination', async () => {
    const { EventDestinations: _none, ...bare } = set(CONFIG_SET, []);
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({ ConfigurationSets: [bare as ConfigurationSetInformation] });
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
  });

  it('is undefined when the set has no destination of that name', async () => {
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [set(CONFIG_SET, [destination('other', { SnsDestination: { TopicArn: TOPIC } })])],
    });
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
  });

  it('reads only the set of that name, not another one in the answer', async () => {
    aws.sms.on(DescribeConfigurationSetsCommand).resolves({
      ConfigurationSets: [
        set('another', [
          destination('mine', { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:x' } }),
        ]),
      ],
    });
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
  });

  it('is undefined when the configuration set does not exist', async () => {
    aws.sms
      .on(DescribeConfigurationSetsCommand)
      .resolvesOnce({ ConfigurationSets: [] })
      .resolvesOnce({})
      .rejects(notFound());
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
  });

  it('throws other errors naming the call', async () => {
    aws.sms.on(DescribeConfigurationSetsCommand).rejects(awsError('AccessDeniedException', 'no', { status: 403 }));
    await expect(getSmsEventDestination(ctx, CONFIG_SET, 'mine')).rejects.toThrow(
      /^sms-voice:DescribeConfigurationSets failed: AccessDeniedException/,
    );
  });
});

describe('createSmsEventDestination', () => {
  it('sends a Firehose destination, without Enabled (the service has no such parameter on create)', async () => {
    aws.sms.on(CreateEventDestinationCommand).resolves({});
    await createSmsEventDestination(ctx, CONFIG_SET, 'mine', firehose({ enabled: false }));
    const input = aws.sms.commandCalls(CreateEventDestinationCommand)[0]?.args[0].input;
    expect(input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'mine',
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
      KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
    });
    expect(input).not.toHaveProperty('Enabled');
  });

  it('sends a CloudWatch Logs destination', async () => {
    aws.sms.on(CreateEventDestinationCommand).resolves({});
    await createSmsEventDestination(ctx, CONFIG_SET, 'mine', logs({ matchingEventTypes: ['ALL'] }));
    expect(aws.sms.commandCalls(CreateEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'mine',
      MatchingEventTypes: ['ALL'],
      CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE },
    });
  });

  it('passes event types the SDK does not list yet unchanged', async () => {
    aws.sms.on(CreateEventDestinationCommand).resolves({});
    await createSmsEventDestination(ctx, CONFIG_SET, 'mine', firehose({ matchingEventTypes: ['RCS_SOMETHING_NEW'] }));
    expect(aws.sms.commandCalls(CreateEventDestinationCommand)[0]?.args[0].input.MatchingEventTypes).toEqual([
      'RCS_SOMETHING_NEW',
    ]);
  });

  it('throws errors naming the call', async () => {
    aws.sms.on(CreateEventDestinationCommand).rejects(validation('bad'));
    const error = await createSmsEventDestination(ctx, CONFIG_SET, 'mine', firehose()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect((error as AwsCallError).call).toBe('sms-voice:CreateEventDestination');
  });
});

describe('updateSmsEventDestination', () => {
  it.each([true, false])('sends Enabled=%s with the Firehose destination', async (enabled) => {
    aws.sms.on(UpdateEventDestinationCommand).resolves({});
    await updateSmsEventDestination(ctx, CONFIG_SET, 'mine', firehose({ enabled }));
    expect(aws.sms.commandCalls(UpdateEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'mine',
      Enabled: enabled,
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
      KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
    });
  });

  it('sends Enabled with the CloudWatch Logs destination', async () => {
    aws.sms.on(UpdateEventDestinationCommand).resolves({});
    await updateSmsEventDestination(ctx, CONFIG_SET, 'mine', logs({ enabled: false }));
    expect(aws.sms.commandCalls(UpdateEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'mine',
      Enabled: false,
      MatchingEventTypes: ['TEXT_DELIVERED', 'VOICE_COMPLETED'],
      CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE },
    });
  });

  it('throws errors naming the call (a missing destination is not swallowed)', async () => {
    aws.sms.on(UpdateEventDestinationCommand).rejects(notFound());
    const error = await updateSmsEventDestination(ctx, CONFIG_SET, 'mine', firehose()).catch((e: unknown) => e);
    expect((error as AwsCallError).call).toBe('sms-voice:UpdateEventDestination');
    expect(isSmsNotFound(error)).toBe(true);
  });
});

describe('deleteSmsEventDestination', () => {
  it('sends set and name', async () => {
    aws.sms.on(DeleteEventDestinationCommand).resolves({});
    await deleteSmsEventDestination(ctx, CONFIG_SET, 'mine');
    expect(aws.sms.commandCalls(DeleteEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'mine',
    });
  });

  it('treats an absent destination or set as done, not other errors', async () => {
    aws.sms
      .on(DeleteEventDestinationCommand)
      .rejectsOnce(notFound())
      .rejects(awsError('AccessDeniedException', 'no', { status: 403 }));
    await expect(deleteSmsEventDestination(ctx, CONFIG_SET, 'mine')).resolves.toBeUndefined();
    await expect(deleteSmsEventDestination(ctx, CONFIG_SET, 'mine')).rejects.toThrow(
      /^sms-voice:DeleteEventDestination failed: AccessDeniedException/,
    );
  });
});

describe('isSmsNotFound', () => {
  it('is true for a wrapped ResourceNotFoundException only', () => {
    expect(isSmsNotFound(wrap(notFound()))).toBe(true);
    expect(isSmsNotFound(wrap(validation('not found')))).toBe(false);
    expect(isSmsNotFound(notFound())).toBe(false);
  });
});

describe('isSmsPropagationError', () => {
  it.each([
    `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN} using IAM role ${ROLE}.`,
    `Could not access CloudWatch Logs log group ${LOG_GROUP_ARN} using IAM role ${ROLE}`,
    `Could not assume IAM role ${ROLE}`,
    `could not access cloudwatch logs log group ${LOG_GROUP_ARN} using iam role ${ROLE}`,
  ])('is true for ValidationException %j', (message) => {
    expect(isSmsPropagationError(wrap(validation(message)))).toBe(true);
  });

  it.each([
    'Invalid event destination name',
    `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN}`,
    '1 validation error detected: Value at matchingEventTypes failed to satisfy constraint',
    'IAM role is not valid',
  ])('is false for another ValidationException: %j', (message) => {
    expect(isSmsPropagationError(wrap(validation(message)))).toBe(false);
  });

  it('is false for the same message on another error code', () => {
    expect(isSmsPropagationError(wrap(awsError('AccessDeniedException', `Could not assume IAM role ${ROLE}`)))).toBe(
      false,
    );
    expect(isSmsPropagationError(wrap(awsError('ConflictException', `Could not assume IAM role ${ROLE}`)))).toBe(false);
  });

  it('is false for unwrapped errors', () => {
    expect(isSmsPropagationError(validation(`Could not assume IAM role ${ROLE}`))).toBe(false);
    expect(isSmsPropagationError(undefined)).toBe(false);
  });
});

describe('isSmsEventTypeRejection', () => {
  it.each(['MatchingEventTypes', 'matchingEventTypes', 'MATCHINGEVENTTYPES', 'MatchingEventTypes[0]'])(
    'is true for a ValidationException whose Fields name %s',
    (name) => {
      expect(
        isSmsEventTypeRejection(
          wrap(
            validation(
              'Invalid request',
              [{ Name: name, Message: 'Member must satisfy enum value set' }],
              'FIELD_VALIDATION_FAILED',
            ),
          ),
        ),
      ).toBe(true);
    },
  );

  it('is true when one of several Fields names MatchingEventTypes', () => {
    const fields = [
      { Name: 'EventDestinationName', Message: 'ok' },
      { Name: 'MatchingEventTypes', Message: 'bad' },
    ];
    expect(isSmsEventTypeRejection(wrap(validation('Invalid request', fields)))).toBe(true);
  });

  it('is true for a ValidationException whose message names matchingEventTypes', () => {
    expect(
      isSmsEventTypeRejection(
        wrap(
          validation(
            "1 validation error detected: Value '[TEXT_BOGUS]' at 'matchingEventTypes' failed to satisfy constraint",
          ),
        ),
      ),
    ).toBe(true);
  });

  it('is false for a ValidationException about another field', () => {
    expect(
      isSmsEventTypeRejection(
        wrap(validation('Invalid request', [{ Name: 'EventDestinationName', Message: 'too long' }])),
      ),
    ).toBe(false);
    expect(isSmsEventTypeRejection(wrap(validation('Invalid request')))).toBe(false);
  });

  it('is false for a propagation error', () => {
    expect(
      isSmsEventTypeRejection(
        wrap(validation(`Could not assume IAM role ${ROLE}`, [{ Name: 'MatchingEventTypes', Message: 'x' }])),
      ),
    ).toBe(false);
  });

  it('is false for another error code, or unwrapped', () => {
    expect(isSmsEventTypeRejection(wrap(awsError('ConflictException', 'MatchingEventTypes conflict')))).toBe(false);
    expect(
      isSmsEventTypeRejection(validation('Invalid request', [{ Name: 'MatchingEventTypes', Message: 'bad' }])),
    ).toBe(false);
  });
});

describe('isSmsDestinationQuota', () => {
  const quota = (reason?: string) =>
    wrap(awsError('ServiceQuotaExceededException', 'quota exceeded', { status: 402, Reason: reason }));

  it('is true for ServiceQuotaExceededException EVENT_DESTINATIONS_PER_CONFIGURATION_SET', () => {
    expect(isSmsDestinationQuota(quota('EVENT_DESTINATIONS_PER_CONFIGURATION_SET'))).toBe(true);
  });

  it('is false for another quota, or none named', () => {
    expect(isSmsDestinationQuota(quota('CONFIGURATION_SETS_PER_ACCOUNT'))).toBe(false);
    expect(isSmsDestinationQuota(quota())).toBe(false);
  });

  it('is false for the same Reason on another error code, or unwrapped', () => {
    const Reason = 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET';
    expect(isSmsDestinationQuota(wrap(awsError('ConflictException', 'x', { Reason })))).toBe(false);
    expect(isSmsDestinationQuota(awsError('ServiceQuotaExceededException', 'x', { Reason }))).toBe(false);
  });
});
