// Types for test/support/deployment.mjs (imported by the TypeScript tests). Plain `string`,
// not literal types, so defaults built from them (`region = REGION`) accept other values.
/** '123456789012' */
export declare const ACCOUNT: string;
/** 'us-east-1' */
export declare const REGION: string;
/** 'aws' */
export declare const PARTITION: string;
/** 'pinpoint-event-stream' */
export declare const MANAGED_PATH_PREFIX: string;
/** 'pinpoint-event-stream-role-boundary' */
export declare const BOUNDARY_POLICY_NAME: string;
/** 'arn:aws:iam::123456789012:policy/pinpoint-event-stream-role-boundary' */
export declare const BOUNDARY_ARN: string;
/** 'AKIAFUNCTIONLOCAL': the bundle's calls */
export declare const FUNCTION_ACCESS_KEY_ID: string;
/** 'AKIASEEDLOCAL': the tests' own seeding and read-back */
export declare const SEED_ACCESS_KEY_ID: string;
export declare const SECRET_ACCESS_KEY: string;
