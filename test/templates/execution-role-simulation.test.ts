/**
 * Proof, with an IAM policy simulator, that template.yaml's execution role lets the function
 * make every request it legitimately makes, and nothing that would let a compromised function
 * reach, claim, widen or pass a role outside its managed path, or act outside its account and
 * Region. Each denied request is an allowed one with one thing changed, so it is denied for
 * that reason alone. And the permissions boundary the template creates holds every permission
 * the created roles' policies can contain, and no IAM, STS or wildcard action.
 */
import { describe, expect, it } from 'vitest';
import { BINDING_TAG, LOGICAL_ID_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, STACK_ID_TAG } from '../../src/ownership.js';
import { actionsOf, asList } from './cfn.js';
import { managedRoleArn, TEST_DEPLOYMENT } from './deployment.js';
import {
  completeRequest,
  type Decision,
  executionRolePolicies,
  expectedBoundaryArn,
  type PolicyDocument,
  roleBoundaryPolicy,
  type SimulationRequest,
  simulate,
  simulateDetailed,
  simulatePolicies,
} from './execution-role-policy.js';

const { account, region, partition } = TEST_DEPLOYMENT;
const OTHER_ACCOUNT = '210987654321';
const OTHER_REGION = 'eu-west-1';
const BOUNDARY = TEST_DEPLOYMENT.boundaryArn;
const OTHER_BOUNDARY = `arn:${partition}:iam::${account}:policy/AnotherBoundary`;
const STACK_ID = `arn:${partition}:cloudformation:${region}:${account}:stack/consumer/6f1c2a40-5b0e-11ef-9a0b-0a1b2c3d4e5f`;
const LOGICAL_ID = 'EventStream';

/** Our role: a RolePath /team/ nested below the managed path. */
const ROLE = managedRoleArn('consumer-EventStream-1a2b3c4d5e6f', '/team/');
const ROLE_AT_ROOT_OF_PATH = managedRoleArn('consumer-Other-0f9e8d7c6b5a');
const ADMIN = `arn:${partition}:iam::${account}:role/Admin`;
const OTHER_PATH = `arn:${partition}:iam::${account}:role/other/x`;

const OWNERSHIP: Record<string, string> = {
  [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
  [STACK_ID_TAG]: STACK_ID,
  [LOGICAL_ID_TAG]: LOGICAL_ID,
  [BINDING_TAG]: '3f9a1c0d2e7b',
};
const USER_TAGS = { team: 'messaging' };

const requestTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]));
const resourceTags = (tags: Record<string, string>) =>
  Object.fromEntries(Object.entries(tags).map(([k, v]) => [`iam:ResourceTag/${k}`, v]));

/** What the function sends with CreateRole. */
const CREATE_CONTEXT = { 'iam:PermissionsBoundary': BOUNDARY, ...requestTags({ ...OWNERSHIP, ...USER_TAGS }) };
/** What TagRole carries (ownership re-sent with the user tags). */
const TAG_CONTEXT = requestTags({ ...OWNERSHIP, ...USER_TAGS });
/** An owned role, as TagRole, UntagRole and the List calls see it (they have no iam:PermissionsBoundary key). */
const OWNED_TAGS = resourceTags({ ...OWNERSHIP, ...USER_TAGS });
/** An owned role carrying the deployment's boundary. */
const OWNED = { ...OWNED_TAGS, 'iam:PermissionsBoundary': BOUNDARY };

