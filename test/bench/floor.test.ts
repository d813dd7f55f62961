// The cold-start floor (scripts/bench/floor.ts) is generated from src/'s own SDK imports: it must
// hold every SDK client package the function depends on, each with its client class and only
// value imports, and make a module that constructs exactly those clients.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { floorModule, sdkImports } from '../../scripts/bench/floor.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
    .dependencies,
).filter((name) => name.startsWith('@aws-sdk/client-'));

describe('sdkImports', () => {
  it('finds each SDK client package the function depends on in src/, with its client class and commands', () => {
    const imports = sdkImports(join(ROOT, 'src'));
    expect([...imports.keys()].sort()).toEqual(dependencies.sort());
    for (const [pkg, names] of imports) {
      expect(
        names.filter((n) => n.endsWith('Client')),
        pkg,
      ).toHaveLength(1);
      expect(
        names.some((n) => n.endsWith('Command')),
        pkg,
      ).toBe(true);
    }
  });

  it('leaves type-only imports out and takes the imported name of an alias', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'floor-test-'));
    try {
      writeFileSync(
        join(dir, 'a.ts'),
        "import type { Shape } from '@aws-sdk/client-x';\n" +
          "import {\n  XClient,\n  type Other,\n  GoCommand as Go,\n} from '@aws-sdk/client-x';\n",
      );
      expect(sdkImports(dir)).toEqual(new Map([['@aws-sdk/client-x', ['GoCommand', 'XClient']]]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('floorModule', () => {
  const imports = new Map([['@aws-sdk/client-x', ['GoCommand', 'XClient']]]);

  it('imports the names, keeps them all and constructs each client class', () => {
    expect(floorModule(['@aws-sdk/client-x'], imports)).toBe(
      "import { GoCommand, XClient } from '@aws-sdk/client-x';\n" +
        'export const imported = [GoCommand, XClient];\n' +
        'export const construct = (config) => [new XClient(config)];\n',
    );
  });

  it('is empty for a kind that adds no client, and refuses a package src/ does not import', () => {
    expect(floorModule([], imports)).toContain('export const construct = (config) => [];');
    expect(() => floorModule(['@aws-sdk/client-y'], imports)).toThrow(/@aws-sdk\/client-y/);
  });
});
