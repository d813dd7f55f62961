import {
  BadRequestException,
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, DeadlineError, ValidationError } from '../../../src/errors.js';
import { fitName } from '../../../src/naming.js';
import type { Target } from '../../../src/resources/kind.js';
import type * as SesEventDestination from '../../../src/resources/ses-event-destination.js';
import {
  awsContext,
  CONFIG_SET,
  FIREHOSE_ARN,
  fresh,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  mockedClients,
  rejection,
  STACK_ID,
  stack,
} from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let sesEventDestination: typeof SesEventDestination.sesEventDestination;
beforeEach(
  async () => ({ sesEventDestination } = await fresh(() => import('../../../src/resources/ses-event-destination.js'))),
);

const ALL = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
];
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
const notFound = () =>
  new NotFoundException({
    message: 'Configuration set <marketing> does not exist.',
    $metadata: { httpStatusCode: 404 },
  });
const badRequest = (message: string) => new BadRequestException({ message, $metadata: { httpStatusCode: 400 } });

describe('Custom::PinpointEventStream (ConfigurationSetName): properties', () => {
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
    expect(plan.trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } },
        },
      ],
    });
    expect(plan.permissions).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
          Resource: FIREHOSE_ARN,
        },
      ],
    });
    expect(plan.target?.description).toBe('event destination MyEventStream of SES configuration set marketing');
    expect(plan.target?.replaceExisting).toBe(false);
  });

  it('with a KMS key: adds kms:GenerateDataKey on exactly that key', () => {
    expect(parse({ KmsKeyArn: KMS_KEY_ARN }).permissions).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
          Resource: FIREHOSE_ARN,
        },
        { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: KMS_KEY_ARN },
      ],
    });
  });

  it('reads EventDestinationName and ReplaceExistingStream', () => {
    const plan = parse({ EventDestinationName: 'to-firehose', ReplaceExistingStream: 'true' });
    expect(plan.binding).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'to-firehose' });
    expect(plan.target?.description).toBe('event destination to-firehose of SES configuration set marketing');
    expect(plan.target?.replaceExisting).toBe(true);
  });

  it('a logical id of exactly 64 characters is the default name as it is', () => {
    const id = `L${'x'.repeat(63)}`;
    expect(parse({}, stack(STACK_ID, id)).data).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: id });
  });

  it('defaults never fail: a logical id over 64 characters becomes a 64-character prefix-hash name', () => {
    const id = `L${'y'.repeat(80)}`;
    const name = parse({}, stack(STACK_ID, id)).data.EventDestinationName as string;
    expect(name).toBe(fitName(id, 64));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^Ly{54}-[0-9a-f]{8}$/);
    expect(parse({ EventDestinationName: 'short' }, stack(STACK_ID, id)).data.EventDestinationName).toBe('short');
  });

  it.each([
    ['ConfigurationSetName', { ConfigurationSetName: undefined }, 'is required'],
    ['ConfigurationSetName', { ConfigurationSetName: 'has space' }, 'not an ARN'],
    ['ConfigurationSetName', { ConfigurationSetName: '' }, 'not an ARN'],
    ['ConfigurationSetName', { ConfigurationSetName: 'c'.repeat(65) }, 'not an ARN'],
    ['EventDestinationName', { EventDestinationName: 'x'.repeat(65) }, '1-64 letters, digits, _ or -'],
    ['DestinationStreamArn', { DestinationStreamArn: undefined }, 'is required'],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*' },
      'deliverystream/<name>',
    ],
    [
      'DestinationStreamArn',
      { DestinationStreamArn: 'arn:aws:firehose:us-east-1:210987654321:deliverystream/d' },
      'account 210987654321',
    ],
    ['MatchingEventTypes', { MatchingEventTypes: ['SEND', 'SEND'] }, '"SEND" is listed twice'],
    ['MatchingEventTypes', { MatchingEventTypes: [] }, 'non-empty list'],
    ['MatchingEventTypes', { MatchingEventTypes: 'SEND' }, 'non-empty list'],
    ['Enabled', { Enabled: 'maybe' }, 'must be "true" or "false"'],
    ['ReplaceExistingStream', { ReplaceExistingStream: 'maybe' }, 'must be "true" or "false"'],
    ['KmsKeyArn', { KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/a' }, 'not an alias'],
    ['ApplicationId', { ApplicationId: 'a' }, 'unknown property'],
    ['PermissionsBoundary', { PermissionsBoundary: 'x' }, 'PermissionsBoundaryArn'],
    ['RoleName', { RoleName: 'r'.repeat(65) }, '1-64 characters'],
  ])('names %s when it is wrong: %j', (property, overrides, message) => {
    const error = invalid(() => parse(overrides));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it('a Kinesis stream is refused with a reason saying SES writes to Firehose only', () => {
    const error = invalid(() => parse({ DestinationStreamArn: KINESIS_ARN }));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (SES event destinations write to Firehose delivery streams only); must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
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

describe('Custom::PinpointEventStream (ConfigurationSetName): target', () => {
  let aws: ReturnType<typeof mockedClients>;
  beforeEach(() => {
    aws = mockedClients();
  });
  const ctx = () => awsContext(aws.clients);
  const created = () => aws.ses.commandCalls(CreateConfigurationSetEventDestinationCommand).map((c) => c.args[0].input);
  const updated = () => aws.ses.commandCalls(UpdateConfigurationSetEventDestinationCommand).map((c) => c.args[0].input);

  it('read: absent when the configuration set does not exist', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).rejects(notFound());
    await expect(targetOf().read(ctx())).resolves.toBeUndefined();
    expect(aws.ses.commandCalls(GetConfigurationSetEventDestinationsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: CONFIG_SET,
    });
  });

  it('read: absent when the set has no destination of this name', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: [
        {
          Name: 'other',
          MatchingEventTypes: ['SEND'],
          KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE },
        },
      ],
    });
    await expect(targetOf().read(ctx())).resolves.toBeUndefined();
  });

  it('read: present with the role it uses', async () => {
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
  });

  it('read: present without a role (another destination type)', async () => {
    aws.ses.on(GetConfigurationSetEventDestinationsCommand).resolves({
      EventDestinations: [
        {
          Name: 'MyEventStream',
          MatchingEventTypes: ['SEND'],
          SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' },
        },
      ],
    });
    await expect(targetOf().read(ctx())).resolves.toEqual({ roleArn: undefined });
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

  it.each([
    ['"false"', 'false'],
    ['false', false],
  ])('write (absent) with Enabled %s: created disabled in one call (SES creates as asked)', async (_label, enabled) => {
    aws.ses.on(CreateConfigurationSetEventDestinationCommand).resolves({});
    await targetOf({ Enabled: enabled }).write(undefined).attempt(ctx(), ROLE);
    expect(created()[0]?.EventDestination?.Enabled).toBe(false);
    expect(updated()).toEqual([]);
  });

  it('write (absent) repeated after a propagation error creates again (the first create did nothing), and never after a success', async () => {
    aws.ses
      .on(CreateConfigurationSetEventDestinationCommand)
      .rejectsOnce(badRequest('Could not assume IAM role <arn>'))
      .resolves({});
    const write = targetOf().write(undefined);
    await rejection(write.attempt(ctx(), ROLE), AwsCallError);
    await write.attempt(ctx(), ROLE);
    await write.attempt(ctx(), ROLE);
    expect(created()).toHaveLength(2);
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

  it('remove: any other error fails', async () => {
    aws.ses.on(DeleteConfigurationSetEventDestinationCommand).rejects(badRequest('nope'));
    await rejection(targetOf().remove(ctx()), AwsCallError);
  });

  it('isPropagationError: only BadRequest "Could not access Kinesis Firehose Stream ... using IAM role" or "Could not assume IAM role"', () => {
    const target = targetOf();
    const wrap = (error: unknown) => new AwsCallError('ses:CreateConfigurationSetEventDestination', error);
    expect(
      target.isPropagationError(
        wrap(badRequest(`Could not access Kinesis Firehose Stream ${FIREHOSE_ARN} using IAM role ${ROLE}.`)),
      ),
    ).toBe(true);
    expect(target.isPropagationError(wrap(badRequest(`Could not assume IAM role ${ROLE}.`)))).toBe(true);
    expect(target.isPropagationError(wrap(badRequest('Could not access Kinesis Firehose Stream x')))).toBe(false);
    expect(target.isPropagationError(wrap(badRequest('Event destination already exists')))).toBe(false);
    expect(target.isPropagationError(wrap(notFound()))).toBe(false);
    expect(target.isPropagationError(badRequest('Could not assume IAM role x'))).toBe(false);
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
