/* Where a node of the newest graph on the page is on screen, once it has stayed put between two
 * polls of page.wait_for_function; null until then (no graph yet, the node not drawn yet, or the
 * layout still moving it). Reads the handles graph.js keeps in globalThis.painAtlasGraphs. */
(id) => {
  const graphs = (globalThis.painAtlasGraphs || []).filter((handle) => handle.holder.isConnected);
  const handle = graphs[graphs.length - 1];
  const canvas = handle && handle.holder.querySelector("canvas");
  const found = handle && handle.network.getPositions([id])[id];
  if (!canvas || !found) return null;
  const point = handle.network.canvasToDOM(found);
  const box = canvas.getBoundingClientRect();
  const where = { x: Math.round(box.left + point.x), y: Math.round(box.top + point.y) };
  const key = `${id}@${where.x},${where.y}`;
  const still = globalThis.__paLastNodePosition === key;
  globalThis.__paLastNodePosition = key;
  return still ? where : null;
}
