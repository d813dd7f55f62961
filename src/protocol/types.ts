/** The CloudFormation custom-resource request, as it arrives (nothing in it is trusted yet). */
export type RequestType = 'Create' | 'Update' | 'Delete';

export interface CloudFormationEvent {
  readonly RequestType: RequestType;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
  readonly ServiceToken?: string;
}

/** The part of the Lambda context we use. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  readonly logStreamName?: string;
  readonly logGroupName?: string;
  readonly awsRequestId?: string;
  readonly invokedFunctionArn?: string;
}

export type Data = Readonly<Record<string, string>>;

export interface Outcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId: string;
  readonly reason?: string;
  readonly data?: Data;
}

/** The JSON document PUT to the ResponseURL. */
export interface ResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  NoEcho: boolean;
  Data: Data;
}
