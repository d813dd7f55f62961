/**
 * The function deployed inside the user's stack, from the same bundle and the same template as
 * a shared deployment: template.yaml, through the transform-free template scripts/stackset-template.mjs
 * derives from it, included with CfnInclude. The execution role, its managed path, the permissions
 * boundary, the deployment tag and every setting are template.yaml's own, never a copy: a change
 * there reaches this provider with the next build of the package. Only the code location (a CDK
 * asset of the bundle), the function name (one per stack) and what a shared deployment publishes
 * (provider-template.ts) differ.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { Construct, type IConstruct } from 'constructs';
import { FUNCTION_CODE_DIR, providerTemplate, type TemplateJson } from './assets.js';
import { type IProvider, serviceTimeoutAbove } from './i-provider.js';
import { parameterProblem, perStackTemplate, withParameters } from './provider-template.js';

/** template.yaml's parameters, typed. A prop left out takes the template's default (FunctionName excepted). */
export interface PerStackProviderProps {
  /**
   * FunctionName: the function's name (its log group is `/aws/lambda/<name>`).
   * @default a name unique to this stack (template.yaml's default is the shared deployment's)
   */
  readonly functionName?: string;
  /** FunctionTimeout (60-900 s). @default template.yaml's (300 s) */
  readonly functionTimeout?: Duration;
  /** LogRetentionInDays. @default template.yaml's (30 days) */
  readonly logRetention?: logs.RetentionDays;
  /** ApplicationLogLevel: DEBUG, INFO, WARN or ERROR. @default template.yaml's (INFO) */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
  /** ManagedRolePathPrefix: its roles live under `/<prefix>/<Region>/`. @default template.yaml's */
  readonly managedRolePathPrefix?: string;
  /** PermissionsBoundaryArn: the boundary every role carries. @default the stack creates one (template.yaml's) */
  readonly permissionsBoundary?: iam.IManagedPolicy | string;
  /** PropagationTimeoutSeconds (10-840 s): the longest wait for IAM propagation. @default template.yaml's (120 s) */
  readonly propagationTimeout?: Duration;
  /**
   * AllowTakeover: ReplaceExistingStream may take over a stream or destination this provider's
   * resources cannot prove are their own. @default template.yaml's (false)
   */
  readonly allowTakeover?: boolean;
  /** EnableEmailSendingRole: PinpointEmailSendingRole may be created and updated. @default template.yaml's (false) */
  readonly enableEmailSendingRole?: boolean;
  /** ReservedConcurrency: a cap on concurrent requests. @default template.yaml's (none) */
  readonly reservedConcurrency?: number;
}

type Parameter<T> = readonly [name: string, value: (prop: T) => string];

/** The template parameter each prop sets. Exposing another parameter: its prop above and one row here. */
export const PARAMETERS: {
  readonly [K in keyof PerStackProviderProps]-?: Parameter<NonNullable<PerStackProviderProps[K]>>;
} = {
  functionName: ['FunctionName', (name) => name],
  functionTimeout: ['FunctionTimeout', (timeout) => String(timeout.toSeconds())],
  logRetention: ['LogRetentionInDays', (days) => String(days)],
  applicationLogLevel: ['ApplicationLogLevel', (level) => level],
  managedRolePathPrefix: ['ManagedRolePathPrefix', (prefix) => prefix],
  permissionsBoundary: [
    'PermissionsBoundaryArn',
    (policy) => (typeof policy === 'string' ? policy : policy.managedPolicyArn),
  ],
  propagationTimeout: ['PropagationTimeoutSeconds', (timeout) => String(timeout.toSeconds())],
  allowTakeover: ['AllowTakeover', String],
  enableEmailSendingRole: ['EnableEmailSendingRole', String],
  reservedConcurrency: ['ReservedConcurrency', String],
};

/** The construct id of the provider in its stack: one per stack. */
const ID = 'PinpointEventStreamProvider';

