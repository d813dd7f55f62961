/**
 * The raw HTTP messages a gateway records, and the few ways of reading them every decoder
 * needs: headers by name whatever their case, the body as text, the path and its query
 * parameters (from `path`'s `?...` and/or `query`), and the SigV4 signing name.
 */

export type HeaderValue = string | readonly string[] | undefined;
export type Headers = Readonly<Record<string, HeaderValue>>;
export type QueryParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One HTTP request as it reached the gateway. */
export interface RawHttpRequest {
  readonly method: string;
  /** The request target's path as sent (percent-encoded); may carry `?query`. */
  readonly path: string;
  /** The query string (without `?`) or its parsed parameters, when `path` does not carry it. */
  readonly query?: string | QueryParams;
  readonly headers: Headers;
  readonly body?: string | Uint8Array;
}

/** One HTTP answer (a stand-in's, or moto's). */
export interface RawHttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body?: string | Uint8Array;
}

/** A header's value, whatever the case of its name; repeated headers joined with ", ". */
export function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted && value !== undefined)
      return typeof value === 'string' ? value : value.join(', ');
  return undefined;
}

export function bodyText(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
}

/** The path without its query, and every query parameter in order (names and values decoded). */
export function target(request: RawHttpRequest): { path: string; params: [string, string][] } {
  const cut = request.path.indexOf('?');
  const path = cut < 0 ? request.path : request.path.slice(0, cut);
  const params = cut < 0 ? [] : [...new URLSearchParams(request.path.slice(cut + 1))];
  const { query } = request;
  if (typeof query === 'string') params.push(...new URLSearchParams(query));
  else if (query)
    for (const [name, value] of Object.entries(query))
      for (const one of typeof value === 'string' ? [value] : (value ?? [])) params.push([name, one]);
  return { path, params };
}

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;

/** The service of the SigV4 credential scope (Authorization header or presigned X-Amz-Credential). */
export function signingNameOfRequest(request: RawHttpRequest): string | undefined {
  const fromHeader = SCOPE.exec(header(request.headers, 'authorization') ?? '')?.[1];
  if (fromHeader) return fromHeader;
  const credential = target(request).params.find(([name]) => name === 'X-Amz-Credential')?.[1];
  return credential === undefined ? undefined : SCOPE.exec(`Credential=${credential}`)?.[1];
}
