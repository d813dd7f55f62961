/**
 * The AWS account the unit tests run against: real SDK clients stubbed by aws-sdk-client-mock
 * behind a ClientFactory (nothing leaves the process), roles as IAM answers them, a World for the
 * lifecycle (clients, logger, report, Work), plans parsed as request.ts parses them, and
 * assertions on the calls made.
 */
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  type Tag as IamTag,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteEventStreamCommand,
  GetEventStreamCommand,
  PinpointClient,
  PutEventStreamCommand,
} from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { AwsContext } from '../../src/aws/call.js';
import type { ClientClass, ClientFactory } from '../../src/aws/clients.js';
import type { Deployment } from '../../src/config.js';
import type { Report, Work } from '../../src/lifecycle.js';
import type { Logger } from '../../src/log.js';
import { INLINE_POLICY_NAME } from '../../src/names.js';
import { pinpointAppTrust } from '../../src/policies.js';
import { planFor } from '../../src/resources/index.js';
import type { Plan } from '../../src/resources/kind.js';
import { bindingFingerprint, ownershipTags, roleNameOf } from '../../src/roles.js';
import type { StackContext } from '../../src/stack.js';
import {
  APP_ID,
  BOUNDARY_ARN,
  type CapturingLogger,
  captureLogger,
  DEPLOYMENT_ID,
  deployment,
  KINESIS_ARN,
  LOGICAL_ID,
  MANAGED_PATH,
  noSuchEntity,
  notFound,
  REGION,
  STACK_ID,
  stack,
  streamProps,
} from './fixtures.js';

export const EVENT_STREAM = 'Custom::PinpointEventStream';
export const SES_DESTINATION = 'Custom::SesEventDestination';
export const SMS_VOICE = 'Custom::SmsVoiceEventDestination';
export const SENDING_ROLE = 'Custom::PinpointEmailSendingRole';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/** What DescribeStackResource answers for the event's resource. */
export function stackResource(resourceType: string, status = 'CREATE_IN_PROGRESS', physicalId?: string) {
  return {
    StackId: STACK_ID,
    StackName: 'my-stack',
    LogicalResourceId: LOGICAL_ID,
    ResourceType: resourceType,
    LastUpdatedTimestamp: new Date(0),
    ResourceStatus: status as 'CREATE_IN_PROGRESS',
    ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
  };
}

/**
 * Every client of every kind, mocked. CloudFormation describes the event's resource by default
 * as a Custom::PinpointEventStream being created (a verified Create); `describes` changes that.
 */
export function mockedClients() {
  const config = { region: REGION, credentials, maxAttempts: 1 };
  const instances = {
    iam: new IAMClient(config),
    pinpoint: new PinpointClient(config),
    ses: new SESv2Client(config),
    sms: new PinpointSMSVoiceV2Client(config),
    cloudformation: new CloudFormationClient(config),
  };
  const byClass = new Map<unknown, unknown>([
    [IAMClient, instances.iam],
    [PinpointClient, instances.pinpoint],
    [SESv2Client, instances.ses],
    [PinpointSMSVoiceV2Client, instances.sms],
    [CloudFormationClient, instances.cloudformation],
  ]);
  const made: unknown[] = [];
  const clients: ClientFactory = {
    get<C>(clientClass: ClientClass<C>): C {
      const client = byClass.get(clientClass);
      if (!client) throw new Error(`no mocked client for ${clientClass.name}`);
      if (!made.includes(clientClass)) made.push(clientClass);
      return client as C;
    },
  };
  const mocks = {
    iam: mockClient(instances.iam),
    pinpoint: mockClient(instances.pinpoint),
    ses: mockClient(instances.ses),
    sms: mockClient(instances.sms),
    cloudformation: mockClient(instances.cloudformation),
  };
  mocks.cloudformation
    .on(DescribeStackResourceCommand)
    .resolves({ StackResourceDetail: stackResource('Custom::PinpointEventStream') });
  /** The client classes the code under test asked for, in order. */
  const used = () => made.map((c) => (c as { name: string }).name);
  /** How many AWS calls were made, on every client. */
  const callCount = () => Object.values(mocks).reduce((n, mock) => n + mock.calls().length, 0);
  return { clients, ...mocks, used, callCount };
}

