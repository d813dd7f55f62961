/**
 * The one catalog of the kinds of resource, as the local run, the bench and the integration
 * tests drive them: each kind's ResourceType, its logical id, its events/ file prefix, its
 * module in src/resources/, valid properties against a seeded world, an in-place change, and
 * the service resource it points at the role: how to read it back, and what the tests of
 * every such kind (test/integration/targets.test.ts) need to know of its service.
 */
import { DeleteEventDestinationCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
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
  /** The calls (IAM-action form) that create, update and remove it, as the tests count them. */
  readonly calls: { readonly create: string; readonly update: string; readonly remove: string };
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

/** What replaces an event destination's role: a new name in the same configuration set, or another set. */
function destinationReplacements(props: Kind['props']): KindTarget['replacements'] {
  return {
    EventDestinationName: (world) => ({
      props: props(world, { EventDestinationName: 'Renamed' }),
      world,
      name: 'Renamed',
    }),
    ConfigurationSetName: (_world, other) => ({ props: props(other), world: other }),
  };
}

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
    data: (world) => ({ ConfigurationSetName: world.ConfigurationSetName, EventDestinationName: ses.logicalId }),
    calls: {
      create: 'ses:CreateConfigurationSetEventDestination',
      update: 'ses:UpdateConfigurationSetEventDestination',
      remove: 'ses:DeleteConfigurationSetEventDestination',
    },
    clientError: 'BadRequestException',
    forbiddenError: 'AccessDeniedException',
    container: {
      property: 'ConfigurationSetName',
      missing: 'no-such-set',
      says: 'SES configuration set no-such-set does not exist',
    },
    putForeign: ({ direct, viaGateway }, world, name = ses.logicalId) =>
      putForeignSesEventDestination(direct, viaGateway, world, name),
    replacements: destinationReplacements((world, extra) => ses.props(world, extra)),
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
    data: (world) => ({ ConfigurationSetName: world.SmsConfigurationSetName, EventDestinationName: sms.logicalId }),
    calls: {
      create: 'sms-voice:CreateEventDestination',
      update: 'sms-voice:UpdateEventDestination',
      remove: 'sms-voice:DeleteEventDestination',
    },
    clientError: 'ValidationException',
    forbiddenError: 'AccessDeniedException',
    container: {
      property: 'ConfigurationSetName',
      missing: 'no-such-set',
      says: 'SMS and voice configuration set no-such-set does not exist',
    },
    putForeign: async ({ direct, viaGateway }, world, name = sms.logicalId) => {
      const configurationSetName = world.SmsConfigurationSetName;
      // In its place, as the event stream's PutEventStream would be: whatever had that name goes first.
      await viaGateway.smsVoice
        .send(
          new DeleteEventDestinationCommand({ ConfigurationSetName: configurationSetName, EventDestinationName: name }),
        )
        .catch(() => undefined);
      const destinationStreamArn = world.FirehoseStreamArn;
      const destination = { viaGateway, configurationSetName, eventDestinationName: name, destinationStreamArn };
      return putForeignSmsEventDestination(direct, destination);
    },
    replacements: destinationReplacements((world, extra) => sms.props(world, extra)),
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
