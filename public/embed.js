/*
 * Intercept Explorer embed loader (no dependencies). Put this on a docs page:
 *
 *   <div data-intercept-explorer="graph" data-args="-p 15001 -u 1337 -m TPROXY" data-height="420"></div>
 *   <div data-intercept-explorer="path" data-step="intercept/uid-1337"></div>
 *   <script src="https://docs.example/explorer/embed.js" async></script>
 *
 * Each div becomes an iframe of the explorer's embed mode (docs/embed.md). The explorer's URL is
 * resolved from this script's own src, so it works from any sub-path. Attributes:
 *   data-intercept-explorer  the view: rules | graph | workbench | path | editor+rules
 *   data-args                istio-init args (plain text)
 *   data-step                a tutorial step, "<lesson>/<step>" (its state; the args then do not apply)
 *   data-state               a permalink fragment "s=…" (wins over args and step)
 *   data-lang, data-theme    en | zh, light | dark
 *   data-readonly            present (or "true"/"1"): the args editor is read-only
 *   data-height              initial height in px (default 480); the frame then sizes itself
 *   data-title               the iframe's accessible title
 * The frames grow to their content from the explorer's `intercept:resize` messages.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('./', script && script.src ? script.src : window.location.href);
  var explorerOrigin = base.origin;
  var frames = [];
  var MAX_HEIGHT = 20000;

  function isTrue(value) {
    return value !== null && value !== 'false' && value !== '0';
  }

  function buildUrl(el) {
    var url = new URL(base.href);
    url.searchParams.set('embed', el.getAttribute('data-intercept-explorer') || 'rules');
    var args = el.getAttribute('data-args');
    var step = el.getAttribute('data-step');
    var state = el.getAttribute('data-state');
    if (args !== null) url.searchParams.set('args', args);
    if (step !== null) url.searchParams.set('tutorial', step);
    ['lang', 'theme'].forEach(function (name) {
      var v = el.getAttribute('data-' + name);
      if (v !== null) url.searchParams.set(name, v);
    });
    if (isTrue(el.getAttribute('data-readonly'))) url.searchParams.set('readonly', '1');
    // Replies go only to this page (a file:// page has no origin to name).
    if (window.location.origin && window.location.origin !== 'null')
      url.searchParams.set('origin', window.location.origin);
    if (state !== null) url.hash = state.charAt(0) === '#' ? state.slice(1) : state;
    return url;
  }

  function mount(el) {
    if (el.getAttribute('data-intercept-ready') !== null) return;
    el.setAttribute('data-intercept-ready', '');
    var view = el.getAttribute('data-intercept-explorer') || 'rules';
    var height = parseInt(el.getAttribute('data-height') || '480', 10);
    var frame = document.createElement('iframe');
    frame.src = buildUrl(el).href;
    frame.title = el.getAttribute('data-title') || 'Intercept Explorer: ' + view;
    frame.loading = 'lazy';
    frame.style.cssText =
      'display:block;width:100%;border:0;height:' + (height > 0 ? height : 480) + 'px';
    while (el.firstChild) el.removeChild(el.firstChild);
    el.appendChild(frame);
    frames.push(frame);
  }

  function onMessage(e) {
    if (e.origin !== explorerOrigin || !e.data || e.data.type !== 'intercept:resize') return;
    var h = e.data.height;
    if (typeof h !== 'number' || !isFinite(h) || h <= 0) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source)
        frames[i].style.height = Math.ceil(Math.min(h, MAX_HEIGHT)) + 'px';
    }
  }

  /** Mounts every not yet mounted placeholder under `root` (default: the document). */
  function scan(root) {
    var found = (root || document).querySelectorAll('[data-intercept-explorer]');
    for (var i = 0; i < found.length; i++) mount(found[i]);
  }

  window.addEventListener('message', onMessage);
  window.InterceptExplorer = { scan: scan, explorerUrl: base.href };
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', function () {
      scan();
    });
  else scan();
})();
