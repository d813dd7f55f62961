import { beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedRequestError, ValidationError } from '../../../src/errors.js';
import { pinpointAppTrust, sesTrust, smsVoiceTrust } from '../../../src/policies.js';
import type * as Registry from '../../../src/resources/index.js';
import {
  APP_ID,
  CONFIG_SET,
  FIREHOSE_ARN,
  fresh,
  invalid,
  KINESIS_ARN,
  LOG_GROUP_ARN,
  rejection,
  stack,
  streamProps,
} from '../fixtures.js';

// The module under test, loaded afresh for each test (its table of kinds is top-level): see fresh() in fixtures.ts.
let KINDS: typeof Registry.KINDS;
let kindOf: typeof Registry.kindOf;
let planFor: typeof Registry.planFor;
beforeEach(async () => ({ KINDS, kindOf, planFor } = await fresh(() => import('../../../src/resources/index.js'))));

const EVENT_STREAM_TYPE = 'Custom::PinpointEventStream';
const SES_TYPE = 'Custom::SesEventDestination';
const SMS_VOICE_TYPE = 'Custom::SmsVoiceEventDestination';
const EMAIL_SENDING_ROLE_TYPE = 'Custom::PinpointEmailSendingRole';
const SUPPORTED =
  'supported: Custom::SmsVoiceEventDestination, Custom::SesEventDestination, Custom::PinpointEventStream, ' +
  'Custom::PinpointEmailSendingRole';
const EXACTLY_ONE =
  'Custom::PinpointEventStream needs exactly one of ApplicationId (Pinpoint event stream) or ConfigurationSetName ' +
  '(SES event destination; Custom::SesEventDestination is its own type)';
const SES_PROPS = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  ConfigurationSetName: CONFIG_SET,
  DestinationStreamArn: FIREHOSE_ARN,
};

