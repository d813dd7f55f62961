/**
 * A local stand-in for CloudFormation's pre-signed ResponseURL: records every PUT, tells the
 * CloudFormation stand-in about each answer (onAnswer), and can answer with errors or not at
 * all, to prove the handler's retries.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResponseBody } from '../src/protocol/types.js';

/** The function's answer, as CloudFormation reads it (the function's own ResponseBody). */
export type CloudFormationResponse = Readonly<ResponseBody>;

/** One PUT the server accepted. */
export interface ReceivedResponse {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  /** The parsed body (undefined when it is not JSON). */
  readonly body: CloudFormationResponse | undefined;
  /** epoch ms */
  readonly receivedAt: number;
}

/** How the next PUTs are answered: `failNext` with `failStatus`, `hangNext` never (then 200 again). */
export interface ResponseBehaviour {
  failNext: number;
  failStatus: number;
  hangNext: number;
}

export interface ResponseServer {
  readonly behaviour: ResponseBehaviour;
  /** A fresh ResponseURL, shaped like CloudFormation's (signature in the query). */
  newUrl(): { id: string; url: string };
  /** The PUTs accepted for that URL id, in order. */
  responses(id: string): readonly ReceivedResponse[];
  /** Every PUT answered normally from now on. */
  resetBehaviour(): void;
  close(): Promise<void>;
}

const parse = (raw: string): CloudFormationResponse | undefined => {
  try {
    return JSON.parse(raw) as CloudFormationResponse;
  } catch {
    return undefined;
  }
};

export async function startResponseServer({
  onAnswer = () => {},
}: {
  /** Called with every accepted answer (the session moves the CloudFormation stand-in on). */
  onAnswer?: (body: CloudFormationResponse) => void;
} = {}): Promise<ResponseServer> {
  const received = new Map<string, ReceivedResponse[]>();
  const behaviour: ResponseBehaviour = { failNext: 0, failStatus: 500, hangNext: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const id = new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '';
    if (behaviour.hangNext > 0) {
      behaviour.hangNext -= 1;
      return; // never answers
    }
    if (behaviour.failNext > 0) {
      behaviour.failNext -= 1;
      res.writeHead(behaviour.failStatus).end();
      return;
    }
    const raw = Buffer.concat(chunks).toString();
    const body = parse(raw);
    const entry: ReceivedResponse = { method: req.method, headers: req.headers, raw, body, receivedAt: Date.now() };
    received.set(id, [...(received.get(id) ?? []), entry]);
    if (body) onAnswer(body);
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    behaviour,
    newUrl() {
      const id = randomUUID();
      return {
        id,
        url: `${base}/cloudformation-response/${id}?X-Amz-Signature=secret-${id}&X-Amz-Credential=AKIAEXAMPLE`,
      };
    },
    responses: (id) => received.get(id) ?? [],
    resetBehaviour() {
      Object.assign(behaviour, { failNext: 0, failStatus: 500, hangNext: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
