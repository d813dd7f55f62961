// The four kinds of resource as the integration tests drive them: valid properties against a
// seeded world, an in-place change, and how to read back the service resource each points at
// the role (event stream, event destinations). Shared by security.test.ts and protocol.test.ts.
import { randomUUID } from 'node:crypto';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import { event, type Harness, type Json, type Played, seedHelpers } from '../../support/harness.js';

const { readEventStream, readEventDestinations, readSmsEventDestinations, ACCOUNT } = seedHelpers;

export interface Kind {
  readonly label: string;
  readonly type: string;
  readonly logicalId: string;
  /** Valid properties against the current world. */
  props(extra?: Json): Json;
  /** Properties of an in-place update of `props()` (no property that replaces the role). */
  changed(extra?: Json): Json;
  /** The stream / every destination of the configuration set, as the services hold them now (undefined for a role-only kind). */
  target(): Promise<Json>;
  /** The role this resource's stream / destination uses now (undefined: none, or no such target). */
  targetRole(name?: string): Promise<string | undefined>;
  /** How the function names the target in its logs and reasons. */
  targetDescription(): string;
  /** True for the kinds that point a service resource at the role. */
  readonly hasTarget: boolean;
}

export interface Kinds {
  readonly pinpoint: Kind;
  readonly ses: Kind;
  readonly sms: Kind;
  readonly sendingRole: Kind;
  readonly all: readonly Kind[];
  readonly withTarget: readonly Kind[];
}

/** The kinds, reading the harness and the world lazily (both are set in beforeAll / beforeEach). */
export function kinds(harness: () => Harness, currentWorld: () => Json): Kinds {
  const h = harness;
  const world = currentWorld;
  const pinpoint: Kind = {
    label: 'Pinpoint event stream',
    type: 'Custom::PinpointEventStream',
    logicalId: 'EventStream',
    hasTarget: true,
    props: (extra = {}) => ({
      ApplicationId: world().ApplicationId,
      DestinationStreamArn: world().KinesisStreamArn,
      ...extra,
    }),
    changed: (extra = {}) =>
      pinpoint.props({
        DestinationStreamArn: world().FirehoseStreamArn,
        Tags: [{ Key: 'team', Value: 'changed' }],
        ...extra,
      }),
    target: () => readEventStream(h().direct, world().ApplicationId),
    targetRole: async () => (await readEventStream(h().direct, world().ApplicationId))?.RoleArn,
    targetDescription: () => `the event stream of Pinpoint application ${world().ApplicationId}`,
  };
  const ses: Kind = {
    label: 'SES event destination',
    type: 'Custom::PinpointEventStream',
    logicalId: 'EmailEvents',
    hasTarget: true,
    props: (extra = {}) => ({
      ConfigurationSetName: world().ConfigurationSetName,
      DestinationStreamArn: world().FirehoseStreamArn,
      ...extra,
    }),
    changed: (extra = {}) =>
      ses.props({
        MatchingEventTypes: ['SEND'],
        Enabled: 'false',
        Tags: [{ Key: 'team', Value: 'changed' }],
        ...extra,
      }),
    target: () => readEventDestinations(h().viaGateway, world().ConfigurationSetName),
    targetRole: async (name = ses.logicalId) =>
      (await readEventDestinations(h().viaGateway, world().ConfigurationSetName)).find((d: Json) => d.Name === name)
        ?.KinesisFirehoseDestination?.IamRoleArn,
    targetDescription: () =>
      `event destination ${ses.logicalId} of SES configuration set ${world().ConfigurationSetName}`,
  };
  const sms: Kind = {
    label: 'SMS and voice event destination',
    type: 'Custom::SmsVoiceEventDestination',
    logicalId: 'SmsEvents',
    hasTarget: true,
    props: (extra = {}) => ({
      ConfigurationSetName: world().SmsConfigurationSetName,
      DestinationStreamArn: world().FirehoseStreamArn,
      ...extra,
    }),
    changed: (extra = {}) =>
      sms.props({
        MatchingEventTypes: ['TEXT_ALL'],
        Enabled: 'false',
        Tags: [{ Key: 'team', Value: 'changed' }],
        ...extra,
      }),
    target: () => readSmsEventDestinations(h().viaGateway, world().SmsConfigurationSetName),
    targetRole: async (name = sms.logicalId) => {
      const found = (await readSmsEventDestinations(h().viaGateway, world().SmsConfigurationSetName)).find(
        (d: Json) => d.EventDestinationName === name,
      );
      return found?.KinesisFirehoseDestination?.IamRoleArn ?? found?.CloudWatchLogsDestination?.IamRoleArn;
    },
    targetDescription: () =>
      `event destination ${sms.logicalId} of SMS and voice configuration set ${world().SmsConfigurationSetName}`,
  };
  const sendingRole: Kind = {
    label: 'email sending role',
    type: 'Custom::PinpointEmailSendingRole',
    logicalId: 'SendingRole',
    hasTarget: false,
    props: (extra = {}) => ({ ...extra }),
    changed: (extra = {}) => ({ Identities: ['example.com'], Tags: [{ Key: 'team', Value: 'changed' }], ...extra }),
    target: async () => undefined,
    targetRole: async () => undefined,
    targetDescription: () => '',
  };
  const all = [pinpoint, ses, sms, sendingRole];
  return { pinpoint, ses, sms, sendingRole, all, withTarget: [pinpoint, ses, sms] };
}

/** An event of `kind` for `stackId`, its default logical id and valid properties unless `fields` say otherwise. */
export function eventFor(kind: Kind, type: 'Create' | 'Update' | 'Delete', stackId: string, fields: Json = {}): Json {
  return event(type, {
    StackId: stackId,
    ResourceType: kind.type,
    LogicalResourceId: kind.logicalId,
    ResourceProperties: kind.props(),
    ...fields,
  });
}

/** A stack of its own for each test: its generated role names start with its (unique) name. */
export function freshStack(region = 'us-east-1', account: string = ACCOUNT): { stackId: string; stackName: string } {
  const stackName = `t-${randomUUID().slice(0, 8)}`;
  return { stackName, stackId: `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/${randomUUID()}` };
}

/** Every role of the account whose name starts with `prefix`, as `<path><name>`. */
export async function rolesNamed(h: Harness, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await h.direct.iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 }));
    for (const role of page.Roles ?? [])
      if (role.RoleName.startsWith(prefix)) names.push(`${role.Path}${role.RoleName}`);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

/** The invocation finished in time and CloudFormation got exactly one answer, with `status`, PUT with an empty Content-Type. */
export function expectOneAnswer(played: Played, status: 'SUCCESS' | 'FAILED'): void {
  expect(played.invocation.killed).toBe(false);
  expect(played.responses, 'responses to this event').toHaveLength(1);
  expect(played.response.Status, played.response.Reason).toBe(status);
  expect(played.responses[0]!.headers['content-type']).toBe('');
}
