import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { describe } from 'vitest';
import {
  createSesEventDestination,
  deleteSesEventDestination,
  getSesEventDestination,
  isSesNotFound,
  isSesPropagationError,
  updateSesEventDestination,
} from '../../../src/aws/sesv2.js';
import { CONFIG_SET, FIREHOSE_ARN } from '../fixtures.js';
import { callsOn, describeDestinationCalls } from './event-destination-calls.js';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'mine' };
const firehose = (IamRoleArn: string) => ({ DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn });
const wanted = (enabled: boolean) =>
  ({ enabled, matchingEventTypes: ['SEND', 'BOUNCE'], deliveryStreamArn: FIREHOSE_ARN, roleArn: ROLE }) as const;

const call = callsOn((aws) => aws.ses);
const get = call('ses:GetConfigurationSetEventDestinations', GetConfigurationSetEventDestinationsCommand, (ctx) =>
  getSesEventDestination(ctx, CONFIG_SET, 'mine'),
);
const create = call(
  'ses:CreateConfigurationSetEventDestination',
  CreateConfigurationSetEventDestinationCommand,
  (ctx) => createSesEventDestination(ctx, CONFIG_SET, 'mine', wanted(true)),
);
const update = call(
  'ses:UpdateConfigurationSetEventDestination',
  UpdateConfigurationSetEventDestinationCommand,
  (ctx) => updateSesEventDestination(ctx, CONFIG_SET, 'mine', wanted(false)),
);
const remove = call(
  'ses:DeleteConfigurationSetEventDestination',
  DeleteConfigurationSetEventDestinationCommand,
  (ctx) => deleteSesEventDestination(ctx, CONFIG_SET, 'mine'),
);
const definition = (Enabled: boolean) => ({
  ...names,
  EventDestination: { Enabled, MatchingEventTypes: ['SEND', 'BOUNCE'], KinesisFirehoseDestination: firehose(ROLE) },
});

describe('SES v2 event destination calls', () => {
  describeDestinationCalls({
    notFound: 'NotFoundException',
    get,
    found: [
      [
        'the named destination (not another) and its Firehose role',
        {
          EventDestinations: [
            { Name: 'other', MatchingEventTypes: ['SEND'], KinesisFirehoseDestination: firehose('arn:other') },
            { Name: 'mine', MatchingEventTypes: ['SEND'], KinesisFirehoseDestination: firehose('arn:mine') },
          ],
        },
        { roleArn: 'arn:mine' },
      ],
      [
        'a destination of another type, without a role',
        { EventDestinations: [{ Name: 'mine', MatchingEventTypes: ['SEND'], SnsDestination: { TopicArn: 'arn:t' } }] },
        { roleArn: undefined },
      ],
    ],
    absent: [
      ['no destination', { EventDestinations: [] }],
      ['an empty answer', {}],
    ],
    create,
    update,
    remove,
    inputs: [
      ['get', get, { ConfigurationSetName: CONFIG_SET }],
      ['create: the Firehose definition', create, definition(true)],
      ['update: the Firehose definition', update, definition(false)],
      ['delete: set and name', remove, names],
    ],
    isNotFound: isSesNotFound,
    isPropagationError: isSesPropagationError,
    propagation: {
      code: 'BadRequestException',
      messages: [
        `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN} using IAM role ${ROLE}. ` +
          'Please ensure the role has access.',
        `Could not assume IAM role <${ROLE}>.`,
        `could not assume iam role ${ROLE}`,
      ],
      others: ['Event destination mine already exists', `Could not access Kinesis Firehose Stream ${FIREHOSE_ARN}`],
      otherCodes: ['NotFoundException'],
    },
  });
});
