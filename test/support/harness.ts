// Plays events through the BUILT bundle against moto (behind the local gateway) and
// collects CloudFormation's side: the responses PUT to the ResponseURL.
import { existsSync } from 'node:fs';
import { inject } from 'vitest';
import { type Gateway, startGateway } from './gateway.mjs';
import { BUNDLE, invokeBundle, localEnv } from './invoke.mjs';
// @ts-expect-error plain ESM helpers shared with scripts/local-run.mjs
import { startResponseServer } from './response-server.mjs';
import type { SeedNames, SmsWorld, Streams } from './seed.mjs';
import * as seedModule from './seed.mjs';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;
export type { Gateway };

/** seed.mjs, typed by seed.d.mts (the clients stay `Json` so tests can read SDK outputs freely). */
export const seedHelpers = seedModule;

export interface Response {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: boolean;
  Data: Record<string, string>;
}

export interface Played {
  responses: { body: Response; raw: string; headers: Record<string, string> }[];
  response: Response;
  invocation: {
    code: number | null;
    killed: boolean;
    logs: Json[];
    stdout: string;
    stderr: string;
    durationMs: number;
  };
}

export interface PlayOptions {
  timeoutMs?: number;
  responseUrl?: string;
  env?: Record<string, string>;
  /**
   * false: do not tell the CloudFormation stand-in about the event first (forged events,
   * events for stacks or resources CloudFormation does not know). Default: registered.
   */
  register?: boolean;
}

export interface Harness {
  moto: Json;
  gateway: Gateway;
  responses: Json;
  /** Seed-key clients straight to moto (state read back as it really is). */
  direct: Json;
  /** Seed-key clients through the gateway (its stand-ins: SES destinations, SMS voice, CloudFormation). */
  viaGateway: Json;
  /** seed() with an SMS and voice configuration set in the stand-in as well. */
  seed(options?: { names?: SeedNames; streams?: Streams }): Promise<SmsWorld>;
  play(event: Json, options?: PlayOptions): Promise<Played>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does it first)`);
  const motoEndpoint = inject('motoEndpoint');
  const gateway = await startGateway({ motoEndpoint });
  const responses = await startResponseServer();
  const direct = seedHelpers.clients(motoEndpoint);
  const viaGateway = seedHelpers.clients(gateway.endpoint);
  // Every role the function creates names it, so it exists even in files that never seed.
  await seedHelpers.ensureBoundaryPolicy(direct);
  return {
    moto: motoEndpoint,
    gateway,
    responses,
    direct,
    viaGateway,
    seed: (options = {}) => seedHelpers.seed(direct, { ...options, viaGateway }),
    async play(event, options = {}) {
      // A real event only ever comes while CloudFormation holds the stack and the resource.
      if (options.register !== false) gateway.cloudformation.registerEvent(event);
      const { id, url } = responses.newUrl();
      const invocation = await invokeBundle(
        { ...event, ResponseURL: options.responseUrl ?? url },
        { env: localEnv(gateway.endpoint, options.env), timeoutMs: options.timeoutMs ?? 30_000 },
      );
      const got = responses.responses(id);
      return { responses: got, response: got[0]?.body, invocation };
    },
    async close() {
      await responses.close();
      await gateway.close();
    },
  };
}

export { event, newStackId, SERVICE_TOKEN } from './events.mjs';

export const roleNameOf = (arn: string) => arn.split('/').pop() as string;
