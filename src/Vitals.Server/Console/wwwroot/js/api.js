// Talking to /api/v1. The project token lives in this tab's sessionStorage only and travels in the Authorization
// header, never in a URL (not even for the event stream, which is read with fetch for that reason).

const TOKEN_KEY = 'vitals.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field messages as { field: [messages] } (problem+json "errors"), or {}. */
  get fieldErrors() {
    return this.problem.errors ?? {};
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  onSignedOut: () => {},
};

function headers(token, withBody) {
  const result = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (withBody) result['Content-Type'] = 'application/json';
  return result;
}

async function send(method, path, body, token = session.token) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(token, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiError(0, { title: 'The server cannot be reached.', detail: `The server cannot be reached (${error.message}).` });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { title: text.slice(0, 200) };
  }
  if (!response.ok) {
    if (response.status === 401 && token === session.token) session.onSignedOut('Your token is no longer accepted. Sign in again.');
    throw new ApiError(response.status, data);
  }
  return data;
}

export const api = {
  get: (path) => send('GET', path),
  post: (path, body) => send('POST', path, body ?? {}),
  put: (path, body) => send('PUT', path, body),
  delete: (path) => send('DELETE', path),
  /** Checks a token without keeping it: resolves, or throws ApiError. */
  probe: (token) => send('GET', '/api/v1/loadbalancers?limit=1', undefined, token),
};

/** Builds a query string from an object, leaving out null/undefined. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The server-sent event stream (/api/v1/events), kept open and re-opened after a drop (1 s, doubling up to 15 s).
 * onEvent(type, data) gets every event; onStatus(connected) tells when the stream opens or drops; after a
 * re-connect (or a "warning" that events were dropped) onResync() asks the page to re-read what it shows.
 */
export function openEvents({ onEvent, onStatus, onResync }) {
  const controller = new AbortController();
  let retry = 1000;
  let opened = false;

  async function run() {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/api/v1/events', {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` },
          signal: controller.signal,
          cache: 'no-store',
          credentials: 'omit',
        });
        if (response.status === 401) {
          session.onSignedOut('Your token is no longer accepted. Sign in again.');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onStatus(true);
        if (opened) onResync();
        opened = true;
        retry = 1000;
        await readStream(response.body, (type, data) => {
          if (type === 'warning') onResync();
          else onEvent(type, data);
        });
      } catch (error) {
        if (controller.signal.aborted) return;
      }
      onStatus(false);
      await new Promise((resolve) => setTimeout(resolve, retry));
      retry = Math.min(retry * 2, 15000);
    }
  }

  run();
  return () => controller.abort();
}

async function readStream(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        try {
          dispatch(type, JSON.parse(data.join('\n')));
        } catch {
          // An event we cannot read is skipped; the next re-read brings the page up to date.
        }
      }
    }
  }
}
