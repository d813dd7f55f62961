/**
 * The local deployment of the built bundle, shared by `npm start`, `npm run bench` and the
 * tests' harness: its facts, the CloudFormation events, invoking the bundle as Lambda does,
 * the ResponseURL server, seeding and reading back, the catalog of kinds, and the session that
 * ties them to the emulator.
 *
 * @example
 *   const session = await startSession({ propagationDelayMs: 1500 });
 *   const world = await session.seed();
 *   const played = await session.play(kindEvent(KIND.sms, 'Create', newStackId('demo'), world));
 *   played.response?.Status; // 'SUCCESS'
 *   await session.close();
 */
export { type Clients, clients, destroyClients, type Readers } from './clients.js';
export * from './deployment.js';
export {
  type CloudFormationEvent,
  type EventFields,
  event,
  fillEvent,
  newStackId,
  type Properties,
  type RequestType,
  SERVICE_TOKEN,
} from './events.js';
export { BUNDLE, type Invocation, invokeBundle, type LogLine, localEnv } from './invoke.js';
export { KIND, KINDS, KINDS_WITH_TARGET, type Kind, type KindTarget, kindEvent } from './kinds.js';
export {
  type CloudFormationResponse,
  type ReceivedResponse,
  type ResponseBehaviour,
  type ResponseServer,
  startResponseServer,
} from './response-server.js';
export {
  ensureBoundaryPolicy,
  type ForeignSmsDestination,
  putForeignEventStream,
  putForeignSesEventDestination,
  putForeignSmsEventDestination,
  type SeedNames,
  type SeedOptions,
  type SmsWorld,
  type Streams,
  seed,
  unique,
  type World,
} from './seed.js';
export {
  type Played,
  type PlayOptions,
  runTool,
  type Session,
  type SessionOptions,
  startSession,
  type ToolRun,
} from './session.js';
export {
  type EventStreamState,
  type PolicyDocument,
  type RoleState,
  readEventDestinations,
  readEventStream,
  readRole,
  readSmsEventDestinations,
  roleArnsUnder,
  rolesNamed,
} from './state.js';
