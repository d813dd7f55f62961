/**
 * Every request the built bundle sends during a played event, held to the service's official
 * model (emulator/model: botocore's JSON models), and every answer the emulator's stand-ins (and
 * faults the tests inject) give, held to the operation's declared output and errors. The harness
 * runs this after each play: a finding fails the test that played the event, naming service,
 * operation, member and rule. Values where the SDK's enum is newer than botocore's are accepted
 * and reported (notes).
 */
import type { Exchange } from '../../emulator/gateway.js';
import { checkRequest, checkResponse, type ModelFinding, type ModelNote } from '../../emulator/model/index.js';

export interface ModelCheck {
  readonly violations: readonly ModelFinding[];
  readonly notes: readonly ModelNote[];
}

/** Findings of the function's exchanges (requests always; answers given by a stand-in or a fault). */
export function checkExchanges(exchanges: readonly Exchange[]): ModelCheck {
  const violations: ModelFinding[] = [];
  const notes: ModelNote[] = [];
  for (const exchange of exchanges.filter((e) => e.fromFunction)) {
    const checked = checkRequest(exchange.request, exchange.service);
    violations.push(...checked.violations);
    notes.push(...checked.notes);
    const { answer } = exchange;
    if (checked.call && answer && (exchange.answeredBy === 'stand-in' || exchange.answeredBy === 'fault')) {
      const found = checkResponse(checked.call, answer);
      violations.push(
        ...found.violations.map((v) => ({ ...v, message: `answer of the ${exchange.answeredBy}: ${v.message}` })),
      );
    }
  }
  return { violations, notes };
}

const reported = new Set<string>();

/** Reports each SDK-newer-than-botocore value once per run (they are accepted, not violations). */
export function reportNotes(notes: readonly ModelNote[]): void {
  for (const note of notes) {
    if (reported.has(note.message)) continue;
    reported.add(note.message);
    process.stderr.write(`model note (accepted): ${note.message}\n`);
  }
}

/** Thrown by a play whose requests or stand-in answers the services' models reject. */
export class ModelViolationError extends Error {
  override readonly name = 'ModelViolationError';
  constructor(violations: readonly ModelFinding[]) {
    super(
      `${violations.length} request(s) or answer(s) the services' models reject:\n` +
        violations.map((v) => `  ${v.message}`).join('\n'),
    );
  }
}
