// What every section of the bench runs against: one local session (moto, the gateway, the
// ResponseURL server) and two streams seeded once (moto allows 50 Firehose streams a Region).
import {
  type CloudFormationEvent,
  FUNCTION_TIMEOUT_MS,
  type Played,
  type Session,
  type Streams,
} from '../../local/index.js';

export interface BenchContext {
  readonly session: Session;
  readonly streams: Streams;
}

/** Plays one event through the bundle with the function's timeout, as CloudFormation would send it. */
export const play = (w: BenchContext, event: CloudFormationEvent, endpoint?: string): Promise<Played> =>
  w.session.play(event, { timeoutMs: FUNCTION_TIMEOUT_MS, ...(endpoint ? { endpoint } : {}) });
