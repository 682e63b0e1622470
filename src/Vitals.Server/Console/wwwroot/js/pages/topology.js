// Load balancer → listener → server group navigation.

import { api, query } from '../api.js';
import { h, heading, crumbs, definitions, emptyRow, countSummary, dash, when, since, notice, coalesce, fill, replaceRows } from '../ui.js';
import { pagedTable } from './paged.js';
import { attentionTable, attentionRow } from './shared.js';

export async function loadBalancersPage() {
  const list = await pagedTable({
    headers: ['Name', 'Region', { label: 'Description', class: 'col-optional' }, { label: 'Created', class: 'col-optional' }],
    caption: 'Load balancers',
    attrs: { 'data-testid': 'loadbalancers' },
    empty: 'No load balancers yet. Create one with the API (POST /api/v1/loadbalancers) or vitals apply -f.',
    load: async (marker) => {
      const page = await api.get(`/api/v1/loadbalancers${query({ limit: 50, marker })}`);
      return { items: page.loadbalancers, next_marker: page.next_marker, total_count: page.total_count };
    },
    row: (lb) => h('tr', { 'data-key': lb.id },
      h('td', null, h('a', { href: `#/loadbalancers/${lb.id}` }, lb.name || lb.id)),
      h('td', null, lb.region),
      h('td', { class: 'col-optional' }, dash(lb.description)),
      h('td', { class: 'col-optional' }, when(lb.created_at))),
  });
  return {
    title: 'Load balancers',
    element: h('section', { class: 'page' }, heading('Load balancers'), list.element),
  };
}

export async function loadBalancerPage(id) {
  const lb = await api.get(`/api/v1/loadbalancers/${id}`);
  const [listeners, pools] = await Promise.all([
    api.get(`/api/v1/listeners${query({ loadbalancer_id: id, limit: 1000 })}`),
    api.get(`/api/v1/pools${query({ loadbalancer_id: id, limit: 1000 })}`),
  ]);
  const bindingBody = h('tbody');
  const bindingArea = h('div', { hidden: true }, h('h2', null, 'HAProxy'),
    h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'haproxy-bindings' },
      h('thead', null, h('tr', null, ['Binding', 'Runtime API', 'Sync', 'Confirmed', 'Lag p50 / p99', 'Error'].map((label) => h('th', { scope: 'col' }, label)))),
      bindingBody)));
  const poolNames = new Map(pools.pools.map((pool) => [pool.id, pool.name || pool.id]));
  const listenerBody = h('tbody');
  const poolBody = h('tbody');

  async function show() {
    const [listenerHealth, poolHealth, bindings] = await Promise.all([
      Promise.all(listeners.listeners.map((listener) => api.get(`/api/v1/listeners/${listener.id}/health?non_healthy_limit=0`).catch(() => null))),
      Promise.all(pools.pools.map((pool) => api.get(`/api/v1/pools/${pool.id}/health?non_healthy_limit=0`).catch(() => null))),
      api.get(`/api/v1/haproxy-bindings${query({ loadbalancer_id: id, limit: 1000 })}`).catch(() => null),
    ]);
    const bound = bindings?.haproxy_bindings ?? [];
    bindingArea.hidden = bound.length === 0;
    replaceRows(bindingBody, bound.map(bindingRow));
    // Rows are replaced in place on live re-reads, so keyboard focus stays on the row it was on.
    replaceRows(listenerBody, listeners.listeners.length
      ? listeners.listeners.map((listener, index) => h('tr', { 'data-key': listener.id },
        h('td', null, h('a', { href: `#/listeners/${listener.id}` }, `${listener.protocol}:${listener.protocol_port}`),
          listener.name ? h('div', { class: 'sub' }, listener.name) : null),
        h('td', null, listener.default_pool_id
          ? h('a', { href: `#/pools/${listener.default_pool_id}` }, poolNames.get(listener.default_pool_id) ?? listener.default_pool_id)
          : h('span', { class: 'muted' }, 'none')),
        h('td', null, listenerHealth[index]?.pools?.[0] ? countSummary(listenerHealth[index].pools[0].counts) : '—'),
        h('td', { class: 'col-optional' }, listener.admin_state_up ? 'on' : 'off')))
      : [emptyRow(4, 'No listeners.')]);
    replaceRows(poolBody, pools.pools.length
      ? pools.pools.map((pool, index) => h('tr', { 'data-key': pool.id },
        h('td', null, h('a', { href: `#/pools/${pool.id}` }, pool.name || pool.id)),
        h('td', null, pool.protocol),
        h('td', null, poolHealth[index] ? countSummary(poolHealth[index].counts) : '—',
          poolHealth[index]?.panic ? h('span', { class: 'tag tag-bad', title: poolHealth[index].panic.reason }, 'panic') : null),
        h('td', { class: 'col-optional' }, pool.healthmonitor_id ? 'yes' : h('span', { class: 'muted' }, 'no monitor'))))
      : [emptyRow(4, 'No server groups.')]);
  }

  await show();
  const refresh = coalesce(() => show().catch(() => {}), 400);
  const name = lb.name || lb.id;
  return {
    title: name,
    element: h('section', { class: 'page' },
      crumbs(['Load balancers', '#/loadbalancers'], [name]),
      heading(name),
      definitions([['Id', h('code', null, lb.id)], ['Region', lb.region], ['Description', dash(lb.description)], ['Created', when(lb.created_at)]]),
      h('h2', null, 'Listeners'),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'listeners' },
        h('thead', null, h('tr', null, ['Listener', 'Server group', 'Health'].map((label) => h('th', { scope: 'col' }, label)),
          h('th', { scope: 'col', class: 'col-optional' }, 'Enabled'))),
        listenerBody)),
      h('h2', null, 'Server groups'),
      h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'pools' },
        h('thead', null, h('tr', null, ['Server group', 'Protocol', 'Health'].map((label) => h('th', { scope: 'col' }, label)),
          h('th', { scope: 'col', class: 'col-optional' }, 'Monitor'))),
        poolBody)),
      bindingArea),
    onEvent: (type) => {
      if (type === 'transition' || type === 'panic') refresh();
    },
    refresh,
    dispose: () => refresh.cancel(),
  };
}

