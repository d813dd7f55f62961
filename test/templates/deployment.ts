/**
 * The test deployment: the account, Region and settings the function is deployed with in the
 * tests (the emulator shares them). The simulator helper resolves template.yaml's intrinsics
 * for this deployment.
 *
 * TODO: test/support/deployment.mjs (written alongside the emulator) will hold these facts;
 * once it is on this branch, re-export them from there instead of defining them here.
 */
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
  account: '123456789012',
  region: 'us-east-1',
  partition: 'aws',
  prefix: 'pinpoint-event-stream',
  boundaryArn: 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary',
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
