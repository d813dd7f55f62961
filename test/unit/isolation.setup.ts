/**
 * Setup file of vitest.unit.config.ts (the unit tests as StrykerJS runs them, `npm run test:mutation`),
 * which runs every test file in one worker, without isolation: the AWS SDK, vitest and the fixtures'
 * dependencies load once per run instead of once per file, which makes each mutant's run several
 * times shorter. Before each file this drops the modules of src/ (and the fixtures) from the module
 * registry, so that every file loads its own instances of them, as it would isolated; in particular
 * a file that loads modules afresh (fresh() in fixtures.ts) never leaves the next one holding two
 * instances of errors.ts (whose classes the code checks with instanceof).
 */
import { vi } from 'vitest';

vi.resetModules();
