// The one catalog of kinds (local/kinds.ts) matches what it names elsewhere: the function's
// supported resource types, its modules in src/resources/, and the event templates in events/.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KIND, KINDS, KINDS_WITH_TARGET } from '../../local/index.js';
import { SUPPORTED_RESOURCE_TYPES } from '../../src/names.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the kinds catalog', () => {
  it('names supported resource types and modules of src/resources/, one logical id and events/ prefix each', () => {
    for (const kind of KINDS) {
      expect(SUPPORTED_RESOURCE_TYPES).toContain(kind.resourceType);
      expect(existsSync(`${ROOT}src/resources/${kind.module}.ts`), kind.module).toBe(true);
    }
    for (const field of ['logicalId', 'eventsPrefix', 'module', 'label'] as const)
      expect(new Set(KINDS.map((k) => k[field])).size, field).toBe(KINDS.length);
    expect(KINDS_WITH_TARGET).toEqual([KIND.pinpoint, KIND.ses, KIND.sms]);
  });

  it('events/ holds a create, an update and a delete for every kind, and nothing else', () => {
    const expected = KINDS.flatMap((k) =>
      ['create', 'update', 'delete'].map((step) => `${k.eventsPrefix}-${step}.json`),
    );
    expect(readdirSync(`${ROOT}events`).sort()).toEqual(expected.sort());
  });
});
