/**
 * The half that the two event-destination kinds (SES v2, and End User Messaging SMS and voice)
 * share: a named destination in a configuration set, its common properties, and the target
 * that reads, creates or updates, and deletes it. Each service supplies its calls.
 */
import type { AwsContext } from '../aws/call.js';
import { fitName } from '../naming.js';
import {
  booleanProperty,
  optionalString,
  type RawProperties,
  requiredString,
  TAKEOVER_SETTING,
} from '../properties.js';
import type { Data } from '../protocol/types.js';
import type { StackContext } from '../stack.js';
import type { Target, TargetState, TargetWrite } from './kind.js';

export const DESTINATION_PROPERTIES = [
  'ConfigurationSetName',
  'EventDestinationName',
  'Enabled',
  'ReplaceExistingStream',
] as const;

export interface DestinationProperties {
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
  readonly enabled: boolean;
  readonly replaceExistingStream: boolean;
}

/** Both services: 1-64 letters, digits, _ or -. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const NAME_SHAPE = '1-64 letters, digits, _ or -';
const MAX_NAME = 64;

export function destinationProperties(raw: RawProperties, stack: StackContext): DestinationProperties {
  return {
    configurationSetName: requiredString(
      raw,
      'ConfigurationSetName',
      NAME,
      `a configuration set name (${NAME_SHAPE}), not an ARN`,
    ),
    // Defaults never fail: a LogicalResourceId longer than the service allows is shortened deterministically.
    eventDestinationName:
      optionalString(raw, 'EventDestinationName', NAME, NAME_SHAPE) ?? fitName(stack.logicalId, MAX_NAME),
    enabled: booleanProperty(raw, 'Enabled', true),
    replaceExistingStream: booleanProperty(raw, 'ReplaceExistingStream', false),
  };
}

/** The values whose change replaces the role, and the Data returned: the same two names. */
export function destinationNames(p: DestinationProperties): Data {
  return { ConfigurationSetName: p.configurationSetName, EventDestinationName: p.eventDestinationName };
}

/** One service's event-destination calls, bound to the wanted destination except for the role. */
export interface DestinationApi<S extends TargetState> {
  /** For descriptions: `SES`, `SMS and voice`. */
  readonly service: string;
  read(ctx: AwsContext, configurationSetName: string, name: string): Promise<S | undefined>;
  readonly create: {
    readonly call: string;
    send(ctx: AwsContext, configurationSetName: string, name: string, roleArn: string): Promise<void>;
  };
  readonly update: {
    readonly call: string;
    send(ctx: AwsContext, configurationSetName: string, name: string, roleArn: string): Promise<void>;
  };
  readonly remove: {
    readonly call: string;
    send(ctx: AwsContext, configurationSetName: string, name: string): Promise<void>;
  };
  /** False when the service cannot turn `current` into the wanted destination in place (another destination type). */
  updatableInPlace(current: S): boolean;
  /** True when a created destination starts enabled whatever was asked, so a disabled one needs an update after. */
  readonly createsEnabled: boolean;
  isPropagationError(error: unknown): boolean;
  explain(error: unknown, p: DestinationProperties): unknown;
}

export function destinationTarget<S extends TargetState>(p: DestinationProperties, api: DestinationApi<S>): Target {
  const { configurationSetName: set, eventDestinationName: name } = p;
  const create = (): TargetWrite => {
    let created = false; // an attempt repeated after IAM propagation must not create twice
    return {
      call: api.create.call,
      async attempt(ctx, roleArn) {
        if (!created) await api.create.send(ctx, set, name, roleArn);
        created = true;
        if (!p.enabled && api.createsEnabled) await api.update.send(ctx, set, name, roleArn);
      },
    };
  };
  return {
    description: `event destination ${name} of ${api.service} configuration set ${set}`,
    replaceExisting: p.replaceExistingStream,
    takeoverHint:
      'choose another EventDestinationName, or set ReplaceExistingStream to "true" to replace it ' +
      `(${TAKEOVER_SETTING})`,
    read: (ctx) => api.read(ctx, set, name),
    write(current) {
      if (current === undefined) return create();
      // The lifecycle hands back what read() returned: the service's own state type.
      if (api.updatableInPlace(current as S))
        return { call: api.update.call, attempt: (ctx, roleArn) => api.update.send(ctx, set, name, roleArn) };
      // The service cannot change this destination's type: delete it once, then create it again under the same name.
      const recreate = create();
      let removed = false;
      return {
        call: `${api.remove.call} + ${recreate.call}`,
        async attempt(ctx, roleArn) {
          if (!removed) await api.remove.send(ctx, set, name);
          removed = true;
          await recreate.attempt(ctx, roleArn);
        },
      };
    },
    remove: (ctx) => api.remove.send(ctx, set, name),
    isPropagationError: (error) => api.isPropagationError(error),
    explain: (error) => api.explain(error, p),
  };
}
