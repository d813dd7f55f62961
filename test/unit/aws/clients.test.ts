import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { DescribeConfigurationSetsCommand, PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetConfigurationSetEventDestinationsCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Clients from '../../../src/aws/clients.js';
import type { ClientClass, ClientConfig } from '../../../src/aws/clients.js';
import { fresh } from '../fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let createClientFactory: typeof Clients.createClientFactory;
let SDK_RETRY: typeof Clients.SDK_RETRY;
beforeEach(async () => ({ createClientFactory, SDK_RETRY } = await fresh(() => import('../../../src/aws/clients.js'))));

/** A stand-in for the AWS endpoint (AWS_ENDPOINT_URL): answers requests from a script. */
let server: Server | undefined;
const saved = { ...process.env };

async function endpoint(
  answers: { status: number; headers?: Record<string, string>; body: string }[],
): Promise<{ count: () => number }> {
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
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_MAX_ATTEMPTS;
  delete process.env.AWS_RETRY_MODE;
  // The SDK's retry delay is random * base * 2^attempt: 0 makes its retries immediate (the test stays fast).
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
});

const iamError = (type: string, code: string, message: string, id: number) =>
  '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
  `<Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
  `<RequestId>${id}</RequestId></ErrorResponse>`;
const IAM_THROTTLED = { status: 400, body: iamError('Sender', 'Throttling', 'Rate exceeded', 1) };
const IAM_5XX = { status: 500, body: iamError('Receiver', 'ServiceFailure', 'oops', 2) };
const IAM_ROLE = {
  status: 200,
  body:
    '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path>' +
    '<Arn>arn:aws:iam::123456789012:role/r</Arn><RoleName>r</RoleName><RoleId>AROAEXAMPLE</RoleId>' +
    '<CreateDate>2024-01-01T00:00:00Z</CreateDate></Role></GetRoleResult>' +
    '<ResponseMetadata><RequestId>3</RequestId></ResponseMetadata></GetRoleResponse>',
};

/** A client class that records what it was built with. */
function recordingClass() {
  const built: ClientConfig[] = [];
  class Recording {
    constructor(readonly config: ClientConfig) {
      built.push(config);
    }
  }
  return { Recording, built };
}

describe('createClientFactory', () => {
  it('uses the standard retry strategy with 3 attempts', () => {
    expect(SDK_RETRY).toEqual({ retryMode: 'standard', maxAttempts: 3 });
  });

  it('builds nothing until a client is asked for', () => {
    const { Recording, built } = recordingClass();
    const factory = createClientFactory('eu-west-1');
    expect(built).toHaveLength(0);
    factory.get(Recording);
    expect(built).toHaveLength(1);
  });

  it('builds one instance per class, and only the classes asked for', () => {
    const a = recordingClass();
    const b = recordingClass();
    const c = recordingClass();
    const factory = createClientFactory('eu-west-1');
    const first = factory.get(a.Recording);
    expect(factory.get(a.Recording)).toBe(first);
    const other = factory.get(b.Recording);
    expect(other).not.toBe(first);
    expect(other).toBeInstanceOf(b.Recording);
    expect(a.built).toHaveLength(1);
    expect(b.built).toHaveLength(1);
    expect(c.built).toHaveLength(0);
  });

  it('passes the region and SDK_RETRY to every client', () => {
    const { Recording, built } = recordingClass();
    createClientFactory('ap-southeast-2').get(Recording);
    expect(built[0]).toEqual({ region: 'ap-southeast-2', retryMode: 'standard', maxAttempts: 3 });
  });

  it('separate factories (separate requests) do not share clients', () => {
    const { Recording, built } = recordingClass();
    createClientFactory('us-east-1').get(Recording);
    createClientFactory('us-east-1').get(Recording);
    expect(built).toHaveLength(2);
  });

  it('configures every real SDK client with the standard retry strategy, 3 attempts and the region', async () => {
    const factory = createClientFactory('eu-west-1');
    const classes: ClientClass<
      IAMClient | PinpointClient | SESv2Client | PinpointSMSVoiceV2Client | CloudFormationClient
    >[] = [IAMClient, PinpointClient, SESv2Client, PinpointSMSVoiceV2Client, CloudFormationClient];
    for (const clientClass of classes) {
      const client = factory.get(clientClass);
      expect(client).toBeInstanceOf(clientClass);
      expect(factory.get(clientClass)).toBe(client);
      expect(await client.config.maxAttempts()).toBe(3);
      const strategy = await client.config.retryStrategy();
      expect((strategy as { mode?: string }).mode).toBe('standard');
      expect(await client.config.region()).toBe('eu-west-1');
    }
  });

  it('every client of every kind sends to AWS_ENDPOINT_URL (local emulator)', async () => {
    const server = await endpoint([
      {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: '{"__type":"AccessDeniedException","message":"no"}',
      },
    ]);
    const factory = createClientFactory('us-east-1');
    const sends: (() => Promise<unknown>)[] = [
      () => factory.get(IAMClient).send(new GetRoleCommand({ RoleName: 'r' })),
      () => factory.get(PinpointClient).send(new GetEventStreamCommand({ ApplicationId: 'app' })),
      () =>
        factory.get(SESv2Client).send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'cs' })),
      () =>
        factory
          .get(PinpointSMSVoiceV2Client)
          .send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: ['cs'] })),
      () => factory.get(CloudFormationClient).send(new DescribeStacksCommand({ StackName: 's' })),
    ];
    for (const [i, send] of sends.entries()) {
      await send().catch(() => undefined); // the answer is an error: only where the request went matters
      expect(server.count(), `client ${i}`).toBe(i + 1);
    }
  });

  it('honours AWS_ENDPOINT_URL, and the SDK retries IAM throttling', async () => {
    const server = await endpoint([IAM_THROTTLED, IAM_THROTTLED, IAM_ROLE]);
    const { Role } = await createClientFactory('us-east-1')
      .get(IAMClient)
      .send(new GetRoleCommand({ RoleName: 'r' }));
    expect(Role?.Arn).toBe('arn:aws:iam::123456789012:role/r');
    expect(server.count()).toBe(3);
  });

  it('the SDK retries 5xx answers and gives up after maxAttempts (3)', async () => {
    const server = await endpoint([IAM_5XX]);
    await expect(
      createClientFactory('us-east-1')
        .get(IAMClient)
        .send(new GetRoleCommand({ RoleName: 'r' })),
    ).rejects.toMatchObject({
      name: 'ServiceFailureException',
      $metadata: { attempts: 3, httpStatusCode: 500 },
    });
    expect(server.count()).toBe(3);
  });

  it('the SDK retries Pinpoint TooManyRequestsException (429)', async () => {
    const server = await endpoint([
      {
        status: 429,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
        body: '{"Message":"slow down"}',
      },
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body:
          '{"ApplicationId":"app","DestinationStreamArn":"arn:aws:kinesis:us-east-1:123456789012:' +
          'stream/s","RoleArn":"arn:aws:iam::123456789012:role/r"}',
      },
    ]);
    const { EventStream } = await createClientFactory('us-east-1')
      .get(PinpointClient)
      .send(new GetEventStreamCommand({ ApplicationId: 'app' }));
    expect(EventStream?.RoleArn).toBe('arn:aws:iam::123456789012:role/r');
    expect(server.count()).toBe(2);
  });
});
