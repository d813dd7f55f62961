/**
 * The deployment's settings, read once from the function's environment (template.yaml
 * sets them from the stack's parameters). Pure: the handler passes `process.env` in.
 */
import { ValidationError } from './errors.js';
import { parseArn } from './stack.js';

export interface Deployment {
  /** First segment of the managed IAM path `/<prefix>/<region>/` every role lives under. */
  readonly managedPathPrefix: string;
  /** Permissions boundary every role is created with; undefined only in local runs. */
  readonly permissionsBoundaryArn?: string;
  /** Upper bound of the wait for IAM propagation (the Lambda's remaining time bounds it too). */
  readonly propagationTimeoutMs: number;
  /** Accept a loopback http ResponseURL (local runs and tests only). */
  readonly allowLoopbackResponseUrl: boolean;
}

export const DEFAULT_MANAGED_PATH_PREFIX = 'pinpoint-event-stream';
export const DEFAULT_PROPAGATION_TIMEOUT_SECONDS = 120;

/** An IAM path segment: the characters IAM allows in a path, no slash. */
const PATH_SEGMENT = /^[\w+=,.@-]{1,64}$/;
const POLICY_RESOURCE = /^policy\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

type Env = Readonly<Record<string, string | undefined>>;

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
  const seconds = env.PROPAGATION_TIMEOUT_SECONDS
    ? Number(env.PROPAGATION_TIMEOUT_SECONDS)
    : DEFAULT_PROPAGATION_TIMEOUT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 900) {
    throw new ValidationError(
      'PROPAGATION_TIMEOUT_SECONDS',
      `must be a whole number of seconds from 1 to 900, got "${env.PROPAGATION_TIMEOUT_SECONDS}"`,
    );
  }
  return {
    managedPathPrefix: prefix,
    permissionsBoundaryArn: boundary,
    propagationTimeoutMs: seconds * 1000,
    allowLoopbackResponseUrl: env.ALLOW_LOOPBACK_RESPONSE_URL === 'true',
  };
}