const app = (id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90', r = region, a = account) =>
  `arn:${partition}:mobiletargeting:${r}:${a}:apps/${id}/eventstream`;
const sesSet = (name = 'events', r = region, a = account) => `arn:${partition}:ses:${r}:${a}:configuration-set/${name}`;
const smsSet = (name = 'sms-events', r = region, a = account) =>
  `arn:${partition}:sms-voice:${r}:${a}:configuration-set/${name}`;
const stack = (r = region, a = account) =>
  `arn:${partition}:cloudformation:${r}:${a}:stack/consumer/6f1c2a40-5b0e-11ef-9a0b-0a1b2c3d4e5f`;

const passRole = (service: string, role = ROLE): SimulationRequest => ({
  action: 'iam:PassRole',
  resource: role,
  context: { ...resourceTags(OWNERSHIP), 'iam:PassedToService': service },
});

/** The calls every kind makes on its role, per request type. */
function roleCalls(requestType: 'Create' | 'Update' | 'Delete'): [string, SimulationRequest][] {
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

describe('execution role in the IAM policy simulator: what the function does is allowed', () => {
  it('covers every kind and request type', () => {
    expect(Object.keys(SERVICE_CALLS)).toHaveLength(4);
    expect(ALLOWED.length).toBeGreaterThan(80);
  });

  it.each(ALLOWED)('%s', async (_what, request) => {
    const outcome = await simulateDetailed(request);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe('Allowed');
    // Every context key given was one the simulator evaluated for this action.
    expect(outcome.ignoredContextKeys).toEqual([]);
  });
});

/** [why, request, the decision] */
type Denied = [string, SimulationRequest, Decision];

const DENIED: Denied[] = [
  // Roles outside the managed path, whether tagged as ours or not
  ...(
    [
      ['role/Admin', ADMIN],
      ['role/other/x', OTHER_PATH],
      [
        'a look-alike path role/pinpoint-event-stream-x/us-east-1/',
        `arn:${partition}:iam::${account}:role/pinpoint-event-stream-x/${region}/r`,
      ],
      [
        'the prefix without the Region role/pinpoint-event-stream/',
        `arn:${partition}:iam::${account}:role/pinpoint-event-stream/r`,
      ],
      ["another Region's path", `arn:${partition}:iam::${account}:role/pinpoint-event-stream/${OTHER_REGION}/r`],
    ] as const
  ).flatMap(([where, role]): Denied[] => [
    [
      `TagRole of an untagged ${where}`,
      { action: 'iam:TagRole', resource: role, context: TAG_CONTEXT },
      'ImplicitlyDenied',
    ],
    [
      `TagRole of ${where} tagged as ours`,
      { action: 'iam:TagRole', resource: role, context: { ...OWNED_TAGS, ...TAG_CONTEXT } },
      'ImplicitlyDenied',
    ],
    [
      `PutRolePolicy on ${where} tagged as ours, with the boundary`,
      { action: 'iam:PutRolePolicy', resource: role, context: OWNED },
      'ImplicitlyDenied',
    ],
    [
      `UpdateAssumeRolePolicy on ${where} tagged as ours`,
      { action: 'iam:UpdateAssumeRolePolicy', resource: role, context: OWNED },
      'ImplicitlyDenied',
    ],
    [
      `DeleteRole of ${where} tagged as ours`,
      { action: 'iam:DeleteRole', resource: role, context: OWNED },
      'ImplicitlyDenied',
    ],
    [
      `DeleteRolePolicy of ${where} tagged as ours`,
      { action: 'iam:DeleteRolePolicy', resource: role, context: OWNED },
      'ImplicitlyDenied',
    ],
    [
      `DetachRolePolicy of ${where} tagged as ours`,
      { action: 'iam:DetachRolePolicy', resource: role, context: OWNED },
      'ImplicitlyDenied',
    ],
    [
      `UntagRole of a user tag of ${where} tagged as ours`,
      { action: 'iam:UntagRole', resource: role, context: { ...OWNED_TAGS, 'aws:TagKeys': ['team'] } },
      'ImplicitlyDenied',
    ],
    [`PassRole of ${where} tagged as ours to Pinpoint`, passRole('pinpoint.amazonaws.com', role), 'ImplicitlyDenied'],
    [`PassRole of ${where} tagged as ours to SES`, passRole('ses.amazonaws.com', role), 'ImplicitlyDenied'],
    [
      `PassRole of ${where}, untagged, to SMS and voice`,
      { action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'sms-voice.amazonaws.com' } },
      'ImplicitlyDenied',
    ],
    [
      `CreateRole at ${where}`,
      { action: 'iam:CreateRole', resource: role, context: CREATE_CONTEXT },
      'ImplicitlyDenied',
    ],
  ]),

  // CreateRole without what it must carry
  [
    'CreateRole without a permissions boundary',
    { action: 'iam:CreateRole', resource: ROLE, context: requestTags({ ...OWNERSHIP, ...USER_TAGS }) },
    'ImplicitlyDenied',
  ],
  [
    'CreateRole with another boundary',
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, 'iam:PermissionsBoundary': OTHER_BOUNDARY },
    },
    'ImplicitlyDenied',
  ],
  [
    'CreateRole with AdministratorAccess as boundary',
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, 'iam:PermissionsBoundary': `arn:${partition}:iam::aws:policy/AdministratorAccess` },
    },
    'ImplicitlyDenied',
  ],
  [
    'CreateRole without the ownership tags',
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { 'iam:PermissionsBoundary': BOUNDARY, ...requestTags(USER_TAGS) },
    },
    'ImplicitlyDenied',
  ],
  ...[MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG].map((key): Denied => {
    const tags = { ...OWNERSHIP };
    delete tags[key];
    return [
      `CreateRole without ${key}`,
      {
        action: 'iam:CreateRole',
        resource: ROLE,
        context: { 'iam:PermissionsBoundary': BOUNDARY, ...requestTags(tags) },
      },
      'ImplicitlyDenied',
    ];
  }),
  [
    'CreateRole with managed-by of something else',
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, [`aws:RequestTag/${MANAGED_BY_TAG}`]: 'Someone' },
    },
    'ImplicitlyDenied',
  ],
  [
    "CreateRole naming another account's stack",
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, [`aws:RequestTag/${STACK_ID_TAG}`]: stack(region, OTHER_ACCOUNT) },
    },
    'ImplicitlyDenied',
  ],
  [
    "CreateRole naming another Region's stack",
    {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, [`aws:RequestTag/${STACK_ID_TAG}`]: stack(OTHER_REGION) },
    },
    'ImplicitlyDenied',
  ],
  [
    `CreateRole under another Region's path (/pinpoint-event-stream/${OTHER_REGION}/)`,
    {
      action: 'iam:CreateRole',
      resource: `arn:${partition}:iam::${account}:role/pinpoint-event-stream/${OTHER_REGION}/team/r`,
      context: CREATE_CONTEXT,
    },
    'ImplicitlyDenied',
  ],
  [
    'CreateRole in another account',
    {
      action: 'iam:CreateRole',
      resource: `arn:${partition}:iam::${OTHER_ACCOUNT}:role/pinpoint-event-stream/${region}/r`,
      context: CREATE_CONTEXT,
    },
    'ImplicitlyDenied',
  ],

  // TagRole can neither claim a role that is not ours nor change what makes it ours
  [
    "TagRole of a role in the path owned by someone else's tag",
    {
      action: 'iam:TagRole',
      resource: ROLE,
      context: { ...resourceTags({ [MANAGED_BY_TAG]: 'Someone' }), ...TAG_CONTEXT },
    },
    'ImplicitlyDenied',
  ],
  [
    'TagRole of an owned role without re-sending the ownership tags',
    { action: 'iam:TagRole', resource: ROLE, context: { ...OWNED_TAGS, ...requestTags(USER_TAGS) } },
    'ImplicitlyDenied',
  ],
  [
    'TagRole changing managed-by',
    {
      action: 'iam:TagRole',
      resource: ROLE,
      context: { ...OWNED_TAGS, ...TAG_CONTEXT, [`aws:RequestTag/${MANAGED_BY_TAG}`]: 'Someone' },
    },
    'ImplicitlyDenied',
  ],

  // Never a boundary removed or changed, never a managed policy attached or rewritten
  [
    'PutRolePermissionsBoundary on our own role',
    { action: 'iam:PutRolePermissionsBoundary', resource: ROLE, context: { ...OWNED } },
    'ExplicitlyDenied',
  ],
  [
    'DeleteRolePermissionsBoundary on our own role',
    { action: 'iam:DeleteRolePermissionsBoundary', resource: ROLE, context: OWNED },
    'ExplicitlyDenied',
  ],
  [
    'AttachRolePolicy (AdministratorAccess) on our own role',
    {
      action: 'iam:AttachRolePolicy',
      resource: ROLE,
      context: { ...OWNED, 'iam:PolicyARN': `arn:${partition}:iam::aws:policy/AdministratorAccess` },
    },
    'ExplicitlyDenied',
  ],
  [
    'CreatePolicyVersion of the boundary',
    { action: 'iam:CreatePolicyVersion', resource: BOUNDARY },
    'ExplicitlyDenied',
  ],
  [
    'SetDefaultPolicyVersion of the boundary',
    { action: 'iam:SetDefaultPolicyVersion', resource: BOUNDARY },
    'ExplicitlyDenied',
  ],
  [
    'sts:AssumeRole of our own role',
    { action: 'sts:AssumeRole', resource: ROLE, context: resourceTags(OWNERSHIP) },
    'ExplicitlyDenied',
  ],

  // Writing into roles that are not ours, or do not carry the boundary
  [
    'PutRolePolicy on an untagged role inside the path',
    { action: 'iam:PutRolePolicy', resource: ROLE, context: { 'iam:PermissionsBoundary': BOUNDARY } },
    'ImplicitlyDenied',
  ],
  [
    'PutRolePolicy on an owned role without a boundary',
    { action: 'iam:PutRolePolicy', resource: ROLE, context: resourceTags(OWNERSHIP) },
    'ImplicitlyDenied',
  ],
  [
    'PutRolePolicy on an owned role with another boundary',
    { action: 'iam:PutRolePolicy', resource: ROLE, context: { ...OWNED, 'iam:PermissionsBoundary': OTHER_BOUNDARY } },
    'ImplicitlyDenied',
  ],
  [
    'UpdateAssumeRolePolicy on an owned role without a boundary',
    { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, context: resourceTags(OWNERSHIP) },
    'ImplicitlyDenied',
  ],
  [
    'UpdateAssumeRolePolicy on an untagged role inside the path',
    { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, context: { 'iam:PermissionsBoundary': BOUNDARY } },
    'ImplicitlyDenied',
  ],
  ['DeleteRole of an untagged role inside the path', { action: 'iam:DeleteRole', resource: ROLE }, 'ImplicitlyDenied'],
  [
    'DeleteRolePolicy of an untagged role inside the path',
    { action: 'iam:DeleteRolePolicy', resource: ROLE },
    'ImplicitlyDenied',
  ],

  // Ownership tags are never removed, in any letter case
  ...[MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG].flatMap((key): Denied[] => [
    [
      `UntagRole of ${key}`,
      { action: 'iam:UntagRole', resource: ROLE, context: { ...OWNED_TAGS, 'aws:TagKeys': [key] } },
      'ExplicitlyDenied',
    ],
    [
      `UntagRole of ${key.toUpperCase()}`,
      { action: 'iam:UntagRole', resource: ROLE, context: { ...OWNED_TAGS, 'aws:TagKeys': [key.toUpperCase()] } },
      'ExplicitlyDenied',
    ],
  ]),
  [
    'UntagRole of a user tag together with an ownership tag in mixed case',
    {
      action: 'iam:UntagRole',
      resource: ROLE,
      context: { ...OWNED_TAGS, 'aws:TagKeys': ['team', 'Pinpoint-Event-Stream:Managed-By'] },
    },
    'ExplicitlyDenied',
  ],
  [
    'UntagRole of any other pinpoint-event-stream: key',
    {
      action: 'iam:UntagRole',
      resource: ROLE,
      context: { ...OWNED_TAGS, 'aws:TagKeys': ['pinpoint-event-stream:other'] },
    },
    'ImplicitlyDenied',
  ],
  [
    'UntagRole of a user tag of an untagged role in the path',
    { action: 'iam:UntagRole', resource: ROLE, context: { 'aws:TagKeys': ['team'] } },
    'ImplicitlyDenied',
  ],

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

