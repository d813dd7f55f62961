// Starts one moto for the whole run (integration files each add their own gateway in front).
import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
  return () => moto.stop();
}
