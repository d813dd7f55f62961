/**
 * What the call modules of the two event-destination services (aws/sesv2.ts, aws/sms-voice.ts) do
 * alike, as one suite that each of their test files runs with its own rows: the input each call
 * sends, the answers the read gives back, "absent" read as undefined (get) or done (delete), every
 * other error naming its call, and the not-found and propagation predicates. What only one service
 * does (SMS and voice's event-type and quota answers) stays in that service's file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AwsContext } from '../../../src/aws/call.js';
import { AwsCallError } from '../../../src/errors.js';
import { awsContext, type MockedClients, mockedClients } from '../account.js';
import { awsError, wrapped } from '../fixtures.js';

/** What the suite needs of a command mocked by aws-sdk-client-mock (`aws.ses.on(Command)`). */
interface Behaviour {
  resolves(answer: object): unknown;
  rejects(error: unknown): unknown;
}
/** What the suite needs of one client's mock (`aws.ses`, `aws.sms`). */
interface Stub {
  on(command: never): Behaviour;
  commandCalls(command: never): { args: [{ input: unknown }] }[];
}

/** One call of the module under test: the IAM action that names it, how to run it, its command mocked. */
export interface Call {
  readonly name: string;
  readonly run: (ctx: AwsContext) => Promise<unknown>;
  readonly on: (aws: MockedClients) => Behaviour;
  readonly sent: (aws: MockedClients) => unknown[];
}

/** The calls of the client `stub` picks: `call(name, Command, run)`. */
export function callsOn(stub: (aws: MockedClients) => Stub) {
  return (name: string, command: unknown, run: (ctx: AwsContext) => Promise<unknown>): Call => ({
    name,
    run,
    on: (aws) => stub(aws).on(command as never),
    sent: (aws) =>
      stub(aws)
        .commandCalls(command as never)
        .map((c) => c.args[0].input),
  });
}

export interface DestinationCalls {
  /** The error code the service answers when the configuration set or destination does not exist. */
  readonly notFound: string;
  /** The read of one destination, and the answers it reads (label, answer, what get returns). */
  readonly get: Call;
  readonly found: readonly (readonly [label: string, answer: object, state: object])[];
  readonly absent: readonly (readonly [label: string, answer: object])[];
  readonly create: Call;
  readonly update: Call;
  readonly remove: Call;
  /** Each call run with some values (label, call, the input it must send: exactly, nothing more). */
  readonly inputs: readonly (readonly [label: string, call: Call, input: object])[];
  readonly isNotFound: (error: unknown) => boolean;
  readonly isPropagationError: (error: unknown) => boolean;
  /** The propagation answer's error code, messages that are propagation, messages that are not, other codes. */
  readonly propagation: {
    readonly code: string;
    readonly messages: readonly string[];
    readonly others: readonly string[];
    readonly otherCodes: readonly string[];
  };
}

export function describeDestinationCalls(s: DestinationCalls): void {
  let aws: MockedClients;
  let ctx: AwsContext;
  beforeEach(() => {
    aws = mockedClients();
    ctx = awsContext(aws.clients);
  });
  const notFound = () => awsError(s.notFound, 'Configuration set not found', { status: 404 });
  const denied = () => awsError('AccessDeniedException', 'no', { status: 403 });

  describe('the calls', () => {
    it.each(s.inputs)('%s: sends exactly its input', async (_label, call, input) => {
      call.on(aws).resolves({});
      await call.run(ctx);
      expect(call.sent(aws)).toStrictEqual([input]);
    });

    it.each(s.found)('get reads %s', async (_label, answer, state) => {
      s.get.on(aws).resolves(answer);
      await expect(s.get.run(ctx)).resolves.toEqual(state);
    });

    it.each([...s.absent, [`a ${s.notFound}`, notFound()] as const])('get is undefined: %s', async (_label, answer) => {
      if (answer instanceof Error) s.get.on(aws).rejects(answer);
      else s.get.on(aws).resolves(answer);
      await expect(s.get.run(ctx)).resolves.toBeUndefined();
    });

    it('get throws other errors naming the call', async () => {
      s.get.on(aws).rejects(denied());
      await expect(s.get.run(ctx)).rejects.toThrow(new RegExp(`^${s.get.name} failed: AccessDeniedException`));
    });

    it.each([
      ['create', s.create],
      ['update', s.update],
    ])(`%s throws every error naming the call (${s.notFound} is not swallowed)`, async (_label, call) => {
      call.on(aws).rejects(notFound());
      const error = await call.run(ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsCallError);
      expect((error as AwsCallError).call).toBe(call.name);
      expect(s.isNotFound(error)).toBe(true);
    });

    it('delete treats an absent destination or set as done, not other errors', async () => {
      s.remove.on(aws).rejects(notFound());
      await expect(s.remove.run(ctx)).resolves.toBeUndefined();
      s.remove.on(aws).rejects(denied());
      await expect(s.remove.run(ctx)).rejects.toThrow(new RegExp(`^${s.remove.name} failed: AccessDeniedException`));
    });
  });

  describe('the predicates', () => {
    const { code, messages, others, otherCodes } = s.propagation;

    it(`isNotFound: a wrapped ${s.notFound} only`, () => {
      expect(s.isNotFound(wrapped(s.notFound, 'not found', { status: 404 }))).toBe(true);
      expect(s.isNotFound(wrapped(code, 'not found'))).toBe(false);
      expect(s.isNotFound(notFound())).toBe(false);
    });

    it.each(messages)(`isPropagationError: true for ${code} %j`, (message) => {
      expect(s.isPropagationError(wrapped(code, message))).toBe(true);
    });

    it.each(others)(`isPropagationError: false for another ${code}: %j`, (message) => {
      expect(s.isPropagationError(wrapped(code, message))).toBe(false);
    });

    it.each(otherCodes)('isPropagationError: false for the same messages on %s, or unwrapped', (other) => {
      for (const message of messages) {
        expect(s.isPropagationError(wrapped(other, message))).toBe(false);
        expect(s.isPropagationError(awsError(code, message))).toBe(false);
      }
      expect(s.isPropagationError(undefined)).toBe(false);
    });
  });
}
