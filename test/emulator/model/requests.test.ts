// Every call the function makes, built by the real SDK client and captured signed: the model
// reads it as the right operation, gets back the SDK's input, and finds nothing wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../emulator/model/index.js';
import { CALLS } from './calls.js';
import { capture } from './capture.js';

describe("the function's calls, as the SDK sends them", () => {
  it('covers every Command src/aws/*.ts sends', () => {
    const dir = new URL('../../../src/aws/', import.meta.url);
    const sent = new Set(
      readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').match(/\b[A-Z]\w*Command\b/g) ?? []),
    );
    expect([...sent].sort()).toEqual(CALLS.map((c) => c.command).sort());
  });

  it.each(CALLS.map((c) => [c.command, c] as const))('%s: decoded as itself, no violation', async (_name, c) => {
    const command = c.make();
    const checked = checkRequest(await capture(c.client, command));
    expect(checked.violations).toEqual([]);
    expect(checked.notes).toEqual([]);
    expect(checked.call).toMatchObject({ service: c.service, operation: c.operation, input: command.input });
  });
});
