import { GetConfigurationSetEventDestinationsCommand } from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError } from '../../../src/errors.js';
import { SES_EVENT_TYPES } from '../../../src/event-types.js';
import { sesTrust, streamWriterPolicy } from '../../../src/policies.js';
import type { Target } from '../../../src/resources/kind.js';
import type * as SesEventDestination from '../../../src/resources/ses-event-destination.js';
import { awsError, CONFIG_SET, FIREHOSE_ARN, fresh, invalid, KINESIS_ARN, KMS_KEY_ARN, stack } from '../fixtures.js';
import { describeKindTarget, ROLE, type Sent } from './event-destination-kind.js';

// The module under test, loaded afresh for each test (its property list is top-level): see fresh() in fixtures.ts.
let sesEventDestination: typeof SesEventDestination.sesEventDestination;
beforeEach(
  async () => ({ sesEventDestination } = await fresh(() => import('../../../src/resources/ses-event-destination.js'))),
);

const ALL = [...SES_EVENT_TYPES];
type Raw = Record<string, unknown>;
const parse = (overrides: Raw = {}, on = stack()) =>
  sesEventDestination.parse(
    {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      ConfigurationSetName: CONFIG_SET,
      DestinationStreamArn: FIREHOSE_ARN,
      ...overrides,
    },
    on,
  );
