// Types for test/support/gateway.mjs (imported by the TypeScript tests).

/** A request as the gateway labels it (what `inject`'s `when` receives). */
export interface Call {
  /** IAM-action form: iam:CreateRole, mobiletargeting:PutEventStream, sms-voice:CreateEventDestination, ... */
  action: string;
  /** SigV4 credential scope of the request. */
  accessKeyId?: string;
  region: string;
  service?: string;
  form?: URLSearchParams;
  operation?: string;
  applicationId?: string;
  configurationSet?: string;
  destination?: string;
  standIn?: boolean;
  smsVoice?: boolean;
}

export type Fault = {
  when: (call: Call) => boolean;
  respond: 'hang' | { status?: number; code?: string; message?: string };
  times: number;
  hits: number;
};

/** What an IAM policy simulator needs for one of the function's calls. */
export interface AuthzRecord {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export interface StackResource {
  ResourceType: string;
  PhysicalResourceId?: string;
  ResourceStatus: string;
  LastUpdatedTimestamp: number;
}
export interface Stack {
  StackId: string;
  StackName: string;
  StackStatus: string;
  CreationTime: number;
  resources: Map<string, StackResource>;
}

export interface GatewayState {
  propagationDelayMs: number;
  roleChangedAt: Map<string, number>;
  /** SES v2: configuration set -> destination name -> destination */
  destinations: Map<string, Map<string, any>>;
  /** SMS voice: configuration set ARN -> set (EventDestinations: name -> EventDestination) */
  smsConfigurationSets: Map<
    string,
    {
      ConfigurationSetArn: string;
      ConfigurationSetName: string;
      CreatedTimestamp: number;
      Tags: any[];
      EventDestinations: Map<string, any>;
    }
  >;
  stacks: Map<string, Stack>;
  iamMutatingPerSecond: number | undefined;
  iamAdmitted: number;
  iamThrottled: number;
  iamWindow: number[];
  authz: AuthzRecord[];
  faults: Fault[];
  calls: string[];
}

export interface Gateway {
  endpoint: string;
  state: GatewayState;
  inject(when: (call: Call) => boolean, respond: Fault['respond'], times?: number): Fault;
  reset(): void;
  count(action: string): number;
  authz(): AuthzRecord[];
  cloudformation: {
    putStack(stackId: string, options?: { status?: string }): void;
    putResource(
      stackId: string,
      logicalId: string,
      resourceType: string,
      options?: { physicalId?: string; status?: string },
    ): void;
    removeResource(stackId: string, logicalId: string): void;
    removeStack(stackId: string): void;
    registerEvent(event: {
      StackId?: string;
      LogicalResourceId?: string;
      ResourceType?: string;
      RequestType?: string;
      PhysicalResourceId?: string;
    }): void;
  };
  close(): Promise<void>;
}

export declare function startGateway(options: { motoEndpoint: string; propagationDelayMs?: number }): Promise<Gateway>;
