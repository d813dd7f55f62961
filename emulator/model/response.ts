/**
 * Checks an answer (a stand-in's, or moto's) to a decoded call against the operation's model.
 *
 * Error answers (status 300 and above): the error code (query: `<Error><Code>`; json and
 * rest-json: `X-Amzn-ErrorType`, else the body's `code` or `__type`, as the SDK reads them)
 * must be one the operation declares (`errors`, by shape name or the shape's `error.code`)
 * or one of the few errors every AWS API may answer (COMMON_ERRORS below); a declared error
 * must come with the status its shape declares, and (json, rest-json) a body whose members
 * the error shape declares, besides the envelope every error may carry (`__type`, `code`,
 * `message`, in any case, as the SDK reads them).
 * Success answers: the status the operation declares (`http.responseCode`, else 200), and an
 * output of the output shape (query: the XML `<OpResult>` inside `<OpResponse>`; json: the
 * body; rest-json: the body, or the `payload` member), validated with the same rules as
 * requests, so an undeclared member, a missing required one or a value out of its enum is a
 * violation. Not checked: XML attributes and namespaces, error bodies of the query protocol
 * beyond the code, output members in headers or the status code (no loaded model has any).
 */
import { fromJson, parseJsonBody } from './decode-json.js';
import { FindingSink, ModelDecodeError, type ModelFindings } from './findings.js';
import { bodyText, header, type RawHttpResponse } from './http.js';
import { loadServiceModel, type ServiceName } from './loader.js';
import { isPlainObject, type Operation, type ServiceModel, shapeOf } from './shapes.js';
import { validateValue } from './validate.js';
import { parseXml, XmlParseError } from './xml.js';
import { readXmlOutput } from './xml-output.js';

/**
 * The "Common Error Types" of the AWS API references (e.g. the IAM API Reference's
 * CommonErrors page), which any operation may answer; and for the query protocol
 * `ValidationError` (same page) and the spellings IAM and CloudFormation answer with over it,
 * `AccessDenied` and `Throttling` (the AWS SDK's own throttling codes list `Throttling`).
 */
export const COMMON_ERRORS: readonly string[] = [
  'AccessDeniedException',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InternalFailure',
  'InvalidClientTokenId',
  'ServiceUnavailable',
  'ThrottlingException',
];
export const COMMON_QUERY_ERRORS: readonly string[] = [
  ...COMMON_ERRORS,
  'ValidationError',
  'AccessDenied',
  'Throttling',
];

/** Keys of a json or rest-json error body the SDK reads for every error. */
const ENVELOPE = ['__type', 'code', 'message'];

/** The call an answer belongs to (as decodeRequest named it). */
export interface AnsweredCall {
  readonly service: ServiceName;
  readonly operation: string;
}

/** The error code of an error answer, as the SDK reads it; undefined when it carries none. */
export function errorCodeOf(protocol: string, response: RawHttpResponse): string | undefined {
  if (protocol === 'query') {
    const root = parseXml(bodyText(response.body));
    const error = root.name === 'Error' ? root : root.children.find((c) => c.name === 'Error');
    return error?.children.find((c) => c.name === 'Code')?.text.trim() || undefined;
  }
  const sanitize = (code: string) => code.split(':')[0]?.split('#').at(-1)?.trim() || undefined;
  const fromHeader = header(response.headers, 'x-amzn-errortype');
  if (fromHeader) return sanitize(fromHeader);
  const body = parseJsonBody(response.body, 'the error body', '');
  if (!isPlainObject(body)) return undefined;
  const code = body.code ?? body.Code ?? body.__type;
  return typeof code === 'string' ? sanitize(code) : undefined;
}

