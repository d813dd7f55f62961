/**
 * Which service and operation a raw request calls, and its input. The service is the
 * loaded model whose SigV4 signing name (`signingName`, else `endpointPrefix`: iam,
 * cloudformation, mobiletargeting, ses, sms-voice, kinesis, firehose, logs) is the credential
 * scope's AND whose protocol the request is written in: `X-Amz-Target` is json (and must
 * name the model's targetPrefix), a form body or query with `Action` is query, anything else
 * is rest-json. The signing name alone is not enough: SES v1 (query) and SES v2 (rest-json)
 * both sign as `ses`. The operation and input come from the protocol's decoder.
 */
import { decodeJsonRequest } from './decode-json.js';
import { decodeQueryRequest } from './decode-query.js';
import { decodeRestJsonRequest } from './decode-rest-json.js';
import { ModelDecodeError } from './findings.js';
import { bodyText, header, type RawHttpRequest, signingNameOfRequest, target } from './http.js';
import { loadServiceModel, SERVICE_NAMES, type ServiceName } from './loader.js';
import { type Protocol, type ServiceModel, signingNameOf } from './shapes.js';

/** A request read as a call: the service (botocore's name), operation and input (model member names). */
export interface DecodedRequest {
  readonly service: ServiceName;
  readonly operation: string;
  readonly protocol: Protocol;
  readonly input: Record<string, unknown>;
}

const DECODERS: Record<
  Protocol,
  (model: ServiceModel, request: RawHttpRequest) => Omit<DecodedRequest, 'service' | 'protocol'>
> = {
  query: decodeQueryRequest,
  json: decodeJsonRequest,
  'rest-json': decodeRestJsonRequest,
};

/** The protocol the request is written in, from its shape alone. */
export function protocolOfRequest(request: RawHttpRequest): Protocol {
  if (header(request.headers, 'x-amz-target') !== undefined) return 'json';
  const form = header(request.headers, 'content-type')?.includes('application/x-www-form-urlencoded');
  if (form && new URLSearchParams(bodyText(request.body)).has('Action')) return 'query';
  return target(request).params.some(([name]) => name === 'Action') ? 'query' : 'rest-json';
}

/** The loaded model that signs as `signingName` and speaks the request's protocol. */
export function identifyService(request: RawHttpRequest, signingName = signingNameOfRequest(request)): ServiceModel {
  if (signingName === undefined)
    throw new ModelDecodeError('unknown-service', 'the request carries no SigV4 credential scope');
  const protocol = protocolOfRequest(request);
  const targetPrefix = header(request.headers, 'x-amz-target')?.split('.')[0];
  const model = SERVICE_NAMES.map(loadServiceModel).find(
    (m) =>
      signingNameOf(m) === signingName &&
      m.metadata.protocol === protocol &&
      (protocol !== 'json' || m.metadata.targetPrefix === targetPrefix),
  );
  if (!model)
    throw new ModelDecodeError(
      'unknown-service',
      `no loaded model signs as ${signingName} and speaks ${protocol}${targetPrefix ? ` (${targetPrefix})` : ''}`,
    );
  return model;
}

/** Reads the request as a call of a modelled operation; throws ModelDecodeError when it is not one. */
export function decodeRequest(request: RawHttpRequest, signingName?: string): DecodedRequest {
  const model = identifyService(request, signingName);
  const protocol = model.metadata.protocol as Protocol;
  return { service: model.service as ServiceName, protocol, ...DECODERS[protocol](model, request) };
}
