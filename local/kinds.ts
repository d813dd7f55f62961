/**
 * The one catalog of the kinds of resource, as the local run, the bench and the integration
 * tests drive them: each kind's ResourceType, its logical id, its events/ file prefix, its
 * module in src/resources/, valid properties against a seeded world, an in-place change, and
 * the service resource it points at the role: how to read it back, and what the tests of
 * every such kind (test/integration/targets.test.ts) need to know of its service.
 */
import { RESOURCE_TYPES, type ResourceTypeName } from '../src/names.js';
import type { Readers } from './clients.js';
import { ACCOUNT, PARTITION } from './deployment.js';
import { type CloudFormationEvent, type EventFields, event, type Properties, type RequestType } from './events.js';
import {
  putForeignEventStream,
  putForeignSesEventDestination,
  putForeignSmsEventDestination,
  type SmsWorld,
  type World,
} from './seed.js';
import { readEventDestinations, readEventStream, readSmsEventDestinations } from './state.js';

/** A change that replaces the role and its target: the new properties, and where the new target is. */
export interface Replacement {
  readonly props: Properties;
  /** The world the new target lives in (another app or configuration set: `other`). */
  readonly world: SmsWorld;
  /** The new target's name, when the kind names its targets. */
  readonly name?: string;
}

/** The service resource a kind points at its role (event stream, event destination). */
export interface KindTarget {
  /** What the local run calls the service side, e.g. `SES event destinations`. */
  readonly service: string;
  /** The stream, or every destination of the configuration set, as the services hold them now. */
  read(readers: Readers, world: SmsWorld): Promise<unknown>;
  /** The role the target named `name` (default: the kind's logical id) uses now; undefined: none. */
  roleOf(readers: Readers, world: SmsWorld, name?: string): Promise<string | undefined>;
  /** How the function names the target in its logs and reasons. */
  describe(world: SmsWorld, name?: string): string;
  /** What the local run lists as left behind: a label and the items (role ARNs or destination names). */
  leftovers(readers: Readers, world: SmsWorld): Promise<{ what: string; items: string[] }>;
  /** Data a Create returns besides RoleArn and RoleName, for `props(world)`. */
  data(world: SmsWorld): Properties;
  /** The calls (IAM-action form) that read, create, update and remove it, as the tests count them. */
  readonly calls: { readonly read: string; readonly create: string; readonly update: string; readonly remove: string };
  /** The codes of the service's 400 for a request it refuses, and of its 403. */
  readonly clientError: string;
  readonly forbiddenError: string;
  /** What the target lives in: the property naming it, a value naming none, and what the reason then says. */
  readonly container: { readonly property: string; readonly missing: string; readonly says: string };
  /** Points the target named `name` (default: the kind's logical id) at someone else's role; resolves with its ARN. */
  putForeign(readers: Readers, world: SmsWorld, name?: string): Promise<string>;
  /** The changes of one property that replace the role and its target (`other`: a second seeded world). */
  readonly replacements: Readonly<Record<string, (world: SmsWorld, other: SmsWorld) => Replacement>>;
}

export interface Kind {
  /** How the bench, the local run and the tests name it. */
  readonly label: string;
  readonly resourceType: ResourceTypeName;
  /** The LogicalResourceId the bench and the tests give it. */
  readonly logicalId: string;
  /** events/<prefix>-{create,update,delete}.json */
  readonly eventsPrefix: string;
  /** src/resources/<module>.ts, whose chunk in dist/ a request of this kind loads. */
  readonly module: string;
  /** Valid properties against `world` (SMS and voice: seeded through the gateway), with `extra` on top. */
  props(world: World, extra?: Properties): Properties;
  /** Properties of an in-place update of `props()` (no property that replaces the role). */
  changed(world: World, extra?: Properties): Properties;
  /** The service resource it points at the role; undefined for a role-only kind. */
  readonly target: KindTarget | undefined;
}

const changedTags = [{ Key: 'team', Value: 'changed' }];

