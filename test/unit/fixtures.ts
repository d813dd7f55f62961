/** Shared fixtures of the unit tests: events, stacks, a capturing logger, mocked AWS clients. */
import { IAMClient, NoSuchEntityException, type Tag as IamTag } from '@aws-sdk/client-iam';
import { NotFoundException, PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsContext } from '../../src/aws/call.js';
import type { Clients } from '../../src/aws/clients.js';
import type { Logger, LogLevel } from '../../src/log.js';
import type { Progress, Work } from '../../src/lifecycle.js';
import { ownershipTags } from '../../src/ownership.js';
import type { CloudFormationEvent, LambdaContext } from '../../src/protocol/types.js';
import { stackContext, type StackContext } from '../../src/stack.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const OTHER_REGION_STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/my-stack/2d3fa620-982a-11e3-aff7-50e2416294e0';
export const OTHER_ACCOUNT_STACK_ID = 'arn:aws:cloudformation:us-east-1:210987654321:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const CN_STACK_ID = 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const GOV_STACK_ID = 'arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/my-stack/1c2fa620-982a-11e3-aff7-50e2416294e0';
export const LOGICAL_ID = 'MyEventStream';
export const APP_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
export const KINESIS_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events';
export const FIREHOSE_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/pinpoint-events';
export const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const BOUNDARY_ARN = 'arn:aws:iam::123456789012:policy/boundaries/messaging-boundary';
export const RESPONSE_URL =
  'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/my-stack/id%7CMyEventStream%7Creq?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeefsecretsignature';

export const STACK: StackContext = stackContext(STACK_ID, LOGICAL_ID);

export function stackFor(stackId: string, logicalId = LOGICAL_ID): StackContext {
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

/** Real SDK clients, each stubbed by aws-sdk-client-mock (nothing leaves the process). */
export function mockedClients() {
  const clients: Clients = {
    iam: new IAMClient({ region: REGION, credentials }),
    pinpoint: new PinpointClient({ region: REGION, credentials }),
    ses: new SESv2Client({ region: REGION, credentials }),
  };
  const iam = mockClient(clients.iam);
  const pinpoint = mockClient(clients.pinpoint);
  const ses = mockClient(clients.ses);
  return { clients, iam, pinpoint, ses };
}

export function awsContext(clients: Clients, log: Logger = captureLogger(), overrides: Partial<AwsContext> = {}): AwsContext {
  return { clients, signal: new AbortController().signal, log, workDeadline: Date.now() + 60_000, ...overrides };
}

export function work(ctx: AwsContext, stack: StackContext = STACK, progress: Progress = { physicalResourceId: 'placeholder' }): Work {
  return { ctx, stack, progress };
}

export const noSuchEntity = () => new NoSuchEntityException({ message: 'The role cannot be found.', $metadata: { httpStatusCode: 404 } });
export const pinpointNotFound = () => new NotFoundException({ message: 'Resource not found', $metadata: { httpStatusCode: 404 } });

export function roleArnOf(name: string, path = '/', stack: StackContext = STACK): string {
  return `arn:${stack.partition}:iam::${stack.account}:role${path}${name}`;
}

/** A GetRole answer for a role this stack resource owns. */
export function ownedRole(name: string, binding: string, options: { path?: string; stack?: StackContext; extraTags?: IamTag[]; boundary?: string } = {}) {
  const stack = options.stack ?? STACK;
  const path = options.path ?? '/';
  return {
    Role: {
      RoleName: name,
      Arn: roleArnOf(name, path, stack),
      Path: path,
      RoleId: 'AROAEXAMPLEEXAMPLE',
      CreateDate: new Date(0),
      Tags: [...ownershipTags(stack, binding), ...(options.extraTags ?? [])],
      PermissionsBoundary: options.boundary ? { PermissionsBoundaryArn: options.boundary, PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const } : undefined,
    },
  };
}

/** A GetRole answer for a role nobody tagged as ours. */
export function foreignRole(name: string, path = '/') {
  return {
    Role: { RoleName: name, Arn: roleArnOf(name, path), Path: path, RoleId: 'AROAFOREIGN', CreateDate: new Date(0), Tags: [{ Key: 'team', Value: 'other' }] },
  };
}

/** A promise that never settles (an AWS call that hangs). */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
