/**
 * What a compromised function might try beyond its roles: passing them to other services, calling
 * the services in another account or Region, and anything else. Each row is denied.
 */

import {
  account,
  allowedRows,
  OTHER_ACCOUNT,
  OTHER_REGION,
  OWNED,
  OWNERSHIP,
  partition,
  passRole,
  ROLE,
  type Row,
  region,
  resourceTags,
  stack,
} from './catalog.js';
import type { Denied } from './denied.js';

/**
 * Each service call the function makes (catalog.ts: CloudFormation's and every kind's), once in
 * another Region and once in another account; a call on '*' (a list call) with another
 * aws:RequestedRegion. IAM is global: its calls elsewhere are rows of their own below.
 */
function elsewhere(rows: readonly Row[]): Denied[] {
  const calls = new Map(
    rows
      .map(([, request]) => request)
      .filter(({ action }) => !action.startsWith('iam:'))
      .map((request) => [`${request.action} ${request.resource}`, request]),
  );
  return [...calls.values()].flatMap(({ action, resource }): Denied[] => {
    if (resource === '*') {
      const context = { 'aws:RequestedRegion': OTHER_REGION };
      return [[`${action} (any resource) in another Region`, { action, resource, context }, 'ImplicitlyDenied']];
    }
    const [arn, arnPartition, service, arnRegion, arnAccount, ...rest] = resource.split(':');
    const moved = (to: string, from: string) => [arn, arnPartition, service, to, from, ...rest].join(':');
    return [
      [`${action} in another Region`, { action, resource: moved(OTHER_REGION, arnAccount!) }, 'ImplicitlyDenied'],
      [`${action} in another account`, { action, resource: moved(arnRegion!, OTHER_ACCOUNT) }, 'ImplicitlyDenied'],
    ];
  });
}

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

  // Service calls only in this account and Region: every call of the catalog, moved to each.
  ...elsewhere(allowedRows()),
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
