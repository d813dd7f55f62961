/**
 * The function's execution role in template.yaml, read as written: it allows exactly the AWS
 * calls the code makes (test/templates/code-actions.ts, plus iam:PassRole, which
 * PutEventStream and the event destination calls need implicitly), each scoped as tightly as
 * the managed path, the boundary and the ownership tags allow. What those statements let
 * through is proven request by request in execution-role-{allowed,denied,deployments}.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANAGED_BY_VALUE, TAG_KEYS, TAG_PREFIX } from '../../src/names.js';

const MANAGED_BY_TAG = TAG_KEYS.managedBy;
const STACK_ID_TAG = TAG_KEYS.stackId;
const LOGICAL_ID_TAG = TAG_KEYS.logicalId;
const BINDING_TAG = TAG_KEYS.binding;
const DEPLOYMENT_TAG = TAG_KEYS.deployment;

import { actionsOf, asList, isRecord, ROOT, readCfn, type Statement, subString, TEMPLATE } from './cfn.js';
import { CODE_ACTIONS, IMPLIED_ACTIONS, REMOVED_ACTIONS } from './code-actions.js';
import { executionRoleId } from './execution-role-policy.js';

const AWS_SOURCES = join(ROOT, 'src/aws');
/** What the Lambda runtime itself needs (not an awsCall). */
const RUNTIME_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const OWNERSHIP_TAGS = [MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG, DEPLOYMENT_TAG];
const THIS_DEPLOYMENT = { Ref: 'AWS::StackName' };
const ROLES = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*';
const MANAGED_ROLES = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ManagedRolePathPrefix}/${AWS::Region}/*';
const STACKS = 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*/*';
const BOUNDARY = {
  'Fn::If': ['CreateRoleBoundaryPolicy', { Ref: 'RoleBoundaryPolicy' }, { Ref: 'PermissionsBoundaryArn' }],
};
/** The service principals the function may pass its roles to (resource-contract.md, Security). */
const PASSED_TO = [
  'pinpoint.amazonaws.com',
  'mobiletargeting.amazonaws.com',
  'ses.amazonaws.com',
  'sms-voice.amazonaws.com',
];
/** IAM actions that would widen a role beyond its boundary. */
const WIDENING = [
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:AttachRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
];

