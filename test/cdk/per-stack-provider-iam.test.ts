/**
 * The per-stack provider grants exactly what template.yaml grants: its synthesized execution role,
 * boundary, function settings and log group, resolved for a deployment, equal template.yaml's
 * resolved with the same parameters (stack name and function name included). And its execution
 * role, in the IAM policy simulator, allows and denies each request of the template tests' lists.
 */
import { App, Duration } from 'aws-cdk-lib';
import { Template as Assertions } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { type PerStackProvider, type PerStackProviderProps, Provider } from '../../cdk/src/index.js';
import { readCfn, TEMPLATE, type Template } from '../templates/cfn.js';
import { TEST_DEPLOYMENT } from '../templates/deployment.js';
import {
  executionRoleId,
  executionRolePolicies,
  type NamedPolicy,
  roleBoundaryPolicy,
  type SimulationOptions,
  simulatePolicies,
} from '../templates/execution-role-policy.js';
import { Resolver } from '../templates/resolve.js';
import { allowedRows } from '../templates/simulation/catalog.js';
import { DENIED } from '../templates/simulation/denied.js';
import { DENIED_ELSEWHERE } from '../templates/simulation/denied-elsewhere.js';
import { newStack } from './support.js';

const OWN_BOUNDARY = `arn:aws:iam::${TEST_DEPLOYMENT.account}:policy/security/MessagingBoundary`;

interface Case {
  readonly props: PerStackProviderProps;
  /** template.yaml's parameters for the same deployment (FunctionName comes from the provider). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly prefix: string;
}

const CASES: Readonly<Record<string, Case>> = {
  'the defaults': { props: {}, parameters: {}, prefix: TEST_DEPLOYMENT.prefix },
  'every parameter set': {
    props: {
      functionTimeout: Duration.minutes(10),
      logRetention: logs.RetentionDays.ONE_WEEK,
      applicationLogLevel: lambda.ApplicationLogLevel.WARN,
      managedRolePathPrefix: 'messaging',
      permissionsBoundary: OWN_BOUNDARY,
      propagationTimeout: Duration.minutes(5),
    },
    parameters: {
      FunctionTimeout: '600',
      LogRetentionInDays: '7',
      ApplicationLogLevel: 'WARN',
      ManagedRolePathPrefix: 'messaging',
      PermissionsBoundaryArn: OWN_BOUNDARY,
      PropagationTimeoutSeconds: '300',
    },
    prefix: 'messaging',
  },
};

const app = new App();
// The first stack is named as the catalog's requests name the deployment (the Resolver's default
// stack name): a per-stack provider's deployment id is its stack's name.
const STACK_NAMES = ['pinpoint-event-stream-resource', 'Consumer'];
const synthesized = Object.entries(CASES).map(([name, c], index) => {
  const stack = newStack(app, STACK_NAMES[index] as string);
  const provider: PerStackProvider = Provider.perStack(stack, c.props);
  return { name, c, stack, provider };
});

/** The two sides of one case: the synthesized template and template.yaml, each with its resolver. */
function sides({ c, stack, provider }: (typeof synthesized)[number]) {
  const options: SimulationOptions = {
    deployment: { ...TEST_DEPLOYMENT, prefix: c.prefix },
    stackName: stack.stackName,
    parameters: { ...c.parameters, FunctionName: provider.functionName },
  };
  const cdk = Assertions.fromStack(stack).toJSON() as Template;
  return {
    options,
    cdk,
    cdkResolver: new Resolver(cdk, { ...options, parameters: {} }),
    sam: readCfn(TEMPLATE),
    samResolver: new Resolver(readCfn(TEMPLATE), options),
  };
}

/** The execution role's inline policies in a synthesized template, resolved. */
function cdkPolicies(cdk: Template, resolver: Resolver): NamedPolicy[] {
  const policies = cdk.Resources[executionRoleId(cdk)]?.Properties?.Policies ?? [];
  return (policies as { PolicyName: never; PolicyDocument: never }[]).map((p) => ({
    name: String(resolver.value(p.PolicyName)),
    policy: resolver.value(p.PolicyDocument) as NamedPolicy['policy'],
  }));
}

const only = (template: Template, types: string[]) =>
  Object.entries(template.Resources).filter(([, r]) => types.includes(r.Type));

/** A resource's properties resolved, scalars as strings (CloudFormation reads "300" and 300 alike), less `omit`. */
function resolvedProperties(template: Template, resolver: Resolver, types: string[], omit: string[] = []) {
  const entries = only(template, types);
  expect(entries).toHaveLength(1);
  const [id, resource] = entries[0] as [string, { Properties?: Record<string, unknown> }];
  const kept = Object.fromEntries(Object.entries(resource.Properties ?? {}).filter(([key]) => !omit.includes(key)));
  return JSON.parse(
    JSON.stringify(resolver.value(kept as never, id), (_k, v) => (typeof v === 'number' ? String(v) : v)),
  );
}

const FUNCTION = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];

