// Every call the function makes, built by the real SDK client and captured signed: the model
// reads it as the right operation, gets back the SDK's input, and finds nothing wrong.
import { readdirSync, readFileSync } from 'node:fs';
import * as iam from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../emulator/model/index.js';
import { roleProperties } from '../../../src/properties.js';
import { ownershipTags } from '../../../src/roles.js';
import { CALLS, ROLE_NAME, ROLE_PATH, SCOPE, TRUST } from './calls.js';
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

describe("IAM's limits against the function's own", () => {
  /** A CreateRole as the function sends it, with `userTags` user tags and every ownership tag. */
  const createRole = (userTags: number) => {
    const raw = { Tags: Array.from({ length: userTags }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) };
    const role = roleProperties(raw);
    return new iam.CreateRoleCommand({
      RoleName: ROLE_NAME,
      Path: ROLE_PATH,
      AssumeRolePolicyDocument: TRUST,
      Tags: [...ownershipTags(SCOPE, 'f'.repeat(16)), ...role.tags],
    });
  };

  it('the most user tags the function accepts, with its five ownership tags, fit IAM (50 a role)', async () => {
    const checked = checkRequest(await capture(iam.IAMClient, createRole(45)));
    expect(checked.violations).toEqual([]);
  });

  it('one more user tag is refused by the function before IAM would refuse it', () => {
    expect(() => createRole(46)).toThrow(/^Tags: at most 45 tags$/);
  });
});
