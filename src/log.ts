/**
 * Structured, sanitised logging: one JSON object a line. The ResponseURL is a
 * pre-signed credential and is never written; use `redactUrl` for its host.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  log(level, message, fields) {
    const line = JSON.stringify({ level, message, ...fields });
    if (level === 'error' || level === 'warn') console.error(line);
    else if (level !== 'debug' || process.env.LOG_LEVEL === 'debug') console.log(line);
  },
};

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
