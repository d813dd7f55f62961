/**
 * Shared fixtures of the unit tests: the stack, deployment and events they run against, a
 * capturing logger, the one builder of SDK-style errors, and helpers for time and failures.
 * The mocked AWS account (clients, roles, call assertions) is in account.ts.
 *
 * Values that run product code are built lazily (functions, not constants), so nothing of src/
 * runs while this module loads: a mutant that breaks it then fails the tests that use it,
 * instead of failing the file's import (which a mutation runner scores as survived).
 */
import { expect, vi } from 'vitest';
import type { Config, Deployment } from '../../src/config.js';
import * as errors from '../../src/errors.js';
import { AwsCallError, ResourceError, ValidationError } from '../../src/errors.js';
import type { Logger, LogLevel } from '../../src/log.js';
import type { CloudFormationEvent, LambdaContext, ResponseBody } from '../../src/protocol/types.js';
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
export const REQUEST_ID = 'b1a2c3d4-0000-4000-8000-000000000001';
export const APP_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
export const OTHER_APP = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5';
export const KINESIS_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events';
export const FIREHOSE_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/pinpoint-events';
export const LOG_GROUP_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/messaging/sms-events';
export const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const BOUNDARY_ARN = 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary';
export const CONFIG_SET = 'marketing';
/** The deployment (its stack name) the fixture roles belong to. */
export const DEPLOYMENT_ID = 'messaging-platform';
export const RESPONSE_URL =
  'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/' +
  'arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/my-stack/id%7CMyEventStream%7Creq' +
  '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeefsecretsignature';

/** The managed path of the test deployment in us-east-1. */
export const MANAGED_PATH = '/pinpoint-event-stream/us-east-1/';

/** The deployment of template.yaml's defaults: a boundary, a deployment id, takeover and email sending off. */
export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    managedPathPrefix: 'pinpoint-event-stream',
    permissionsBoundaryArn: BOUNDARY_ARN,
    propagationTimeoutMs: 120_000,
    deploymentId: DEPLOYMENT_ID,
    allowTakeover: false,
    enableEmailSendingRole: false,
    ...overrides,
  };
}

/** The function's settings (config.ts) in its own Region. */
export function config(overrides: Partial<Config> = {}): Config {
  return {
    region: REGION,
    functionName: 'local',
    allowLoopbackResponseUrl: false,
    deployment: deployment(),
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

/** A Create of a Pinpoint event stream, as CloudFormation sends it; `overrides` may set any field to anything. */
export function createEvent(overrides: Partial<Record<keyof CloudFormationEvent, unknown>> = {}): CloudFormationEvent {
  return {
    RequestType: 'Create',
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: REQUEST_ID,
    ResourceType: 'Custom::PinpointEventStream',
    LogicalResourceId: LOGICAL_ID,
    ResourceProperties: streamProps(),
    ...overrides,
  } as CloudFormationEvent;
}

/**
 * The protocol every answer keeps, whatever the event held: a JSON body under 4096 bytes with exactly
 * the response fields, Status SUCCESS or FAILED, a PhysicalResourceId of 1 to 1,024 characters, the
 * echoed identity as strings and Data of strings. Returns the parsed body.
 */
export function expectAnswer(raw: string): ResponseBody {
  expect(Buffer.byteLength(raw)).toBeLessThan(4096);
  const body = JSON.parse(raw) as ResponseBody;
  expect(Object.keys(body)).toEqual(RESPONSE_FIELDS);
  expect(['SUCCESS', 'FAILED']).toContain(body.Status);
  expect(typeof body.Reason).toBe('string');
  expect(typeof body.PhysicalResourceId).toBe('string');
  expect(body.PhysicalResourceId.length).toBeGreaterThanOrEqual(1);
  expect(body.PhysicalResourceId.length).toBeLessThanOrEqual(1024);
  for (const echoed of [body.StackId, body.RequestId, body.LogicalResourceId]) expect(typeof echoed).toBe('string');
  expect(body.NoEcho).toBe(false);
  expect(Object.values(body.Data).every((value) => typeof value === 'string')).toBe(true);
  return body;
}

const RESPONSE_FIELDS = [
  'Status',
  'Reason',
  'PhysicalResourceId',
  'StackId',
  'RequestId',
  'LogicalResourceId',
  'NoEcho',
  'Data',
];

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

export interface CapturingLogger extends Logger {
  readonly entries: LogEntry[];
  /** Everything logged, as one string (to search for leaks). */
  text(): string;
  /** The entries of one level. */
  at(level: LogLevel): LogEntry[];
}

export function captureLogger(): CapturingLogger {
  const entries: LogEntry[] = [];
  return {
    entries,
    log(level, message, fields) {
      entries.push({ level, message, fields });
    },
    text: () => JSON.stringify(entries),
    at: (level) => entries.filter((entry) => entry.level === level),
  };
}

export function lambdaContext(remainingMs = 60_000, extra: Partial<LambdaContext> = {}): LambdaContext {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => deadline - Date.now(), ...extra };
}

/**
 * The one builder of SDK-style errors: what the AWS SDK throws for an error answer (its `name` is
 * the AWS error code, `$metadata.httpStatusCode` the status, `$fault` client or server), with any
 * modelled fields of the exception (`Reason`, `Fields`).
 */
export function awsError(
  name: string,
  message = name,
  { status = 400, ...fields }: { status?: number } & Record<string, unknown> = {},
): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client',
    ...fields,
  });
}

/** An SDK error as awsCall hands it on: wrapped in an AwsCallError naming the call. */
export function wrapped(name: string, message = name, fields: { status?: number } & Record<string, unknown> = {}) {
  return new AwsCallError('service:Call', awsError(name, message, fields));
}

/** What the SDK throws when the connection fails: no $metadata, no $fault. */
export const networkError = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
export const noSuchEntity = () => awsError('NoSuchEntityException', 'The role cannot be found.', { status: 404 });
export const entityExists = () => awsError('EntityAlreadyExistsException', 'Role exists', { status: 409 });
export const notFound = (message = 'Resource not found') => awsError('NotFoundException', message, { status: 404 });
export const throttled = () => awsError('Throttling', 'Rate exceeded');

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
 * imports (errors.ts excepted, so that `instanceof ValidationError` and the like still hold).
 * Only for the tests of a module whose rules sit in top-level tables (names, patterns, limits,
 * lists of accepted properties), called in `beforeEach`:
 * `beforeEach(async () => ({ parseArn } = await fresh(() => import('../../src/stack.js'))))`.
 * Every other test file imports normally. Why: CONTRIBUTING.md, "Loading a module afresh".
 */
export async function fresh<M>(load: () => Promise<M>): Promise<M> {
  vi.resetModules();
  vi.doMock(import('../../src/errors.js'), () => errors);
  return load();
}

/** Runs `fn`, expects a ValidationError, returns it. */
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
