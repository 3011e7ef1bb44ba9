/* Where to click in the newest drawn graph, for the interaction benchmark: the nodes and the
 * claims that a click at one point picks unambiguously, with a margin: vis-network finds that
 * node at the point and 2 px around it, or that claim at the point and no node 4 px around it, and
 * no drawn label covers them but the node's own; inside the canvas, in page coordinates; and
 * what the graph has selected. Null until the graph is drawn and
 * has stayed put between two polls of page.wait_for_function. Reads the handles graph.js keeps in
 * globalThis.painAtlasGraphs.
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
  // The point as the click will give it (page pixels, back in the canvas's), and d px around it.
  const around = (p, d) => {
    const q = page(p), c = { x: q.x - box.left, y: q.y - box.top };
    return [c, { x: c.x - d, y: c.y }, { x: c.x + d, y: c.y }, { x: c.x, y: c.y - d }, { x: c.x, y: c.y + d }];
  };
  const where = net.getPositions();
  const nodes = [];
  const edges = new Set();
  Object.keys(where).forEach((id) => {
    const p = net.canvasToDOM(where[id]);
    const exact = { x: Math.round(p.x), y: Math.round(p.y) };
    net.getConnectedEdges(id).forEach((e) => edges.add(e));
    if (!inside(exact)) return;
    if (!around(exact, 2).every((q) => String(net.getNodeAt(q)) === id && labelsAt(q).every((o) => o === id))) return;
    nodes.push(Object.assign({ id: id }, page(exact)));
  });
  const claims = [];
  edges.forEach((id) => {
    const ends = net.getConnectedNodes(id);
    if (ends.length !== 2 || !where[ends[0]] || !where[ends[1]]) return;
    const a = net.canvasToDOM(where[ends[0]]), b = net.canvasToDOM(where[ends[1]]);
    const mid = { x: Math.round((a.x + b.x) / 2), y: Math.round((a.y + b.y) / 2) };
    if (!inside(mid)) return;
    const points = around(mid, 4);
    if (String(net.getEdgeAt(points[0])) !== id) return;
    if (!points.every((q) => net.getNodeAt(q) === undefined && !labelsAt(q).length)) return;
    claims.push(Object.assign({ id: id }, page(mid)));
  });
  const signature = nodes.map((n) => n.id + "@" + n.x + "," + n.y).join(";");
  const still = globalThis.__paLastTargets === signature;
  globalThis.__paLastTargets = signature;
  const selection = net.getSelection();
  return still ? { nodes: nodes, claims: claims, selected: selection.nodes.concat(selection.edges).map(String) } : null;
}
