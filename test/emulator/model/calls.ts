// The function's AWS calls (every Command src/aws/*.ts sends) with inputs shaped the way
// src/aws/*.ts fills them, and the SDK client class that sends each.
import * as cfn from '@aws-sdk/client-cloudformation';
import * as iam from '@aws-sdk/client-iam';
import * as pinpoint from '@aws-sdk/client-pinpoint';
import * as sms from '@aws-sdk/client-pinpoint-sms-voice-v2';
import * as ses from '@aws-sdk/client-sesv2';
import { readDeployment } from '../../../src/config.js';
import { INLINE_POLICY_NAME } from '../../../src/names.js';
import { smsFirehosePolicy, smsVoiceTrust } from '../../../src/policies.js';
import {
  bindingFingerprint,
  ownershipTags,
  type RoleScope,
  roleArn,
  roleNameOf,
  rolePathOf,
} from '../../../src/roles.js';
import { formatArn, stackContext } from '../../../src/stack.js';

// Names, policies and tags come from the product's own builders (src/), as the function fills its calls.
export const STACK = stackContext(
  'arn:aws:cloudformation:us-east-1:123456789012:stack/messaging/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  'SmsEvents',
);
export const STACK_ID = STACK.stackId;
/** A deployment with every setting the function can have: the longest tags it sends. */
export const SCOPE: RoleScope = {
  stack: STACK,
  deployment: readDeployment({ DEPLOYMENT_ID: 'pinpoint-event-stream-resource' }),
};
const ROLE = { rolePath: '/team/', tags: [{ Key: 'team', Value: 'a' }] };
export const ROLE_NAME = roleNameOf(SCOPE, { ConfigurationSetName: 'alerts' }, ROLE);
export const ROLE_PATH = rolePathOf(SCOPE, ROLE);
export const ROLE_ARN = roleArn(STACK, ROLE_PATH, ROLE_NAME);
export const FIREHOSE_ARN = formatArn(STACK, 'firehose', 'deliverystream/message-events');
export const KINESIS_ARN = formatArn(STACK, 'kinesis', 'stream/message-events');
export const LOG_GROUP_ARN = formatArn(STACK, 'logs', 'log-group:/sms/events:*');
const BOUNDARY_ARN = formatArn(STACK, 'iam', 'policy/pinpoint-event-stream-boundary', '');
export const TRUST = JSON.stringify(smsVoiceTrust(STACK, 'alerts'));
const PERMISSIONS = JSON.stringify(smsFirehosePolicy(FIREHOSE_ARN));
const TAGS = [...ownershipTags(SCOPE, bindingFingerprint({ ConfigurationSetName: 'alerts' })), ...ROLE.tags];
const SES_DESTINATION = {
  Enabled: true,
  MatchingEventTypes: ['SEND', 'BOUNCE', 'COMPLAINT', 'DELIVERY'] as ses.EventType[],
  KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE_ARN },
};
const SMS_DESTINATION = {
  ConfigurationSetName: 'alerts',
  EventDestinationName: 'SmsEvents',
  MatchingEventTypes: ['ALL'] as sms.EventType[],
  KinesisFirehoseDestination: { DeliveryStreamArn: FIREHOSE_ARN, IamRoleArn: ROLE_ARN },
};

export interface Call {
  /** The SDK Command's name, as src/aws/*.ts imports it. */
  readonly command: string;
  readonly client: new (config: any) => any;
  readonly make: () => { input: object };
  readonly service: string;
  readonly operation: string;
}

const call = (client: Call['client'], service: string, command: string, make: Call['make']): Call => ({
  command,
  client,
  make,
  service,
  operation: command.replace(/Command$/, ''),
});

