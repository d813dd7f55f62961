/**
 * The local AWS endpoint the built bundle talks to (AWS_ENDPOINT_URL) in tests, `npm start` and
 * the bench. Everything is forwarded to moto, which serves IAM, Pinpoint apps and event
 * streams, Kinesis, Firehose, CloudWatch Logs and SES v2 configuration sets. In front of moto
 * the gateway routes what moto 5.2.1 cannot do to the stand-ins (each a STAND-IN, not AWS):
 * SES v2 event destinations (ses.ts), SMS and voice v2 (sms-voice.ts), CloudFormation
 * DescribeStackResource / DescribeStacks (cloudformation.ts), Pinpoint PutEventStream's role
 * check (pinpoint.ts), IAM propagation and throttling (iam.ts). It also keeps, for tests:
 *   - a call log (every request's IAM-action label) and fault injection (answer chosen calls
 *     with an error, or never);
 *   - the authorization record of every call the FUNCTION makes (authz.ts), told apart from
 *     everyone else's by the SigV4 access key id;
 *   - the exchanges: the function's raw requests, and every answer a stand-in gave.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthzRecord, authorizationRecords } from './authz.js';
import { type Call, classify, type RawRequest, rawRequest } from './call.js';
import { CloudFormationStandIn } from './cloudformation.js';
import { IamEmulation } from './iam.js';
import { MotoLookups } from './lookups.js';
import { putEventStreamRefusal } from './pinpoint.js';
import { SesStandIn } from './ses.js';
import { SmsVoiceStandIn } from './sms-voice.js';
import { type Answer, queryError, restError } from './wire.js';

export interface GatewayOptions {
  readonly motoEndpoint: string;
  /** The SigV4 access key id of the function's calls: those are recorded (authz, exchanges). */
  readonly functionAccessKeyId: string;
  /** Emulated IAM propagation (ms after a role's last change); default 0. */
  readonly propagationDelayMs?: number;
}

/** An injected answer: an error (default 400 BadRequestException "injected fault"), or none at all. */
export type FaultAnswer = 'hang' | { readonly status?: number; readonly code?: string; readonly message?: string };

export interface Fault {
  readonly when: (call: Call) => boolean;
  readonly respond: FaultAnswer;
  /** Calls it will still answer. */
  times: number;
  /** Calls it has answered. */
  hits: number;
}

/** Who answered a request: a stand-in, an injected fault, IAM's throttling, moto, or nobody (a hang). */
export type AnsweredBy = 'stand-in' | 'fault' | 'throttle' | 'moto' | 'none';

/**
 * One request and its answer. Recorded for every call the function makes (with its answer when
 * the emulator gave it), and for every answer a stand-in gave to anyone.
 */
export interface Exchange {
  /** epoch ms when the request arrived */
  readonly at: number;
  /** The SigV4 signing name (undefined when unsigned). */
  readonly service: string | undefined;
  readonly action: string;
  readonly fromFunction: boolean;
  readonly request: RawRequest;
  answeredBy: AnsweredBy;
  /** The answer, when the emulator gave it (stand-in, fault, throttle); moto's answers are not kept. */
  answer: Answer | undefined;
}

/** The IAM emulation's settings and counts (see iam.ts). */
export type IamControls = Pick<
  IamEmulation,
  'propagationDelayMs' | 'mutatingPerSecond' | 'admitted' | 'throttled' | 'changedAt'
>;