const FIREHOSE = { kind: 'firehose', arn: FIREHOSE_ARN } as const;
const names = { ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' };
const wrap = (error: unknown) => new AwsCallError('ses:CreateConfigurationSetEventDestination', error);
const notFound = () => awsError('NotFoundException', 'Configuration set <marketing> does not exist.', { status: 404 });
/** A create or update of the destination: these values, to Firehose, with the new role. */
const definition = (Enabled: boolean, MatchingEventTypes: string[]) => ({
  ...names,
  EventDestination: {
    Enabled,
    MatchingEventTypes,
    KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
  },
});

describe('Custom::SesEventDestination: properties', () => {
  it('lists the accepted properties', () => {
    expect([...sesEventDestination.properties].sort()).toEqual([
      'ConfigurationSetName',
      'DestinationStreamArn',
      'Enabled',
      'EventDestinationName',
      'KmsKeyArn',
      'MatchingEventTypes',
      'ReplaceExistingStream',
      'RoleName',
      'RolePath',
      'Tags',
    ]);
  });

  it('the plan: the shared names as binding and Data, SES trust, Firehose writer (with a KMS key: that key)', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual(names);
    expect(plan.data).toEqual(names);
    expect(plan.trust).toEqual(sesTrust(stack()));
    expect(plan.permissions).toEqual(streamWriterPolicy(FIREHOSE, undefined));
    expect(plan.target?.description).toBe('event destination MyEventStream of SES configuration set marketing');
    expect(parse({ KmsKeyArn: KMS_KEY_ARN }).permissions).toEqual(streamWriterPolicy(FIREHOSE, KMS_KEY_ARN));
  });

  it('binding: ConfigurationSetName and EventDestinationName; the rest is updated in place', () => {
    const inPlace = {
      MatchingEventTypes: ['SEND'],
      Enabled: 'false',
      KmsKeyArn: KMS_KEY_ARN,
      DestinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/other',
      Tags: [{ Key: 'a', Value: 'b' }],
    };
    expect(parse(inPlace).binding).toEqual(names);
    expect(parse({ ConfigurationSetName: 'other' }).binding).toEqual({ ...names, ConfigurationSetName: 'other' });
  });

  // The common and destination properties are pinned by properties*.test.ts and event-destination.test.ts.
  it.each<[string, Raw, string]>([
    ['ConfigurationSetName', { ConfigurationSetName: undefined }, 'is required'],
    ['DestinationStreamArn', { DestinationStreamArn: undefined }, 'is required'],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:firehose:us-east-1:210987654321:deliverystream/d' },
      'account 210987654321',
    ],
    ['MatchingEventTypes', { MatchingEventTypes: ['SEND', 'SEND'] }, '"SEND" is listed twice'],
    ['MatchingEventTypes', { MatchingEventTypes: 'SEND' }, 'non-empty list'],
    ['KmsKeyArn', { KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/a' }, 'not an alias'],
    ['ApplicationId', { ApplicationId: 'a' }, 'unknown property'],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(overrides));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it.each<[Raw, string]>([
    [
      { DestinationStreamArn: KINESIS_ARN },
      'DestinationStreamArn: kinesis streams are not supported here (SES event destinations write to Firehose ' +
        'delivery streams only); must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    ],
    [
      { MatchingEventTypes: ['SEND', 'ENGAGEMENT'] },
      `MatchingEventTypes: "ENGAGEMENT" is not an event type; accepted: ${ALL.join(', ')}`,
    ],
    ...['send', 'Send', 'SEND1', 'SEND EMAIL', 'A'.repeat(33)].map((type): [Raw, string] => [
      { MatchingEventTypes: [type] },
      `MatchingEventTypes: "${type}" is not one of ${ALL.join(', ')}`,
    ]),
  ])('the whole reason for %j, naming the property', (overrides, reason) => {
    const error = invalid(() => parse(overrides));
    expect(error.property).toBe(reason.slice(0, reason.indexOf(': ')));
    expect(error.message).toBe(reason);
  });
});

const CREATE = 'ses:CreateConfigurationSetEventDestination';
const UPDATE = 'ses:UpdateConfigurationSetEventDestination';
const BC = ['BOUNCE', 'COMPLAINT'];
const created = (enabled: boolean, types: string[]): Sent => [
  'CreateConfigurationSetEventDestination',
  definition(enabled, types),
];
const inPlace = { Enabled: false, MatchingEventTypes: ['SEND'] };
const updated: Sent = ['UpdateConfigurationSetEventDestination', definition(false, ['SEND'])];
const OLD_ROLE = 'arn:aws:iam::123456789012:role/old';

describe('Custom::SesEventDestination', () => {
  describeKindTarget({
    target: (raw) => parse(raw).target as Target,
    client: (aws) => aws.ses,
    read: {
      command: GetConfigurationSetEventDestinationsCommand,
      answer: {
        EventDestinations: [
          { Name: 'other', MatchingEventTypes: ['SEND'] },
          {
            Name: 'MyEventStream',
            MatchingEventTypes: ['SEND'],
            KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
          },
        ],
      },
      state: { roleArn: ROLE },
      sent: ['GetConfigurationSetEventDestinations', { ConfigurationSetName: CONFIG_SET }],
    },
    writes: [
      ['absent: every value', { MatchingEventTypes: BC }, undefined, CREATE, [created(true, BC)]],
      ['absent, by default: all ten event types', {}, undefined, CREATE, [created(true, ALL)]],
      [
        'absent and disabled: in one call (SES creates as asked)',
        { Enabled: 'false' },
        undefined,
        CREATE,
        [created(false, ALL)],
      ],
      ['present with a Firehose role: the whole definition', inPlace, { roleArn: OLD_ROLE }, UPDATE, [updated]],
      ['present of another type: the whole definition', inPlace, { roleArn: undefined }, UPDATE, [updated]],
    ],
    remove: ['DeleteConfigurationSetEventDestination', names],
    propagation: [
      wrap(awsError('BadRequestException', `Could not assume IAM role ${ROLE}.`)),
      wrap(awsError('BadRequestException', 'Event destination already exists')),
    ],
    explains: [
      [
        'NotFound names ConfigurationSetName',
        () => wrap(notFound()),
        'ConfigurationSetName: SES configuration set marketing does not exist in this account and Region',
      ],
      ['another AWS error passes through unchanged', () => wrap(awsError('BadRequestException', 'no')), undefined],
      [
        'a propagation DeadlineError passes through unchanged (no end-of-support sentence for SES)',
        () => new DeadlineError('ses:CreateConfigurationSetEventDestination still could not use the new role'),
        undefined,
      ],
      ['a plain Error passes through unchanged', () => new Error('x'), undefined],
    ],
  });
});
