/* The standalone page's script: a view or a guided tour, offline.
 *
 * Everything from the data goes in with textContent (through PainAtlasGraph.el). A tour
 * ({"title", "steps": [...]}, see builders.teach.tours.tour_page_data) adds the step panel:
 * previous/next buttons, the arrow and Page Up/Down keys (what presentation clickers send), a
 * "3 / 8" counter, "#step=3" deep links, and the predict-then-reveal steps.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pa-data").textContent);
  var el = PainAtlasGraph.el;
  function byId(id) { return document.getElementById(id); }
  document.title = data.title;
  byId("pa-title").textContent = data.title;
  byId("pa-disclaimer").textContent = data.disclaimer;
  var refs = byId("pa-references");
  data.references.forEach(function (r) { refs.appendChild(el("li", r)); });
  var details = byId("pa-details");
  function show(sel) {
    details.replaceChildren();
    if (!sel) { details.appendChild(el("p", "Click a node or a claim to see its sources.")); return; }
    var item = data.details[sel.kind + ":" + sel.id];
    if (!item) return;
    details.appendChild(el("h3", item.title));
    item.lines.forEach(function (line) { details.appendChild(el("p", line)); });
  }
  var graph = PainAtlasGraph.mount(byId("pa-root"), { onSelect: show });
  window.painAtlas = graph;
  var tour = data.tour;
  if (!tour || !tour.steps.length) {
    graph.update(data.payload);
    show(null);
    return;
  }

  var steps = tour.steps, index = 0, revealed = {};
  var box = byId("pa-tour"), prev = byId("pa-prev"), next = byId("pa-next"), reveal = byId("pa-reveal");
  var answer = byId("pa-answer");
  box.hidden = false;

  function stepFromHash() {
    var match = /step=(\d+)/.exec(window.location.hash);
    var number = match ? parseInt(match[1], 10) : 1;
    return Math.min(Math.max(number, 1), steps.length) - 1;
  }

  function render() {
    var step = steps[index];
    var open = step.type === "predict" && revealed[index];
    byId("pa-counter").textContent = (index + 1) + " / " + steps.length;
    byId("pa-step-title").textContent = step.title;
    byId("pa-narration").textContent = step.narration;
    byId("pa-predict").hidden = step.type !== "predict";
    byId("pa-question").textContent = step.question || "";
    reveal.hidden = !!open;
    answer.hidden = !open;
    answer.replaceChildren();
    var lines = step.sources;
    if (open) {
      answer.appendChild(el("h3", step.answer.title));
      step.answer.lines.forEach(function (line) { answer.appendChild(el("p", line)); });
      lines = lines.concat(step.answer.sources);
    }
    var sources = byId("pa-step-sources");
    sources.replaceChildren();
    lines.forEach(function (line) { sources.appendChild(el("li", line)); });
    byId("pa-step-sources-box").hidden = !lines.length;
    prev.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    box.setAttribute("data-step", String(index + 1));
    graph.update(open ? step.reveal_payload : step.payload);
    show(null);
    try { window.history.replaceState(null, "", "#step=" + (index + 1)); } catch (e) { /* file: URLs may refuse */ }
  }

  function go(target) {
    var wanted = Math.min(Math.max(target, 0), steps.length - 1);
    if (wanted !== index) { index = wanted; render(); }
  }

  prev.addEventListener("click", function () { go(index - 1); });
  next.addEventListener("click", function () { go(index + 1); });
  reveal.addEventListener("click", function () { revealed[index] = true; render(); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (event.key === "ArrowRight" || event.key === "PageDown") { go(index + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { go(index - 1); event.preventDefault(); }
  });
  window.addEventListener("hashchange", function () { go(stepFromHash()); });
  index = stepFromHash();
  render();
})();
