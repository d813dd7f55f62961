/**
 * Shared fixtures of the unit tests: events, stacks, a capturing logger, mocked AWS clients.
 * Values that run product code are built lazily (functions, not constants), so nothing of src/
 * runs while this module loads: a mutant that breaks it then fails the tests that use it,
 * instead of failing the file's import (which a mutation runner scores as survived).
 */
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { IAMClient, type Tag as IamTag, NoSuchEntityException } from '@aws-sdk/client-iam';
import { NotFoundException, PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, vi } from 'vitest';
import type { AwsContext } from '../../src/aws/call.js';
import type { ClientClass, ClientFactory } from '../../src/aws/clients.js';
import type { Deployment } from '../../src/config.js';
import * as errors from '../../src/errors.js';
import { ResourceError, ValidationError } from '../../src/errors.js';
import type { Report, Work } from '../../src/lifecycle.js';
import type { Logger, LogLevel } from '../../src/log.js';
import { ownershipTags } from '../../src/ownership.js';
import type { CloudFormationEvent, LambdaContext } from '../../src/protocol/types.js';
import { type StackContext, stackContext } from '../../src/stack.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STACK_ID =
  'arn:aws:cloudformation:us-east-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const OTHER_REGION_STACK_ID =
  'arn:aws:cloudformation:eu-west-1:123456789012:stack/my-stack/2d3fa620-982a-11e3-aff7-50e2416294e0';
export const OTHER_ACCOUNT_STACK_ID =
  'arn:aws:cloudformation:us-east-1:210987654321:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const CN_STACK_ID =
  'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const GOV_STACK_ID =
  'arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const LOGICAL_ID = 'MyEventStream';
export const APP_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
export const KINESIS_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events';
export const FIREHOSE_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/pinpoint-events';
export const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/messaging/sms-events';
export const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const BOUNDARY_ARN = 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary';
export const CONFIG_SET = 'marketing';
export const RESPONSE_URL =
  'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/my-stack/id%7CMyEventStream%7Creq?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeefsecretsignature';

/** The managed path of the test deployment in us-east-1. */
export const MANAGED_PATH = '/pinpoint-event-stream/us-east-1/';

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    managedPathPrefix: 'pinpoint-event-stream',
    permissionsBoundaryArn: BOUNDARY_ARN,
    propagationTimeoutMs: 120_000,
    allowLoopbackResponseUrl: false,
    ...overrides,
  };
}

/** The stack of the fixture events (built on call). */
export function stack(stackId: string = STACK_ID, logicalId: string = LOGICAL_ID): StackContext {
  return stackContext(stackId, logicalId);
}

