import type { FieldError, RowError } from './types';

const BASE = '/api/v1';

/** An error answer of the API, parsed from application/problem+json. */
export class DomainError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** An upload's faults by line (a problem with `error_count`), the first ones found. */
  readonly rowErrors: RowError[];
  /** How many faults the upload has in all (rowErrors may hold only the first). */
  readonly errorCount: number;
  /** The whole problem document, for extra members such as `admins`/`accounts`. */
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Record<string, unknown>) {
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const detail = str(problem.detail) || str(problem.title) || `HTTP ${status}`;
    super(detail);
    this.name = 'DomainError';
    this.status = status;
    this.code = str(problem.code);
    this.detail = detail;
    // The API says which list `errors` is: row errors come with their count, `error_count`.
    const list = Array.isArray(problem.errors) ? problem.errors : [];
    const rows = typeof problem.error_count === 'number';
    this.errors = rows ? [] : (list as FieldError[]);
    this.rowErrors = rows ? (list as RowError[]) : [];
    this.errorCount = rows ? (problem.error_count as number) : this.errors.length;
    this.problem = problem;
  }
}

interface Hooks {
  /** The session is gone (401 on an authenticated call). */
  onUnauthorized: () => void;
  /** The server refuses everything until the password is changed. */
  onPasswordChangeRequired: () => void;
}

let csrfToken: string | null = null;
let hooks: Hooks = { onUnauthorized: () => {}, onPasswordChangeRequired: () => {} };

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiHooks(h: Hooks): void {
  hooks = h;
}

export interface RequestOptions {
  /** Let the caller handle 401 itself (sign-in, the session probe). */
  allowUnauthorized?: boolean;
  query?: Record<string, string | number | undefined | null>;
  /** Send `body` (a string or a file) as it is, with this Content-Type, instead of as JSON. */
  contentType?: string;
  /** Further request headers, such as `Prefer: respond-async`. */
  headers?: Record<string, string>;
}

/** The URL of an API path with its query (empty values left out); also for download links. */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  const raw = options.contentType !== undefined;
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  const url = apiUrl(path, options.query);

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    });
  } catch {
    throw new DomainError(0, { code: 'network_error', detail: 'The server cannot be reached.' });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = new DomainError(response.status, await readProblem(response));
  if (error.status === 401 && !options.allowUnauthorized) hooks.onUnauthorized();
  if (error.status === 403 && error.code === 'password_change_required') {
    hooks.onPasswordChangeRequired();
  }
  throw error;
}

async function readProblem(response: Response): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  return { status: response.status, title: response.statusText };
}
