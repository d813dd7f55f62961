// Types for test/support/invoke.mjs (imported by the TypeScript tests).
export declare const BUNDLE: string;
export declare function localEnv(endpoint: string, extra?: Record<string, string>): Record<string, string>;
export interface Invocation {
  code: number | null;
  killed: boolean;
  logs: any[];
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, as the caller saw it. */
  durationMs: number;
  /** Peak resident set of the invocation's process, KiB (process.resourceUsage().maxRSS); undefined if the runner never reported. */
  maxRssKiB?: number;
  /** User + system CPU time of the whole process (start-up included), ms. */
  cpuMs?: number;
  cpuUserMs?: number;
  cpuSystemMs?: number;
  /** Time to import the bundle's entry inside the process, ms. */
  importMs?: number;
  /** Time of the handler call, ms. */
  handlerMs?: number;
}
export declare function invokeBundle(
  event: unknown,
  options: { env: Record<string, string>; timeoutMs?: number },
): Promise<Invocation>;
