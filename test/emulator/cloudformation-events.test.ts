// CloudFormation's side of the custom-resource protocol, as the stand-in plays it: a registered
// event holds its resource <REQUESTTYPE>_IN_PROGRESS until the function answers, then the
// resource moves on as CloudFormation moves it, so replaying an answered event meets an idle
// resource. Tests can still set any stack and resource status and physical id, and play an event
// without registering it (forged events).

import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import type { EventAnswer } from '../../emulator/index.js';
import { event, REGION, SECRET_ACCESS_KEY, SEED_ACCESS_KEY_ID, useHarness } from '../support/harness.js';

const h = useHarness({ world: false, stackName: 'cfn-events' });
const TYPE = 'Custom::PinpointEmailSendingRole';
const ROLE_A = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/a';
const ROLE_B = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/b';

/** The resource as CloudFormation describes it to anyone (the SDK through the gateway). */
async function described(stackId: string, logicalId: string) {
  const cfn = new CloudFormationClient({
    region: REGION,
    endpoint: h.gateway.endpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  try {
    const { StackResourceDetail: d } = await cfn.send(
      new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }),
    );
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    return { status: d?.ResourceStatus, physicalId: d?.PhysicalResourceId, stack: Stacks?.[0]?.StackStatus };
  } finally {
    cfn.destroy();
  }
}

const sendingRole = (type: 'Create' | 'Update' | 'Delete', fields: { PhysicalResourceId?: string } = {}) =>
  event(type, { StackId: h.stackId, ResourceType: TYPE, LogicalResourceId: 'Role', ...fields });
const answerTo = (e: ReturnType<typeof sendingRole>, answer: EventAnswer): EventAnswer => ({
  StackId: e.StackId,
  RequestId: e.RequestId,
  LogicalResourceId: e.LogicalResourceId,
  ...answer,
});

describe('the function answers a registered event: the resource moves on', () => {
  it.each([
    ['Create', 'SUCCESS', undefined, ROLE_A, { status: 'CREATE_COMPLETE', physicalId: ROLE_A }],
    ['Create', 'FAILED', undefined, ROLE_A, { status: 'CREATE_FAILED', physicalId: undefined }],
    ['Update', 'SUCCESS', ROLE_A, ROLE_B, { status: 'UPDATE_COMPLETE', physicalId: ROLE_B }],
    ['Update', 'FAILED', ROLE_A, ROLE_B, { status: 'UPDATE_FAILED', physicalId: ROLE_A }],
    ['Delete', 'SUCCESS', ROLE_A, ROLE_A, { status: 'DELETE_COMPLETE', physicalId: ROLE_A }],
    ['Delete', 'FAILED', ROLE_A, ROLE_A, { status: 'DELETE_FAILED', physicalId: ROLE_A }],
  ] as const)('%s answered %s', async (type, status, before, answered, expected) => {
    const e = sendingRole(type, before ? { PhysicalResourceId: before } : {});
    h.gateway.cloudformation.registerEvent(e);
    expect(await described(h.stackId, 'Role')).toMatchObject({ status: `${type.toUpperCase()}_IN_PROGRESS` });
    expect(h.gateway.cloudformation.answer(answerTo(e, { Status: status, PhysicalResourceId: answered }))).toBe(true);
    // The stack's own status is the test's to set: an answer moves only the resource.
    expect(await described(h.stackId, 'Role')).toEqual({ ...expected, stack: 'UPDATE_IN_PROGRESS' });
  });

  it(
    'changes nothing for an event never registered, a second answer, or an answer naming another ' + 'resource',
    async () => {
      const e = sendingRole('Create');
      expect(h.gateway.cloudformation.answer(answerTo(e, { Status: 'SUCCESS', PhysicalResourceId: ROLE_A }))).toBe(
        false,
      );
      expect(h.gateway.cloudformation.stack(h.stackId)).toBeUndefined();

      h.gateway.cloudformation.registerEvent(e);
      const elsewhere = answerTo(e, { Status: 'SUCCESS', PhysicalResourceId: ROLE_A, LogicalResourceId: 'Other' });
      expect(h.gateway.cloudformation.answer(elsewhere)).toBe(false);
      expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'CREATE_IN_PROGRESS' });

      h.gateway.cloudformation.registerEvent(e);
      expect(h.gateway.cloudformation.answer(answerTo(e, { Status: 'SUCCESS', PhysicalResourceId: ROLE_A }))).toBe(
        true,
      );
      expect(h.gateway.cloudformation.answer(answerTo(e, { Status: 'FAILED', PhysicalResourceId: ROLE_B }))).toBe(
        false,
      );
      expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'CREATE_COMPLETE', physicalId: ROLE_A });
    },
  );

  it('a status the test set after registering wins over the answer', async () => {
    const e = sendingRole('Delete', { PhysicalResourceId: ROLE_A });
    h.gateway.cloudformation.registerEvent(e);
    h.gateway.cloudformation.putResource(h.stackId, 'Role', TYPE, { physicalId: ROLE_B, status: 'UPDATE_COMPLETE' });
    expect(h.gateway.cloudformation.answer(answerTo(e, { Status: 'SUCCESS', PhysicalResourceId: ROLE_A }))).toBe(false);
    expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'UPDATE_COMPLETE', physicalId: ROLE_B });
  });
});

describe('tests set any state explicitly', () => {
  it.each(['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'CREATE_COMPLETE'])(
    'stack %s, and any resource status and physical id',
    async (stackStatus) => {
      h.gateway.cloudformation.putStack(h.stackId, { status: stackStatus });
      h.gateway.cloudformation.putResource(h.stackId, 'Role', TYPE, { physicalId: ROLE_B, status: 'DELETE_FAILED' });
      expect(await described(h.stackId, 'Role')).toEqual({
        status: 'DELETE_FAILED',
        physicalId: ROLE_B,
        stack: stackStatus,
      });
    },
  );
});

describe('played through the built bundle (the session tells the stand-in about each answer)', () => {
  it(
    'a Create, then its Delete: each answered event leaves its resource idle, so a replay meets an idle ' + 'resource',
    async () => {
      const create = await h.play(sendingRole('Create'));
      expect(create.response.Status, create.response.Reason).toBe('SUCCESS');
      const roleArn = create.response.PhysicalResourceId;
      expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'CREATE_COMPLETE', physicalId: roleArn });

      const del = await h.play(sendingRole('Delete', { PhysicalResourceId: roleArn }));
      expect(del.response.Status, del.response.Reason).toBe('SUCCESS');
      expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'DELETE_COMPLETE', physicalId: roleArn });
    },
  );

  it('a Create answered FAILED leaves CREATE_FAILED', async () => {
    const played = await h.play(
      event('Create', {
        StackId: h.stackId,
        ResourceType: TYPE,
        LogicalResourceId: 'Role',
        ResourceProperties: { Nope: 'x' },
      }),
    );
    expect(played.response.Status).toBe('FAILED');
    expect(await described(h.stackId, 'Role')).toMatchObject({ status: 'CREATE_FAILED' });
  });
});
