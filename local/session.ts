/**
 * One local world, shared by `npm start`, the bench and the tests' harness: moto (started here,
 * or one already running), the gateway in front of it, the ResponseURL server, seeding, playing
 * events through the built bundle, and reading the state back. `runTool` gives a tool its
 * clean-up on exit, Ctrl-C and a closed output pipe.
 */
import { existsSync } from 'node:fs';
import { type Gateway, type Moto, MotoUnavailableError, startGateway, startMoto } from '../emulator/index.js';
import { type Clients, clients, destroyClients, type Readers } from './clients.js';
import { FUNCTION_ACCESS_KEY_ID } from './deployment.js';
import type { CloudFormationEvent } from './events.js';
import { BUNDLE, type Invocation, invokeBundle, type LogLine, localEnv } from './invoke.js';
import {
  type CloudFormationResponse,
  type ReceivedResponse,
  type ResponseServer,
  startResponseServer,
} from './response-server.js';
import { ensureBoundaryPolicy, type SeedOptions, type SmsWorld, seed } from './seed.js';

export interface SessionOptions {
  /** A moto already running (the tests start one for the whole run); default: start one, stopped by close(). */
  readonly motoEndpoint?: string;
  /** Emulated IAM propagation, ms (default 0). */
  readonly propagationDelayMs?: number;
}

export interface PlayOptions {
  /** The function's timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Another ResponseURL than the session's response server. */
  readonly responseUrl?: string;
  /** Environment on top of the function's own (localEnv). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * false: do not tell the CloudFormation stand-in about the event first (forged events,
   * events for stacks or resources CloudFormation does not know). Default: registered.
   */
  readonly register?: boolean;
  /** Another AWS endpoint for the function than the gateway (a proxy in front of it). */
  readonly endpoint?: string;
}

/** An event played: what was sent, the answers CloudFormation got, and the invocation. */
export interface Played {
  readonly event: CloudFormationEvent;
  readonly responses: readonly ReceivedResponse[];
  /** The first answer's body. */
  readonly response: CloudFormationResponse | undefined;
  readonly invocation: Invocation;
  /** The function's `outcome` log line. */
  readonly outcome: LogLine | undefined;
}

export interface Session extends Readers {
  readonly motoEndpoint: string;
  /** moto's version when the session started it. */
  readonly motoVersion: string | undefined;
  readonly gateway: Gateway;
  readonly responses: ResponseServer;
  /** A world with an SMS and voice configuration set in the gateway's stand-in as well. */
  seed(options?: SeedOptions): Promise<SmsWorld>;
  /** Plays one event through the bundle, as CloudFormation would send it (registered first unless told not to). */
  play(event: CloudFormationEvent, options?: PlayOptions): Promise<Played>;
  /** Stops what the session started (the response server, the gateway, moto if it started it). */
  close(): Promise<void>;
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\``);
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    while (closers.length) await Promise.resolve(closers.pop()?.()).catch(() => undefined);
  };
  try {
    let moto: Moto | undefined;
    if (!options.motoEndpoint) {
      moto = await startMoto();
      closers.push(moto.stop);
    }
    const motoEndpoint = options.motoEndpoint ?? moto?.endpoint ?? '';
    const gateway = await startGateway({
      motoEndpoint,
      functionAccessKeyId: FUNCTION_ACCESS_KEY_ID,
      propagationDelayMs: options.propagationDelayMs ?? 0,
    });
    closers.push(gateway.close);
    // CloudFormation moves a resource on when the function answers its event.
    const responses = await startResponseServer({ onAnswer: (body) => gateway.cloudformation.answer(body) });
    closers.push(responses.close);
    const direct: Clients = clients(motoEndpoint);
    const viaGateway: Clients = clients(gateway.endpoint);
    closers.push(
      () => destroyClients(direct),
      () => destroyClients(viaGateway),
    );
    // Every role the function creates names it, so it exists even where nothing is seeded.
    await ensureBoundaryPolicy(direct);
    return {
      motoEndpoint,
      motoVersion: moto?.version,
      gateway,
      responses,
      direct,
      viaGateway,
      seed: (seedOptions = {}) => seed(direct, { ...seedOptions, viaGateway }),
      async play(event, playOptions = {}) {
        const { id, url } = responses.newUrl();
        const sent = { ...event, ResponseURL: playOptions.responseUrl ?? url };
        // A real event only ever comes while CloudFormation holds the stack and the resource.
        if (playOptions.register !== false) gateway.cloudformation.registerEvent(sent);
        const invocation = await invokeBundle(sent, {
          env: localEnv(playOptions.endpoint ?? gateway.endpoint, playOptions.env),
          timeoutMs: playOptions.timeoutMs ?? 30_000,
        });
        const got = responses.responses(id);
        const outcome = invocation.logs.find((l) => l.message === 'outcome');
        return { event: sent, responses: got, response: got[0]?.body, invocation, outcome };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What a tool's main function gets from {@link runTool}. */
export interface ToolRun {
  /** True once Ctrl-C (or SIGTERM) arrived: stop starting work. */
  readonly stopping: boolean;
  /** Runs `close` when the tool ends, however it ends (last added, first run). */
  onCleanup(close: () => Promise<unknown>): void;
}

/**
 * Runs a tool's `main` (its exit code) with clean-up on every way out: normal end, error
 * (`Cannot start the local emulator: ...` when moto is missing), Ctrl-C and SIGTERM (exit 130),
 * and a closed output pipe (`npm start | head`: exit 1). moto never outlives the tool.
 */
export async function runTool(main: (run: ToolRun) => Promise<number>): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    while (cleanups.length)
      await cleanups
        .pop()?.()
        .catch(() => undefined);
  };
  const run = {
    stopping: false,
    onCleanup: (close: () => Promise<unknown>) => {
      cleanups.push(close);
    },
  };
  process.stdout.on('error', async () => {
    // The reader went away: stop cleanly instead of leaving moto behind.
    await stopAll();
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      run.stopping = true;
      process.stderr.write(`\n${signal}: stopping moto\n`);
      await stopAll();
      process.exit(130);
    });
  }
  try {
    process.exitCode = await main(run);
  } catch (error) {
    console.error(error instanceof MotoUnavailableError ? `Cannot start the local emulator: ${error.message}` : error);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}
