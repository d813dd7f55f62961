/**
 * What a request to the gateway is: its raw form (as recorded for the function's calls) and its
 * label in IAM-action form (iam:CreateRole, mobiletargeting:PutEventStream, ...), with the
 * parts the stand-ins route on.
 */
import { type Signer, sigV4Credential } from './wire.js';

/** A request exactly as it reached the gateway. */
export interface RawRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** The query string's parameters, each with every value it was given. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A request as the gateway labels it (what fault injection's `when` receives). */
export interface Call extends Signer {
  /** IAM-action form: iam:CreateRole, mobiletargeting:PutEventStream, sms-voice:CreateEventDestination, ... */
  readonly action: string;
  /** The SigV4 Region, `us-east-1` when unsigned. */
  readonly region: string;
  readonly method: string;
  readonly path: string;
  /** Query protocol (IAM, CloudFormation): the form-encoded body. */
  readonly form: URLSearchParams | undefined;
  /** JSON protocols with X-Amz-Target: the operation name. */
  readonly operation: string | undefined;
  /** Pinpoint /v1/apps/{id}/eventstream. */
  readonly applicationId: string | undefined;
  /** SES v2 /v2/email/configuration-sets/{name}[...]. */
  readonly configurationSet: string | undefined;
  /** SES v2 .../event-destinations/{name}. */
  readonly destination: string | undefined;
  /** SES v2 configuration-set event destinations: the SES stand-in serves them. */
  readonly sesDestinations: boolean;
  /** SMS and voice v2 (PinpointSMSVoiceV2.*): the SMS and voice stand-in serves it. */
  readonly smsVoice: boolean;
}

const PINPOINT_EVENT_STREAM: Readonly<Record<string, string>> = {
  POST: 'PutEventStream',
  GET: 'GetEventStream',
  DELETE: 'DeleteEventStream',
};
const SES_DESTINATIONS: Readonly<Record<string, string>> = {
  GET: 'GetConfigurationSetEventDestinations',
  POST: 'CreateConfigurationSetEventDestination',
};
const SES_DESTINATION: Readonly<Record<string, string>> = {
  PUT: 'UpdateConfigurationSetEventDestination',
  DELETE: 'DeleteConfigurationSetEventDestination',
};
const SES_CONFIGURATION_SET: Readonly<Record<string, string>> = {
  GET: 'GetConfigurationSet',
  DELETE: 'DeleteConfigurationSet',
};

/** The raw request of an incoming HTTP request and its body. */
export function rawRequest(
  method: string,
  url: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: string,
): RawRequest {
  const parsed = new URL(url, 'http://gateway');
  const query: Record<string, string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) query[key] = parsed.searchParams.getAll(key);
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return { method, path: parsed.pathname, query, headers: flat, body };
}

/** Labels a request (see {@link Call}). */
export function classify(request: RawRequest): Call {
  const { method, path, headers, body } = request;
  const signer = sigV4Credential(headers.authorization);
  const base = {
    ...signer,
    region: signer.region ?? 'us-east-1',
    method,
    path,
    form: undefined,
    operation: undefined,
    applicationId: undefined,
    configurationSet: undefined,
    destination: undefined,
    sesDestinations: false,
    smsVoice: false,
  };
  const form = headers['content-type']?.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : undefined;
  const formAction = form?.get('Action');
  if (form && formAction)
    return { ...base, service: signer.service ?? 'query', action: `${signer.service}:${formAction}`, form };
  let m = /^\/v1\/apps\/([^/]+)\/eventstream$/.exec(path);
  if (m) {
    const action = `mobiletargeting:${PINPOINT_EVENT_STREAM[method] ?? `${method} ${path}`}`;
    return { ...base, action, applicationId: m[1] };
  }
  m = /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const operation = (m[2] ? SES_DESTINATION : SES_DESTINATIONS)[method] ?? `${method} ${path}`;
    return {
      ...base,
      action: `ses:${operation}`,
      configurationSet: decodeURIComponent(m[1] ?? ''),
      destination: m[2] === undefined ? undefined : decodeURIComponent(m[2]),
      sesDestinations: true,
    };
  }
  m = /^\/v2\/email\/configuration-sets\/([^/]+)$/.exec(path);
  if (m) {
    const operation = SES_CONFIGURATION_SET[method] ?? `${method} ${path}`;
    return { ...base, action: `ses:${operation}`, configurationSet: decodeURIComponent(m[1] ?? '') };
  }
  const target = headers['x-amz-target'];
  if (target) {
    const operation = target.split('.').pop() ?? target;
    // Signed as `sms-voice` by the SDK; unsigned probes still reach the stand-in.
    if (target.startsWith('PinpointSMSVoiceV2.'))
      return { ...base, action: `sms-voice:${operation}`, operation, smsVoice: true };
    return { ...base, action: `${signer.service}:${operation}`, operation };
  }
  return { ...base, action: `${signer.service ?? 'unknown'}:${method} ${path}` };
}
