/* Where to click in the newest drawn graph, for the interaction benchmark: the nodes and the
 * claims that a click at one point picks unambiguously (vis-network finds that node or claim
 * there, no other node is there, and no drawn label covers the point but the node's own), inside
 * the canvas, in page coordinates. Null until the graph is drawn and has stayed put between two
 * polls of page.wait_for_function. Reads the handles graph.js keeps in globalThis.painAtlasGraphs.
 */
() => {
  const graphs = (globalThis.painAtlasGraphs || []).filter((h) => h.holder.isConnected);
  const h = graphs[graphs.length - 1];
  if (!h || h.holder.getAttribute("data-drawn") !== "1") return null;
  const canvas = h.holder.querySelector("canvas");
  const box = canvas.getBoundingClientRect();
  const net = h.network;
  const labels = h.labels();
  const pad = 16;
  const inside = (p) => p.x > pad && p.y > pad && p.x < box.width - pad && p.y < box.height - pad;
  const labelsAt = (p) => labels.filter((l) => p.x >= l.x - 2 && p.x <= l.x + l.w + 2 && p.y >= l.y - 2 &&
                                                p.y <= l.y + l.h + 2).map((l) => l.id);
  const page = (p) => ({ x: Math.round(box.left + p.x), y: Math.round(box.top + p.y) });
  const where = net.getPositions();
  const nodes = [];
  const edges = new Set();
  Object.keys(where).forEach((id) => {
    const p = net.canvasToDOM(where[id]);
    const exact = { x: Math.round(p.x), y: Math.round(p.y) };
    net.getConnectedEdges(id).forEach((e) => edges.add(e));
    if (!inside(exact) || String(net.getNodeAt(exact)) !== id) return;
    if (labelsAt(exact).some((other) => other !== id)) return;
    nodes.push(Object.assign({ id: id }, page(exact)));
  });
  const claims = [];
  edges.forEach((id) => {
    const ends = net.getConnectedNodes(id);
    if (ends.length !== 2 || !where[ends[0]] || !where[ends[1]]) return;
    const a = net.canvasToDOM(where[ends[0]]), b = net.canvasToDOM(where[ends[1]]);
    const mid = { x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2) };
    if (!inside(mid) || net.getNodeAt(mid) !== undefined || String(net.getEdgeAt(mid)) !== id) return;
    if (labelsAt(mid).length) return;
    claims.push(Object.assign({ id: id }, page(mid)));
  });
  const signature = nodes.map((n) => n.id + "@" + n.x + "," + n.y).join(";");
  const still = globalThis.__paLastTargets === signature;
  globalThis.__paLastTargets = signature;
  return still ? { nodes: nodes, claims: claims } : null;
}
