// Pieces more than one page shows: the non-healthy list of a group and a monitor's settings.

import { h, definitions, since, stateBadge, emptyRow, endpointOf, dash, notice } from '../ui.js';

/** The members of a group that are not Healthy (entries of a pool/listener health answer). */
export function nonHealthyTable(members, total) {
  const rows = members.map((member) => h('tr', { 'data-member-id': member.member_id, 'data-key': member.member_id },
    h('td', null, h('a', { href: `#/members/${member.member_id}` }, endpointOf(member))),
    h('td', null, stateBadge(member.state)),
    h('td', { 'data-testid': 'reason' }, member.reason ?? member.reason_code ?? '—',
      member.reason_code ? h('div', { class: 'sub code' }, member.reason_code) : null),
    h('td', { 'data-testid': 'since' }, since(member.since))));
  return h('div', null,
    h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'non-healthy', class: 'stack' },
      h('thead', null, h('tr', null, ['Member', 'State', 'Reason', 'Since'].map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', null, rows.length ? rows : [emptyRow(4, 'Every member is Healthy.')]))),
    total > members.length ? notice(`Showing ${members.length} of ${total}.`) : null);
}

/** A monitor's settings, the way the API names them. */
export function monitorFacts(monitor) {
  if (!monitor) return notice('No health monitor: the members of this group are not checked and show Unavailable.', 'warn');
  const http = monitor.type === 'HTTP' || monitor.type === 'HTTPS';
  return definitions([
    ['Type', monitor.type],
    ['Interval', `${monitor.delay} s`],
    ['Timeout', `${monitor.timeout} s`],
    ['Healthy after', `${monitor.max_retries} passed check${monitor.max_retries === 1 ? '' : 's'} in a row`],
    ['Unhealthy after', `${monitor.max_retries_down} failed check${monitor.max_retries_down === 1 ? '' : 's'} in a row`],
    http || monitor.type === 'GRPC' ? ['Expected codes', dash(monitor.expected_codes)] : null,
    http ? ['Request', `${monitor.http_method ?? 'GET'} ${monitor.url_path ?? '/'}`] : null,
    http || monitor.type === 'TLS' || monitor.type === 'GRPC' ? ['Domain name', monitor.domain_name ?? h('span', { class: 'muted' }, 'the member address')] : null,
    ['Port', monitor.monitor_port ? String(monitor.monitor_port) : h('span', { class: 'muted' }, "each member's port")],
    ['Enabled', monitor.admin_state_up ? 'yes' : h('strong', null, 'no (members show Unavailable)')],
  ], { 'data-testid': 'monitor' });
}

