// A server (member): its last check explained, the monitor that judges it, the transitions that led here, a latency
// chart of its recent checks, and what an operator does next (drain, disable, diagnose).

import { api, ApiError } from '../api.js';
import { h, heading, crumbs, definitions, since, when, stateBadge, memberName, endpointOf, ms, dash, notice, coalesce, fill } from '../ui.js';
import { latencyChart } from '../chart.js';
import { monitorFacts } from './shared.js';

const RELOAD_MS = 3000;       // the last check changes with every check, not only at transitions
const WEIGHT_KEY = 'vitals.weight.';

export async function memberPage(id) {
  let member = await api.get(`/api/v1/members/${id}`);
  const pool = await api.get(`/api/v1/pools/${member.pool_id}`);
  const [lb, monitor] = await Promise.all([
    api.get(`/api/v1/loadbalancers/${pool.loadbalancer_id}`).catch(() => null),
    pool.healthmonitor_id ? api.get(`/api/v1/healthmonitors/${pool.healthmonitor_id}`).catch(() => null) : Promise.resolve(null),
  ]);

  const title = h('span');
  const headBadge = h('span', { class: 'head-state' });
  const lastCheck = h('div');
  const content = h('pre', { 'data-testid': 'content', class: 'content', tabindex: '0', 'aria-label': 'Last check content' });
  const contentNote = h('p', { class: 'muted' });
  const chartArea = h('div', { class: 'chart-area' });
  const resultsBody = h('tbody');
  const timeline = h('ol', { 'data-testid': 'timeline', class: 'timeline' });
  const actions = h('div', { class: 'actions' });
  const actionAlert = h('p', { role: 'alert', class: 'form-alert' });
  const findings = h('div', { 'data-testid': 'findings', 'aria-live': 'polite' });

  async function show() {
    const [fresh, health, history] = await Promise.all([
      api.get(`/api/v1/members/${id}`),
      api.get(`/api/v1/members/${id}/health`),
      api.get(`/api/v1/members/${id}/history?limit=50`),
    ]);
    member = fresh;
    title.textContent = memberName(member);
    fill(headBadge, stateBadge(health.state));
    fill(lastCheck, lastCheckFacts(health));
    // Backend bytes: text only. textContent never parses markup, whatever the backend sent.
    content.textContent = health.content ?? '';
    content.hidden = health.content == null || health.content === '';
    contentNote.textContent = content.hidden
      ? (health.checked_at ? 'The last check read no content (a TCP or UDP check, or an empty answer).' : 'No check has run yet.')
      : 'The first bytes of the answer to the last check, shown as plain text.';
    fill(chartArea, latencyChart(history.results));
    fill(resultsBody, history.results.length ? history.results.map(resultRow) : [h('tr', { class: 'empty' }, h('td', { colspan: 5 }, 'No checks held in memory yet.'))]);
    // Rebuilt only when they change: the page re-reads every few seconds, and rebuilding would take keyboard focus
    // off a button and fold an opened list of deciding checks.
    const timelineKey = `${history.transitions.length}|${history.transitions[0]?.at ?? ''}`;
    if (timeline.dataset.key !== timelineKey) {
      timeline.dataset.key = timelineKey;
      fill(timeline, history.transitions.length ? history.transitions.map(transitionItem) : [h('li', { class: 'muted' }, 'No transitions recorded yet.')]);
    }

    const actionsKey = `${member.weight}|${member.admin_state_up}`;
    if (actions.dataset.key !== actionsKey) {
      const hadFocus = actions.contains(document.activeElement);
      actions.dataset.key = actionsKey;
      fill(actions, actionButtons(member));
      if (hadFocus) actions.querySelector('button, input')?.focus();
    }
  }

  async function change(body, okText) {
    actionAlert.textContent = '';
    try {
      await api.put(`/api/v1/members/${id}`, body);
      actionAlert.textContent = okText;
      await show();
    } catch (error) {
      actionAlert.textContent = error instanceof ApiError && Object.keys(error.fieldErrors).length
        ? Object.entries(error.fieldErrors).map(([field, messages]) => `${field}: ${messages.join('; ')}`).join(' ')
        : error.message;
    }
  }

  function actionButtons(current) {
    const buttons = [];
    if (current.weight > 0) {
      buttons.push(h('button', {
        type: 'button', class: 'secondary', 'data-testid': 'drain',
        onclick: () => {
          sessionStorage.setItem(WEIGHT_KEY + id, String(current.weight));
          change({ weight: 0 }, 'Weight set to 0: the member takes no traffic and shows Unused.');
        },
      }, 'Set weight to 0'));
    } else {
      const remembered = Number(sessionStorage.getItem(WEIGHT_KEY + id)) || 1;
      const input = h('input', { id: 'weight', name: 'weight', type: 'number', min: 1, max: 100, value: remembered, class: 'narrow' });
      buttons.push(h('form', {
        class: 'inline-form', novalidate: true,
        onsubmit: (event) => {
          event.preventDefault();
          const value = /^\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : input.value;
          change({ weight: value }, 'Weight restored.');
        },
      }, h('label', { for: 'weight' }, 'Weight'), input, h('button', { type: 'submit', class: 'secondary', 'data-testid': 'undrain' }, 'Restore weight')));
    }
    buttons.push(h('button', {
      type: 'button', class: 'secondary', 'data-testid': 'toggle-admin',
      onclick: () => change({ admin_state_up: !current.admin_state_up },
        current.admin_state_up ? 'Member disabled: it is not checked and shows Unavailable.' : 'Member enabled: checks start again.'),
    }, current.admin_state_up ? 'Disable member' : 'Enable member'));
    buttons.push(h('button', { type: 'button', class: 'primary', 'data-testid': 'diagnose', onclick: diagnose }, 'Diagnose'));
    return buttons;
  }

  async function diagnose(event) {
    const button = event.currentTarget;
    button.disabled = true;
    fill(findings, h('p', { class: 'muted' }, 'Diagnosing… (a few checks against the member, up to 15 seconds)'));
    try {
      const report = await api.post(`/api/v1/members/${id}/diagnose`);
      fill(findings, diagnosis(report));
    } catch (error) {
      fill(findings, notice(error.message, 'bad'));
    } finally {
      button.disabled = false;
    }
  }

  await show();
  const refresh = coalesce(() => show().catch(() => {}), 150);
  const timer = setInterval(refresh, RELOAD_MS);
  const poolName = pool.name || pool.id;
  return {
    title: memberName(member),
    element: h('section', { class: 'page' },
      crumbs(['Load balancers', '#/loadbalancers'], lb ? [lb.name || lb.id, `#/loadbalancers/${lb.id}`] : null,
        [poolName, `#/pools/${pool.id}`], [memberName(member)]),
      heading(title, headBadge),
      h('p', { class: 'muted' }, `${endpointOf(member)} in server group ${poolName}`),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', null, 'Last check'), lastCheck),
        h('div', { class: 'card' },
          h('h2', null, 'Actions'),
          actions,
          actionAlert,
          findings)),
      h('div', { class: 'card' }, h('h2', null, 'Last check content'), contentNote, content),
      h('div', { class: 'card' }, h('h2', null, 'Latency of recent checks'), chartArea,
        h('details', { class: 'results' },
          h('summary', null, 'The same checks as a table'),
          h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'results' },
            h('thead', null, h('tr', null, ['Time', 'Result', 'Code', 'Check status', 'Total'].map((label) => h('th', { scope: 'col' }, label)))),
            resultsBody)))),
      h('div', { class: 'columns' },
        h('div', { class: 'card' }, h('h2', null, 'Transitions'), timeline),
        h('div', { class: 'card' },
          h('div', { class: 'card-head' }, h('h2', null, 'Health monitor'),
            h('a', { class: 'button secondary', href: `#/pools/${pool.id}/monitor` }, monitor ? 'Edit monitor' : 'Create monitor')),
          monitorFacts(monitor)))),
    onEvent: (type, data) => {
      if ((type === 'transition' || type === 'flapping') && data.member_id === id) refresh();
    },
    refresh,
    dispose: () => {
      clearInterval(timer);
      refresh.cancel();
    },
  };
}

