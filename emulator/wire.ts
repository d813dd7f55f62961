/**
 * The AWS wire protocols the stand-ins speak, as pure functions: SigV4 credential parsing, the
 * query protocol's XML answers (IAM, CloudFormation), rest-json errors (Pinpoint, SES v2) and
 * awsJson1_0 (SMS and voice v2). Every answer is an {@link Answer} value; the gateway writes it.
 */
import { randomUUID } from 'node:crypto';

/** An HTTP answer as the gateway sends it (and records it for the stand-ins). */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Who signed a request, for which Region and service: SigV4's `Credential=<key>/<date>/<region>/<service>/`. */
export interface Signer {
  readonly accessKeyId: string | undefined;
  readonly region: string | undefined;
  /** The SigV4 signing name (iam, cloudformation, mobiletargeting, ses, sms-voice, ...). */
  readonly service: string | undefined;
}

/** The credential scope of an Authorization header; every field undefined when unsigned. */
export function sigV4Credential(authorization: string | undefined): Signer {
  const m = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(authorization ?? '');
  return { accessKeyId: m?.[1], region: m?.[2], service: m?.[3] };
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};
export const escapeXml = (value: string | number): string =>
  String(value).replace(/[<>&'"]/g, (c) => XML_ESCAPES[c] ?? c);

/** `<name>value</name>`, or nothing when the value is undefined. */
export const xmlElement = (name: string, value: string | number | undefined): string =>
  value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;

const requestIdHeader = (): Record<string, string> => ({ 'x-amzn-requestid': randomUUID() });

/** A query-protocol error (IAM, CloudFormation, or any form-encoded call). */
export function queryError(status: number, code: string, message: string, xmlns?: string): Answer {
  const ns = xmlns ? ` xmlns="${xmlns}"` : '';
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body:
      `<ErrorResponse${ns}><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

/** A query-protocol result: `<ActionResponse><ActionResult>inner</ActionResult>...`. */
export function queryResult(action: string, xmlns: string, inner: string): Answer {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', ...requestIdHeader() },
    body:
      `<${action}Response xmlns="${xmlns}"><${action}Result>${inner}</${action}Result>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** A rest-json error: the type in `x-amzn-errortype`, the message in the body (both spellings). */
export function restError(status: number, type: string, message: string): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, ...requestIdHeader() },
    body: JSON.stringify({ message, Message: message }),
  };
}

/** A rest-json result. */
export function restJson(status: number, value: unknown): Answer {
  return { status, headers: { 'content-type': 'application/json', ...requestIdHeader() }, body: JSON.stringify(value) };
}

/** An awsJson1_0 result. */
export function json10(value: unknown): Answer {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0', ...requestIdHeader() },
    body: JSON.stringify(value),
  };
}

/** A modelled awsJson1_0 client error: its type and the members of its shape besides Message. */
export class Json10Error extends Error {
  override readonly name = 'Json10Error';
  constructor(
    readonly type: string,
    message: string,
    readonly members: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * An awsJson1_0 error answer. The service answers every modelled client error with 400; the SDK
 * reads the type from `x-amzn-errortype` or `__type`, the members from the body.
 */
export function json10Error(error: Json10Error): Answer {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': error.type, ...requestIdHeader() },
    body: JSON.stringify({ __type: error.type, Message: error.message, ...error.members }),
  };
}

/** The JSON body of a request, or `{}` when it is empty or not JSON. */
export function jsonBody(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` -> { a: 'b' } (query protocol lists). */
export function formTags(form: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; form.has(`Tags.member.${i}.Key`); i++)
    tags[form.get(`Tags.member.${i}.Key`) ?? ''] = form.get(`Tags.member.${i}.Value`) ?? '';
  return tags;
}

/** `Name.member.1=a&Name.member.2=b` -> ['a', 'b']. */
export function formList(form: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) values.push(form.get(`${name}.member.${i}`) ?? '');
  return values;
}