/** One HAProxy binding and how its runtime API sync stands (docs/load-balancers.md). */
function bindingRow(binding) {
  const sync = binding.sync;
  const tone = !sync ? '' : sync.state === 'synced' ? (sync.confirmed ? 'ok' : 'warn') : sync.state === 'error' ? 'bad' : '';
  const lag = (value) => (value == null ? '—' : `${value} ms`);
  return h('tr', { 'data-key': binding.id },
    h('td', null, binding.name || h('code', null, binding.id), binding.manage_servers ? h('span', { class: 'tag' }, 'manages servers') : null),
    h('td', { class: 'code' }, binding.runtime_api),
    h('td', { 'data-testid': 'sync-state' }, h('span', { class: `tag ${tone ? `tag-${tone}` : ''}` }, sync ? sync.state : 'pending'),
      sync?.haproxy_version ? h('div', { class: 'sub' }, `HAProxy ${sync.haproxy_version}`) : null),
    h('td', null, sync?.last_confirmed_at ? since(sync.last_confirmed_at, '') : '—',
      sync && !sync.confirmed && sync.mismatched ? h('div', { class: 'sub' }, `${sync.mismatched} mismatched`) : null),
    h('td', { class: 'num' }, `${lag(sync?.lag_p50_ms)} / ${lag(sync?.lag_p99_ms)}`),
    h('td', { 'data-testid': 'sync-error' }, sync?.error ?? '—'));
}

export async function listenerPage(id) {
  const listener = await api.get(`/api/v1/listeners/${id}`);
  const lb = await api.get(`/api/v1/loadbalancers/${listener.loadbalancer_id}`).catch(() => null);
  const pool = listener.default_pool_id ? await api.get(`/api/v1/pools/${listener.default_pool_id}`).catch(() => null) : null;
  const summaryArea = h('div');
  const attention = attentionTable(false);
  const attentionMore = h('div');
  const healthArea = h('div', null,
    listener.default_pool_id
      ? h('h2', null, 'Health of ', h('a', { href: `#/pools/${listener.default_pool_id}` }, pool?.name || listener.default_pool_id))
      : null,
    summaryArea, h('h3', null, 'Not healthy'), attention.element, attentionMore);

  async function show() {
    const health = await api.get(`/api/v1/listeners/${id}/health?non_healthy_limit=0`);
    const poolHealth = health.pools[0];
    healthArea.hidden = !poolHealth;
    if (!poolHealth) return;
    const list = await api.get(`/api/v1/health${query({ pool_id: poolHealth.pool_id, non_healthy_limit: 100 })}`);
    fill(summaryArea,
      poolHealth.health_check_enabled ? null : notice('Health checks are off for this server group (no monitor, or the monitor is switched off).', 'warn'),
      countSummary(poolHealth.counts));
    // Replaced in place on live re-reads: keyboard focus stays on the row it was on.
    replaceRows(attention.tbody, list.non_healthy.length
      ? list.non_healthy.map((member) => attentionRow(member, false))
      : [emptyRow(attention.columns, 'Every member is Healthy.')]);
    fill(attentionMore, list.non_healthy_total > list.non_healthy.length
      ? notice(`Showing the first ${list.non_healthy.length} of ${list.non_healthy_total}.`)
      : null);
  }

  await show();
  const refresh = coalesce(() => show().catch(() => {}), 250);
  const lbName = lb ? lb.name || lb.id : listener.loadbalancer_id;
  const label = `${listener.protocol}:${listener.protocol_port}`;
  return {
    title: `Listener ${label}`,
    element: h('section', { class: 'page' },
      crumbs(['Load balancers', '#/loadbalancers'], [lbName, `#/loadbalancers/${listener.loadbalancer_id}`], [label]),
      heading(`Listener ${label}`, listener.name ? h('span', { class: 'sub-title' }, listener.name) : null),
      definitions([
        ['Id', h('code', null, listener.id)],
        ['Protocol', listener.protocol],
        ['Port', String(listener.protocol_port)],
        ['Server group', pool ? h('a', { href: `#/pools/${pool.id}` }, pool.name || pool.id) : 'none'],
        ['Enabled', listener.admin_state_up ? 'yes' : 'no'],
      ]),
      listener.default_pool_id ? null : notice('This listener forwards to no server group yet.'),
      healthArea),
    onEvent: (type) => {
      if (type === 'transition') refresh();
    },
    refresh,
    dispose: () => refresh.cancel(),
  };
}
