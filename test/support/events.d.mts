// Types for test/support/events.mjs (imported by the TypeScript tests through harness.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
export declare const SERVICE_TOKEN: string;
export declare function newStackId(name?: string, region?: string): string;
export declare function event(requestType: 'Create' | 'Update' | 'Delete', fields: any): any;
