// The studio's client for reeld's API (same origin). The session lives in
// an HttpOnly cookie; every state-changing call carries X-CSRF-Token.

let csrf = '';

/** setCSRF records the session's CSRF value. */
export function setCSRF(v) {
  csrf = v || '';
}

/** APIError is a non-2xx answer: status, message and Picovico code. */
export class APIError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function errorFrom(status, data, fallback) {
  const msg = (data && data.error && data.error.message) || fallback || `HTTP ${status}`;
  return new APIError(status, msg, data && data.status);
}

/** api calls method path with an optional JSON body and returns the JSON answer. */
export async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf;
  const opts = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) throw errorFrom(res.status, data, res.statusText);
  return data;
}

/** fetchBlob GETs path and returns the response (throws APIError on failure). */
export async function fetchBlob(path, signal) {
  const res = await fetch(path, { credentials: 'same-origin', signal });
  if (!res.ok) {
    let data = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    throw errorFrom(res.status, data, res.statusText);
  }
  return res;
}

/**
 * upload PUTs a file as the raw body (reeld sniffs the type) with upload
 * progress (fraction 0..1) and returns the JSON answer.
 */
export function upload(path, file, extraHeaders, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('PUT', path);
    x.withCredentials = true;
    x.setRequestHeader('X-CSRF-Token', csrf);
    for (const [k, v] of Object.entries(extraHeaders || {})) x.setRequestHeader(k, v);
    x.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    });
    x.addEventListener('load', () => {
      let data = null;
      try {
        data = JSON.parse(x.responseText);
      } catch {
        data = null;
      }
      if (x.status >= 200 && x.status < 300) resolve(data);
      else reject(errorFrom(x.status, data, x.statusText));
    });
    x.addEventListener('error', () => reject(new APIError(0, 'network error')));
    x.addEventListener('abort', () => reject(new APIError(0, 'upload cancelled')));
    x.send(file);
  });
}
