/** Reads back what the function did: roles as IAM holds them, event streams and event destinations. */
import { GetRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  DescribeConfigurationSetsCommand,
  type EventDestination as SmsEventDestination,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { type EventDestination, GetConfigurationSetEventDestinationsCommand } from '@aws-sdk/client-sesv2';
import type { Clients } from './clients.js';

/** An IAM policy document as the roles hold them. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Readonly<Record<string, unknown>>[];
}

/** A role as IAM holds it: trust and inline policies parsed, tags as an object. */
export interface RoleState {
  readonly arn: string;
  readonly path: string;
  readonly trust: PolicyDocument;
  /** inline policy name -> document */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly permissionsBoundary: string | undefined;
}

export interface EventStreamState {
  readonly DestinationStreamArn: string | undefined;
  readonly RoleArn: string | undefined;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);
const parsePolicy = (encoded: string | undefined): PolicyDocument =>
  JSON.parse(decodeURIComponent(encoded ?? '{"Statement":[]}')) as PolicyDocument;

/** The role named `name`, or undefined when IAM has none. */
export async function readRole(c: Clients, name: string): Promise<RoleState | undefined> {
  try {
    const { Role } = await c.iam.send(new GetRoleCommand({ RoleName: name }));
    const { PolicyNames = [] } = await c.iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    const policies: Record<string, PolicyDocument> = {};
    for (const policyName of PolicyNames) {
      const p = await c.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
      policies[policyName] = parsePolicy(p.PolicyDocument);
    }
    return {
      arn: Role?.Arn ?? '',
      path: Role?.Path ?? '',
      trust: parsePolicy(Role?.AssumeRolePolicyDocument),
      policies,
      tags: Object.fromEntries((Role?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      permissionsBoundary: Role?.PermissionsBoundary?.PermissionsBoundaryArn,
    };
  } catch (error) {
    if (errorName(error) === 'NoSuchEntityException' || errorName(error) === 'NoSuchEntity') return undefined;
    throw error;
  }
}

/** Every role of the account whose path starts with `pathPrefix` (e.g. `/pinpoint-event-stream/`), as ARNs. */
export async function roleArnsUnder(c: Clients, pathPrefix: string): Promise<string[]> {
  return (await listRoles(c, pathPrefix)).map((r) => r.arn);
}

/** Every role of the account whose name starts with `prefix`, as `<path><name>`. */
export async function rolesNamed(c: Clients, prefix: string): Promise<string[]> {
  return (await listRoles(c)).filter((r) => r.name.startsWith(prefix)).map((r) => `${r.path}${r.name}`);
}

async function listRoles(c: Clients, pathPrefix?: string) {
  const roles: { arn: string; path: string; name: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await c.iam.send(new ListRolesCommand({ PathPrefix: pathPrefix, Marker: marker, MaxItems: 1000 }));
    for (const role of page.Roles ?? [])
      roles.push({ arn: role.Arn ?? '', path: role.Path ?? '', name: role.RoleName ?? '' });
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return roles;
}

/** The app's event stream (c: straight to moto), or undefined when it has none. */
export async function readEventStream(c: Clients, applicationId: string): Promise<EventStreamState | undefined> {
  try {
    const { EventStream } = await c.pinpoint.send(new GetEventStreamCommand({ ApplicationId: applicationId }));
    return { DestinationStreamArn: EventStream?.DestinationStreamArn, RoleArn: EventStream?.RoleArn };
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return undefined;
    throw error;
  }
}

/** The SES configuration set's event destinations (c: a client set on the gateway). */
export async function readEventDestinations(c: Clients, configurationSetName: string): Promise<EventDestination[]> {
  const { EventDestinations = [] } = await c.ses.send(
    new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: configurationSetName }),
  );
  return EventDestinations;
}

/** The SMS and voice configuration set's event destinations (c: a client set on the gateway). */
export async function readSmsEventDestinations(
  c: Clients,
  configurationSetName: string,
): Promise<SmsEventDestination[]> {
  const { ConfigurationSets = [] } = await c.smsVoice.send(
    new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [configurationSetName] }),
  );
  return ConfigurationSets[0]?.EventDestinations ?? [];
}