/** Every action named in awsCall(ctx, '<action>', ...) in src/aws/*.ts; fails on one that is not a literal. */
function calledActions(): { actions: Set<string>; unnamed: string[] } {
  const actions = new Set<string>();
  const unnamed: string[] = [];
  const files = readdirSync(AWS_SOURCES).filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
  for (const file of files) {
    const code = readFileSync(join(AWS_SOURCES, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\bfunction\s+awsCall\b/g, 'function defineAwsCall');
    const calls = [...code.matchAll(/\bawsCall\s*(?:<[^>()]*>)?\s*\(/g)].length;
    const named = [
      ...code.matchAll(/\bawsCall\s*(?:<[^>()]*>)?\s*\(\s*[\w.]+\s*,\s*(['"`])([a-z0-9-]+:[A-Za-z0-9]+)\1/g),
    ];
    for (const match of named) actions.add(match[2] as string);
    if (named.length !== calls)
      unnamed.push(`${file}: ${calls - named.length} awsCall(s) without a literal '<service>:<Action>' name`);
  }
  return { actions, unnamed };
}

const template = readCfn(TEMPLATE);
const roleId = executionRoleId(template);
const statements = asList(
  template.Resources[roleId]?.Properties?.Policies as
    | { PolicyDocument: { Statement: Statement | Statement[] } }[]
    | undefined,
).flatMap((policy) => asList(policy.PolicyDocument.Statement));
const allows = statements.filter((s) => s.Effect === 'Allow');
const denies = statements.filter((s) => s.Effect === 'Deny');
const allowing = (action: string) => allows.filter((s) => actionsOf(s).includes(action));
const denying = (action: string) => denies.filter((s) => actionsOf(s).includes(action));
const condition = (s: Statement, operator: string, key: string): unknown => s.Condition?.[operator]?.[key];
const sorted = (values: Iterable<string>) => [...values].sort();

describe('execution role: actions', () => {
  it('allows exactly the actions the code calls, plus iam:PassRole (nothing missing, nothing extra)', () => {
    const expected = new Set([...CODE_ACTIONS, ...IMPLIED_ACTIONS]);
    const allowed = new Set(allows.flatMap(actionsOf).filter((action) => !RUNTIME_ACTIONS.includes(action)));
    const calledButNotAllowed = [...expected].filter((a) => !allowed.has(a)).sort();
    const allowedButNotCalled = [...allowed].filter((a) => !expected.has(a)).sort();
    expect({ calledButNotAllowed, allowedButNotCalled }).toEqual({ calledButNotAllowed: [], allowedButNotCalled: [] });
  });

  it('code-actions.ts lists exactly the awsCall action names in src/aws/*.ts', () => {
    const { actions, unnamed } = calledActions();
    expect(unnamed, 'every awsCall must name its IAM action as a string literal').toEqual([]);
    expect(sorted(actions)).toEqual(sorted(CODE_ACTIONS));
  });

  it('allows none of the actions the code no longer calls', () => {
    for (const action of REMOVED_ACTIONS) expect(allowing(action), action).toEqual([]);
  });

  it('allows only iam, mobiletargeting, ses, sms-voice, cloudformation and its own logs', () => {
    const services = new Set(allows.flatMap(actionsOf).map((action) => action.split(':')[0]));
    expect(sorted(services as Set<string>)).toEqual([
      'cloudformation',
      'iam',
      'logs',
      'mobiletargeting',
      'ses',
      'sms-voice',
    ]);
    expect(
      allows
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('logs:'))
        .sort(),
    ).toEqual([...RUNTIME_ACTIONS].sort());
  });

  it("has no '*' or service wildcard action, no NotAction, no NotResource, and a Sid on every statement", () => {
    for (const statement of statements) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.NotAction, statement.Sid).toBeUndefined();
      expect(statement.NotResource, statement.Sid).toBeUndefined();
      for (const action of actionsOf(statement)) expect(action, statement.Sid).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
    expect(new Set(statements.map((s) => s.Sid)).size).toBe(statements.length);
  });

  it("uses Resource '*' only for sms-voice:DescribeConfigurationSets, held to the stack's Region", () => {
    const star = statements.filter((s) => asList(s.Resource).includes('*'));
    expect(star.map((s) => actionsOf(s))).toEqual([['sms-voice:DescribeConfigurationSets']]);
    expect(condition(star[0] as Statement, 'StringEquals', 'aws:RequestedRegion')).toEqual({ Ref: 'AWS::Region' });
  });

  it('attaches no managed policies and no SAM policy templates', () => {
    expect(template.Resources[roleId]?.Properties?.ManagedPolicyArns).toBeUndefined();
    expect(template.Resources[roleId]?.Properties?.PermissionsBoundary).toBeUndefined();
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
    expect(fn?.Properties?.Policies).toBeUndefined();
  });
});

describe('execution role: resources', () => {
  it("uses ${AWS::Partition} in every ARN, never a hard-coded 'aws' partition", () => {
    expect(readFileSync(TEMPLATE, 'utf8')).not.toMatch(/arn:aws(-[a-z-]+)?:/);
    for (const statement of statements) {
      for (const resource of asList(statement.Resource)) {
        if (resource === '*') continue;
        const sub = subString(resource);
        if (sub !== undefined) expect(sub, statement.Sid).toMatch(/^arn:\$\{AWS::Partition\}:/);
        else
          expect(isRecord(resource) && 'Fn::GetAtt' in resource, `${statement.Sid}: ${JSON.stringify(resource)}`).toBe(
            true,
          );
      }
    }
  });

  it('writes logs only to its own log group', () => {
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
    const logging = fn?.Properties?.LoggingConfig;
    const groupId = isRecord(logging) && isRecord(logging.LogGroup) ? logging.LogGroup.Ref : undefined;
    expect(typeof groupId).toBe('string');
    expect(template.Resources[groupId as string]?.Type).toBe('AWS::Logs::LogGroup');
    for (const statement of allows.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')))) {
      expect(
        actionsOf(statement).every((a) => a.startsWith('logs:')),
        statement.Sid,
      ).toBe(true);
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [groupId, 'Arn'] });
    }
  });

  it.each([
    ['mobiletargeting:', 'arn:${AWS::Partition}:mobiletargeting:${AWS::Region}:${AWS::AccountId}:apps/*'],
    ['ses:', 'arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*'],
    ['cloudformation:', STACKS],
  ])('scopes %s calls to this account and Region (%s)', (prefix, arn) => {
    const scoped = allows.filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));
    expect(scoped).not.toHaveLength(0);
    for (const statement of scoped) {
      expect(
        actionsOf(statement).every((a) => a.startsWith(prefix)),
        statement.Sid,
      ).toBe(true);
      expect(asList(statement.Resource).map(subString), statement.Sid).toEqual([arn]);
    }
  });

  it('scopes the sms-voice event destination calls to configuration sets of this account and Region', () => {
    for (const action of [
      'sms-voice:CreateEventDestination',
      'sms-voice:UpdateEventDestination',
      'sms-voice:DeleteEventDestination',
    ]) {
      expect(
        allowing(action).map((s) => asList(s.Resource).map(subString)),
        action,
      ).toEqual([['arn:${AWS::Partition}:sms-voice:${AWS::Region}:${AWS::AccountId}:configuration-set/*']]);
    }
  });

  it('reads any role of the account (iam:GetRole), and every other iam action reaches only the managed path', () => {
    expect(allowing('iam:GetRole').map((s) => asList(s.Resource).map(subString))).toEqual([[ROLES]]);
    for (const statement of allows.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')))) {
      expect(
        actionsOf(statement).every((a) => a.startsWith('iam:')),
        statement.Sid,
      ).toBe(true);
      if (actionsOf(statement).includes('iam:GetRole')) {
        expect(actionsOf(statement), statement.Sid).toEqual(['iam:GetRole']);
        continue;
      }
      expect(asList(statement.Resource).map(subString), statement.Sid).toEqual([MANAGED_ROLES]);
    }
  });
});

