import { describe, expect, it } from 'vitest';
import { UnsupportedRequestError, ValidationError } from '../../../src/errors.js';
import { EVENT_STREAM_TYPE, parseResource, resolveKind, SUPPORTED_RESOURCE_TYPES } from '../../../src/resources/index.js';
import { emailSendingRole } from '../../../src/resources/email-sending-role.js';
import { pinpointEventStream } from '../../../src/resources/pinpoint-event-stream.js';
import { sesEventDestination } from '../../../src/resources/ses-event-destination.js';
import { APP_ID, FIREHOSE_ARN, KINESIS_ARN, STACK } from '../fixtures.js';

describe('resolveKind', () => {
  it('Custom::PinpointEventStream with ApplicationId is the Pinpoint event stream kind', () => {
    expect(resolveKind(EVENT_STREAM_TYPE, { ApplicationId: APP_ID })).toBe(pinpointEventStream);
  });

  it.each(['AWS::CloudFormation::CustomResource', 'Custom::Other', 'Custom::pinpointeventstream', '', undefined, 42])(
    'rejects ResourceType %j with a reason listing the supported types',
    (type) => {
      let error: unknown;
      try {
        resolveKind(type, { ApplicationId: APP_ID });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedRequestError);
      expect((error as Error).message).toContain('supported: Custom::PinpointEventStream');
    },
  );

  it('the unsupported-type reason also lists Custom::PinpointEmailSendingRole', () => {
    expect(() => resolveKind('Custom::Other', {})).toThrow(/Custom::PinpointEmailSendingRole/);
  });

  it('supports the three kinds of the contract (two ResourceTypes)', () => {
    expect([...SUPPORTED_RESOURCE_TYPES].sort()).toEqual(['Custom::PinpointEmailSendingRole', 'Custom::PinpointEventStream']);
  });

  it('Custom::PinpointEventStream with ConfigurationSetName is the SES event destination kind', () => {
    expect(resolveKind(EVENT_STREAM_TYPE, { ConfigurationSetName: 'transactional', DestinationStreamArn: FIREHOSE_ARN })).toBe(sesEventDestination);
  });

  it('Custom::PinpointEmailSendingRole is supported', () => {
    expect(resolveKind('Custom::PinpointEmailSendingRole', {})).toBe(emailSendingRole);
  });

  it.each([
    ['both ApplicationId and ConfigurationSetName', { ApplicationId: APP_ID, ConfigurationSetName: 'cs' }],
    ['neither', { DestinationStreamArn: KINESIS_ARN }],
  ])('Custom::PinpointEventStream with %s fails, naming the properties', (_label, raw) => {
    let error: unknown;
    try {
      resolveKind(EVENT_STREAM_TYPE, raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain('ApplicationId');
    expect((error as Error).message).toContain('ConfigurationSetName');
  });
});

describe('parseResource', () => {
  it('parses the properties with the resolved kind', () => {
    const parsed = parseResource(EVENT_STREAM_TYPE, { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN }, STACK);
    expect(parsed.kind).toBe(pinpointEventStream);
    expect(parsed.props).toMatchObject({ applicationId: APP_ID, destination: { kind: 'kinesis', arn: KINESIS_ARN } });
  });

  it.each([null, 'text', ['a'], 5])('rejects ResourceProperties %j that is not an object', (raw) => {
    let error: unknown;
    try {
      parseResource(EVENT_STREAM_TYPE, raw, STACK);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).property).toBe('ResourceProperties');
  });

  it('treats missing ResourceProperties as empty (then names what is required)', () => {
    expect(() => parseResource(EVENT_STREAM_TYPE, undefined, STACK)).toThrow(ValidationError);
  });
});
