// Real SDK clients whose request handler keeps the signed HTTP request instead of sending it:
// what the function's calls put on the wire, with no network.
import type { RawHttpRequest } from '../../../emulator/model/index.js';

interface SignedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

type Client = { send(command: any): Promise<unknown>; destroy(): void };
type ClientClass = new (config: any) => Client;

const CREDENTIALS = { accessKeyId: 'AKIAMODELCHECK000001', secretAccessKey: 'model-check-secret' };

function raw(request: SignedRequest): RawHttpRequest {
  const query = Object.fromEntries(
    Object.entries(request.query ?? {}).flatMap(([k, v]) => (v === null ? [] : [[k, v]])),
  );
  const { body } = request;
  return {
    method: request.method,
    path: request.path,
    query,
    headers: request.headers,
    body: typeof body === 'string' || body instanceof Uint8Array ? body : undefined,
  };
}

/** The signed request `client` would send for `command`. */
export async function capture(clientClass: ClientClass, command: unknown): Promise<RawHttpRequest> {
  let captured: RawHttpRequest | undefined;
  const requestHandler = {
    handle: async (request: SignedRequest) => {
      captured = raw(request);
      throw new Error('captured, not sent');
    },
  };
  const client = new clientClass({ region: 'us-east-1', credentials: CREDENTIALS, requestHandler, maxAttempts: 1 });
  try {
    await client.send(command);
  } catch (error) {
    if (!captured) throw error;
  } finally {
    client.destroy();
  }
  if (!captured) throw new Error('the client answered without sending');
  return captured;
}
