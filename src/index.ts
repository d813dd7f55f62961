/**
 * Lambda entry point of every kind (Custom::PinpointEventStream, Custom::SmsVoiceEventDestination,
 * Custom::PinpointEmailSendingRole). Thin on purpose: wires the real AWS clients, the JSON logger
 * and the environment into the runtime.
 */
import { createClientFactory } from './aws/clients.js';
import { jsonLogger } from './log.js';
import type { LambdaContext } from './protocol/types.js';
import { handle } from './runtime.js';

export async function handler(event: unknown, context: LambdaContext): Promise<void> {
  await handle(event, context, { logger: jsonLogger, clientsFor: createClientFactory, env: process.env });
}
