// A server group: its monitor, counts per state and every member with its state, paged 100 at a time.

import { api, query } from '../api.js';
import { h, heading, crumbs, definitions, countSummary, since, stateBadge, memberName, endpointOf, ms, notice, coalesce, fill, replaceRows, MEMBER_STATE_ORDER, memberStateLabel } from '../ui.js';
import { pagedTable } from './paged.js';
import { monitorFacts, attentionTable, attentionRow } from './shared.js';

const PAGE = 100;
const ATTENTION = 20;    // the not-Healthy members listed above the full list, at first
const ATTENTION_MAX = 1000;  // what GET /api/v1/health lists at most
const RELOAD_MS = 10000;   // latencies move with every check; transitions come by event at once
const FIND_DELAY_MS = 300; // typing in the search box asks once it pauses

export async function poolPage(id) {
  const pool = await api.get(`/api/v1/pools/${id}`);
  const [lb, monitor] = await Promise.all([
    api.get(`/api/v1/loadbalancers/${pool.loadbalancer_id}`).catch(() => null),
    pool.healthmonitor_id ? api.get(`/api/v1/healthmonitors/${pool.healthmonitor_id}`) : Promise.resolve(null),
  ]);
  const countsArea = h('div', { class: 'pool-counts' });
  const attention = attentionTable(false);
  const attentionMore = h('div');
  let attentionLimit = ATTENTION;
  const attentionArea = h('div', { hidden: true }, h('h2', null, 'Needs attention'), attention.element, attentionMore);

  async function showCounts() {
    const [summary, health] = await Promise.all([
      api.get(`/api/v1/pools/${id}/health?non_healthy_limit=0`),
      api.get(`/api/v1/health${query({ pool_id: id, non_healthy_limit: attentionLimit })}`),
    ]);
    fill(countsArea,
      summary.health_check_enabled ? null : notice('Health checks are off for this group: members show Unavailable.', 'warn'),
      summary.panic ? panicNotice(summary.panic) : null,
      countSummary(health.counts),
      h('p', { class: 'muted', 'data-testid': 'pool-totals' },
        `${health.members_total} member${health.members_total === 1 ? '' : 's'}, ${health.non_healthy_total} not Healthy, ${summary.in_rotation} in rotation.`));
    // In a large group the members that need attention would hide among the healthy ones: list them first.
    attentionArea.hidden = !(health.non_healthy_total > 0 && health.members_total > health.non_healthy_total);
    // Rows are replaced in place (focus stays on the row it was on) on every re-read.
    replaceRows(attention.tbody, health.non_healthy.map((member) => attentionRow(member, false)));
    const hidden = health.non_healthy_total - health.non_healthy.length;
    fill(attentionMore, hidden > 0
      ? h('p', { class: 'more' }, `Showing the first ${health.non_healthy.length} of ${health.non_healthy_total}. `,
        attentionLimit < ATTENTION_MAX
          ? h('button', {
            type: 'button', class: 'secondary',
            onclick: () => {
              attentionLimit = Math.min(ATTENTION_MAX, attentionLimit + 100);
              showCounts().catch(() => {});
            },
          }, `Show ${Math.min(hidden, 100, ATTENTION_MAX - attentionLimit)} more`)
          : null)
      : null);
  }

  // The full list narrowed by state and by text (name, address, address:port, id); the server filters and pages.
  const filter = { state: '', q: '' };
  const members = await pagedTable({
    headers: ['Member', 'State', 'Reason', { label: 'Check', class: 'col-optional' }, 'Latency',
      { label: 'Weight', class: 'col-optional' }, 'Since'],
    caption: 'Members',
    attrs: { 'data-testid': 'members', class: 'stack' },
    empty: () => (filter.state || filter.q ? 'No members match.' : 'No members in this group.'),
    load: async (marker) => {
      const page = await api.get(`/api/v1/pools/${id}/members/health${query({ limit: PAGE, marker, state: filter.state || null, q: filter.q || null })}`);
      return { items: page.members, next_marker: page.next_marker, total_count: page.total_count };
    },
    row: memberRow,
  });
  const finder = findForm(filter, () => members.restart().catch(() => {}));
  await showCounts();

  const refresh = coalesce(() => Promise.all([members.reload(), showCounts()]).catch(() => {}), 200);
  const timer = setInterval(refresh, RELOAD_MS);
  const name = pool.name || pool.id;
  const lbName = lb ? lb.name || lb.id : pool.loadbalancer_id;
  return {
    title: name,
    element: h('section', { class: 'page' },
      crumbs(['Load balancers', '#/loadbalancers'], [lbName, `#/loadbalancers/${pool.loadbalancer_id}`],
        pool.listener_id ? ['Listener', `#/listeners/${pool.listener_id}`] : null, [name]),
      heading(name, h('span', { class: 'sub-title' }, `server group · ${pool.protocol}`)),
      countsArea,
      h('div', { class: 'columns' },
        h('div', { class: 'card' },
          h('h2', null, 'Server group'),
          definitions([
            ['Id', h('code', null, pool.id)],
            ['Protocol', pool.protocol],
            ['Algorithm', pool.lb_algorithm],
            ['Enabled', pool.admin_state_up ? 'yes' : 'no'],
            ['Min healthy', pool.min_healthy_percent ? `${pool.min_healthy_percent} % (fail-open below)` : 'off'],
          ])),
        h('div', { class: 'card' },
          h('div', { class: 'card-head' },
            h('h2', null, 'Health monitor'),
            h('a', { class: 'button secondary', href: `#/pools/${id}/monitor` }, monitor ? 'Edit monitor' : 'Create monitor')),
          monitorFacts(monitor))),
      attentionArea,
      h('h2', null, 'All members'),
      finder.element,
      members.element),
    onEvent: (type, data) => {
      if ((type === 'transition' || type === 'flapping' || type === 'panic') && data.pool_id === id) refresh();
    },
    refresh,
    dispose: () => {
      clearInterval(timer);
      refresh.cancel();
      finder.cancel();
    },
  };
}

