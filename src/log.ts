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

/** A logger whose every line carries `context`. Fields may add to it, never replace timestamp, level or message. */
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

/** What every line of one request carries: the Lambda request id and the event's identity (strings only, clipped). */
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

/** The event fields logged with their values (strings clipped); of any other field only the name. */
const LOGGED_FIELDS = ['RequestType', 'ServiceToken', 'ResourceType', ...CONTEXT_KEYS, 'RequestId'] as const;
const MAX_NAMES = 100;

/**
 * The event as it may be logged: ResponseURL reduced to its host, and of the properties only
 * their names (values are logged once validated, as the request's accepted properties: an
 * unknown property's value never reaches the log). Fields CloudFormation does not send: names only.
 */
export function sanitizeEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return describeValue(event);
  const source = event as Record<string, unknown>;
  const logged: Record<string, unknown> = {};
  for (const key of LOGGED_FIELDS) {
    const value = source[key];
    if (value !== undefined)
      logged[key] = typeof value === 'string' ? value.slice(0, MAX_CONTEXT_VALUE) : describeValue(value);
  }
  if (typeof source.ResponseURL === 'string') logged.ResponseURL = redactUrl(source.ResponseURL);
  for (const key of ['ResourceProperties', 'OldResourceProperties']) {
    if (source[key] !== undefined) logged[key] = namesOf(source[key]);
  }
  const known = new Set<string>([...LOGGED_FIELDS, 'ResponseURL', 'ResourceProperties', 'OldResourceProperties']);
  const others = Object.keys(source).filter((key) => !known.has(key));
  if (others.length > 0) logged.otherFields = clipNames(others);
  return logged;
}

/** The names of a property map (or what it is, when it is not one). */
function namesOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return describeValue(value);
  return { names: clipNames(Object.keys(value)) };
}

function clipNames(names: string[]): string[] {
  const clipped = names.slice(0, MAX_NAMES).map((name) => name.slice(0, 128));
  return names.length > MAX_NAMES ? [...clipped, `... ${names.length - MAX_NAMES} more`] : clipped;
}

/** What a value is, without its content. */
function describeValue(value: unknown): string {
  if (value === null) return '<null>';
  return Array.isArray(value) ? '<list>' : `<${typeof value}>`;
}
