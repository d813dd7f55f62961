/**
 * What the package ships besides its code, both made by `npm run build` of this package
 * (scripts/build.mjs) from the repository, never edited by hand:
 * - `assets/function/`: the function's bundle, the same files `sam build` deploys;
 * - `assets/provider.template.json`: the transform-free template scripts/stackset-template.mjs
 *   derives from template.yaml, as JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `assets/` beside `src/` and `lib/`: the same directory from the sources and from the built package. */
const ASSETS = fileURLToPath(new URL('../assets/', import.meta.url));

export const FUNCTION_CODE_DIR = join(ASSETS, 'function');
export const PROVIDER_TEMPLATE_FILE = join(ASSETS, 'provider.template.json');

/** A CloudFormation template as JSON (only the parts this package reads are typed). */
export interface TemplateJson {
  readonly Parameters?: Readonly<Record<string, ParameterJson>>;
  readonly Resources: Readonly<Record<string, ResourceJson>>;
  readonly [section: string]: unknown;
}

export interface ParameterJson {
  readonly Type: string;
  readonly Default?: string | number;
  readonly AllowedPattern?: string;
  readonly AllowedValues?: readonly (string | number)[];
  readonly MinValue?: number;
  readonly MaxValue?: number;
  readonly MinLength?: number;
  readonly MaxLength?: number;
  readonly ConstraintDescription?: string;
}

export interface ResourceJson {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly [attribute: string]: unknown;
}

let cached: TemplateJson | undefined;

/** The provider template (see above). Throws, saying how to make it, when the package was not built. */
export function providerTemplate(): TemplateJson {
  if (cached !== undefined) return cached;
  for (const file of [PROVIDER_TEMPLATE_FILE, join(FUNCTION_CODE_DIR, 'index.mjs')]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: build the package (npm run build -w pinpoint-event-stream-resource-cdk)`);
    }
  }
  cached = JSON.parse(readFileSync(PROVIDER_TEMPLATE_FILE, 'utf8')) as TemplateJson;
  return cached;
}
