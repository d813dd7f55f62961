/**
 * Where the function that serves the custom resources comes from: a shared deployment of
 * template.yaml (found by its ARN, its SSM parameter or its export), or one of the stack's own.
 */
import { CfnDynamicReference, CfnDynamicReferenceService, Duration, Fn, Token } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { providerTemplate } from './assets.js';
import { DEFAULT_SERVICE_TOKEN_PARAMETER_NAME } from './contract.js';
import { type IProvider, serviceTimeoutAbove } from './i-provider.js';
import { PerStackProvider, type PerStackProviderProps } from './per-stack-provider.js';

/** What a stack needs to know about a shared deployment besides its ServiceToken. */
export interface SharedProviderOptions {
  /**
   * The deployment's FunctionTimeout parameter: each resource's ServiceTimeout is set a little above it.
   * @default template.yaml's default (300 s)
   */
  readonly functionTimeout?: Duration;
}

export interface SsmParameterProviderOptions extends SharedProviderOptions {
  /**
   * The deployment's ServiceTokenParameterName.
   * @default '/pinpoint-event-stream/service-token'
   */
  readonly parameterName?: string;
}

export interface ExportProviderOptions extends SharedProviderOptions {
  /** The name of the shared deployment's stack: its ServiceToken is exported as `<stackName>-ServiceToken`. */
  readonly stackName: string;
}

/** The suffix of the export a shared deployment publishes its ServiceToken as (template.yaml's Outputs). */
export const SERVICE_TOKEN_EXPORT_SUFFIX = '-ServiceToken';

// biome-ignore lint/complexity/noStaticOnlyClass: aws-cdk-lib's factories (lambda.Code, Duration) read the same way
export class Provider {
  /** A shared deployment, by its ServiceToken (the function's ARN). */
  static fromServiceToken(
    scope: Construct,
    id: string,
    serviceToken: string,
    options: SharedProviderOptions = {},
  ): IProvider {
    return new SharedProvider(scope, id, serviceToken, options);
  }

  /**
   * A shared deployment, by the SSM parameter it publishes its ServiceToken in, read when the
   * stack is deployed (`{{resolve:ssm:<name>}}`). Whoever may overwrite that parameter chooses the
   * function: see the README's "Protect the ServiceToken parameter".
   */
  static fromSsmParameter(scope: Construct, id: string, options: SsmParameterProviderOptions = {}): IProvider {
    const name = options.parameterName ?? DEFAULT_SERVICE_TOKEN_PARAMETER_NAME;
    const token = Token.asString(new CfnDynamicReference(CfnDynamicReferenceService.SSM, name));
    return new SharedProvider(scope, id, token, options);
  }

  /** A shared deployment, by the export of its stack (`Fn::ImportValue <stackName>-ServiceToken`). */
  static fromExport(scope: Construct, id: string, options: ExportProviderOptions): IProvider {
    return new SharedProvider(scope, id, Fn.importValue(`${options.stackName}${SERVICE_TOKEN_EXPORT_SUFFIX}`), options);
  }

  /**
   * The stack's own function, deployed with the stack from the bundled function and template.yaml
   * (PerStackProvider); one per stack, whichever construct asks first creates it.
   */
  static perStack(scope: IConstruct, props?: PerStackProviderProps): PerStackProvider {
    return PerStackProvider.getOrCreate(scope, props);
  }
}

class SharedProvider extends Construct implements IProvider {
  readonly serviceTimeout: Duration;

  constructor(
    scope: Construct,
    id: string,
    readonly serviceToken: string,
    options: SharedProviderOptions,
  ) {
    super(scope, id);
    this.serviceTimeout = serviceTimeoutAbove(options.functionTimeout ?? defaultFunctionTimeout());
  }
}

function defaultFunctionTimeout(): Duration {
  return Duration.seconds(Number(providerTemplate().Parameters?.FunctionTimeout?.Default));
}
