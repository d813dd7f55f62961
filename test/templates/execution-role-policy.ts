/**
 * The function's execution role, as deployed, in an IAM policy simulator.
 *
 * Reads template.yaml, resolves the intrinsics of the execution role's policies (and of the
 * permissions boundary policy) for the test deployment (test/templates/deployment.ts), and
 * evaluates requests against them with @cloud-copilot/iam-simulate, as the execution role's
 * session in that account would be evaluated by IAM (identity policies only: the execution role
 * has no boundary, and no SCP, RCP or resource policy is modelled).
 *
 * Test code only: @cloud-copilot/iam-simulate is AGPL-3.0 and a devDependency; src/ never
 * imports it.
 *
 *   import { simulate } from '../templates/execution-role-policy.js';
 *   await simulate({
 *     action: 'iam:CreateRole',
 *     resource: 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/team/r',
 *     context: {
 *       'iam:PermissionsBoundary': 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary',
 *       'aws:RequestTag/pinpoint-event-stream:managed-by': 'Custom::PinpointEventStream',
 *       ...
 *     },
 *   }); // 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied'
 *
 * Context keys are the request's condition keys, as IAM would see them: `aws:RequestTag/<k>`,
 * `aws:TagKeys` (a list), `iam:PermissionsBoundary` (CreateRole: the boundary in the request;
 * PutRolePolicy and the others: the role's current boundary), `iam:ResourceTag/<k>` (the role's
 * tags), `iam:PassedToService`, ... Filled in when absent, as IAM always would:
 * `aws:RequestedRegion` (the Region of the resource ARN, else the deployment's Region),
 * `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:TagKeys` (the keys of the aws:RequestTag/*
 * given), and for a role `aws:ResourceTag/<k>` and `iam:ResourceTag/<k>` from each other.
 *
 * What IAM authorises implicitly is not expanded: CreateRole with Tags is also authorised as
 * iam:TagRole on the new role (no resource tags yet), and PutEventStream / the event destination
 * calls as iam:PassRole. Simulate those as requests of their own.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { asList, readCfn, type Statement, TEMPLATE, type Template } from './cfn.js';
import { TEST_DEPLOYMENT } from './deployment.js';
import { type ResolveOptions, Resolver } from './resolve.js';

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** One AWS request: the IAM action, the ARN it acts on ('*' for none) and its condition keys. */
export interface SimulationRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /** The request as evaluated, with the context keys filled in. */
  readonly request: Required<SimulationRequest>;
  /** Context keys the simulator dropped because the action and resource type do not have them. */
  readonly ignoredContextKeys: readonly string[];
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Statement[];
}

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** Options of every function below: the template parameters and the deployment (default: TEST_DEPLOYMENT). */
export type SimulationOptions = ResolveOptions;

const EXECUTION_ROLE_NAME = 'pinpoint-event-stream-resource-FunctionRole-TESTROLE';

let templateCache: Template | undefined;
function template(): Template {
  templateCache ??= readCfn(TEMPLATE);
  return templateCache;
}

function resolver(options: SimulationOptions = {}): Resolver {
  return new Resolver(template(), options);
}

/** The ARN of the execution role (CloudFormation generates its name; this is a stand-in). */
export function executionRoleArn(options: SimulationOptions = {}): string {
  const { partition, account } = options.deployment ?? TEST_DEPLOYMENT;
  return `arn:${partition}:iam::${account}:role/${EXECUTION_ROLE_NAME}`;
}

/** The principal the function's requests come from: the Lambda session of the execution role. */
export function executionRoleSession(options: SimulationOptions = {}): string {
  const r = resolver(options);
  const { partition, account } = r.deployment;
  const session = r.parameters.FunctionName ?? 'function';
  return `arn:${partition}:sts::${account}:assumed-role/${EXECUTION_ROLE_NAME}/${session}`;
}

