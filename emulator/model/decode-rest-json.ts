/**
 * Decodes a `rest-json` protocol request (Pinpoint, SES v2). The operation is the one whose
 * `http.method` and `http.requestUri` match: `{label}` is one path segment, `{label+}` the
 * rest of the path, literal query keys in requestUri must be present; when several match,
 * the one with the most literal characters wins (`/contacts/list` over `/contacts/{Email}`).
 * Members travel as the model says (`location`): `uri` labels, `querystring` (lists repeat the
 * key; a map takes every parameter no other member takes), `header` (lists comma-separated),
 * and the JSON body: the `payload` member is the whole body, otherwise every member
 * without a location is a body key (`jsonName`/`locationName`). A query parameter no member
 * accounts for is kept under its own name, so the validator reports it.
 * Not handled (no loaded model uses them): `headers` prefix maps, `jsonvalue` headers,
 * streaming payloads, host labels.
 */

import { fromJson, parseJsonBody } from './decode-json.js';
import { ModelDecodeError } from './findings.js';
import { bodyText, type Headers, header, type RawHttpRequest, target } from './http.js';
import { isPlainObject, type Operation, type ServiceModel, type ShapeRef, scalarFromText, shapeOf } from './shapes.js';

interface Route {
  readonly operation: Operation;
  readonly path: RegExp;
  readonly labels: readonly string[];
  readonly literalQuery: readonly string[];
  readonly specificity: number;
}

const routes = new WeakMap<ServiceModel, Route[]>();

function routesOf(model: ServiceModel): Route[] {
  let found = routes.get(model);
  if (!found) {
    found = Object.values(model.operations).map((operation) => {
      const [uri = '', query = ''] = operation.http.requestUri.split('?');
      const labels: string[] = [];
      const source = uri.replace(/\{([^}]+?)(\+?)\}|[^{]+/g, (text, label?: string, greedy?: string) => {
        if (label === undefined) return text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        labels.push(label);
        return greedy ? '(.+)' : '([^/]+)';
      });
      const literalQuery = [...new URLSearchParams(query).keys()];
      return {
        operation,
        path: new RegExp(`^${source}$`),
        labels,
        literalQuery,
        specificity: uri.replace(/\{[^}]*\}/g, '').length,
      };
    });
    routes.set(model, found);
  }
  return found;
}

function route(model: ServiceModel, method: string, path: string, params: [string, string][]) {
  const names = new Set(params.map(([name]) => name));
  const matches = routesOf(model)
    .filter((r) => r.operation.http.method === method.toUpperCase() && r.literalQuery.every((q) => names.has(q)))
    .map((r) => ({ route: r, match: r.path.exec(path) }))
    .filter((m) => m.match !== null)
    .sort((a, b) => b.route.specificity - a.route.specificity);
  const best = matches[0];
  if (!best?.match)
    throw new ModelDecodeError(
      'unknown-operation',
      `${model.service} has no operation at ${method} ${path}`,
      model.service,
    );
  const labels = new Map(best.route.labels.map((label, i) => [label, best.match?.[i + 1] ?? '']));
  return { operation: best.route.operation, labels, literalQuery: best.route.literalQuery };
}

function decodeLabel(model: ServiceModel, operation: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ModelDecodeError('malformed', `bad percent-encoding in ${raw}`, model.service, operation);
  }
}

/** The input members the URI, query string and headers carry. */
function fromHttp(
  model: ServiceModel,
  members: [string, ShapeRef][],
  found: ReturnType<typeof route>,
  params: [string, string][],
  headers: Headers,
) {
  const input: Record<string, unknown> = {};
  const taken = new Set(found.literalQuery);
  const text = (ref: ShapeRef, raw: string) => scalarFromText(shapeOf(model, ref).type, raw);
  for (const [name, ref] of members) {
    const shape = shapeOf(model, ref);
    const key = ref.locationName ?? name;
    if (ref.location === 'uri' && found.labels.has(key))
      input[name] = text(ref, decodeLabel(model, found.operation.name, found.labels.get(key) ?? ''));
    if (ref.location === 'querystring' && shape.type !== 'map') {
      const values = params.filter(([n]) => n === key).map(([, v]) => v);
      taken.add(key);
      const item = shape.member;
      if (values.length > 0) input[name] = item ? values.map((v) => text(item, v)) : text(ref, values[0] ?? '');
    }
    if (ref.location === 'header') {
      const value = header(headers, key);
      const item = shape.member;
      if (value !== undefined)
        input[name] = item ? value.split(',').map((v) => text(item, v.trim())) : text(ref, value);
    }
  }
  const rest = params.filter(([n]) => !taken.has(n) && !n.startsWith('X-Amz-'));
  const queryMap = members.find(([, ref]) => ref.location === 'querystring' && shapeOf(model, ref).type === 'map');
  if (queryMap && rest.length > 0) input[queryMap[0]] = Object.fromEntries(rest);
  else for (const [n, v] of rest) input[n] = v;
  return input;
}

export function decodeRestJsonRequest(model: ServiceModel, request: RawHttpRequest) {
  const { path, params } = target(request);
  const found = route(model, request.method, path, params);
  const { operation } = found;
  const name = operation.name;
  if (!operation.input) return { operation: name, input: {} };
  const inputShape = shapeOf(model, operation.input);
  const members = Object.entries(inputShape.members ?? {});
  const input = fromHttp(model, members, found, params, request.headers);
  const text = bodyText(request.body);
  const payload = inputShape.payload;
  const payloadRef = payload === undefined ? undefined : inputShape.members?.[payload];
  if (payload !== undefined && payloadRef) {
    const isStructure = shapeOf(model, payloadRef).type === 'structure';
    if (text.trim() !== '')
      input[payload] = isStructure
        ? fromJson(model, payloadRef, parseJsonBody(text, 'the payload', model.service, name))
        : text;
    return { operation: name, input };
  }
  const body = parseJsonBody(text, 'the request body', model.service, name);
  if (!isPlainObject(body))
    throw new ModelDecodeError('malformed', 'the request body is not a JSON object', model.service, name);
  const bodyMembers = members.filter(([, ref]) => ref.location === undefined);
  const decoded = fromJson(model, operation.input, body, bodyMembers) as Record<string, unknown>;
  // A body key spelling a URI, query or header member is not that member: reported as unknown.
  for (const [key, value] of Object.entries(decoded)) input[Object.hasOwn(input, key) ? `(body)${key}` : key] = value;
  return { operation: name, input };
}
