/**
 * The AWS clients of one request, created on first use: a kind's request loads and builds
 * only the clients its kind calls (each service module is in its kind's bundle chunk).
 * Every client uses the SDK's standard retry strategy for 5xx and timeouts (throttling is
 * retried further by awsCall, within the deadline) and honours AWS_ENDPOINT_URL.
 */
export interface ClientConfig {
  readonly region: string;
  readonly retryMode: 'standard';
  readonly maxAttempts: number;
}

/** Any SDK v3 client class. */
export type ClientClass<C> = new (config: ClientConfig) => C;

export interface ClientFactory {
  get<C>(clientClass: ClientClass<C>): C;
}

export const SDK_RETRY = { retryMode: 'standard', maxAttempts: 3 } as const;

export function createClientFactory(region: string): ClientFactory {
  const config: ClientConfig = { region, ...SDK_RETRY };
  const made = new Map<ClientClass<unknown>, unknown>();
  return {
    get<C>(clientClass: ClientClass<C>): C {
      if (!made.has(clientClass)) made.set(clientClass, new clientClass(config));
      return made.get(clientClass) as C;
    },
  };
}
