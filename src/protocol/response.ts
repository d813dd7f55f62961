/**
 * The answer to CloudFormation: the response document, kept under its size limit whatever
 * the event held, and its delivery (a PUT, retried with backoff until it lands or time runs out).
 */
import { describe } from '../errors.js';
import { type Logger, redactUrl } from '../log.js';
import { type BackoffPolicy, backoffDelay, retry } from '../retry.js';
import type { Echo } from './event.js';
import { putBody, type Transport } from './http.js';
import type { Outcome, ResponseBody } from './types.js';

/** CloudFormation rejects response bodies of 4096 bytes or more. */
export const MAX_BODY_BYTES = 4095;
/** CloudFormation's limit on a PhysicalResourceId, in characters. */
export const MAX_PHYSICAL_ID = 1024;

/** `text`, then `sentence` as a sentence of its own (nothing when either is empty). */
function withSentence(text: string, sentence: string): string {
  if (!text || !sentence) return text;
  return `${text}${text.endsWith('.') ? '' : '.'} ${sentence}`;
}

/** Bytes `text` takes inside a JSON string literal. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text)) - 2;
}

/** `text` cut to at most `maxBytes` of JSON-escaped UTF-8 on a character boundary, `...` marking a cut. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = jsonBytes(ch);
    if (bytes + size > Math.max(0, maxBytes - 3)) break;
    out += ch;
    bytes += size;
  }
  return `${out}...`;
}

const size = (body: ResponseBody) => Buffer.byteLength(JSON.stringify(body));

/**
 * The response document, under MAX_BODY_BYTES whatever `echo` and `outcome` hold, cutting in
 * this order until it fits: the Reason's own text (`lastSentence`, the pointer to the log stream,
 * ends a non-empty Reason and is cut last), then the Data, then the echoed identity fields. The
 * PhysicalResourceId is always a string of 1 to 1,024 characters.
 */
export function responseBody(echo: Echo, outcome: Outcome, lastSentence = ''): string {
  const reason = outcome.reason ?? '';
  const physicalId = outcome.physicalResourceId.slice(0, MAX_PHYSICAL_ID) || 'unknown';
  const body: ResponseBody = {
    Status: outcome.status,
    Reason: withSentence(reason, lastSentence),
    PhysicalResourceId: physicalId,
    StackId: echo.StackId,
    RequestId: echo.RequestId,
    LogicalResourceId: echo.LogicalResourceId,
    NoEcho: false,
    Data: outcome.data ?? {},
  };
  const excess = () => size(body) - MAX_BODY_BYTES;
  if (excess() > 0) body.Reason = withSentence(cutToBytes(reason, jsonBytes(reason) - excess()), lastSentence);
  if (excess() > 0) body.Reason = cutToBytes(body.Reason, jsonBytes(body.Reason) - excess());
  if (excess() > 0) body.Data = {};
  for (const field of ['StackId', 'RequestId', 'LogicalResourceId', 'PhysicalResourceId'] as const) {
    if (excess() > 0) body[field] = cutToBytes(body[field], Math.max(1, jsonBytes(body[field]) - excess()));
  }
  return JSON.stringify(body);
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

/** A PUT that reached S3 and was answered with something other than 2xx (its message: `HTTP <status>`). */
class NotTaken extends Error {}

/** What went wrong with an attempt, for the log: `HTTP 403`, or the network error. */
const problemOf = (error: unknown) => (error instanceof NotTaken ? error.message : describe(error));

/**
 * PUTs the body, retrying network errors, timeouts and non-2xx answers with backoff until an
 * attempt succeeds, attempts run out or the deadline comes. Never throws: resolves true when
 * CloudFormation took the response. Logs the status only (the URL is a credential: its host at most).
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
  try {
    await retry(
      async (n) => {
        const status = await transport(url, body, Math.max(1, Math.min(attemptTimeoutMs, deadline - Date.now())));
        if (status < 200 || status >= 300) throw new NotTaken(`HTTP ${status}`);
        log.log('info', 'response delivered', { url: host, status, attempt: n + 1 });
      },
      {
        delay: (n) => backoffDelay(n, backoff),
        retryable: () => true,
        giveUpAt: deadline,
        maxAttempts,
        onRetry: ({ attempts, delayMs, error }) =>
          log.log('warn', 'response not delivered, will retry', {
            url: host,
            attempt: attempts,
            problem: problemOf(error),
            delayMs,
          }),
        giveUp: ({ attempts, error }) => {
          log.log('warn', 'response not delivered', { url: host, attempt: attempts, problem: problemOf(error) });
          return error;
        },
      },
    );
    return true;
  } catch {
    log.log('error', 'response could not be delivered to CloudFormation', { url: host });
    return false;
  }
}