const pinpoint: Kind = {
  label: 'Pinpoint event stream',
  resourceType: RESOURCE_TYPES.pinpointEventStream,
  logicalId: 'EventStream',
  eventsPrefix: 'pinpoint',
  module: 'pinpoint-event-stream',
  props: (world, extra = {}) => ({
    ApplicationId: world.ApplicationId,
    DestinationStreamArn: world.KinesisStreamArn,
    ...extra,
  }),
  changed: (world, extra = {}) =>
    pinpoint.props(world, { DestinationStreamArn: world.FirehoseStreamArn, Tags: changedTags, ...extra }),
  target: {
    service: 'Pinpoint event stream',
    read: ({ direct }, world) => readEventStream(direct, world.ApplicationId),
    roleOf: async ({ direct }, world) => (await readEventStream(direct, world.ApplicationId))?.RoleArn,
    describe: (world) => `the event stream of Pinpoint application ${world.ApplicationId}`,
    leftovers: async ({ direct }, world) => {
      const stream = await readEventStream(direct, world.ApplicationId);
      return {
        what: `Pinpoint event stream of app ${world.ApplicationName}`,
        items: stream?.RoleArn ? [stream.RoleArn] : [],
      };
    },
    data: (world) => ({ ApplicationId: world.ApplicationId }),
    calls: {
      read: 'mobiletargeting:GetEventStream',
      create: 'mobiletargeting:PutEventStream',
      update: 'mobiletargeting:PutEventStream',
      remove: 'mobiletargeting:DeleteEventStream',
    },
    clientError: 'BadRequestException',
    forbiddenError: 'ForbiddenException',
    container: {
      property: 'ApplicationId',
      missing: 'f'.repeat(32),
      says: `Pinpoint application ${'f'.repeat(32)} does not exist`,
    },
    putForeign: async ({ direct }, world) => {
      const foreign = `arn:${PARTITION}:iam::${ACCOUNT}:role/someone-elses-role`;
      await putForeignEventStream(direct, world.ApplicationId, world.FirehoseStreamArn, foreign);
      return foreign;
    },
    replacements: { ApplicationId: (_world, other) => ({ props: pinpoint.props(other), world: other }) },
  },
};

/** What the catalog needs of one service's event destinations; eventDestinationKind() derives the rest. */
interface DestinationKindSpec<D>
  extends Pick<Kind, 'label' | 'resourceType' | 'logicalId' | 'eventsPrefix' | 'module'> {
  /** As the function names the service: `SES`, `SMS and voice`. */
  readonly service: string;
  /** The kind's configuration set in a world. */
  setOf(world: World): string;
  /** The properties of an in-place update, on top of the valid ones. */
  readonly changed: Properties;
  /** Every destination of a configuration set (through the gateway), their names and the roles they use. */
  read(viaGateway: Readers['viaGateway'], configurationSetName: string): Promise<D[]>;
  nameOf(destination: D): string | undefined;
  roleOf(destination: D): string | undefined;
  readonly calls: KindTarget['calls'];
  readonly clientError: string;
  /** Someone else's destination named `name`, in place of any of that name; resolves with its role's ARN. */
  putForeign(readers: Readers, world: SmsWorld, name: string): Promise<string>;
}

/**
 * An event destination kind (SES, SMS and voice): a named destination in a configuration set, to a
 * Firehose delivery stream by default, replaced by a new name or another configuration set.
 */
function eventDestinationKind<D>(spec: DestinationKindSpec<D>): Kind {
  const { label, resourceType, logicalId, eventsPrefix, module, service, setOf } = spec;
  const read = ({ viaGateway }: Readers, world: World) => spec.read(viaGateway, setOf(world));
  const props = (world: World, extra: Properties = {}): Properties => ({
    ConfigurationSetName: setOf(world),
    DestinationStreamArn: world.FirehoseStreamArn,
    ...extra,
  });
  return {
    label,
    resourceType,
    logicalId,
    eventsPrefix,
    module,
    props,
    changed: (world, extra = {}) => props(world, { ...spec.changed, Tags: changedTags, ...extra }),
    target: {
      service: `${service} event destinations`,
      read,
      roleOf: async (readers, world, name = logicalId) => {
        const found = (await read(readers, world)).find((d) => spec.nameOf(d) === name);
        return found && spec.roleOf(found);
      },
      describe: (world, name = logicalId) =>
        `event destination ${name} of ${service} configuration set ${setOf(world)}`,
      leftovers: async (readers, world) => ({
        what: `${service} destinations of ${setOf(world)}`,
        items: (await read(readers, world)).map((d) => spec.nameOf(d) ?? ''),
      }),
      data: (world) => ({ ConfigurationSetName: setOf(world), EventDestinationName: logicalId }),
      calls: spec.calls,
      clientError: spec.clientError,
      forbiddenError: 'AccessDeniedException',
      container: {
        property: 'ConfigurationSetName',
        missing: 'no-such-set',
        says: `${service} configuration set no-such-set does not exist`,
      },
      putForeign: (readers, world, name = logicalId) => spec.putForeign(readers, world, name),
      replacements: {
        EventDestinationName: (world) => ({
          props: props(world, { EventDestinationName: 'Renamed' }),
          world,
          name: 'Renamed',
        }),
        ConfigurationSetName: (_world, other) => ({ props: props(other), world: other }),
      },
    },
  };
}

