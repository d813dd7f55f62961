/**
 * Lambda entry point of every kind (Custom::SmsVoiceEventDestination, Custom::SesEventDestination,
 * Custom::PinpointEventStream, Custom::PinpointEmailSendingRole). Thin on purpose: reads the
 * environment once, and wires the real AWS clients and the JSON logger into the runtime.
 */
import { createClientFactory } from './aws/clients.js';
import { readConfig } from './config.js';
import { jsonLogger } from './log.js';
import type { LambdaContext } from './protocol/types.js';
import { handle } from './runtime.js';

const config = readConfig(process.env);

export async function handler(event: unknown, context: LambdaContext): Promise<void> {
  await handle(event, context, { logger: jsonLogger, clientsFor: createClientFactory, config });
}
