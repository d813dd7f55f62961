// Types for cdk/scripts/build.mjs (the CDK tests' global setup builds the package with it).
export declare function buildAssets(): void;
export declare function buildLib(): Promise<void>;
