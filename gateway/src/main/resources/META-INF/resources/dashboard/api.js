// The gateway's API as the pages call it: every request carries the key the user gave (kept for this
// browser tab only), and every refusal becomes an ApiError holding the gateway's own error text.

const KEY_ITEM = 'cardeck.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function rememberApiKey(key) {
  sessionStorage.setItem(KEY_ITEM, key.trim());
}

export function forgetApiKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

export class ApiError extends Error {
  constructor(status, reason) {
    super(status === 0 ? reason : `the gateway answered ${status}: ${reason}`);
    this.status = status;
    this.reason = reason;
  }
}

function headers(extra) {
  const all = new Headers(extra || {});
  const key = apiKey();
  if (key) {
    all.set('Authorization', `Bearer ${key}`);
  }
  return all;
}

async function send(path, options) {
  try {
    return await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, `the gateway cannot be reached: ${e.message}`);
  }
}

/** The {"error": "..."} of a refusal, or its text as it came when it is not that JSON. */
async function refusal(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === 'string') {
      return new ApiError(response.status, body.error);
    }
  } catch (notJson) {
    // passed on as text below
  }
  return new ApiError(response.status, text || response.statusText || 'no reason given');
}

/** The JSON answer of {@code path}; a body given as a plain object is sent as JSON. */
export async function api(path, options = {}) {
  const request = { ...options, headers: headers({ Accept: 'application/json', ...(options.headers || {}) }) };
  if (options.body !== undefined && !(options.body instanceof FormData) && typeof options.body !== 'string') {
    request.body = JSON.stringify(options.body);
    request.headers.set('Content-Type', 'application/json');
  }
  const response = await send(path, request);
  if (!response.ok) {
    throw await refusal(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** The answer as text of the type {@code accept} (e.g. a model card's Markdown). */
export async function text(path, accept) {
  const response = await send(path, { headers: headers({ Accept: accept }) });
  if (!response.ok) {
    throw await refusal(response);
  }
  return response.text();
}

/** The answer as a Blob, for downloads that need the key (a plain link cannot send it). */
export async function download(path, accept) {
  const response = await send(path, { headers: headers({ Accept: accept }) });
  if (!response.ok) {
    throw await refusal(response);
  }
  return response.blob();
}

/**
 * Follows the gateway's Server-Sent Events until {@code signal} aborts or the stream ends. EventSource
 * cannot send the key as a header, and a key in the URL would reach logs, so the stream is read with
 * fetch and parsed here ({@code onOpen} once the gateway has accepted it): blocks separated by a blank line, 'event:', 'id:' and 'data:' fields, ':' comments.
 */
export async function followEvents(path, onEvent, signal, onOpen) {
  const response = await send(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) {
    throw await refusal(response);
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = parseBlock(block);
      if (event) {
        onEvent(event);
      }
    }
  }
}

function parseBlock(block) {
  let type = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      type = value;
    } else if (field === 'id') {
      id = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  return data.length === 0 ? null : { type, id, data: JSON.parse(data.join('\n')) };
}
