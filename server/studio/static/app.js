// reel studio: routing, sign-in and the account bar.
import { api, setCSRF, APIError } from './api.js';
import { h, field, toast } from './dom.js';
import { listView } from './list.js';
import { editorView } from './editor.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

// session is the signed-in user, or null.
let session = null;
// signupOpen says the server lets people create their own accounts.
let signupOpen = false;
// view is the current view's controller; stop() ends its timers.
let view = null;

function stopView() {
  if (view && view.stop) view.stop();
  view = null;
}

/** show replaces the main content and moves focus to its heading. */
function show(title, ...nodes) {
  main.replaceChildren(...nodes);
  document.title = `${title} · reel studio`;
  const hd = main.querySelector('h1');
  if (hd) {
    hd.tabIndex = -1;
    hd.focus({ preventScroll: false });
  }
}

function renderNav() {
  nav.replaceChildren();
  if (!session) return;
  nav.append(
    h('span', { class: 'who', text: `Signed in as ${session.user.name || session.username}` }),
    h('button', { type: 'button', class: 'btn secondary', id: 'signout', onclick: signOut, text: 'Sign out' }),
  );
}

async function signOut() {
  try {
    await api('DELETE', '/studio/session');
  } catch (e) {
    toast(`Sign out failed: ${e.message}`);
    return;
  }
  session = null;
  setCSRF('');
  renderNav();
  location.hash = '#/';
  signInView();
}

function signInView() {
  stopView();
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const err = h('p', { class: 'error', role: 'alert' });
  const btn = h('button', { type: 'submit', class: 'btn', text: 'Sign in' });
  const form = h('form', { class: 'card narrow', id: 'signin', novalidate: true },
    field('Username', user), field('Password', pass), err, btn,
    h('p', { class: 'muted', id: 'signin-help', text: signupOpen
      ? 'No account yet? Create one below.'
      : 'No account yet? The person who runs this reel server makes one with: reeld user add --username NAME --password PASS' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    if (!user.value || !pass.value) {
      err.textContent = 'Enter your username and password.';
      return;
    }
    btn.disabled = true;
    try {
      const s = await api('POST', '/studio/session', { username: user.value, password: pass.value });
      session = s;
      setCSRF(s.csrf_token);
      renderNav();
      route();
    } catch (ex) {
      err.textContent = ex instanceof APIError && ex.status === 401 ? 'Wrong username or password.' : `Sign-in failed: ${ex.message}`;
      pass.select();
    } finally {
      btn.disabled = false;
    }
  });
  show('Sign in', h('h1', { text: 'Sign in to reel studio' }),
    h('p', { text: 'Make videos from your photos, music and words.' }), form, signupOpen ? signUpForm() : null);
  user.focus();
}

/** signUpForm lets a person create their own account (reeld --signup). */
function signUpForm() {
  const user = h('input', { type: 'text', name: 'new-username', autocomplete: 'username', required: true, id: 'signup-username',
    autocapitalize: 'none', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', id: 'signup-name' });
  const pass = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, id: 'signup-password', minlength: 8 });
  const err = h('p', { class: 'error', role: 'alert' });
  const btn = h('button', { type: 'submit', class: 'btn', text: 'Create account' });
  const form = h('form', { class: 'card narrow', id: 'signup', novalidate: true }, h('h2', { text: 'Create an account' }),
    field('Username (3 to 40 lower-case letters, digits, dots, dashes)', user), field('Your name (optional)', name),
    field('Password (at least 8 characters)', pass), err, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    btn.disabled = true;
    try {
      const s = await api('POST', '/studio/signup', { username: user.value.trim().toLowerCase(), password: pass.value, name: name.value.trim() });
      session = s;
      setCSRF(s.csrf_token);
      renderNav();
      route();
    } catch (ex) {
      err.textContent = `Could not create the account: ${ex.message}`;
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

/** onAuthError sends the person back to sign-in when the session ended. */
function onAuthError(e) {
  if (e instanceof APIError && e.status === 401) {
    session = null;
    renderNav();
    signInView();
    return true;
  }
  return false;
}

const ctx = { show, onAuthError, go: (hash) => { location.hash = hash; } };

function route() {
  stopView();
  if (!session) {
    signInView();
    return;
  }
  const m = location.hash.match(/^#\/v\/([A-Za-z0-9_-]+)$/);
  if (m) view = editorView(main, ctx, m[1]);
  else view = listView(main, ctx);
}

window.addEventListener('hashchange', route);

async function start() {
  try {
    const s = await api('GET', '/studio/session');
    signupOpen = !!s.signup;
    if (s.signed_in) {
      session = s;
      setCSRF(s.csrf_token);
    }
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error', role: 'alert', text: `Cannot reach the server: ${e.message}` }));
    return;
  }
  renderNav();
  route();
}

start();
