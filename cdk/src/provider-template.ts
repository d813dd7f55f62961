/**
 * The per-stack provider's template, derived from the provider template (template.yaml without
 * its SAM transform): everything of the function, its execution role, its log group and the
 * permissions boundary, as written there, less what only a shared deployment publishes. Pure:
 * a template in, a template out; the construct (per-stack-provider.ts) includes the result.
 */
import type { ParameterJson, ResourceJson, TemplateJson } from './assets.js';

/**
 * The sections CfnInclude would merge into the user's stack, kept. Not kept: Description and
 * Metadata (the shared deployment's, e.g. its Serverless Application Repository entry) and
 * Outputs (their exports would let other stacks import this stack's own function, and lock it).
 */
const KEPT_SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Rules', 'Resources'] as const;

/** A shared deployment publishes its ServiceToken in an SSM parameter; a stack's own provider publishes nothing. */
const PUBLISHING_TYPES: readonly string[] = ['AWS::SSM::Parameter'];

export const FUNCTION_TYPE = 'AWS::Lambda::Function';

/** Keeps the function valid until the construct replaces its Code with the CDK asset. */
const CODE_PLACEHOLDER = { ZipFile: 'replaced by the CDK asset of the bundle' };

export interface PerStackTemplate {
  readonly template: TemplateJson;
  /** The logical id of the function in the template. */
  readonly functionId: string;
}

export function perStackTemplate(source: TemplateJson): PerStackTemplate {
  const resources: Record<string, ResourceJson> = Object.fromEntries(
    Object.entries(source.Resources).filter(([, resource]) => !PUBLISHING_TYPES.includes(resource.Type)),
  );
  const functions = Object.keys(resources).filter((id) => resources[id]?.Type === FUNCTION_TYPE);
  const [functionId] = functions;
  if (functionId === undefined || functions.length !== 1) {
    throw new Error(`the provider template must hold exactly one ${FUNCTION_TYPE}, found ${functions.length}`);
  }
  const fn = resources[functionId] as ResourceJson;
  resources[functionId] = { ...fn, Properties: { ...fn.Properties, Code: CODE_PLACEHOLDER } };

  const kept: Record<string, unknown> = {};
  for (const section of KEPT_SECTIONS) if (source[section] !== undefined) kept[section] = source[section];
  kept.Resources = resources;
  // The parameters nothing refers to any more (the code location, the SSM parameter's name) go too.
  const used = referencedNames({ ...kept, Parameters: undefined });
  kept.Parameters = Object.fromEntries(Object.entries(source.Parameters ?? {}).filter(([name]) => used.has(name)));
  return { template: kept as unknown as TemplateJson, functionId };
}

/** Every name a Ref or a `${...}` of an Fn::Sub refers to, anywhere in `node`. */
export function referencedNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) referencedNames(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Ref' && typeof value === 'string') into.add(value);
      const text = key === 'Fn::Sub' ? (Array.isArray(value) ? value[0] : value) : undefined;
      if (typeof text === 'string')
        for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) into.add(name as string);
      referencedNames(value, into);
    }
  }
  return into;
}

/** Marks a value AWS::NoValue removes. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * `template` with the parameters of `values` replaced by their values and gone from Parameters,
 * as CloudFormation would substitute them, and every condition they decide folded away:
 * resources of a false condition dropped, Fn::If replaced by its branch, AWS::NoValue removing
 * what holds it, an Fn::Sub left without variables a plain string. (CfnInclude substitutes
 * parameters too, but keeps such conditions and Fn::Subs, constant from then on, which linters
 * flag.) The parameters named in `references` stay, for CfnInclude to substitute with a token
 * (a Ref or an ARN of another resource: never empty, so never equal to a literal a condition
 * compares it with; a condition may not refer to a resource itself).
 */
export function withParameters(
  template: TemplateJson,
  values: Readonly<Record<string, string>>,
  references: readonly string[] = [],
): TemplateJson {
  const substitute = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(substitute);
    if (typeof node !== 'object' || node === null) return node;
    const [fn, args] = Object.entries(node)[0] ?? [];
    if (Object.keys(node).length === 1 && fn === 'Ref' && typeof args === 'string' && Object.hasOwn(values, args)) {
      return values[args];
    }
    if (Object.keys(node).length === 1 && fn === 'Fn::Sub' && typeof args === 'string') {
      const text = args.replace(/\$\{(?!!)([^}]+)\}/g, (whole, name: string) => values[name] ?? whole);
      return /\$\{(?!!)/.test(text) ? { 'Fn::Sub': text } : text.replace(/\$\{!/g, '${');
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, substitute(value)]));
  };
  const { Parameters, ...rest } = template;
  const remaining = Object.fromEntries(
    Object.entries(Parameters ?? {}).filter(([name]) => !Object.hasOwn(values, name)),
  );
  return foldConditions({ ...(substitute(rest) as TemplateJson), Parameters: remaining }, references);
}

