/**
 * The local deployment's facts, in one place: what a real deployment would get from its
 * account, its Region and the template's parameters. The function's environment (invoke.ts),
 * the seeded account (seed.ts), the gateway (session.ts), the tests, `npm start` and the bench
 * all read them from here.
 */
import { ACCOUNT, PARTITION } from '../emulator/index.js';
import { DEFAULT_MANAGED_PATH_PREFIX } from '../src/names.js';

/** moto's account and partition: every ARN the emulator hands out carries them. */
export { ACCOUNT, PARTITION };
export const REGION = 'us-east-1';

/** MANAGED_ROLE_PATH_PREFIX: roles the function creates live under /<prefix>/<region>/. */
export const MANAGED_PATH_PREFIX: string = DEFAULT_MANAGED_PATH_PREFIX;

/** The permissions boundary every created role carries (ROLE_PERMISSIONS_BOUNDARY_ARN). */
export const BOUNDARY_POLICY_NAME = 'pinpoint-event-stream-role-boundary';
export const BOUNDARY_ARN = `arn:${PARTITION}:iam::${ACCOUNT}:policy/${BOUNDARY_POLICY_NAME}`;

// Two identities, told apart by the gateway from the SigV4 `Credential=<key id>/...`: calls
// signed with the function's key are the bundle's (recorded for authorization checks),
// calls signed with the seed key are the tests' and tools' own set-up and read-back.
export const FUNCTION_ACCESS_KEY_ID = 'AKIAFUNCTIONLOCAL';
export const SEED_ACCESS_KEY_ID = 'AKIASEEDLOCAL';
/** moto and the gateway accept any secret; one for both keys keeps signatures valid. */
export const SECRET_ACCESS_KEY = 'testing';

/**
 * DEPLOYMENT_ID: the deployment's stack name, tagged on every role it creates. The same name the
 * template tests resolve AWS::StackName to, so the execution role they simulate is this one's.
 */
export const DEPLOYMENT_ID = 'pinpoint-event-stream-resource';

/**
 * The opt-ins (template.yaml: AllowTakeover, EnableEmailSendingRole). Takeover stays off, as a
 * deployment's default; the retired email sending role is enabled so that events/ can show it.
 * Tests of the defaults set ENABLE_EMAIL_SENDING_ROLE=false themselves.
 */
export const ALLOW_TAKEOVER = false;
export const ENABLE_EMAIL_SENDING_ROLE = true;

/** The function's timeout (template.yaml's default FunctionTimeout), for the local run and the bench. */
export const FUNCTION_TIMEOUT_MS = 300_000;
