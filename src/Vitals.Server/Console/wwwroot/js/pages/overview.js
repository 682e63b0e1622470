// Overview: how many members are in each state across the project, and the ones that need attention first.

import { api, query } from '../api.js';
import { h, heading, since, stateBadge, table, emptyRow, replaceRows, coalesce, memberName, endpointOf, notice, fill } from '../ui.js';

const COUNTED = ['Healthy', 'Unhealthy', 'Initial', 'Unused', 'Unavailable'];
const LIMIT = 100;

export async function overviewPage() {
  const data = await load();
  const counters = {};
  const countList = h('ul', { class: 'counters', 'aria-label': 'Members per state' },
    COUNTED.map((state) => {
      counters[state] = h('span', { class: 'count-number', 'data-testid': `count-${state}` }, '0');
      return h('li', { class: 'counter', 'data-state': state }, counters[state], stateBadge(state));
    }));
  const totals = h('p', { class: 'muted totals' });
  const flapping = h('div');
  const more = h('div');
  const tbody = h('tbody');
  const list = h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': 'non-healthy', class: 'stack' },
      h('caption', { class: 'visually-hidden' }, 'Members that are not Healthy'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Member'),
        h('th', { scope: 'col', class: 'col-optional' }, 'Server group'),
        h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Reason'),
        h('th', { scope: 'col' }, 'Since'))),
      tbody));

  function show(overview) {
    for (const state of COUNTED) counters[state].textContent = String(overview.counts?.[state] ?? 0);
    totals.textContent = `${overview.members_total} member${overview.members_total === 1 ? '' : 's'} in this project.`;
    fill(flapping, overview.flapping_total > 0
      ? notice(`${overview.flapping_total} member${overview.flapping_total === 1 ? ' is' : 's are'} flapping (changing state often).`, 'warn')
      : null);
    const rows = overview.non_healthy.map(row);
    replaceRows(tbody, rows.length ? rows : [emptyRow(5, overview.members_total ? 'Every member is Healthy.' : 'No members yet.')]);
    fill(more, overview.non_healthy_total > overview.non_healthy.length
      ? notice(`Showing the first ${overview.non_healthy.length} of ${overview.non_healthy_total}. Open a server group to see all of its members.`)
      : null);
  }

  show(data);
  const refresh = coalesce(async () => {
    try {
      show(await load());
    } catch {
      // Keep what is shown; the next event or re-connect retries.
    }
  }, 250);

  return {
    title: 'Overview',
    element: h('section', { class: 'page' },
      heading('Overview'),
      countList,
      totals,
      flapping,
      h('h2', null, 'Needs attention'),
      list,
      more),
    onEvent: (type) => {
      if (type === 'transition' || type === 'flapping') refresh();
    },
    refresh,
    dispose: () => refresh.cancel(),
  };
}

function load() {
  return api.get(`/api/v1/health${query({ non_healthy_limit: LIMIT })}`);
}

function row(member) {
  return h('tr', { 'data-member-id': member.member_id, 'data-key': member.member_id },
    h('td', null,
      h('a', { href: `#/members/${member.member_id}` }, memberName(member)),
      member.name ? h('div', { class: 'sub' }, endpointOf(member)) : null,
      member.flapping ? h('span', { class: 'tag tag-warn' }, 'flapping') : null),
    h('td', { class: 'col-optional' }, h('a', { href: `#/pools/${member.pool_id}` }, member.pool_name || member.pool_id)),
    h('td', null, stateBadge(member.state)),
    h('td', { 'data-testid': 'reason' }, member.reason ?? member.reason_code ?? '—',
      member.reason_code ? h('div', { class: 'sub code' }, [member.reason_code, member.check_code].filter(Boolean).join(' · ')) : null),
    h('td', { 'data-testid': 'since' }, since(member.since)));
}
