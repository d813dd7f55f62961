/**
 * The parts of a botocore service model (`data/<service>/<version>/service-2.json`) this
 * module reads, typed, and the few look-ups every decoder and the validator share.
 *
 * botocore's JSON models are generated from the services' Smithy models: a shape reference
 * (`{ shape, location, locationName, ... }`) carries how a member travels on the wire, the
 * shape it names carries what values are allowed (`min`, `max`, `pattern`, `enum`, `required`).
 * Keys this module does not use (documentation, examples, endpoint rules) are left untyped.
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** A reference to a shape: a structure member, a list member, a map key or value, an operation's input. */
export interface ShapeRef {
  readonly shape: string;
  /** rest-json: where the member travels (absent: the JSON body). */
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  /** The wire name: URI label, query key, header, JSON key or XML element, by protocol. */
  readonly locationName?: string;
  readonly jsonName?: string;
  readonly flattened?: boolean;
}

export interface Shape {
  readonly type: ShapeType;
  readonly members?: Readonly<Record<string, ShapeRef>>;
  readonly required?: readonly string[];
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  /** rest-json: the member that is the whole body. */
  readonly payload?: string;
  readonly flattened?: boolean;
  readonly locationName?: string;
  /** Exactly one member is set. */
  readonly union?: boolean;
  readonly sensitive?: boolean;
  /** Error shapes: the code the service answers when it differs from the shape name (query protocol). */
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number };
  readonly exception?: boolean;
}

export interface Operation {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: ShapeRef;
  readonly output?: ShapeRef & { readonly resultWrapper?: string };
  readonly errors?: readonly ShapeRef[];
}

export type Protocol = 'query' | 'rest-json' | 'json';

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly endpointPrefix: string;
  readonly protocol: string;
  readonly signingName?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
}

export interface ServiceModel {
  /** botocore's directory name: iam, sesv2, pinpoint-sms-voice-v2, ... */
  readonly service: string;
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, Operation>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** The shape a reference names (a missing one is a broken model, not a bad request). */
export function shapeOf(model: ServiceModel, ref: ShapeRef): Shape {
  const shape = model.shapes[ref.shape];
  if (!shape) throw new Error(`botocore model ${model.service}: shape ${ref.shape} is referenced but not defined`);
  return shape;
}

/** The SigV4 signing name of a service (`mobiletargeting` for Pinpoint, `ses` for SES v2). */
export const signingNameOf = (model: ServiceModel): string =>
  model.metadata.signingName ?? model.metadata.endpointPrefix;

/** A member's name on the wire: the reference's locationName, else the shape's, else the member name. */
export function wireName(model: ServiceModel, name: string, ref: ShapeRef): string {
  return ref.locationName ?? shapeOf(model, ref).locationName ?? name;
}

/** A member's key in a JSON body (json and rest-json). */
export const jsonKey = (name: string, ref: ShapeRef): string => ref.jsonName ?? ref.locationName ?? name;

/** True for a list or map serialised without a wrapper element (query and XML). */
export const isFlattened = (model: ServiceModel, ref: ShapeRef): boolean =>
  ref.flattened ?? shapeOf(model, ref).flattened ?? false;

/** A scalar from text (query strings, headers, XML): numbers and booleans parsed; anything unparsable kept as text. */
export function scalarFromText(type: ShapeType, text: string): unknown {
  if (type === 'integer' || type === 'long' || type === 'float' || type === 'double') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
