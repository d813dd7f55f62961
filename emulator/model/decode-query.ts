/**
 * Decodes a `query` protocol request (IAM, CloudFormation): form-encoded `Action`, `Version`
 * and members, from the body (POST) or the URL (GET), into the operation's input with the
 * model's member names. Serialisation follows botocore's QuerySerializer: nested structures
 * `A.B`, lists `X.member.N` (the list member's locationName instead of `member`; flattened
 * lists `X.N`), maps `X.entry.N.key` / `.value` (flattened: `X.N.key`), wire names from
 * `locationName`. A key no member accounts for is kept under its own name, so the validator
 * reports it as an unknown member. Not handled: the EC2 dialect (`queryName`), which none of
 * the loaded services speaks.
 */
import { ModelDecodeError } from './findings.js';
import { bodyText, type RawHttpRequest, target } from './http.js';
import { isFlattened, type ServiceModel, type ShapeRef, scalarFromText, shapeOf, wireName } from './shapes.js';

type Fields = ReadonlyMap<string, string>;

const hasKeysUnder = (fields: Fields, prefix: string) =>
  [...fields.keys()].some((key) => key === prefix || key.startsWith(`${prefix}.`));

const join = (prefix: string, name: string) => (prefix === '' ? name : `${prefix}.${name}`);

/** Reads the value of shape `ref` serialised under `prefix`; records the keys it reads in `used`. */
function read(model: ServiceModel, ref: ShapeRef, fields: Fields, prefix: string, used: Set<string>): unknown {
  const shape = shapeOf(model, ref);
  if (shape.type === 'structure') {
    const value: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const item = read(model, member, fields, join(prefix, wireName(model, name, member)), used);
      if (item !== undefined) value[name] = item;
    }
    return Object.keys(value).length > 0 ? value : undefined;
  }
  if (shape.type === 'list' && shape.member) {
    if (fields.get(prefix) === '') {
      used.add(prefix); // botocore's spelling of an empty list
      return [];
    }
    const { member } = shape;
    const base = isFlattened(model, ref)
      ? member.locationName === undefined
        ? prefix
        : join(prefix.split('.').slice(0, -1).join('.'), member.locationName)
      : `${prefix}.${member.locationName ?? 'member'}`;
    const items: unknown[] = [];
    for (let i = 1; hasKeysUnder(fields, `${base}.${i}`); i++)
      items.push(read(model, member, fields, `${base}.${i}`, used));
    return items.length > 0 ? items : undefined;
  }
  if (shape.type === 'map' && shape.key && shape.value) {
    const base = isFlattened(model, ref) ? prefix : `${prefix}.entry`;
    const [keyName, valueName] = [shape.key.locationName ?? 'key', shape.value.locationName ?? 'value'];
    const entries: [string, unknown][] = [];
    for (let i = 1; hasKeysUnder(fields, `${base}.${i}`); i++)
      entries.push([
        String(read(model, shape.key, fields, `${base}.${i}.${keyName}`, used)),
        read(model, shape.value, fields, `${base}.${i}.${valueName}`, used),
      ]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  const text = fields.get(prefix);
  if (text === undefined) return undefined;
  used.add(prefix);
  return scalarFromText(shape.type, text);
}

/** The operation named by `Action` and its input; throws ModelDecodeError when there is none. */
export function decodeQueryRequest(model: ServiceModel, request: RawHttpRequest) {
  const fields = new Map([...target(request).params, ...new URLSearchParams(bodyText(request.body))]);
  const action = fields.get('Action');
  if (!action) throw new ModelDecodeError('malformed', 'a query request without Action', model.service);
  const operation = model.operations[action];
  if (!operation)
    throw new ModelDecodeError('unknown-operation', `${model.service} has no operation ${action}`, model.service);
  const version = fields.get('Version');
  if (version !== model.metadata.apiVersion)
    throw new ModelDecodeError(
      'malformed',
      `Version ${version ?? '(missing)'}; ${model.service} speaks ${model.metadata.apiVersion}`,
      model.service,
      action,
    );
  for (const key of fields.keys())
    if (key === 'Action' || key === 'Version' || key.startsWith('X-Amz-')) fields.delete(key);
  const used = new Set<string>();
  const input = ((operation.input && read(model, operation.input, fields, '', used)) ?? {}) as Record<string, unknown>;
  for (const [key, value] of fields) if (!used.has(key)) input[key] = value;
  return { operation: action, input };
}
