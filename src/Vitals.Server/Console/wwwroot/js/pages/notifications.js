// A project's notification receivers: its webhooks (what each receives, whether it is on) and its Alertmanagers.
// Read-only: they are managed with the API, vitals apply or the CLI (docs/notifications.md).

import { api, query } from '../api.js';
import { h, heading } from '../ui.js';
import { pagedTable } from './paged.js';

export async function notificationsPage() {
  const [webhooks, alertmanagers] = await Promise.all([
    pagedTable({
      // "Delivery": where each webhook's outbox stands (failing, pending, ok), from the list's own answer.
      headers: ['Webhook', 'URL', 'Events', { label: 'States', class: 'col-optional' }, 'Enabled', 'Delivery'],
      caption: 'Webhooks',
      attrs: { 'data-testid': 'webhooks' },
      empty: 'No webhooks yet. Add one with POST /api/v1/webhooks or under webhooks: in a fleet file (vitals apply).',
      load: async (marker) => {
        const page = await api.get(`/api/v1/webhooks${query({ limit: 50, marker })}`);
        return { items: page.webhooks, next_marker: page.next_marker, total_count: page.total_count };
      },
      row: webhookRow,
    }),
    pagedTable({
      headers: ['Alertmanager', 'URL', 'Enabled'],
      caption: 'Alertmanagers',
      attrs: { 'data-testid': 'alertmanagers' },
      empty: 'No Alertmanagers. Add one with POST /api/v1/alertmanagers or under alertmanagers: in a fleet file.',
      load: async (marker) => {
        const page = await api.get(`/api/v1/alertmanagers${query({ limit: 50, marker })}`);
        return { items: page.alertmanagers, next_marker: page.next_marker, total_count: page.total_count };
      },
      row: (am) => h('tr', { 'data-key': am.id, 'data-alertmanager-id': am.id },
        h('td', null, am.name || am.id, am.description ? h('div', { class: 'sub' }, am.description) : null),
        h('td', null, h('code', null, am.url)),
        h('td', { 'data-testid': 'enabled' }, enabled(am.admin_state_up))),
    }),
  ]);
  // Rows here hold no link, so a table wider than a phone scrolls inside a region that must take keyboard focus itself.
  for (const [table, label] of [[webhooks, 'Webhooks'], [alertmanagers, 'Alertmanagers']]) {
    const wrap = table.element.querySelector('.table-wrap');
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', `${label} (scrolls sideways)`);
  }
  return {
    title: 'Notifications',
    element: h('section', { class: 'page' },
      heading('Notifications'),
      h('p', { class: 'muted' }, 'Where this project tells people about changes: signed webhooks and Prometheus Alertmanagers. '
        + 'A webhook secret is shown once, when it is made; here only its last characters.'),
      h('div', { class: 'card' }, h('h2', null, 'Webhooks'), webhooks.element),
      h('div', { class: 'card' }, h('h2', null, 'Alertmanagers'), alertmanagers.element)),
    refresh: () => Promise.all([webhooks.reload(), alertmanagers.reload()]).catch(() => {}),
  };
}

function webhookRow(webhook) {
  return h('tr', { 'data-key': webhook.id, 'data-webhook-id': webhook.id },
    h('td', null, webhook.name || webhook.id,
      h('div', { class: 'sub' }, webhook.description || `secret ${webhook.secret_hint}`)),
    h('td', null, h('code', null, webhook.url)),
    h('td', { 'data-testid': 'events' }, list(webhook.events, 'All events')),
    h('td', { class: 'col-optional', 'data-testid': 'states' }, list(webhook.states, 'All states')),
    h('td', { 'data-testid': 'enabled' }, enabled(webhook.admin_state_up)),
    h('td', { 'data-testid': 'delivery' }, delivery(webhook.delivery)));
}

// Failing: its first pending delivery failed and waits for a retry (the others wait behind it); pending: deliveries
// on their way; ok: nothing waiting. The last error and the next attempt say why and when.
function delivery(d) {
  if (!d) {
    return h('span', { class: 'muted' }, '—');
  }
  const last = d.last_delivered_at ? h('div', { class: 'sub' }, `last delivered ${new Date(d.last_delivered_at).toLocaleString()}`) : null;
  const dead = d.dead ? h('div', { class: 'sub', 'data-testid': 'dead' }, `${d.dead} dead (see its deliveries)`) : null;
  if (d.state === 'failing') {
    return h('span', null,
      h('span', { class: 'tag tag-bad', 'data-state': 'failing' }, 'Failing'),
      ` ${d.pending} waiting`,
      h('div', { class: 'sub', 'data-testid': 'last-error' }, `${d.last_error ?? 'failed'} (attempt ${d.attempts}`
        + (d.next_attempt_at ? `, next ${new Date(d.next_attempt_at).toLocaleTimeString()})` : ')')),
      dead, last);
  }
  if (d.state === 'pending') {
    return h('span', null, h('span', { class: 'tag tag-warn', 'data-state': 'pending' }, 'Sending'), ` ${d.pending} waiting`, dead, last);
  }
  return h('span', null, h('span', { class: 'tag tag-ok', 'data-state': 'ok' }, 'OK'), dead, last);
}

function list(items, all) {
  return items.length ? items.join(', ') : h('span', { class: 'muted' }, all);
}

function enabled(on) {
  return on ? 'Yes' : h('span', { class: 'tag' }, 'No');
}
