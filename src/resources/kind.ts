/**
 * What a kind of resource is to the lifecycle. Parsing a kind's properties returns a Plan:
 * everything the lifecycle needs, already bound to those properties (the role's binding,
 * trust and permissions policies, the Data to return, and the service resource to point at
 * the role). The lifecycle (role, policy, service call, replacement, delete) is written once,
 * in lifecycle.ts, against these types.
 */
import type { AwsContext } from '../aws/call.js';
import type { PolicyDocument } from '../policies.js';
import type { RawProperties, RoleProperties } from '../properties.js';
import type { Data } from '../protocol/types.js';
import type { Binding } from '../roles.js';
import type { StackContext } from '../stack.js';

/** The service resource as it is now. */
export interface TargetState {
  /** The role it uses; undefined when it uses none (another destination type). */
  readonly roleArn?: string;
}

/** One way of bringing the target from its current state to the wanted one. */
export interface TargetWrite {
  /** The AWS call that hands over the role, for logs and reasons, e.g. `ses:CreateConfigurationSetEventDestination`. */
  readonly call: string;
  /** One attempt; the lifecycle repeats it while the service cannot use the role yet (IAM propagation). */
  attempt(ctx: AwsContext, roleArn: string): Promise<void>;
}

/** The service resource pointed at the role (an event stream or destination), bound to one resource's properties. */
export interface Target {
  /** For reasons and logs, e.g. `event destination X of SES configuration set Y`. */
  readonly description: string;
  /**
   * ReplaceExistingStream: when the target exists and uses a role this resource cannot prove
   * is its own, take it over (true) or refuse (false).
   */
  readonly replaceExisting: boolean;
  /** What the template author can do when the target is another's, e.g. `set ReplaceExistingStream to "true"`. */
  readonly takeoverHint: string;
  /** The target now; undefined when it does not exist. */
  read(ctx: AwsContext): Promise<TargetState | undefined>;
  /** How to bring it from `current` to the wanted state. */
  write(current: TargetState | undefined): TargetWrite;
  /** Removes it; already gone is fine. */
  remove(ctx: AwsContext): Promise<void>;
  /** The service's "cannot use the role yet" answer, and nothing else. */
  isPropagationError(error: unknown): boolean;
  /** A failure of read or write as the template author should see it: naming the property at fault when one is. */
  explain(error: unknown): unknown;
}

/** One resource's properties, parsed and bound: what to build. */
export interface Plan {
  /** RoleName, RolePath (below the managed path) and the user's Tags. */
  readonly role: RoleProperties;
  /** Values (besides RoleName and RolePath) whose change replaces the role. */
  readonly binding: Binding;
  readonly trust: PolicyDocument;
  readonly permissions: PolicyDocument;
  /** Data returned besides RoleArn and RoleName. */
  readonly data: Data;
  /** The service resource pointed at the role; none for a role-only kind. */
  readonly target?: Target;
  /** A deployment setting Create and Update of this kind need (Delete never does). */
  readonly optIn?: OptIn;
}

/** Deployment settings that are off by default and that every Create and Update of a kind needs (config.ts). */
export type OptIn = 'enableEmailSendingRole';

export interface ResourceKind {
  /** Every property name accepted, CloudFormation's own excluded. */
  readonly properties: readonly string[];
  /** Validates the properties (pure: no AWS call) and binds them into a plan; a ValidationError names the property. */
  parse(raw: RawProperties, stack: StackContext): Plan;
}
