// The gateway's exchange log, the seam for validating requests and answers against the
// services' models: every call the FUNCTION makes, raw (method, path, query, headers, body),
// with its SigV4 signing name and time; and every answer a stand-in gives, to anyone.

import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { DescribeConfigurationSetsCommand, PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../emulator/index.js';
import { clients, destroyClients, FUNCTION_ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY } from '../../local/index.js';
import { startTestGateway } from './support.js';

let gateway: Gateway;
let fn: { iam: IAMClient; sms: PinpointSMSVoiceV2Client };

beforeAll(async () => {
  gateway = await startTestGateway();
  const config = {
    region: REGION,
    endpoint: gateway.endpoint,
    credentials: { accessKeyId: FUNCTION_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  fn = { iam: new IAMClient(config), sms: new PinpointSMSVoiceV2Client(config) };
});
afterAll(async () => {
  fn?.iam.destroy();
  fn?.sms.destroy();
  await gateway?.close();
});
beforeEach(() => gateway.reset());

describe('exchanges', () => {
  it("records the function's call to moto raw, with its signing name and time, and not moto's answer", async () => {
    const before = Date.now();
    await fn.iam.send(new ListRolesCommand({ PathPrefix: '/pinpoint-event-stream/' }));
    const [exchange, ...rest] = gateway.exchanges();
    expect(rest).toEqual([]);
    expect(exchange).toMatchObject({
      service: 'iam',
      action: 'iam:ListRoles',
      fromFunction: true,
      answeredBy: 'moto',
      answer: undefined,
      request: { method: 'POST', path: '/', query: {} },
    });
    expect(exchange!.at).toBeGreaterThanOrEqual(before);
    expect(exchange!.request.headers.authorization).toContain(`Credential=${FUNCTION_ACCESS_KEY_ID}/`);
    expect(exchange!.request.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(exchange!.request.body).get('PathPrefix')).toBe('/pinpoint-event-stream/');
  });

  it("records a stand-in's answer: status, headers and body, for the function and for anyone else", async () => {
    const via = clients(gateway.endpoint);
    await fn.sms.send(new DescribeConfigurationSetsCommand({}));
    await via.smsVoice.send(new DescribeConfigurationSetsCommand({}));
    const exchanges = gateway.exchanges();
    expect(exchanges.map((e) => [e.fromFunction, e.service, e.answeredBy])).toEqual([
      [true, 'sms-voice', 'stand-in'],
      [false, 'sms-voice', 'stand-in'],
    ]);
    for (const e of exchanges) {
      expect(e.request.headers['x-amz-target']).toBe('PinpointSMSVoiceV2.DescribeConfigurationSets');
      expect(e.answer?.status).toBe(200);
      expect(e.answer?.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(JSON.parse(e.answer?.body ?? '')).toHaveProperty('ConfigurationSets');
    }
    destroyClients(via);
  });

  it(
    'records injected faults and throttling as the emulator answered them; calls of others to moto are ' + 'not kept',
    async () => {
      const via = clients(gateway.endpoint);
      await via.iam.send(new GetRoleCommand({ RoleName: 'nobody' })).catch(() => undefined);
      gateway.inject((c) => c.action === 'iam:GetRole', { status: 400, code: 'Throttling', message: 'slow down' });
      await fn.iam.send(new GetRoleCommand({ RoleName: 'nobody' })).catch(() => undefined);
      const [fault, ...rest] = gateway.exchanges();
      expect(rest).toEqual([]);
      expect(fault).toMatchObject({ fromFunction: true, answeredBy: 'fault', answer: { status: 400 } });
      expect(fault!.answer?.body).toContain('<Code>Throttling</Code>');
      gateway.reset();
      expect(gateway.exchanges()).toEqual([]);
      destroyClients(via);
    },
  );
});