export class PerStackProvider extends Construct implements IProvider {
  /**
   * The stack's provider (`Provider.perStack`), created with `props` on the first call; later calls
   * must pass the same props or none.
   */
  static getOrCreate(scope: IConstruct, props?: PerStackProviderProps): PerStackProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    if (existing === undefined) return new PerStackProvider(stack, props ?? {});
    if (!(existing instanceof PerStackProvider)) throw new Error(`${stack.node.path}/${ID} is not a PerStackProvider`);
    if (props !== undefined && JSON.stringify(existing.parameterValues(props)) !== JSON.stringify(existing.values)) {
      throw new Error(`${existing.node.path} already exists with other props: a stack has one provider`);
    }
    return existing;
  }

  readonly serviceToken: string;
  readonly serviceTimeout: Duration;
  /** The function's name. */
  readonly functionName: string;
  /** The included template: `template.getResource(<logical id in template.yaml>)` reaches each of its resources. */
  readonly template: CfnInclude;
  /** The function (AWS::Lambda::Function), its code the CDK asset of the bundle. */
  readonly function: lambda.CfnFunction;
  /** The template parameters' values. */
  private readonly values: Readonly<Record<string, string>>;
  private readonly source: TemplateJson;

  private constructor(stack: Stack, props: PerStackProviderProps) {
    super(stack, ID);
    const { template, functionId } = perStackTemplate(providerTemplate());
    this.source = template;
    this.values = this.parameterValues(props);
    const [tokens, known] = partition(this.values, (value) => Token.isUnresolved(value));
    this.template = new CfnInclude(this, 'Template', {
      templateFile: templateFile(withParameters(template, known, Object.keys(tokens))),
      preserveLogicalIds: false,
      parameters: tokens,
    });
    this.function = this.template.getResource(functionId) as lambda.CfnFunction;
    const code = new Asset(this, 'Code', { path: FUNCTION_CODE_DIR });
    this.function.code = { s3Bucket: code.s3BucketName, s3Key: code.s3ObjectKey };
    code.addResourceMetadata(this.function, 'Code');
    this.serviceToken = this.function.attrArn;
    this.functionName = this.values[PARAMETERS.functionName[0]] as string;
    this.serviceTimeout = serviceTimeoutAbove(Duration.seconds(Number(this.values[PARAMETERS.functionTimeout[0]])));
  }

  /** A value for every parameter of the template: the prop's, else this stack's function name, else the default. */
  private parameterValues(props: PerStackProviderProps): Record<string, string> {
    const given: Record<string, string> = { [PARAMETERS.functionName[0]]: Names.uniqueResourceName(this, ID_NAME) };
    for (const [prop, [name, value]] of Object.entries(PARAMETERS) as [string, Parameter<unknown>][]) {
      const set = (props as Record<string, unknown>)[prop];
      if (set === undefined) continue;
      if (this.source.Parameters?.[name] === undefined) {
        throw new Error(`${prop}: the bundled template.yaml has no parameter ${name}`);
      }
      given[name] = value(set);
    }
    const values: Record<string, string> = {};
    for (const [name, definition] of Object.entries(this.source.Parameters ?? {})) {
      const value = given[name] ?? (definition.Default === undefined ? undefined : String(definition.Default));
      if (value === undefined) throw new Error(`template.yaml's parameter ${name} has no default: expose it as a prop`);
      const problem = Token.isUnresolved(value) ? undefined : parameterProblem(definition, value);
      if (problem !== undefined)
        throw new Error(`${propOf(name)} (template parameter ${name}) ${problem}, got "${value}"`);
      values[name] = value;
    }
    return values;
  }
}

const ID_NAME = { maxLength: 64, separator: '-' };

/** The entries of `record` for which `test` holds, and the others. */
function partition(
  record: Readonly<Record<string, string>>,
  test: (value: string) => boolean,
): [Record<string, string>, Record<string, string>] {
  const entries = Object.entries(record);
  return [
    Object.fromEntries(entries.filter(([, value]) => test(value))),
    Object.fromEntries(entries.filter(([, value]) => !test(value))),
  ];
}

function propOf(parameter: string): string {
  return Object.entries(PARAMETERS).find(([, [name]]) => name === parameter)?.[0] ?? parameter;
}

/** CfnInclude reads a file: the template is written once per content under the system's temporary directory. */
function templateFile(template: TemplateJson): string {
  const text = JSON.stringify(template);
  const dir = join(tmpdir(), 'pinpoint-event-stream-resource-cdk');
  const file = join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.template.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return file;
}
