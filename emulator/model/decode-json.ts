/**
 * Decodes a `json` protocol request (SMS and voice v2 is awsJson1_0): the operation from
 * `X-Amz-Target: <targetPrefix>.<Operation>`, the input from the JSON body. Also the JSON
 * reading rest-json shares: wire keys (`jsonName`, `locationName`) mapped to member names,
 * recursively; a key no member accounts for is kept as it is, so the validator reports it.
 * Checked on the way: POST, and `Content-Type: application/x-amz-json-<jsonVersion>`.
 */
import { ModelDecodeError } from './findings.js';
import { bodyText, header, type RawHttpRequest } from './http.js';
import { isPlainObject, jsonKey, type ServiceModel, type ShapeRef, shapeOf } from './shapes.js';

/** A JSON value of shape `ref` with member names as the model spells them (for a structure: only `members`). */
export function fromJson(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  members?: ReadonlyArray<[string, ShapeRef]>,
): unknown {
  const shape = shapeOf(model, ref);
  if (shape.type === 'structure' && isPlainObject(value)) {
    const byKey = new Map(
      (members ?? Object.entries(shape.members ?? {})).map(([n, m]) => [jsonKey(n, m), [n, m]] as const),
    );
    const decoded: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const member = byKey.get(key);
      if (member) decoded[member[0]] = fromJson(model, member[1], item);
      else decoded[key] = item;
    }
    return decoded;
  }
  if (shape.type === 'list' && Array.isArray(value) && shape.member) {
    const { member } = shape;
    return value.map((item) => fromJson(model, member, item));
  }
  if (shape.type === 'map' && isPlainObject(value) && shape.value) {
    const { value: valueRef } = shape;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(model, valueRef, v)]));
  }
  return value;
}

/** The body parsed as JSON (empty: `{}`); throws ModelDecodeError naming `what` when it is not JSON. */
export function parseJsonBody(body: string | Uint8Array | undefined, what: string, service: string, operation = '') {
  const text = bodyText(body);
  try {
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new ModelDecodeError('malformed', `${what} is not JSON: ${(error as Error).message}`, service, operation);
  }
}

export function decodeJsonRequest(model: ServiceModel, request: RawHttpRequest) {
  const [prefix, name = ''] = (header(request.headers, 'x-amz-target') ?? '').split('.');
  const operation = model.operations[name];
  if (prefix !== model.metadata.targetPrefix || !operation)
    throw new ModelDecodeError(
      'unknown-operation',
      `${model.service} has no operation ${prefix}.${name}`,
      model.service,
    );
  const contentType = header(request.headers, 'content-type');
  const expected = `application/x-amz-json-${model.metadata.jsonVersion}`;
  if (request.method.toUpperCase() !== 'POST' || contentType?.split(';')[0]?.trim() !== expected)
    throw new ModelDecodeError(
      'malformed',
      `${request.method} with Content-Type ${contentType}; ${model.service} takes POST with ${expected}`,
      model.service,
      name,
    );
  const body = parseJsonBody(request.body, 'the request body', model.service, name);
  if (!isPlainObject(body))
    throw new ModelDecodeError('malformed', 'the request body is not a JSON object', model.service, name);
  const input = operation.input ? fromJson(model, operation.input, body) : body;
  return { operation: name, input: input as Record<string, unknown> };
}
