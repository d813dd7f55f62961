/**
 * The one catalog of the kinds of resource, as the local run, the bench and the integration
 * tests drive them: each kind's ResourceType, its logical id, its events/ file prefix, its
 * module in src/resources/, valid properties against a seeded world, an in-place change, and
 * how to read back the service resource it points at the role.
 */
import { RESOURCE_TYPES, type ResourceTypeName } from '../src/names.js';
import type { Readers } from './clients.js';
import { type CloudFormationEvent, type EventFields, event, type Properties, type RequestType } from './events.js';
import type { SmsWorld, World } from './seed.js';
import { readEventDestinations, readEventStream, readSmsEventDestinations } from './state.js';

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
  },
};

const ses: Kind = {
  label: 'SES event destination',
  resourceType: RESOURCE_TYPES.sesEventDestination,
  logicalId: 'EmailEvents',
  eventsPrefix: 'ses',
  module: 'ses-event-destination',
  props: (world, extra = {}) => ({
    ConfigurationSetName: world.ConfigurationSetName,
    DestinationStreamArn: world.FirehoseStreamArn,
    ...extra,
  }),
  changed: (world, extra = {}) =>
    ses.props(world, { MatchingEventTypes: ['SEND'], Enabled: 'false', Tags: changedTags, ...extra }),
  target: {
    service: 'SES event destinations',
    read: ({ viaGateway }, world) => readEventDestinations(viaGateway, world.ConfigurationSetName),
    roleOf: async ({ viaGateway }, world, name = ses.logicalId) =>
      (await readEventDestinations(viaGateway, world.ConfigurationSetName)).find((d) => d.Name === name)
        ?.KinesisFirehoseDestination?.IamRoleArn,
    describe: (world, name = ses.logicalId) =>
      `event destination ${name} of SES configuration set ${world.ConfigurationSetName}`,
    leftovers: async ({ viaGateway }, world) => ({
      what: `SES destinations of ${world.ConfigurationSetName}`,
      items: (await readEventDestinations(viaGateway, world.ConfigurationSetName)).map((d) => d.Name ?? ''),
    }),
  },
};

const sms: Kind = {
  label: 'SMS and voice event destination',
  resourceType: RESOURCE_TYPES.smsVoiceEventDestination,
  logicalId: 'SmsEvents',
  eventsPrefix: 'sms',
  module: 'sms-voice-event-destination',
  props: (world, extra = {}) => ({
    ConfigurationSetName: world.SmsConfigurationSetName,
    DestinationStreamArn: world.FirehoseStreamArn,
    ...extra,
  }),
  changed: (world, extra = {}) =>
    sms.props(world, { MatchingEventTypes: ['TEXT_ALL'], Enabled: 'false', Tags: changedTags, ...extra }),
  target: {
    service: 'SMS and voice event destinations',
    read: ({ viaGateway }, world) => readSmsEventDestinations(viaGateway, world.SmsConfigurationSetName),
    roleOf: async ({ viaGateway }, world, name = sms.logicalId) => {
      const found = (await readSmsEventDestinations(viaGateway, world.SmsConfigurationSetName)).find(
        (d) => d.EventDestinationName === name,
      );
      return found?.KinesisFirehoseDestination?.IamRoleArn ?? found?.CloudWatchLogsDestination?.IamRoleArn;
    },
    describe: (world, name = sms.logicalId) =>
      `event destination ${name} of SMS and voice configuration set ${world.SmsConfigurationSetName}`,
    leftovers: async ({ viaGateway }, world) => ({
      what: `SMS and voice destinations of ${world.SmsConfigurationSetName}`,
      items: (await readSmsEventDestinations(viaGateway, world.SmsConfigurationSetName)).map(
        (d) => d.EventDestinationName ?? '',
      ),
    }),
  },
};

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