function lastCheckFacts(health) {
  const timings = health.timings_ms;
  return definitions([
    ['Status', h('span', null, stateBadge(health.state), ' ', since(health.since),
      health.flapping ? h('span', { class: 'tag tag-warn' }, 'flapping') : null,
      health.restored ? h('span', { class: 'tag' }, 'restored after a restart') : null)],
    ['Reason', health.reason ?? (health.reason_code ? health.reason_code : 'The last check passed.')],
    ['Check code', health.check_code ? h('code', null, health.check_code) : '—'],
    ['Check status', dash(health.check_status)],
    ['Status code', dash(health.status_code)],
    ['Check time', when(health.checked_at)],
    ['Target', health.target ? h('code', null, health.target) : '—'],
    ['Timings', timings
      ? `connect ${ms(timings.connect)} · TLS ${ms(timings.tls)} · first byte ${ms(timings.first_byte)} · total ${ms(timings.total)}`
      : '—'],
    ['Counters', `${health.consecutive_passes ?? 0} passed, ${health.consecutive_failures ?? 0} failed in a row`],
  ], { 'data-testid': 'last-check' });
}

function resultRow(result) {
  return h('tr', null,
    h('td', null, when(result.checked_at)),
    h('td', null, result.outcome === 'pass' ? 'passed' : h('strong', { class: 'bad-text' }, 'failed')),
    h('td', { class: 'code' }, [result.check_code, result.reason_code].filter(Boolean).join(' · ') || '—'),
    h('td', null, dash(result.check_status)),
    h('td', { class: 'num' }, ms(result.timings_ms?.total)));
}