/** The error `fn` throws (any class). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('the registry', () => {
  it('loads each kind from its own module', async () => {
    expect(Object.keys(KINDS).sort()).toEqual([
      'emailSendingRole',
      'pinpointEventStream',
      'sesEventDestination',
      'smsVoiceEventDestination',
    ]);
    // The modules as this (freshly loaded) registry sees them.
    await expect(KINDS.pinpointEventStream()).resolves.toBe(
      (await import('../../../src/resources/pinpoint-event-stream.js')).pinpointEventStream,
    );
    await expect(KINDS.sesEventDestination()).resolves.toBe(
      (await import('../../../src/resources/ses-event-destination.js')).sesEventDestination,
    );
    await expect(KINDS.smsVoiceEventDestination()).resolves.toBe(
      (await import('../../../src/resources/sms-voice-event-destination.js')).smsVoiceEventDestination,
    );
    await expect(KINDS.emailSendingRole()).resolves.toBe(
      (await import('../../../src/resources/email-sending-role.js')).emailSendingRole,
    );
  });
});

describe('kindOf', () => {
  it('Custom::PinpointEventStream with ApplicationId is the Pinpoint event stream', () => {
    expect(kindOf(EVENT_STREAM_TYPE, { ApplicationId: APP_ID })).toBe('pinpointEventStream');
  });

  it('Custom::SesEventDestination is the SES event destination, whatever its properties', () => {
    expect(kindOf(SES_TYPE, SES_PROPS)).toBe('sesEventDestination');
    expect(kindOf(SES_TYPE, { ApplicationId: APP_ID })).toBe('sesEventDestination');
  });

  it('Custom::PinpointEventStream with ConfigurationSetName is the SES event destination', () => {
    expect(kindOf(EVENT_STREAM_TYPE, { ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN })).toBe(
      'sesEventDestination',
    );
  });

  it('Custom::SmsVoiceEventDestination is the SMS and voice event destination', () => {
    expect(kindOf(SMS_VOICE_TYPE, { ConfigurationSetName: CONFIG_SET })).toBe('smsVoiceEventDestination');
    expect(kindOf(SMS_VOICE_TYPE, {})).toBe('smsVoiceEventDestination');
  });

  it('Custom::PinpointEmailSendingRole is the email sending role', () => {
    expect(kindOf(EMAIL_SENDING_ROLE_TYPE, {})).toBe('emailSendingRole');
  });

  it('Custom::PinpointEventStream with both ApplicationId and ConfigurationSetName fails, naming both', () => {
    const error = invalid(() => kindOf(EVENT_STREAM_TYPE, { ApplicationId: APP_ID, ConfigurationSetName: CONFIG_SET }));
    expect(error.property).toBe('ApplicationId, ConfigurationSetName');
    expect(error.message).toBe(`ApplicationId, ConfigurationSetName: ${EXACTLY_ONE}`);
  });

  it('Custom::PinpointEventStream with neither fails, naming ApplicationId (and saying the alternative)', () => {
    const error = invalid(() => kindOf(EVENT_STREAM_TYPE, { DestinationStreamArn: KINESIS_ARN }));
    expect(error.property).toBe('ApplicationId');
    expect(error.message).toBe(`ApplicationId: ${EXACTLY_ONE}`);
  });

  it.each([
    'AWS::CloudFormation::CustomResource',
    'Custom::Other',
    'Custom::pinpointeventstream',
    'Custom::PinpointEventStream ',
    '',
  ])('rejects ResourceType %j with an UnsupportedRequestError listing every supported type', (type) => {
    const error = thrown(() => kindOf(type, { ApplicationId: APP_ID }));
    expect(error).toBeInstanceOf(UnsupportedRequestError);
    expect((error as Error).message).toBe(`ResourceType ${type} is not supported; ${SUPPORTED}`);
  });

  it('names at most 256 characters of a ResourceType it does not support', () => {
    expect((thrown(() => kindOf(`Custom::${'x'.repeat(300)}`, {})) as Error).message).toBe(
      `ResourceType Custom::${'x'.repeat(248)} is not supported; ${SUPPORTED}`,
    );
  });

  it.each([
    [undefined, 'undefined'],
    [42, '42'],
    [null, 'null'],
    [Symbol('Custom::PinpointEventStream'), 'Symbol(Custom::PinpointEventStream)'],
  ])('rejects a ResourceType that is not a string (%s)', (type, shown) => {
    const error = thrown(() => kindOf(type, {}));
    expect(error).toBeInstanceOf(UnsupportedRequestError);
    expect((error as Error).message).toBe(`ResourceType ${shown} is not supported; ${SUPPORTED}`);
  });
});

describe('planFor', () => {
  it('parses a Pinpoint event stream with its kind', async () => {
    const plan = await planFor(EVENT_STREAM_TYPE, streamProps(), stack());
    expect(plan.data).toEqual({ ApplicationId: APP_ID });
    expect(plan.trust).toEqual(pinpointAppTrust(stack(), APP_ID));
  });

  it('parses an SES event destination with its kind', async () => {
    const plan = await planFor(SES_TYPE, SES_PROPS, stack());
    expect(plan.data).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' });
    expect(plan.trust).toEqual(sesTrust(stack()));
  });

  it('parses an SMS and voice event destination with its kind', async () => {
    const plan = await planFor(
      SMS_VOICE_TYPE,
      { ConfigurationSetName: CONFIG_SET, LogGroupArn: LOG_GROUP_ARN },
      stack(),
    );
    expect(plan.trust).toEqual(smsVoiceTrust(stack(), CONFIG_SET));
  });

  it('Custom::SesEventDestination and the older spelling parse to the same plan', async () => {
    const own = await planFor(SES_TYPE, SES_PROPS, stack());
    const alias = await planFor(EVENT_STREAM_TYPE, SES_PROPS, stack());
    const { target: ownTarget, ...ownPlan } = own;
    const { target: aliasTarget, ...aliasPlan } = alias;
    expect(aliasPlan).toEqual(ownPlan);
    expect(ownPlan.trust).toEqual(sesTrust(stack()));
    expect(aliasTarget?.description).toBe(ownTarget?.description);
    expect(aliasTarget?.takeoverHint).toBe(ownTarget?.takeoverHint);
  });

  it('Custom::SesEventDestination with an ApplicationId fails naming it', async () => {
    const error = await rejection(planFor(SES_TYPE, { ...SES_PROPS, ApplicationId: APP_ID }, stack()), ValidationError);
    expect(error.property).toBe('ApplicationId');
    expect(error.message).toMatch(/^ApplicationId: unknown property; accepted: /);
  });

  it("keeps as accepted the values of the kind's own properties, never unknown or CloudFormation's", async () => {
    const plan = await planFor(EVENT_STREAM_TYPE, streamProps({ ServiceTimeout: '300', RolePath: '/team/' }), stack());
    expect(plan.accepted).toStrictEqual({
      ApplicationId: APP_ID,
      DestinationStreamArn: KINESIS_ARN,
      RolePath: '/team/',
    });
    expect(await planFor(EMAIL_SENDING_ROLE_TYPE, undefined, stack())).toMatchObject({ accepted: {} });
  });

  it('parses an email sending role with its kind; missing ResourceProperties are empty', async () => {
    const plan = await planFor(EMAIL_SENDING_ROLE_TYPE, undefined, stack());
    expect(plan.data).toEqual({});
    expect(plan.target).toBeUndefined();
  });

  it('missing ResourceProperties of an event stream name what is required', async () => {
    const error = await rejection(planFor(EVENT_STREAM_TYPE, undefined, stack()), ValidationError);
    expect(error.property).toBe('ApplicationId');
  });

  it.each([null, 'text', ['a'], 5, true])('rejects ResourceProperties %j that is not an object', async (raw) => {
    const error = await rejection(planFor(EVENT_STREAM_TYPE, raw, stack()), ValidationError);
    expect(error.property).toBe('ResourceProperties');
    expect(error.message).toBe('ResourceProperties: must be an object');
  });

  it('rejects an unsupported type without parsing anything', async () => {
    const error = await rejection(
      planFor('AWS::CloudFormation::CustomResource', streamProps(), stack()),
      UnsupportedRequestError,
    );
    expect(error.message).toContain(SUPPORTED);
  });

  it('passes the kind’s validation errors through', async () => {
    const error = await rejection(
      planFor(EVENT_STREAM_TYPE, streamProps({ DestinationStreamARN: KINESIS_ARN }), stack()),
      ValidationError,
    );
    expect(error.property).toBe('DestinationStreamARN');
  });
});
