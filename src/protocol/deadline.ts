/**
 * Races the work against the time CloudFormation must be answered by. When the
 * deadline comes first the work is aborted (every AWS call and sleep listens to the
 * signal) and `onDeadline` decides the answer, so the stack never waits an hour.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  deadline: number,
  onDeadline: () => T,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(
      () => {
        controller.abort(new Error('deadline reached'));
        resolve(onDeadline());
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  const running = (async () => work(controller.signal))(); // a synchronous throw becomes a rejection
  running.catch(() => undefined); // a late rejection after the deadline is not an unhandled one
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
    controller.abort(new Error('request finished'));
  }
}

/**
 * Time kept back from the work for sending the response: 10% of the time left,
 * at least 2 s and at most 20 s, and never more than half of it.
 */
export function responseReserve(remainingMs: number): number {
  return Math.min(Math.max(2000, Math.min(20_000, remainingMs * 0.1)), remainingMs / 2);
}
