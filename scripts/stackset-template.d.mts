// Types for scripts/stackset-template.mjs (imported by the TypeScript tests).
export declare const DEFAULT_TEMPLATE: string;
export declare const DEFAULT_OUT: string;
export declare function toStackSetTemplate(samText: string, options?: { source?: string }): string;
