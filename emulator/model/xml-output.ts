/**
 * Reads a query-protocol success answer (`<OpResponse><OpResult>...</OpResult>
 * <ResponseMetadata>...</ResponseMetadata></OpResponse>`) into the output shape's members, as
 * botocore's QueryParser does: members by `locationName` or name, lists of `<member>` (or the
 * list member's locationName; flattened lists: repeated elements), maps of `<entry><key>
 * <value>`, scalars from text. An element no member accounts for is an unknown-member
 * violation at its path; the values are left to the validator.
 */
import { type FindingSink, ModelDecodeError, memberPath } from './findings.js';
import {
  isFlattened,
  type Operation,
  type ServiceModel,
  type ShapeRef,
  scalarFromText,
  shapeOf,
  wireName,
} from './shapes.js';
import type { XmlElement } from './xml.js';

/** The element name of a structure member (a flattened list's items carry its member's locationName). */
function elementName(model: ServiceModel, name: string, ref: ShapeRef): string {
  const shape = shapeOf(model, ref);
  if (shape.type === 'list' && isFlattened(model, ref) && shape.member?.locationName) return shape.member.locationName;
  return wireName(model, name, ref);
}

function stray(sink: FindingSink, path: string, element: XmlElement, where: string) {
  sink.violation(memberPath(path, element.name), 'unknown-member', `<${element.name}> is not a member of ${where}`);
}

/** The value of shape `ref` from `elements` (one element, or a flattened list's or map's repeated elements). */
function read(model: ServiceModel, ref: ShapeRef, elements: XmlElement[], path: string, sink: FindingSink): unknown {
  const shape = shapeOf(model, ref);
  const flat = isFlattened(model, ref);
  const [first] = elements;
  if (shape.type === 'list' && shape.member) {
    const itemName = shape.member.locationName ?? 'member';
    const items = flat ? elements : (first?.children ?? []);
    for (const other of items.filter((e) => e.name !== itemName && !flat))
      stray(sink, path, other, `a list of <${itemName}>`);
    const { member } = shape;
    return items
      .filter((e) => flat || e.name === itemName)
      .map((e, i) => read(model, member, [e], `${path}[${i}]`, sink));
  }
  if (shape.type === 'map' && shape.key && shape.value) {
    const { key, value } = shape;
    const entries = flat ? elements : (first?.children ?? []).filter((e) => e.name === 'entry');
    const pick = (entry: XmlElement, name: string) => entry.children.filter((e) => e.name === name);
    return Object.fromEntries(
      entries.map((entry) => {
        const k = String(read(model, key, pick(entry, key.locationName ?? 'key'), path, sink));
        return [
          k,
          read(model, value, pick(entry, value.locationName ?? 'value'), `${path}[${JSON.stringify(k)}]`, sink),
        ];
      }),
    );
  }
  if (!first) return undefined;
  if (shape.type !== 'structure') return scalarFromText(shape.type, first.text.trim());
  const value: Record<string, unknown> = {};
  const claimed = new Set<XmlElement>();
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const mine = first.children.filter((e) => e.name === elementName(model, name, member));
    if (mine.length === 0) continue;
    for (const e of mine) claimed.add(e);
    value[name] = read(model, member, mine, memberPath(path, name), sink);
  }
  for (const other of first.children) if (!claimed.has(other)) stray(sink, path, other, ref.shape);
  return value;
}

/** The output of a query answer whose root is `root`; throws ModelDecodeError for another root. */
export function readXmlOutput(model: ServiceModel, operation: Operation, root: XmlElement, sink: FindingSink): unknown {
  const expected = `${operation.name}Response`;
  if (root.name !== expected)
    throw new ModelDecodeError(
      'malformed',
      `the root is <${root.name}>, not <${expected}>`,
      model.service,
      operation.name,
    );
  const wrapper = operation.output?.resultWrapper;
  for (const other of root.children)
    if (other.name !== 'ResponseMetadata' && other.name !== wrapper) stray(sink, '', other, expected);
  const result = root.children.find((e) => e.name === wrapper);
  if (!operation.output) return undefined;
  return (result && read(model, operation.output, [result], '', sink)) ?? {};
}
