/**
 * The local stand-in for AWS: moto, and the gateway in front of it with the stand-ins for what
 * moto cannot serve. Nothing here knows the product: the local deployment (local/) passes the
 * function's access key id and reads the stand-ins back.
 *
 * @example
 *   const moto = await startMoto();
 *   const gateway = await startGateway({ motoEndpoint: moto.endpoint, functionAccessKeyId: 'AKIA...' });
 *   gateway.iam.propagationDelayMs = 3000;
 *   gateway.inject((c) => c.action === 'iam:CreateRole', { status: 400, code: 'Throttling' }, 2);
 *   // ... run the function with AWS_ENDPOINT_URL=gateway.endpoint ...
 *   gateway.authz(); gateway.exchanges();
 *   await gateway.close();
 *   await moto.stop();
 */
export { ACCOUNT, PARTITION } from './account.js';
export type { AuthzRecord } from './authz.js';
export type { Call, RawRequest } from './call.js';
export type {
  EventAnswer,
  EventIdentity,
  ResourceOptions,
  Stack,
  StackResource,
} from './cloudformation.js';
export {
  type AnsweredBy,
  type Exchange,
  type Fault,
  type FaultAnswer,
  type Gateway,
  type GatewayOptions,
  type IamControls,
  startGateway,
} from './gateway.js';
export type { RoleProblem } from './iam.js';
export { checkMoto, freePort, MOTO_INSTALL_HINT, type Moto, MotoUnavailableError, startMoto } from './moto.js';
export { PINPOINT_PROPAGATION_MESSAGE } from './pinpoint.js';
export type { SesEventDestination, SesFirehoseDestination } from './ses.js';
export { SMS_DESTINATIONS_PER_CONFIGURATION_SET, type SmsEventDestination } from './sms-voice.js';
export type { Answer } from './wire.js';
