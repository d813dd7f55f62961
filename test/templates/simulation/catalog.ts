/**
 * The requests the function makes, and the names they act on, as an IAM policy simulator sees
 * them: one catalog for every simulator test of an execution role (template.yaml's, and the CDK
 * provider's). Each request carries the condition keys IAM would evaluate: the tags the function
 * sends (aws:RequestTag), the role's tags (iam:ResourceTag), its boundary, the service a role is
 * passed to.
 */
import { MANAGED_BY_VALUE, TAG_KEYS } from '../../../src/names.js';
import { managedRoleArn, TEST_DEPLOYMENT } from '../deployment.js';
import type { SimulationRequest } from '../execution-role-policy.js';

export type RequestType = 'Create' | 'Update' | 'Delete';
/** [what the request is, the request] */
export type Row = [string, SimulationRequest];

export const { account, region, partition } = TEST_DEPLOYMENT;
export const OTHER_ACCOUNT = '210987654321';
export const OTHER_REGION = 'eu-west-1';
export const BOUNDARY = TEST_DEPLOYMENT.boundaryArn;
export const OTHER_BOUNDARY = `arn:${partition}:iam::${account}:policy/AnotherBoundary`;
/** The deployment's stack name (the resolver's AWS::StackName): its DEPLOYMENT_ID. */
export const THIS_DEPLOYMENT = 'pinpoint-event-stream-resource';
export const OTHER_DEPLOYMENT = 'pinpoint-event-stream-blue';
const STACK_UUID = '6f1c2a40-5b0e-11ef-9a0b-0a1b2c3d4e5f';
export const STACK_ID = `arn:${partition}:cloudformation:${region}:${account}:stack/consumer/${STACK_UUID}`;

/** Our role: a RolePath /team/ nested below the managed path. */
export const ROLE = managedRoleArn('consumer-EventStream-1a2b3c4d5e6f', '/team/');
export const ROLE_AT_ROOT_OF_PATH = managedRoleArn('consumer-Other-0f9e8d7c6b5a');
export const ADMIN = `arn:${partition}:iam::${account}:role/Admin`;
export const OTHER_PATH = `arn:${partition}:iam::${account}:role/other/x`;

/** The tags that make a role this resource's, as 2.x wrote them (no deployment tag). */
export const OWNERSHIP_2X: Readonly<Record<string, string>> = {
  [TAG_KEYS.managedBy]: MANAGED_BY_VALUE,
  [TAG_KEYS.stackId]: STACK_ID,
  [TAG_KEYS.logicalId]: 'EventStream',
  [TAG_KEYS.binding]: '3f9a1c0d2e7b',
};
/** The tags 3.0 writes: the 2.x ones and this deployment. */
export const OWNERSHIP: Readonly<Record<string, string>> = { ...OWNERSHIP_2X, [TAG_KEYS.deployment]: THIS_DEPLOYMENT };
export const USER_TAGS = { team: 'messaging' };

export const requestTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]));
export const resourceTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`iam:ResourceTag/${k}`, v]));

/** What the function sends with CreateRole. */
export const CREATE_CONTEXT = { 'iam:PermissionsBoundary': BOUNDARY, ...requestTags({ ...OWNERSHIP, ...USER_TAGS }) };
/** What TagRole carries (ownership re-sent with the user tags). */
export const TAG_CONTEXT = requestTags({ ...OWNERSHIP, ...USER_TAGS });
/** A role, as TagRole, UntagRole and the List calls see it (they have no iam:PermissionsBoundary key). */
export const tagsOf = (ownership: Record<string, string>) => resourceTags({ ...ownership, ...USER_TAGS });
export const OWNED_TAGS = tagsOf(OWNERSHIP);
/** A role carrying the deployment's boundary. */
export const withBoundary = (tags: Record<string, string>) => ({ ...tags, 'iam:PermissionsBoundary': BOUNDARY });
export const OWNED = withBoundary(OWNED_TAGS);

