/**
 * The function's settings, read once from its environment (template.yaml sets them from the
 * deployment's parameters; Lambda sets AWS_REGION and AWS_LAMBDA_FUNCTION_NAME). Pure: the
 * entry point passes `process.env` in. Never throws: a malformed deployment setting becomes a
 * `ValidationError` naming the variable, which every request then answers FAILED with.
 */
import { ValidationError } from './errors.js';
import { DEFAULT_MANAGED_PATH_PREFIX } from './names.js';
import { parseArn, REGION } from './stack.js';

/** The deployment's settings: what every request of this deployment is held to. */
export interface Deployment {
  /** First segment of the managed IAM path `/<prefix>/<region>/` every role lives under. */
  readonly managedPathPrefix: string;
  /** Permissions boundary every role is created with; undefined only in local runs. */
  readonly permissionsBoundaryArn?: string;
  /** Upper bound of the wait for IAM propagation (the Lambda's remaining time bounds it too). */
  readonly propagationTimeoutMs: number;
  /** The deployment's stack name, tagged on every role it creates; undefined only in local runs. */
  readonly deploymentId?: string;
  /** ReplaceExistingStream "true" may take over a stream or destination this resource cannot prove is its own. */
  readonly allowTakeover: boolean;
  /** Custom::PinpointEmailSendingRole may be created and updated (the boundary then allows SES sending). */
  readonly enableEmailSendingRole: boolean;
}

export interface Config {
  /** The function's own Region: its events' stacks and its response bucket are there. */
  readonly region?: string;
  /** For metrics: the function's name (`local` outside Lambda). */
  readonly functionName: string;
  /** Accept a loopback http ResponseURL (local runs and tests only; the template never sets it). */
  readonly allowLoopbackResponseUrl: boolean;
  /** The deployment's settings, or why they are malformed (every request then fails naming it). */
  readonly deployment: Deployment | ValidationError;
}

export const DEFAULT_PROPAGATION_TIMEOUT_SECONDS = 120;

type Env = Readonly<Record<string, string | undefined>>;

/** An IAM path segment: the characters IAM allows in a path, no slash. */
const PATH_SEGMENT = /^[\w+=,.@-]{1,64}$/;
const POLICY_RESOURCE = /^policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
/** A CloudFormation stack name (the deployment's), which is also a valid IAM tag value. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export function readConfig(env: Env): Config {
  const region = env.AWS_REGION && REGION.test(env.AWS_REGION) ? env.AWS_REGION : undefined;
  let deployment: Deployment | ValidationError;
  try {
    deployment = readDeployment(env);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    deployment = error;
  }
  return {
    region,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME || 'local',
    allowLoopbackResponseUrl: env.ALLOW_LOOPBACK_RESPONSE_URL === 'true',
    deployment,
  };
}

/** Throws a ValidationError naming the environment variable when a setting is malformed. */
export function readDeployment(env: Env): Deployment {
  const prefix = env.MANAGED_ROLE_PATH_PREFIX || DEFAULT_MANAGED_PATH_PREFIX;
  if (!PATH_SEGMENT.test(prefix)) {
    throw new ValidationError(
      'MANAGED_ROLE_PATH_PREFIX',
      `must be 1-64 letters, digits or +=,.@_- (one IAM path segment), got "${prefix.slice(0, 80)}"`,
    );
  }
  const boundary = env.ROLE_PERMISSIONS_BOUNDARY_ARN || undefined;
  if (boundary !== undefined) {
    const arn = parseArn(boundary);
    if (arn?.service !== 'iam' || arn.region !== '' || !POLICY_RESOURCE.test(arn.resource)) {
      throw new ValidationError(
        'ROLE_PERMISSIONS_BOUNDARY_ARN',
        `must be an IAM managed policy ARN, got "${boundary.slice(0, 80)}"`,
      );
    }
  }
  const raw = env.PROPAGATION_TIMEOUT_SECONDS;
  const seconds = raw ? Number(raw) : DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900) {
    throw new ValidationError(
      'PROPAGATION_TIMEOUT_SECONDS',
      `must be a whole number of seconds from 1 to 900, got "${raw}"`,
    );
  }
  const deploymentId = env.DEPLOYMENT_ID || undefined;
  if (deploymentId !== undefined && !STACK_NAME.test(deploymentId)) {
    throw new ValidationError(
      'DEPLOYMENT_ID',
      `must be a CloudFormation stack name, got "${deploymentId.slice(0, 80)}"`,
    );
  }
  return {
    managedPathPrefix: prefix,
    permissionsBoundaryArn: boundary,
    propagationTimeoutMs: seconds * 1000,
    deploymentId,
    allowTakeover: flag(env, 'ALLOW_TAKEOVER'),
    enableEmailSendingRole: flag(env, 'ENABLE_EMAIL_SENDING_ROLE'),
  };
}

/** "true" or "false" (unset: false). */
function flag(env: Env, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new ValidationError(name, `must be "true" or "false", got "${value.slice(0, 80)}"`);
}
