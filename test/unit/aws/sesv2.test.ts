import {
  BadRequestException,
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createEventDestination,
  deleteEventDestination,
  getEventDestination,
  isSesPropagationError,
  updateEventDestination,
} from '../../../src/aws/sesv2.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, FIREHOSE_ARN, mockedClients } from '../fixtures.js';

let aws: ReturnType<typeof mockedClients>;
let ctx: ReturnType<typeof awsContext>;
beforeEach(() => {
  aws = mockedClients();
  ctx = awsContext(aws.clients);
});

const sesNotFound = () => new NotFoundException({ message: 'Configuration set <cs> does not exist.', $metadata: {} });
const badRequest = (message: string) => new AwsCallError('ses:CreateConfigurationSetEventDestination', new BadRequestException({ message, $metadata: {} }));
const destination = { enabled: true, matchingEventTypes: ['SEND', 'BOUNCE'] as const, deliveryStreamArn: FIREHOSE_ARN, roleArn: 'arn:aws:iam::123456789012:role/r' };

describe('SES v2 event destination calls', () => {
  it('getEventDestination finds the named destination and its Firehose role', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand, { ConfigurationSetName: 'cs' }).resolves({
      EventDestinations: [
        { Name: 'other', MatchingEventTypes: ['SEND'], KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:other' } },
        { Name: 'mine', MatchingEventTypes: ['SEND'], KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:mine' } },
      ],
    });
    await expect(getEventDestination(ctx, 'cs', 'mine')).resolves.toEqual({ roleArn: 'arn:mine' });
  });

  it('getEventDestination: a destination of another type exists without a role', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({ EventDestinations: [{ Name: 'mine', MatchingEventTypes: ['SEND'], SnsDestination: { TopicArn: 'arn:t' } }] });
    await expect(getEventDestination(ctx, 'cs', 'mine')).resolves.toEqual({ roleArn: undefined });
  });

  it('getEventDestination is undefined when the destination or the set does not exist', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolvesOnce({ EventDestinations: [] }).rejects(sesNotFound());
    await expect(getEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
    await expect(getEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
  });

  it('create and update send the Firehose definition', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    aws.ses.on(UpdateConfigurationSetEventDestinationCommand).resolves({});
    await createEventDestination(ctx, 'cs', 'mine', destination);
    await updateEventDestination(ctx, 'cs', 'mine', { ...destination, enabled: false });
    const expected = (enabled: boolean) => ({
      ConfigurationSetName: 'cs',
      EventDestinationName: 'mine',
      EventDestination: {
        Enabled: enabled,
        MatchingEventTypes: ['SEND', 'BOUNCE'],
        KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:aws:iam::123456789012:role/r' },
      },
    });
    expect(aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual(expected(true));
    expect(aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual(expected(false));
  });

  it('deleteEventDestination tolerates NotFound, not other errors', async () => {
    aws.ses.on(DeleteConfigurationSetEventDestinationCommand).rejectsOnce(sesNotFound()).rejects(new BadRequestException({ message: 'x', $metadata: {} }));
    await expect(deleteEventDestination(ctx, 'cs', 'mine')).resolves.toBeUndefined();
    await expect(deleteEventDestination(ctx, 'cs', 'mine')).rejects.toThrow(/ses:DeleteConfigurationSetEventDestination/);
  });
});

describe('isSesPropagationError', () => {
  it.each([
    'Could not access Kinesis Firehose Stream arn:aws:firehose:us-east-1:123456789012:deliverystream/d using IAM role arn:aws:iam::123456789012:role/r. Please ensure the role has access.',
    'Could not assume IAM role <arn:aws:iam::123456789012:role/r>.',
  ])('is true for BadRequest %j', (message) => {
    expect(isSesPropagationError(badRequest(message))).toBe(true);
  });

  it('is false for other BadRequests and other codes', () => {
    expect(isSesPropagationError(badRequest('Event destination mine already exists'))).toBe(false);
    expect(isSesPropagationError(new AwsCallError('x', new NotFoundException({ message: 'Could not assume IAM role', $metadata: {} })))).toBe(false);
  });

});
