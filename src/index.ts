/**
 * Lambda entry point of Custom::PinpointEventStream and Custom::PinpointEmailSendingRole.
 * Thin on purpose: wires the real AWS clients, logger and environment into the runtime.
 */
import { createClients } from './aws/clients.js';
import { consoleLogger } from './log.js';
import type { LambdaContext } from './protocol/types.js';
import { handle } from './runtime.js';

export async function handler(event: unknown, context: LambdaContext): Promise<void> {
  await handle(event, context, {
    log: consoleLogger,
    clientsFor: createClients,
    allowLoopbackResponseUrl: process.env.ALLOW_LOOPBACK_RESPONSE_URL === 'true',
  });
}
