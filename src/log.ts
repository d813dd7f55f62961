/**
 * Structured, sanitised logging: one JSON object a line on standard output, with timestamp,
 * level, message, the Lambda request id and the event's identity on every line. Written to
 * stdout directly (as Powertools' Logger does), not through console: with the function's
 * LogFormat JSON, Lambda reads `level` and `timestamp` from such lines for log-level
 * filtering, keeps our fields at the top level, and leaves embedded-metric-format lines intact.
 * The ResponseURL is a pre-signed credential and is never written; use `redactUrl` for its host.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export type LogContext = Readonly<Record<string, string>>;

const writeStdout = (line: string) => {
  process.stdout.write(`${line}\n`);
};

/** A logger whose every line carries `context`. Fields may add to the context, never replace timestamp, level or message. */
export function jsonLogger(context: LogContext, write: (line: string) => void = writeStdout): Logger {
  return {
    log(level, message, fields) {
      const fixed = { timestamp: new Date().toISOString(), level: level.toUpperCase(), message };
      write(JSON.stringify(Object.assign({ ...fixed, ...context, ...fields }, fixed)));
    },
  };
}

const CONTEXT_KEYS = ['StackId', 'LogicalResourceId', 'ResourceType', 'RequestType', 'PhysicalResourceId'] as const;
const MAX_CONTEXT_VALUE = 512;

/** The fields every line of one request carries: the Lambda request id and the event's identity (strings only, clipped). */
export function requestLogContext(event: unknown, requestId: string | undefined): LogContext {
  const source = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const context: Record<string, string> = {};
  if (requestId) context.requestId = requestId;
  for (const key of CONTEXT_KEYS) {
    const value = source[key];
    if (typeof value === 'string') context[key] = value.slice(0, MAX_CONTEXT_VALUE);
  }
  return context;
}

/** What can be logged of a URL without leaking its signature: scheme and host. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/<redacted>`;
  } catch {
    return '<unparseable url>';
  }
}

/** The event as it may be logged: ResponseURL reduced to its host. */
export function sanitizeEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return event;
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  if (typeof copy.ResponseURL === 'string') copy.ResponseURL = redactUrl(copy.ResponseURL);
  return copy;
}