export type MockedClients = ReturnType<typeof mockedClients>;

/** CloudFormation describes the event's resource with this type, status and physical id. */
export function describes(aws: MockedClients, type: string, status: string, physicalId?: string): void {
  aws.cloudformation
    .on(DescribeStackResourceCommand)
    .resolves({ StackResourceDetail: stackResource(type, status, physicalId) });
}

export function awsContext(
  clients: ClientFactory,
  log: Logger = captureLogger(),
  overrides: Partial<AwsContext> = {},
): AwsContext {
  return { clients, signal: new AbortController().signal, log, workDeadline: Date.now() + 60_000, ...overrides };
}

/** The ARN of a role under the managed path (or `path` as given). */
export function roleArnOf(name: string, path = MANAGED_PATH, on: StackContext = stack()): string {
  return `arn:${on.partition}:iam::${on.account}:role${path}${name}`;
}

export interface RoleOptions {
  readonly path?: string;
  /** The stack whose resource the tags name (this one by default). */
  readonly stack?: StackContext;
  /** The deployment the role's tag names; null: a role made before 3.0, without that tag. */
  readonly madeBy?: string | null;
  readonly extraTags?: IamTag[];
  readonly boundary?: string | null;
  readonly trust?: unknown;
}

/** A GetRole answer for a role this stack resource owns (under the managed path, with the boundary). */
export function ownedRole(name: string, binding: string, options: RoleOptions = {}) {
  const owner = options.stack ?? stack();
  const path = options.path ?? MANAGED_PATH;
  const boundary = options.boundary === undefined ? BOUNDARY_ARN : options.boundary;
  const madeBy = options.madeBy === undefined ? DEPLOYMENT_ID : options.madeBy;
  const scope = { stack: owner, deployment: deployment({ deploymentId: madeBy ?? undefined }) };
  return {
    Role: {
      RoleName: name,
      Arn: roleArnOf(name, path, owner),
      Path: path,
      RoleId: 'AROAEXAMPLEEXAMPLE',
      CreateDate: new Date(0),
      Tags: [...ownershipTags(scope, binding), ...(options.extraTags ?? [])],
      PermissionsBoundary: boundary
        ? { PermissionsBoundaryArn: boundary, PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const }
        : undefined,
      AssumeRolePolicyDocument:
        options.trust === undefined ? undefined : encodeURIComponent(JSON.stringify(options.trust)),
    },
  };
}

/** A GetRole answer for a role nobody tagged as ours. */
export function foreignRole(name: string, path = '/') {
  return {
    Role: {
      RoleName: name,
      Arn: roleArnOf(name, path),
      Path: path,
      RoleId: 'AROAFOREIGN',
      CreateDate: new Date(0),
      Tags: [{ Key: 'team', Value: 'other' }],
    },
  };
}

/** The event stream of the fixture application, pointing at `roleArn`. */
export const eventStream = (roleArn: string) => ({
  EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArn },
});

/** A fresh account: no role, no event stream; every write succeeds. */
export function freshAccount(aws: MockedClients): void {
  aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
  aws.iam.on(CreateRoleCommand).callsFake((input: { RoleName: string; Path: string }) => ({
    Role: {
      RoleName: input.RoleName,
      Path: input.Path,
      Arn: roleArnOf(input.RoleName, input.Path),
      RoleId: 'AROANEW',
      CreateDate: new Date(),
    },
  }));
  for (const command of [
    PutRolePolicyCommand,
    UpdateAssumeRolePolicyCommand,
    TagRoleCommand,
    UntagRoleCommand,
    DeleteRolePolicyCommand,
    DeleteRoleCommand,
  ]) {
    aws.iam.on(command as typeof PutRolePolicyCommand).resolves({});
  }
  aws.pinpoint.on(GetEventStreamCommand).rejects(notFound());
  aws.pinpoint.on(PutEventStreamCommand).resolves({});
  aws.pinpoint.on(DeleteEventStreamCommand).resolves({});
}

