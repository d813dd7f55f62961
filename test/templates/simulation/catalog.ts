/**
 * The requests the function makes, and the names they act on, as an IAM policy simulator sees
 * them: one catalog for every simulator test of an execution role (template.yaml's, and the CDK
 * per-stack provider's). Moved out of execution-role-simulation.test.ts unchanged, to the paths and
 * names the core branch's split of that test gives them (simulation/catalog.ts, denied.ts,
 * denied-elsewhere.ts).
 */
import { BINDING_TAG, LOGICAL_ID_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, STACK_ID_TAG } from '../../../src/ownership.js';
import { managedRoleArn, TEST_DEPLOYMENT } from '../deployment.js';
import type { SimulationRequest } from '../execution-role-policy.js';

export const { account, region, partition } = TEST_DEPLOYMENT;
export const OTHER_ACCOUNT = '210987654321';
export const OTHER_REGION = 'eu-west-1';
export const BOUNDARY = TEST_DEPLOYMENT.boundaryArn;
export const OTHER_BOUNDARY = `arn:${partition}:iam::${account}:policy/AnotherBoundary`;
const STACK_UUID = '6f1c2a40-5b0e-11ef-9a0b-0a1b2c3d4e5f';
export const STACK_ID = `arn:${partition}:cloudformation:${region}:${account}:stack/consumer/${STACK_UUID}`;
export const LOGICAL_ID = 'EventStream';

/** Our role: a RolePath /team/ nested below the managed path. */
export const ROLE = managedRoleArn('consumer-EventStream-1a2b3c4d5e6f', '/team/');
export const ROLE_AT_ROOT_OF_PATH = managedRoleArn('consumer-Other-0f9e8d7c6b5a');
export const ADMIN = `arn:${partition}:iam::${account}:role/Admin`;
export const OTHER_PATH = `arn:${partition}:iam::${account}:role/other/x`;

export const OWNERSHIP: Record<string, string> = {
  [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
  [STACK_ID_TAG]: STACK_ID,
  [LOGICAL_ID_TAG]: LOGICAL_ID,
  [BINDING_TAG]: '3f9a1c0d2e7b',
};
export const USER_TAGS = { team: 'messaging' };

export const requestTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]));
export const resourceTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`iam:ResourceTag/${k}`, v]));

/** What the function sends with CreateRole. */
export const CREATE_CONTEXT = { 'iam:PermissionsBoundary': BOUNDARY, ...requestTags({ ...OWNERSHIP, ...USER_TAGS }) };
/** What TagRole carries (ownership re-sent with the user tags). */
export const TAG_CONTEXT = requestTags({ ...OWNERSHIP, ...USER_TAGS });
/** An owned role, as TagRole, UntagRole and the List calls see it (they have no iam:PermissionsBoundary key). */
export const OWNED_TAGS = resourceTags({ ...OWNERSHIP, ...USER_TAGS });
/** An owned role carrying the deployment's boundary. */
export const OWNED = { ...OWNED_TAGS, 'iam:PermissionsBoundary': BOUNDARY };

