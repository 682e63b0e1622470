// Overview: how many members are in each state across the project, and the ones that need attention first.

import { api, query } from '../api.js';
import { h, heading, stateBadge, emptyRow, replaceRows, coalesce, notice, fill } from '../ui.js';
import { attentionTable, attentionRow } from './shared.js';

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
  const attention = attentionTable(true);
  const { tbody } = attention;
  const list = attention.element;

  function show(overview) {
    for (const state of COUNTED) counters[state].textContent = String(overview.counts?.[state] ?? 0);
    totals.textContent = `${overview.members_total} member${overview.members_total === 1 ? '' : 's'} in this project.`;
    fill(flapping, overview.flapping_total > 0
      ? notice(`${overview.flapping_total} member${overview.flapping_total === 1 ? ' is' : 's are'} flapping (changing state often).`, 'warn')
      : null);
    const rows = overview.non_healthy.map((member) => attentionRow(member, true));
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
