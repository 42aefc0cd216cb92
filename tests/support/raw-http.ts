import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request sent exactly as written: the path is not normalised (fetch would resolve
 * `..`), and the Host header is whatever the test says (`host: null` sends none at all).
 */
export function rawRequest(
  port: number,
  urlPath: string,
  options: { method?: string; headers?: Record<string, string>; host?: string | null } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (typeof options.host === 'string') headers.Host = options.host;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: urlPath, method: options.method ?? 'GET', headers, setHost: options.host !== null },
      (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
