// The gateway's CloudFormation stand-in (DescribeStackResource / DescribeStacks), driven by
// the real @aws-sdk/client-cloudformation: the SDK must parse its XML and its errors exactly
// as it parses CloudFormation's.

import { randomUUID } from 'node:crypto';
import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import { ACCOUNT, REGION, SEED_ACCESS_KEY_ID } from '../../local/index.js';
import { failure, startTestGateway } from './support.js';

let gateway: Gateway;
let cfn: CloudFormationClient;
let stackId: string;
let stackName: string;

const client = (region: string) =>
  new CloudFormationClient({
    region,
    endpoint: gateway.endpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
const stackArn = (name: string, region = REGION, account = ACCOUNT) =>
  `arn:aws:cloudformation:${region}:${account}:stack/${name}/${randomUUID()}`;
/** DescribeStackResource of the logical id EventStream in the stack `name` (its ARN or its name). */
const describeEventStream = (name: string, on = cfn) =>
  on.send(new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: 'EventStream' }));

beforeAll(async () => {
  gateway = await startTestGateway();
  cfn = client(REGION);
});
afterAll(async () => {
  cfn?.destroy();
  await gateway?.close();
});
beforeEach(() => {
  gateway.reset();
  stackName = `standin-${randomUUID().slice(0, 8)}`;
  stackId = stackArn(stackName);
});

describe('DescribeStackResource', () => {
  it('finds a resource by stack ARN and by stack name, in the shape the SDK parses', async () => {
    gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE' });
    gateway.cloudformation.putResource(stackId, 'EventStream', 'Custom::PinpointEventStream', {
      physicalId: 'arn:aws:iam::123456789012:role/x',
      status: 'UPDATE_COMPLETE',
    });
    for (const name of [stackId, stackName]) {
      const { StackResourceDetail: detail } = await describeEventStream(name);
      expect(detail).toMatchObject({
        StackId: stackId,
        StackName: stackName,
        LogicalResourceId: 'EventStream',
        PhysicalResourceId: 'arn:aws:iam::123456789012:role/x',
        ResourceType: 'Custom::PinpointEventStream',
        ResourceStatus: 'UPDATE_COMPLETE',
      });
      expect(detail?.LastUpdatedTimestamp).toBeInstanceOf(Date);
    }
  });

  it(
    'registerEvent: a new stack is UPDATE_IN_PROGRESS, the resource has the event ' +
      'type; an existing stack keeps its status',
    async () => {
      gateway.cloudformation.registerEvent({
        StackId: stackId,
        LogicalResourceId: 'Sms',
        ResourceType: 'Custom::SmsVoiceEventDestination',
        RequestType: 'Create',
      });
      const { StackResourceDetail: detail } = await cfn.send(
        new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: 'Sms' }),
      );
      expect(detail).toMatchObject({
        ResourceType: 'Custom::SmsVoiceEventDestination',
        ResourceStatus: 'CREATE_IN_PROGRESS',
      });
      expect(detail?.PhysicalResourceId).toBeUndefined();
      expect((await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0]?.StackStatus).toBe(
        'UPDATE_IN_PROGRESS',
      );

      gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE' });
      gateway.cloudformation.registerEvent({
        StackId: stackId,
        LogicalResourceId: 'Other',
        ResourceType: 'Custom::PinpointEventStream',
        RequestType: 'Delete',
        PhysicalResourceId: 'p',
      });
      expect((await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0]?.StackStatus).toBe(
        'UPDATE_COMPLETE',
      );
      const other = await cfn.send(
        new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: 'Other' }),
      );
      expect(other.StackResourceDetail).toMatchObject({
        ResourceType: 'Custom::PinpointEventStream',
        PhysicalResourceId: 'p',
        ResourceStatus: 'DELETE_IN_PROGRESS',
      });
    },
  );

  it('an unknown stack: ValidationError "Stack \'<name as given>\' does not exist", HTTP 400', async () => {
    for (const name of [stackId, stackName]) {
      expect(await failure(describeEventStream(name))).toMatchObject({
        name: 'ValidationError',
        message: `Stack '${name}' does not exist`,
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('an unknown logical id: ValidationError "Resource <id> does not exist for stack <name>", HTTP 400', async () => {
    gateway.cloudformation.putResource(stackId, 'EventStream', 'Custom::PinpointEventStream');
    gateway.cloudformation.removeResource(stackId, 'EventStream');
    for (const name of [stackId, stackName]) {
      expect(await failure(describeEventStream(name))).toMatchObject({
        name: 'ValidationError',
        message: `Resource EventStream does not exist for stack ${name}`,
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('a stack of another account, or of another Region than the request, does not exist', async () => {
    const otherAccount = stackArn(stackName, REGION, '210987654321');
    const otherRegion = stackArn(stackName, 'eu-west-1');
    for (const id of [otherAccount, otherRegion])
      gateway.cloudformation.putResource(id, 'EventStream', 'Custom::PinpointEventStream');
    for (const name of [otherAccount, otherRegion, stackName]) {
      expect((await failure(describeEventStream(name))).message).toBe(`Stack '${name}' does not exist`);
    }
    // Signed for its own Region, the eu-west-1 stack is found.
    const eu = client('eu-west-1');
    const found = await describeEventStream(otherRegion, eu);
    expect(found.StackResourceDetail?.StackId).toBe(otherRegion);
    eu.destroy();
  });

  it('removeStack: the stack is gone', async () => {
    gateway.cloudformation.putResource(stackId, 'EventStream', 'Custom::PinpointEventStream');
    gateway.cloudformation.removeStack(stackId);
    expect((await failure(describeEventStream(stackId))).name).toBe('ValidationError');
  });
});

describe('DescribeStacks', () => {
  it('describes a stack by ARN and by name with its status', async () => {
    gateway.cloudformation.putStack(stackId, { status: 'DELETE_IN_PROGRESS' });
    for (const name of [stackId, stackName]) {
      const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
      expect(Stacks).toHaveLength(1);
      expect(Stacks?.[0]).toMatchObject({ StackName: stackName, StackId: stackId, StackStatus: 'DELETE_IN_PROGRESS' });
      expect(Stacks?.[0]?.CreationTime).toBeInstanceOf(Date);
    }
  });

  it('an unknown stack: ValidationError "Stack with id <name as given> does not exist"', async () => {
    for (const name of [stackId, stackName, stackArn(stackName, 'eu-west-1')]) {
      expect(await failure(cfn.send(new DescribeStacksCommand({ StackName: name })))).toMatchObject({
        name: 'ValidationError',
        message: `Stack with id ${name} does not exist`,
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('a deleted stack is found by ARN only, like CloudFormation', async () => {
    gateway.cloudformation.putStack(stackId, { status: 'DELETE_COMPLETE' });
    expect((await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0]?.StackStatus).toBe(
      'DELETE_COMPLETE',
    );
    expect((await failure(cfn.send(new DescribeStacksCommand({ StackName: stackName })))).message).toBe(
      `Stack with id ${stackName} does not exist`,
    );
  });

  it('other CloudFormation calls still reach moto', async () => {
    const { StackSummaries } = await cfn.send(new ListStacksCommand({}));
    expect(Array.isArray(StackSummaries ?? [])).toBe(true);
    expect(gateway.count('cloudformation:ListStacks')).toBe(1);
  });
});
