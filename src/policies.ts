/**
 * Pure builders of IAM policy documents, from validated values only. Each returns
 * exactly the statements the service documentation asks for, on exactly the
 * resources named: no wildcards beyond the documented identity/* and configuration-set/*.
 */
import { type ServiceName, servicePrincipal } from './partitions.js';
import type { StreamDestination } from './properties.js';
import { formatArn, type StackContext } from './stack.js';

export interface Statement {
  readonly Effect: 'Allow';
  readonly Principal?: { readonly Service: string };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Statement[];
}

export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

function assumedBy(stack: StackContext, service: ServiceName, condition: Statement['Condition']): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Principal: { Service: servicePrincipal(stack.partition, service) },
    Action: 'sts:AssumeRole',
    Condition: condition,
  });
}

/** Pinpoint may assume the role, only on behalf of this account's application. */
export function pinpointAppTrust(stack: StackContext, applicationId: string): PolicyDocument {
  return assumedBy(stack, 'pinpoint', {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': formatArn(stack, 'mobiletargeting', `apps/${applicationId}`) },
  });
}

/** SES may assume the role, only with this account as external id. */
export function sesTrust(stack: StackContext): PolicyDocument {
  return assumedBy(stack, 'ses', { StringEquals: { 'sts:ExternalId': stack.account } });
}

/** Pinpoint may assume the role on behalf of this account (email orchestration sending role). */
export function pinpointAccountTrust(stack: StackContext): PolicyDocument {
  return assumedBy(stack, 'pinpoint', { StringEquals: { 'aws:SourceAccount': stack.account } });
}

/** AWS End User Messaging SMS and voice may assume the role, only for this account's configuration set. */
export function smsVoiceTrust(stack: StackContext, configurationSetName: string): PolicyDocument {
  return assumedBy(stack, 'sms-voice', {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': formatArn(stack, 'sms-voice', `configuration-set/${configurationSetName}`) },
  });
}

const STREAM_ACTIONS: Readonly<Record<StreamDestination['kind'], readonly string[]>> = {
  kinesis: ['kinesis:PutRecords', 'kinesis:DescribeStream'],
  firehose: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
};

/** SMS and voice events to Firehose: PutRecord and PutRecordBatch on exactly that delivery stream. */
export function smsFirehosePolicy(deliveryStreamArn: string): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
    Resource: deliveryStreamArn,
  });
}

/** SMS and voice events to CloudWatch Logs: the log streams of exactly that log group (its ARN without `:*`). */
export function smsLogsPolicy(logGroupArn: string): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    Resource: `${logGroupArn}:*`,
  });
}

/** Write access to exactly one stream, plus GenerateDataKey on exactly its KMS key when it has one. */
export function streamWriterPolicy(destination: StreamDestination, kmsKeyArn: string | undefined): PolicyDocument {
  const write: Statement = { Effect: 'Allow', Action: STREAM_ACTIONS[destination.kind], Resource: destination.arn };
  return kmsKeyArn === undefined
    ? policy(write)
    : policy(write, { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: kmsKeyArn });
}

/** ses:SendEmail and ses:SendRawEmail on the named identities and configuration sets (all of them when not named). */
export function emailSendingPolicy(
  stack: StackContext,
  identities: readonly string[] | undefined,
  configurationSets: readonly string[] | undefined,
): PolicyDocument {
  const arns = (kind: string, names: readonly string[] | undefined) =>
    (names ?? ['*']).map((name) => formatArn(stack, 'ses', `${kind}/${name}`));
  return policy({
    Effect: 'Allow',
    Action: ['ses:SendEmail', 'ses:SendRawEmail'],
    Resource: [...arns('identity', identities), ...arns('configuration-set', configurationSets)],
  });
}

/** JSON with object keys sorted: two documents that differ only in key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when the document IAM holds (`actual`, parsed) is `wanted`: the update can be skipped. */
export function samePolicy(actual: unknown, wanted: PolicyDocument): boolean {
  return actual !== undefined && canonical(actual) === canonical(wanted);
}
