/**
 * Validates a decoded value (member names as the model spells them, e.g. the `input` a
 * decoder returns) against a botocore shape, recursively, as the service's own validation
 * does: required members, unknown members, unions (exactly one member), string length (in
 * Unicode code points) and pattern (whole value, see patterns.ts), enums, list and map sizes,
 * number ranges, and types (string, integer/long, float/double, boolean, timestamp, blob,
 * structure, list, map). Every rule comes from the model: `required`, `min`, `max`,
 * `pattern`, `enum`, `union`. An enum value only the installed SDK lists is a note, not a
 * violation (sdk-enums.ts).
 *
 * Not checked: blob sizes (a blob is checked to be a string or bytes, not decoded), the
 * contents of documents, cross-member rules the model does not state ("exactly one of
 * DestinationStreamArn or LogGroupArn" is prose in the documentation, not a union).
 */
import { type FindingSink, memberPath, show } from './findings.js';
import type { ServiceName } from './loader.js';
import { modelPattern } from './patterns.js';
import { sdkEnumValues } from './sdk-enums.js';
import { isPlainObject, type ServiceModel, type Shape, type ShapeRef, shapeOf } from './shapes.js';

/** A timestamp sent as a number larger than this (year 5138) is milliseconds, not the epoch seconds AWS uses. */
const MAX_EPOCH_SECONDS = 1e11;

type Check = (
  model: ServiceModel,
  ref: ShapeRef,
  shape: Shape,
  value: unknown,
  path: string,
  sink: FindingSink,
) => void;

/** Validates `value` against the shape `ref` names; findings go to `sink` with member paths below `path`. */
export function validateValue(model: ServiceModel, ref: ShapeRef, value: unknown, path: string, sink: FindingSink) {
  const shape = shapeOf(model, ref);
  const check = CHECKS[shape.type];
  if (check) check(model, ref, shape, value, path, sink);
}

function typeError(sink: FindingSink, path: string, shape: Shape, ref: ShapeRef, value: unknown, expected: string) {
  sink.violation(path, 'type', `${show(value, shape.sensitive)} is not ${expected} (${ref.shape})`);
}

/** The rules and unit of each kind of size the model bounds with `min` and `max`. */
const RANGES = {
  length: { rules: ['min-length', 'max-length'], unit: ' characters' },
  items: { rules: ['min-items', 'max-items'], unit: ' items' },
  entries: { rules: ['min-items', 'max-items'], unit: ' entries' },
  value: { rules: ['min', 'max'], unit: '' },
} as const;

function checkRange(
  sink: FindingSink,
  path: string,
  ref: ShapeRef,
  shape: Shape,
  size: number,
  kind: keyof typeof RANGES,
) {
  const { rules, unit } = RANGES[kind];
  if (shape.min !== undefined && size < shape.min)
    sink.violation(path, rules[0], `${size}${unit}, the model (${ref.shape}) requires at least ${shape.min}`);
  if (shape.max !== undefined && size > shape.max)
    sink.violation(path, rules[1], `${size}${unit}, the model (${ref.shape}) allows at most ${shape.max}`);
}

const structure: Check = (model, ref, shape, value, path, sink) => {
  if (!isPlainObject(value)) return typeError(sink, path, shape, ref, value, 'a structure');
  const members = shape.members ?? {};
  for (const name of shape.required ?? [])
    if (value[name] === undefined || value[name] === null)
      sink.violation(memberPath(path, name), 'required', `missing; ${ref.shape} requires it`);
  let set = 0;
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined || member === null) continue;
    const memberRef = Object.hasOwn(members, name) ? members[name] : undefined;
    if (!memberRef) {
      sink.violation(memberPath(path, name), 'unknown-member', `${ref.shape} has no member ${name}`);
      continue;
    }
    set++;
    validateValue(model, memberRef, member, memberPath(path, name), sink);
  }
  if (shape.union && set !== 1)
    sink.violation(path, 'union', `${set} members set; ${ref.shape} is a union: exactly one must be`);
};

const list: Check = (model, ref, shape, value, path, sink) => {
  if (!Array.isArray(value)) return typeError(sink, path, shape, ref, value, 'a list');
  checkRange(sink, path, ref, shape, value.length, 'items');
  if (shape.member)
    for (const [i, item] of value.entries()) validateValue(model, shape.member, item, `${path}[${i}]`, sink);
};

const map: Check = (model, ref, shape, value, path, sink) => {
  if (!isPlainObject(value)) return typeError(sink, path, shape, ref, value, 'a map');
  const entries = Object.entries(value);
  checkRange(sink, path, ref, shape, entries.length, 'entries');
  for (const [key, item] of entries) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (shape.key) validateValue(model, shape.key, key, at, sink);
    if (shape.value) validateValue(model, shape.value, item, at, sink);
  }
};

const string: Check = (model, ref, shape, value, path, sink) => {
  if (typeof value !== 'string') return typeError(sink, path, shape, ref, value, 'a string');
  if (shape.enum && !shape.enum.includes(value)) {
    const service = model.service as ServiceName;
    if (sdkEnumValues(service, ref.shape).includes(value))
      sink.note(path, 'sdk-newer-enum', `${show(value)} is in the SDK's ${ref.shape} but not in botocore's`);
    else sink.violation(path, 'enum', `${show(value)} is not one of ${ref.shape}: ${shape.enum.join(', ')}`);
    return;
  }
  checkRange(sink, path, ref, shape, [...value].length, 'length');
  if (shape.pattern !== undefined && !modelPattern(shape.pattern).test(value))
    sink.violation(path, 'pattern', `${show(value, shape.sensitive)} does not match ${shape.pattern} (${ref.shape})`);
};

const integer: Check = (_model, ref, shape, value, path, sink) => {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return typeError(sink, path, shape, ref, value, 'an integer');
  checkRange(sink, path, ref, shape, value, 'value');
};

const float: Check = (_model, ref, shape, value, path, sink) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return typeError(sink, path, shape, ref, value, 'a number');
  checkRange(sink, path, ref, shape, value, 'value');
};

const boolean: Check = (_model, ref, shape, value, path, sink) => {
  if (typeof value !== 'boolean') typeError(sink, path, shape, ref, value, 'a boolean');
};

const timestamp: Check = (_model, ref, shape, value, path, sink) => {
  if (typeof value === 'number' && value > MAX_EPOCH_SECONDS)
    return typeError(sink, path, shape, ref, value, 'epoch seconds (it looks like milliseconds)');
  const valid =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && (!Number.isNaN(Date.parse(value)) || /^\d+(\.\d+)?$/.test(value)));
  if (!valid) typeError(sink, path, shape, ref, value, 'a timestamp');
};

const blob: Check = (_model, ref, shape, value, path, sink) => {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) typeError(sink, path, shape, ref, value, 'a blob');
};

const CHECKS: Partial<Record<string, Check>> = {
  structure,
  list,
  map,
  string,
  integer,
  long: integer,
  float,
  double: float,
  boolean,
  timestamp,
  blob,
};
