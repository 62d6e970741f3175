// Tagpulse live dashboard. Chart.js comes from its WebJar (served by this app: no CDN). Every tag and display form
// (user content) reaches the page as text only: through textContent, text nodes or the chart's canvas, never parsed
// as HTML. The page needs no inline script or style (the server sends a strict Content-Security-Policy).
'use strict';

(() => {
  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];

  const state = {
    settings: { refreshMillis: 2000, rangeMillis: 300000, chartedTags: 5, maxRangeMillis: 86400000, trendsLimit: 20 },
    rangeMillis: 300000,
    window: '1s', // the size of the stored windows charted and listed (the API's window=)
    windowMillis: 1000,
    scope: 'global',
    trends: new Map(), // the scope's current trends by <scope>|<tag>, as /api/trends and the live stream give them
    trendsTimer: null,
    rows: new Map(), // the trends panel's rows by <scope>|<tag>, updated in place
    detail: null, // the trend whose detail is open, as /api/trends/{scope}/{tag} answered it
    detailGeneration: 0,
    detailChart: null,
    opener: null, // the row button that opened the detail: the focus returns there when it closes
    soon: null,
    trendsGeneration: 0,
    scopesLoaded: 0,
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

  function createChart(canvasId) {
    // Chart.js draws on the canvas; its own legend is off (the page lists the tags as text).
    return new window.Chart(byId(canvasId), {
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
    byId('top-range').textContent = `${timeLabel(fromMs)} – ${timeLabel(toMs)}, ${state.window} windows`;
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

  function minutesAgo(ms) {
    const minutes = Math.max(0, Math.round((Date.now() - ms) / 60000));
    if (minutes < 1) {
      return 'just now';
    }
    return minutes < 120 ? `${minutes} min ago` : `${number(minutes / 60, 1)} h ago`;
  }

  // "14:02": hours and minutes in the browser's time zone, whatever its locale.
  function clock(ms) {
    const date = new Date(ms);
    return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  }

  // Mentions in the short horizon against those the tag's baseline expects: "×4.2"; "new" when nothing was expected.
  function growthLabel(trend) {
    const growth = trend.growth === undefined || trend.growth === null
      ? (trend.expected > 0 ? trend.mentions / trend.expected : null) : trend.growth;
    return growth === null ? 'new' : `×${number(growth, growth < 10 ? 1 : 0)}`;
  }

  function trendKey(trend) {
    return `${trend.scope}|${trend.tag}`;
  }

  // Best first, as /api/trends orders them: highest score, then most mentions, then by tag.
  function byRank(a, b) {
    return (b.score - a.score) || (b.mentions - a.mentions) || (a.tag < b.tag ? -1 : (a.tag > b.tag ? 1 : 0));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  const SVG = 'http://www.w3.org/2000/svg';

  // An inline SVG sparkline of mentions per minute, oldest first: a line over a filled area, scaled to its maximum.
  function drawSparkline(svg, counts) {
    clear(svg);
    const values = Array.isArray(counts) ? counts.map(Number) : [];
    svg.dataset.points = values.join(',');
    if (values.length < 2) {
      svg.setAttribute('aria-label', 'No mentions per minute read yet');
      return;
    }
    const max = Math.max(1, ...values);
    const step = 100 / (values.length - 1);
    const points = values.map((value, i) => `${(i * step).toFixed(2)},${(23 - (value / max) * 22).toFixed(2)}`);
    const area = document.createElementNS(SVG, 'polygon');
    area.setAttribute('class', 'area');
    area.setAttribute('points', `0,24 ${points.join(' ')} 100,24`);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.join(' '));
    svg.append(area, line);
    svg.setAttribute('aria-label', `Mentions per minute over the last ${values.length} minutes: `
      + `at most ${number(max)}, ${number(values[values.length - 1])} in the latest`);
  }

  function trendRow(key) {
    const row = element('li');
    row.dataset.key = key;
    const open = element('button', 'tag trend-open');
    open.type = 'button';
    open.setAttribute('aria-controls', 'trend-detail');
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'sparkline');
    svg.setAttribute('viewBox', '0 0 100 24');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    const head = element('div', 'head');
    head.append(open, element('span', 'badge'));
    row.append(element('span', 'rank'), head, element('div', 'facts'), svg);
    // The whole row opens the trend; the button makes it reachable and opens it with Enter or Space.
    row.addEventListener('click', () => {
      const trend = state.trends.get(key);
      if (trend) {
        openTrend(trend.scope, trend.tag, trend.trendId, open);
      }
    });
    return row;
  }

  function fillRow(row, trend, rank) {
    const status = String(trend.status).toLowerCase();
    row.dataset.tag = trend.tag;
    row.dataset.status = status;
    row.dataset.trendId = trend.trendId;
    row.querySelector('.rank').textContent = String(rank);
    const open = row.querySelector('.trend-open');
    open.textContent = `#${trend.tag}`;
    const started = Date.parse(trend.startedAt);
    const isOpen = state.detail !== null && state.detail.trendId === trend.trendId;
    row.classList.toggle('open', isOpen);
    open.setAttribute('aria-expanded', String(isOpen));
    open.title = `Show #${trend.tag}: its velocity and related tags`;
    const badge = row.querySelector('.badge');
    badge.className = `badge ${status}`;
    badge.textContent = status;
    row.querySelector('.facts').textContent = `since ${clock(started)} (${minutesAgo(started)}) · `
      + `${growthLabel(trend)} · ${number(trend.authors)} authors · ${number(trend.mentions)} mentions`;
    const svg = row.querySelector('svg');
    const points = (trend.sparkline || []).join(',');
    if (svg.dataset.points !== points || !svg.firstChild) {
      drawSparkline(svg, trend.sparkline);
    }
  }

  // Rows are updated in place (a focused row keeps its focus) and moved only when their rank changes.
  function renderTrends() {
    const list = byId('trends-list');
    const focused = document.activeElement;
    const trends = Array.from(state.trends.values()).sort(byRank).slice(0, state.settings.trendsLimit || 20);
    const keys = new Set(trends.map(trendKey));
    state.rows.forEach((row, key) => {
      if (!keys.has(key)) {
        row.remove();
        state.rows.delete(key);
      }
    });
    trends.forEach((trend, i) => {
      const key = trendKey(trend);
      let row = state.rows.get(key);
      if (!row) {
        row = trendRow(key);
        state.rows.set(key, row);
      }
      fillRow(row, trend, i + 1);
      if (list.children[i] !== row) {
        list.insertBefore(row, list.children[i] || null);
      }
    });
    if (focused && focused !== document.activeElement && document.contains(focused)) {
      focused.focus();
    }
    byId('trends-status').textContent = trends.length === 0
      ? `Nothing trends in ${state.scope} now`
      : `${state.scope}: ${trends.length} trend${trends.length === 1 ? '' : 's'}`;
  }

  // A trend record from the live stream: it replaces the one of its key, unless older; an ended one leaves. The
  // stream carries the record as the counter wrote it: the row keeps its sparkline until the next read of the list.
  function trendRead(trend) {
    if (!trend || trend.scope !== state.scope) {
      return;
    }
    const key = trendKey(trend);
    const known = state.trends.get(key);
    if (known && Date.parse(known.asOf) > Date.parse(trend.asOf)) {
      return;
    }
    if (trend.status === 'ENDED' || trend.moderated) {
      state.trends.delete(key);
    }
    else {
      const sparkline = known && known.trendId === trend.trendId ? known.sparkline : null;
      state.trends.set(key, { ...trend, growth: null, sparkline });
      if (!sparkline) {
        soonLoadTrends();
      }
    }
    if (state.detail && state.detail.trendId === trend.trendId) {
      state.detail = { ...state.detail, ...trend, growth: null };
      renderDetailFacts();
    }
    renderTrends();
  }

  async function loadScopes() {
    const scopes = await getJson('api/trends/scopes');
    scopes.forEach(addScope);
    state.scopesLoaded = Date.now();
  }

  function addScope(scope) {
    const picker = byId('scope');
    if (!Array.from(picker.options).some((option) => option.value === scope)) {
      const option = document.createElement('option');
      option.value = scope;
      option.textContent = scope;
      picker.appendChild(option);
    }
  }

  // A new trend from the live stream has no sparkline yet: read the list again soon (once for many).
  function soonLoadTrends() {
    if (!state.soon) {
      state.soon = window.setTimeout(() => {
        state.soon = null;
        loadTrends();
      }, 1000);
    }
  }

  // The scope's current trends from the database; live records fill in between, this corrects them.
  async function loadTrends() {
    window.clearTimeout(state.trendsTimer);
    const generation = ++state.trendsGeneration;
    try {
      if (Date.now() - state.scopesLoaded > 60000) {
        await loadScopes();
      }
      const answer = await getJson(`api/trends?${new URLSearchParams({ scope: state.scope })}`);
      if (generation === state.trendsGeneration) {
        state.trends = new Map(answer.trends.map((trend) => [trendKey(trend), trend]));
        renderTrends();
      }
      if (state.detail) {
        loadDetail(state.detail.scope, state.detail.tag, state.detail.trendId);
      }
    }
    catch (error) {
      if (generation === state.trendsGeneration) {
        byId('trends-status').textContent = `Cannot load the trends: ${error.message}`;
      }
    }
    finally {
      if (generation === state.trendsGeneration) {
        state.trendsTimer = window.setTimeout(loadTrends, Math.min(30000, Math.max(2000,
          state.settings.refreshMillis * 5)));
      }
    }
  }

  function setUpScopePicker() {
    const picker = byId('scope');
    picker.addEventListener('change', () => {
      state.scope = picker.value;
      state.trends = new Map();
      renderTrends();
      loadTrends();
    });
  }

  // The trend's detail: /api/trends/{scope}/{tag}, the one of its id when known (else the tag's latest).
  async function loadDetail(scope, tag, trendId) {
    const generation = ++state.detailGeneration;
    const path = `api/trends/${encodeURIComponent(scope)}/${encodeURIComponent(tag)}`
      + (trendId ? `?${new URLSearchParams({ trendId })}` : '');
    try {
      const detail = await getJson(path);
      if (generation !== state.detailGeneration) {
        return false;
      }
      state.detail = { ...detail.trend, display: detail.display };
      renderDetail(detail);
      return true;
    }
    catch (error) {
      if (generation === state.detailGeneration) {
        state.detail = { scope, tag, trendId };
        byId('detail-title').textContent = `#${tag}`;
        byId('detail-facts').textContent = '';
        byId('detail-message').hidden = false;
        byId('detail-message').textContent = `Cannot show this trend: ${error.message}`;
        byId('trend-detail').hidden = false;
        clear(byId('detail-related'));
        state.detailChart.data.datasets = [];
        state.detailChart.update('none');
      }
      return false;
    }
  }

  function renderDetailFacts() {
    const trend = state.detail;
    const title = byId('detail-title');
    clear(title);
    const badge = element('span', `badge ${String(trend.status).toLowerCase()}`, String(trend.status).toLowerCase());
    title.append(document.createTextNode(`#${trend.display || trend.tag} `), badge);
    const started = Date.parse(trend.startedAt);
    const parts = [`${trend.scope}`, `since ${clock(started)} (${minutesAgo(started)})`];
    if (trend.endedAt) {
      parts.push(`ended ${clock(Date.parse(trend.endedAt))}`);
    }
    parts.push(`${growthLabel(trend)} its baseline`, `${number(trend.mentions)} mentions`,
      `${number(trend.authors)} authors`, `${number(trend.perMinute)}/min now`,
      `peak ${number(trend.peakPerMinute)}/min at ${clock(Date.parse(trend.peakAt))}`,
      `score ${number(trend.score, 1)}`);
    byId('detail-facts').textContent = parts.join(' · ');
  }

  function renderDetail(detail) {
    byId('trend-detail').hidden = false;
    byId('detail-message').hidden = true;
    renderDetailFacts();
    const velocity = detail.velocity;
    const chart = state.detailChart;
    chart.data.datasets = [{
      label: `#${detail.display}`,
      tag: detail.trend.tag,
      borderColor: COLORS[0],
      backgroundColor: COLORS[0],
      data: velocity.points.map((p) => ({ x: Date.parse(p.start), y: p.perSecond })),
    }];
    chart.options.scales.x.min = Date.parse(velocity.from);
    chart.options.scales.x.max = Date.parse(velocity.to);
    chart.update('none');
    const related = byId('detail-related');
    clear(related);
    detail.related.forEach((tag) => {
      const item = element('li');
      const button = element('button', 'related-tag', `#${tag.tag}`);
      button.type = 'button';
      button.dataset.tag = tag.tag;
      if (tag.trendId) {
        const status = String(tag.status).toLowerCase();
        button.title = `Show the trend of #${tag.tag} (${status})`;
        button.append(element('span', `badge ${status}`, status));
        button.addEventListener('click', () => openTrend(detail.trend.scope, tag.tag, tag.trendId, null));
      }
      else {
        button.title = `Chart #${tag.tag} (it has no trend in ${detail.trend.scope})`;
        button.addEventListener('click', () => chooseTag(tag.tag));
      }
      item.append(button, element('span', 'muted', ` ${number(tag.mentions)} together`));
      related.appendChild(item);
    });
    if (detail.related.length === 0) {
      related.appendChild(element('li', 'muted', 'None yet'));
    }
    renderTrends();
  }

  // Opens a trend's detail, names it in the address (?trend=<id>, as alerts link to it) and moves the focus there.
  async function openTrend(scope, tag, trendId, opener) {
    state.opener = opener || state.opener;
    const shown = await loadDetail(scope, tag, trendId);
    const url = new URL(window.location.href);
    if (shown) {
      url.searchParams.set('trend', state.detail.trendId);
      window.history.replaceState(null, '', url);
    }
    byId('detail-title').focus();
  }

  function closeTrend() {
    state.detail = null;
    state.detailGeneration++;
    byId('trend-detail').hidden = true;
    const url = new URL(window.location.href);
    url.searchParams.delete('trend');
    window.history.replaceState(null, '', url);
    renderTrends();
    const opener = state.opener && document.contains(state.opener) ? state.opener
      : document.querySelector('#trends-list .trend-open');
    if (opener) {
      opener.focus();
    }
  }

  // ?trend=<scope>|<tag>|<start epoch ms> (the sink's alerts link there): its scope is picked and it is opened.
  function trendOfAddress() {
    const id = new URLSearchParams(window.location.search).get('trend');
    const first = id ? id.indexOf('|') : -1;
    const last = id ? id.lastIndexOf('|') : -1;
    if (first <= 0 || last <= first + 1) {
      return null;
    }
    return { trendId: id, scope: id.slice(0, first), tag: id.slice(first + 1, last) };
  }

  function setUpDetail() {
    // The counts view's chart, narrower: fewer ticks, labelled in hours and minutes.
    state.detailChart = createChart('detail-chart');
    state.detailChart.options.scales.x.ticks = { maxTicksLimit: 4, callback: (value) => clock(value) };
    state.detailChart.options.scales.y.title.text = 'per second';
    byId('detail-close').addEventListener('click', closeTrend);
    byId('trend-detail').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        closeTrend();
      }
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
      const size = new URLSearchParams({ window: state.window });
      const latest = await getJson(`api/windows/latest?${size}`);
      if (stale()) {
        return;
      }
      if (!latest.windowEnd) {
        renderTopList([], Date.now() - rangeMillis(), Date.now());
        const waiting = state.window === '1s' ? 'Waiting for the first counts…'
          : `No ${state.window} windows stored yet`;
        emptyChart(waiting);
        setStatus(waiting);
        return;
      }
      // The range ends with the newest stored window, so the page shows data even when the stream is behind.
      const toMs = Date.parse(latest.windowEnd);
      const fromMs = toMs - rangeMillis();
      const range = new URLSearchParams({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(),
        window: state.window });
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

  // The range charted: the one picked, but at least ten windows of the size picked.
  function rangeMillis() {
    return Math.max(state.rangeMillis, 10 * state.windowMillis);
  }

  // The longer the range, the less often its chart changes visibly (and the more the queries cost): one refresh per
  // point width at most (the range over 300 points), never rarer than every 30 s.
  function refreshInterval() {
    return Math.min(30000, Math.max(state.settings.refreshMillis, rangeMillis() / 300));
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
    source.addEventListener('trend', (event) => {
      try {
        trendRead(JSON.parse(event.data));
      }
      catch (error) {
        loadTrends();
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

  // The window sizes the API reads (GET /api/windows): the picker offers those, the velocity windows first.
  async function setUpWindowPicker() {
    const picker = byId('window');
    try {
      const sizes = await getJson('api/windows');
      Array.from(picker.options).forEach((option) => {
        if (!sizes.some((size) => size.window === option.value)) {
          option.remove();
        }
      });
      const velocity = sizes.find((size) => size.velocity);
      if (velocity) {
        state.window = velocity.window;
        state.windowMillis = velocity.millis;
      }
      picker.value = state.window;
      picker.addEventListener('change', () => {
        const size = sizes.find((known) => known.window === picker.value);
        state.window = picker.value;
        state.windowMillis = size ? size.millis : 1000;
        refresh();
      });
    }
    catch (error) {
      picker.disabled = true;
    }
  }

  async function start() {
    state.chart = createChart('chart');
    setUpDetail();
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
    setUpScopePicker();
    await setUpWindowPicker();
    renderTitle();
    connect();
    const linked = trendOfAddress();
    if (linked) {
      addScope(linked.scope);
      byId('scope').value = linked.scope;
      state.scope = linked.scope;
      openTrend(linked.scope, linked.tag, linked.trendId, null);
    }
    // ?tag=<tag> (the url of a tag in the Mastodon-compatible trends): that tag is charted.
    const linkedTag = new URLSearchParams(window.location.search).get('tag');
    if (linkedTag) {
      state.chosenTag = linkedTag.trim().replace(/^[#＃]/, '') || null;
      renderTitle();
    }
    loadTrends();
    refresh();
  }

  start();
})();
