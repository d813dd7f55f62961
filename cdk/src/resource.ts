/**
 * What every construct of this package is: one custom resource of the contract's ResourceType,
 * served by a provider, whose properties are the contract's (strings, as CloudFormation sends
 * them), validated at synth time by the function's own parser, with the role it makes exposed.
 */
import { type CfnResource, CustomResource, type ITaggable, Lazy, Stack, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { type Kind, RESOURCE_TYPE } from './contract.js';
import type { IProvider } from './i-provider.js';
import { type Properties, synthTimeRefusal } from './synth-check.js';

/** What every kind takes. */
export interface MessagingRoleProps {
  /** The function that serves the resource: `Provider.fromSsmParameter(...)` (shared) or `Provider.perStack(this)`. */
  readonly provider: IProvider;
  /**
   * RoleName: the role's name.
   * @default generated: deterministic for this resource, unique across stacks, accounts and Regions
   */
  readonly roleName?: string;
  /**
   * RolePath, nested below the deployment's managed path `/<prefix>/<Region>/` (`/team/` becomes
   * `/pinpoint-event-stream/us-east-1/team/`).
   * @default '/'
   */
  readonly rolePath?: string;
  /** Tags of the role, besides the ownership tags the function adds. `Tags.of(...)` adds to them. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What both event destinations (SES, and SMS and voice) take. */
export interface EventDestinationProps extends MessagingRoleProps {
  /**
   * EventDestinationName: the destination's name in the configuration set.
   * @default the construct's logical id (shortened to 64 characters with a hash when longer)
   */
  readonly eventDestinationName?: string;
  /** Enabled: whether the destination receives events. @default true */
  readonly enabled?: boolean;
  /**
   * ReplaceExistingStream: take over a destination of that name this resource cannot prove is its
   * own. Honoured only where the deployment allows takeover.
   * @default false
   */
  readonly replaceExistingStream?: boolean;
}

/** "true" / "false", as CloudFormation sends a boolean. */
export function flag(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

export abstract class MessagingRoleResource extends Construct implements ITaggable {
  /** The role's tags (ITaggable): `tags` of the props and whatever `Tags.of(...)` adds. */
  readonly tags: TagManager;
  /** The custom resource. */
  readonly resource: CustomResource;
  /** The role the function made (RoleArn). Managed by the function: grants to it add nothing. */
  readonly role: iam.IRole;
  /** RoleArn: the role's ARN (also the resource's physical id). */
  readonly roleArn: string;
  /** RoleName: the role's name. */
  readonly roleName: string;

  protected constructor(scope: Construct, id: string, kind: Kind, props: MessagingRoleProps, properties: Properties) {
    super(scope, id);
    this.tags = new TagManager(TagType.KEY_VALUE, RESOURCE_TYPE[kind], props.tags);
    const all: Properties = {
      RoleName: props.roleName,
      RolePath: props.rolePath,
      ...properties,
      Tags: Lazy.any({ produce: () => this.tags.renderTags() }),
    };
    this.resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE[kind],
      serviceToken: props.provider.serviceToken,
      serviceTimeout: props.provider.serviceTimeout,
      properties: all,
    });
    this.node.addValidation({ validate: () => this.refusals(kind, all) });
    this.roleArn = this.resource.getAttString('RoleArn');
    this.roleName = this.resource.getAttString('RoleName');
    this.role = iam.Role.fromRoleArn(this, 'Role', this.roleArn, { mutable: false });
  }

  /** What the function would refuse, known now: its own reason, or nothing. */
  private refusals(kind: Kind, properties: Properties): string[] {
    const stack = Stack.of(this);
    const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
    const reason = synthTimeRefusal(kind, stack.resolve(properties), {
      region: known(stack.region),
      account: known(stack.account),
      stackName: known(stack.stackName),
      logicalId: stack.resolve((this.resource.node.defaultChild as CfnResource).logicalId),
    });
    return reason === undefined ? [] : [reason];
  }
}

/** An event destination in a configuration set (SES, or SMS and voice). */
export abstract class EventDestinationResource extends MessagingRoleResource {
  /** ConfigurationSetName. */
  readonly configurationSetName: string;
  /** EventDestinationName. */
  readonly eventDestinationName: string;

  protected constructor(
    scope: Construct,
    id: string,
    kind: Kind,
    props: EventDestinationProps,
    configurationSetName: string,
    properties: Properties,
  ) {
    super(scope, id, kind, props, {
      ConfigurationSetName: configurationSetName,
      EventDestinationName: props.eventDestinationName,
      Enabled: flag(props.enabled),
      ReplaceExistingStream: flag(props.replaceExistingStream),
      ...properties,
    });
    this.configurationSetName = this.resource.getAttString('ConfigurationSetName');
    this.eventDestinationName = this.resource.getAttString('EventDestinationName');
  }
}
