/* The interaction benchmark's probe (builders/scale/interaction.py), added to every page of its
 * browser context before any script of the page runs. Every time is performance.now() in the
 * page, so a measurement is the page's own clock from the user's input to what it waits for:
 * - input: the last pointerdown or keydown, anywhere (capture phase);
 * - redraws: each time a graph draws a payload whose key differs from the one it drew before
 *   ({key, updated, drawn}); it hooks every graph as graph.js registers it in
 *   globalThis.painAtlasGraphs, before the graph's first update;
 * - watch(selector, text): the first time an element matching selector has exactly this text;
 * - loaded: the first time a Streamlit button is on the page (the bare app's page load);
 * - settled(): Streamlit is not running the script and nothing on the page is stale.
 * It changes nothing on the page.
 */
(function () {
  "use strict";
  if (globalThis.__paProbe) return;
  const now = function () { return performance.now(); };
  const probe = { input: null, redraws: [], seen: {}, loaded: null, runs: 0, watches: 0 };
  globalThis.__paProbe = probe;
  ["pointerdown", "keydown"].forEach(function (type) {
    globalThis.addEventListener(type, function () { probe.input = now(); }, true);
  });

  function hook(handle) {
    if (!handle || handle.__paHooked) return;
    handle.__paHooked = true;
    let lastKey = null;
    let pending = null;
    const update = handle.update;
    handle.update = function (payload) {
      if (payload && payload.key !== lastKey) {
        lastKey = payload.key;
        pending = { key: payload.key, updated: now() };
      }
      return update.apply(this, arguments);
    };
    handle.network.on("afterDrawing", function () {
      if (!pending) return;
      pending.drawn = now();
      probe.redraws.push(pending);
      pending = null;
    });
  }

  let graphs = [];
  Object.defineProperty(globalThis, "painAtlasGraphs", {
    configurable: true,
    get: function () { return graphs; },
    set: function (value) { graphs = value; (value || []).forEach(hook); },
  });

  function matches(selector, text) {
    const found = document.querySelectorAll(selector);
    for (let i = 0; i < found.length; i++) {
      if ((found[i].textContent || "").trim() === text) return true;
    }
    return false;
  }

  probe.watch = function (selector, text) {
    const token = "w" + (probe.watches += 1);
    if (matches(selector, text)) { probe.seen[token] = now(); return token; }
    const observer = new MutationObserver(function () {
      if (matches(selector, text)) { probe.seen[token] = now(); observer.disconnect(); }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    return token;
  };

  probe.settled = function () {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute("data-test-script-state") === "notRunning" &&
      !document.querySelector('[data-stale="true"]');
  };

  const loadObserver = new MutationObserver(function () {
    if (document.querySelector('[data-testid="stButton"]')) { probe.loaded = now(); loadObserver.disconnect(); }
  });
  const start = function () {
    loadObserver.observe(document.documentElement, { childList: true, subtree: true });
  };
  if (document.documentElement) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
