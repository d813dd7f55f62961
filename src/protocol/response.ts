import { type BackoffPolicy, backoffDelay, sleep } from '../backoff.js';
import { describe } from '../errors.js';
import { type Logger, redactUrl } from '../log.js';
import { putBody, type Transport } from './http.js';
import type { CloudFormationEvent, Outcome, ResponseBody } from './types.js';

/** CloudFormation rejects response bodies of 4096 bytes or more. */
export const MAX_BODY_BYTES = 4095;

/**
 * CloudFormation's response buckets: virtual-hosted
 * `cloudformation-custom-resource-response-<region>.s3[.-]<...>.amazonaws.com(.cn)`, or a
 * path-style S3 host whose first path segment is such a bucket. Anything else is refused.
 */
const RESPONSE_BUCKET = /^cloudformation-custom-resource-response-[a-z0-9-]+$/;
const VIRTUAL_HOSTED =
  /^cloudformation-custom-resource-response-[a-z0-9-]+\.s3(?:\.|-[a-z0-9-]+\.)(?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$/;
const PATH_STYLE_HOST = /^s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isResponseBucket(url: URL): boolean {
  if (VIRTUAL_HOSTED.test(url.hostname)) return true;
  return PATH_STYLE_HOST.test(url.hostname) && RESPONSE_BUCKET.test(url.pathname.split('/')[1] ?? '');
}

/**
 * The ResponseURL as a URL, if it is one we may PUT to: https on CloudFormation's response
 * buckets, or (only when `allowLoopback`) http/https on the loopback interface for local runs.
 */
export function acceptResponseUrl(value: unknown, allowLoopback: boolean): URL | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:' && url.port === '' && isResponseBucket(url)) return url;
  if (allowLoopback && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname))
    return url;
  return undefined;
}

/** `text`, then `sentence` as a sentence of its own (nothing when either is empty). */
function withSentence(text: string, sentence: string): string {
  if (!text || !sentence) return text;
  return `${text}${text.endsWith('.') ? '' : '.'} ${sentence}`;
}

/**
 * The response document, with the Reason shortened (never the JSON cut) to stay under the size
 * limit. `lastSentence` (the pointer to the log stream) ends a non-empty Reason and is never cut:
 * the Reason's own text is shortened before it.
 */
export function responseBody(event: CloudFormationEvent, outcome: Outcome, lastSentence = ''): string {
  const reason = outcome.reason ?? '';
  const body: ResponseBody = {
    Status: outcome.status,
    Reason: withSentence(reason, lastSentence),
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: outcome.data ?? {},
  };
  let json = JSON.stringify(body);
  const excess = Buffer.byteLength(json) - MAX_BODY_BYTES;
  if (excess > 0) {
    body.Reason = withSentence(truncateUtf8(reason, jsonBytes(reason) - excess - 3), lastSentence);
    json = JSON.stringify(body);
  }
  return json;
}

/** Bytes `text` takes inside a JSON string literal. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/** Cuts `text` to at most `maxBytes` of JSON-escaped UTF-8 (then adds "..."), on a character boundary. */
function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = jsonBytes(ch);
    if (bytes + size > Math.max(0, maxBytes)) return `${out}...`;
    out += ch;
    bytes += size;
  }
  return out;
}

export interface SendOptions {
  /** Epoch ms after which no further attempt is started (the Lambda's own deadline). */
  readonly deadline: number;
  readonly log: Logger;
  readonly transport?: Transport;
  readonly backoff?: BackoffPolicy;
  readonly maxAttempts?: number;
  readonly attemptTimeoutMs?: number;
}

export const RESPONSE_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 4000 };

/**
 * PUTs the body, retrying network errors, timeouts and non-2xx answers with backoff
 * until an attempt succeeds, attempts run out or the deadline comes. Never throws:
 * resolves true when CloudFormation took the response.
 */
export async function sendResponse(url: URL, body: string, options: SendOptions): Promise<boolean> {
  const {
    deadline,
    log,
    transport = putBody,
    backoff = RESPONSE_BACKOFF,
    maxAttempts = 8,
    attemptTimeoutMs = 10_000,
  } = options;
  const host = redactUrl(url.href);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let problem: string;
    try {
      const status = await transport(url, body, Math.min(attemptTimeoutMs, remaining));
      if (status >= 200 && status < 300) {
        log.log('info', 'response delivered', { url: host, status, attempt: attempt + 1 });
        return true;
      }
      problem = `HTTP ${status}`;
    } catch (error) {
      problem = describe(error);
    }
    const delay = backoffDelay(attempt, backoff);
    if (attempt + 1 >= maxAttempts || Date.now() + delay >= deadline) {
      log.log('warn', 'response not delivered', { url: host, attempt: attempt + 1, problem });
      break;
    }
    log.log('warn', 'response not delivered, will retry', { url: host, attempt: attempt + 1, problem, delayMs: delay });
    await sleep(delay);
  }
  log.log('error', 'response could not be delivered to CloudFormation', { url: host });
  return false;
}
