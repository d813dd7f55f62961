/**
 * Resolves the CloudFormation intrinsics of template.yaml for one deployment, the way
 * CloudFormation would when the stack is created: parameters (defaults, or overrides), pseudo
 * parameters, conditions, Fn::If / AWS::NoValue, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, and
 * Ref / Fn::GetAtt of the few resources whose values the template's policies use. Anything else
 * throws, naming where: a resolved value is never a guess.
 */
import { isRecord, type Json, type Template } from './cfn.js';
import { type Deployment, TEST_DEPLOYMENT } from './deployment.js';

export interface ResolveOptions {
  /** Account, Region, partition, prefix and boundary ARN (default: TEST_DEPLOYMENT). */
  readonly deployment?: Deployment;
  /** Parameter values instead of the defaults (ManagedRolePathPrefix defaults to deployment.prefix). */
  readonly parameters?: Readonly<Record<string, string | number>>;
  /** Stack name for AWS::StackName (default pinpoint-event-stream-resource). */
  readonly stackName?: string;
}

/** Marks a value removed by AWS::NoValue. */
const NO_VALUE = Symbol('AWS::NoValue');
/** The UUID part of the deployment's AWS::StackId. */
const STACK_UUID = '00000000-0000-4000-8000-000000000000';

export class Resolver {
  readonly deployment: Deployment;
  readonly parameters: Readonly<Record<string, string>>;
  readonly stackName: string;
  private readonly conditions = new Map<string, boolean>();

