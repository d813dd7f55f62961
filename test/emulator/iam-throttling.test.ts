// The gateway's IAM rate limit: N mutating IAM calls a second admitted, the next answered
// as IAM answers (HTTP 400, Throttling, "Rate exceeded"), which the SDK names and retries.

import { CreateRoleCommand, GetRoleCommand, IAMClient, TagRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import { clients, SEED_ACCESS_KEY_ID } from '../../local/index.js';
import { startTestGateway } from './support.js';

let gateway: Gateway;
let iam: IAMClient;
const roleName = `throttle-${process.pid}-${Date.now().toString(36)}`;
const tag = (n: number) => iam.send(new TagRoleCommand({ RoleName: roleName, Tags: [{ Key: 'n', Value: String(n) }] }));

async function outcome(promise: Promise<unknown>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return `${e.$metadata?.httpStatusCode} ${e.name}: ${e.message}`;
  }
}

beforeAll(async () => {
  gateway = await startTestGateway();
  iam = new IAMClient({
    region: 'us-east-1',
    endpoint: gateway.endpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  await clients(inject('motoEndpoint')).iam.send(
    new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }),
  );
});
afterAll(async () => gateway?.close());
beforeEach(() => gateway.reset());

describe('IAM throttling', () => {
  it('admits N mutating calls a second, throttles the next like IAM, and admits again a second later', async () => {
    gateway.iam.mutatingPerSecond = 3;
    const results = [];
    for (let n = 0; n < 4; n++) results.push(await outcome(tag(n)));
    expect(results).toEqual(['ok', 'ok', 'ok', '400 Throttling: Rate exceeded']);
    expect(gateway.iam.admitted).toBe(3);
    expect(gateway.iam.throttled).toBe(1);
    // Reads are not limited.
    expect(await outcome(iam.send(new GetRoleCommand({ RoleName: roleName })))).toBe('ok');
    await new Promise((r) => setTimeout(r, 1050));
    expect(await outcome(tag(5))).toBe('ok');
    expect(gateway.iam.admitted).toBe(4);
  });

  it('the SDK retries Throttling by itself (it is in its throttling error codes)', async () => {
    gateway.iam.mutatingPerSecond = 1;
    const retrying = new IAMClient({
      region: 'us-east-1',
      endpoint: gateway.endpoint,
      credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: 'testing' },
      maxAttempts: 5,
    });
    await retrying.send(new TagRoleCommand({ RoleName: roleName, Tags: [{ Key: 'a', Value: '1' }] }));
    await retrying.send(new TagRoleCommand({ RoleName: roleName, Tags: [{ Key: 'b', Value: '2' }] }));
    expect(gateway.iam.throttled).toBeGreaterThanOrEqual(1);
    expect(gateway.iam.admitted).toBe(2);
    retrying.destroy();
  });

  it('unlimited when unset, and reset() removes the limit and the counts', async () => {
    gateway.iam.mutatingPerSecond = 0;
    expect(await outcome(tag(1))).toBe('400 Throttling: Rate exceeded');
    gateway.reset();
    expect(gateway.iam.mutatingPerSecond).toBeUndefined();
    expect([gateway.iam.admitted, gateway.iam.throttled]).toEqual([0, 0]);
    for (let n = 0; n < 20; n++) expect(await outcome(tag(n))).toBe('ok');
    expect(gateway.count('iam:TagRole')).toBe(20);
  });
});
