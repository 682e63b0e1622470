// The latency chart of a member's recent checks, drawn as SVG by hand (no library): a line through the total time of
// each passed check, a red cross at each failed one (placed at the time it took to fail), axis labels in ms.

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 92, right: 16, top: 16, bottom: 30 };

function svg(tag, attrs, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function label(value) {
  return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

/** results: newest first, as /history answers them. */
export function latencyChart(results) {
  const checks = results.filter((result) => result.timings_ms?.total != null).slice().reverse();
  const passed = checks.filter((result) => result.outcome === 'pass').map((result) => result.timings_ms.total).sort((a, b) => a - b);
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'data-testid': 'latency-chart', class: 'chart',
    'aria-labelledby': 'chart-title chart-desc', preserveAspectRatio: 'xMidYMid meet',
  });
  root.append(svg('title', { id: 'chart-title' }, `Latency of the last ${checks.length} checks`));
  const median = passed.length ? passed[Math.floor(passed.length / 2)] : null;
  root.append(svg('desc', { id: 'chart-desc' }, checks.length === 0
    ? 'No checks held in memory yet.'
    : `${passed.length} passed, ${checks.length - passed.length} failed. ` +
      (passed.length ? `Passed checks took from ${label(passed[0])} to ${label(passed[passed.length - 1])}, median ${label(median)}.` : '')));

  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...checks.map((result) => result.timings_ms.total)) * 1.1;
  const x = (index) => PAD.left + (checks.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (checks.length - 1));
  const y = (value) => PAD.top + plotHeight - (value / max) * plotHeight;

  for (const fraction of [0, 0.5, 1]) {
    const value = max * fraction;
    root.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: 'grid' }));
    root.append(svg('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, label(value)));
  }
  if (checks.length === 0) {
    root.append(svg('text', { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'axis' }, 'No checks yet'));
    return root;
  }
  const first = new Date(checks[0].checked_at);
  const last = new Date(checks[checks.length - 1].checked_at);
  const time = (date) => date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  root.append(svg('text', { x: PAD.left, y: HEIGHT - 8, 'text-anchor': 'start', class: 'axis' }, time(first)));
  if (checks.length > 1) root.append(svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 8, 'text-anchor': 'end', class: 'axis' }, time(last)));

  const points = checks.map((result, index) => [index, result]).filter(([, result]) => result.outcome === 'pass')
    .map(([index, result]) => `${x(index).toFixed(1)},${y(result.timings_ms.total).toFixed(1)}`);
  if (points.length > 1) root.append(svg('polyline', { points: points.join(' '), class: 'line' }));
  checks.forEach((result, index) => {
    const cx = x(index);
    const cy = y(result.timings_ms.total);
    const tip = svg('title', {}, `${time(new Date(result.checked_at))}: ${result.outcome === 'pass' ? 'passed' : `failed (${result.reason_code ?? result.check_code})`}, ${label(result.timings_ms.total)}`);
    if (result.outcome === 'pass') {
      const dot = svg('circle', { cx, cy, r: 3.5, class: 'pass' });
      dot.append(tip);
      root.append(dot);
    } else {
      const cross = svg('path', { d: `M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx + 4},${cy - 4}L${cx - 4},${cy + 4}`, class: 'fail' });
      cross.append(tip);
      root.append(cross);
    }
  });
  return root;
}
