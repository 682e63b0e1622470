// The console shell: sign-in, the router (hash routes, so no URL ever carries a token or needs server routes), the
// live event stream, and the life cycle of the page on screen.

import { api, openEvents, session, ApiError } from './api.js';
import { h, fill, heading, notice, tickDurations } from './ui.js';
import { overviewPage } from './pages/overview.js';
import { loadBalancersPage, loadBalancerPage, listenerPage } from './pages/topology.js';
import { poolPage } from './pages/pool.js';
import { memberPage } from './pages/member.js';
import { monitorFormPage } from './pages/monitor-form.js';
import { instancesPage, instancePage } from './pages/instances.js';
import { notificationsPage } from './pages/notifications.js';

const routes = [
  [/^\/overview$/, overviewPage, 'overview'],
  [/^\/loadbalancers$/, loadBalancersPage, 'loadbalancers'],
  [/^\/loadbalancers\/([\w-]+)$/, loadBalancerPage, 'loadbalancers'],
  [/^\/listeners\/([\w-]+)$/, listenerPage, 'loadbalancers'],
  [/^\/pools\/([\w-]+)$/, poolPage, 'loadbalancers'],
  [/^\/pools\/([\w-]+)\/monitor$/, monitorFormPage, 'loadbalancers'],
  [/^\/members\/([\w-]+)$/, memberPage, 'loadbalancers'],
  [/^\/instances$/, instancesPage, 'instances'],
  [/^\/instances\/([\w-]+)$/, instancePage, 'instances'],
  [/^\/notifications$/, notificationsPage, 'notifications'],
];

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const sessionBar = document.getElementById('session');
const live = sessionBar.querySelector('[data-testid=live]');

let current = null;        // the page on screen: { onEvent?, refresh?, dispose? }
let closeEvents = null;
let renderCount = 0;

function setLive(connected) {
  live.dataset.live = String(connected);
  live.querySelector('.live-text').textContent = connected ? 'Live' : 'Reconnecting…';
  live.title = connected ? 'Changes appear as they happen' : 'The event stream dropped; retrying';
}

function signOut(message) {
  session.token = null;
  closeEvents?.();
  closeEvents = null;
  showSignIn(message);
}

session.onSignedOut = signOut;

function showSignIn(message) {
  current?.dispose?.();
  current = null;
  nav.hidden = true;
  sessionBar.hidden = true;
  document.title = 'Sign in · Vitals';
  const alert = h('p', { role: 'alert', class: 'form-alert' }, message ?? '');
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'token-help',
  });
  const form = h('form', { id: 'signin', class: 'card signin', novalidate: true },
    heading('Sign in'),
    h('p', { id: 'token-help', class: 'muted' },
      'Paste a project token (it starts with vt_). It is kept in this browser tab only and is forgotten when the tab closes.'),
    h('label', { for: 'token' }, 'Project token'),
    input,
    alert,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      alert.textContent = 'Enter a project token.';
      input.focus();
      return;
    }
    form.querySelector('button').disabled = true;
    alert.textContent = '';
    try {
      await api.probe(token);
      session.token = token;
      input.value = '';
      startSession();
    } catch (error) {
      alert.textContent = signInMessage(error);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } finally {
      form.querySelector('button').disabled = false;
    }
  });
  fill(view, form);
  input.focus();
}

function signInMessage(error) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 401) return 'This token is not accepted: check that it is a project token of this server.';
  if (error.status === 403) return 'This is the admin token. Sign in with a project token (the admin creates them with POST /api/v1/projects).';
  return error.message;
}

function startSession() {
  nav.hidden = false;
  sessionBar.hidden = false;
  setLive(false);
  closeEvents?.();
  closeEvents = openEvents({
    onEvent: (type, data) => current?.onEvent?.(type, data),
    onStatus: setLive,
    onResync: () => current?.refresh?.(),
  });
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace('#/overview');
  }
  route();
}

async function route() {
  if (!session.token) return;
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/overview';
  const match = routes.map(([pattern, page, section]) => [pattern.exec(path), page, section]).find(([m]) => m);
  current?.dispose?.();
  current = null;
  const ticket = ++renderCount;
  for (const link of nav.querySelectorAll('a')) {
    if (match && link.dataset.section === match[2]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!match) {
    fill(view, heading('Not found'), notice('There is no such page.'), h('p', null, h('a', { href: '#/overview' }, 'Go to the overview')));
    return;
  }
  view.setAttribute('aria-busy', 'true');
  try {
    const page = await match[1](...match[0].slice(1));
    if (ticket !== renderCount) {
      page.dispose?.();
      return;
    }
    current = page;
    fill(view, page.element);
    document.title = `${page.title ?? 'Vitals'} · Vitals`;
  } catch (error) {
    if (ticket !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return;
    fill(view, heading(error instanceof ApiError && error.status === 404 ? 'Not found' : 'Something went wrong'),
      notice(error.message, 'bad'), h('p', null, h('a', { href: '#/overview' }, 'Go to the overview')));
  } finally {
    if (ticket === renderCount) view.removeAttribute('aria-busy');
  }
  if (ticket === renderCount) {
    // Move focus to the new page's heading so keyboard and screen-reader users start at the top of it.
    (view.querySelector('h1') ?? view).focus({ preventScroll: false });
  }
}

window.addEventListener('hashchange', route);
document.getElementById('signout').addEventListener('click', () => signOut('Signed out.'));
setInterval(() => tickDurations(view), 5000);

if (session.token) startSession();
else showSignIn();
