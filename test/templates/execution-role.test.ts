/**
 * The function's execution role in template.yaml allows exactly the AWS calls the code makes
 * (every awsCall(ctx, '<action>', ...) in src/aws/*.ts, plus iam:PassRole, which
 * PutEventStream and the SES event destination calls need implicitly), each scoped as
 * tightly as the ownership tags allow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINDING_TAG, LOGICAL_ID_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, STACK_ID_TAG, TAG_PREFIX } from '../../src/ownership.js';
import { servicePrincipal, SUPPORTED_PARTITIONS } from '../../src/partitions.js';
import { actionsOf, asList, isRecord, readCfn, ROOT, subString, TEMPLATE, type Statement, type Template } from './cfn.js';

const AWS_SOURCES = join(ROOT, 'src/aws');
/** Called by the services with the role, never through awsCall. */
const IMPLIED_ACTIONS = ['iam:PassRole'];
/** What the Lambda runtime itself needs (not an awsCall). */
const RUNTIME_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const OWNERSHIP_TAGS = [MANAGED_BY_TAG, STACK_ID_TAG, LOGICAL_ID_TAG, BINDING_TAG];
const ROLES = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*';
const STACKS = 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*';

/** Every action named in awsCall(ctx, '<action>', ...) in src/aws/*.ts; fails on an awsCall whose action is not a literal. */
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
    const named = [...code.matchAll(/\bawsCall\s*(?:<[^>()]*>)?\s*\(\s*[\w.]+\s*,\s*(['"`])([a-z0-9-]+:[A-Za-z0-9]+)\1/g)];
    for (const match of named) actions.add(match[2] as string);
    if (named.length !== calls) unnamed.push(`${file}: ${calls - named.length} awsCall(s) without a literal '<service>:<Action>' name`);
  }
  return { actions, unnamed };
}

function executionRole(template: Template): { id: string; statements: Statement[] } {
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
  const role = fn?.Properties?.Role;
  const getAtt = isRecord(role) ? role['Fn::GetAtt'] : undefined;
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn' || typeof getAtt[0] !== 'string') {
    throw new Error('the function must use an explicit role: Role: !GetAtt <AWS::IAM::Role>.Arn');
  }
  const id = getAtt[0];
  const resource = template.Resources[id];
  if (resource?.Type !== 'AWS::IAM::Role') throw new Error(`${id} is not an AWS::IAM::Role`);
  const policies = asList(resource.Properties?.Policies as { PolicyDocument: { Statement: Statement | Statement[] } }[] | undefined);
  return { id, statements: policies.flatMap((policy) => asList(policy.PolicyDocument.Statement)) };
}

const template = readCfn(TEMPLATE);
const role = executionRole(template);
const allows = role.statements.filter((s) => s.Effect === 'Allow');
const denies = role.statements.filter((s) => s.Effect === 'Deny');
const allowing = (action: string) => allows.filter((s) => actionsOf(s).includes(action));
const condition = (s: Statement, operator: string, key: string): unknown => s.Condition?.[operator]?.[key];

describe('execution role: actions', () => {
  it('finds the awsCall action names in src/aws/*.ts', () => {
    const { actions, unnamed } = calledActions();
    expect(unnamed, 'every awsCall must name its IAM action as a string literal').toEqual([]);
    expect([...actions]).toEqual(expect.arrayContaining(['iam:CreateRole', 'iam:GetRole', 'mobiletargeting:PutEventStream']));
  });

  it('allows exactly the actions the code calls, plus iam:PassRole (nothing missing, nothing extra)', () => {
    const called = calledActions().actions;
    const expected = new Set([...called, ...IMPLIED_ACTIONS]);
    const allowed = new Set(allows.flatMap(actionsOf).filter((action) => !RUNTIME_ACTIONS.includes(action)));
    const calledButNotAllowed = [...expected].filter((a) => !allowed.has(a)).sort();
    const allowedButNotCalled = [...allowed].filter((a) => !expected.has(a)).sort();
    expect({ calledButNotAllowed, allowedButNotCalled }).toEqual({ calledButNotAllowed: [], allowedButNotCalled: [] });
  });

  it('allows only iam, mobiletargeting, ses and its own logs', () => {
    const services = new Set(allows.flatMap(actionsOf).map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['iam', 'logs', 'mobiletargeting', 'ses']);
    expect(allows.flatMap(actionsOf).filter((a) => a.startsWith('logs:')).sort()).toEqual([...RUNTIME_ACTIONS].sort());
  });

  it("has no '*' or service wildcard action, no NotAction, no NotResource, no Resource '*'", () => {
    for (const statement of role.statements) {
      expect(statement.NotAction, statement.Sid).toBeUndefined();
      expect(statement.NotResource, statement.Sid).toBeUndefined();
      for (const action of actionsOf(statement)) {
        expect(action, statement.Sid).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
      for (const resource of asList(statement.Resource)) expect(resource, statement.Sid).not.toBe('*');
    }
  });

  it('attaches no managed policies and no SAM policy templates', () => {
    const resource = template.Resources[role.id];
    expect(resource?.Properties?.ManagedPolicyArns).toBeUndefined();
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
    expect(fn?.Properties?.Policies).toBeUndefined();
  });
});

describe('execution role: resources', () => {
  it("uses ${AWS::Partition} in every ARN, never a hard-coded 'aws' partition", () => {
    expect(readFileSync(TEMPLATE, 'utf8')).not.toMatch(/arn:aws(-[a-z-]+)?:/);
    for (const statement of role.statements) {
      for (const resource of asList(statement.Resource)) {
        const sub = subString(resource);
        if (sub !== undefined) expect(sub, statement.Sid).toMatch(/^arn:\$\{AWS::Partition\}:/);
        else expect(isRecord(resource) && 'Fn::GetAtt' in resource, `${statement.Sid}: ${JSON.stringify(resource)}`).toBe(true);
      }
    }
  });

  it('writes logs only to its own log group', () => {
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
    const logGroup = fn?.Properties?.LoggingConfig;
    const groupId = isRecord(logGroup) && isRecord(logGroup.LogGroup) ? logGroup.LogGroup.Ref : undefined;
    expect(typeof groupId).toBe('string');
    expect(template.Resources[groupId as string]?.Type).toBe('AWS::Logs::LogGroup');
    for (const statement of allows.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')))) {
      expect(actionsOf(statement).every((a) => a.startsWith('logs:')), statement.Sid).toBe(true);
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [groupId, 'Arn'] });
    }
  });

  it('scopes Pinpoint calls to apps/* and SES calls to configuration-set/* of this account and Region', () => {
    for (const statement of allows) {
      const actions = actionsOf(statement);
      if (actions.some((a) => a.startsWith('mobiletargeting:'))) {
        expect(actions.every((a) => a.startsWith('mobiletargeting:')), statement.Sid).toBe(true);
        expect(asList(statement.Resource).map(subString)).toEqual(['arn:${AWS::Partition}:mobiletargeting:${AWS::Region}:${AWS::AccountId}:apps/*']);
      }
      if (actions.some((a) => a.startsWith('ses:'))) {
        expect(actions.every((a) => a.startsWith('ses:')), statement.Sid).toBe(true);
        expect(asList(statement.Resource).map(subString)).toEqual(['arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*']);
      }
    }
  });

  it('puts every iam action on roles of this account only', () => {
    for (const statement of role.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')))) {
      expect(actionsOf(statement).every((a) => a.startsWith('iam:')), statement.Sid).toBe(true);
      expect(asList(statement.Resource).map(subString), statement.Sid).toEqual([ROLES]);
    }
  });
});

describe('execution role: ownership tag conditions', () => {
  /** The RequestTag conditions every role-creating or role-tagging request must meet. */
  function expectOwnershipRequestTags(statement: Statement): void {
    const where = statement.Sid ?? JSON.stringify(actionsOf(statement));
    expect(condition(statement, 'StringEquals', `aws:RequestTag/${MANAGED_BY_TAG}`), where).toBe(MANAGED_BY_VALUE);
    expect(subString(condition(statement, 'StringLike', `aws:RequestTag/${STACK_ID_TAG}`)), where).toBe(STACKS);
    expect(condition(statement, 'Null', `aws:RequestTag/${LOGICAL_ID_TAG}`), where).toBe('false');
    expect(condition(statement, 'Null', `aws:RequestTag/${BINDING_TAG}`), where).toBe('false');
  }

  it('iam:GetRole (read-only) is the only iam action without a condition', () => {
    for (const statement of allows.filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')))) {
      if (statement.Condition === undefined) expect(actionsOf(statement), statement.Sid).toEqual(['iam:GetRole']);
    }
    expect(allowing('iam:GetRole').map((s) => asList(s.Resource).map(subString))).toEqual([[ROLES]]);
  });

  it(`iam:CreateRole only with ${MANAGED_BY_TAG} = ${MANAGED_BY_VALUE} and the other ownership tags in the request`, () => {
    expect(allowing('iam:CreateRole')).not.toHaveLength(0);
    for (const statement of allowing('iam:CreateRole')) expectOwnershipRequestTags(statement);
  });

  it('iam:TagRole only on owned roles (or the role CreateRole is making), always re-sending the ownership tags', () => {
    expect(allowing('iam:TagRole')).not.toHaveLength(0);
    for (const statement of allowing('iam:TagRole')) {
      expectOwnershipRequestTags(statement);
      const resourceTag = `iam:ResourceTag/${MANAGED_BY_TAG}`;
      const owned = condition(statement, 'StringEquals', resourceTag) ?? condition(statement, 'StringEqualsIfExists', resourceTag);
      expect(owned, statement.Sid).toBe(MANAGED_BY_VALUE);
    }
  });

  it.each([
    'iam:UntagRole',
    'iam:PutRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:DeleteRole',
    'iam:UpdateAssumeRolePolicy',
    'iam:PutRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'iam:PassRole',
  ])(`%s only on roles tagged ${MANAGED_BY_TAG} = ${MANAGED_BY_VALUE}`, (action) => {
    expect(allowing(action)).not.toHaveLength(0);
    for (const statement of allowing(action)) {
      expect(condition(statement, 'StringEquals', `iam:ResourceTag/${MANAGED_BY_TAG}`), statement.Sid).toBe(MANAGED_BY_VALUE);
    }
  });

  it('iam:UntagRole can remove user tags only, never an ownership tag (in any letter case)', () => {
    for (const statement of allowing('iam:UntagRole')) {
      expect(asList(condition(statement, 'ForAllValues:StringNotLike', 'aws:TagKeys')), statement.Sid).toContain(`${TAG_PREFIX}*`);
      expect(condition(statement, 'Null', 'aws:TagKeys'), statement.Sid).toBe('false');
    }
    const guards = denies.filter((s) => actionsOf(s).includes('iam:UntagRole'));
    expect(guards).toHaveLength(1);
    expect(asList(guards[0]?.Resource).map(subString)).toEqual([ROLES]);
    expect(asList(condition(guards[0] as Statement, 'ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys')).sort()).toEqual([...OWNERSHIP_TAGS].sort());
  });

  it('iam:PassRole only to the Pinpoint and SES service principals of every supported partition', () => {
    const principals = new Set(SUPPORTED_PARTITIONS.flatMap((p) => [servicePrincipal(p, 'pinpoint'), servicePrincipal(p, 'ses')]));
    expect(allowing('iam:PassRole')).not.toHaveLength(0);
    for (const statement of allowing('iam:PassRole')) {
      expect(actionsOf(statement), statement.Sid).toEqual(['iam:PassRole']);
      expect(new Set(asList(condition(statement, 'StringEquals', 'iam:PassedToService'))), statement.Sid).toEqual(principals);
    }
  });
});
