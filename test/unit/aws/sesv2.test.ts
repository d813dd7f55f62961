import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSesEventDestination,
  deleteSesEventDestination,
  getSesEventDestination,
  isSesNotFound,
  isSesPropagationError,
  updateSesEventDestination,
} from '../../../src/aws/sesv2.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, type MockedClients, mockedClients } from '../account.js';
import { awsError, FIREHOSE_ARN } from '../fixtures.js';

let aws: MockedClients;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const sesNotFound = () => awsError('NotFoundException', 'Configuration set <cs> does not exist.', { status: 404 });
const badRequest = (message: string) =>
  new AwsCallError(
    'ses:CreateConfigurationSetEventDestination',
    awsError('BadRequestException', message, { status: 400 }),
  );
const ROLE = 'arn:aws:iam::123456789012:role/r';
const destination = {
  enabled: true,
  matchingEventTypes: ['SEND', 'BOUNCE'] as const,
  deliveryStreamArn: FIREHOSE_ARN,
  roleArn: ROLE,
};

describe('SES v2 event destination calls', () => {
  it('getSesEventDestination finds the named destination and its Firehose role', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand, { ConfigurationSetName: 'cs' }).resolves({
      EventDestinations: [
        {
          Name: 'other',
          MatchingEventTypes: ['SEND'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:other' },
        },
        {
          Name: 'mine',
          MatchingEventTypes: ['SEND'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:mine' },
        },
      ],
    });
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).resolves.toEqual({ roleArn: 'arn:mine' });
    expect(aws.ses.commandCalls(GetConfigurationSetEventDestinationsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'cs',
    });
  });

  it('getSesEventDestination: a destination of another type exists without a role', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: [{ Name: 'mine', MatchingEventTypes: ['SEND'], SnsDestination: { TopicArn: 'arn:t' } }],
    });
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).resolves.toEqual({ roleArn: undefined });
  });

  it('getSesEventDestination is undefined when the destination or the set does not exist', async () => {
    aws.ses
      .on(GetConfigurationSetEventDestinationsCommand)
      .resolvesOnce({ EventDestinations: [] })
      .resolvesOnce({})
      .rejects(sesNotFound());
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
  });

  it('getSesEventDestination throws other errors naming the call', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(awsError('BadRequestException', 'x'));
    await expect(getSesEventDestination(ctx, 'cs', 'mine')).rejects.toThrow(
      /^ses:GetConfigurationSetEventDestinations failed: BadRequestException/,
    );
  });

  it('create and update send the Firehose definition', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    aws.ses.on(UpdateConfigurationSetEventDestinationCommand).resolves({});
    await createSesEventDestination(ctx, 'cs', 'mine', destination);
    await updateSesEventDestination(ctx, 'cs', 'mine', { ...destination, enabled: false });
    const expected = (enabled: boolean) => ({
      ConfigurationSetName: 'cs',
      EventDestinationName: 'mine',
      EventDestination: {
        Enabled: enabled,
        MatchingEventTypes: ['SEND', 'BOUNCE'],
        KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
      },
    });
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual(
      expected(true),
    );
    expect(aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual(
      expected(false),
    );
  });

  it('create and update errors name their call (NotFound is not swallowed)', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).rejects(sesNotFound());
    aws.ses.on(UpdateConfigurationSetEventDestinationCommand).rejects(sesNotFound());
    const created = await createSesEventDestination(ctx, 'cs', 'mine', destination).catch((e: unknown) => e);
    const updated = await updateSesEventDestination(ctx, 'cs', 'mine', destination).catch((e: unknown) => e);
    expect((created as AwsCallError).call).toBe('ses:CreateConfigurationSetEventDestination');
    expect((updated as AwsCallError).call).toBe('ses:UpdateConfigurationSetEventDestination');
    expect(isSesNotFound(created)).toBe(true);
  });

  it('deleteSesEventDestination sends set and name', async () => {
    aws.ses.on(DeleteConfigurationSetEventDestinationCommand).resolves({});
    await deleteSesEventDestination(ctx, 'cs', 'mine');
    expect(aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'cs',
      EventDestinationName: 'mine',
    });
  });

  it('deleteSesEventDestination tolerates NotFound, not other errors', async () => {
    aws.ses
      .on(DeleteConfigurationSetEventDestinationCommand)
      .rejectsOnce(sesNotFound())
      .rejects(awsError('BadRequestException', 'x'));
    await expect(deleteSesEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
    await expect(deleteSesEventDestination(ctx, 'cs', 'mine')).rejects.toThrow(
      /ses:DeleteConfigurationSetEventDestination failed: BadRequestException/,
    );
  });
});

describe('isSesNotFound', () => {
  it('is true for a wrapped NotFoundException only', () => {
    expect(isSesNotFound(new AwsCallError('x', sesNotFound()))).toBe(true);
    expect(isSesNotFound(badRequest('not found'))).toBe(false);
    expect(isSesNotFound(sesNotFound())).toBe(false);
  });
});

describe('isSesPropagationError', () => {
  it.each([
    'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using ' +
      'IAM role arn:aws:iam::123456789012:role/r. Please ensure the role has access.',
    'Could not assume IAM role <arn:aws:iam::123456789012:role/r>.',
    'could not assume iam role arn:aws:iam::123456789012:role/r',
  ])('is true for BadRequest %j', (message) => {
    expect(isSesPropagationError(badRequest(message))).toBe(true);
  });

  it('is false for other BadRequests and other codes', () => {
    expect(isSesPropagationError(badRequest('Event destination mine already exists'))).toBe(false);
    expect(
      isSesPropagationError(
        badRequest('Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d'),
      ),
    ).toBe(false);
    expect(
      isSesPropagationError(new AwsCallError('x', awsError('NotFoundException', 'Could not assume IAM role'))),
    ).toBe(false);
  });

  it('is false for unwrapped errors', () => {
    expect(isSesPropagationError(awsError('BadRequestException', 'Could not assume IAM role'))).toBe(false);
  });
});