/** Stands for a reference to another resource in a condition: unequal to every literal. */
const REFERENCE = Symbol('reference');

function foldConditions(template: TemplateJson, references: readonly string[]): TemplateJson {
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  const known = new Map<string, boolean | undefined>();
  const condition = (name: string): boolean | undefined => {
    if (!known.has(name)) known.set(name, truth(conditions[name]));
    return known.get(name);
  };
  const literal = (node: unknown): string | typeof REFERENCE | undefined => {
    if (typeof node === 'string' || typeof node === 'number') return String(node);
    const ref = (node as { Ref?: unknown } | null)?.Ref;
    return typeof ref === 'string' && references.includes(ref) ? REFERENCE : undefined;
  };
  const truth = (node: unknown): boolean | undefined => {
    const [fn, args] = Object.entries(node ?? {})[0] ?? [];
    const list = Array.isArray(args) ? args : [];
    const values = list.map(truth);
    switch (fn) {
      case 'Fn::Equals': {
        const [a, b] = list.map(literal);
        if (a === undefined || b === undefined || (a === REFERENCE && b === REFERENCE)) return undefined;
        return a === b;
      }
      case 'Fn::Not':
        return values[0] === undefined ? undefined : !values[0];
      case 'Fn::And':
        return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
      case 'Fn::Or':
        return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
      case 'Condition':
        return typeof args === 'string' ? condition(args) : undefined;
      default:
        return undefined;
    }
  };
  const fold = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fold).filter((item) => item !== NO_VALUE);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node);
    const [fn, args] = entries[0] ?? [];
    if (entries.length === 1 && fn === 'Ref' && args === 'AWS::NoValue') return NO_VALUE;
    if (entries.length === 1 && fn === 'Fn::If' && Array.isArray(args)) {
      const chosen = condition(String(args[0]));
      if (chosen !== undefined) return fold(chosen ? args[1] : args[2]);
    }
    return Object.fromEntries(
      entries.map(([key, value]) => [key, fold(value)] as const).filter(([, value]) => value !== NO_VALUE),
    );
  };

  const resources: Record<string, ResourceJson> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    const on = typeof resource.Condition === 'string' ? condition(resource.Condition) : undefined;
    if (on === false) continue;
    const { Condition, ...rest } = fold(resource) as ResourceJson;
    resources[id] = (on === undefined && Condition !== undefined ? { ...rest, Condition } : rest) as ResourceJson;
  }
  const used = referencedConditions(resources, conditions);
  const remaining = Object.entries(conditions).filter(([name]) => used.has(name));
  return {
    ...template,
    Resources: resources,
    Conditions: Object.fromEntries(remaining.map(([name, definition]) => [name, fold(definition)])),
  };
}

/** The conditions resources use (Condition, Fn::If), and those these use in turn. */
function referencedConditions(resources: unknown, conditions: Readonly<Record<string, unknown>>): Set<string> {
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        const name = key === 'Condition' ? value : key === 'Fn::If' && Array.isArray(value) ? value[0] : undefined;
        if (typeof name === 'string' && !used.has(name)) {
          used.add(name);
          visit(conditions[name]);
        }
        visit(value);
      }
    }
  };
  visit(resources);
  return used;
}

/**
 * Why `value` is not a valid value of the template parameter `definition`, checked as
 * CloudFormation checks a parameter (CfnInclude substitutes the value, so CloudFormation never
 * sees the parameter), or undefined when it is valid.
 */
export function parameterProblem(definition: ParameterJson, value: string): string | undefined {
  const shape = definition.ConstraintDescription;
  const allowed = definition.AllowedValues?.map(String);
  if (allowed !== undefined && !allowed.includes(value)) return `must be one of ${allowed.join(', ')}`;
  if (definition.AllowedPattern !== undefined && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(value)) {
    return `must be ${shape ?? `a match of ${definition.AllowedPattern}`}`;
  }
  if (definition.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return 'must be a number';
    if (definition.MinValue !== undefined && number < definition.MinValue)
      return `must be at least ${definition.MinValue}`;
    if (definition.MaxValue !== undefined && number > definition.MaxValue)
      return `must be at most ${definition.MaxValue}`;
  }
  if (definition.MinLength !== undefined && value.length < definition.MinLength) {
    return `must be at least ${definition.MinLength} characters`;
  }
  if (definition.MaxLength !== undefined && value.length > definition.MaxLength) {
    return `must be at most ${definition.MaxLength} characters`;
  }
  return undefined;
}
