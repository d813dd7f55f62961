/** The two CloudFormation reads that verify an event came from a real stack operation. */
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { type AwsContext, awsCall, awsMessage, isAwsError } from './call.js';

const cloudformation = (ctx: AwsContext) => ctx.clients.get(CloudFormationClient);

/** What CloudFormation says of a stack resource. */
export type StackResourceLookup =
  | {
      readonly found: 'resource';
      readonly resourceType: string;
      readonly status: string;
      /** The physical id CloudFormation holds for the resource now (none before a Create answered). */
      readonly physicalId?: string;
    }
  | { readonly found: 'no-resource' }
  | { readonly found: 'no-stack' };

/**
 * CloudFormation's ValidationError messages: "Stack '<name>' does not exist" (DescribeStackResource),
 * "Stack with id <name> does not exist" (DescribeStacks), "Resource <id> does not exist for stack <name>".
 */
const NO_RESOURCE = /^Resource \S+ does not exist for stack /;
const NO_STACK = /^Stack (?:'[^']*'|with id \S+) does not exist/;

export async function describeStackResource(
  ctx: AwsContext,
  stackId: string,
  logicalId: string,
): Promise<StackResourceLookup> {
  try {
    const { StackResourceDetail } = await awsCall(ctx, 'cloudformation:DescribeStackResource', (o) =>
      cloudformation(ctx).send(
        new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }),
        o,
      ),
    );
    return {
      found: 'resource',
      resourceType: StackResourceDetail?.ResourceType ?? '',
      status: StackResourceDetail?.ResourceStatus ?? '',
      physicalId: StackResourceDetail?.PhysicalResourceId || undefined,
    };
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && NO_RESOURCE.test(awsMessage(error))) return { found: 'no-resource' };
    if (isAwsError(error, 'ValidationError') && NO_STACK.test(awsMessage(error))) return { found: 'no-stack' };
    throw error;
  }
}

/** The stack's status (e.g. UPDATE_IN_PROGRESS); undefined when the stack does not exist. */
export async function stackStatus(ctx: AwsContext, stackId: string): Promise<string | undefined> {
  try {
    const { Stacks = [] } = await awsCall(ctx, 'cloudformation:DescribeStacks', (o) =>
      cloudformation(ctx).send(new DescribeStacksCommand({ StackName: stackId }), o),
    );
    return Stacks[0]?.StackStatus ?? undefined;
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && NO_STACK.test(awsMessage(error))) return undefined;
    throw error;
  }
}
