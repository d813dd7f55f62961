import { BadRequestException, DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, ValidationError } from '../../../src/errors.js';
import { pinpointEventStream } from '../../../src/resources/pinpoint-event-stream.js';
import { APP_ID, awsContext, BOUNDARY_ARN, FIREHOSE_ARN, KINESIS_ARN, KMS_KEY_ARN, mockedClients, pinpointNotFound, STACK, streamProps } from '../fixtures.js';

function invalid(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const parse = (overrides: Record<string, unknown> = {}) => pinpointEventStream.parse(streamProps(overrides), STACK);

describe('Custom::PinpointEventStream (ApplicationId): properties', () => {
  it('parses the defaults (ServiceToken ignored)', () => {
    expect(parse()).toEqual({
      roleName: undefined,
      rolePath: '/',
      permissionsBoundary: undefined,
      tags: [],
      applicationId: APP_ID,
      destination: { kind: 'kinesis', arn: KINESIS_ARN },
      kmsKeyArn: undefined,
      replaceExistingStream: false,
    });
  });

  it('parses every property', () => {
    expect(
      parse({
        RoleName: 'events-role',
        RolePath: '/messaging/',
        PermissionsBoundary: BOUNDARY_ARN,
        Tags: [{ Key: 'team', Value: 'growth' }],
        DestinationStreamArn: FIREHOSE_ARN,
        KmsKeyArn: KMS_KEY_ARN,
        ReplaceExistingStream: 'true',
        ServiceTimeout: '300',
      }),
    ).toEqual({
      roleName: 'events-role',
      rolePath: '/messaging/',
      permissionsBoundary: BOUNDARY_ARN,
      tags: [{ Key: 'team', Value: 'growth' }],
      applicationId: APP_ID,
      destination: { kind: 'firehose', arn: FIREHOSE_ARN },
      kmsKeyArn: KMS_KEY_ARN,
      replaceExistingStream: true,
    });
  });

  it('lists the accepted properties', () => {
    expect([...pinpointEventStream.properties].sort()).toEqual(
      ['ApplicationId', 'DestinationStreamArn', 'KmsKeyArn', 'PermissionsBoundary', 'ReplaceExistingStream', 'RoleName', 'RolePath', 'Tags'].sort(),
    );
  });

  it('an unknown property (typo) fails, listing the accepted ones', () => {
    const error = invalid(() => parse({ DestinationStreamARN: KINESIS_ARN }));
    expect(error.property).toBe('DestinationStreamARN');
    for (const name of pinpointEventStream.properties) expect(error.message).toContain(name);
    expect(error.message).not.toContain('ServiceToken');
  });

  it.each([
    ['ApplicationId', { ApplicationId: undefined }],
    ['ApplicationId', { ApplicationId: 'not/an/id' }],
    ['ApplicationId', { ApplicationId: 'a'.repeat(65) }],
    ['DestinationStreamArn', { DestinationStreamArn: undefined }],
    ['DestinationStreamArn', { DestinationStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/*' }],
    ['KmsKeyArn', { KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/x' }],
    ['ReplaceExistingStream', { ReplaceExistingStream: 'yes' }],
    ['RoleName', { RoleName: 'bad name' }],
    ['RolePath', { RolePath: 'nope' }],
    ['PermissionsBoundary', { PermissionsBoundary: 'arn:aws:iam::123456789012:policy/*' }],
    ['Tags[0].Key', { Tags: [{ Key: 'aws:x', Value: 'y' }] }],
  ])('names %s when it is wrong', (property, overrides) => {
    expect(invalid(() => parse(overrides)).property).toBe(property);
  });

  it('binding: ApplicationId (RoleName and RolePath are added by the lifecycle)', () => {
    expect(pinpointEventStream.binding(parse())).toEqual({ ApplicationId: APP_ID });
  });

  it('DestinationStreamArn, KmsKeyArn, Tags and the boundary are not in the binding (updated in place)', () => {
    const a = pinpointEventStream.binding(parse());
    const b = pinpointEventStream.binding(parse({ DestinationStreamArn: FIREHOSE_ARN, KmsKeyArn: KMS_KEY_ARN, Tags: [{ Key: 'a', Value: 'b' }], PermissionsBoundary: BOUNDARY_ARN }));
    expect(b).toEqual(a);
  });

  it('returns ApplicationId as data', () => {
    expect(pinpointEventStream.data(parse())).toEqual({ ApplicationId: APP_ID });
  });

  it('replaceExisting follows ReplaceExistingStream (default false)', () => {
    expect(pinpointEventStream.replaceExisting(parse())).toBe(false);
    expect(pinpointEventStream.replaceExisting(parse({ ReplaceExistingStream: 'true' }))).toBe(true);
  });

  it('policies: app trust and stream writer with the KMS key', () => {
    const props = parse({ KmsKeyArn: KMS_KEY_ARN });
    expect(pinpointEventStream.trustPolicy(props, STACK).Statement[0]?.Condition?.ArnLike?.['aws:SourceArn']).toBe(
      `arn:aws:mobiletargeting:us-east-1:123456789012:apps/${APP_ID}`,
    );
    expect(pinpointEventStream.permissionsPolicy(props, STACK).Statement).toHaveLength(2);
  });
});

describe('Custom::PinpointEventStream (ApplicationId): target', () => {
  const target = pinpointEventStream.target!;
  let aws: ReturnType<typeof mockedClients>;
  beforeEach(() => {
    aws = mockedClients();
  });

  it('current: exists with the role it uses', async () => {
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:aws:iam::123456789012:role/x' } });
    const ctx = awsContext(aws.clients);
    await expect(target.current(ctx, parse())).resolves.toEqual({ exists: true, roleArn: 'arn:aws:iam::123456789012:role/x' });
  });

  it('current: not existing on NotFound', async () => {
    aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
    await expect(target.current(awsContext(aws.clients), parse())).resolves.toEqual({ exists: false, roleArn: undefined });
  });

  it('apply: PutEventStream with the destination and role', async () => {
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    await target.apply(awsContext(aws.clients), parse(), 'arn:aws:iam::123456789012:role/r', false);
    expect(aws.pinpoint.commandCalls(PutEventStreamCommand)[0]?.args[0].input).toEqual({
      ApplicationId: APP_ID,
      WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: 'arn:aws:iam::123456789012:role/r' },
    });
    expect(target.applyCall(false)).toBe('mobiletargeting:PutEventStream');
    expect(target.applyCall(true)).toBe('mobiletargeting:PutEventStream');
  });

  it('remove: DeleteEventStream; already gone is fine', async () => {
    aws.pinpoint.on(DeleteEventStreamCommand).rejects(pinpointNotFound());
    await expect(target.remove(awsContext(aws.clients), parse())).resolves.toBeUndefined();
    expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)[0]?.args[0].input).toEqual({ ApplicationId: APP_ID });
  });

  it('explain: NotFound names ApplicationId; anything else is kept', () => {
    const notFound = new AwsCallError('mobiletargeting:PutEventStream', pinpointNotFound());
    const explained = target.explain(notFound, parse());
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ApplicationId');
    expect((explained as Error).message).toContain(APP_ID);
    const other = new AwsCallError('mobiletargeting:PutEventStream', new BadRequestException({ message: 'bad', $metadata: {} }));
    expect(target.explain(other, parse())).toBe(other);
  });

  it('describe names the application', () => {
    expect(target.describe(parse())).toContain(APP_ID);
  });
});
