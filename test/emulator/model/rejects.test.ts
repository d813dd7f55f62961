// Requests the real SDK sends but the service's model refuses: each names the member and rule.
import * as cfn from '@aws-sdk/client-cloudformation';
import * as iam from '@aws-sdk/client-iam';
import * as pinpoint from '@aws-sdk/client-pinpoint';
import * as sms from '@aws-sdk/client-pinpoint-sms-voice-v2';
import * as ses from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../emulator/model/index.js';
import { FIREHOSE_ARN, ROLE_ARN, ROLE_NAME, ROLE_PATH, TRUST } from './calls.js';
import { capture } from './capture.js';

const role = { RoleName: ROLE_NAME, Path: ROLE_PATH, AssumeRolePolicyDocument: TRUST };
const smsDestination = {
  ConfigurationSetName: 'alerts',
  EventDestinationName: 'SmsEvents',
  MatchingEventTypes: ['ALL'] as sms.EventType[],
  KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE_ARN },
};
const sesDestination = (types: string[]) => ({
  ConfigurationSetName: 'marketing',
  EventDestinationName: 'EmailEvents',
  EventDestination: {
    Enabled: true,
    MatchingEventTypes: types as ses.EventType[],
    KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE_ARN },
  },
});

async function violations(client: new (config: any) => any, command: unknown) {
  return checkRequest(await capture(client, command)).violations.map(({ member, rule }) => ({ member, rule }));
}

describe('requests the model refuses', () => {
  it.each([
    ['a RoleName of 65 characters', { ...role, RoleName: 'r'.repeat(65) }, 'RoleName', 'max-length'],
    [
      'a RoleName with a space (patterns match the whole value)',
      { ...role, RoleName: 'team role' },
      'RoleName',
      'pattern',
    ],
    [
      'a role path without a trailing slash',
      { ...role, Path: '/pinpoint-event-stream/us-east-1/team' },
      'Path',
      'pattern',
    ],
    ['no AssumeRolePolicyDocument', { RoleName: ROLE_NAME, Path: ROLE_PATH }, 'AssumeRolePolicyDocument', 'required'],
    ['a tag key with a *', { ...role, Tags: [{ Key: 'team*', Value: 'x' }] }, 'Tags[0].Key', 'pattern'],
    ['a tag without its Value', { ...role, Tags: [{ Key: 'team' }] }, 'Tags[0].Value', 'required'],
    [
      '51 tags',
      { ...role, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      'Tags',
      'max-items',
    ],
    ['a MaxSessionDuration under an hour', { ...role, MaxSessionDuration: 60 }, 'MaxSessionDuration', 'min'],
  ])('iam:CreateRole with %s', async (_what, input, member, rule) => {
    expect(await violations(iam.IAMClient, new iam.CreateRoleCommand(input as any))).toEqual([{ member, rule }]);
  });

  it('iam:ListRolePolicies with MaxItems 0', async () => {
    const command = new iam.ListRolePoliciesCommand({ RoleName: ROLE_NAME, MaxItems: 0 });
    expect(await violations(iam.IAMClient, command)).toEqual([{ member: 'MaxItems', rule: 'min' }]);
  });

  it('cloudformation:DescribeStackResource without LogicalResourceId', async () => {
    const command = new cfn.DescribeStackResourceCommand({ StackName: 'messaging' } as any);
    expect(await violations(cfn.CloudFormationClient, command)).toEqual([
      { member: 'LogicalResourceId', rule: 'required' },
    ]);
  });

  it('mobiletargeting:PutEventStream without the RoleArn', async () => {
    const command = new pinpoint.PutEventStreamCommand({
      ApplicationId: 'app',
      WriteEventStream: { DestinationStreamArn: FIREHOSE_ARN } as any,
    });
    expect(await violations(pinpoint.PinpointClient, command)).toEqual([
      { member: 'WriteEventStream.RoleArn', rule: 'required' },
    ]);
  });

  it('ses:CreateConfigurationSetEventDestination with an event type not in the enum', async () => {
    const command = new ses.CreateConfigurationSetEventDestinationCommand(sesDestination(['SEND', 'OPENED']));
    expect(await violations(ses.SESv2Client, command)).toEqual([
      { member: 'EventDestination.MatchingEventTypes[1]', rule: 'enum' },
    ]);
  });

  it('ses:UpdateConfigurationSetEventDestination with Enabled as a string', async () => {
    const input = sesDestination(['SEND']);
    const command = new ses.UpdateConfigurationSetEventDestinationCommand({
      ...input,
      EventDestination: { ...input.EventDestination, Enabled: 'true' as any },
    });
    expect(await violations(ses.SESv2Client, command)).toEqual([{ member: 'EventDestination.Enabled', rule: 'type' }]);
  });

  it.each([
    ['a destination name with a space', { EventDestinationName: 'Sms Events' }, 'EventDestinationName', 'pattern'],
    [
      'a destination name of 65 characters',
      { EventDestinationName: 'd'.repeat(65) },
      'EventDestinationName',
      'max-length',
    ],
    ['an unknown event type', { MatchingEventTypes: ['TEXT_EVERYTHING'] }, 'MatchingEventTypes[0]', 'enum'],
    ['no event types', { MatchingEventTypes: [] }, 'MatchingEventTypes', 'min-items'],
    ['no MatchingEventTypes', { MatchingEventTypes: undefined }, 'MatchingEventTypes', 'required'],
    [
      'a role ARN shorter than 20 characters',
      { KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: 'arn:aws:iam::1:role' } },
      'KinesisFirehoseDestination.IamRoleArn',
      'min-length',
    ],
  ])('sms-voice:CreateEventDestination with %s', async (_what, change, member, rule) => {
    const command = new sms.CreateEventDestinationCommand({ ...smsDestination, ...change } as any);
    expect(await violations(sms.PinpointSMSVoiceV2Client, command)).toEqual([{ member, rule }]);
  });

  it('sms-voice:DescribeConfigurationSets with more names than the list allows', async () => {
    const command = new sms.DescribeConfigurationSetsCommand({ ConfigurationSetNames: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(await violations(sms.PinpointSMSVoiceV2Client, command)).toEqual([
      { member: 'ConfigurationSetNames', rule: 'max-items' },
    ]);
  });

  it('says service, operation, member and rule in one line', async () => {
    const command = new iam.CreateRoleCommand({ ...role, RoleName: 'r'.repeat(65) });
    const [violation] = checkRequest(await capture(iam.IAMClient, command)).violations;
    expect(violation).toMatchObject({
      service: 'iam',
      operation: 'CreateRole',
      member: 'RoleName',
      rule: 'max-length',
    });
    expect(violation?.message).toBe(
      'iam CreateRole: RoleName [max-length] 65 characters, the model (roleNameType) allows at most 64',
    );
  });
});
