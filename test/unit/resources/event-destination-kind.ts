/**
 * What an event-destination kind's target adds to the shared half (resources/event-destination.ts,
 * whose rules event-destination.test.ts pins once against a fake service): which service calls it
 * wires in, with which values, and how it explains its service's errors. One suite that each kind's
 * test file runs with its rows, against the mocked account: the read, every write (absent, in place,
 * a type change) as the SDK commands it sends in order, the remove, the propagation predicate wired
 * in, and each error explained (or passed through unchanged).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import type { Target, TargetState } from '../../../src/resources/kind.js';
import { awsContext, type MockedClients, mockedClients } from '../account.js';

type Raw = Record<string, unknown>;
interface Behaviour {
  resolves(answer: object): unknown;
}
/** What the suite needs of the kind's client mock (`aws.ses`, `aws.sms`). */
interface Stub {
  on(command: never): Behaviour;
  onAnyCommand(): Behaviour;
  calls(): { args: [object] }[];
}
/** The role every write attempt is given (the new role, after IAM). */
export const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';

/** An SDK command as the suite compares it: its name without `Command`, and its input. */
export type Sent = readonly [command: string, input: object];

export interface KindTargetRows {
  /** The kind's target for its usual properties with `raw` over them. */
  readonly target: (raw?: Raw) => Target;
  readonly client: (aws: MockedClients) => Stub;
  /** The read: its command, what the service answers (the destination among others), what read returns. */
  readonly read: { readonly command: unknown; readonly answer: object; readonly state: object; readonly sent: Sent };
  /** label, properties, the destination as read (undefined: absent), the write's call, the commands sent in order. */
  readonly writes: readonly (readonly [
    label: string,
    raw: Raw,
    current: TargetState | undefined,
    call: string,
    sent: readonly Sent[],
  ])[];
  readonly remove: Sent;
  /** The service's propagation answer, and one of its answers that is not, both as awsCall throws them. */
  readonly propagation: readonly [yes: unknown, no: unknown];
  /** label, error, and the ValidationError it becomes ("Property: reason"), or undefined: passed through unchanged. */
  readonly explains: readonly (readonly [label: string, error: () => unknown, reason: string | undefined])[];
}

export function describeKindTarget(k: KindTargetRows): void {
  let aws: MockedClients;
  beforeEach(() => {
    aws = mockedClients();
    k.client(aws).onAnyCommand().resolves({});
  });
  const ctx = () => awsContext(aws.clients);
  const sent = () =>
    k
      .client(aws)
      .calls()
      .map((c) => [c.args[0].constructor.name.replace(/Command$/, ''), (c.args[0] as { input: object }).input]);

  describe('target', () => {
    it('read: the destination of this name, with what the lifecycle needs of it', async () => {
      k.client(aws)
        .on(k.read.command as never)
        .resolves(k.read.answer);
      await expect(k.target().read(ctx())).resolves.toEqual(k.read.state);
      expect(sent()).toStrictEqual([k.read.sent]);
    });

    it.each(k.writes)('write, %s', async (_label, raw, current, call, commands) => {
      const write = k.target(raw).write(current);
      expect(write.call).toBe(call);
      await write.attempt(ctx(), ROLE);
      expect(sent()).toStrictEqual(commands);
    });

    it('remove: deletes this set and name', async () => {
      await expect(k.target().remove(ctx())).resolves.toBeUndefined();
      expect(sent()).toStrictEqual([k.remove]);
    });

    // Which answers are propagation is the service's call module's (aws/*.test.ts); the kind wires it in.
    it("isPropagationError: the service's propagation answer, and nothing else", () => {
      const [yes, no] = k.propagation;
      expect(k.target().isPropagationError(yes)).toBe(true);
      expect(k.target().isPropagationError(no)).toBe(false);
    });

    it.each(k.explains)('explain: %s', (_label, make, reason) => {
      const error = make();
      const explained = k.target().explain(error);
      if (reason === undefined) {
        expect(explained).toBe(error);
        return;
      }
      expect(explained).toBeInstanceOf(ValidationError);
      expect((explained as ValidationError).property).toBe(reason.slice(0, reason.indexOf(': ')));
      expect((explained as Error).message).toBe(reason);
    });
  });
}