/**
 * The fixture event stream as its Create left it: the role `name` (up to date, unless `options` say
 * otherwise) and the application's stream using `streamRole` (that role by default; null: no stream).
 */
export function deployedStream(
  aws: MockedClients,
  name: string,
  { streamRole = roleArnOf(name), ...options }: RoleOptions & { streamRole?: string | null } = {},
): void {
  freshAccount(aws);
  aws.iam
    .on(GetRoleCommand, { RoleName: name })
    .resolves(
      ownedRole(name, fingerprint({ ApplicationId: APP_ID }), { trust: pinpointAppTrust(stack(), APP_ID), ...options }),
    );
  if (streamRole !== null) aws.pinpoint.on(GetEventStreamCommand).resolves(eventStream(streamRole));
}

export interface World {
  readonly aws: MockedClients;
  readonly log: CapturingLogger;
  readonly report: Report;
  readonly w: Work;
}

/** One request's work against a mocked account (the lifecycle's input). */
export function newWorld(
  options: { stack?: StackContext; deployment?: Deployment; workDeadline?: number; signal?: AbortSignal } = {},
): World {
  const aws = mockedClients();
  const log = captureLogger();
  const report: Report = { physicalResourceId: 'create-failed-request' };
  const ctx = awsContext(aws.clients, log, {
    ...(options.workDeadline !== undefined ? { workDeadline: options.workDeadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const w: Work = { ctx, stack: options.stack ?? stack(), deployment: options.deployment ?? deployment(), report };
  return { aws, log, report, w };
}

/** A plan of `type` from these raw properties, parsed as request.ts parses them. */
export function planOf(type: string, raw: Record<string, unknown>, on: StackContext = stack()): Promise<Plan> {
  return planFor(type, raw, on);
}

/** A Pinpoint event stream plan (streamProps + overrides). */
export function streamPlan(overrides: Record<string, unknown> = {}, on: StackContext = stack()): Promise<Plan> {
  return planOf(EVENT_STREAM, streamProps(overrides), on);
}

/** The role name of a plan in the fixture stack and deployment. */
export function nameOf(plan: Plan): string {
  return roleNameOf({ stack: stack(), deployment: deployment() }, plan.binding, plan.role);
}

/** The generated role name of the fixture event stream's Create. */
export const streamRoleName = async () => nameOf(await streamPlan());

/** The binding tag value of a role for these values (what converge writes on the role). */
export function fingerprint(values: Record<string, string>, rolePath = '/', roleName = ''): string {
  return bindingFingerprint({ ...values, RolePath: `${MANAGED_PATH}${rolePath.slice(1)}`, RoleName: roleName });
}

/** The AWS calls made, in order, across every client (CloudFormation included). */
export function callOrder(aws: MockedClients): string[] {
  return [
    ...aws.iam.calls(),
    ...aws.pinpoint.calls(),
    ...aws.ses.calls(),
    ...aws.sms.calls(),
    ...aws.cloudformation.calls(),
  ]
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1))
    .map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}

export function inputs<T>(calls: { args: [{ input: T }] }[]): T[] {
  return calls.map((call) => call.args[0].input);
}

/** The document a call sent (trust or permissions), parsed. */
export function sentDocument(calls: { args: [{ input: object }] }[], field: string, index = 0): unknown {
  const input = (calls[index]?.args[0].input ?? {}) as Record<string, string | undefined>;
  return JSON.parse(input[field] ?? 'null');
}

export function expectRoleDeleted(aws: MockedClients, name: string): void {
  expect(inputs(aws.iam.commandCalls(DeleteRolePolicyCommand))).toEqual([
    { RoleName: name, PolicyName: INLINE_POLICY_NAME },
  ]);
  expect(inputs(aws.iam.commandCalls(DeleteRoleCommand))).toEqual([{ RoleName: name }]);
  const order = callOrder(aws);
  expect(order.lastIndexOf('DeleteRolePolicy')).toBeLessThan(order.lastIndexOf('DeleteRole'));
}

export function expectNothingDeleted(aws: MockedClients): void {
  expect(aws.iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
  expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
}
