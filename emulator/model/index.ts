/**
 * Every AWS request checked against the service's official model (botocore's JSON models,
 * loaded from the botocore moto installs), and every stand-in answer against the operation's
 * output and errors. Pure: no network, no emulator; reads botocore's files and, for enum
 * values botocore does not know yet, the SDK packages in node_modules.
 *
 * @example
 * import { checkRequest, checkResponse } from '../emulator/model/index.js';
 * const request = { method: 'POST', path: '/', headers, body };   // as the gateway received it
 * const checked = checkRequest(request);                           // service from the SigV4 scope
 * for (const v of checked.violations) console.error(v.message);
 * // iam CreateRole: RoleName [max-length] 65 characters, the model (roleNameType) allows at most 64
 * if (checked.call) checkResponse(checked.call, { status: 200, headers: {}, body: '...' });
 */
import { type DecodedRequest, decodeRequest } from './decode.js';
import { FindingSink, ModelDecodeError, type ModelFindings } from './findings.js';
import type { RawHttpRequest } from './http.js';
import { loadServiceModel, type ServiceName } from './loader.js';
import { validateValue } from './validate.js';

export { type DecodedRequest, decodeRequest, identifyService, protocolOfRequest } from './decode.js';
export {
  ModelDecodeError,
  type ModelFinding,
  type ModelFindings,
  type ModelNote,
  type ModelViolation,
  type NoteRule,
  type ViolationRule,
} from './findings.js';
export type { Headers, RawHttpRequest, RawHttpResponse } from './http.js';
export {
  BOTOCORE_INSTALL_HINT,
  BotocoreNotFoundError,
  findBotocore,
  loadServiceModel,
  SERVICE_NAMES,
  SERVICES,
  type ServiceName,
} from './loader.js';
export { javaToJs, ModelPatternError, modelPattern } from './patterns.js';
export { type AnsweredCall, COMMON_ERRORS, COMMON_QUERY_ERRORS, checkResponse, errorCodeOf } from './response.js';
export type { ServiceModel, Shape, ShapeRef } from './shapes.js';

/** Validates an operation's input (member names as the model spells them) against its input shape. */
export function validateInput(service: ServiceName, operation: string, input: unknown): ModelFindings {
  const model = loadServiceModel(service);
  const sink = new FindingSink(service, operation);
  const op = model.operations[operation];
  if (!op) sink.violation('', 'unknown-operation', `${service} has no operation ${operation}`);
  else if (op.input) validateValue(model, op.input, input, '', sink);
  return sink;
}

/** What checkRequest found: the call (when the request could be read as one) and its findings. */
export interface RequestCheck extends ModelFindings {
  readonly call?: DecodedRequest;
}

/**
 * Reads a raw request as a call (service from the SigV4 scope, or `signingName` when the
 * gateway recorded it) and validates its input. A request that is no call of a modelled
 * operation is one violation (unknown-service, unknown-operation or malformed). Throws only
 * when botocore is missing (BotocoreNotFoundError) or a model's pattern cannot compile.
 */
export function checkRequest(request: RawHttpRequest, signingName?: string): RequestCheck {
  let call: DecodedRequest;
  try {
    call = decodeRequest(request, signingName);
  } catch (error) {
    if (!(error instanceof ModelDecodeError)) throw error;
    const sink = new FindingSink(error.service, error.operation);
    sink.violation('', error.rule, error.message);
    return sink;
  }
  const { violations, notes } = validateInput(call.service, call.operation, call.input);
  return { call, violations, notes };
}
