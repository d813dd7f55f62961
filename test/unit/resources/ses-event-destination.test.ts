import { BadRequestException, NotFoundException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { AwsCallError, ValidationError } from '../../../src/errors.js';
import { sesTrust, streamWriterPolicy } from '../../../src/policies.js';
import { sesEventDestination } from '../../../src/resources/ses-event-destination.js';
import { FIREHOSE_ARN, KINESIS_ARN, KMS_KEY_ARN, STACK, stackFor, STACK_ID } from '../fixtures.js';

function invalid(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const ALL = ['SEND', 'REJECT', 'BOUNCE', 'COMPLAINT', 'DELIVERY', 'OPEN', 'CLICK', 'RENDERING_FAILURE', 'DELIVERY_DELAY', 'SUBSCRIPTION'];
const parse = (overrides: Record<string, unknown> = {}, stack = STACK) =>
  sesEventDestination.parse({ ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', ConfigurationSetName: 'transactional', DestinationStreamArn: FIREHOSE_ARN, ...overrides }, stack);

describe('Custom::PinpointEventStream (ConfigurationSetName): properties', () => {
  it('defaults: EventDestinationName = LogicalResourceId, all event types, enabled', () => {
    expect(parse()).toEqual({
      roleName: undefined,
      rolePath: '/',
      permissionsBoundary: undefined,
      tags: [],
      configurationSetName: 'transactional',
      eventDestinationName: 'MyEventStream',
      destination: { kind: 'firehose', arn: FIREHOSE_ARN },
      matchingEventTypes: ALL,
      enabled: true,
      kmsKeyArn: undefined,
      replaceExistingStream: false,
    });
  });

  it('reads every property', () => {
    expect(parse({ EventDestinationName: 'to-firehose', MatchingEventTypes: ['BOUNCE', 'COMPLAINT'], Enabled: 'false', KmsKeyArn: KMS_KEY_ARN })).toMatchObject({
      eventDestinationName: 'to-firehose',
      matchingEventTypes: ['BOUNCE', 'COMPLAINT'],
      enabled: false,
      kmsKeyArn: KMS_KEY_ARN,
    });
  });

  it.each([
    ['ConfigurationSetName', { ConfigurationSetName: 'has space' }],
    ['ConfigurationSetName', { ConfigurationSetName: '' }],
    ['EventDestinationName', { EventDestinationName: 'x'.repeat(65) }],
    ['DestinationStreamArn', { DestinationStreamArn: KINESIS_ARN }],
    ['DestinationStreamArn', { DestinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*' }],
    ['MatchingEventTypes', { MatchingEventTypes: ['SEND', 'ENGAGEMENT'] }],
    ['MatchingEventTypes', { MatchingEventTypes: ['send'] }],
    ['MatchingEventTypes', { MatchingEventTypes: ['SEND', 'SEND'] }],
    ['MatchingEventTypes', { MatchingEventTypes: [] }],
    ['MatchingEventTypes', { MatchingEventTypes: 'SEND' }],
    ['Enabled', { Enabled: 'maybe' }],
    ['KmsKeyArn', { KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/a' }],
    ['ApplicationId', { ApplicationId: 'a' }],
  ])('names %s when it is wrong', (property, overrides) => {
    expect(invalid(() => parse(overrides)).property).toBe(property);
  });

  it('an unknown event type is named, listing the accepted ones', () => {
    const error = invalid(() => parse({ MatchingEventTypes: ['ENGAGEMENT'] }));
    expect(error.message).toContain('ENGAGEMENT');
    for (const type of ALL) expect(error.message).toContain(type);
  });

  it('a Kinesis stream is refused with a reason saying SES writes to Firehose only', () => {
    expect(invalid(() => parse({ DestinationStreamArn: KINESIS_ARN })).message).toMatch(/Firehose/);
  });

  it('a logical id over 64 characters needs an EventDestinationName', () => {
    const stack = stackFor(STACK_ID, 'L'.repeat(65));
    expect(invalid(() => parse({}, stack)).property).toBe('EventDestinationName');
    expect(parse({ EventDestinationName: 'short' }, stack).eventDestinationName).toBe('short');
  });

  it('binding: ConfigurationSetName and EventDestinationName (replacement); the rest is in place', () => {
    expect(sesEventDestination.binding(parse())).toEqual({ ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' });
    expect(sesEventDestination.binding(parse({ MatchingEventTypes: ['SEND'], Enabled: 'false', KmsKeyArn: KMS_KEY_ARN }))).toEqual(sesEventDestination.binding(parse()));
  });

  it('policies: SES trust and the Firehose writer', () => {
    const props = parse({ KmsKeyArn: KMS_KEY_ARN });
    expect(sesEventDestination.trustPolicy(props, STACK)).toEqual(sesTrust(STACK));
    expect(sesEventDestination.permissionsPolicy(props, STACK)).toEqual(streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, KMS_KEY_ARN));
  });

  it('data: ConfigurationSetName and EventDestinationName', () => {
    expect(sesEventDestination.data(parse())).toEqual({ ConfigurationSetName: 'transactional', EventDestinationName: 'MyEventStream' });
  });

  it('applyCall: Create when absent, Update when present', () => {
    expect(sesEventDestination.target?.applyCall(false)).toBe('ses:CreateConfigurationSetEventDestination');
    expect(sesEventDestination.target?.applyCall(true)).toBe('ses:UpdateConfigurationSetEventDestination');
  });

  it('explain: NotFound names ConfigurationSetName; anything else is kept', () => {
    const explained = sesEventDestination.target?.explain(new AwsCallError('x', new NotFoundException({ message: 'no', $metadata: {} })), parse());
    expect((explained as ValidationError).property).toBe('ConfigurationSetName');
    const other = new AwsCallError('x', new BadRequestException({ message: 'no', $metadata: {} }));
    expect(sesEventDestination.target?.explain(other, parse())).toBe(other);
  });
});
