// The BUILT bundle against moto (behind the local gateway): what only Custom::PinpointEventStream
// with ApplicationId does end to end: its Firehose and KMS permissions, DestinationStreamArn
// switched in place, and the resource IAM authorises its calls on. Elsewhere, over the catalog:
// what every kind with a target does (targets.test.ts); the protocol, the deadline, the
// ResponseURL and IAM's refusals (protocol.test.ts); Pinpoint's end of support and a role deleted
// by hand (security-delete.test.ts); hostile input (security-input.test.ts); bad properties in
// the kind's unit tests (test/unit/resources/pinpoint-event-stream.test.ts, properties*.test.ts).

import { describe, expect, it } from 'vitest';
import { INLINE_POLICY_NAME } from '../../src/names.js';
import { streamWriterPolicy } from '../../src/policies.js';
import {
  ACCOUNT,
  eventFor,
  expectOneAnswer,
  type Json,
  readEventStream,
  readRole,
  roleNameOf,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';

const h = useHarness();
const { pinpoint } = h.kinds;

const create = (extra: Json = {}) =>
  h.play(eventFor(pinpoint, 'Create', h.stackId, { ResourceProperties: pinpoint.props(extra) }));

describe('Create and Update', () => {
  it('writes to a Firehose delivery stream, and adds kms:GenerateDataKey on exactly the given key', async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const played = await create({ DestinationStreamArn: h.world.FirehoseStreamArn, KmsKeyArn: key });
    expectOneAnswer(played, 'SUCCESS');
    const role = await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId));
    expect(role.policies).toEqual({
      [INLINE_POLICY_NAME]: streamWriterPolicy({ kind: 'firehose', arn: h.world.FirehoseStreamArn }, key),
    });
  });

  it('switches DestinationStreamArn in place: the same role now writes to the other stream', async () => {
    const created = await create();
    expectOneAnswer(created, 'SUCCESS');
    const roleArn = created.response.PhysicalResourceId;
    const after = pinpoint.props({ DestinationStreamArn: h.world.FirehoseStreamArn });
    const updated = await h.play(updateOf(pinpoint, h.stackId, roleArn, after));
    expectOneAnswer(updated, 'SUCCESS');
    expect(updated.response.PhysicalResourceId).toBe(roleArn);
    expect(await readEventStream(h.direct, h.world.ApplicationId)).toEqual({
      DestinationStreamArn: h.world.FirehoseStreamArn,
      RoleArn: roleArn,
    });
  });
});

describe('the stand-in itself', () => {
  // IAM authorises mobiletargeting:*EventStream on the event-stream resource type (Service
  // Authorization Reference), not on the application ARN.
  it('records the Pinpoint event-stream calls on the event-stream resource (apps/<id>/eventstream)', async () => {
    expectOneAnswer(await create(), 'SUCCESS');
    const records = h.gateway.authz().filter((r) => /^mobiletargeting:(Get|Put)EventStream$/.test(r.action));
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const r of records)
      expect(r.resource).toBe(`arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${h.world.ApplicationId}/eventstream`);
  });
});

everyCallAllowedByTheExecutionRole(() => h);
