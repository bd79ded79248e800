export interface ApiResponse<T = any> {
  status: number;
  contentType: string | null;
  body: T;
}

/** A small JSON client for the API under test. */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.send(method, path, body === undefined ? undefined : JSON.stringify(body));
  }

  /** Sends `rawBody` as is, for malformed or oversized bodies. */
  async send<T = any>(method: string, path: string, rawBody?: string): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: rawBody === undefined ? {} : { 'content-type': 'application/json' },
      body: rawBody,
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }

  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }

  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
