// Tagpulse live dashboard. Chart.js comes from its WebJar (served by this app: no CDN). Every tag and display form
// (user content) reaches the page as text only: through textContent, text nodes or the chart's canvas, never parsed
// as HTML. The page needs no inline script or style (the server sends a strict Content-Security-Policy).
'use strict';

(() => {
  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];

  const state = {
    settings: { refreshMillis: 2000, rangeMillis: 300000, chartedTags: 5, maxRangeMillis: 86400000 },
    rangeMillis: 300000,
    chosenTag: null,
    chosenDisplay: null,
    chart: null,
    live: false,
    timer: null,
    lastRefresh: 0,
    pending: false,
    followUp: false, // a live update arrived since the last refresh: refresh once more an interval later
    generation: 0, // a refresh started later makes an earlier one stale: it does not render
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

  function timeLabel(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function number(value, digits = 0) {
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }

  function createChart() {
    // Chart.js draws on the canvas; its own legend is off (the page lists the tags as text in #legend).
    return new window.Chart(byId('chart'), {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0 }, line: { borderWidth: 2, tension: 0 } },
        scales: {
          x: { type: 'linear', ticks: { maxTicksLimit: 7, callback: (value) => timeLabel(value) } },
          y: { beginAtZero: true, title: { display: true, text: 'mentions per second' } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => (items.length ? timeLabel(items[0].parsed.x) : '') } },
        },
      },
    });
  }

  function renderChart(answer) {
    const datasets = answer.series.map((series, i) => ({
      label: `#${series.display}`,
      tag: series.tag,
      borderColor: COLORS[i % COLORS.length],
      backgroundColor: COLORS[i % COLORS.length],
      data: series.points.map((p) => ({ x: Date.parse(p.start), y: p.perSecond })),
    }));
    const chart = state.chart;
    chart.data.datasets = datasets;
    chart.options.scales.x.min = Date.parse(answer.from);
    chart.options.scales.x.max = Date.parse(answer.to);
    chart.update('none');

    const legend = byId('legend');
    clear(legend);
    answer.series.forEach((series, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch c${i % COLORS.length}`;
      const label = document.createElement('span');
      label.className = 'tag';
      label.textContent = `#${series.display}`;
      const total = series.points.reduce((sum, p) => sum + p.count, 0);
      const count = document.createElement('span');
      count.className = 'muted';
      count.textContent = `${number(total)} mentions`;
      item.append(swatch, label, count);
      legend.appendChild(item);
    });
    showChartMessage(datasets.length === 0 ? 'No mentions in this range' : null);
  }

  function showChartMessage(text) {
    const message = byId('chart-message');
    message.hidden = !text;
    message.textContent = text || '';
  }

  function emptyChart(text) {
    state.chart.data.datasets = [];
    state.chart.update('none');
    clear(byId('legend'));
    showChartMessage(text);
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
      tag.textContent = `#${entry.display}`;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = number(entry.count);
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

  function renderTrending(trending) {
    const rows = byId('trending-rows');
    clear(rows);
    byId('trending-window').textContent = trending.windowStart
      ? `Window ${timeLabel(Date.parse(trending.windowStart))} – ${timeLabel(Date.parse(trending.windowEnd))}, `
        + `${trending.partitions} partition${trending.partitions === 1 ? '' : 's'}`
      : 'No ranking yet';
    trending.tags.forEach((entry) => {
      const row = document.createElement('tr');
      const cells = [String(entry.rank), null, number(entry.score, 2), number(entry.count), number(entry.baseline, 2)];
      cells.forEach((text, i) => {
        const cell = document.createElement('td');
        if (i === 1) {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'tag';
          button.textContent = `#${entry.display}`;
          button.addEventListener('click', () => chooseTag(entry.tag));
          cell.appendChild(button);
        }
        else {
          cell.textContent = text;
          cell.className = i === 0 ? '' : 'num';
        }
        row.appendChild(cell);
      });
      rows.appendChild(row);
    });
  }

  function renderTitle() {
    byId('chart-title').textContent = state.chosenTag
      ? `#${state.chosenDisplay || state.chosenTag}: mentions per second`
      : 'Top tags: mentions per second';
  }

  async function refresh() {
    window.clearTimeout(state.timer);
    state.pending = false;
    const followUp = state.followUp;
    state.followUp = false;
    state.lastRefresh = Date.now();
    const generation = ++state.generation;
    const stale = () => generation !== state.generation;
    try {
      const latest = await getJson('api/windows/latest');
      if (stale()) {
        return;
      }
      if (!latest.windowEnd) {
        renderTopList([], Date.now() - state.rangeMillis, Date.now());
        emptyChart('Waiting for the first counts…');
        setStatus('Waiting for the first counts…');
        return;
      }
      // The range ends with the newest stored window, so the page shows data even when the stream is behind.
      const toMs = Date.parse(latest.windowEnd);
      const fromMs = toMs - state.rangeMillis;
      const range = new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() });
      const top = await getJson(`api/tags/top?${range}`);
      if (stale()) {
        return;
      }
      renderTopList(top, fromMs, toMs);
      const tags = state.chosenTag ? [state.chosenTag] : top.slice(0, state.settings.chartedTags).map((t) => t.tag);
      if (tags.length === 0) {
        emptyChart('No mentions in this range');
      }
      else {
        const query = new URLSearchParams(range);
        tags.forEach((tag) => query.append('tag', tag));
        try {
          const answer = await getJson(`api/series?${query}`);
          if (stale()) {
            return;
          }
          if (state.chosenTag && answer.series.length === 1) {
            state.chosenTag = answer.series[0].tag;
            state.chosenDisplay = answer.series[0].display;
            renderTitle();
          }
          renderChart(answer);
        }
        catch (error) {
          if (!stale()) {
            emptyChart(error.message);
          }
        }
      }
      setStatus(`Updated ${new Date().toLocaleTimeString()}`);
    }
    catch (error) {
      if (!stale()) {
        setStatus(`Cannot load data: ${error.message}`, true);
      }
    }
    finally {
      if (!stale()) {
        // Polling is the fallback: with the live stream connected, its updates trigger the refreshes. The dashboard
        // reads the counts from the counter's topic, possibly before the sink has stored them: after a refresh that
        // a live update asked for, one more follows an interval later.
        state.timer = window.setTimeout(refresh, state.live && !followUp ? refreshInterval() * 5 : refreshInterval());
      }
    }
  }

  // The longer the range, the less often its chart changes visibly (and the more the queries cost): one refresh per
  // point width at most (the range over 300 points), never rarer than every 30 s.
  function refreshInterval() {
    return Math.min(30000, Math.max(state.settings.refreshMillis, state.rangeMillis / 300));
  }

  // A live update asks for a refresh, at most one per refresh interval.
  function requestRefresh() {
    if (state.pending) {
      return;
    }
    const wait = Math.max(0, state.lastRefresh + refreshInterval() - Date.now());
    state.pending = true;
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(refresh, wait);
  }

  async function loadTrending() {
    try {
      renderTrending(await getJson('api/trending'));
    }
    catch (error) {
      byId('trending-window').textContent = `Cannot load the ranking: ${error.message}`;
    }
  }

  function setLive(on) {
    state.live = on;
    const live = byId('live');
    live.textContent = on ? 'live' : 'offline';
    live.classList.toggle('on', on);
  }

  function connect() {
    if (!window.EventSource) {
      return;
    }
    const source = new EventSource('api/stream');
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('counts', () => {
      // How many live updates arrived, readable in the page (data-updates) by people and tests.
      const live = byId('live');
      live.dataset.updates = String(Number(live.dataset.updates || 0) + 1);
      state.followUp = true;
      requestRefresh();
    });
    source.addEventListener('trending', (event) => {
      try {
        renderTrending(JSON.parse(event.data));
      }
      catch (error) {
        loadTrending();
      }
    });
    // EventSource reconnects by itself; until then the page polls.
    source.addEventListener('error', () => setLive(false));
  }

  function chooseTag(tag) {
    const cleaned = (tag || '').trim().replace(/^[#＃]/, '');
    state.chosenTag = cleaned === '' ? null : cleaned;
    state.chosenDisplay = null;
    renderTitle();
    refresh();
  }

  function setUpRangePicker() {
    const picker = byId('range');
    Array.from(picker.options).forEach((option) => {
      if (Number(option.value) > state.settings.maxRangeMillis) {
        option.remove();
      }
    });
    if (!Array.from(picker.options).some((option) => Number(option.value) === state.settings.rangeMillis)) {
      const option = document.createElement('option');
      option.value = String(state.settings.rangeMillis);
      option.textContent = `${number(state.settings.rangeMillis / 60000, 1)} minutes`;
      picker.appendChild(option);
    }
    picker.value = String(state.settings.rangeMillis);
    state.rangeMillis = state.settings.rangeMillis;
    picker.addEventListener('change', () => {
      state.rangeMillis = Number(picker.value);
      refresh();
    });
  }

  async function start() {
    state.chart = createChart();
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
    setUpRangePicker();
    renderTitle();
    connect();
    loadTrending();
    refresh();
  }

  start();
})();
