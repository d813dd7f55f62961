/**
 * The permissions boundary template.yaml creates, evaluated in an IAM policy simulator as what
 * decides a created role's permissions: each request is made by a role whose own policy allows
 * everything, so the boundary alone answers. It must allow every permission the roles' policies
 * can hold (built by src/policies.ts, the one source of those documents), KMS only through Kinesis
 * or Firehose, SES sending only when the deployment enables the email sending role, and nothing
 * else: no IAM, STS or S3, no other account's resources.
 */
import { describe, expect, it } from 'vitest';
import {
  emailSendingPolicy,
  type PolicyDocument as RolePolicy,
  smsFirehosePolicy,
  smsLogsPolicy,
  streamWriterPolicy,
} from '../../src/policies.js';
import { stackContext } from '../../src/stack.js';
import { actionsOf, asList } from './cfn.js';
import {
  type Decision,
  type PolicyDocument,
  roleBoundaryPolicy,
  type SimulationOptions,
  type SimulationRequest,
  simulatePolicies,
} from './execution-role-policy.js';
import {
  ADMIN,
  account,
  OTHER_ACCOUNT,
  OTHER_REGION,
  partition,
  ROLE,
  region,
  STACK_ID,
} from './simulation/catalog.js';

const KEY = `arn:${partition}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const viaService = (service: string, r = region) => ({ 'kms:ViaService': `${service}.${r}.amazonaws.com` });
const arn = (service: string, r: string, resource: string) => `arn:${partition}:${service}:${r}:${account}:${resource}`;
const ROLE_SESSION = `arn:${partition}:sts::${account}:assumed-role/consumer-EventStream-1a2b3c4d5e6f/service`;
const EMAIL_ENABLED: SimulationOptions = { parameters: { EnableEmailSendingRole: 'true' } };
const allowEverything: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The stream and log-group policies a role can hold, to destinations in this Region and another. */
function streamingPolicies(): [string, RolePolicy][] {
  return [region, OTHER_REGION].flatMap((r): [string, RolePolicy][] => [
    [
      `Pinpoint -> Kinesis (${r})`,
      streamWriterPolicy({ kind: 'kinesis', arn: arn('kinesis', r, 'stream/e') }, undefined),
    ],
    [
      `Firehose (${r})`,
      streamWriterPolicy({ kind: 'firehose', arn: arn('firehose', r, 'deliverystream/e') }, undefined),
    ],
    [`SMS and voice -> Firehose (${r})`, smsFirehosePolicy(arn('firehose', r, 'deliverystream/sms'))],
    [`SMS and voice -> CloudWatch Logs (${r})`, smsLogsPolicy(arn('logs', r, 'log-group:/sms/events'))],
  ]);
}

/** The email sending role's policies (all identities, and named ones). */
function sendingPolicies(): [string, RolePolicy][] {
  const stack = stackContext(STACK_ID, 'SendingRole');
  return [
    ['email sending role, all identities', emailSendingPolicy(stack, undefined, undefined)],
    ['email sending role, named', emailSendingPolicy(stack, ['example.com'], ['marketing'])],
  ];
}

/** One concrete request per action and resource of a role policy. */
function requestsOf(policy: RolePolicy): SimulationRequest[] {
  return policy.Statement.flatMap((statement) =>
    asList(statement.Action).flatMap((action) =>
      asList(statement.Resource).map((resource) => ({ action, resource: concrete(action, resource as string) })),
    ),
  );
}

function concrete(action: string, resource: string): string {
  if (action === 'logs:CreateLogStream' || action === 'logs:PutLogEvents')
    return resource.replace(/:\*$/, ':log-stream:s');
  if (action === 'logs:DescribeLogStreams') return resource.replace(/:\*$/, '');
  return resource.replace(/\/\*$/, '/example.com');
}

async function underBoundary(request: SimulationRequest, options: SimulationOptions = {}): Promise<Decision> {
  const boundary = roleBoundaryPolicy(options);
  if (boundary === undefined) throw new Error('the template creates no boundary with these parameters');
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
      identityPolicies: [{ name: 'role-policy', policy: allowEverything }],
      permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }],
      principal: ROLE_SESSION,
      ...(keyPolicy ? { resourcePolicy: keyPolicy } : {}),
    },
    request,
    options,
  );
  return outcome.decision;
}

const cases = (policies: [string, RolePolicy][]) =>
  policies.flatMap(([kind, policy]) =>
    requestsOf(policy).map((request) => [`${kind}: ${request.action} on ${request.resource}`, request] as const),
  );

describe('the permissions boundary the template creates, as what decides a created role', () => {
  it.each(cases(streamingPolicies()))('allows %s', async (_what, request) => {
    expect(await underBoundary(request)).toBe('Allowed');
  });

  it.each([
    ['Kinesis', viaService('kinesis')],
    ['Firehose', viaService('firehose')],
  ])('allows kms:GenerateDataKey on a key of this account and Region through %s', async (_via, context) => {
    expect(await underBoundary({ action: 'kms:GenerateDataKey', resource: KEY, context })).toBe('Allowed');
  });

  it.each([
    ['directly (no kms:ViaService)', { action: 'kms:GenerateDataKey', resource: KEY }],
    ['through S3', { action: 'kms:GenerateDataKey', resource: KEY, context: viaService('s3') }],
    [
      'through Kinesis of another Region',
      { action: 'kms:GenerateDataKey', resource: KEY, context: viaService('kinesis', OTHER_REGION) },
    ],
    [
      "on another account's key",
      { action: 'kms:GenerateDataKey', resource: KEY.replace(account, OTHER_ACCOUNT), context: viaService('kinesis') },
    ],
    ['kms:Decrypt', { action: 'kms:Decrypt', resource: KEY, context: viaService('kinesis') }],
  ] as const)('denies kms %s', async (_what, request) => {
    expect(await underBoundary(request)).toBe('ImplicitlyDenied');
  });

  it.each(cases(sendingPolicies()))('denies %s by default (EnableEmailSendingRole false)', async (_what, request) => {
    expect(await underBoundary(request)).toBe('ImplicitlyDenied');
  });

  it.each(cases(sendingPolicies()))('allows %s when EnableEmailSendingRole is true', async (_what, request) => {
    expect(await underBoundary(request, EMAIL_ENABLED)).toBe('Allowed');
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
    ['s3:PutObject', { action: 's3:PutObject', resource: `arn:${partition}:s3:::bucket/key` }],
    ['kinesis:GetRecords', { action: 'kinesis:GetRecords', resource: arn('kinesis', region, 'stream/events') }],
    ['logs:DeleteLogGroup', { action: 'logs:DeleteLogGroup', resource: arn('logs', region, 'log-group:g') }],
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
      "ses:SendEmail as another account's identity, even when enabled",
      { action: 'ses:SendEmail', resource: `arn:${partition}:ses:${region}:${OTHER_ACCOUNT}:identity/example.com` },
    ],
  ] as const)('denies %s even when the role policy allows everything', async (_what, request) => {
    expect(await underBoundary(request, EMAIL_ENABLED)).toBe('ImplicitlyDenied');
  });

  it('names no IAM or STS action, no wildcard, no NotAction or NotResource, only resources of this account', () => {
    for (const options of [{}, EMAIL_ENABLED]) {
      const statements = asList((roleBoundaryPolicy(options) as PolicyDocument).Statement);
      for (const statement of statements) {
        expect(statement.Effect, statement.Sid).toBe('Allow');
        expect(statement.NotAction, statement.Sid).toBeUndefined();
        expect(statement.NotResource, statement.Sid).toBeUndefined();
        for (const action of actionsOf(statement))
          expect(action, statement.Sid).toMatch(/^(?!iam:|sts:)[a-z0-9-]+:[A-Za-z0-9]+$/);
        for (const resource of asList(statement.Resource as string | string[])) {
          expect(resource, statement.Sid).toMatch(
            new RegExp(`^arn:${partition}:[a-z0-9-]+:(\\*|${region}):${account}:[a-z-]+[/:]\\*$`),
          );
        }
      }
    }
  });

  it('holds SES sending only when enabled, and conditions only KMS', () => {
    const actions = (options: SimulationOptions) =>
      asList((roleBoundaryPolicy(options) as PolicyDocument).Statement)
        .flatMap(actionsOf)
        .sort();
    const streaming = [
      'firehose:DescribeDeliveryStream',
      'firehose:PutRecord',
      'firehose:PutRecordBatch',
      'kinesis:DescribeStream',
      'kinesis:PutRecords',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ];
    expect(actions({})).toEqual(streaming);
    expect(actions(EMAIL_ENABLED)).toEqual([...streaming, 'ses:SendEmail', 'ses:SendRawEmail'].sort());
    const conditioned = asList((roleBoundaryPolicy() as PolicyDocument).Statement).filter((s) => s.Condition);
    expect(conditioned.flatMap(actionsOf)).toEqual(['kms:GenerateDataKey']);
  });
});