  constructor(
    readonly template: Template,
    options: ResolveOptions = {},
  ) {
    this.deployment = options.deployment ?? TEST_DEPLOYMENT;
    this.stackName = options.stackName ?? 'pinpoint-event-stream-resource';
    const values: Record<string, string> = {};
    for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
      if (parameter.Default !== undefined) values[name] = String(parameter.Default);
    }
    if ('ManagedRolePathPrefix' in values) values.ManagedRolePathPrefix = this.deployment.prefix;
    for (const [name, value] of Object.entries(options.parameters ?? {})) {
      if (!(name in (template.Parameters ?? {}))) throw new Error(`unknown parameter ${name}`);
      values[name] = String(value);
    }
    this.parameters = values;
  }

  /** The pseudo parameters of the deployment. */
  private pseudo(name: string): string | undefined {
    const { account, region, partition } = this.deployment;
    switch (name) {
      case 'AWS::AccountId':
        return account;
      case 'AWS::Region':
        return region;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return `arn:${partition}:cloudformation:${region}:${account}:stack/${this.stackName}/${STACK_UUID}`;
      default:
        return undefined;
    }
  }

  /** The value of a named condition of the template. */
  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`unknown condition ${name}`);
    const value = this.conditionValue(definition, `Conditions.${name}`);
    this.conditions.set(name, value);
    return value;
  }

  private conditionValue(node: Json, where: string): boolean {
    if (!isRecord(node) || Object.keys(node).length !== 1) throw new Error(`${where}: not a condition function`);
    const [fn, args] = Object.entries(node)[0] as [string, Json];
    const list = (count?: number): Json[] => {
      if (!Array.isArray(args) || (count !== undefined && args.length !== count))
        throw new Error(`${where}: ${fn} takes a list${count ? ` of ${count}` : ''}`);
      return args;
    };
    switch (fn) {
      case 'Condition':
        return this.condition(String(args));
      case 'Fn::Equals': {
        const [a, b] = list(2).map((arg, i) => this.value(arg, `${where}.${fn}[${i}]`));
        return String(a) === String(b);
      }
      case 'Fn::Not':
        return !this.conditionValue(list(1)[0] as Json, `${where}.Fn::Not`);
      case 'Fn::And':
        return list().every((arg, i) => this.conditionValue(arg, `${where}.Fn::And[${i}]`));
      case 'Fn::Or':
        return list().some((arg, i) => this.conditionValue(arg, `${where}.Fn::Or[${i}]`));
      default:
        throw new Error(`${where}: ${fn} is not a condition function`);
    }
  }

  /** Ref of a parameter, pseudo parameter or resource. */
  ref(name: string, where: string): string | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    if (name in this.parameters) return this.parameters[name] as string;
    const resource = this.template.Resources[name];
    if (resource === undefined) throw new Error(`${where}: Ref ${name}: no such parameter or resource`);
    if (resource.Condition !== undefined && !this.condition(resource.Condition)) {
      throw new Error(`${where}: Ref ${name}: the resource is not created (condition ${resource.Condition} is false)`);
    }
    switch (resource.Type) {
      // Ref returns the policy ARN. The test deployment's boundary has a known ARN.
      case 'AWS::IAM::ManagedPolicy':
        return this.deployment.boundaryArn;
      case 'AWS::Logs::LogGroup':
        return String(this.value(resource.Properties?.LogGroupName, `Resources.${name}.Properties.LogGroupName`));
      case 'AWS::Serverless::Function':
      case 'AWS::Lambda::Function':
        return String(this.value(resource.Properties?.FunctionName, `Resources.${name}.Properties.FunctionName`));
      default:
        throw new Error(`${where}: Ref ${name} (${resource.Type}) is not modelled`);
    }
  }

  /** Fn::GetAtt of the resources the template's policies use. */
  getAtt(name: string, attribute: string, where: string): string {
    const resource = this.template.Resources[name];
    if (resource === undefined) throw new Error(`${where}: GetAtt ${name}.${attribute}: no such resource`);
    const { account, region, partition } = this.deployment;
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${account}:log-group:${String(this.ref(name, where))}:*`;
      case 'AWS::IAM::ManagedPolicy.PolicyArn':
        return String(this.ref(name, where));
      case 'AWS::Serverless::Function.Arn':
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${String(this.ref(name, where))}`;
      default:
        throw new Error(`${where}: GetAtt ${name}.${attribute} (${resource.Type}) is not modelled`);
    }
  }

  private sub(text: string, variables: Record<string, Json>, where: string): string {
    return text.replace(/\$\{(!?)([^}]*)\}/g, (_whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return String(this.value(variables[name] as Json, `${where}.${name}`));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return this.getAtt(name.slice(0, dot), name.slice(dot + 1), where);
      const value = this.ref(name, where);
      if (value === NO_VALUE) throw new Error(`${where}: \${AWS::NoValue} in Fn::Sub`);
      return value;
    });
  }

  /** `node` with every intrinsic resolved; AWS::NoValue removes the key or list item holding it. */
  value(node: Json, where = 'template'): Json {
    const resolved = this.resolve(node, where);
    if (resolved === NO_VALUE) throw new Error(`${where}: resolves to AWS::NoValue`);
    return resolved;
  }

  private resolve(node: Json, where: string): Json | typeof NO_VALUE {
    if (Array.isArray(node)) {
      return node.map((item, i) => this.resolve(item as Json, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (!isRecord(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const fn = keys[0] as string;
      const args = node[fn] as Json;
      const at = `${where}.${fn}`;
      switch (fn) {
        case 'Ref':
          return this.ref(String(args), at);
        case 'Fn::GetAtt': {
          const [name, attribute] = Array.isArray(args) ? args.map(String) : String(args).split(/\.(.*)/s);
          return this.getAtt(String(name), String(attribute), at);
        }
        case 'Fn::Sub': {
          if (typeof args === 'string') return this.sub(args, {}, at);
          if (Array.isArray(args) && typeof args[0] === 'string' && isRecord(args[1]))
            return this.sub(args[0], args[1] as Record<string, Json>, at);
          throw new Error(`${at}: expected a string or [string, {variables}]`);
        }
        case 'Fn::If': {
          if (!Array.isArray(args) || args.length !== 3) throw new Error(`${at}: expected [condition, then, else]`);
          return this.resolve((this.condition(String(args[0])) ? args[1] : args[2]) as Json, at);
        }
        case 'Fn::Join': {
          if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string')
            throw new Error(`${at}: expected [delimiter, [values]]`);
          const parts = this.value(args[1] as Json, at);
          if (!Array.isArray(parts)) throw new Error(`${at}: the values are not a list`);
          return parts.map(String).join(args[0]);
        }
        case 'Fn::Select': {
          if (!Array.isArray(args) || args.length !== 2) throw new Error(`${at}: expected [index, list]`);
          const list = this.value(args[1] as Json, at);
          const index = Number(this.value(args[0] as Json, at));
          if (!Array.isArray(list) || !(index >= 0 && index < list.length))
            throw new Error(`${at}: index ${index} is out of range`);
          return list[index] as Json;
        }
        case 'Fn::Split': {
          if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string')
            throw new Error(`${at}: expected [delimiter, string]`);
          return String(this.value(args[1] as Json, at)).split(args[0]);
        }
        case 'Condition':
          return this.condition(String(args));
        default:
          if (fn.startsWith('Fn::')) throw new Error(`${at}: ${fn} is not modelled`);
      }
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      const resolved = this.resolve(value as Json, `${where}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
}