/** The logical id of the function's execution role (the AWS::IAM::Role its Role property names). */
export function executionRoleId(t: Template = template()): string {
  const fn = Object.entries(t.Resources).find(
    ([, r]) => r.Type === 'AWS::Serverless::Function' || r.Type === 'AWS::Lambda::Function',
  );
  const role = fn?.[1].Properties?.Role as { 'Fn::GetAtt'?: unknown } | undefined;
  const getAtt = role?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn' || t.Resources[String(getAtt[0])]?.Type !== 'AWS::IAM::Role') {
    throw new Error('the function must use an explicit role: Role: !GetAtt <AWS::IAM::Role>.Arn');
  }
  return String(getAtt[0]);
}

/** The execution role's inline policies, every intrinsic resolved for the deployment. */
export function executionRolePolicies(options: SimulationOptions = {}): NamedPolicy[] {
  const r = resolver(options);
  const id = executionRoleId(r.template);
  const role = r.template.Resources[id];
  if (role?.Properties?.ManagedPolicyArns !== undefined) throw new Error(`${id}: managed policies are not modelled`);
  const policies = asList(role?.Properties?.Policies as { PolicyName: unknown; PolicyDocument: unknown }[] | undefined);
  return policies.map((p, i) => ({
    name: String(r.value(p.PolicyName as never, `Resources.${id}.Properties.Policies[${i}].PolicyName`)),
    policy: r.value(
      p.PolicyDocument as never,
      `Resources.${id}.Properties.Policies[${i}].PolicyDocument`,
    ) as PolicyDocument,
  }));
}

/**
 * The permissions boundary policy the template creates (RoleBoundaryPolicy) resolved for the
 * deployment, or undefined when the deployment names its own (PermissionsBoundaryArn set).
 */
