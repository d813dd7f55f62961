/**
 * What distinguishes one kind of resource from another. The lifecycle (role,
 * policy, service call, replacement, delete) is written once, in lifecycle.ts,
 * against this interface.
 */
import type { AwsContext } from '../aws/call.js';
import type { Binding } from '../naming.js';
import type { PolicyDocument } from '../policies.js';
import type { RawProperties, RoleProperties } from '../properties.js';
import type { Data } from '../protocol/types.js';
import type { StackContext } from '../stack.js';

/** The service resource pointed at the role (an event stream, an event destination). */
export interface Target<P> {
  /** For reasons and logs, e.g. `the event stream of Pinpoint application abc`. */
  describe(props: P): string;
  /** Whether it exists, and which role it uses now. */
  current(ctx: AwsContext, props: P): Promise<{ exists: boolean; roleArn?: string }>;
  /** The AWS call `apply` makes, e.g. `mobiletargeting:PutEventStream`. */
  applyCall(exists: boolean): string;
  /** One attempt at creating or updating it to use `roleArn` (the lifecycle retries propagation errors). */
  apply(ctx: AwsContext, props: P, roleArn: string, exists: boolean): Promise<void>;
  remove(ctx: AwsContext, props: P): Promise<void>;
  /** The service's "cannot use the role yet" answer, and nothing else. */
  isPropagationError(error: unknown): boolean;
  /** Turns a known failure of `apply` into a reason naming the property at fault. */
  explain(error: unknown, props: P): unknown;
}

export interface ResourceKind<P extends RoleProperties = RoleProperties> {
  /** Every property name accepted, CloudFormation's own excluded. */
  readonly properties: readonly string[];
  parse(raw: RawProperties, stack: StackContext): P;
  /** Values (besides RoleName and RolePath) whose change replaces the role. */
  binding(props: P): Binding;
  trustPolicy(props: P, stack: StackContext): PolicyDocument;
  permissionsPolicy(props: P, stack: StackContext): PolicyDocument;
  /** True when the template allows taking over a target this resource does not own. */
  replaceExisting(props: P): boolean;
  readonly target?: Target<P>;
  /** Data returned besides RoleArn and RoleName. */
  data(props: P): Data;
}
