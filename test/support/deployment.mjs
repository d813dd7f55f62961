// The local deployment's facts, in one place: what a real deployment would get from its
// account, its Region and the template's parameters. Tests, `npm start`, the bench and the
// template tests all read them from here, so the function's environment (invoke.mjs), the
// seeded state (seed.mjs) and the gateway's answers (gateway.mjs) cannot drift apart.

/** moto's default account: every ARN the emulator hands out carries it. */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

/** MANAGED_ROLE_PATH_PREFIX: roles the function creates live under /<prefix>/<region>/. */
export const MANAGED_PATH_PREFIX = 'pinpoint-event-stream';

/** The permissions boundary every created role carries (ROLE_PERMISSIONS_BOUNDARY_ARN). */
export const BOUNDARY_POLICY_NAME = 'pinpoint-event-stream-role-boundary';
export const BOUNDARY_ARN = `arn:${PARTITION}:iam::${ACCOUNT}:policy/${BOUNDARY_POLICY_NAME}`;

// Two identities, told apart by the gateway from the SigV4 `Credential=<key id>/...`: calls
// signed with the function's key are the bundle's (recorded for authorization checks),
// calls signed with the seed key are the tests' own set-up and read-back.
export const FUNCTION_ACCESS_KEY_ID = 'AKIAFUNCTIONLOCAL';
export const SEED_ACCESS_KEY_ID = 'AKIASEEDLOCAL';
/** moto and the gateway accept any secret; one for both keys keeps signatures valid. */
export const SECRET_ACCESS_KEY = 'testing';
