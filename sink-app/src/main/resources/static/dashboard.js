// Tagpulse live dashboard: no library, no CDN. Every tag (user content) reaches the page as text: through
// textContent or text nodes, never parsed as HTML.
'use strict';

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const WIDTH = 800;
  const HEIGHT = 320;
  const MARGIN = { top: 12, right: 16, bottom: 26, left: 52 };
  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];
  // Beyond this many windows in the range, gaps are not filled with zeros (the line joins the stored windows).
  const MAX_FILLED_WINDOWS = 3000;

  const state = {
    settings: { refreshMillis: 2000, rangeMillis: 300000, chartedTags: 5 },
    chosenTag: null,
    timer: null,
    generation: 0, // a refresh started later makes an earlier one stale: it neither renders nor reschedules
  };

  const byId = (id) => document.getElementById(id);

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.error || `HTTP ${response.status}`);
    }
    return body;
  }

  function setStatus(text, isError = false) {
    const status = byId('status');
    status.textContent = text;
    status.classList.toggle('error', isError);
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function svg(name, attributes = {}, text = null) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, String(value));
    }
    if (text !== null) {
      node.appendChild(document.createTextNode(text));
    }
    return node;
  }

  function timeLabel(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function niceCeiling(value) {
    const magnitude = 10 ** Math.floor(Math.log10(value));
    const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value);
    return step * magnitude;
  }

  // One point per window from the first window start in the range, with zero for windows that have no row.
  function fillWindows(points, fromMs, toMs) {
    if (points.length === 0) {
      return [];
    }
    const stored = points.map((p) => ({ start: Date.parse(p.windowStart), count: p.count }));
    const size = Date.parse(points[0].windowEnd) - stored[0].start;
    if (!(size > 0) || (toMs - fromMs) / size > MAX_FILLED_WINDOWS) {
      return stored;
    }
    const counts = new Map(stored.map((p) => [p.start, p.count]));
    const offset = (((stored[0].start - fromMs) % size) + size) % size;
    const filled = [];
    for (let start = fromMs + offset; start < toMs; start += size) {
      filled.push({ start, count: counts.get(start) || 0 });
    }
    return filled;
  }

  function renderChart(seriesList, fromMs, toMs) {
    const chart = byId('chart');
    const legend = byId('legend');
    clear(chart);
    clear(legend);
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const lines = seriesList.map((series, i) => ({
      tag: series.tag,
      color: COLORS[i % COLORS.length],
      points: fillWindows(series.points, fromMs, toMs),
    }));
    let maxCount = 0;
    lines.forEach((line) => line.points.forEach((p) => { maxCount = Math.max(maxCount, p.count); }));
    const yMax = niceCeiling(Math.max(maxCount, 1));
    const x = (ms) => MARGIN.left + ((ms - fromMs) / Math.max(toMs - fromMs, 1)) * plotWidth;
    const y = (count) => MARGIN.top + plotHeight - (count / yMax) * plotHeight;

    for (let i = 0; i <= 4; i++) {
      const value = (yMax * i) / 4;
      chart.appendChild(svg('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }));
      chart.appendChild(svg('text', { class: 'axis-label', x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end' },
        Number.isInteger(value) ? String(value) : value.toFixed(1)));
    }
    for (let i = 0; i <= 4; i++) {
      const ms = fromMs + ((toMs - fromMs) * i) / 4;
      const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
      chart.appendChild(svg('text', { class: 'axis-label', x: x(ms), y: HEIGHT - 8, 'text-anchor': anchor }, timeLabel(ms)));
    }

    const drawn = lines.filter((line) => line.points.length > 0);
    if (drawn.length === 0) {
      const message = state.chosenTag ? `No mentions of #${state.chosenTag} in this range` : 'No mentions in this range';
      chart.appendChild(svg('text', { class: 'empty', x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle' }, message));
    }
    drawn.forEach((line) => {
      const coordinates = line.points.map((p) => `${x(p.start).toFixed(1)},${y(p.count).toFixed(1)}`).join(' ');
      const polyline = svg('polyline', { class: 'line', points: coordinates, stroke: line.color });
      polyline.appendChild(svg('title', {}, `#${line.tag}`));
      chart.appendChild(polyline);
    });
    lines.forEach((line) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = line.color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(`#${line.tag}`));
      legend.appendChild(item);
    });
  }

  function renderTopList(top, fromMs, toMs) {
    const list = byId('top-list');
    clear(list);
    byId('top-range').textContent = `${timeLabel(fromMs)} – ${timeLabel(toMs)}`;
    top.forEach((entry) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = `#${entry.tag}`;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = entry.count.toLocaleString();
      button.append(tag, count);
      button.addEventListener('click', () => chooseTag(entry.tag));
      item.appendChild(button);
      list.appendChild(item);
    });
    if (top.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'No tags in this range';
      list.appendChild(item);
    }
  }

  function renderTitle() {
    byId('chart-title').textContent = state.chosenTag
      ? `#${state.chosenTag}: mentions per window`
      : 'Top tags: mentions per window';
  }

  async function refresh() {
    window.clearTimeout(state.timer);
    const generation = ++state.generation;
    const stale = () => generation !== state.generation;
    try {
      const latest = await getJson('api/windows/latest');
      if (stale()) {
        return;
      }
      if (!latest.windowEnd) {
        renderChart([], Date.now() - state.settings.rangeMillis, Date.now());
        renderTopList([], Date.now() - state.settings.rangeMillis, Date.now());
        setStatus('Waiting for the first counts…');
        return;
      }
      // The range ends with the newest stored window, so the page shows data even when the stream is behind.
      const toMs = Date.parse(latest.windowEnd);
      const fromMs = toMs - state.settings.rangeMillis;
      const range = new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
      const top = await getJson(`api/tags/top?${range}`);
      if (stale()) {
        return;
      }
      renderTopList(top, fromMs, toMs);
      const tags = state.chosenTag ? [state.chosenTag] : top.slice(0, state.settings.chartedTags).map((t) => t.tag);
      const seriesList = await Promise.all(
        tags.map((tag) => getJson(`api/tags/${encodeURIComponent(tag)}/series?${range}`)));
      if (stale()) {
        return;
      }
      if (state.chosenTag && seriesList.length === 1) {
        state.chosenTag = seriesList[0].tag;
        renderTitle();
      }
      renderChart(seriesList, fromMs, toMs);
      setStatus(`Updated ${new Date().toLocaleTimeString()}`);
    }
    catch (error) {
      if (!stale()) {
        setStatus(`Cannot load data: ${error.message}`, true);
      }
    }
    finally {
      if (!stale()) {
        state.timer = window.setTimeout(refresh, state.settings.refreshMillis);
      }
    }
  }

  function chooseTag(tag) {
    const cleaned = (tag || '').trim().replace(/^[#＃]/, '');
    state.chosenTag = cleaned === '' ? null : cleaned;
    renderTitle();
    refresh();
  }

  async function start() {
    byId('search').addEventListener('submit', (event) => {
      event.preventDefault();
      chooseTag(byId('tag-input').value);
    });
    byId('show-top').addEventListener('click', () => {
      byId('tag-input').value = '';
      chooseTag(null);
    });
    try {
      state.settings = { ...state.settings, ...(await getJson('api/dashboard')) };
    }
    catch (error) {
      setStatus(`Using default settings: ${error.message}`, true);
    }
    renderTitle();
    refresh();
  }

  start();
})();