/** Properties of a Pinpoint event stream as CloudFormation sends them (ServiceToken included). */
export function streamProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pinpoint-event-stream`,
    ApplicationId: APP_ID,
    DestinationStreamArn: KINESIS_ARN,
    ...overrides,
  };
}

export function createEvent(overrides: Partial<Record<keyof CloudFormationEvent, unknown>> = {}): CloudFormationEvent {
  return {
    RequestType: 'Create',
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'b1a2c3d4-0000-4000-8000-000000000001',
    ResourceType: 'Custom::PinpointEventStream',
    LogicalResourceId: LOGICAL_ID,
    ResourceProperties: streamProps(),
    ...overrides,
  } as CloudFormationEvent;
}

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export interface CapturingLogger extends Logger {
  readonly entries: LogEntry[];
  /** Everything logged, as one string (to search for leaks). */
  text(): string;
}

export function captureLogger(): CapturingLogger {
  const entries: LogEntry[] = [];
  return {
    entries,
    log(level, message, fields) {
      entries.push({ level, message, fields });
    },
    text() {
      return JSON.stringify(entries);
    },
  };
}

export function lambdaContext(remainingMs = 60_000, extra: Partial<LambdaContext> = {}): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now(), ...extra };
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/**
 * Real SDK clients, each stubbed by aws-sdk-client-mock (nothing leaves the process), behind a
 * ClientFactory. CloudFormation answers by default that the event's resource exists with the
 * event's type (a verified event); tests of verification override it.
 */
export function mockedClients(verifiedType = 'Custom::PinpointEventStream') {
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
  mocks.cloudformation.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: stackResource(verifiedType) });
  /** The client classes the code under test asked for, in order. */
  const used = () => made.map((c) => (c as { name: string }).name);
  return { clients, ...mocks, used };
}

export type MockedClients = ReturnType<typeof mockedClients>;

export function stackResource(resourceType: string, logicalId: string = LOGICAL_ID) {
  return {
    StackId: STACK_ID,
    StackName: 'my-stack',
    LogicalResourceId: logicalId,
    ResourceType: resourceType,
    LastUpdatedTimestamp: new Date(0),
    ResourceStatus: 'UPDATE_IN_PROGRESS' as const,
  };
}

export function awsContext(
  clients: ClientFactory,
  log: Logger = captureLogger(),
  overrides: Partial<AwsContext> = {},
): AwsContext {
  return { clients, signal: new AbortController().signal, log, workDeadline: Date.now() + 60_000, ...overrides };
}

export function work(
  ctx: AwsContext,
  options: { stack?: StackContext; report?: Report; deployment?: Deployment } = {},
): Work {
  return {
    ctx,
    stack: options.stack ?? stack(),
    deployment: options.deployment ?? deployment(),
    report: options.report ?? { physicalResourceId: 'placeholder' },
  };
}

export const noSuchEntity = () =>
  new NoSuchEntityException({ message: 'The role cannot be found.', $metadata: { httpStatusCode: 404 } });
export const pinpointNotFound = () =>
  new NotFoundException({ message: 'Resource not found', $metadata: { httpStatusCode: 404 } });

/** The ARN of a role under the managed path (or `path` as given when it does not start there). */
export function roleArnOf(name: string, path = MANAGED_PATH, stackContextValue: StackContext = stack()): string {
  return `arn:${stackContextValue.partition}:iam::${stackContextValue.account}:role${path}${name}`;
}

/** A GetRole answer for a role this stack resource owns (under the managed path, with the boundary). */
export function ownedRole(
  name: string,
  binding: string,
  options: {
    path?: string;
    stack?: StackContext;
    extraTags?: IamTag[];
    boundary?: string | null;
    trust?: unknown;
  } = {},
) {
  const owner = options.stack ?? stack();
  const path = options.path ?? MANAGED_PATH;
  const boundary = options.boundary === undefined ? BOUNDARY_ARN : options.boundary;
  return {
    Role: {
      RoleName: name,
      Arn: roleArnOf(name, path, owner),
      Path: path,
      RoleId: 'AROAEXAMPLEEXAMPLE',
      CreateDate: new Date(0),
      Tags: [...ownershipTags(owner, binding), ...(options.extraTags ?? [])],
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

/**
 * Runs `work` on fake time and returns what it resolves to (or throws what it rejects with): every
 * sleep (IAM propagation, throttling and response backoff, the Lambda deadline) passes at once, in
 * order, and nothing depends on the wall clock or on how busy the machine is. `work` is called
 * after the clock is faked, so deadlines it computes from Date.now() are on fake time too.
 */
export async function onFakeTime<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers();
  try {
    const settled = work().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await vi.runAllTimersAsync();
    const outcome = await settled;
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  } finally {
    vi.useRealTimers();
  }
}

/** A promise that never settles (an AWS call that hangs). */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/**
 * The module `load` imports, loaded afresh: a new instance of it and of the modules of src/ it
 * imports (errors.ts excepted, so that `instanceof ValidationError` and the like still hold). For the
 * tests of a module whose rules live in top-level constants (accepted property names, patterns,
 * tables), called in `beforeEach`:
 * `beforeEach(async () => ({ parseArn } = await fresh(() => import('../../src/stack.js'))))`.
 *
 * Why: StrykerJS (npm run test:mutation) credits the evaluation of a module's top level to the
 * test running while it loads, and turns a mutant on only once the test file has loaded. A module
 * imported at the top of its test file is evaluated before any test and before any mutant is on,
 * so a mutant of one of its constants would only be tried against whichever test of another file
 * happened to load the module first (and survive there). Loaded in `beforeEach`, the module is
 * evaluated under every test of its own file, with the mutant on.
 */
export async function fresh<M>(load: () => Promise<M>): Promise<M> {
  vi.resetModules();
  vi.doMock(import('../../src/errors.js'), () => errors);
  return load();
}

/** Runs `fn` (sync or async), expects a ValidationError (or the given ResourceError class), returns it. */
export function invalid(fn: () => unknown): ValidationError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a ValidationError, nothing was thrown').toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/** The rejection of `promise`, which must be a ResourceError (or an Error of the given class). */
export async function rejection<E extends Error = ResourceError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E = ResourceError as never,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeInstanceOf(type);
  return error as E;
}
