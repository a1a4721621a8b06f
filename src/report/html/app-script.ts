// The page's one inline script (its sha256 is in the CSP). It reads the findings from the JSON
// data block once, and renders only the rows of the current page: 100,000 findings stay usable.
// Every value from the account reaches the page through textContent or setAttribute on elements
// it creates, never through innerHTML, so markup in a tag value shows as text.
// Filter, sort, search, page and the open finding live in the URL hash: a link reproduces a view.
// Plain ES2020 without template literals, kept in a raw string so the file needs no bundler.
export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var findings = [];
  var rules = {};
  var PAGE = 100;
  var SEV = { low: 0, medium: 1, high: 2, critical: 3 };
  var STATUS = { fail: 0, unknown: 1, pass: 2 };
  var FILTERS = ['status', 'severity', 'rule', 'account', 'region', 'service', 'baseline', 'waived'];
  var NS = 'http://www.w3.org/2000/svg';
  var state = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function service(f) {
    var rule = rules[f.ruleId];
    return rule ? rule.service : f.ruleId.split('-')[0];
  }
  function value(f, key) {
    switch (key) {
      case 'status': return f.status;
      case 'severity': return f.severity;
      case 'rule': return f.ruleId;
      case 'account': return f.resource.accountId;
      case 'region': return f.resource.region;
      case 'service': return service(f);
      case 'baseline': return f.baseline || '';
      case 'waived': return f.waiver ? 'yes' : 'no';
      case 'resource': return f.resource.name ? f.resource.id + ' ' + f.resource.name : f.resource.id;
      case 'message': return f.message;
    }
    return '';
  }

  function readHash() {
    state = { sort: 'severity', dir: 'desc', page: 0, q: '', open: '' };
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    FILTERS.forEach(function (k) { state[k] = params.get(k) || ''; });
    if (params.get('sort')) state.sort = params.get('sort');
    if (params.get('dir') === 'asc') state.dir = 'asc';
    state.page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
    state.q = params.get('q') || '';
    state.open = params.get('open') || '';
  }
  function writeHash() {
    var params = new URLSearchParams();
    FILTERS.forEach(function (k) { if (state[k]) params.set(k, state[k]); });
    if (state.q) params.set('q', state.q);
    if (state.sort !== 'severity' || state.dir !== 'desc') { params.set('sort', state.sort); params.set('dir', state.dir); }
    if (state.page) params.set('page', String(state.page));
    if (state.open) params.set('open', state.open);
    var text = params.toString();
    history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
  }

  function compare(a, b) {
    var k = state.sort, x, y;
    if (k === 'severity') { x = SEV[a.severity]; y = SEV[b.severity]; }
    else if (k === 'status') { x = STATUS[a.status]; y = STATUS[b.status]; }
    else { x = value(a, k).toLowerCase(); y = value(b, k).toLowerCase(); }
    var order = x < y ? -1 : x > y ? 1 : 0;
    if (order === 0 && k === 'severity') order = STATUS[b.status] - STATUS[a.status];
    return state.dir === 'asc' ? order : -order;
  }
  function visible() {
    var q = state.q.toLowerCase();
    var out = [];
    for (var i = 0; i < findings.length; i++) {
      var f = findings[i], ok = true;
      for (var j = 0; j < FILTERS.length && ok; j++) {
        var k = FILTERS[j];
        if (state[k] && value(f, k) !== state[k]) ok = false;
      }
      if (ok && q) {
        var hay = (f.ruleId + ' ' + f.message + ' ' + f.resource.id + ' ' + f.resource.arn + ' ' + (f.resource.name || '')).toLowerCase();
        if (hay.indexOf(q) < 0) ok = false;
      }
      if (ok) out.push(f);
    }
    return out.sort(compare);
  }

  function fillFilters() {
    FILTERS.forEach(function (k) {
      var select = document.getElementById('filter-' + k);
      if (!select) return;
      var seen = {};
      findings.forEach(function (f) { seen[value(f, k)] = true; });
      Object.keys(seen).filter(function (v) { return v !== ''; }).sort().forEach(function (v) {
        select.appendChild(el('option', { value: v }, v));
      });
      select.addEventListener('change', function () { state[k] = select.value; state.page = 0; update(); });
    });
    var search = document.getElementById('search');
    search.addEventListener('input', function () { state.q = search.value; state.page = 0; update(); });
    document.getElementById('clear').addEventListener('click', function () {
      FILTERS.forEach(function (k) { state[k] = ''; });
      state.q = ''; state.page = 0; update();
    });
    Array.prototype.forEach.call(document.querySelectorAll('th[data-sort] button'), function (button) {
      button.addEventListener('click', function () {
        var key = button.parentNode.getAttribute('data-sort');
        if (state.sort === key) state.dir = state.dir === 'asc' ? 'desc' : 'asc';
        else { state.sort = key; state.dir = key === 'severity' ? 'desc' : 'asc'; }
        update();
      });
    });
    document.getElementById('prev').addEventListener('click', function () { state.page -= 1; update(); });
    document.getElementById('next').addEventListener('click', function () { state.page += 1; update(); });
  }

  function syncControls() {
    FILTERS.forEach(function (k) { var s = document.getElementById('filter-' + k); if (s) s.value = state[k]; });
    document.getElementById('search').value = state.q;
    Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (th) {
      var key = th.getAttribute('data-sort');
      th.setAttribute('aria-sort', key === state.sort ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    });
  }

  function renderRows(list) {
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    if (state.page < 0) state.page = 0;
    var body = document.getElementById('rows');
    var fragment = document.createDocumentFragment();
    list.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (f) {
      var tr = el('tr', { tabindex: '-1', 'data-fingerprint': f.fingerprint, 'aria-selected': String(f.fingerprint === state.open) });
      tr.appendChild(el('td', { class: 'status-' + f.status }, f.status + (f.waiver ? ' (waived)' : '') + (f.baseline === 'new' ? ' new' : '')));
      tr.appendChild(el('td', { class: 'sev-' + f.severity }, f.severity));
      tr.appendChild(el('td', null, f.ruleId));
      tr.appendChild(el('td', null, value(f, 'resource')));
      tr.appendChild(el('td', null, f.resource.accountId + ' ' + f.resource.region));
      tr.appendChild(el('td', null, f.message));
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    var first = body.querySelector('tr');
    if (first) first.setAttribute('tabindex', '0');
    document.getElementById('count').textContent = list.length + ' of ' + findings.length + ' findings';
    document.getElementById('page').textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }

  function pathDiagram(hops, label) {
    var W = 150, H = 64, GAP = 34, PAD = 8;
    var broken = -1;
    for (var i = 0; i < hops.length; i++) if (hops[i].verdict === 'deny') { broken = i; break; }
    var width = PAD * 2 + hops.length * W + (hops.length - 1) * GAP;
    var root = svg('svg', { class: 'path', viewBox: '0 0 ' + width + ' ' + (H + 44), width: String(width), role: 'img', 'aria-label': label });
    root.appendChild(svg('title', {}, label));
    hops.forEach(function (hop, index) {
      var x = PAD + index * (W + GAP), deny = hop.verdict === 'deny';
      var after = broken >= 0 && index > broken;
      var g = svg('g', { class: 'hop' + (deny ? ' hop-broken' : ''), 'data-verdict': hop.verdict, 'data-kind': hop.kind });
      g.appendChild(svg('rect', { x: String(x), y: '4', width: String(W), height: String(H), rx: '6',
        fill: deny ? '#ffebe9' : after ? '#f6f8fa' : '#dafbe1', stroke: deny ? '#cf222e' : after ? '#8c959f' : '#1a7f37',
        'stroke-width': deny ? '3' : '1.5', 'stroke-dasharray': after ? '4 3' : 'none' }));
      g.appendChild(svg('text', { x: String(x + 8), y: '22', 'font-size': '11', fill: '#57606a' }, hop.kind));
      g.appendChild(svg('text', { x: String(x + 8), y: '40', 'font-size': '13', 'font-weight': '600', fill: '#1b1f24' }, clip(hop.id, 20)));
      g.appendChild(svg('text', { x: String(x + 8), y: '58', 'font-size': '11', fill: deny ? '#a40e26' : '#1b1f24' }, (deny ? '\u2717 ' : '\u2713 ') + clip(hop.decidedBy, 21)));
      g.appendChild(svg('title', {}, hop.kind + ' ' + hop.id + ': ' + hop.decidedBy + ' (' + hop.verdict + ')'));
      root.appendChild(g);
      if (index < hops.length - 1) {
        var ax = x + W, ay = 4 + H / 2;
        root.appendChild(svg('path', { d: 'M' + (ax + 2) + ' ' + ay + ' h' + (GAP - 10) + ' m-6 -5 l6 5 l-6 5', fill: 'none', stroke: index >= broken && broken >= 0 ? '#8c959f' : '#1b1f24', 'stroke-width': '1.5' }));
      }
    });
    if (broken >= 0) {
      var bx = PAD + broken * (W + GAP);
      root.appendChild(svg('text', { x: String(bx), y: String(H + 26), 'font-size': '12', 'font-weight': '600', fill: '#a40e26', class: 'broken-label' },
        'Broken at ' + hops[broken].id + ': ' + clip(hops[broken].decidedBy, 60)));
    }
    return root;
  }
  function clip(text, max) { text = String(text); return text.length > max ? text.slice(0, max - 1) + '\u2026' : text; }
  function pathHops(evidence) {
    if (evidence.kind !== 'path' || !evidence.details || !Array.isArray(evidence.details.hops)) return null;
    var ok = evidence.details.hops.every(function (h) { return h && typeof h.id === 'string' && typeof h.kind === 'string' && typeof h.decidedBy === 'string' && (h.verdict === 'allow' || h.verdict === 'deny'); });
    return ok && evidence.details.hops.length > 0 ? evidence.details.hops : null;
  }

  function renderDetail() {
    var panel = document.getElementById('detail');
    var f = null;
    for (var i = 0; i < findings.length && state.open; i++) if (findings[i].fingerprint === state.open) { f = findings[i]; break; }
    if (!f) { panel.replaceChildren(el('p', null, 'Select a finding to see its evidence.')); return; }
    var rule = rules[f.ruleId];
    var nodes = [el('h2', { id: 'detail-title' }, rule ? rule.title : f.ruleId)];
    var dl = el('dl');
    function row(term, text) { if (text === undefined || text === '') return; dl.appendChild(el('dt', null, term)); dl.appendChild(el('dd', null, text)); }
    row('Status', f.status); row('Severity', f.severity); row('Rule', f.ruleId);
    row('Resource', f.resource.arn); row('Name', f.resource.name); row('Account', f.resource.accountId); row('Region', f.resource.region);
    row('Message', f.message);
    if (f.baseline) row('Baseline', f.baseline === 'new' ? 'new since the baseline' : 'unchanged since the baseline');
    if (f.waiver) {
      row('Waived', f.waiver.reason);
      row('Waiver owner', f.waiver.owner);
      row('Waiver expires', f.waiver.expires);
    }
    if (rule) row('Remediation', rule.remediation);
    row('Fingerprint', f.fingerprint);
    nodes.push(dl);
    if (f.evidence.length > 0) {
      nodes.push(el('h3', null, 'Evidence'));
      var list = el('ul', { class: 'evidence' });
      f.evidence.forEach(function (evidence) {
        var item = el('li');
        item.appendChild(el('strong', null, evidence.kind + ': '));
        item.appendChild(document.createTextNode(evidence.summary));
        var hops = pathHops(evidence);
        if (hops) item.appendChild(pathDiagram(hops, 'Path: ' + hops.map(function (h) { return h.id + ' ' + h.verdict; }).join(', ')));
        else if (evidence.details) item.appendChild(el('pre', null, JSON.stringify(evidence.details, null, 2)));
        list.appendChild(item);
      });
      nodes.push(list);
    }
    panel.replaceChildren.apply(panel, nodes);
  }

  function update() {
    writeHash();
    syncControls();
    renderRows(visible());
    renderDetail();
  }

  function open(fingerprint) { state.open = fingerprint; update(); }
  document.getElementById('rows').addEventListener('click', function (event) {
    var tr = event.target.closest('tr');
    if (tr) open(tr.getAttribute('data-fingerprint'));
  });
  // Keyboard: the table body is one tab stop; arrows move between rows, Enter or Space opens one.
  document.getElementById('rows').addEventListener('keydown', function (event) {
    var tr = event.target.closest('tr');
    if (!tr) return;
    var next = null;
    if (event.key === 'ArrowDown') next = tr.nextElementSibling;
    else if (event.key === 'ArrowUp') next = tr.previousElementSibling;
    else if (event.key === 'Home') next = tr.parentNode.firstElementChild;
    else if (event.key === 'End') next = tr.parentNode.lastElementChild;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      var fp = tr.getAttribute('data-fingerprint');
      open(fp);
      var again = document.querySelector('#rows tr[data-fingerprint="' + CSS.escape(fp) + '"]');
      if (again) { again.setAttribute('tabindex', '0'); again.focus(); }
      return;
    }
    if (next) {
      event.preventDefault();
      tr.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    }
  });
  window.addEventListener('hashchange', function () { readHash(); syncControls(); renderRows(visible()); renderDetail(); });

  // The data block is gzip-compressed JSON in base64 (render.ts): inflated in the browser.
  function inflate(base64) {
    var binary = atob(base64.trim());
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }
  document.getElementById('count').textContent = 'Loading findings\u2026';
  // The header, banner and summaries are already in the page; the table fills in once the data
  // is inflated, which starts after the load event so the page shows at once.
  function start() {
    inflate(document.getElementById('report-data').textContent).then(ready);
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', function () { setTimeout(start, 0); });
  function ready(text) {
    var data = JSON.parse(text);
    findings = data.findings;
    rules = data.rules;
    readHash();
    fillFilters();
    update();
    document.documentElement.setAttribute('data-ready', 'true');
    if (window.performance && performance.mark) performance.mark('aws-audit-table-ready');
  }
})();
`;
