// The local deployment's facts (local/deployment.ts) reach every side: the function's environment,
// the seeded account (boundary policy, log group), and the session, which registers each played
// event with the CloudFormation stand-in unless told not to.

import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetPolicyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import * as emulator from '../../emulator/index.js';
import * as deployment from '../../local/deployment.js';
import {
  ACCOUNT,
  BOUNDARY_ARN,
  BOUNDARY_POLICY_NAME,
  event,
  FUNCTION_ACCESS_KEY_ID,
  localEnv,
  MANAGED_PATH_PREFIX,
  newStackId,
  REGION,
  readSmsEventDestinations,
  seed,
  useHarness,
} from '../support/harness.js';

const h = useHarness({ world: false });

describe('deployment facts', () => {
  it('are the documented values; the account and partition are the emulator’s', () => {
    expect(deployment).toMatchObject({
      ACCOUNT: '123456789012',
      REGION: 'us-east-1',
      PARTITION: 'aws',
      MANAGED_PATH_PREFIX: 'pinpoint-event-stream',
      BOUNDARY_POLICY_NAME: 'pinpoint-event-stream-role-boundary',
      BOUNDARY_ARN: 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary',
      FUNCTION_ACCESS_KEY_ID: 'AKIAFUNCTIONLOCAL',
      SEED_ACCESS_KEY_ID: 'AKIASEEDLOCAL',
    });
    expect([emulator.ACCOUNT, emulator.PARTITION]).toEqual([deployment.ACCOUNT, deployment.PARTITION]);
  });

  it('the function runs with its own key and the deployment parameters', () => {
    expect(localEnv('http://127.0.0.1:1')).toMatchObject({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: FUNCTION_ACCESS_KEY_ID,
      MANAGED_ROLE_PATH_PREFIX: MANAGED_PATH_PREFIX,
      ROLE_PERMISSIONS_BOUNDARY_ARN: BOUNDARY_ARN,
    });
  });
});

describe('seed', () => {
  it('holds the boundary policy and a log group; the SMS set only when seeded through the gateway', async () => {
    const { Policy } = await h.direct.iam.send(new GetPolicyCommand({ PolicyArn: BOUNDARY_ARN }));
    expect(Policy?.PolicyName).toBe(BOUNDARY_POLICY_NAME);
    const world = await h.seed();
    expect(world.LogGroupArn).toMatch(new RegExp(`^arn:aws:logs:${REGION}:${ACCOUNT}:log-group:.+:\\*$`));
    const name = world.LogGroupArn.split(':log-group:')[1]!.replace(/:\*$/, '');
    const { logGroups } = await h.direct.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    expect(logGroups?.map((g) => g.logGroupName)).toEqual([name]);
    expect(await readSmsEventDestinations(h.viaGateway, world.SmsConfigurationSetName)).toEqual([]);
    const direct = await seed(h.direct, { streams: world });
    expect(direct.SmsConfigurationSetName).toBeUndefined();
    expect(direct.FirehoseStreamArn).toBe(world.FirehoseStreamArn);
  });
});

describe('play', () => {
  // Forged ResponseURLs are refused by any bundle before any AWS call: only registration shows.
  const forged = (stackId: string) =>
    event('Create', { StackId: stackId, LogicalResourceId: 'Forged', ResourceProperties: {} });

  it('registers the event with the CloudFormation stand-in first', async () => {
    const stackId = newStackId('played');
    await h.play(forged(stackId), { responseUrl: 'https://example.com/not-cloudformation' });
    const stack = h.gateway.cloudformation.stack(stackId);
    expect(stack?.StackStatus).toBe('UPDATE_IN_PROGRESS');
    expect(stack?.resources.get('Forged')).toMatchObject({
      ResourceType: 'Custom::PinpointEventStream',
      ResourceStatus: 'CREATE_IN_PROGRESS',
    });
  });

  it('register: false leaves CloudFormation unaware (forged events)', async () => {
    const stackId = newStackId('forged');
    await h.play(forged(stackId), { responseUrl: 'https://example.com/not-cloudformation', register: false });
    expect(h.gateway.cloudformation.stack(stackId)).toBeUndefined();
  });
});
