/* Pain Atlas graph view: draws a prepared payload with vis-network, physics off.
 *
 * Shared by the Streamlit component (mount.js) and the standalone HTML export (standalone.js).
 * What makes it legible on a laptop and on a projector:
 * - the canvas fills the screen below what stands above it, so it is never below the fold;
 * - the legend sits in its own strip above the canvas and never covers the graph;
 * - every view is framed to what it shows (and the layout stretched to the canvas's shape);
 * - node labels are drawn by labels.js at a fixed size on screen, only where they fit (level of
 *   detail); nodes, lines and arrows keep their size on screen at any zoom;
 * - a list below the canvas names every node and claim of the view, for the keyboard and for
 *   screen readers, and selects them as a click does.
 * Everything from the data goes in with textContent or as vis-network values, never as HTML.
 */
(function (global) {
  "use strict";

  const NODE_PX = 9;            // node radius on screen, at most (less when the rows are close)
  const HIGHLIGHT_PX = 12;
  const MIN_NODE_PX = 4;
  const MAX_FIT_SCALE = 1.4;    // a small view is not blown up beyond this zoom
  const MARGIN = { x: 30, y: 24 };
  const STRETCH = 2.0;          // most the layout is stretched to the canvas's shape, either way
  const MIN_HEIGHT = 340;
  const BOTTOM = 12;            // pixels kept free under the graph, above the window's edge

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function tooltip(lines) {
    const box = el("div", null, "pa-tip");
    lines.forEach(function (line, i) {
      if (line) box.appendChild(el(i === 0 ? "strong" : "div", line));
    });
    return box;
  }

  const SWATCH = {
    dot: { tag: "circle", attrs: { cx: 8, cy: 8, r: 6 } },
    ellipse: { tag: "ellipse", attrs: { cx: 8, cy: 8, rx: 7, ry: 5 } },
    box: { tag: "rect", attrs: { x: 1, y: 4, width: 14, height: 8, rx: 2 } },
    square: { tag: "rect", attrs: { x: 2, y: 2, width: 12, height: 12 } },
    diamond: { tag: "polygon", attrs: { points: "8,1 15,8 8,15 1,8" } },
    triangle: { tag: "polygon", attrs: { points: "8,1 15,15 1,15" } },
    triangleDown: { tag: "polygon", attrs: { points: "1,1 15,1 8,15" } },
    star: { tag: "polygon", attrs: { points: "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" } },
    hexagon: { tag: "polygon", attrs: { points: "4,1 12,1 15,8 12,15 4,15 1,8" } },
  };

  function legendItem(swatch, label) {
    const item = el("span", null, "pa-legend-item");
    item.appendChild(swatch);
    item.appendChild(el("span", label));
    return item;
  }

  function kindSwatch(kind) {
    const icon = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" });
    const shape = SWATCH[kind.shape] || SWATCH.dot;
    icon.appendChild(svg(shape.tag, Object.assign({ fill: kind.color, stroke: "#333", "stroke-width": 0.8 }, shape.attrs)));
    return icon;
  }

  function statusSwatch(status) {
    const icon = svg("svg", { width: 30, height: 10, viewBox: "0 0 30 10", "aria-hidden": "true" });
    const line = { x1: 1, y1: 5, x2: 29, y2: 5, stroke: status.color, "stroke-width": status.width || 2 };
    if (status.pattern) line["stroke-dasharray"] = status.pattern.join(",");
    icon.appendChild(svg("line", line));
    return icon;
  }

  function legend(spec) {
    const box = el("div", null, "pa-legend");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Legend");
    box.appendChild(el("span", "Nodes:", "pa-legend-title"));
    spec.kinds.forEach(function (kind) { box.appendChild(legendItem(kindSwatch(kind), kind.label)); });
    box.appendChild(el("span", "Claims:", "pa-legend-title"));
    spec.statuses.forEach(function (status) { box.appendChild(legendItem(statusSwatch(status), status.label)); });
    return box;
  }

  /* The list of what the view shows: a button per node (by kind) and per claim. */
  function listBody(payload, pick) {
    const body = el("div", null, "pa-list-body");
    function listRow(items) {
      const row = el("div", null, "pa-list-items");
      items.forEach(function (item) {
        const button = el("button", item.text);
        button.type = "button";
        button.addEventListener("click", function () { pick(item.pick); });
        row.appendChild(button);
      });
      return row;
    }
    const byKind = {};
    payload.nodes.forEach(function (n) { (byKind[n.kind_label] = byKind[n.kind_label] || []).push(n); });
    Object.keys(byKind).sort().forEach(function (kind) {
      body.appendChild(el("p", kind, "pa-list-title"));
      const nodes = byKind[kind].slice().sort(function (a, b) { return a.full_label.localeCompare(b.full_label); });
      body.appendChild(listRow(nodes.map(function (n) {
        return { text: n.full_label + (n.faded ? " (outside the focus)" : ""), pick: { kind: "node", id: n.id } };
      })));
    });
    if (payload.edges.length) {
      body.appendChild(el("p", "Claims", "pa-list-title"));
      body.appendChild(listRow(payload.edges.map(function (e) {
        return { text: e.relation_sentence + " (" + e.status + ")", pick: { kind: "edge", id: e.id } };
      })));
    }
    return body;
  }

  function scrollTop(node) {
    // Where the node would be with every scrolling box (through shadow roots) at its top.
    let top = node.getBoundingClientRect().top;
    let parent = node.parentElement || (node.getRootNode && node.getRootNode().host);
    while (parent) {
      top += parent.scrollTop || 0;
      parent = parent.parentElement || (parent.getRootNode && parent.getRootNode().host) || null;
    }
    return top + (global.scrollY || 0);
  }

  // callbacks: {onSelect(choice), echoed}: ``echoed`` when the host sends a click's selection
  // back in the next payload (Streamlit), so that a click need not draw it twice.
  function mount(root, callbacks) {
    const holder = el("div", null, "pa-graph");
    root.appendChild(holder);
    const legendSlot = el("div", null, "pa-legend-slot");
    const canvasBox = el("div", null, "pa-canvas");
    canvasBox.setAttribute("role", "group");
    const list = el("details", null, "pa-list");
    const summary = el("summary");
    list.appendChild(summary);
    holder.appendChild(legendSlot);
    holder.appendChild(canvasBox);
    holder.appendChild(list);

    const nodes = new global.vis.DataSet([]);
    const edges = new global.vis.DataSet([]);
    const byEdge = {};
    const byNode = {};
    let current = null;
    let base = {};               // positions as the layout gave them
    let labelled = new Set();     // claims whose relation is written beside them
    let shown = "";               // what is drawn selected, "kind:id" or ""
    let placed = [];              // node labels drawn at the last frame
    let sized = 0;                // the zoom at which sizes were last set
    let shape = "";              // the canvas size at the last framing
    let radius = NODE_PX;         // node radius on screen, from the rows' spacing at this zoom
    const network = new global.vis.Network(canvasBox, { nodes: nodes, edges: edges }, {
      physics: false,
      layout: { improvedLayout: false },
      // Selection is ours (pick, below): vis-network's own would draw once more before a click is sent.
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: false, keyboard: false, selectable: false },
      nodes: { size: NODE_PX, font: { size: 0 }, label: undefined },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false, font: { size: 0 } },
    });

    function nodeRadius(scale) {
      // A node fills at most 40% of its row and its slot, so that nodes never touch.
      const slot = (current && current.slot) || [200, 80];
      const room = Math.min(slot[0] * factor.x, slot[1] * factor.y) * scale * 0.4;
      return Math.max(MIN_NODE_PX, Math.min(NODE_PX, room));
    }

    function toVisNode(n, scale) {
      const px = n.highlight ? Math.max(radius + 3, Math.min(HIGHLIGHT_PX, radius * 1.5)) : radius;
      return {
        id: n.id, x: n.x, y: n.y, shape: n.shape, size: px / scale, label: undefined, hidden: false,
        color: { background: n.color, border: n.border, highlight: { background: n.color, border: "#111" },
                 hover: { background: n.color, border: "#111" } },
        // vis-network keeps borders their width on screen by itself.
        borderWidth: n.highlight ? 3.5 : (n.status === "supported" ? 1 : 2.2),
        shapeProperties: { borderDashes: n.status === "weak" ? [3 / scale, 2 / scale] : false },
        opacity: n.faded ? 0.18 : 1,
        title: tooltip([n.full_label, n.kind_label + " · " + n.status, n.hint]),
      };
    }

    function toVisEdge(e, scale) {
      return {
        id: e.id, from: e.from, to: e.to,
        color: { color: e.color, highlight: "#111", hover: "#111", opacity: e.faded ? 0.15 : 1 },
        dashes: e.pattern ? e.pattern.map(function (d) { return d / scale; }) : false,
        width: e.width / scale,
        arrows: { to: { enabled: true, scaleFactor: 0.55 / scale } },
        shadow: e.highlight ? { enabled: true, color: "rgba(21,101,192,0.9)", size: 12, x: 0, y: 0 } : false,
        title: tooltip([e.relation_sentence, e.claim, "Evidence: " + e.status]),
      };
    }

    function resize(scale) {
      // Keep nodes, lines, dashes and arrows the same size on screen at any zoom.
      if (!current || (sized && Math.abs(scale - sized) / sized < 0.08)) return;
      sized = scale;
      radius = nodeRadius(scale);
      nodes.update(current.nodes.map(function (n) { return toVisNode(Object.assign({}, n, place(n)), scale); }));
      edges.update(current.edges.map(function (e) { return toVisEdge(e, scale); }));
    }

    function fillHeight() {
      const wanted = current && current.height;
      let height = typeof wanted === "number" ? wanted : 0;
      if (wanted === "fill" || !height) {
        height = Math.max(MIN_HEIGHT, Math.floor(global.innerHeight - scrollTop(holder) - BOTTOM));
      }
      const canvasHeight = Math.max(200, height - legendSlot.offsetHeight - list.offsetHeight - 8);
      canvasBox.style.height = canvasHeight + "px";
    }

    function stretch() {
      // The layout is a grid: stretch it (never squeeze it) to the shape of the canvas.
      const ids = Object.keys(base);
      if (ids.length < 2) return { x: 1, y: 1 };
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      ids.forEach(function (id) { const p = base[id]; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
      const w = x1 - x0, h = y1 - y0;
      if (w <= 0 || h <= 0) return { x: 1, y: 1 };
      const canvas = (canvasBox.clientWidth - 2 * MARGIN.x) / Math.max(1, canvasBox.clientHeight - 2 * MARGIN.y);
      const ratio = canvas / (w / h);
      return ratio >= 1 ? { x: Math.min(ratio, STRETCH), y: 1 } : { x: 1, y: Math.min(1 / ratio, STRETCH) };
    }

    let factor = { x: 1, y: 1 };
    function place(n) { return { x: base[n.id].x * factor.x, y: base[n.id].y * factor.y }; }

    function frame() {
      // Fit what the view shows, with room around it; stretch first. A view that fades the rest
      // of the graph fits the focus group: the faded context shows where it falls in the frame.
      factor = stretch();
      const fade = current.nodes.some(function (n) { return n.faded; });
      const ids = fade ? current.nodes.filter(function (n) { return !n.faded; }).map(function (n) { return n.id; })
        : Object.keys(base);
      if (!ids.length) return;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      ids.forEach(function (id) {
        const p = { x: base[id].x * factor.x, y: base[id].y * factor.y };
        x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
      });
      const room = { x: canvasBox.clientWidth - 2 * (MARGIN.x + HIGHLIGHT_PX), y: canvasBox.clientHeight - 2 * (MARGIN.y + HIGHLIGHT_PX) };
      const scale = Math.min(room.x / Math.max(x1 - x0, 1), room.y / Math.max(y1 - y0, 1), MAX_FIT_SCALE);
      sized = 0;
      resize(scale);
      network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, animation: false });
      shape = canvasBox.clientWidth + "x" + canvasBox.clientHeight;
      if (fade) cull();
    }

    function cull() {
      // Faded context outside the frame is not drawn (zoom out, and it comes into view).
      if (!current) return;
      const W = canvasBox.clientWidth, H = canvasBox.clientHeight, pad = radius + 2;
      const changes = [];
      current.nodes.forEach(function (n) {
        if (!n.faded) return;
        const p = network.canvasToDOM(place(n));
        const hidden = p.x < pad || p.y < pad || p.x > W - pad || p.y > H - pad;
        const node = nodes.get(n.id);
        if (node && !!node.hidden !== hidden) changes.push({ id: n.id, hidden: hidden });
      });
      if (changes.length) nodes.update(changes);
    }

    function edgeLabelBoxes(ctx) {
      // The relation beside each claim that is hovered, selected or highlighted.
      const out = [];
      ctx.font = "12px sans-serif";
      labelled.forEach(function (id) {
        const e = byEdge[id];
        if (!e || !nodes.get(e.from) || !nodes.get(e.to)) return;
        const ends = network.getPositions([e.from, e.to]);
        const a = network.canvasToDOM(ends[e.from]), b = network.canvasToDOM(ends[e.to]);
        const w = Math.ceil(ctx.measureText(e.relation_label).width) + 8, h = 18;
        out.push({ id: id, text: e.relation_label, x: (a.x + b.x) / 2 - w / 2, y: (a.y + b.y) / 2 - h / 2, w: w, h: h });
      });
      return out;
    }

    function drawLabels(ctx) {
      if (!current) return;
      const scale = network.getScale();
      const ratio = (network.canvas && network.canvas.pixelRatio) || global.devicePixelRatio || 1;
      const frameBox = { w: canvasBox.clientWidth, h: canvasBox.clientHeight };
      const claimLabels = global.PainAtlasLabels.apart(edgeLabelBoxes(ctx).filter(function (b) {
        return b.x >= 1 && b.y >= 1 && b.x + b.w <= frameBox.w - 1 && b.y + b.h <= frameBox.h - 1;
      }));
      const ids = current.nodes.map(function (n) { return n.id; });
      const where = network.getPositions(ids);
      const items = current.order.filter(function (id) { return where[id]; }).map(function (id) {
        const n = byNode[id];
        const p = network.canvasToDOM(where[id]);
        const r = n.highlight ? Math.max(radius + 3, Math.min(HIGHLIGHT_PX, radius * 1.5)) : radius;
        return { id: id, text: n.full_label, x: p.x, y: p.y, r: r + 1, px: (current.label_px || 11) + (n.highlight || n.anchor ? 2 : 0),
                          bold: n.highlight || n.anchor, skip: n.faded && !n.highlight };
      });
      placed = global.PainAtlasLabels.place(ctx, items, frameBox, claimLabels);
      global.PainAtlasLabels.draw(ctx, placed, ratio);
      global.PainAtlasLabels.drawBoxed(ctx, claimLabels, ratio);
      holder.setAttribute("data-labels", String(placed.length));
      holder.setAttribute("data-scale", scale.toFixed(4));
    }

    function labelAt(point) {
      for (let i = placed.length - 1; i >= 0; i--) {
        const p = placed[i];
        if (point.x >= p.x && point.x <= p.x + p.w && point.y >= p.y && point.y <= p.y + p.h) return p.id;
      }
      return null;
    }

    function selectionLabels() {
      const selected = network.getSelection();
      let ids = selected.edges.slice();
      (selected.nodes || []).forEach(function (n) { ids = ids.concat(network.getConnectedEdges(n)); });
      return ids.concat((current && current.label_edges) || []);
    }

    function select(choice) {
      if (choice && choice.kind === "node" && nodes.get(choice.id)) network.setSelection({ nodes: [choice.id], edges: [] });
      else if (choice && choice.kind === "edge" && edges.get(choice.id)) network.setSelection({ nodes: [], edges: [choice.id] });
      else network.unselectAll();
      labelled = new Set(selectionLabels());
      shown = choice ? choice.kind + ":" + choice.id : "";
      network.redraw();
    }

    function pick(choice) {
      callbacks.onSelect(choice);
      // In Streamlit (callbacks.echoed), the rerun's payload brings the selection back and
      // update() draws it then: drawing it here holds the page for tens of milliseconds (the whole
      // canvas and its labels), just while Streamlit sends the click and draws the details.
      // vis-network has marked the clicked item already. A standalone page draws it at once.
      if (!callbacks.echoed) select(choice);
    }

    network.on("hoverEdge", function (p) { labelled = new Set(selectionLabels().concat([p.edge])); network.redraw(); });
    network.on("blurEdge", function () { labelled = new Set(selectionLabels()); network.redraw(); });
    network.on("click", function (p) {
      const at = p.pointer.DOM;
      const label = labelAt(at);
      const node = label === null ? network.getNodeAt(at) : label;
      const edge = node === undefined ? network.getEdgeAt(at) : undefined;
      if (node !== undefined) pick({ kind: "node", id: String(node) });
      else if (edge !== undefined) pick({ kind: "edge", id: String(edge) });
      else pick(null);
    });
    network.on("zoom", function () { resize(network.getScale()); cull(); });
    network.on("dragEnd", function () { cull(); });
    network.on("afterDrawing", function (ctx) {
      drawLabels(ctx);
      holder.setAttribute("data-drawn", "1");
      holder.setAttribute("data-node-count", String(nodes.length));
      holder.setAttribute("data-edge-count", String(edges.length));
      if (!holder.hasAttribute("data-first-drawn-ms")) {
        holder.setAttribute("data-first-drawn-ms", String(Math.round(performance.now())));
      }
    });

    list.addEventListener("toggle", function () {
      if (list.open && current && !list.querySelector(".pa-list-body")) list.appendChild(listBody(current, pick));
    });

    function refit() {
      fillHeight();
      if (current && shape !== canvasBox.clientWidth + "x" + canvasBox.clientHeight) {
        network.setSize("100%", canvasBox.clientHeight + "px");
        frame();
        network.redraw();
      }
    }
    const watcher = global.ResizeObserver ? new global.ResizeObserver(function () { refit(); }) : null;
    if (watcher) watcher.observe(document.documentElement);
    global.addEventListener("resize", refit);

    function update(payload) {
      const changed = !current || current.key !== payload.key;
      current = payload;
      if (changed) {
        base = {};
        payload.nodes.forEach(function (n) { base[n.id] = { x: n.x, y: n.y }; byNode[n.id] = n; });
        const keepNodes = new Set(Object.keys(base));
        const keepEdges = new Set(payload.edges.map(function (e) { return e.id; }));
        nodes.remove(nodes.getIds().filter(function (id) { return !keepNodes.has(id); }));
        edges.remove(edges.getIds().filter(function (id) { return !keepEdges.has(id); }));
        Object.keys(byEdge).forEach(function (id) { if (!keepEdges.has(id)) delete byEdge[id]; });
        payload.edges.forEach(function (e) { byEdge[e.id] = e; });
        legendSlot.replaceChildren(legend(payload.legend));
        summary.textContent = "List of the " + payload.nodes.length + " nodes and " + payload.edges.length +
          " claims in this view";
        const old = list.querySelector(".pa-list-body");
        if (old) old.remove();
        if (list.open) list.appendChild(listBody(payload, pick));
        canvasBox.setAttribute("aria-label", "Graph of " + payload.nodes.length + " nodes and " + payload.edges.length +
          " claims. The list below the graph names each of them and opens its details.");
        fillHeight();
        network.setSize("100%", canvasBox.clientHeight + "px");
        factor = stretch();
        const scale = network.getScale() || 1;
        nodes.update(payload.nodes.map(function (n) { return toVisNode(Object.assign({}, n, place(n)), scale); }));
        edges.update(payload.edges.map(function (e) { return toVisEdge(e, scale); }));
        network.setOptions({ edges: { smooth: payload.smooth ? { type: "continuous" } : false } });
        frame();
      }
      const sel = payload.selected;
      // The payload of a click's rerun only confirms what the click drew: nothing to draw again.
      if (changed || (sel ? sel.kind + ":" + sel.id : "") !== shown) select(sel);
    }

    const handle = {
      update: update, network: network, callbacks: callbacks, holder: holder,
      labels: function () { return placed.map(function (p) { return Object.assign({}, p); }); },
      canvas: canvasBox,
    };
    // Tests and the benchmark read the network and the drawn labels from here; nothing else does.
    global.painAtlasGraphs = (global.painAtlasGraphs || []).concat([handle]);
    return handle;
  }

  global.PainAtlasGraph = { mount: mount, el: el };
})(typeof globalThis !== "undefined" ? globalThis : window);
