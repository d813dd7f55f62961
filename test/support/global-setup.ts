// Starts one moto for the whole run (each test file puts a gateway of its own in front of it).
import type { TestProject } from 'vitest/node';
import { startMoto } from '../../emulator/index.js';

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
