import { ValidationError } from './errors.js';
import { isSupportedPartition, SUPPORTED_PARTITIONS } from './partitions.js';

/** Where the stack lives: every ARN and policy is built from this, never from constants. */
export interface StackContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly logicalId: string;
}

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN = /^arn:([a-z][a-z0-9-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const STACK_RESOURCE = /^stack\/([A-Za-z][A-Za-z0-9-]{0,127})\/[A-Za-z0-9-]+$/;
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

export function parseArn(value: string): Arn | undefined {
  const m = ARN.exec(value);
  if (!m) return undefined;
  const [, partition, service, region, account, resource] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { partition, service, region, account, resource };
}

/** Reads partition, region and account from the event's StackId. */
export function stackContext(stackId: unknown, logicalId: unknown): StackContext {
  const arn = typeof stackId === 'string' ? parseArn(stackId) : undefined;
  const stack = arn && STACK_RESOURCE.exec(arn.resource);
  if (!arn || !stack || arn.service !== 'cloudformation' || !REGION.test(arn.region) || !/^\d{12}$/.test(arn.account)) {
    throw new ValidationError('StackId', 'is not a CloudFormation stack ARN');
  }
  if (!isSupportedPartition(arn.partition)) {
    throw new ValidationError(
      'StackId',
      `partition ${arn.partition} is not supported (supported: ${SUPPORTED_PARTITIONS.join(', ')})`,
    );
  }
  if (typeof logicalId !== 'string' || !LOGICAL_ID.test(logicalId)) {
    throw new ValidationError('LogicalResourceId', 'must be 1-255 letters and digits');
  }
  return {
    partition: arn.partition,
    region: arn.region,
    account: arn.account,
    stackId: stackId as string,
    stackName: stack[1] as string,
    logicalId,
  };
}

export function formatArn(stack: StackContext, service: string, resource: string, region = stack.region): string {
  return `arn:${stack.partition}:${service}:${region}:${stack.account}:${resource}`;
}

/** Where the function runs: its Region (AWS_REGION) and account (from its ARN); unknown parts are not checked. */
export interface Home {
  readonly region?: string;
  readonly account?: string;
}

/** Why the stack is not one this function may serve (another Region or account), or undefined. */
export function outsideHome(stack: StackContext, home: Home): string | undefined {
  if (home.account !== undefined && stack.account !== home.account)
    return `the stack is in account ${stack.account}; this function serves account ${home.account}`;
  if (home.region !== undefined && stack.region !== home.region)
    return `the stack is in Region ${stack.region}; this function serves ${home.region}`;
  return undefined;
}
