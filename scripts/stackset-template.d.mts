// Types for scripts/stackset-template.mjs (imported by the TypeScript tests).
export declare const DEFAULT_TEMPLATE: string;
export declare const DEFAULT_OUT: string;
/** The parameters the StackSet template adds: CodeBucketPrefix, CodeS3Key, CodeS3ObjectVersion. */
export declare const CODE_PARAMETERS: readonly string[];
export declare function toStackSetTemplate(samText: string, options?: { source?: string }): string;
