// What the emulator's own tests share: a gateway on the run's moto that records the local
// deployment's function key, and the SDK error of a call that must fail.
import { inject } from 'vitest';
import { type Gateway, startGateway } from '../../emulator/index.js';
import { FUNCTION_ACCESS_KEY_ID } from '../../local/index.js';

/** A gateway of its own for the file, on the one moto of the run (global-setup.ts). */
export const startTestGateway = (): Promise<Gateway> =>
  startGateway({ motoEndpoint: inject('motoEndpoint'), functionAccessKeyId: FUNCTION_ACCESS_KEY_ID });

/** What the SDK says of a failed call: its name, message, HTTP status and the error shape's members. */
export interface SdkError {
  readonly name: string;
  readonly message: string;
  readonly Reason?: string;
  readonly Fields?: unknown;
  readonly ResourceType?: string;
  readonly ResourceId?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The SDK's error for a call, or a test failure if the call succeeded. */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}
