// Types for test/support/invoke.mjs (imported by the TypeScript tests).
export declare const BUNDLE: string;
export declare function localEnv(endpoint: string, extra?: Record<string, string>): Record<string, string>;
export interface Invocation {
  code: number | null;
  killed: boolean;
  logs: any[];
  stdout: string;
  stderr: string;
  durationMs: number;
}
export declare function invokeBundle(event: unknown, options: { env: Record<string, string>; timeoutMs?: number }): Promise<Invocation>;
