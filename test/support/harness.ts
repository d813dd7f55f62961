// The vitest adapter over local/ and emulator/: a local session on the run's one moto (started by
// global-setup.ts), per-file and per-test set-up in one call (useHarness), and the kinds of
// local/kinds.ts bound to the current world. Every integration test imports from here.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, inject } from 'vitest';
import type { ModelFinding } from '../../emulator/model/index.js';
import {
  type Clients,
  type CloudFormationResponse,
  event,
  type Invocation,
  KIND,
  KINDS,
  type Kind,
  newStackId,
  type PlayOptions,
  type Properties,
  type RequestType,
  readRole as readRoleState,
  readEventDestinations as readSesDestinations,
  rolesNamed as rolesNamedIn,
  type Session,
  type Played as SessionPlayed,
  type SmsWorld,
  startSession,
} from '../../local/index.js';
import { checkExchanges, ModelViolationError, reportNotes } from './model-check.js';

/** What tests read freely: SDK outputs, log lines, forged events. */
export type Json = any;
export type Response = CloudFormationResponse;

/** An event played, as the tests read it (the answers' bodies and the log lines read freely). */
export interface Played extends Omit<SessionPlayed, 'responses' | 'response' | 'invocation'> {
  readonly responses: readonly { body: Response; raw: string; headers: Record<string, string> }[];
  /** The first answer's body (undefined when none came: the test reading it fails). */
  readonly response: Response;
  readonly invocation: Omit<Invocation, 'logs'> & { readonly logs: Json[] };
}

export interface HarnessPlayOptions extends PlayOptions {
  /**
   * A request or stand-in answer the services' models reject that this test sends on purpose (a
   * value the service must refuse, an injected error): accepted when this says so. Any other fails the play.
   */
  readonly acceptModelViolation?: (violation: ModelFinding) => boolean;
}

export interface Harness extends Omit<Session, 'play'> {
  /**
   * Plays any event, forged ones included; registered with the CloudFormation stand-in unless told
   * not to. Every request the function sends, and every stand-in answer, is held to the services'
   * models (test/support/model-check.ts): a finding fails the play.
   */
  play(event: Json, options?: HarnessPlayOptions): Promise<Played>;
}

/** Plays in a deployment that allows takeover (AllowTakeover=true): what ReplaceExistingStream "true" needs. */
export const TAKEOVER_ALLOWED: HarnessPlayOptions = { env: { ALLOW_TAKEOVER: 'true' } };
/** Plays in a deployment with the template's default EnableEmailSendingRole=false (the local one enables it). */
export const EMAIL_SENDING_DISABLED: HarnessPlayOptions = { env: { ENABLE_EMAIL_SENDING_ROLE: 'false' } };

/** A session on the run's moto, with the tests' view of a played event. */
export async function startHarness(): Promise<Harness> {
  const session = await startSession({ motoEndpoint: inject('motoEndpoint') });
  return {
    ...session,
    async play(event, options = {}) {
      const before = session.gateway.exchanges().length;
      const played = await session.play(event, options);
      const { violations, notes } = checkExchanges(session.gateway.exchanges().slice(before));
      reportNotes(notes);
      const unexpected = violations.filter((v) => !options.acceptModelViolation?.(v));
      if (unexpected.length > 0) throw new ModelViolationError(unexpected);
      return played as unknown as Played;
    },
  };
}

/** A kind of local/kinds.ts bound to the current test's world and harness. */
export interface TestKind {
  readonly label: string;
  readonly type: string;
  readonly logicalId: string;
  /** True for the kinds that point a service resource at the role. */
  readonly hasTarget: boolean;
  props(extra?: Properties): Json;
  changed(extra?: Properties): Json;
  /** The stream / every destination of the configuration set now (undefined for a role-only kind). */
  target(): Promise<Json>;
  /** The role this resource's stream / destination uses now (undefined: none). */
  targetRole(name?: string): Promise<string | undefined>;
  /** How the function names the target in its logs and reasons. */
  targetDescription(): string;
  /** Points the target named `name` (default: the logical id's) at someone else's role; resolves with its ARN. */
  putForeignTarget(name?: string): Promise<string>;
  /** The catalog's change of `property` that replaces role and target (`other`: a second world), bound. */
  replacement(property: string, other: SmsWorld): { props: Json; targetRole(): Promise<string | undefined> };
  /** The catalog's entry. */
  readonly kind: Kind;
}

export interface TestHarness extends Harness {
  /** Seeded once for the file: its two streams are every test's. */
  readonly streams: SmsWorld;
  /** Seeded for each test (useHarness without `world: false`). */
  readonly world: SmsWorld;
  /** A fresh stack id for each test. */
  readonly stackId: string;
  readonly kinds: {
    readonly pinpoint: TestKind;
    readonly ses: TestKind;
    readonly sms: TestKind;
    readonly sendingRole: TestKind;
    readonly all: readonly TestKind[];
    readonly withTarget: readonly TestKind[];
  };
}

export interface UseHarnessOptions {
  /** Seed a world for each test (default true); false for files that use no service resource. */
  readonly world?: boolean;
  /** The stack name in each test's stack id (default `itest`). */
  readonly stackName?: string;
}

/**
 * The set-up every integration file shares: a harness for the file (closed after it), and before
 * each test a gateway and response server without faults, a fresh world and a fresh stack id.
 * Read its fields inside tests and hooks (they are set by the hooks).
 */
