// Types for scripts/cfn-yaml.mjs (imported by the TypeScript tests).
import type { Document, Node, Tags } from 'yaml';

export declare const INTRINSICS: Readonly<Record<string, string>>;
export declare const cfnTags: Tags;
export declare function parseCfnDocument(text: string, source?: string): Document.Parsed;
export declare function parseTemplate(text: string, source?: string): unknown;
export declare function toLongForm(node: Node | null | undefined, doc: Document): unknown;