describe('execution role in the IAM policy simulator: what a compromised function might try is denied', () => {
  it.each(DENIED)('%s', async (_why, request, decision) => {
    const outcome = await simulateDetailed(request);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe(decision);
    // Denied for what the request says, not for a condition key the simulator dropped.
    expect(outcome.ignoredContextKeys).toEqual([]);
  });
});

describe('execution role in the IAM policy simulator: the deployment settings', () => {
  it('writes its own logs', async () => {
    const group = `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/pinpoint-event-stream-resource`;
    expect(
      await simulate({ action: 'logs:CreateLogStream', resource: `${group}:log-stream:2026/01/01/[$LATEST]abc` }),
    ).toBe('Allowed');
    expect(
      await simulate({ action: 'logs:PutLogEvents', resource: `${group}:log-stream:2026/01/01/[$LATEST]abc` }),
    ).toBe('Allowed');
  });

  it('with its own boundary (PermissionsBoundaryArn), creates roles with that boundary only', async () => {
    const own = `arn:${partition}:iam::${account}:policy/security/OurBoundary`;
    const options = { parameters: { PermissionsBoundaryArn: own } };
    expect(expectedBoundaryArn(options)).toBe(own);
    expect(roleBoundaryPolicy(options)).toBeUndefined();
    const create = {
      action: 'iam:CreateRole',
      resource: ROLE,
      context: { ...CREATE_CONTEXT, 'iam:PermissionsBoundary': own },
    };
    expect(await simulate(create, options)).toBe('Allowed');
    expect(await simulate({ action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT }, options)).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await simulate(
        { action: 'iam:PutRolePolicy', resource: ROLE, context: { ...OWNED, 'iam:PermissionsBoundary': own } },
        options,
      ),
    ).toBe('Allowed');
    expect(await simulate({ action: 'iam:PutRolePolicy', resource: ROLE, context: OWNED }, options)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('with another ManagedRolePathPrefix, reaches only roles under that prefix', async () => {
    const options = { deployment: { ...TEST_DEPLOYMENT, prefix: 'messaging-roles' } };
    const inPath = `arn:${partition}:iam::${account}:role/messaging-roles/${region}/r`;
    expect(await simulate({ action: 'iam:CreateRole', resource: inPath, context: CREATE_CONTEXT }, options)).toBe(
      'Allowed',
    );
    expect(await simulate({ action: 'iam:CreateRole', resource: ROLE, context: CREATE_CONTEXT }, options)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('uses the boundary the function is told to use', () => {
    expect(expectedBoundaryArn()).toBe(BOUNDARY);
  });
});

describe('the simulator helper', () => {
  it('fills in the keys IAM always sets', () => {
    const request = completeRequest({
      action: 'iam:TagRole',
      resource: ROLE,
      context: { ...TAG_CONTEXT, [`aws:ResourceTag/${MANAGED_BY_TAG}`]: MANAGED_BY_VALUE },
    });
    expect(request.context['aws:RequestedRegion']).toBe(region);
    expect(request.context['aws:PrincipalAccount']).toBe(account);
    expect([...(request.context['aws:TagKeys'] as string[])].sort()).toEqual(
      [...Object.keys(OWNERSHIP), 'team'].sort(),
    );
    expect(request.context[`iam:ResourceTag/${MANAGED_BY_TAG}`]).toBe(MANAGED_BY_VALUE);
    expect(
      completeRequest({
        action: 'ses:CreateConfigurationSetEventDestination',
        resource: sesSet(undefined, OTHER_REGION),
      }).context['aws:RequestedRegion'],
    ).toBe(OTHER_REGION);
  });

  it('refuses what it cannot evaluate instead of answering Denied', async () => {
    await expect(simulate({ action: 'iam:NoSuchAction', resource: ROLE })).rejects.toThrow(/cannot evaluate/);
    await expect(
      simulate({ action: 'mobiletargeting:PutEventStream', resource: 'arn:aws:s3:::bucket' }),
    ).rejects.toThrow(/cannot evaluate/);
    await expect(simulate({ action: 'PutEventStream', resource: ROLE })).rejects.toThrow(/bad action/);
    await expect(simulate({ action: 'iam:GetRole', resource: '' })).rejects.toThrow(/resource is required/);
  });

  it('resolves every intrinsic of the execution role policy', () => {
    const text = JSON.stringify(executionRolePolicies());
    expect(text).not.toMatch(/Fn::|"Ref"|\$\{/);
    expect(text).toContain(`role/pinpoint-event-stream/${region}/*`);
    expect(text).toContain(BOUNDARY);
  });
});

// ----------------------------------------------------------------------------------------------
// The permissions boundary the template creates

/**
 * The permission statements the roles' inline policies can hold (resource-contract.md,
 * "Policies"), with representative values, destinations in this Region and another one. Written
 * out here rather than built by src/policies.ts, which is being rewritten (and had no SMS and
 * voice builder when this was written).
 */
function rolePermissionStatements(): { kind: string; statement: { Action: string[]; Resource: string[] } }[] {
  const arn = (service: string, r: string, resource: string) =>
    `arn:${partition}:${service}:${r}:${account}:${resource}`;
  return [region, OTHER_REGION].flatMap((r) => [
    {
      kind: `Pinpoint -> Kinesis (${r})`,
      statement: {
        Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'],
        Resource: [arn('kinesis', r, 'stream/events')],
      },
    },
    {
      kind: `Pinpoint -> Firehose (${r})`,
      statement: {
        Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
        Resource: [arn('firehose', r, 'deliverystream/events')],
      },
    },
    {
      kind: `SES -> Firehose (${r})`,
      statement: {
        Action: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
        Resource: [arn('firehose', r, 'deliverystream/ses-events')],
      },
    },
    {
      kind: `SMS and voice -> Firehose (${r})`,
      statement: {
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: [arn('firehose', r, 'deliverystream/sms-events')],
      },
    },
    {
      kind: `SMS and voice -> CloudWatch Logs (${r})`,
      statement: {
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: [arn('logs', r, 'log-group:/sms/events:*')],
      },
    },
    {
      kind: `KmsKeyArn (${r})`,
      statement: {
        Action: ['kms:GenerateDataKey'],
        Resource: [arn('kms', r, 'key/1234abcd-12ab-34cd-56ef-1234567890ab')],
      },
    },
    {
      kind: `email sending role, all identities (${r})`,
      statement: {
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [arn('ses', r, 'identity/*'), arn('ses', r, 'configuration-set/*')],
      },
    },
    {
      kind: `email sending role, named (${r})`,
      statement: {
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [arn('ses', r, 'identity/example.com'), arn('ses', r, 'configuration-set/marketing')],
      },
    },
  ]);
}

/** A concrete request an action makes on a resource pattern of a role policy. */
function concreteResource(action: string, resource: string): string {
  if (action === 'logs:CreateLogStream' || action === 'logs:PutLogEvents')
    return resource.replace(/:\*$/, ':log-stream:2026-01-01-abc');
  if (action === 'logs:DescribeLogStreams') return resource.replace(/:\*$/, '');
  return resource.replace(/\/\*$/, '/example.com');
}

const boundary = roleBoundaryPolicy();
const allowEverything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
const ROLE_SESSION = `arn:${partition}:sts::${account}:assumed-role/consumer-EventStream-1a2b3c4d5e6f/service`;

async function underBoundary(identity: PolicyDocument, request: SimulationRequest): Promise<Decision> {
  if (boundary === undefined) throw new Error('the template creates no boundary with the default parameters');
  // A KMS key is usable only when its key policy lets IAM policies grant it (the default key policy).
  const keyPolicy: PolicyDocument | undefined = request.action.startsWith('kms:')
    ? {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${account}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      }
    : undefined;
  const outcome = await simulatePolicies(
    {
      identityPolicies: [{ name: 'role-policy', policy: identity }],
      permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }],
      principal: ROLE_SESSION,
      ...(keyPolicy ? { resourcePolicy: keyPolicy } : {}),
    },
    request,
  );
  return outcome.decision;
}

describe('the permissions boundary the template creates', () => {
  it('exists with the default parameters', () => {
    expect(boundary).toBeDefined();
  });

  const cases = rolePermissionStatements().flatMap(({ kind, statement }) =>
    statement.Action.flatMap((action) =>
      statement.Resource.map(
        (resource) =>
          [
            `${kind}: ${action} on ${resource}`,
            statement,
            { action, resource: concreteResource(action, resource) },
          ] as const,
      ),
    ),
  );

  it.each(cases)('allows %s', async (_what, _statement, request) => {
    // The boundary alone decides: the role policy here allows everything.
    expect(await underBoundary(allowEverything, request)).toBe('Allowed');
  });

  it.each([
    [
      'iam:PassRole',
      { action: 'iam:PassRole', resource: ADMIN, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    ],
    ['iam:CreateRole', { action: 'iam:CreateRole', resource: ROLE }],
    ['iam:AttachRolePolicy', { action: 'iam:AttachRolePolicy', resource: ROLE }],
    ['sts:AssumeRole', { action: 'sts:AssumeRole', resource: ADMIN }],
    ['s3:GetObject', { action: 's3:GetObject', resource: `arn:${partition}:s3:::bucket/key` }],
    [
      'kms:Decrypt',
      {
        action: 'kms:Decrypt',
        resource: `arn:${partition}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      },
    ],
    [
      'kinesis:GetRecords',
      { action: 'kinesis:GetRecords', resource: `arn:${partition}:kinesis:${region}:${account}:stream/events` },
    ],
    [
      'kinesis:PutRecords to another account',
      { action: 'kinesis:PutRecords', resource: `arn:${partition}:kinesis:${region}:${OTHER_ACCOUNT}:stream/events` },
    ],
    [
      'firehose:PutRecordBatch to another account',
      {
        action: 'firehose:PutRecordBatch',
        resource: `arn:${partition}:firehose:${region}:${OTHER_ACCOUNT}:deliverystream/e`,
      },
    ],
    [
      'logs:PutLogEvents to another account',
      {
        action: 'logs:PutLogEvents',
        resource: `arn:${partition}:logs:${region}:${OTHER_ACCOUNT}:log-group:g:log-stream:s`,
      },
    ],
    [
      'kms:GenerateDataKey with another account key',
      { action: 'kms:GenerateDataKey', resource: `arn:${partition}:kms:${region}:${OTHER_ACCOUNT}:key/k` },
    ],
    [
      'ses:SendEmail from another account identity',
      { action: 'ses:SendEmail', resource: `arn:${partition}:ses:${region}:${OTHER_ACCOUNT}:identity/example.com` },
    ],
    [
      'logs:DeleteLogGroup',
      { action: 'logs:DeleteLogGroup', resource: `arn:${partition}:logs:${region}:${account}:log-group:g` },
    ],
  ] as const)('denies %s even when the role policy allows everything', async (_what, request) => {
    expect(await underBoundary(allowEverything, request)).toBe('ImplicitlyDenied');
  });

  it('names no IAM or STS action, no wildcard action, no NotAction or NotResource, and only resources of this account', () => {
    const statements = asList((boundary as PolicyDocument).Statement);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect, statement.Sid).toBe('Allow');
      expect(statement.NotAction, statement.Sid).toBeUndefined();
      expect(statement.NotResource, statement.Sid).toBeUndefined();
      expect(statement.Condition, statement.Sid).toBeUndefined();
      for (const action of actionsOf(statement)) {
        expect(action, statement.Sid).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
        expect(action, statement.Sid).not.toMatch(/^(iam|sts):/);
      }
      for (const resource of asList(statement.Resource as string | string[])) {
        expect(resource, statement.Sid).toMatch(
          new RegExp(`^arn:${partition}:[a-z0-9-]+:\\*:${account}:[a-z-]+[/:]\\*$`),
        );
      }
    }
    expect(statements.flatMap(actionsOf).sort()).toEqual(
      [
        'firehose:DescribeDeliveryStream',
        'firehose:PutRecord',
        'firehose:PutRecordBatch',
        'kinesis:DescribeStream',
        'kinesis:PutRecords',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:DescribeLogStreams',
        'logs:PutLogEvents',
        'ses:SendEmail',
        'ses:SendRawEmail',
      ].sort(),
    );
  });
});
