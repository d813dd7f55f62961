export const MOTO_INSTALL_HINT: string;
export class MotoUnavailableError extends Error {}
export function checkMoto(): string;
export function freePort(): Promise<number>;
export function startMoto(options?: {
  log?: (line: string) => void;
}): Promise<{ endpoint: string; port: number; version: string; pid: number; stop(): Promise<void> }>;