describe.each(synthesized)('the per-stack provider against template.yaml, with $name', (entry) => {
  const { options, cdk, cdkResolver, sam, samResolver } = sides(entry);

  it('grants the same actions on the same resources (the execution role, resolved)', () => {
    expect(cdkPolicies(cdk, cdkResolver)).toEqual(executionRolePolicies(options));
    const trust = (t: Template) => t.Resources[executionRoleId(t)]?.Properties?.AssumeRolePolicyDocument;
    expect(trust(cdk)).toEqual(trust(sam));
  });

  it('bounds the roles it creates with the same boundary', () => {
    const boundary = only(cdk, ['AWS::IAM::ManagedPolicy']).map(([id, r]) =>
      cdkResolver.value(r.Properties?.PolicyDocument as never, id),
    );
    const expected = roleBoundaryPolicy(options);
    expect(boundary).toEqual(expected === undefined ? [] : [expected]);
  });

  it('runs the function with the same settings: runtime, memory, timeout, environment, logging', () => {
    const settings = (t: Template, r: Resolver) => resolvedProperties(t, r, FUNCTION, ['Code', 'CodeUri', 'Role']);
    expect(settings(cdk, cdkResolver)).toEqual(settings(sam, samResolver));
    const role = (t: Template) => only(t, FUNCTION)[0]?.[1].Properties?.Role;
    expect(role(cdk)).toEqual({ 'Fn::GetAtt': [executionRoleId(cdk), 'Arn'] });
    expect(role(sam)).toEqual({ 'Fn::GetAtt': [executionRoleId(sam), 'Arn'] });
  });

  it('keeps its logs the same way', () => {
    const group = (t: Template, r: Resolver) => resolvedProperties(t, r, ['AWS::Logs::LogGroup']);
    expect(group(cdk, cdkResolver)).toEqual(group(sam, samResolver));
  });
});

describe('the per-stack provider in the IAM policy simulator', () => {
  const entry = synthesized[0] as (typeof synthesized)[number];
  const { options, cdk, cdkResolver } = sides(entry);
  const identityPolicies = cdkPolicies(cdk, cdkResolver);

  it.each(allowedRows())('allows %s', async (_what, request) => {
    const outcome = await simulatePolicies({ identityPolicies }, request, options);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe('Allowed');
    expect(outcome.ignoredContextKeys).toEqual([]);
  });

  it.each([...DENIED, ...DENIED_ELSEWHERE])('denies %s', async (_why, request, decision) => {
    const outcome = await simulatePolicies({ identityPolicies }, request, options);
    expect(outcome.decision, JSON.stringify(outcome.request)).toBe(decision);
    expect(outcome.ignoredContextKeys).toEqual([]);
  });

  it("writes the logs of its own log group, not the shared deployment's", async () => {
    const { partition, region, account } = TEST_DEPLOYMENT;
    const stream = (name: string) =>
      `arn:${partition}:logs:${region}:${account}:log-group:/aws/lambda/${name}:log-stream:2026/01/01/[$LATEST]abc`;
    const put = (name: string) => ({ action: 'logs:PutLogEvents', resource: stream(name) });
    const decide = async (name: string) => (await simulatePolicies({ identityPolicies }, put(name), options)).decision;
    expect(await decide(entry.provider.functionName)).toBe('Allowed');
    expect(await decide('pinpoint-event-stream-resource')).toBe('ImplicitlyDenied');
  });
});
