import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, ValidationError } from '../../../src/errors.js';
import { SES_EVENT_TYPES } from '../../../src/event-types.js';
import { sesTrust, streamWriterPolicy } from '../../../src/policies.js';
import type { Target } from '../../../src/resources/kind.js';
import type * as SesEventDestination from '../../../src/resources/ses-event-destination.js';
import { awsContext, mockedClients } from '../account.js';
import { awsError, CONFIG_SET, FIREHOSE_ARN, fresh, invalid, KINESIS_ARN, KMS_KEY_ARN, stack } from '../fixtures.js';

// The module under test, loaded afresh for each test (its property list is top-level): see fresh() in fixtures.ts.
let sesEventDestination: typeof SesEventDestination.sesEventDestination;
beforeEach(
  async () => ({ sesEventDestination } = await fresh(() => import('../../../src/resources/ses-event-destination.js'))),
);

const ALL = [...SES_EVENT_TYPES];
const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';
const props = (overrides: Record<string, unknown> = {}) => ({
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  ConfigurationSetName: CONFIG_SET,
  DestinationStreamArn: FIREHOSE_ARN,
  ...overrides,
});
const parse = (overrides: Record<string, unknown> = {}, on = stack()) =>
  sesEventDestination.parse(props(overrides), on);
const targetOf = (overrides: Record<string, unknown> = {}, on = stack()): Target =>
  parse(overrides, on).target as Target;
const notFound = () => awsError('NotFoundException', 'Configuration set <marketing> does not exist.', { status: 404 });
const badRequest = (message: string) => awsError('BadRequestException', message);
const FIREHOSE = { kind: 'firehose', arn: FIREHOSE_ARN } as const;

