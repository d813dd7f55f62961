/**
 * Proof, with an IAM policy simulator, that template.yaml's execution role lets the function
 * make every request it legitimately makes, and nothing that would let a compromised function
 * reach, claim, widen or pass a role outside its managed path, or act outside its account and
 * Region. Each denied request is an allowed one with one thing changed, so it is denied for
 * that reason alone. And the permissions boundary the template creates holds every permission
 * the created roles' policies can contain, and no IAM, STS or wildcard action.
 */
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../src/ownership.js';
import { actionsOf, asList } from './cfn.js';
import { TEST_DEPLOYMENT } from './deployment.js';
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
import {
  ADMIN,
  account,
  allowedRows,
  BOUNDARY,
  CREATE_CONTEXT,
  OTHER_ACCOUNT,
  OTHER_REGION,
  OWNED,
  OWNERSHIP,
  partition,
  ROLE,
  region,
  serviceCalls,
  sesSet,
  TAG_CONTEXT,
} from './simulation/catalog.js';
import { DENIED as DENIED_ROLES } from './simulation/denied.js';
import { DENIED_ELSEWHERE } from './simulation/denied-elsewhere.js';

const ALLOWED = allowedRows();
const SERVICE_CALLS = serviceCalls();
const DENIED = [...DENIED_ROLES, ...DENIED_ELSEWHERE];

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
