/**
 * The account the lifecycle tests run against: aws-sdk-client-mock behind the ClientFactory, a
 * report, a Work, plans parsed the way request.ts parses them, and assertions on the calls made.
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { DeleteEventStreamCommand, GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { expect } from 'vitest';
import { INLINE_POLICY_NAME } from '../../../src/aws/iam.js';
import type { Deployment } from '../../../src/config.js';
import { type Report, roleNameFor, type Work } from '../../../src/lifecycle.js';
import { bindingFingerprint } from '../../../src/naming.js';
import { planFor } from '../../../src/resources/index.js';
import type { Plan } from '../../../src/resources/kind.js';
import type { StackContext } from '../../../src/stack.js';
import {
  awsContext,
  type CapturingLogger,
  captureLogger,
  deployment,
  MANAGED_PATH,
  mockedClients,
  noSuchEntity,
  pinpointNotFound,
  roleArnOf,
  stack,
  streamProps,
  work,
} from '../fixtures.js';

export const EVENT_STREAM = 'Custom::PinpointEventStream';
export const SMS_VOICE = 'Custom::SmsVoiceEventDestination';
export const SENDING_ROLE = 'Custom::PinpointEmailSendingRole';

export interface World {
  readonly aws: ReturnType<typeof mockedClients>;
  readonly log: CapturingLogger;
  readonly report: Report;
  readonly w: Work;
}

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
  return {
    aws,
    log,
    report,
    w: work(ctx, { stack: options.stack ?? stack(), deployment: options.deployment ?? deployment(), report }),
  };
}

/** A plan of `type` from these raw properties, parsed as request.ts parses them. */
export function planOf(type: string, raw: Record<string, unknown>, on: StackContext = stack()): Promise<Plan> {
  return planFor(type, raw, on);
}

/** A Pinpoint event stream plan (streamProps + overrides). */
export function streamPlan(overrides: Record<string, unknown> = {}, on: StackContext = stack()): Promise<Plan> {
  return planOf(EVENT_STREAM, streamProps(overrides), on);
}

export function nameOf(world: World, plan: Plan): string {
  return roleNameFor(world.w, plan);
}

/** The binding tag value of a role for these values (what converge writes on the role). */
export function fingerprint(values: Record<string, string>, rolePath = '/', roleName = ''): string {
  return bindingFingerprint({ ...values, RolePath: `${MANAGED_PATH}${rolePath.slice(1)}`, RoleName: roleName });
}

/** A fresh account: no role, no event stream; every write succeeds. */
export function freshAccount({ aws }: World): void {
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
  aws.iam.on(PutRolePolicyCommand).resolves({});
  aws.iam.on(UpdateAssumeRolePolicyCommand).resolves({});
  aws.iam.on(TagRoleCommand).resolves({});
  aws.iam.on(UntagRoleCommand).resolves({});
  aws.iam.on(DeleteRolePolicyCommand).resolves({});
  aws.iam.on(DeleteRoleCommand).resolves({});
  aws.pinpoint.on(GetEventStreamCommand).rejects(pinpointNotFound());
  aws.pinpoint.on(PutEventStreamCommand).resolves({});
  aws.pinpoint.on(DeleteEventStreamCommand).resolves({});
}

/** The AWS calls made, in order, across every client (CloudFormation included). */
export function callOrder({ aws }: World): string[] {
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

export function expectRoleDeleted(world: World, name: string): void {
  const { aws } = world;
  expect(inputs(aws.iam.commandCalls(DeleteRolePolicyCommand))).toEqual([
    { RoleName: name, PolicyName: INLINE_POLICY_NAME },
  ]);
  expect(inputs(aws.iam.commandCalls(DeleteRoleCommand))).toEqual([{ RoleName: name }]);
  const order = callOrder(world);
  expect(order.lastIndexOf('DeleteRolePolicy')).toBeLessThan(order.lastIndexOf('DeleteRole'));
}

export function expectNothingDeleted({ aws }: World): void {
  expect(aws.iam.commandCalls(DeleteRolePolicyCommand)).toHaveLength(0);
  expect(aws.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  expect(aws.pinpoint.commandCalls(DeleteEventStreamCommand)).toHaveLength(0);
}

/** An SDK-like error with this code (name) and HTTP status. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client',
  });
}
