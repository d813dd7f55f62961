import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClients, SDK_RETRY } from '../../../src/aws/clients.js';

/** A stand-in for the AWS endpoint (AWS_ENDPOINT_URL): answers requests from a script. */
let server: Server | undefined;
const saved = { ...process.env };

async function endpoint(answers: { status: number; headers?: Record<string, string>; body: string }[]): Promise<{ count: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[Math.min(n, answers.length - 1)]!;
      n++;
      res.writeHead(answer.status, { 'content-type': 'text/xml', ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { count: () => n };
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
  delete process.env.AWS_PROFILE;
});

afterEach(async () => {
  process.env = { ...saved };
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
});

const IAM_THROTTLED = {
  status: 400,
  body: '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>',
};
const IAM_5XX = {
  status: 500,
  body: '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>oops</Message></Error><RequestId>2</RequestId></ErrorResponse>',
};
const IAM_ROLE = {
  status: 200,
  body:
    '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path>' +
    '<Arn>arn:aws:iam::123456789012:role/r</Arn><RoleName>r</RoleName><RoleId>AROAEXAMPLE</RoleId>' +
    '<CreateDate>2024-01-01T00:00:00Z</CreateDate></Role></GetRoleResult><ResponseMetadata><RequestId>3</RequestId></ResponseMetadata></GetRoleResponse>',
};

describe('createClients', () => {
  it('uses the standard retry strategy with 5 attempts', () => {
    expect(SDK_RETRY).toEqual({ retryMode: 'standard', maxAttempts: 5 });
  });

  it('configures every client with SDK_RETRY and the region', async () => {
    const clients = createClients('eu-west-1');
    for (const client of [clients.iam, clients.pinpoint, clients.ses]) {
      expect(await client.config.maxAttempts()).toBe(5);
      const strategy = await client.config.retryStrategy();
      expect((strategy as { mode?: string }).mode).toBe('standard');
      expect(await client.config.region()).toBe('eu-west-1');
    }
  });

  it('creates each client once, lazily', () => {
    const clients = createClients('us-east-1');
    expect(clients.iam).toBe(clients.iam);
    expect(clients.pinpoint).toBe(clients.pinpoint);
    expect(clients.ses).toBe(clients.ses);
  });

  it('honours AWS_ENDPOINT_URL and retries IAM throttling (the SDK does, not our code)', async () => {
    const server = await endpoint([IAM_THROTTLED, IAM_THROTTLED, IAM_ROLE]);
    const { Role } = await createClients('us-east-1').iam.send(new GetRoleCommand({ RoleName: 'r' }));
    expect(Role?.Arn).toBe('arn:aws:iam::123456789012:role/r');
    expect(server.count()).toBe(3);
  });

  it('retries 5xx answers and gives up after maxAttempts (5)', async () => {
    const server = await endpoint([IAM_5XX]);
    await expect(createClients('us-east-1').iam.send(new GetRoleCommand({ RoleName: 'r' }))).rejects.toMatchObject({ name: 'ServiceFailureException', $metadata: { attempts: 5 } });
    expect(server.count()).toBe(5);
  });

  it('retries Pinpoint TooManyRequestsException (429)', async () => {
    const server = await endpoint([
      { status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, body: '{"Message":"slow down"}' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ApplicationId":"app","DestinationStreamArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","RoleArn":"arn:aws:iam::123456789012:role/r"}' },
    ]);
    const { EventStream } = await createClients('us-east-1').pinpoint.send(new GetEventStreamCommand({ ApplicationId: 'app' }));
    expect(EventStream?.RoleArn).toBe('arn:aws:iam::123456789012:role/r');
    expect(server.count()).toBe(2);
  });
});
