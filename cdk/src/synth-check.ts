/**
 * Synth-time validation: the function's own parser (contract.ts) run on the properties as
 * CloudFormation will send them. What CloudFormation only knows at deploy time (a Ref, a GetAtt,
 * an import, a `{{resolve:...}}` reference) is replaced by a stand-in the function accepts, so a
 * value is checked only when it is known now; the function checks the rest when it runs.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { type Kind, type Placement, refusal } from './contract.js';

export type Properties = Readonly<Record<string, unknown>>;

/** Where the stack is, as far as the app knows it: undefined for what is only known at deploy time. */
export interface KnownPlacement {
  readonly region?: string;
  readonly account?: string;
  readonly stackName?: string;
  readonly logicalId: string;
}

/** The function's reason for refusing `resolved` (the stack's resolution of the properties), or undefined. */
export function synthTimeRefusal(kind: Kind, resolved: Properties, known: KnownPlacement): string | undefined {
  const where = placement(resolved, known);
  const properties = Object.fromEntries(
    Object.entries(resolved).flatMap(([name, value]) => {
      const standIn = knownPart(name, value, where);
      return standIn === undefined ? [] : [[name, standIn]];
    }),
  );
  return refusal(kind, properties, where);
}

/** A value CloudFormation resolves when it deploys. */
export function isDeployTime(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{resolve:');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && /^(Ref|Fn::)/.test(keys[0] as string);
}

const STAND_IN = 'ResolvedAtDeploy'; // letters only: every name and id pattern of the contract accepts it
/** The contract's list properties: a list known only at deploy time is left out (each has a default). */
const LIST_PROPERTIES = new Set(['MatchingEventTypes', 'Identities', 'ConfigurationSets', 'Tags']);

/** `value` with its deploy-time parts replaced by stand-ins; undefined to leave the property out. */
function knownPart(name: string, value: unknown, where: Placement): unknown {
  if (isDeployTime(value)) return LIST_PROPERTIES.has(name) ? undefined : standInFor(name, where);
  if (!Array.isArray(value)) return value;
  if (name === 'Tags') {
    return value.map((tag: { Key?: unknown; Value?: unknown }, index) => ({
      Key: isDeployTime(tag.Key) ? `${STAND_IN}${index}` : tag.Key,
      Value: isDeployTime(tag.Value) ? STAND_IN : tag.Value,
    }));
  }
  const known = value.filter((item) => !isDeployTime(item));
  return known.length > 0 ? known : undefined;
}

/** A stand-in the function accepts for the string property `name`. */
function standInFor(name: string, where: Placement): string {
  const arn = (service: string, resource: string) =>
    `arn:${where.partition}:${service}:${where.region}:${where.account}:${resource}`;
  switch (name) {
    case 'DestinationStreamArn':
      return arn('firehose', `deliverystream/${STAND_IN}`);
    case 'LogGroupArn':
      return arn('logs', `log-group:${STAND_IN}`);
    case 'KmsKeyArn':
      return arn('kms', 'key/00000000-0000-0000-0000-000000000000');
    case 'RolePath':
      return '/';
    default:
      return STAND_IN;
  }
}

const ARN_PROPERTIES = ['KmsKeyArn', 'DestinationStreamArn', 'LogGroupArn'];
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/**
 * The stack's partition, Region and account when the app knows them. In an environment-agnostic
 * stack they are taken from the first ARN given (so ARNs that disagree with each other still
 * fail), else from a fixed stand-in; the function compares them with the real stack when it runs.
 */
function placement(properties: Properties, known: KnownPlacement): Placement {
  const arn = ARN_PROPERTIES.map((name) => properties[name])
    .filter((value): value is string => typeof value === 'string' && !isDeployTime(value))
    .map((value) => value.split(':'))
    .find((parts) => parts.length >= 6);
  const region = known.region ?? arn?.[3] ?? 'us-east-1';
  return {
    partition: (known.region ? RegionInfo.get(known.region).partition : undefined) ?? arn?.[1] ?? 'aws',
    region,
    account: known.account ?? arn?.[4] ?? '123456789012',
    stackName: known.stackName !== undefined && STACK_NAME.test(known.stackName) ? known.stackName : 'Stack',
    logicalId: known.logicalId,
  };
}