export function roleBoundaryPolicy(options: SimulationOptions = {}): PolicyDocument | undefined {
  const r = resolver(options);
  const entry = Object.entries(r.template.Resources).find(
    ([, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy',
  );
  if (entry === undefined) throw new Error('template.yaml has no AWS::IAM::ManagedPolicy');
  const [id, resource] = entry;
  if (resource.Condition !== undefined && !r.condition(resource.Condition)) return undefined;
  return r.value(
    resource.Properties?.PolicyDocument as never,
    `Resources.${id}.Properties.PolicyDocument`,
  ) as PolicyDocument;
}

/** The boundary ARN every role the function creates must carry in this deployment (ROLE_PERMISSIONS_BOUNDARY_ARN). */
export function expectedBoundaryArn(options: SimulationOptions = {}): string {
  const r = resolver(options);
  const fn = Object.values(r.template.Resources).find((res) => res.Type === 'AWS::Serverless::Function');
  const variables = r.value(
    (fn?.Properties?.Environment as { Variables?: unknown } | undefined)?.Variables as never,
    'function environment',
  );
  const arn = (variables as Record<string, unknown>).ROLE_PERMISSIONS_BOUNDARY_ARN;
  if (typeof arn !== 'string') throw new Error('the function has no ROLE_PERMISSIONS_BOUNDARY_ARN');
  return arn;
}

const ARN = /^arn:([^:]+):([^:]*):([^:]*):([^:]*):(.+)$/;

/** The request with the context keys IAM always adds filled in (see the module comment). */
export function completeRequest(
  request: SimulationRequest,
  options: SimulationOptions = {},
): Required<SimulationRequest> {
  if (typeof request?.action !== 'string' || !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(request.action)) {
    throw new Error(`simulate: bad action ${JSON.stringify(request?.action)} (expected "<service>:<Action>")`);
  }
  if (typeof request.resource !== 'string' || request.resource === '')
    throw new Error(`simulate ${request.action}: resource is required ('*' for none)`);
  const deployment = options.deployment ?? TEST_DEPLOYMENT;
  const context: Record<string, string | readonly string[]> = { ...(request.context ?? {}) };
  const has = (key: string) => Object.keys(context).some((k) => k.toLowerCase() === key.toLowerCase());
  const arn = ARN.exec(request.resource);
  const region = arn?.[3];
  if (!has('aws:RequestedRegion'))
    context['aws:RequestedRegion'] = region && region !== '*' ? region : deployment.region;
  if (!has('aws:PrincipalAccount')) context['aws:PrincipalAccount'] = deployment.account;
  if (!has('aws:PrincipalArn')) context['aws:PrincipalArn'] = executionRoleArn(options);
  const requestTagKeys = Object.keys(request.context ?? {})
    .filter((k) => k.toLowerCase().startsWith('aws:requesttag/'))
    .map((k) => k.slice('aws:RequestTag/'.length));
  if (requestTagKeys.length > 0 && !has('aws:TagKeys')) context['aws:TagKeys'] = requestTagKeys;
  // For IAM roles, IAM sets both aws:ResourceTag/<k> and iam:ResourceTag/<k> from the role's tags.
  if (arn?.[2] === 'iam' && arn[5]?.startsWith('role/')) {
    for (const [key, value] of Object.entries(request.context ?? {})) {
      const match = /^(aws|iam):ResourceTag\/(.+)$/i.exec(key);
      if (!match) continue;
      const other = `${match[1]?.toLowerCase() === 'aws' ? 'iam' : 'aws'}:ResourceTag/${match[2]}`;
      if (!has(other)) context[other] = value;
    }
  }
  return { action: request.action, resource: request.resource, context };
}

function resourceAccount(resource: string, fallback: string): string {
  const account = ARN.exec(resource)?.[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

export interface PolicySet {
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionBoundaryPolicies?: readonly NamedPolicy[];
  /** The requesting principal (default: the execution role's session). */
  readonly principal?: string;
  /** The resource's own policy (a KMS key policy, a bucket policy), if any. */
  readonly resourcePolicy?: PolicyDocument;
}

/** Evaluates `request` (completed, see completeRequest) against any policies; throws when the simulator cannot. */
export async function simulatePolicies(
  policies: PolicySet,
  request: SimulationRequest,
  options: SimulationOptions = {},
): Promise<SimulationOutcome> {
  const deployment = options.deployment ?? TEST_DEPLOYMENT;
  const complete = completeRequest(request, options);
  const simulation: Simulation = {
    request: {
      principal: policies.principal ?? executionRoleSession(options),
      action: complete.action,
      resource: { resource: complete.resource, accountId: resourceAccount(complete.resource, deployment.account) },
      contextVariables: Object.fromEntries(
        Object.entries(complete.context).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
      ),
    },
    identityPolicies: policies.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.resourcePolicy ? { resourcePolicy: policies.resourcePolicy } : {}),
    ...(policies.permissionBoundaryPolicies
      ? {
          permissionBoundaryPolicies: policies.permissionBoundaryPolicies.map((p) => ({
            name: p.name,
            policy: p.policy,
          })),
        }
      : {}),
  };
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType === 'error') {
    throw new Error(
      `simulate ${complete.action} on ${complete.resource}: the simulator cannot evaluate it: ` +
        JSON.stringify(result.errors),
    );
  }
  const ignored =
    result.resultType === 'single'
      ? (result.result.ignoredContextKeys ?? [])
      : [...new Set(result.results.flatMap((r) => r.ignoredContextKeys ?? []))];
  return { decision: result.overallResult as Decision, request: complete, ignoredContextKeys: ignored };
}

const policyCache = new Map<string, NamedPolicy[]>();

function cachedExecutionRolePolicies(options: SimulationOptions): NamedPolicy[] {
  const key = JSON.stringify(options);
  let policies = policyCache.get(key);
  if (policies === undefined) {
    policies = executionRolePolicies(options);
    policyCache.set(key, policies);
  }
  return policies;
}

/** Evaluates `request` against the execution role as deployed, with the details (context used, keys ignored). */
export async function simulateDetailed(
  request: SimulationRequest,
  options: SimulationOptions = {},
): Promise<SimulationOutcome> {
  return simulatePolicies({ identityPolicies: cachedExecutionRolePolicies(options) }, request, options);
}

/** Would IAM allow the function's execution role to make `request`? */
export async function simulate(request: SimulationRequest, options: SimulationOptions = {}): Promise<Decision> {
  return (await simulateDetailed(request, options)).decision;
}