export function useHarness(options: UseHarnessOptions = {}): TestHarness {
  let harness: Harness | undefined;
  let streams: SmsWorld | undefined;
  let world: SmsWorld | undefined;
  let stackId = '';
  const started = () => {
    if (!harness) throw new Error('useHarness: read the harness inside a test or hook');
    return harness;
  };
  const seeded = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useHarness: no ${what} (world: false, or read outside a test)`);
    return value;
  };
  beforeAll(async () => {
    harness = await startHarness();
    if (options.world !== false) streams = await harness.seed();
  });
  afterAll(async () => harness?.close());
  beforeEach(async () => {
    const h = started();
    // No fault, delay or limit left by the last test reaches the seeding; the logs hold only this test's calls.
    h.gateway.reset();
    h.responses.resetBehaviour();
    if (streams) world = await h.seed({ streams });
    h.gateway.reset();
    stackId = newStackId(options.stackName);
  });
  const bind = (kind: Kind): TestKind => {
    const readers = () => started();
    const current = () => seeded(world, 'world');
    return {
      label: kind.label,
      type: kind.resourceType,
      logicalId: kind.logicalId,
      hasTarget: kind.target !== undefined,
      kind,
      props: (extra) => kind.props(current(), extra),
      changed: (extra) => kind.changed(current(), extra),
      target: async () => kind.target?.read(readers(), current()),
      targetRole: async (name) => kind.target?.roleOf(readers(), current(), name),
      targetDescription: () => kind.target?.describe(current()) ?? '',
      putForeignTarget: async (name) => {
        if (!kind.target) throw new Error(`${kind.label} has no target`);
        return kind.target.putForeign(readers(), current(), name);
      },
      replacement: (property, other) => {
        const change = kind.target?.replacements[property];
        if (!change) throw new Error(`${kind.label}: no replacing change of ${property} in local/kinds.ts`);
        const { props, world: where, name } = change(current(), other);
        return { props, targetRole: async () => kind.target?.roleOf(readers(), where, name) };
      },
    };
  };
  const bound = KINDS.map(bind);
  const named = (kind: Kind) => bound[KINDS.indexOf(kind)] as TestKind;
  const kinds = {
    pinpoint: named(KIND.pinpoint),
    ses: named(KIND.ses),
    sms: named(KIND.sms),
    sendingRole: named(KIND.sendingRole),
    all: bound,
    withTarget: bound.filter((k) => k.hasTarget),
  };
  return {
    kinds,
    get streams() {
      return seeded(streams, 'streams');
    },
    get world() {
      return seeded(world, 'world');
    },
    get stackId() {
      return stackId;
    },
    get motoEndpoint() {
      return started().motoEndpoint;
    },
    get motoVersion() {
      return started().motoVersion;
    },
    get gateway() {
      return started().gateway;
    },
    get responses() {
      return started().responses;
    },
    get direct() {
      return started().direct;
    },
    get viaGateway() {
      return started().viaGateway;
    },
    seed: (seedOptions) => started().seed(seedOptions),
    play: (event, playOptions) => started().play(event, playOptions),
    close: () => started().close(),
  };
}

/**
 * An event of `kind` for `stackId`: its logical id and properties against the current world, unless
 * `fields` say otherwise.
 */
export function eventFor(kind: TestKind, type: RequestType, stackId: string, fields: Json = {}): Json {
  return event(type, {
    StackId: stackId,
    ResourceType: kind.type,
    LogicalResourceId: kind.logicalId,
    ResourceProperties: kind.props(),
    ...fields,
  });
}

/**
 * An Update of `kind`'s resource whose physical id is `physicalId`, from `before` (its valid
 * properties unless given) to `after` (its changed ones unless given): the Update a stack would
 * send after a Create of `before`.
 */
export function updateOf(
  kind: TestKind,
  stackId: string,
  physicalId: string,
  after: Properties = kind.changed(),
  before: Properties = kind.props(),
): Json {
  return eventFor(kind, 'Update', stackId, {
    PhysicalResourceId: physicalId,
    ResourceProperties: after,
    OldResourceProperties: before,
  });
}

/** A stack of its own for each test: its generated role names start with its (unique) name. */
export function freshStack(region?: string, account?: string): { stackId: string; stackName: string } {
  const stackName = `t-${randomUUID().slice(0, 8)}`;
  return { stackName, stackId: newStackId(stackName, region, account) };
}

/** Every role of the account whose name starts with `prefix`, as `<path><name>`. */
export const rolesNamed = (h: Harness, prefix: string): Promise<string[]> => rolesNamedIn(h.direct, prefix);

/** The invocation finished in time; CloudFormation got exactly one answer, `status`, PUT with an empty Content-Type. */
export function expectOneAnswer(played: Played, status: 'SUCCESS' | 'FAILED'): void {
  expect(played.invocation.killed).toBe(false);
  expect(played.responses, 'responses to this event').toHaveLength(1);
  expect(played.response.Status, played.response.Reason).toBe(status);
  expect(played.responses[0]!.headers['content-type']).toBe('');
}

export const roleNameOf = (arn: string): string => arn.split('/').pop() as string;

export * from '../../local/index.js';

/** The role as IAM holds it, read freely by the tests (undefined when IAM has none). */
export const readRole = (c: Clients, name: string): Promise<Json> => readRoleState(c, name);

/** The SES configuration set's event destinations (c: through the gateway), read freely by the tests. */
export const readEventDestinations = (c: Clients, configurationSetName: string): Promise<Json[]> =>
  readSesDestinations(c, configurationSetName);
