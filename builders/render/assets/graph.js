/* Pain Atlas graph view: draws a prepared payload with vis-network, physics off.
 *
 * Shared by the Streamlit component and the standalone HTML export. Everything that comes from
 * data is put into the page with textContent or as vis-network values, never as HTML: tooltips
 * are DOM elements built from text nodes.
 */
(function (global) {
  "use strict";

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

  function legendSection(title, items, swatch) {
    const section = el("div", null, "pa-legend-section");
    section.appendChild(el("div", title, "pa-legend-title"));
    items.forEach(function (item) {
      const row = el("div", null, "pa-legend-row");
      row.appendChild(swatch(item));
      row.appendChild(el("span", item.label));
      section.appendChild(row);
    });
    return section;
  }

  function kindSwatch(kind) {
    const icon = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" });
    const shape = SWATCH[kind.shape] || SWATCH.dot;
    icon.appendChild(svg(shape.tag, Object.assign({ fill: kind.color, stroke: "#333", "stroke-width": 0.8 }, shape.attrs)));
    return icon;
  }

  function statusSwatch(status) {
    const icon = svg("svg", { width: 28, height: 10, viewBox: "0 0 28 10", "aria-hidden": "true" });
    const line = { x1: 1, y1: 5, x2: 27, y2: 5, stroke: status.color, "stroke-width": status.width || 2 };
    if (status.dashes) line["stroke-dasharray"] = "5,3";
    icon.appendChild(svg("line", line));
    return icon;
  }

  function legend(spec) {
    const box = el("details", null, "pa-legend");
    box.open = true;
    box.appendChild(el("summary", "Legend"));
    box.appendChild(legendSection("Node kinds", spec.kinds, kindSwatch));
    box.appendChild(legendSection("Claims by evidence", spec.statuses, statusSwatch));
    return box;
  }

  function toVisNode(n) {
    const node = {
      id: n.id, label: n.label, x: n.x, y: n.y, shape: n.shape,
      color: { background: n.color, border: n.border, highlight: { background: n.color, border: "#111" },
               hover: { background: n.color, border: "#111" } },
      borderWidth: n.highlight ? 4 : (n.status === "supported" ? 1 : 2.5),
      shapeProperties: { borderDashes: n.status === "weak" ? [4, 3] : false },
      opacity: n.faded ? 0.18 : 1,
      font: { color: n.faded ? "rgba(40,40,40,0.25)" : "#222", size: n.highlight ? 17 : 14 },
      title: tooltip([n.full_label, n.kind_label + " · " + n.status, n.hint]),
    };
    return node;
  }

  function toVisEdge(e, showLabel) {
    return {
      id: e.id, from: e.from, to: e.to,
      color: { color: e.color, highlight: "#111", hover: "#111", opacity: e.faded ? 0.15 : 1 },
      dashes: e.dashes, width: e.width,
      shadow: e.highlight ? { enabled: true, color: "rgba(21,101,192,0.9)", size: 14, x: 0, y: 0 } : false,
      label: showLabel ? e.relation_label : undefined,
      title: tooltip([e.relation_sentence, e.claim, "Evidence: " + e.status]),
    };
  }

  function mount(root, callbacks) {
    const holder = el("div", null, "pa-graph");
    root.appendChild(holder);
    const canvas = el("div", null, "pa-canvas");
    holder.appendChild(canvas);
    const legendSlot = el("div", null, "pa-legend-slot");
    holder.appendChild(legendSlot);

    const nodes = new global.vis.DataSet([]);
    const edges = new global.vis.DataSet([]);
    const byEdge = {};
    let current = null;
    let labelled = new Set();
    const network = new global.vis.Network(canvas, { nodes: nodes, edges: edges }, {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: false, keyboard: false },
      nodes: { size: 16, font: { face: "sans-serif" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false,
               font: { size: 11, align: "middle", background: "rgba(255,255,255,0.9)" } },
    });

    function setLabels(ids) {
      const next = new Set(ids);
      const changes = [];
      labelled.forEach(function (id) { if (!next.has(id) && byEdge[id]) changes.push({ id: id, label: undefined }); });
      next.forEach(function (id) { if (byEdge[id]) changes.push({ id: id, label: byEdge[id].relation_label }); });
      labelled = next;
      if (changes.length) edges.update(changes);
    }

    function selectionLabels() {
      const selected = network.getSelection();
      let ids = selected.edges.slice();
      (selected.nodes || []).forEach(function (n) { ids = ids.concat(network.getConnectedEdges(n)); });
      return ids;
    }

    network.on("hoverEdge", function (p) { setLabels(selectionLabels().concat([p.edge])); });
    network.on("blurEdge", function () { setLabels(selectionLabels()); });
    network.on("click", function (p) {
      let picked = null;
      if (p.nodes.length) picked = { kind: "node", id: String(p.nodes[0]) };
      else if (p.edges.length) picked = { kind: "edge", id: String(p.edges[0]) };
      setLabels(selectionLabels());
      callbacks.onSelect(picked);
    });
    network.on("afterDrawing", function () {
      holder.setAttribute("data-drawn", "1");
      holder.setAttribute("data-node-count", String(nodes.length));
      holder.setAttribute("data-edge-count", String(edges.length));
      if (!holder.hasAttribute("data-first-drawn-ms")) {
        holder.setAttribute("data-first-drawn-ms", String(Math.round(performance.now())));
      }
    });

    function update(payload) {
      if (!current || current.key !== payload.key) {
        const keepNodes = new Set(payload.nodes.map(function (n) { return n.id; }));
        const keepEdges = new Set(payload.edges.map(function (e) { return e.id; }));
        nodes.remove(nodes.getIds().filter(function (id) { return !keepNodes.has(id); }));
        edges.remove(edges.getIds().filter(function (id) { return !keepEdges.has(id); }));
        Object.keys(byEdge).forEach(function (id) { if (!keepEdges.has(id)) delete byEdge[id]; });
        payload.edges.forEach(function (e) { byEdge[e.id] = e; });
        nodes.update(payload.nodes.map(toVisNode));
        edges.update(payload.edges.map(function (e) { return toVisEdge(e, labelled.has(e.id)); }));
        network.setOptions({ edges: { smooth: payload.smooth ? { type: "continuous" } : false } });
        legendSlot.replaceChildren(legend(payload.legend));
        holder.style.height = (payload.height || 640) + "px";
        if (!current || current.fit_key !== payload.fit_key) {
          const fit = { animation: false };
          if (payload.fit_nodes && payload.fit_nodes.length) fit.nodes = payload.fit_nodes;
          network.fit(fit);
        }
      }
      const sel = payload.selected;
      if (sel && sel.kind === "node" && nodes.get(sel.id)) network.setSelection({ nodes: [sel.id], edges: [] });
      else if (sel && sel.kind === "edge" && edges.get(sel.id)) network.setSelection({ nodes: [], edges: [sel.id] });
      else network.unselectAll();
      setLabels(selectionLabels().concat(payload.label_edges || []));
      current = payload;
      network.redraw();
    }

    const handle = { update: update, network: network, callbacks: callbacks, holder: holder };
    // Tests and the benchmark read the network from here (positions, counts); nothing else does.
    global.painAtlasGraphs = (global.painAtlasGraphs || []).concat([handle]);
    return handle;
  }

  global.PainAtlasGraph = { mount: mount, el: el };
})(typeof globalThis !== "undefined" ? globalThis : window);
