/* True once the last connected graph is drawn and has kept its counts, camera and place on the
 * page for args.quietMs, Streamlit is not running the script, and (when given) the main text
 * contains every string in args.texts (and, on Explore, the caption's node count matches). */
(args) => {
  const handles = (globalThis.painAtlasGraphs || []).filter(h => h.holder && h.holder.isConnected);
  const h = handles[handles.length - 1];
  if (!h || h.holder.getAttribute("data-drawn") !== "1") return false;
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  if (running && /running/i.test(running.textContent || "")) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const text = (main.innerText || "").replace(/\s+/g, " ");
  if (args.caption) {
    const m = /Showing ([\d,]+) of/.exec(text);
    if (!m || m[1].replace(/,/g, "") !== h.holder.getAttribute("data-node-count")) return false;
  }
  for (const t of args.texts || []) if (!text.includes(t)) return false;
  const canvas = h.holder.querySelector("canvas");
  const r = canvas ? canvas.getBoundingClientRect() : {top: 0, height: 0, width: 0};
  const view = h.network.getViewPosition();
  const sig = [h.holder.getAttribute("data-node-count"), h.holder.getAttribute("data-edge-count"),
               h.network.getScale().toFixed(5), view.x.toFixed(2), view.y.toFixed(2),
               r.top.toFixed(1), r.width.toFixed(1), r.height.toFixed(1)].join("|");
  const s = globalThis.__paSettled || (globalThis.__paSettled = {sig: null, since: 0});
  const now = performance.now();
  if (s.sig !== sig) { s.sig = sig; s.since = now; return false; }
  return now - s.since >= args.quietMs;
}