export const CALLS: readonly Call[] = [
  call(
    iam.IAMClient,
    'iam',
    'CreateRoleCommand',
    () =>
      new iam.CreateRoleCommand({
        RoleName: ROLE_NAME,
        Path: ROLE_PATH,
        AssumeRolePolicyDocument: TRUST,
        Tags: TAGS,
        PermissionsBoundary: BOUNDARY_ARN,
        Description:
          'Managed by a CloudFormation custom resource (pinpoint-event-stream); deleted with its stack resource.',
      }),
  ),
  call(iam.IAMClient, 'iam', 'GetRoleCommand', () => new iam.GetRoleCommand({ RoleName: ROLE_NAME })),
  call(
    iam.IAMClient,
    'iam',
    'UpdateAssumeRolePolicyCommand',
    () => new iam.UpdateAssumeRolePolicyCommand({ RoleName: ROLE_NAME, PolicyDocument: TRUST }),
  ),
  call(iam.IAMClient, 'iam', 'TagRoleCommand', () => new iam.TagRoleCommand({ RoleName: ROLE_NAME, Tags: TAGS })),
  call(
    iam.IAMClient,
    'iam',
    'UntagRoleCommand',
    () => new iam.UntagRoleCommand({ RoleName: ROLE_NAME, TagKeys: ['team', 'cost-centre'] }),
  ),
  call(
    iam.IAMClient,
    'iam',
    'PutRolePolicyCommand',
    () =>
      new iam.PutRolePolicyCommand({
        RoleName: ROLE_NAME,
        PolicyName: INLINE_POLICY_NAME,
        PolicyDocument: PERMISSIONS,
      }),
  ),
  call(
    iam.IAMClient,
    'iam',
    'DeleteRolePolicyCommand',
    () => new iam.DeleteRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: INLINE_POLICY_NAME }),
  ),
  call(iam.IAMClient, 'iam', 'ListRolePoliciesCommand', () => new iam.ListRolePoliciesCommand({ RoleName: ROLE_NAME })),
  call(
    iam.IAMClient,
    'iam',
    'ListAttachedRolePoliciesCommand',
    () => new iam.ListAttachedRolePoliciesCommand({ RoleName: ROLE_NAME }),
  ),
  call(
    iam.IAMClient,
    'iam',
    'DetachRolePolicyCommand',
    () =>
      new iam.DetachRolePolicyCommand({ RoleName: ROLE_NAME, PolicyArn: formatArn(STACK, 'iam', 'policy/extra', '') }),
  ),
  call(iam.IAMClient, 'iam', 'DeleteRoleCommand', () => new iam.DeleteRoleCommand({ RoleName: ROLE_NAME })),
  call(
    cfn.CloudFormationClient,
    'cloudformation',
    'DescribeStackResourceCommand',
    () => new cfn.DescribeStackResourceCommand({ StackName: STACK_ID, LogicalResourceId: 'SmsEvents' }),
  ),
  call(
    cfn.CloudFormationClient,
    'cloudformation',
    'DescribeStacksCommand',
    () => new cfn.DescribeStacksCommand({ StackName: STACK_ID }),
  ),
  call(
    pinpoint.PinpointClient,
    'pinpoint',
    'GetEventStreamCommand',
    () => new pinpoint.GetEventStreamCommand({ ApplicationId: '0123456789abcdef0123456789abcdef' }),
  ),
  call(
    pinpoint.PinpointClient,
    'pinpoint',
    'PutEventStreamCommand',
    () =>
      new pinpoint.PutEventStreamCommand({
        ApplicationId: '0123456789abcdef0123456789abcdef',
        WriteEventStream: { DestinationStreamArn: KINESIS_ARN, RoleArn: ROLE_ARN },
      }),
  ),
  call(
    pinpoint.PinpointClient,
    'pinpoint',
    'DeleteEventStreamCommand',
    () => new pinpoint.DeleteEventStreamCommand({ ApplicationId: '0123456789abcdef0123456789abcdef' }),
  ),
  call(
    ses.SESv2Client,
    'sesv2',
    'GetConfigurationSetEventDestinationsCommand',
    () => new ses.GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'marketing' }),
  ),
  call(
    ses.SESv2Client,
    'sesv2',
    'CreateConfigurationSetEventDestinationCommand',
    () =>
      new ses.CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'marketing',
        EventDestinationName: 'EmailEvents',
        EventDestination: SES_DESTINATION,
      }),
  ),
  call(
    ses.SESv2Client,
    'sesv2',
    'UpdateConfigurationSetEventDestinationCommand',
    () =>
      new ses.UpdateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'marketing',
        EventDestinationName: 'EmailEvents',
        EventDestination: { ...SES_DESTINATION, Enabled: false },
      }),
  ),
  call(
    ses.SESv2Client,
    'sesv2',
    'DeleteConfigurationSetEventDestinationCommand',
    () =>
      new ses.DeleteConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'marketing',
        EventDestinationName: 'EmailEvents',
      }),
  ),
  call(
    sms.PinpointSMSVoiceV2Client,
    'pinpoint-sms-voice-v2',
    'DescribeConfigurationSetsCommand',
    () => new sms.DescribeConfigurationSetsCommand({ ConfigurationSetNames: ['alerts'] }),
  ),
  call(
    sms.PinpointSMSVoiceV2Client,
    'pinpoint-sms-voice-v2',
    'CreateEventDestinationCommand',
    () => new sms.CreateEventDestinationCommand(SMS_DESTINATION),
  ),
  call(
    sms.PinpointSMSVoiceV2Client,
    'pinpoint-sms-voice-v2',
    'UpdateEventDestinationCommand',
    () =>
      new sms.UpdateEventDestinationCommand({
        ConfigurationSetName: 'alerts',
        EventDestinationName: 'SmsEvents',
        Enabled: true,
        MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
        CloudWatchLogsDestination: { LogGroupArn: LOG_GROUP_ARN, IamRoleArn: ROLE_ARN },
      }),
  ),
  call(
    sms.PinpointSMSVoiceV2Client,
    'pinpoint-sms-voice-v2',
    'DeleteEventDestinationCommand',
    () => new sms.DeleteEventDestinationCommand({ ConfigurationSetName: 'alerts', EventDestinationName: 'SmsEvents' }),
  ),
];
