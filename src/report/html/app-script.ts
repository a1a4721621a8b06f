// The page's one inline script (its sha256 is in the CSP). It reads the findings from the JSON
// data block once, and renders only the rows of the current page: 100,000 findings stay usable.
// Every value from the account reaches the page through textContent or setAttribute on elements
// it creates, never through innerHTML, so markup in a tag value shows as text.
// Filter, sort, search, page and the open finding live in the URL hash: a link reproduces a view.
// Fingerprints are mostly left out of the data block (render.ts: 64 random hex characters each, 40%
// of the compressed data of a large account, and the page's load time is its size): the page
// derives each one from the finding with SHA-256, the formula of src/engine/fingerprint.ts, only
// when a row, the detail panel or a link needs it.
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
  // SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as hex: synchronous, for a few hundred short
  // inputs at a time (crypto.subtle is asynchronous and slower per call for such inputs).
  var K256 = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var W64 = new Int32Array(64);
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  function sha256hex(text) {
    var bytes = new TextEncoder().encode(text), n = bytes.length;
    var words = new Int32Array(((n + 9 + 63) >> 6) << 4);
    for (var i = 0; i < n; i++) words[i >> 2] |= bytes[i] << (24 - (i & 3) * 8);
    words[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    words[words.length - 1] = n * 8;
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (var off = 0; off < words.length; off += 16) {
      var t;
      for (t = 0; t < 16; t++) W64[t] = words[off + t];
      for (t = 16; t < 64; t++) {
        var a15 = W64[t - 15], a2 = W64[t - 2];
        W64[t] = (W64[t - 16] + (rotr(a15, 7) ^ rotr(a15, 18) ^ (a15 >>> 3)) + W64[t - 7] + (rotr(a2, 17) ^ rotr(a2, 19) ^ (a2 >>> 10))) | 0;
      }
      var A = h[0], B = h[1], C = h[2], D = h[3], E = h[4], F = h[5], G = h[6], H = h[7];
      for (t = 0; t < 64; t++) {
        var t1 = (H + (rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25)) + ((E & F) ^ (~E & G)) + K256[t] + W64[t]) | 0;
        var t2 = ((rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22)) + ((A & B) ^ (A & C) ^ (B & C))) | 0;
        H = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
      }
      h[0] = (h[0] + A) | 0; h[1] = (h[1] + B) | 0; h[2] = (h[2] + C) | 0; h[3] = (h[3] + D) | 0;
      h[4] = (h[4] + E) | 0; h[5] = (h[5] + F) | 0; h[6] = (h[6] + G) | 0; h[7] = (h[7] + H) | 0;
    }
    return h.map(function (x) { return ('0000000' + (x >>> 0).toString(16)).slice(-8); }).join('');
  }
  // A finding's fingerprint: from the data when render.ts kept it (it could not be derived),
  // else derived as src/engine/fingerprint.ts does, once.
  function fingerprint(f) {
    if (!f.fingerprint) {
      var partition = f.resource.arn.split(':')[1] || '';
      f.fingerprint = sha256hex(['v1', partition, f.resource.accountId, f.resource.region, f.resource.arn, f.ruleId].join('\n'));
    }
    return f.fingerprint;
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
      var tr = el('tr', { tabindex: '-1', 'data-fingerprint': fingerprint(f), 'aria-selected': String(fingerprint(f) === state.open) });
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
    for (var i = 0; i < findings.length && state.open; i++) if (fingerprint(findings[i]) === state.open) { f = findings[i]; break; }
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
    row('Fingerprint', fingerprint(f));
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
