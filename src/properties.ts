/**
 * Pure validation of ResourceProperties. Every reader names the property it reads in
 * the error it throws; nothing here calls AWS. CloudFormation sends scalars as strings.
 */
import { ValidationError } from './errors.js';
import { TAG_PREFIX } from './names.js';
import { type Arn, parseArn, REGION, type StackContext } from './stack.js';

export type RawProperties = Readonly<Record<string, unknown>>;

/** Properties CloudFormation adds itself: never validated, never part of a diff. */
export const CLOUDFORMATION_PROPERTIES: readonly string[] = ['ServiceToken', 'ServiceTimeout'];

export const COMMON_PROPERTIES = ['RoleName', 'RolePath', 'Tags'] as const;

/** The deployment setting a takeover (ReplaceExistingStream "true") needs, as reasons name it. */
export const TAKEOVER_SETTING = 'the deployment must allow takeover: parameter AllowTakeover';

/** Properties that are settings of the deployment, not of a resource: each with the reason it fails. */
const DEPLOYMENT_SETTINGS: Readonly<Record<string, string>> = {
  PermissionsBoundary:
    'the permissions boundary is set once per deployment, not per resource: deploy the function with the ' +
    'PermissionsBoundaryArn parameter (ROLE_PERMISSIONS_BOUNDARY_ARN) instead',
};

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** What every resource kind accepts: how its role is named, placed (below the managed path) and tagged. */
export interface RoleProperties {
  readonly roleName?: string;
  readonly rolePath: string;
  readonly tags: readonly Tag[];
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/(?:[\w+=,.@-]+\/)*$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Prefixes users may not use in Tags (IAM's own, and ours). */
const RESERVED_TAG_PREFIXES: readonly string[] = ['aws:', TAG_PREFIX];
const MAX_USER_TAGS = 45; // IAM allows 50 a role; the ownership tags (five) take the rest.

/** Fails on any property name not in `accepted` (nor CloudFormation's own), listing the accepted ones. */
export function rejectUnknown(raw: RawProperties, accepted: readonly string[]): void {
  const setting = Object.keys(DEPLOYMENT_SETTINGS).find((name) => raw[name] !== undefined);
  if (setting !== undefined) throw new ValidationError(setting, DEPLOYMENT_SETTINGS[setting] as string);
  const unknown = Object.keys(raw).filter(
    (name) => !accepted.includes(name) && !CLOUDFORMATION_PROPERTIES.includes(name),
  );
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.join(', '),
      `unknown propert${unknown.length > 1 ? 'ies' : 'y'}; accepted: ${accepted.join(', ')}`,
    );
  }
}

export function optionalString(raw: RawProperties, name: string, pattern: RegExp, shape: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ValidationError(
      name,
      `must be ${shape}${typeof value === 'string' ? `, got "${clip(value)}"` : `, got ${typeName(value)}`}`,
    );
  }
  return value;
}

export function requiredString(raw: RawProperties, name: string, pattern: RegExp, shape: string): string {
  const value = optionalString(raw, name, pattern, shape);
  if (value === undefined) throw new ValidationError(name, 'is required');
  return value;
}

/** "true" / "false" (as CloudFormation sends them) or a JSON boolean. */
export function booleanProperty(raw: RawProperties, name: string, fallback: boolean): boolean {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new ValidationError(
    name,
    `must be "true" or "false", got ${typeof value === 'string' ? `"${clip(value)}"` : typeName(value)}`,
  );
}

/** A list of distinct strings, each matching `pattern`. Undefined when absent. */
export function optionalStringList(
  raw: RawProperties,
  name: string,
  pattern: RegExp,
  shape: string,
): string[] | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0)
    throw new ValidationError(name, `must be a non-empty list of ${shape}`);
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string' || !pattern.test(item)) {
      throw new ValidationError(
        name,
        `${typeof item === 'string' ? `"${clip(item)}"` : typeName(item)} is not ${shape}`,
      );
    }
    if (seen.has(item)) throw new ValidationError(name, `"${clip(item)}" is listed twice`);
    seen.add(item);
  }
  return [...seen];
}

export function roleProperties(raw: RawProperties): RoleProperties {
  const roleName = optionalString(raw, 'RoleName', ROLE_NAME, '1-64 characters of letters, digits and +=,.@_-');
  const rolePath = optionalString(raw, 'RolePath', ROLE_PATH, 'a path such as "/" or "/messaging/"') ?? '/';
  if (rolePath.length > 512) throw new ValidationError('RolePath', 'must be at most 512 characters');
  if (rolePath.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new ValidationError('RolePath', `must not have a "." or ".." segment, got "${clip(rolePath)}"`);
  }
  return { roleName, rolePath, tags: tagList(raw.Tags) };
}