/** The fail-open guardrail at work: why, and which failing members still take traffic. */
function panicNotice(panic) {
  return h('div', { class: 'notice notice-bad', role: 'alert', 'data-testid': 'panic' },
    h('strong', null, 'Panic: '), `${panic.reason}.`,
    panic.kept.length
      ? h('div', null, 'Kept in rotation: ', panic.kept.map((memberId, index) => [index ? ', ' : '', h('a', { href: `#/members/${memberId}` }, h('code', null, memberId))]))
      : null);
}

/** A search box and a state menu; each change (typing once it pauses) calls apply() with `filter` updated. */
function findForm(filter, apply) {
  const text = h('input', {
    id: 'member-find', type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false', maxlength: '255',
    placeholder: 'name, address, address:port or id',
  });
  const state = h('select', { id: 'member-state', name: 'state' },
    h('option', { value: '' }, 'All states'),
    MEMBER_STATE_ORDER.map((value) => h('option', { value }, memberStateLabel(value))));
  const changed = () => {
    const next = { state: state.value, q: text.value.trim() };
    if (next.state === filter.state && next.q === filter.q) return;
    Object.assign(filter, next);
    apply();
  };
  const typed = coalesce(async () => changed(), FIND_DELAY_MS);
  text.addEventListener('input', () => typed());
  state.addEventListener('change', changed);
  const element = h('form', {
    class: 'inline-form find', role: 'search', 'aria-label': 'Find members',
    onsubmit: (event) => {
      event.preventDefault();
      typed.cancel();
      changed();
    },
  },
  h('label', { for: 'member-find' }, 'Find'), text,
  h('label', { for: 'member-state' }, 'State'), state);
  return { element, cancel: () => typed.cancel() };
}

function memberRow(member) {
  return h('tr', { 'data-member-id': member.member_id, 'data-key': member.member_id },
    h('td', null,
      h('a', { href: `#/members/${member.member_id}` }, memberName(member)),
      member.name ? h('div', { class: 'sub' }, endpointOf(member)) : null,
      member.flapping ? h('span', { class: 'tag tag-warn' }, 'flapping') : null,
      member.restored ? h('span', { class: 'tag', title: 'Resumed from the state saved before a restart; not yet confirmed by checks' }, 'restored') : null),
    h('td', null, stateBadge(member.state)),
    h('td', { 'data-testid': 'reason' }, member.reason ?? '—',
      member.reason_code ? h('div', { class: 'sub code' }, member.reason_code) : null),
    h('td', { class: 'col-optional code' }, member.check_code ?? '—'),
    h('td', { class: 'num' }, ms(member.latency_ms)),
    h('td', { class: 'col-optional num' }, String(member.weight)),
    h('td', { 'data-testid': 'since' }, since(member.since)));
}