export const app = (id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90', r = region, a = account) =>
  `arn:${partition}:mobiletargeting:${r}:${a}:apps/${id}/eventstream`;
export const sesSet = (name = 'events', r = region, a = account) =>
  `arn:${partition}:ses:${r}:${a}:configuration-set/${name}`;
export const smsSet = (name = 'sms-events', r = region, a = account) =>
  `arn:${partition}:sms-voice:${r}:${a}:configuration-set/${name}`;
export const stack = (r = region, a = account) =>
  `arn:${partition}:cloudformation:${r}:${a}:stack/consumer/${STACK_UUID}`;

export const passRole = (service: string, role = ROLE): SimulationRequest => ({
  action: 'iam:PassRole',
  resource: role,
  context: { ...resourceTags(OWNERSHIP), 'iam:PassedToService': service },
});

/** The calls every kind makes on its role, per request type. */
export function roleCalls(requestType: 'Create' | 'Update' | 'Delete'): [string, SimulationRequest][] {
  const verify: [string, SimulationRequest][] = [
    ['DescribeStackResource', { action: 'cloudformation:DescribeStackResource', resource: stack() }],
    ['DescribeStacks', { action: 'cloudformation:DescribeStacks', resource: stack() }],
    ['GetRole (the role is ours)', { action: 'iam:GetRole', resource: ROLE, context: OWNED }],
    ['GetRole (a role named in RoleName, anywhere)', { action: 'iam:GetRole', resource: ADMIN }],
  ];
  switch (requestType) {
    case 'Create':
      return [
        ...verify,
        [
          'CreateRole in the managed path with the boundary and the ownership tags',
          { action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT },
        ],
        [
          'CreateRole at the root of the managed path',
          { action: 'iam:CreateRole', resource: ROLE_AT_ROOT_OF_PATH, context: CREATE_CONTEXT },
        ],
        [
          'TagRole of the new, still untagged role (part of CreateRole with Tags)',
          { action: 'iam:TagRole', resource: ROLE, context: TAG_CONTEXT },
        ],
        ['PutRolePolicy', { action: 'iam:PutRolePolicy', resource: ROLE, context: OWNED }],
      ];
    case 'Update':
      return [
        ...verify,
        [
          'TagRole of the owned role',
          { action: 'iam:TagRole', resource: ROLE, context: { ...OWNED_TAGS, ...TAG_CONTEXT } },
        ],
        [
          'UntagRole of a user tag',
          {
            action: 'iam:UntagRole',
            resource: ROLE,
            context: { ...OWNED_TAGS, 'aws:TagKeys': ['team', 'cost-center'] },
          },
        ],
        ['PutRolePolicy', { action: 'iam:PutRolePolicy', resource: ROLE, context: OWNED }],
        ['UpdateAssumeRolePolicy', { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, context: OWNED }],
      ];
    case 'Delete':
      return [
        ...verify,
        ['ListRolePolicies', { action: 'iam:ListRolePolicies', resource: ROLE, context: OWNED_TAGS }],
        ['DeleteRolePolicy', { action: 'iam:DeleteRolePolicy', resource: ROLE, context: OWNED }],
        ['ListAttachedRolePolicies', { action: 'iam:ListAttachedRolePolicies', resource: ROLE, context: OWNED_TAGS }],
        [
          'DetachRolePolicy',
          {
            action: 'iam:DetachRolePolicy',
            resource: ROLE,
            context: { ...OWNED, 'iam:PolicyARN': `arn:${partition}:iam::aws:policy/ReadOnlyAccess` },
          },
        ],
        ['DeleteRole', { action: 'iam:DeleteRole', resource: ROLE, context: OWNED }],
        // A role made under an older boundary, or none, is still removed.
        [
          'DeleteRolePolicy of an owned role with an older boundary',
          {
            action: 'iam:DeleteRolePolicy',
            resource: ROLE,
            context: { ...OWNED, 'iam:PermissionsBoundary': OTHER_BOUNDARY },
          },
        ],
        [
          'DeleteRole of an owned role without a boundary',
          { action: 'iam:DeleteRole', resource: ROLE, context: resourceTags(OWNERSHIP) },
        ],
      ];
  }
}

/** The calls after the role, per kind and request type. */
const SERVICE_CALLS: Record<string, Record<'Create' | 'Update' | 'Delete', [string, SimulationRequest][]>> = {
  'Custom::PinpointEventStream (Pinpoint)': {
    Create: [
      ['GetEventStream', { action: 'mobiletargeting:GetEventStream', resource: app() }],
      ['PutEventStream', { action: 'mobiletargeting:PutEventStream', resource: app() }],
      ['PassRole to pinpoint.amazonaws.com', passRole('pinpoint.amazonaws.com')],
      ['PassRole to mobiletargeting.amazonaws.com', passRole('mobiletargeting.amazonaws.com')],
    ],
    Update: [
      ['GetEventStream', { action: 'mobiletargeting:GetEventStream', resource: app() }],
      ['PutEventStream', { action: 'mobiletargeting:PutEventStream', resource: app() }],
      ['PassRole to pinpoint.amazonaws.com', passRole('pinpoint.amazonaws.com')],
    ],
    Delete: [
      ['GetEventStream', { action: 'mobiletargeting:GetEventStream', resource: app() }],
      ['DeleteEventStream', { action: 'mobiletargeting:DeleteEventStream', resource: app() }],
    ],
  },
  'Custom::PinpointEventStream (SES)': {
    Create: [
      [
        'GetConfigurationSetEventDestinations',
        { action: 'ses:GetConfigurationSetEventDestinations', resource: sesSet() },
      ],
      [
        'CreateConfigurationSetEventDestination',
        { action: 'ses:CreateConfigurationSetEventDestination', resource: sesSet() },
      ],
      ['PassRole to ses.amazonaws.com', passRole('ses.amazonaws.com')],
    ],
    Update: [
      [
        'GetConfigurationSetEventDestinations',
        { action: 'ses:GetConfigurationSetEventDestinations', resource: sesSet() },
      ],
      [
        'UpdateConfigurationSetEventDestination',
        { action: 'ses:UpdateConfigurationSetEventDestination', resource: sesSet() },
      ],
      ['PassRole to ses.amazonaws.com', passRole('ses.amazonaws.com')],
    ],
    Delete: [
      [
        'GetConfigurationSetEventDestinations',
        { action: 'ses:GetConfigurationSetEventDestinations', resource: sesSet() },
      ],
      [
        'DeleteConfigurationSetEventDestination',
        { action: 'ses:DeleteConfigurationSetEventDestination', resource: sesSet() },
      ],
    ],
  },
  'Custom::PinpointEmailSendingRole': { Create: [], Update: [], Delete: [] },
  'Custom::SmsVoiceEventDestination': {
    Create: [
      ['DescribeConfigurationSets (no resource)', { action: 'sms-voice:DescribeConfigurationSets', resource: '*' }],
      ['DescribeConfigurationSets (named)', { action: 'sms-voice:DescribeConfigurationSets', resource: smsSet() }],
      ['CreateEventDestination', { action: 'sms-voice:CreateEventDestination', resource: smsSet() }],
      ['PassRole to sms-voice.amazonaws.com', passRole('sms-voice.amazonaws.com')],
    ],
    Update: [
      ['DescribeConfigurationSets', { action: 'sms-voice:DescribeConfigurationSets', resource: '*' }],
      ['UpdateEventDestination', { action: 'sms-voice:UpdateEventDestination', resource: smsSet() }],
      // Switching between Firehose and CloudWatch Logs: delete and create again under the same name.
      ['DeleteEventDestination', { action: 'sms-voice:DeleteEventDestination', resource: smsSet() }],
      ['CreateEventDestination', { action: 'sms-voice:CreateEventDestination', resource: smsSet() }],
      ['PassRole to sms-voice.amazonaws.com', passRole('sms-voice.amazonaws.com')],
    ],
    Delete: [
      ['DescribeConfigurationSets', { action: 'sms-voice:DescribeConfigurationSets', resource: '*' }],
      ['DeleteEventDestination', { action: 'sms-voice:DeleteEventDestination', resource: smsSet() }],
    ],
  },
};

const ALLOWED: [string, SimulationRequest][] = Object.entries(SERVICE_CALLS).flatMap(([kind, byType]) =>
  (['Create', 'Update', 'Delete'] as const).flatMap((type) =>
    [...roleCalls(type), ...byType[type]].map(
      ([what, request]) => [`${kind} ${type}: ${what}`, request] as [string, SimulationRequest],
    ),
  ),
);

/** The calls after the role, per kind and request type. */
export function serviceCalls(): typeof SERVICE_CALLS {
  return SERVICE_CALLS;
}

/** Every request of every kind and request type: what the execution role must allow. */
export function allowedRows(): [string, SimulationRequest][] {
  return ALLOWED;
}
