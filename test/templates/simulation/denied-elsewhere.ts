/**
 * What a compromised function might try beyond its roles: passing them to other services, calling
 * the services in another account or Region, and anything else. Each row is denied.
 */
import {
  account,
  app,
  OTHER_ACCOUNT,
  OTHER_REGION,
  OWNED,
  OWNERSHIP,
  partition,
  passRole,
  ROLE,
  region,
  resourceTags,
  sesSet,
  smsSet,
  stack,
} from './catalog.js';
import type { Denied } from './denied.js';

export const DENIED_ELSEWHERE: Denied[] = [
  // Our roles go only to the messaging services
  ...[
    'lambda.amazonaws.com',
    'ec2.amazonaws.com',
    'iam.amazonaws.com',
    'cloudformation.amazonaws.com',
    'firehose.amazonaws.com',
  ].map((service): Denied => [`PassRole of our role to ${service}`, passRole(service), 'ImplicitlyDenied']),
  [
    'PassRole of our role without iam:PassedToService',
    { action: 'iam:PassRole', resource: ROLE, context: resourceTags(OWNERSHIP) },
    'ImplicitlyDenied',
  ],
  [
    'PassRole of an untagged role in the path',
    { action: 'iam:PassRole', resource: ROLE, context: { 'iam:PassedToService': 'pinpoint.amazonaws.com' } },
    'ImplicitlyDenied',
  ],

  // Service calls only in this account and Region
  [
    'PutEventStream in another Region',
    { action: 'mobiletargeting:PutEventStream', resource: app(undefined, OTHER_REGION) },
    'ImplicitlyDenied',
  ],
  [
    'PutEventStream in another account',
    { action: 'mobiletargeting:PutEventStream', resource: app(undefined, region, OTHER_ACCOUNT) },
    'ImplicitlyDenied',
  ],
  [
    'DeleteEventStream in another Region',
    { action: 'mobiletargeting:DeleteEventStream', resource: app(undefined, OTHER_REGION) },
    'ImplicitlyDenied',
  ],
  [
    'CreateConfigurationSetEventDestination in another Region',
    { action: 'ses:CreateConfigurationSetEventDestination', resource: sesSet(undefined, OTHER_REGION) },
    'ImplicitlyDenied',
  ],
  [
    'DeleteConfigurationSetEventDestination in another account',
    { action: 'ses:DeleteConfigurationSetEventDestination', resource: sesSet(undefined, region, OTHER_ACCOUNT) },
    'ImplicitlyDenied',
  ],
  [
    'sms-voice CreateEventDestination in another Region',
    { action: 'sms-voice:CreateEventDestination', resource: smsSet(undefined, OTHER_REGION) },
    'ImplicitlyDenied',
  ],
  [
    'sms-voice DeleteEventDestination in another account',
    { action: 'sms-voice:DeleteEventDestination', resource: smsSet(undefined, region, OTHER_ACCOUNT) },
    'ImplicitlyDenied',
  ],
  [
    'sms-voice DescribeConfigurationSets in another Region',
    { action: 'sms-voice:DescribeConfigurationSets', resource: '*', context: { 'aws:RequestedRegion': OTHER_REGION } },
    'ImplicitlyDenied',
  ],
  [
    'DescribeStackResource in another Region',
    { action: 'cloudformation:DescribeStackResource', resource: stack(OTHER_REGION) },
    'ImplicitlyDenied',
  ],
  [
    'DescribeStacks in another account',
    { action: 'cloudformation:DescribeStacks', resource: stack(region, OTHER_ACCOUNT) },
    'ImplicitlyDenied',
  ],
  [
    'GetRole in another account',
    { action: 'iam:GetRole', resource: `arn:${partition}:iam::${OTHER_ACCOUNT}:role/Admin` },
    'ImplicitlyDenied',
  ],

  // Nothing else
  [
    'iam:CreateUser',
    { action: 'iam:CreateUser', resource: `arn:${partition}:iam::${account}:user/pinpoint-event-stream/${region}/u` },
    'ImplicitlyDenied',
  ],
  [
    'iam:CreatePolicy',
    { action: 'iam:CreatePolicy', resource: `arn:${partition}:iam::${account}:policy/pinpoint-event-stream/p` },
    'ImplicitlyDenied',
  ],
  ['iam:UpdateRole', { action: 'iam:UpdateRole', resource: ROLE, context: OWNED }, 'ImplicitlyDenied'],
  [
    'iam:CreateServiceLinkedRole',
    { action: 'iam:CreateServiceLinkedRole', resource: `arn:${partition}:iam::${account}:role/aws-service-role/x` },
    'ImplicitlyDenied',
  ],
  [
    'lambda:UpdateFunctionCode',
    {
      action: 'lambda:UpdateFunctionCode',
      resource: `arn:${partition}:lambda:${region}:${account}:function:pinpoint-event-stream-resource`,
    },
    'ImplicitlyDenied',
  ],
  [
    'firehose:PutRecordBatch',
    {
      action: 'firehose:PutRecordBatch',
      resource: `arn:${partition}:firehose:${region}:${account}:deliverystream/events`,
    },
    'ImplicitlyDenied',
  ],
  [
    'logs:PutLogEvents into another log group',
    {
      action: 'logs:PutLogEvents',
      resource: `arn:${partition}:logs:${region}:${account}:log-group:other:log-stream:s`,
    },
    'ImplicitlyDenied',
  ],
  ['cloudformation:UpdateStack', { action: 'cloudformation:UpdateStack', resource: stack() }, 'ImplicitlyDenied'],
];
