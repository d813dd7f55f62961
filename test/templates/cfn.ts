/** Reading CloudFormation templates (YAML with short-form tags) for the template tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplate } from '../../scripts/cfn-yaml.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEMPLATE = join(ROOT, 'template.yaml');
export const EXAMPLES_DIR = join(ROOT, 'examples');

export type Json = unknown;

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly Metadata?: Record<string, Json>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Transform?: string | string[];
  readonly Description?: string;
  readonly Metadata?: Record<string, Json>;
  readonly Parameters?: Record<string, Record<string, Json>>;
  readonly Conditions?: Record<string, Json>;
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, { Value: Json; Description?: string; Export?: { Name: Json } }>;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: unknown;
  readonly Resource?: Json;
  readonly NotResource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, Json>>;
}

/** Parses a template given as text, checking it has Resources. */
export function parseCfn(text: string, source: string): Template {
  const parsed = parseTemplate(text, source);
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as { Resources?: unknown }).Resources !== 'object'
  ) {
    throw new Error(`${source}: not a CloudFormation template (no Resources)`);
  }
  return parsed as Template;
}

export function readCfn(path: string): Template {
  return parseCfn(readFileSync(path, 'utf8'), path);
}

export function exampleTemplates(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(EXAMPLES_DIR, name));
}

export function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

export function actionsOf(statement: Statement): string[] {
  return asList(statement.Action);
}

/** The string inside { 'Fn::Sub': '...' } (short form !Sub '...'), else undefined. */
export function subString(value: Json): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    if (typeof sub === 'string') return sub;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
