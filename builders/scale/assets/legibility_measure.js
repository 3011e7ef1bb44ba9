/* The legibility numbers of one drawn graph, read from the live page (see builders/scale/legibility.py).
 * Boxes are in viewport CSS pixels, the page scrolled to the top. Node shapes come from
 * vis-network's public API (getBoundingBox, canvasToDOM, getScale); node labels are the ones
 * graph.js drew on the canvas at the last frame (handle.labels(): boxes in canvas pixels and the
 * font size on screen). */
(args) => {
  const MIN_PX = args.minPx, TOL = 0.5;
  const handles = (globalThis.painAtlasGraphs || []).filter(h => h.holder && h.holder.isConnected);
  if (!handles.length) return null;
  const h = handles[args.index < 0 ? handles.length + args.index : args.index];
  if (!h) return null;
  const net = h.network;
  net.redraw();  // synchronous: the labels now match the current camera
  const canvas = h.holder.querySelector("canvas");
  const cr = canvas.getBoundingClientRect();
  const box = (l, t, r, b) => ({left: l, top: t, right: r, bottom: b});
  const meet = (a, b) => box(Math.max(a.left, b.left), Math.max(a.top, b.top), Math.min(a.right, b.right), Math.min(a.bottom, b.bottom));
  const area = (a) => Math.max(0, a.right - a.left) * Math.max(0, a.bottom - a.top);
  const inside = (a, f) => a.left >= f.left - TOL && a.top >= f.top - TOL && a.right <= f.right + TOL && a.bottom <= f.bottom + TOL;
  const hits = (a, b) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  const parentOf = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;

  // The frame: the canvas, cut by the window and by every ancestor that clips its content.
  let frame = meet(box(cr.left, cr.top, cr.right, cr.bottom), box(0, 0, innerWidth, innerHeight));
  for (let el = parentOf(canvas); el && el !== document.documentElement; el = parentOf(el)) {
    const cs = getComputedStyle(el);
    if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
      const r = el.getBoundingClientRect();
      const left = r.left + el.clientLeft, top = r.top + el.clientTop;
      frame = meet(frame, box(left, top, left + el.clientWidth, top + el.clientHeight));
    }
  }
  if (frame.right < frame.left || frame.bottom < frame.top) frame = box(cr.left, cr.top, cr.left, cr.top);
  const toScreen = (b) => {
    const a = net.canvasToDOM({x: b.left, y: b.top}), c = net.canvasToDOM({x: b.right, y: b.bottom});
    return box(cr.left + a.x, cr.top + a.y, cr.left + c.x, cr.top + c.y);
  };
  const legendEl = h.holder.querySelector(".pa-legend");
  let legend = null;
  if (legendEl && legendEl.getClientRects().length) {
    const r = legendEl.getBoundingClientRect();
    legend = meet(box(r.left, r.top, r.right, r.bottom), frame);
    if (area(legend) <= 0) legend = null;
  }
  const labels = {};
  for (const l of h.labels()) labels[l.id] = {px: l.px, box: box(cr.left + l.x, cr.top + l.y, cr.left + l.x + l.w, cr.top + l.y + l.h), short: l.short};
  // Drawn nodes: those not hidden (faded context outside the frame is hidden by graph.js).
  const ids = net.body.data.nodes.getIds().filter(id => !net.body.data.nodes.get(id).hidden);
  const rows = ids.map(id => {
    const shape = toScreen(net.getBoundingBox(id));
    const label = labels[id] || null;
    const inFrame = inside(shape, frame) && (!label || inside(label.box, frame));
    const underLegend = !!legend && (hits(shape, legend) || (!!label && hits(label.box, legend)));
    const node = net.body.data.nodes.get(id);
    return {id: String(id), px: label ? label.px : null, drawn: !!label, short: label ? label.short : false, inFrame, underLegend,
            shape, labelBox: label ? label.box : null, faded: (node.opacity ?? 1) < 1};
  });
  const drawn = rows.filter(r => r.drawn);
  let pairs = 0;
  const overlapping = new Set();
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      if (hits(drawn[i].labelBox, drawn[j].labelBox)) { pairs++; overlapping.add(i); overlapping.add(j); }
    }
  }
  const sizes = drawn.map(r => r.px).sort((a, b) => a - b);
  const median = sizes.length ? (sizes.length % 2 ? sizes[(sizes.length - 1) / 2] : (sizes[sizes.length / 2 - 1] + sizes[sizes.length / 2]) / 2) : null;
  const readable = rows.filter(r => r.drawn && r.px >= MIN_PX && r.inFrame).length;
  const round = (v, d = 2) => v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d;
  const rect = (b) => ({left: round(b.left, 1), top: round(b.top, 1), right: round(b.right, 1), bottom: round(b.bottom, 1),
                        width: round(b.right - b.left, 1), height: round(b.bottom - b.top, 1)});
  const result = {
    nodes: rows.length,
    data_node_count: Number(h.holder.getAttribute("data-node-count")),
    off_frame: rows.filter(r => !r.inFrame).length,
    overlapping_label_pairs: pairs,
    labels_overlapping: overlapping.size,
    labels_drawn: drawn.length,
    short_labels: drawn.filter(r => r.short).length,
    small_labels: drawn.filter(r => r.px < MIN_PX).length,
    readable: readable,
    readable_share: rows.length ? round(readable / rows.length, 3) : null,
    below_fold_px: round(Math.max(0, cr.bottom - innerHeight), 1),
    frame_height: round(Math.max(0, frame.bottom - frame.top), 1),
    under_legend: rows.filter(r => r.underLegend).length,
    faded: rows.filter(r => r.faded).length,
    label_px_min: round(sizes.length ? sizes[0] : null),
    label_px_median: round(median),
    scale: round(net.getScale(), 4),
    canvas_rect: rect(box(cr.left, cr.top, cr.right, cr.bottom)),
    frame_rect: rect(frame),
    legend_rect: legend ? rect(legend) : null,
    window_size: {width: innerWidth, height: innerHeight},
  };
  if (args.detail) {
    result.per_node = rows.map(r => ({id: r.id, label_px: round(r.px), drawn: r.drawn, in_frame: r.inFrame,
      under_legend: r.underLegend, shape: rect(r.shape), label_box: r.labelBox ? rect(r.labelBox) : null}));
  }
  return result;
}