describe('execution role: conditions', () => {
  /** The RequestTag conditions every role-creating or role-tagging request must meet. */
  function expectOwnershipRequestTags(statement: Statement): void {
    const where = statement.Sid;
    expect(condition(statement, 'StringEquals', `aws:RequestTag/${MANAGED_BY_TAG}`), where).toBe(MANAGED_BY_VALUE);
    expect(subString(condition(statement, 'StringLike', `aws:RequestTag/${STACK_ID_TAG}`)), where).toBe(STACKS);
    expect(condition(statement, 'Null', `aws:RequestTag/${LOGICAL_ID_TAG}`), where).toBe('false');
    expect(condition(statement, 'Null', `aws:RequestTag/${BINDING_TAG}`), where).toBe('false');
  }

  it('iam:GetRole (read-only) is the only iam action without a condition', () => {
    for (const statement of allows.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')))) {
      if (statement.Condition === undefined) expect(actionsOf(statement), statement.Sid).toEqual(['iam:GetRole']);
    }
  });

  it('iam:CreateRole only with the deployment boundary and the ownership tags', () => {
    expect(allowing('iam:CreateRole')).toHaveLength(1);
    for (const statement of allowing('iam:CreateRole')) {
      expect(actionsOf(statement), statement.Sid).toEqual(['iam:CreateRole']);
      expect(condition(statement, 'StringEquals', 'iam:PermissionsBoundary'), statement.Sid).toEqual(BOUNDARY);
      expectOwnershipRequestTags(statement);
    }
  });

  it('iam:TagRole only on owned roles (or the role CreateRole is making), always re-sending the ownership tags', () => {
    expect(allowing('iam:TagRole')).toHaveLength(1);
    for (const statement of allowing('iam:TagRole')) {
      expectOwnershipRequestTags(statement);
      expect(condition(statement, 'StringEqualsIfExists', `iam:ResourceTag/${MANAGED_BY_TAG}`), statement.Sid).toBe(
        MANAGED_BY_VALUE,
      );
    }
  });

  it.each(['iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'])(
    '%s only on owned roles carrying the deployment boundary',
    (action) => {
      expect(allowing(action)).not.toHaveLength(0);
      for (const statement of allowing(action)) {
        expect(condition(statement, 'StringEquals', `iam:ResourceTag/${MANAGED_BY_TAG}`), statement.Sid).toBe(
          MANAGED_BY_VALUE,
        );
        expect(condition(statement, 'StringEquals', 'iam:PermissionsBoundary'), statement.Sid).toEqual(BOUNDARY);
      }
    },
  );

  it.each([
    'iam:UntagRole',
    'iam:DeleteRolePolicy',
    'iam:DeleteRole',
    'iam:ListRolePolicies',
    'iam:ListAttachedRolePolicies',
    'iam:DetachRolePolicy',
    'iam:PassRole',
  ])(`%s only on roles tagged ${MANAGED_BY_TAG} = ${MANAGED_BY_VALUE} (whatever their boundary)`, (action) => {
    expect(allowing(action)).not.toHaveLength(0);
    for (const statement of allowing(action)) {
      expect(condition(statement, 'StringEquals', `iam:ResourceTag/${MANAGED_BY_TAG}`), statement.Sid).toBe(
        MANAGED_BY_VALUE,
      );
      expect(condition(statement, 'StringEquals', 'iam:PermissionsBoundary'), statement.Sid).toBeUndefined();
    }
  });

  it('iam:UntagRole can remove user tags only, never an ownership tag (in any letter case)', () => {
    for (const statement of allowing('iam:UntagRole')) {
      expect(asList(condition(statement, 'ForAllValues:StringNotLike', 'aws:TagKeys')), statement.Sid).toContain(
        `${TAG_PREFIX}*`,
      );
      expect(condition(statement, 'Null', 'aws:TagKeys'), statement.Sid).toBe('false');
    }
    const guards = denying('iam:UntagRole');
    expect(guards).toHaveLength(1);
    expect(asList(guards[0]?.Resource).map(subString)).toEqual([ROLES]);
    expect(
      asList(condition(guards[0] as Statement, 'ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys')).sort(),
    ).toEqual([...OWNERSHIP_TAGS].sort());
  });

  it.each(['iam:CreateRole', 'iam:TagRole'])('%s always tags the role with this deployment', (action) => {
    for (const statement of allowing(action)) {
      expect(condition(statement, 'StringEquals', `aws:RequestTag/${DEPLOYMENT_TAG}`), statement.Sid).toEqual(
        THIS_DEPLOYMENT,
      );
    }
  });

  it.each([
    'iam:TagRole',
    'iam:UntagRole',
    'iam:PutRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'iam:ListRolePolicies',
    'iam:ListAttachedRolePolicies',
    'iam:DeleteRolePolicy',
    'iam:DetachRolePolicy',
    'iam:DeleteRole',
    'iam:PassRole',
  ])("%s never reaches another deployment's role (a role 2.x made, without the tag, still can be)", (action) => {
    expect(allowing(action)).not.toHaveLength(0);
    for (const statement of allowing(action)) {
      expect(condition(statement, 'StringEqualsIfExists', `iam:ResourceTag/${DEPLOYMENT_TAG}`), statement.Sid).toEqual(
        THIS_DEPLOYMENT,
      );
    }
  });

  it('iam:PassRole only to the Pinpoint, SES and SMS and voice service principals', () => {
    expect(allowing('iam:PassRole')).toHaveLength(1);
    for (const statement of allowing('iam:PassRole')) {
      expect(actionsOf(statement), statement.Sid).toEqual(['iam:PassRole']);
      expect(
        sorted(asList(condition(statement, 'StringEquals', 'iam:PassedToService') as string[])),
        statement.Sid,
      ).toEqual(sorted(PASSED_TO));
    }
  });

  it('denies, unconditionally, every action that would widen a role, and sts:AssumeRole', () => {
    for (const action of [...WIDENING, 'sts:AssumeRole']) {
      expect(allowing(action), action).toEqual([]);
      const guards = denying(action);
      expect(guards, action).toHaveLength(1);
      expect(guards[0]?.Condition, action).toBeUndefined();
      for (const resource of asList(guards[0]?.Resource).map(subString))
        expect(resource, action).toMatch(/^arn:\$\{AWS::Partition\}:iam::\*:(role|policy)\/\*$/);
    }
  });
});