function tagList(value: unknown): Tag[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ValidationError('Tags', 'must be a list of {Key, Value}');
  if (value.length > MAX_USER_TAGS) throw new ValidationError('Tags', `at most ${MAX_USER_TAGS} tags`);
  const keys = new Set<string>();
  return value.map((item, index) => {
    const where = `Tags[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new ValidationError(where, 'must be {Key, Value}');
    const { Key, Value, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0)
      throw new ValidationError(where, `unknown field ${Object.keys(rest).join(', ')}; only Key and Value`);
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128 || !TAG_CHARS.test(Key)) {
      throw new ValidationError(`${where}.Key`, 'must be 1-128 letters, digits, spaces or _.:/=+-@');
    }
    if (typeof Value !== 'string' || Value.length > 256 || !TAG_CHARS.test(Value)) {
      throw new ValidationError(`${where}.Value`, 'must be a string of 0-256 letters, digits, spaces or _.:/=+-@');
    }
    const reserved = RESERVED_TAG_PREFIXES.find((prefix) => Key.toLowerCase().startsWith(prefix));
    if (reserved) throw new ValidationError(`${where}.Key`, `keys starting with "${reserved}" are reserved`);
    if (keys.has(Key.toLowerCase()))
      throw new ValidationError(`${where}.Key`, `"${Key}" is given twice (IAM tag keys ignore case)`);
    keys.add(Key.toLowerCase());
    return { Key, Value };
  });
}

export type StreamKind = 'kinesis' | 'firehose';

export interface StreamDestination {
  readonly kind: StreamKind;
  readonly arn: string;
}

const STREAM_RESOURCE: Readonly<Record<StreamKind, RegExp>> = {
  kinesis: /^stream\/[a-zA-Z0-9_.-]{1,128}$/,
  firehose: /^deliverystream\/[a-zA-Z0-9_.-]{1,64}$/,
};

/** A Kinesis data stream or Firehose delivery stream ARN in the stack's partition. */
export function streamDestination(
  raw: RawProperties,
  name: string,
  stack: StackContext,
  allowed: readonly StreamKind[],
  whyOnly = '',
): StreamDestination {
  const value = requiredString(raw, name, /^arn:/, 'a stream ARN');
  const arn = parseArn(value);
  const kind = arn?.service as StreamKind | undefined;
  const expected = allowed.map((k) =>
    k === 'kinesis'
      ? 'arn:<partition>:kinesis:<region>:<account>:stream/<name>'
      : 'arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
  );
  if (
    !arn ||
    !kind ||
    !Object.hasOwn(STREAM_RESOURCE, kind) ||
    !STREAM_RESOURCE[kind].test(arn.resource) ||
    !REGION.test(arn.region) ||
    !/^\d{12}$/.test(arn.account)
  ) {
    throw new ValidationError(name, `must be ${expected.join(' or ')}, got "${clip(value)}"`);
  }
  if (!allowed.includes(kind)) {
    throw new ValidationError(
      name,
      `${kind} streams are not supported here${whyOnly}; must be ${expected.join(' or ')}`,
    );
  }
  sameAccount(name, arn, stack);
  return { kind, arn: value };
}

/** Every ARN property must name the stack's own partition and account. */
function sameAccount(name: string, arn: Arn, stack: StackContext): void {
  if (arn.partition !== stack.partition) {
    throw new ValidationError(name, `is in partition ${arn.partition}, the stack is in ${stack.partition}`);
  }
  if (arn.account !== stack.account) {
    throw new ValidationError(name, `is in account ${arn.account}; it must be in the stack's account ${stack.account}`);
  }
}

const LOG_GROUP = /^log-group:([.\-_/#A-Za-z0-9]{1,512})(?::\*)?$/;

/** A CloudWatch Logs log group ARN (a trailing `:*` accepted) in the stack's partition and account, without `:*`. */
export function logGroupArn(raw: RawProperties, name: string, stack: StackContext): string {
  const value = requiredString(raw, name, /^arn:/, 'a log group ARN');
  const arn = parseArn(value);
  const group =
    arn && arn.service === 'logs' && REGION.test(arn.region) && /^\d{12}$/.test(arn.account)
      ? LOG_GROUP.exec(arn.resource)
      : null;
  if (!arn || !group) {
    throw new ValidationError(
      name,
      `must be arn:<partition>:logs:<region>:<account>:log-group:<name>, got "${clip(value)}"`,
    );
  }
  sameAccount(name, arn, stack);
  return `arn:${arn.partition}:logs:${arn.region}:${arn.account}:log-group:${group[1] as string}`;
}

/** A KMS key ARN (not an alias) in the stack's partition and region. */
export function optionalKmsKeyArn(raw: RawProperties, name: string, stack: StackContext): string | undefined {
  const value = optionalString(raw, name, /^arn:/, 'a KMS key ARN');
  if (value === undefined) return undefined;
  const arn = parseArn(value);
  if (
    arn?.service !== 'kms' ||
    !/^\d{12}$/.test(arn.account) ||
    !/^key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(arn.resource)
  ) {
    throw new ValidationError(
      name,
      `must be arn:<partition>:kms:<region>:<account>:key/<key-id> (not an alias), got "${clip(value)}"`,
    );
  }
  if (arn.partition !== stack.partition || arn.region !== stack.region || arn.account !== stack.account) {
    throw new ValidationError(
      name,
      `must be in the stack's partition, region and account (${stack.partition}, ${stack.region}, ${stack.account})`,
    );
  }
  return value;
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