describe('Custom::SesEventDestination: properties', () => {
  it('lists the accepted properties', () => {
    expect([...sesEventDestination.properties].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  it('defaults: EventDestinationName = LogicalResourceId, enabled, no take-over; the plan', () => {
    const plan = parse();
    expect(plan.role).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
    expect(plan.binding).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' });
    expect(plan.data).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'MyEventStream' });
    expect(plan.trust).toEqual(sesTrust(stack()));
    expect(plan.permissions).toEqual(streamWriterPolicy(FIREHOSE, undefined));
    expect(plan.target?.description).toBe('event destination MyEventStream of SES configuration set marketing');
    expect(plan.target?.replaceExisting).toBe(false);
  });

  it('with a KMS key: adds kms:GenerateDataKey on exactly that key', () => {
    expect(parse({ KmsKeyArn: KMS_KEY_ARN }).permissions).toEqual(streamWriterPolicy(FIREHOSE, KMS_KEY_ARN));
  });

  it.each([
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

  it('a Kinesis stream is refused with a reason saying SES writes to Firehose only', () => {
    const error = invalid(() => parse({ DestinationStreamArn: KINESIS_ARN }));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (SES event destinations write to Firehose ' +
        'delivery streams only); must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    );
  });

  it('an unknown event type is named, listing the accepted ones', () => {
    const error = invalid(() => parse({ MatchingEventTypes: ['SEND', 'ENGAGEMENT'] }));
    expect(error.property).toBe('MatchingEventTypes');
    expect(error.message).toBe(`MatchingEventTypes: "ENGAGEMENT" is not an event type; accepted: ${ALL.join(', ')}`);
  });

  it.each(['send', 'Send', 'SEND1', 'SEND EMAIL', 'A'.repeat(33)])(
    'an event type not of the shape (%j) is named, listing the accepted ones',
    (type) => {
      const error = invalid(() => parse({ MatchingEventTypes: [type] }));
      expect(error.property).toBe('MatchingEventTypes');
      expect(error.message).toBe(`MatchingEventTypes: "${type}" is not one of ${ALL.join(', ')}`);
    },
  );

  it('binding: ConfigurationSetName and EventDestinationName; the rest is updated in place', () => {
    const base = parse().binding;
    expect(
      parse({
        MatchingEventTypes: ['SEND'],
        Enabled: 'false',
        KmsKeyArn: KMS_KEY_ARN,
        DestinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/other',
        Tags: [{ Key: 'a', Value: 'b' }],
      }).binding,
    ).toEqual(base);
    expect(parse({ ConfigurationSetName: 'other' }).binding).toEqual({
      ConfigurationSetName: 'other',
      EventDestinationName: 'MyEventStream',
    });
  });
});

describe('Custom::SesEventDestination: target', () => {
  let aws: ReturnType<typeof mockedClients>;
  beforeEach(() => {
    aws = mockedClients();
  });
  const ctx = () => awsContext(aws.clients);
  const created = () =>
    aws.ses
      .commandCalls(CreateConfigurationSetEventDestinationCommand)
      .map((c: { args: [{ input: any }] }) => c.args[0].input);
  const updated = () =>
    aws.ses
      .commandCalls(UpdateConfigurationSetEventDestinationCommand)
      .map((c: { args: [{ input: any }] }) => c.args[0].input);

  it("read: this configuration set's destination of this name, with the role it uses", async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: [
        { Name: 'other', MatchingEventTypes: ['SEND'] },
        {
          Name: 'MyEventStream',
          MatchingEventTypes: ['SEND'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
        },
      ],
    });
    await expect(targetOf().read(ctx())).resolves.toEqual({ roleArn: ROLE });
    expect(aws.ses.commandCalls(GetConfigurationSetEventDestinationsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
    });
  });

  it('write (absent): CreateConfigurationSetEventDestination with every value', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    const write = targetOf({ MatchingEventTypes: ['BOUNCE', 'COMPLAINT'] }).write(undefined);
    expect(write.call).toBe('ses:CreateConfigurationSetEventDestination');
    await write.attempt(ctx(), ROLE);
    expect(created()).toEqual([
      {
        ConfigurationSetName: CONFIG_SET,
        EventDestinationName: 'MyEventStream',
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['BOUNCE', 'COMPLAINT'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
        },
      },
    ]);
    expect(updated()).toEqual([]);
  });

  it('write (absent) defaults to all ten event types', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    await targetOf().write(undefined).attempt(ctx(), ROLE);
    expect(created()[0]?.EventDestination?.MatchingEventTypes).toEqual(ALL);
  });

  it('write (absent) disabled: created disabled in one call (SES creates as asked)', async () => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    await targetOf({ Enabled: 'false' }).write(undefined).attempt(ctx(), ROLE);
    expect(created()[0]?.EventDestination?.Enabled).toBe(false);
    expect(updated()).toEqual([]);
  });

  it.each([
    ['with a Firehose role', { roleArn: 'arn:aws:iam::123456789012:role/old' }],
    ['of another type', { roleArn: undefined }],
  ])(
    'write (present %s): UpdateConfigurationSetEventDestination with the whole definition',
    async (_label, current) => {
      aws.ses.on(UpdateConfigurationSetEventDestinationCommand).resolves({});
      const write = targetOf({ Enabled: false, MatchingEventTypes: ['SEND'] }).write(current);
      expect(write.call).toBe('ses:UpdateConfigurationSetEventDestination');
      await write.attempt(ctx(), ROLE);
      expect(updated()).toEqual([
        {
          ConfigurationSetName: CONFIG_SET,
          EventDestinationName: 'MyEventStream',
          EventDestination: {
            Enabled: false,
            MatchingEventTypes: ['SEND'],
            KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
          },
        },
      ]);
      expect(created()).toEqual([]);
      expect(aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand)).toHaveLength(0);
    },
  );

  it('remove: DeleteConfigurationSetEventDestination; already gone is fine', async () => {
    aws.ses.on(DeleteConfigurationSetEventDestinationCommand).rejects(notFound());
    await expect(targetOf().remove(ctx())).resolves.toBeUndefined();
    expect(aws.ses.commandCalls(DeleteConfigurationSetEventDestinationCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
      EventDestinationName: 'MyEventStream',
    });
  });

  // Which answers are propagation is aws/sesv2.test.ts's; the kind only uses that predicate.
  it("isPropagationError: the service's propagation answer, and nothing else", () => {
    const target = targetOf();
    const wrap = (error: unknown) => new AwsCallError('ses:CreateConfigurationSetEventDestination', error);
    expect(target.isPropagationError(wrap(badRequest(`Could not assume IAM role ${ROLE}.`)))).toBe(true);
    expect(target.isPropagationError(wrap(badRequest('Event destination already exists')))).toBe(false);
  });

  it('explain: NotFound names ConfigurationSetName', () => {
    const explained = targetOf().explain(new AwsCallError('ses:CreateConfigurationSetEventDestination', notFound()));
    expect(explained).toBeInstanceOf(ValidationError);
    expect((explained as ValidationError).property).toBe('ConfigurationSetName');
    expect((explained as Error).message).toBe(
      'ConfigurationSetName: SES configuration set marketing does not exist in this account and Region',
    );
  });

  it.each([
    ['another AWS error', () => new AwsCallError('ses:CreateConfigurationSetEventDestination', badRequest('no'))],
    [
      'a propagation DeadlineError',
      () => new DeadlineError('ses:CreateConfigurationSetEventDestination still could not use the new role'),
    ],
    ['a plain Error', () => new Error('x')],
  ])('explain: %s passes through unchanged (no end-of-support sentence for SES)', (_label, make) => {
    const error = make();
    expect(targetOf().explain(error)).toBe(error);
  });
});
