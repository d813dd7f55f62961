/**
 * What a compromised function might try, and the decision IAM must give: each denied request is
 * an allowed one (catalog.ts) with one thing changed, so it is denied for that reason alone.
 */
import { TAG_KEYS } from '../../../src/names.js';
import type { Decision, SimulationRequest } from '../execution-role-policy.js';
import {
  ADMIN,
  account,
  BOUNDARY,
  CREATE_CONTEXT,
  OTHER_ACCOUNT,
  OTHER_BOUNDARY,
  OTHER_PATH,
  OTHER_REGION,
  OWNED,
  OWNED_TAGS,
  OWNERSHIP,
  partition,
  passRole,
  ROLE,
  region,
  requestTags,
  resourceTags,
  stack,
  TAG_CONTEXT,
  USER_TAGS,
} from './catalog.js';

/** [why, request, the decision] */
export type Denied = [string, SimulationRequest, Decision];

const MANAGED_BY_TAG = TAG_KEYS.managedBy;
const STACK_ID_TAG = TAG_KEYS.stackId;
const LOGICAL_ID_TAG = TAG_KEYS.logicalId;
const BINDING_TAG = TAG_KEYS.binding;
const DEPLOYMENT_TAG = TAG_KEYS.deployment;

export const DENIED: Denied[] = [
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
  ...[MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG, DEPLOYMENT_TAG].map((key): Denied => {
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

  // Writing into roles that are not ours, or do not carry the boundary: both writes share one statement
  // (ChangeOnlyOwnedRolesWithBoundary), so each is denied for each of the three reasons.
  ...(['PutRolePolicy', 'UpdateAssumeRolePolicy'] as const).flatMap((write): Denied[] =>
    (
      [
        ['an untagged role inside the path', { 'iam:PermissionsBoundary': BOUNDARY }],
        ['an owned role without a boundary', resourceTags(OWNERSHIP)],
        ['an owned role with another boundary', { ...OWNED, 'iam:PermissionsBoundary': OTHER_BOUNDARY }],
      ] as const
    ).map(
      ([role, context]): Denied => [
        `${write} on ${role}`,
        { action: `iam:${write}`, resource: ROLE, context },
        'ImplicitlyDenied',
      ],
    ),
  ),
  ['DeleteRole of an untagged role inside the path', { action: 'iam:DeleteRole', resource: ROLE }, 'ImplicitlyDenied'],
  [
    'DeleteRolePolicy of an untagged role inside the path',
    { action: 'iam:DeleteRolePolicy', resource: ROLE },
    'ImplicitlyDenied',
  ],

  // Ownership tags are never removed, in any letter case
  ...[MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG, DEPLOYMENT_TAG].flatMap((key): Denied[] => [
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
];
