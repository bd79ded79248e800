import { IncomingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * A local HTTP server that records every POST. Paths starting with /fail answer 500; paths in
 * `holding` get no answer until `release` (a receiver that is slow while a worker dies).
 */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  readonly holding = new Set<string>();
  private readonly held: ServerResponse[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.calls.push({ path, headers: request.headers, body: body ? JSON.parse(body) : null });
        if (this.holding.has(path)) {
          this.held.push(response);
          return;
        }
        response.statusCode = path.startsWith('/fail') ? 500 : 200;
        response.end(path.startsWith('/fail') ? 'receiver is down' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  callsTo(path: string): ReceivedCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  /** Answers every held request and stops holding. */
  release(): void {
    this.holding.clear();
    for (const response of this.held.splice(0)) response.end('ok');
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