function transitionItem(transition) {
  const evidence = transition.evidence ?? [];
  return h('li', { class: `tone-edge-${transition.to}` },
    h('div', { class: 'transition-head' },
      stateBadge(transition.from), h('span', { 'aria-label': 'to' }, ' → '), stateBadge(transition.to),
      ' ', when(transition.at)),
    h('div', null, causeText(transition.cause),
      transition.reason ?? transition.reason_code ? h('span', null, ': ', transition.reason ?? transition.reason_code) : null),
    evidence.length
      ? h('details', null,
        h('summary', null, `The ${evidence.length} deciding check${evidence.length === 1 ? '' : 's'}`),
        h('ul', { class: 'evidence' }, evidence.map((result) => h('li', null,
          h('strong', null, result.outcome === 'pass' ? 'passed' : 'failed'), ' ', when(result.checked_at), ' ',
          h('code', null, [result.check_code, result.reason_code].filter(Boolean).join(' · ')), ' ',
          dash(result.check_status),
          result.content ? h('pre', { class: 'content small' }, result.content) : null))))
      : null);
}

function causeText(cause) {
  switch (cause) {
    case 'Checks': return 'Decided by checks';
    case 'ChecksToggled': return 'Checks switched on or off';
    case 'Weight': return 'Weight changed';
    case 'MonitorChanged': return 'Monitor changed';
    default: return dash(cause);
  }
}

function diagnosis(report) {
  const verdictText = { ok: 'No problem found', problem: 'Problem found', warning: 'Check passes, with a warning', cannot_tell: 'Inconclusive' };
  return h('div', { class: 'diagnosis' },
    h('h3', null, `${verdictText[report.verdict] ?? report.verdict} (${report.type} ${report.target})`),
    h('ul', { class: 'findings' }, (report.findings ?? []).map((finding) => h('li', { 'data-verdict': finding.verdict },
      h('strong', null, finding.cause), ` (${finding.verdict}) `,
      h('div', { class: 'sub' }, finding.check),
      finding.advice ? h('p', null, finding.advice) : null,
      finding.evidence ? h('pre', { class: 'content small' }, JSON.stringify(finding.evidence, null, 1)) : null))),
    report.not_checked?.length ? h('p', { class: 'muted' }, `Not checked: ${report.not_checked.join('; ')}`) : null);
}