export interface Gateway {
  readonly endpoint: string;
  readonly iam: IamControls;
  /** The CloudFormation stand-in: declare stacks and resources, register events, read them back. */
  readonly cloudformation: Omit<CloudFormationStandIn, 'serves' | 'handle'>;
  /** Answers calls matching `when` (e.g. c => c.action === 'iam:CreateRole') `times` times with an error, or never. */
  inject(when: (call: Call) => boolean, respond: FaultAnswer, times?: number): Fault;
  /** Between tests: no faults, no propagation delay, no IAM rate limit, empty logs (stored data stays). */
  reset(): void;
  /** The IAM-action label of every request since the last reset, in order of arrival. */
  calls(): string[];
  /** How many requests with this label since the last reset. */
  count(action: string): number;
  /** A copy of the function's authorization records since the last reset. */
  authz(): AuthzRecord[];
  /** A copy of the exchanges since the last reset. */
  exchanges(): Exchange[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function faultAnswer(call: Call, respond: Exclude<FaultAnswer, 'hang'>): Answer {
  const { status = 400, code = 'BadRequestException', message = 'injected fault' } = respond;
  return call.form ? queryError(status, code, message) : restError(status, code, message);
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { motoEndpoint } = options;
  const iam = new IamEmulation(motoEndpoint, options.propagationDelayMs ?? 0);
  const lookups = new MotoLookups(motoEndpoint);
  const cloudformation = new CloudFormationStandIn();
  const ses = new SesStandIn(iam, (name, region) => lookups.configurationSetExists(name, region));
  const smsVoice = new SmsVoiceStandIn(iam, lookups);
  const faults: Fault[] = [];
  const calls: string[] = [];
  const authz: AuthzRecord[] = [];
  const exchanges: Exchange[] = [];

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const url = new URL(req.url ?? '/', motoEndpoint);
      const out = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (res) => {
        readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  /** A stand-in's answer, or undefined when moto serves the call. */
  async function standIn(call: Call, body: string): Promise<Answer | undefined> {
    if (call.sesDestinations) return ses.handle(call, body);
    if (call.smsVoice) return smsVoice.handle(call, body);
    if (cloudformation.serves(call)) return cloudformation.handle(call);
    if (call.action === 'mobiletargeting:PutEventStream') return putEventStreamRefusal(iam, body);
    return undefined;
  }

  /** The emulator's own answer (fault, throttle, stand-in), 'hang', or undefined for moto. */
  async function answerOf(call: Call, body: string, exchange: Exchange): Promise<Answer | 'hang' | undefined> {
    const fault = faults.find((f) => f.times > 0 && f.when(call));
    if (fault) {
      fault.times -= 1;
      fault.hits += 1;
      exchange.answeredBy = fault.respond === 'hang' ? 'none' : 'fault';
      return fault.respond === 'hang' ? 'hang' : faultAnswer(call, fault.respond);
    }
    const throttled = iam.throttle(call);
    if (throttled) {
      exchange.answeredBy = 'throttle';
      return throttled;
    }
    const answer = await standIn(call, body);
    if (answer) exchange.answeredBy = 'stand-in';
    return answer;
  }

  const server = createServer(async (req, res) => {
    const at = Date.now();
    const body = await readBody(req);
    const raw = rawRequest(req.method ?? 'GET', req.url ?? '/', req.headers, body.toString());
    const call = classify(raw);
    calls.push(call.action);
    const fromFunction = call.accessKeyId === options.functionAccessKeyId;
    const exchange: Exchange = {
      at,
      service: call.service,
      action: call.action,
      fromFunction,
      request: raw,
      answeredBy: 'moto',
      answer: undefined,
    };
    if (fromFunction) exchanges.push(exchange);
    try {
      // Recorded on arrival, before faults and throttling: the call was attempted, so the
      // execution role must allow it; role look-ups happen before the call changes the role.
      if (fromFunction) authz.push(...(await authorizationRecords(call, raw.body, (n) => iam.lookupRole(n))));
      const answer = await answerOf(call, raw.body, exchange);
      if (answer === 'hang') return; // never answers; the client's timeout must cope
      if (answer) {
        exchange.answer = answer;
        if (!fromFunction && exchange.answeredBy === 'stand-in') exchanges.push(exchange);
        return send(res, answer);
      }
      const moto = await forward(req, body);
      iam.answered(call, moto.status);
      res.writeHead(moto.status, moto.headers);
      res.end(moto.body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, restError(500, 'InternalFailure', `gateway: ${message}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    iam,
    cloudformation,
    inject(when, respond, times = 1) {
      const fault: Fault = { when, respond, times, hits: 0 };
      faults.push(fault);
      return fault;
    },
    reset() {
      faults.length = 0;
      calls.length = 0;
      authz.length = 0;
      exchanges.length = 0;
      iam.reset();
    },
    calls: () => [...calls],
    count: (action) => calls.filter((a) => a === action).length,
    authz: () => structuredClone(authz),
    exchanges: () => exchanges.map((e) => ({ ...e })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        iam.close();
        lookups.close();
      }),
  };
}