export const app = (id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90', r = region, a = account) =>
  `arn:${partition}:mobiletargeting:${r}:${a}:apps/${id}/eventstream`;
export const sesSet = (name = 'events', r = region, a = account) =>
  `arn:${partition}:ses:${r}:${a}:configuration-set/${name}`;
export const smsSet = (name = 'sms-events', r = region, a = account) =>
  `arn:${partition}:sms-voice:${r}:${a}:configuration-set/${name}`;
export const stack = (r = region, a = account) =>
  `arn:${partition}:cloudformation:${r}:${a}:stack/consumer/${STACK_UUID}`;

export const passRole = (service: string, role = ROLE, ownership = OWNERSHIP): SimulationRequest => ({
  action: 'iam:PassRole',
  resource: role,
  context: { ...resourceTags(ownership), 'iam:PassedToService': service },
});

/** The calls every kind makes on a role tagged `ownership`, per request type. */
export function roleCalls(requestType: RequestType, ownership = OWNERSHIP): Row[] {
  const tags = tagsOf(ownership);
  const owned = withBoundary(tags);
  const verify: Row[] = [
    ['DescribeStackResource', { action: 'cloudformation:DescribeStackResource', resource: stack() }],
    ['DescribeStacks', { action: 'cloudformation:DescribeStacks', resource: stack() }],
    ['GetRole (the role is ours)', { action: 'iam:GetRole', resource: ROLE, context: owned }],
    ['GetRole (a role named in RoleName, anywhere)', { action: 'iam:GetRole', resource: ADMIN }],
  ];
  switch (requestType) {
    case 'Create':
      return [
        ...verify,
        [
          'CreateRole in the managed path, with boundary and tags',
          { action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT },
        ],
        [
          'CreateRole at the root of the managed path',
          { action: 'iam:CreateRole', resource: ROLE_AT_ROOT_OF_PATH, context: CREATE_CONTEXT },
        ],
        [
          'TagRole of the new, untagged role (CreateRole with Tags)',
          { action: 'iam:TagRole', resource: ROLE, context: TAG_CONTEXT },
        ],
        ['PutRolePolicy', { action: 'iam:PutRolePolicy', resource: ROLE, context: owned }],
      ];
    case 'Update':
      return [
        ...verify,
        ['TagRole of the owned role', { action: 'iam:TagRole', resource: ROLE, context: { ...tags, ...TAG_CONTEXT } }],
        [
          'UntagRole of a user tag',
          { action: 'iam:UntagRole', resource: ROLE, context: { ...tags, 'aws:TagKeys': ['team', 'cost'] } },
        ],
        ['PutRolePolicy', { action: 'iam:PutRolePolicy', resource: ROLE, context: owned }],
        ['UpdateAssumeRolePolicy', { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, context: owned }],
      ];
    case 'Delete':
      return [
        ...verify,
        ['ListRolePolicies', { action: 'iam:ListRolePolicies', resource: ROLE, context: tags }],
        ['DeleteRolePolicy', { action: 'iam:DeleteRolePolicy', resource: ROLE, context: owned }],
        ['ListAttachedRolePolicies', { action: 'iam:ListAttachedRolePolicies', resource: ROLE, context: tags }],
        [
          'DetachRolePolicy',
          {
            action: 'iam:DetachRolePolicy',
            resource: ROLE,
            context: { ...owned, 'iam:PolicyARN': `arn:${partition}:iam::aws:policy/ReadOnlyAccess` },
          },
        ],
        ['DeleteRole', { action: 'iam:DeleteRole', resource: ROLE, context: owned }],
        // A role made under an older boundary, or none, is still removed.
        [
          'DeleteRolePolicy of an owned role with an older boundary',
          {
            action: 'iam:DeleteRolePolicy',
            resource: ROLE,
            context: { ...owned, 'iam:PermissionsBoundary': OTHER_BOUNDARY },
          },
        ],
        [
          'DeleteRole of an owned role without a boundary',
          { action: 'iam:DeleteRole', resource: ROLE, context: resourceTags(ownership) },
        ],
      ];
  }
}

const get = (action: string, resource: string): SimulationRequest => ({ action, resource });

/** The calls after the role, per kind and request type, on a role tagged `ownership`. */
export function serviceCalls(ownership = OWNERSHIP): Record<string, Record<RequestType, Row[]>> {
  const pass = (service: string) => passRole(service, ROLE, ownership);
  return {
    'Pinpoint event stream': {
      Create: [
        ['GetEventStream', get('mobiletargeting:GetEventStream', app())],
        ['PutEventStream', get('mobiletargeting:PutEventStream', app())],
        ['PassRole to pinpoint.amazonaws.com', pass('pinpoint.amazonaws.com')],
        ['PassRole to mobiletargeting.amazonaws.com', pass('mobiletargeting.amazonaws.com')],
      ],
      Update: [
        ['GetEventStream', get('mobiletargeting:GetEventStream', app())],
        ['PutEventStream', get('mobiletargeting:PutEventStream', app())],
        ['PassRole to pinpoint.amazonaws.com', pass('pinpoint.amazonaws.com')],
      ],
      Delete: [
        ['GetEventStream', get('mobiletargeting:GetEventStream', app())],
        ['DeleteEventStream', get('mobiletargeting:DeleteEventStream', app())],
      ],
    },
    'SES event destination': {
      Create: [
        ['GetConfigurationSetEventDestinations', get('ses:GetConfigurationSetEventDestinations', sesSet())],
        ['CreateConfigurationSetEventDestination', get('ses:CreateConfigurationSetEventDestination', sesSet())],
        ['PassRole to ses.amazonaws.com', pass('ses.amazonaws.com')],
      ],
      Update: [
        ['GetConfigurationSetEventDestinations', get('ses:GetConfigurationSetEventDestinations', sesSet())],
        ['UpdateConfigurationSetEventDestination', get('ses:UpdateConfigurationSetEventDestination', sesSet())],
        ['PassRole to ses.amazonaws.com', pass('ses.amazonaws.com')],
      ],
      Delete: [
        ['GetConfigurationSetEventDestinations', get('ses:GetConfigurationSetEventDestinations', sesSet())],
        ['DeleteConfigurationSetEventDestination', get('ses:DeleteConfigurationSetEventDestination', sesSet())],
      ],
    },
    'email sending role': { Create: [], Update: [], Delete: [] },
    'SMS and voice event destination': {
      Create: [
        ['DescribeConfigurationSets (no resource)', get('sms-voice:DescribeConfigurationSets', '*')],
        ['DescribeConfigurationSets (named)', get('sms-voice:DescribeConfigurationSets', smsSet())],
        ['CreateEventDestination', get('sms-voice:CreateEventDestination', smsSet())],
        ['PassRole to sms-voice.amazonaws.com', pass('sms-voice.amazonaws.com')],
      ],
      Update: [
        ['DescribeConfigurationSets', get('sms-voice:DescribeConfigurationSets', '*')],
        ['UpdateEventDestination', get('sms-voice:UpdateEventDestination', smsSet())],
        // Switching between Firehose and CloudWatch Logs: delete and create again under the same name.
        ['DeleteEventDestination', get('sms-voice:DeleteEventDestination', smsSet())],
        ['CreateEventDestination', get('sms-voice:CreateEventDestination', smsSet())],
        ['PassRole to sms-voice.amazonaws.com', pass('sms-voice.amazonaws.com')],
      ],
      Delete: [
        ['DescribeConfigurationSets', get('sms-voice:DescribeConfigurationSets', '*')],
        ['DeleteEventDestination', get('sms-voice:DeleteEventDestination', smsSet())],
      ],
    },
  };
}

/** Every request of every kind and request type on a role tagged `ownership`: what the execution role must allow. */
export function allowedRows(ownership = OWNERSHIP): Row[] {
  return Object.entries(serviceCalls(ownership)).flatMap(([kind, byType]) =>
    (['Create', 'Update', 'Delete'] as const).flatMap((type) =>
      [...roleCalls(type, ownership), ...byType[type]].map(
        ([what, request]): Row => [`${kind} ${type}: ${what}`, request],
      ),
    ),
  );
}