function checkError(model: ServiceModel, operation: Operation, response: RawHttpResponse, sink: FindingSink) {
  const protocol = model.metadata.protocol;
  const code = errorCodeOf(protocol, response);
  if (code === undefined) return sink.violation('', 'malformed', `a ${response.status} answer without an error code`);
  const declared = (operation.errors ?? []).find(
    (ref) => ref.shape === code || shapeOf(model, ref).error?.code === code,
  );
  if (!declared) {
    if ((protocol === 'query' ? COMMON_QUERY_ERRORS : COMMON_ERRORS).includes(code)) return;
    const names = (operation.errors ?? []).map((ref) => shapeOf(model, ref).error?.code ?? ref.shape);
    return sink.violation(
      '',
      'undeclared-error',
      `${code} is neither an error of ${operation.name} (${names.join(', ')}) nor a common AWS error`,
    );
  }
  const status = shapeOf(model, declared).error?.httpStatusCode;
  if (status !== undefined && status !== response.status)
    sink.violation('', 'status', `${code} answered with ${response.status}; the model declares ${status}`);
  if (protocol === 'query') return;
  const body = parseJsonBody(response.body, 'the error body', model.service, operation.name);
  if (!isPlainObject(body)) return sink.violation('', 'malformed', 'the error body is not a JSON object');
  // The SDK reads the code and message of every error whatever the shape declares (SES v2's
  // shapes declare no members, yet SES answers `message`): those keys are the envelope.
  const members = Object.keys(shapeOf(model, declared).members ?? {});
  const named = Object.entries(body).flatMap(([key, value]) => {
    const member = members.find((m) => m.toLowerCase() === key.toLowerCase());
    if (member) return [[member, value] as const];
    return ENVELOPE.includes(key.toLowerCase()) ? [] : [[key, value] as const];
  });
  validateValue(model, declared, Object.fromEntries(named), '', sink);
}

/** The output of a json or rest-json success answer: the body, or (rest-json) the `payload` member's. */
function jsonOutput(model: ServiceModel, operation: Operation, response: RawHttpResponse): unknown {
  const body = parseJsonBody(response.body, 'the answer body', model.service, operation.name);
  if (!operation.output) return body;
  const shape = shapeOf(model, operation.output);
  const payload = shape.payload;
  const payloadRef = payload === undefined ? undefined : shape.members?.[payload];
  if (payload === undefined || !payloadRef) return fromJson(model, operation.output, body);
  const text = bodyText(response.body);
  if (text.trim() === '') return {};
  return { [payload]: shapeOf(model, payloadRef).type === 'structure' ? fromJson(model, payloadRef, body) : text };
}

function checkSuccess(model: ServiceModel, operation: Operation, response: RawHttpResponse, sink: FindingSink) {
  const expected = operation.http.responseCode ?? 200;
  if (response.status !== expected)
    sink.violation('', 'status', `answered ${response.status}; ${operation.name} answers ${expected}`);
  const output =
    model.metadata.protocol === 'query'
      ? readXmlOutput(model, operation, parseXml(bodyText(response.body)), sink)
      : jsonOutput(model, operation, response);
  if (operation.output) validateValue(model, operation.output, output, '', sink);
  else if (isPlainObject(output))
    for (const key of Object.keys(output)) sink.violation(key, 'unknown-member', `${operation.name} has no output`);
}

/** Checks one answer to `call` against the model; never throws for a bad answer (only for a missing botocore). */
export function checkResponse(call: AnsweredCall, response: RawHttpResponse): ModelFindings {
  const model = loadServiceModel(call.service);
  const sink = new FindingSink(call.service, call.operation);
  const operation = model.operations[call.operation];
  if (!operation) {
    sink.violation('', 'unknown-operation', `${call.service} has no operation ${call.operation}`);
    return sink;
  }
  try {
    if (response.status >= 300) checkError(model, operation, response, sink);
    else checkSuccess(model, operation, response, sink);
  } catch (error) {
    if (!(error instanceof ModelDecodeError || error instanceof XmlParseError)) throw error;
    sink.violation('', 'malformed', (error as Error).message);
  }
  return sink;
}
