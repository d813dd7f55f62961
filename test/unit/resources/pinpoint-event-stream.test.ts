import { DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AwsCallError,
  DeadlineError,
  EndOfSupportError,
  OwnershipError,
  UnsupportedRequestError,
  ValidationError,
} from '../../../src/errors.js';
import { pinpointAppTrust, streamWriterPolicy } from '../../../src/policies.js';
import type { Target } from '../../../src/resources/kind.js';
import type * as PinpointEventStream from '../../../src/resources/pinpoint-event-stream.js';
import { awsContext, eventStream, mockedClients } from '../account.js';
import {
  APP_ID,
  awsError,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  notFound,
  stack,
  streamProps,
} from '../fixtures.js';

// The module under test, loaded afresh for each test (its property list and end-of-support sentence are top-level).
let PINPOINT_END_OF_SUPPORT: typeof PinpointEventStream.PINPOINT_END_OF_SUPPORT;
let pinpointEventStream: typeof PinpointEventStream.pinpointEventStream;
beforeEach(
  async () =>
    ({ PINPOINT_END_OF_SUPPORT, pinpointEventStream } = await fresh(
      () => import('../../../src/resources/pinpoint-event-stream.js'),
    )),
);

const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const parse = (overrides: Record<string, unknown> = {}, on = stack()) =>
  pinpointEventStream.parse(streamProps(overrides), on);
const targetOf = (overrides: Record<string, unknown> = {}): Target => parse(overrides).target as Target;
const badRequest = (message: string) => awsError('BadRequestException', message);

describe('Custom::PinpointEventStream (ApplicationId): properties', () => {
  it('lists the accepted properties', () => {
    expect([...pinpointEventStream.properties].sort()).toEqual([
      'ApplicationId',
      'DestinationStreamArn',
      'KmsKeyArn',
      'ReplaceExistingStream',
      'RoleName',
      'RolePath',
      'Tags',
    ]);
  });

  it('parses the defaults into a plan (ServiceToken ignored)', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual({ ApplicationId: APP_ID });
    expect(plan.data).toEqual({ ApplicationId: APP_ID });
    expect(plan.trust).toEqual(pinpointAppTrust(stack(), APP_ID));
    expect(plan.permissions).toEqual(streamWriterPolicy({ kind: 'kinesis', arn: KINESIS_ARN }, undefined));
    expect(plan.target?.description).toBe(`the event stream of Pinpoint application ${APP_ID}`);
    expect(plan.target?.takeoverHint).toBe(
      'to replace it, set ReplaceExistingStream to "true" ' +
        '(the deployment must allow takeover: parameter AllowTakeover)',
    );
    expect(plan.target?.replaceExisting).toBe(false);
  });

  it('parses every property (ServiceTimeout ignored too)', () => {
    const plan = parse({
      RoleName: 'events-role',
      RolePath: '/messaging/',
      Tags: [{ Key: 'team', Value: 'growth' }],
      DestinationStreamArn: FIREHOSE_ARN,
      KmsKeyArn: KMS_KEY_ARN,
      ReplaceExistingStream: 'true',
      ServiceTimeout: '300',
    });
    expect(plan.role).toEqual({
      roleName: 'events-role',
      rolePath: '/messaging/',
      tags: [{ Key: 'team', Value: 'growth' }],
    });
    expect(plan.permissions).toEqual(streamWriterPolicy({ kind: 'firehose', arn: FIREHOSE_ARN }, KMS_KEY_ARN));
    expect(plan.target?.replaceExisting).toBe(true);
  });

  it.each([
    ['true', true],
    [true, true],
    ['false', false],
    [false, false],
  ])('ReplaceExistingStream %j -> %s', (value, expected) => {
    expect(targetOf({ ReplaceExistingStream: value }).replaceExisting).toBe(expected);
  });

  it('takes partition and region from the stack (aws-us-gov)', () => {
    const gov = stack(GOV_STACK_ID);
    const plan = parse({ DestinationStreamArn: 'arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s' }, gov);
    expect(plan.trust).toEqual(pinpointAppTrust(gov, APP_ID));
    expect(plan.permissions.Statement[0]?.Resource).toBe('arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s');
  });

  it('accepts an ApplicationId of 1 and of 64 letters and digits', () => {
    expect(parse({ ApplicationId: 'a' }).binding).toEqual({ ApplicationId: 'a' });
    expect(parse({ ApplicationId: `${'aZ9'.repeat(21)}x` }).data).toEqual({ ApplicationId: `${'aZ9'.repeat(21)}x` });
  });

  it('an unknown property (typo) fails, listing the accepted ones and not CloudFormation’s', () => {
    const error = invalid(() => parse({ DestinationStreamARN: KINESIS_ARN }));
    expect(error.property).toBe('DestinationStreamARN');
    expect(error.message).toBe(
      `DestinationStreamARN: unknown property; accepted: ${pinpointEventStream.properties.join(', ')}`,
    );
    expect(error.message).not.toContain('ServiceToken');
  });

  it.each([
    ['ApplicationId', { ApplicationId: undefined }, 'is required'],
    ['ApplicationId', { ApplicationId: '' }, 'a Pinpoint application (project) id'],
    ['ApplicationId', { ApplicationId: 'not/an/id' }, 'a Pinpoint application (project) id'],
    ['ApplicationId', { ApplicationId: '-abc' }, 'a Pinpoint application (project) id'],
    ['ApplicationId', { ApplicationId: 'abc-' }, 'a Pinpoint application (project) id'],
    ['ApplicationId', { ApplicationId: 'a'.repeat(65) }, 'a Pinpoint application (project) id'],
    ['ApplicationId', { ApplicationId: 5 }, 'got a number'],
    ['DestinationStreamArn', { DestinationStreamArn: undefined }, 'is required'],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:kinesis:us-east-1:210987654321:stream/s' },
      'account 210987654321',
    ],
    ['KmsKeyArn', { KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/x' }, 'not an alias'],
    ['ReplaceExistingStream', { ReplaceExistingStream: 'yes' }, 'must be "true" or "false"'],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(overrides));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it('DestinationStreamArn, KmsKeyArn, Tags, ReplaceExistingStream are not in the binding (in place)', () => {
    const a = parse().binding;
    const b = parse({
      DestinationStreamArn: FIREHOSE_ARN,
      KmsKeyArn: KMS_KEY_ARN,
      Tags: [{ Key: 'a', Value: 'b' }],
      ReplaceExistingStream: 'true',
    }).binding;
    expect(b).toEqual(a);
    expect(parse({ ApplicationId: 'other' }).binding).toEqual({ ApplicationId: 'other' });
  });
});

describe('Custom::PinpointEventStream (ApplicationId): target', () => {
  let aws: ReturnType<typeof mockedClients>;
  beforeEach(() => {
    aws = mockedClients();
  });
  const ctx = () => awsContext(aws.clients);

  it('read: the event stream with the role it uses', async () => {
    aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(ROLE));
    await expect(targetOf().read(ctx())).resolves.toEqual({ destinationStreamArn: KINESIS_ARN, roleArn: ROLE });
    expect(aws.pinpoint.commandCalls(GetEventStreamCommand)[0]?.args[0].input).toEqual({ ApplicationId: APP_ID });
  });

  it.each([
    ['absent', undefined],
    ['present', { roleArn: 'arn:aws:iam::123456789012:role/old' }],
  ])('write (%s): PutEventStream with the destination and the role', async (_label, current) => {
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    const write = targetOf({ DestinationStreamArn: FIREHOSE_ARN }).write(current);
    expect(write.call).toBe('mobiletargeting:PutEventStream');
    await write.attempt(ctx(), ROLE);
    expect(
      aws.pinpoint.commandCalls(PutEventStreamCommand).map((c: { args: [{ input: unknown }] }) => c.args[0].input),
    ).toEqual([{ ApplicationId: APP_ID, WriteEventStream: { DestinationStreamArn: FIREHOSE_ARN, RoleArn: ROLE } }]);
  });

  it('remove: DeleteEventStream; already gone is fine', async () => {
    aws.pinpoint.on(DeleteEventStreamCommand).rejects(notFound());
    await expect(targetOf().remove(ctx())).resolves.toBeUndefined();
    expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)[0]?.args[0].input).toEqual({ ApplicationId: APP_ID });
  });

  it('isPropagationError: only BadRequest "make sure the IAM Role is configured correctly"', () => {
    const target = targetOf();
    const wrap = (error: unknown) => new AwsCallError('mobiletargeting:PutEventStream', error);
    expect(
      target.isPropagationError(
        wrap(badRequest('Could not write to stream, please make sure the IAM Role is configured correctly')),
      ),
    ).toBe(true);
    expect(target.isPropagationError(wrap(badRequest('MAKE SURE THE IAM ROLE IS CONFIGURED CORRECTLY')))).toBe(true);
    expect(target.isPropagationError(wrap(badRequest('Invalid stream ARN')))).toBe(false);
    expect(target.isPropagationError(wrap(notFound()))).toBe(false);
    expect(target.isPropagationError(badRequest('make sure the IAM Role is configured correctly'))).toBe(false);
  });
});

