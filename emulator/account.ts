/**
 * The account the emulator stands in for: moto's default account, in the `aws` partition. Every
 * ARN moto and the stand-ins hand out carries it (local/deployment.ts re-exports it as the local
 * deployment's account).
 */
export const ACCOUNT = '123456789012';
export const PARTITION = 'aws';

/**
 * The emulator's own look-ups go straight to moto with these credentials: never counted,
 * throttled or recorded by the gateway (moto accepts any key and secret).
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'AKIAEMULATORLOCAL', secretAccessKey: 'testing' } as const;

/** arn:aws:iam::<account>:role<path><name> (path: `/` or `/a/b/`). */
export const roleArn = (path: string, name: string): string => `arn:${PARTITION}:iam::${ACCOUNT}:role${path}${name}`;

/** A role ARN's name: its last segment, whatever its path. */
export const roleNameOf = (arn: string): string => arn.split('/').pop() ?? arn;
