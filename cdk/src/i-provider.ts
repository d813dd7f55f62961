import { Duration } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The function that serves this package's custom resources: a shared deployment, or one of the stack's own. */
export interface IProvider extends IConstruct {
  /** The function's ARN: the custom resources' ServiceToken. */
  readonly serviceToken: string;
  /**
   * How long CloudFormation waits for the function's answer (each resource's ServiceTimeout): a
   * little above the function's timeout, since the function answers before its own timeout in any
   * case and ServiceTimeout only bounds the wait if that answer is lost.
   */
  readonly serviceTimeout: Duration;
}

/** What "a little above" the function's timeout is (the README's 330 s for the default 300 s). */
const SERVICE_TIMEOUT_MARGIN = Duration.seconds(30);

/** The ServiceTimeout for a function whose timeout is `functionTimeout`. */
export function serviceTimeoutAbove(functionTimeout: Duration): Duration {
  return Duration.seconds(functionTimeout.toSeconds() + SERVICE_TIMEOUT_MARGIN.toSeconds());
}
