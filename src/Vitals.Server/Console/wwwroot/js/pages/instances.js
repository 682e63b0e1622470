// Instances (hosts) with their ECS-style health status, and one instance's details.

import { api, query } from '../api.js';
import { h, heading, crumbs, definitions, stateBadge, when, dash, notice, table, emptyRow, memberName, endpointOf, coalesce, fill } from '../ui.js';
import { pagedTable } from './paged.js';

const RELOAD_MS = 15000;   // instance status follows node_exporter scrapes, not events

export async function instancesPage() {
  const list = await pagedTable({
    headers: ['Instance', 'Status', { label: 'Reason', class: 'col-optional' }, 'Members', { label: 'Region', class: 'col-optional' }],
    caption: 'Instances',
    attrs: { 'data-testid': 'instances' },
    empty: 'No instances yet. Register hosts with POST /api/v1/instances and link members to them with instance_id.',
    load: async (marker) => {
      // One request a page: each instance with its health evaluated now.
      const page = await api.get(`/api/v1/instances/health${query({ limit: 50, marker })}`);
      return {
        items: page.instances.map((row) => ({ instance: row, health: row.health })),
        next_marker: page.next_marker,
        total_count: page.total_count,
      };
    },
    row: ({ instance, health }) => h('tr', { 'data-key': instance.id, 'data-instance-id': instance.id },
      h('td', null, h('a', { href: `#/instances/${instance.id}` }, instance.name || instance.id),
        h('div', { class: 'sub' }, instance.address)),
      h('td', null, health ? stateBadge(health.status, 'instance') : '—'),
      h('td', { class: 'col-optional', 'data-testid': 'reason' }, health?.reasons?.[0]?.message ?? '—'),
      h('td', null, health ? `${health.members.healthy} of ${health.members.total} Healthy` : '—'),
      h('td', { class: 'col-optional' }, instance.region)),
  });
  const timer = setInterval(() => list.reload().catch(() => {}), RELOAD_MS);
  return {
    title: 'Instances',
    element: h('section', { class: 'page' },
      heading('Instances'),
      h('p', { class: 'muted' }, 'Status as the ECS console shows it: from the members running on each instance, its node_exporter metrics and maintenance windows.'),
      list.element),
    refresh: () => list.reload().catch(() => {}),
    dispose: () => clearInterval(timer),
  };
}

export async function instancePage(id) {
  const instance = await api.get(`/api/v1/instances/${id}`);
  const statusArea = h('div');
  const membersArea = h('div');

  async function show() {
    const [health, members] = await Promise.all([
      api.get(`/api/v1/instances/${id}/health`),
      api.get(`/api/v1/members${query({ instance_id: id, limit: 100 })}`),
    ]);
    fill(statusArea,
      definitions([
        ['Status', stateBadge(health.status, 'instance')],
        ['Evaluated', when(health.evaluated_at)],
        ['Members', `${health.members.total} in all, ${health.members.healthy} Healthy, ${health.members.unhealthy} Unhealthy`],
      ], { 'data-testid': 'instance-status' }),
      h('h3', null, 'Why'),
      health.reasons.length
        ? h('ul', { class: 'reasons' }, health.reasons.map((reason) => h('li', null, h('code', null, reason.code), ' ', reason.message)))
        : h('p', { class: 'muted' }, 'No reason to report.'),
      h('h3', null, 'Host metrics'),
      health.host_metrics
        ? definitions([
          ['Sampled', when(health.host_metrics.sampled_at)],
          ['Load per CPU', health.host_metrics.load_per_cpu?.toFixed(2) ?? '—'],
          ['Memory available', percent(health.host_metrics.memory_available_ratio)],
          ['Disk free', percent(health.host_metrics.disk_free_ratio)],
        ])
        : h('p', { class: 'muted' }, 'No sample.'),
      health.scrape
        ? definitions([
          ['node_exporter', h('code', null, health.scrape.url)],
          ['Last attempt', when(health.scrape.last_attempt_at)],
          ['Last failure', dash(health.scrape.last_failure)],
          ['Detail', dash(health.scrape.last_detail)],
        ])
        : h('p', { class: 'muted' }, 'No node_exporter URL set: host metrics are not collected.'));
    fill(membersArea, table(['Member', 'Server group'],
      members.members.length
        ? members.members.map((member) => h('tr', { 'data-member-id': member.id },
          h('td', null, h('a', { href: `#/members/${member.id}` }, memberName(member)), h('div', { class: 'sub' }, endpointOf(member))),
          h('td', null, h('a', { href: `#/pools/${member.pool_id}` }, member.pool_id))))
        : [emptyRow(2, 'No members run on this instance.')]));
  }

  await show();
  const refresh = coalesce(() => show().catch(() => {}), 250);
  const timer = setInterval(refresh, RELOAD_MS);
  const name = instance.name || instance.id;
  const windows = instance.maintenance_windows ?? [];
  return {
    title: name,
    element: h('section', { class: 'page' },
      crumbs(['Instances', '#/instances'], [name]),
      heading(name),
      definitions([['Id', h('code', null, instance.id)], ['Address', instance.address], ['Region', instance.region]]),
      h('div', { class: 'card' }, h('h2', null, 'Health'), statusArea),
      h('div', { class: 'card' }, h('h2', null, 'Maintenance windows'),
        windows.length
          ? table(['Start', 'End', 'Description'], windows.map((window) => h('tr', null,
            h('td', null, when(window.start)), h('td', null, when(window.end)), h('td', null, dash(window.description)))))
          : notice('None planned.')),
      h('div', { class: 'card' }, h('h2', null, 'Members on this instance'), membersArea)),
    onEvent: (type) => {
      if (type === 'transition') refresh();
    },
    refresh,
    dispose: () => {
      clearInterval(timer);
      refresh.cancel();
    },
  };
}

function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`;
}