const ses = eventDestinationKind({
  label: 'SES event destination',
  resourceType: RESOURCE_TYPES.sesEventDestination,
  logicalId: 'EmailEvents',
  eventsPrefix: 'ses',
  module: 'ses-event-destination',
  service: 'SES',
  setOf: (world) => world.ConfigurationSetName,
  changed: { MatchingEventTypes: ['SEND'], Enabled: 'false' },
  read: readEventDestinations,
  nameOf: (d) => d.Name,
  roleOf: (d) => d.KinesisFirehoseDestination?.IamRoleArn,
  calls: {
    read: 'ses:GetConfigurationSetEventDestinations',
    create: 'ses:CreateConfigurationSetEventDestination',
    update: 'ses:UpdateConfigurationSetEventDestination',
    remove: 'ses:DeleteConfigurationSetEventDestination',
  },
  clientError: 'BadRequestException',
  putForeign: ({ direct, viaGateway }, world, name) => putForeignSesEventDestination(direct, viaGateway, world, name),
});

const sms = eventDestinationKind({
  label: 'SMS and voice event destination',
  resourceType: RESOURCE_TYPES.smsVoiceEventDestination,
  logicalId: 'SmsEvents',
  eventsPrefix: 'sms',
  module: 'sms-voice-event-destination',
  service: 'SMS and voice',
  setOf: (world) => world.SmsConfigurationSetName ?? '',
  changed: { MatchingEventTypes: ['TEXT_ALL'], Enabled: 'false' },
  read: readSmsEventDestinations,
  nameOf: (d) => d.EventDestinationName,
  roleOf: (d) => d.KinesisFirehoseDestination?.IamRoleArn ?? d.CloudWatchLogsDestination?.IamRoleArn,
  calls: {
    read: 'sms-voice:DescribeConfigurationSets',
    create: 'sms-voice:CreateEventDestination',
    update: 'sms-voice:UpdateEventDestination',
    remove: 'sms-voice:DeleteEventDestination',
  },
  clientError: 'ValidationException',
  putForeign: ({ direct, viaGateway }, world, eventDestinationName) =>
    putForeignSmsEventDestination(direct, {
      viaGateway,
      configurationSetName: world.SmsConfigurationSetName,
      eventDestinationName,
      destinationStreamArn: world.FirehoseStreamArn,
      replace: true,
    }),
});

const sendingRole: Kind = {
  label: 'Email sending role',
  resourceType: RESOURCE_TYPES.emailSendingRole,
  logicalId: 'SendingRole',
  eventsPrefix: 'sending-role',
  module: 'email-sending-role',
  props: (_world, extra = {}) => ({ ...extra }),
  changed: (_world, extra = {}) => ({ Identities: ['example.com'], Tags: changedTags, ...extra }),
  target: undefined,
};

/** The kinds by name. */
export const KIND = { pinpoint, ses, sms, sendingRole } as const;
/** Every kind, in the order the local run plays events/ and the bench reports them. */
export const KINDS: readonly Kind[] = [pinpoint, ses, sms, sendingRole];
/** The kinds that point a service resource at the role. */
export const KINDS_WITH_TARGET: readonly Kind[] = KINDS.filter((k) => k.target !== undefined);

/**
 * An event of `kind` for `stackId`: its logical id and valid properties against `world`, unless
 * `fields` say otherwise.
 */
export function kindEvent(
  kind: Kind,
  requestType: RequestType,
  stackId: string,
  world: World,
  fields: Partial<EventFields> = {},
): CloudFormationEvent {
  return event(requestType, {
    StackId: stackId,
    ResourceType: kind.resourceType,
    LogicalResourceId: kind.logicalId,
    ResourceProperties: kind.props(world),
    ...fields,
  });
}
