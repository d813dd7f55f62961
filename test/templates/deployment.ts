/**
 * The test deployment: the account, Region and settings the function is deployed with in the
 * tests (the emulator shares them). The simulator helper resolves template.yaml's intrinsics
 * for this deployment: the local deployment's facts (local/deployment.ts).
 */
import { ACCOUNT, BOUNDARY_ARN, MANAGED_PATH_PREFIX, PARTITION, REGION } from '../../local/deployment.js';

export interface Deployment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** ManagedRolePathPrefix: roles live under /<prefix>/<region>/. */
  readonly prefix: string;
  /** The permissions boundary every created role carries (template.yaml: RoleBoundaryPolicy). */
  readonly boundaryArn: string;
}

export const TEST_DEPLOYMENT: Deployment = Object.freeze({
  account: ACCOUNT,
  region: REGION,
  partition: PARTITION,
  prefix: MANAGED_PATH_PREFIX,
  boundaryArn: BOUNDARY_ARN,
});

/** The IAM path every role of `deployment` lives under: /<prefix>/<region>/. */
export function managedRolePath(deployment: Deployment = TEST_DEPLOYMENT): string {
  return `/${deployment.prefix}/${deployment.region}/`;
}

/** The ARN of a role named `name` under the managed path (plus an optional nested RolePath such as /team/). */
export function managedRoleArn(name: string, rolePath = '/', deployment: Deployment = TEST_DEPLOYMENT): string {
  const path = `${managedRolePath(deployment)}${rolePath.replace(/^\//, '')}`;
  return `arn:${deployment.partition}:iam::${deployment.account}:role${path}${name}`;
}