describe('Custom::PinpointEventStream (ApplicationId): explain', () => {
  it('NotFound: a ValidationError naming ApplicationId', () => {
    const explained = targetOf().explain(new AwsCallError('mobiletargeting:PutEventStream', notFound()));
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ApplicationId');
    expect((explained as Error).message).toBe(
      `ApplicationId: Pinpoint application ${APP_ID} does not exist in this account and Region`,
    );
  });

  it('the end-of-support sentence names the kinds that replace it', () => {
    expect(PINPOINT_END_OF_SUPPORT).toBe(
      'Pinpoint event streams reached end of support on 2026-10-30; ' +
        'use Custom::SesEventDestination or Custom::SmsVoiceEventDestination',
    );
  });

  it.each([
    ['BadRequest', () => badRequest('bad')],
    [
      'Forbidden (a retired API)',
      () => awsError('ForbiddenException', 'Pinpoint is no longer available', { status: 403 }),
    ],
  ])('any other Pinpoint failure (%s): an EndOfSupportError ending with the sentence', (_label, cause) => {
    const failure = new AwsCallError('mobiletargeting:PutEventStream', cause());
    const explained = targetOf().explain(failure);
    expect(explained).toBeInstanceOf(EndOfSupportError);
    expect((explained as Error).message).toBe(`${failure.message}. ${PINPOINT_END_OF_SUPPORT}`);
    expect((explained as Error).message).toContain('mobiletargeting:PutEventStream failed');
    expect((explained as Error).cause).toBe(failure);
  });

  it.each([
    [
      'a propagation DeadlineError',
      () => new DeadlineError('mobiletargeting:PutEventStream still could not use the new role'),
    ],
    ['an OwnershipError', () => new OwnershipError('not ours')],
    ['an UnsupportedRequestError', () => new UnsupportedRequestError('x')],
    ['a plain Error', () => new Error('network')],
  ])('%s passes through unchanged', (_label, make) => {
    const error = make();
    expect(targetOf().explain(error)).toBe(error);
  });
});
