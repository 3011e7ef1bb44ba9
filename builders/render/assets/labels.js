/* Pain Atlas labels: which node labels to draw at the current zoom, and where, so that every
 * label drawn is readable (at least MIN_PX on screen), inside the frame, and overlaps no other
 * label, no other node and no claim label. Level of detail: the most important nodes (the focus,
 * highlights, therapies, hubs) are placed first; a label that finds no room is tried in a short
 * form, then left out until the user zooms in. Labels are drawn at a fixed size on screen, so
 * zooming in makes room for more of them, never smaller text.
 *
 * Everything here works in the canvas element's own pixels (DOM coordinates); the text is drawn
 * with fillText on the canvas, never as markup.
 */
(function (global) {
  "use strict";

  const MIN_PX = 11;
  const FONT = "sans-serif";
  const LINE = 1.25;          // line height, in font sizes
  const PAD = 1.5;            // room kept around a label, in pixels
  const WRAP = 22;            // characters per line of a full label
  const SHORT = 16;           // characters of a short label
  const CELL = 48;            // the spatial index's cell, in pixels

  function wrap(text, width, most) {
    const lines = [];
    let line = "";
    String(text).split(/\s+/).filter(Boolean).forEach(function (word) {
      const next = line ? line + " " + word : word;
      if (next.length <= width || !line) { line = next; } else { lines.push(line); line = word; }
    });
    if (line) lines.push(line);
    if (lines.length > most) lines.splice(most - 1, lines.length, lines.slice(most - 1).join(" "));
    return lines.map(function (l) { return clip(l, width); });
  }

  function clip(text, width) {
    return text.length <= width ? text : text.slice(0, width - 1).replace(/\s+$/, "") + "…";
  }

  /* The forms a label may take, widest first: the full label on up to two lines, then a short one. */
  function forms(text) {
    const full = wrap(text, WRAP, 2);
    const short = [clip(String(text), SHORT)];
    return full.length === 1 && full[0] === short[0] ? [full] : [full, short];
  }

  function Index() { this.cells = new Map(); }
  Index.prototype.key = function (i, j) { return i + ":" + j; };
  Index.prototype.each = function (box, fn) {
    for (let i = Math.floor(box.x / CELL); i <= Math.floor((box.x + box.w) / CELL); i++) {
      for (let j = Math.floor(box.y / CELL); j <= Math.floor((box.y + box.h) / CELL); j++) {
        if (fn(this.key(i, j)) === false) return false;
      }
    }
    return true;
  };
  Index.prototype.add = function (box) {
    const cells = this.cells;
    this.each(box, function (k) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push(box); });
  };
  Index.prototype.remove = function (box) {
    const cells = this.cells;
    this.each(box, function (k) { const found = cells.get(k); if (found) cells.set(k, found.filter(function (o) { return o !== box; })); });
  };
  Index.prototype.free = function (box, owner) {
    const cells = this.cells;
    return this.each(box, function (k) {
      const found = cells.get(k) || [];
      for (let n = 0; n < found.length; n++) {
        const o = found[n];
        if (o.owner !== owner && box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h) return false;
      }
      return true;
    });
  };

  /* Candidate boxes for a label of size w x h beside a node at (x, y) of radius r. A label of one
   * line goes right or left of the node first (the layout's rows are low and its slots wide), one
   * of two lines below or above it first. */
  function spots(x, y, r, w, h, lines) {
    const right = { x: x + r + 4, y: y - h / 2 }, left = { x: x - r - 4 - w, y: y - h / 2 };
    const below = { x: x - w / 2, y: y + r + 2 }, above = { x: x - w / 2, y: y - r - 2 - h };
    // Then the same four, slid along their side, for a crowded corner.
    const slid = [{ x: x - r, y: y + r + 2 }, { x: x + r - w, y: y + r + 2 }, { x: x - r, y: y - r - 2 - h },
                  { x: x + r - w, y: y - r - 2 - h }, { x: x + r + 4, y: y + r - h }, { x: x + r + 4, y: y - r },
                  { x: x - r - 4 - w, y: y + r - h }, { x: x - r - 4 - w, y: y - r }];
    return (lines > 1 ? [below, above, right, left] : [right, left, below, above]).concat(slid);
  }

  /* Text widths by font and text: a label is measured once, not at every redraw (placement runs
     at each drawing: a zoom, a hover, a new view). */
  const widths = new Map();
  function textWidth(ctx, text) {
    const key = ctx.font + "\n" + text;
    let width = widths.get(key);
    if (width === undefined) {
      if (widths.size > 20000) widths.clear();
      width = ctx.measureText(text).width;
      widths.set(key, width);
    }
    return width;
  }

  function fit(ctx, index, it, lines, frame) {
    // The first free spot for these lines beside the item, or null.
    const px = Math.max(MIN_PX, it.px);
    ctx.font = (it.bold ? "bold " : "") + px + "px " + FONT;
    const w = Math.ceil(Math.max.apply(null, lines.map(function (l) { return textWidth(ctx, l); })));
    const h = Math.ceil(lines.length * px * LINE);
    const candidates = spots(it.x, it.y, it.r, w, h, lines.length);
    for (let c = 0; c < candidates.length; c++) {
      const box = { x: candidates[c].x - PAD, y: candidates[c].y - PAD, w: w + 2 * PAD, h: h + 2 * PAD, owner: it.id };
      const inside = candidates[c].x >= 1 && candidates[c].y >= 1 && candidates[c].x + w <= frame.w - 1 &&
        candidates[c].y + h <= frame.h - 1;
      if (inside && index.free(box, it.id)) {
        return { box: box, label: { id: it.id, lines: lines, x: candidates[c].x, y: candidates[c].y, w: w, h: h, px: px, bold: !!it.bold } };
      }
    }
    return null;
  }

  /*
   * place(ctx, items, frame, obstacles) -> [{id, lines, x, y, w, h, px, short}]
   * items: [{id, text, x, y, r, px, bold, skip}] in priority order (DOM pixels); frame: {w, h};
   * obstacles: boxes already taken (claim labels). Node markers are obstacles too.
   * Two passes, so that as many nodes as possible get a label: first the bold ones (the focus,
   * highlights, therapies) in full and everyone else in short, in priority order; then each
   * short label that has room grows to its full text.
   */
  function place(ctx, items, frame, obstacles) {
    const index = new Index();
    (obstacles || []).forEach(function (b) { index.add(Object.assign({ owner: null }, b)); });
    items.forEach(function (it) {
      // A faded node is context: a label may cover it.
      if (!it.skip) index.add({ x: it.x - it.r, y: it.y - it.r, w: 2 * it.r, h: 2 * it.r, owner: it.id });
    });
    const placed = [];
    items.forEach(function (it) {
      if (it.skip) return;
      const options = forms(it.text);
      const order = it.bold ? options : options.slice().reverse();
      for (let f = 0; f < order.length; f++) {
        const found = fit(ctx, index, it, order[f], frame);
        if (found) {
          index.add(found.box);
          placed.push(Object.assign(found.label, { short: order[f] !== options[0], item: it, box: found.box }));
          return;
        }
      }
    });
    placed.forEach(function (p) {
      if (!p.short) return;
      const full = forms(p.item.text)[0];
      const found = fit(ctx, index, p.item, full, frame);
      if (!found) return;
      index.remove(p.box);
      index.add(found.box);
      Object.assign(p, found.label, { short: false, box: found.box });
    });
    return placed.map(function (p) {
      return { id: p.id, lines: p.lines, x: p.x, y: p.y, w: p.w, h: p.h, px: p.px, bold: p.bold, short: p.short };
    });
  }

  /* Save the context and draw from now on in CSS pixels (the canvas is pixelRatio times larger). */
  function inScreenPixels(ctx, pixelRatio, baseline) {
    ctx.save();
    ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    ctx.textBaseline = baseline;
  }

  /* Draw placed labels on the canvas: dark text on a white halo, in screen pixels. */
  function draw(ctx, placed, pixelRatio, faded) {
    inScreenPixels(ctx, pixelRatio, "top");
    ctx.lineJoin = "round";
    placed.forEach(function (p) {
      ctx.font = (p.bold ? "bold " : "") + p.px + "px " + FONT;
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.fillStyle = faded && faded.has(p.id) ? "#6b6b6b" : "#1a1a1a";
      p.lines.forEach(function (line, i) {
        const width = ctx.measureText(line).width;
        const x = p.x + (p.w - width) / 2;
        const y = p.y + i * p.px * LINE;
        ctx.strokeText(line, x, y);
        ctx.fillText(line, x, y);
      });
    });
    ctx.restore();
  }

  /* Keep the boxes (claim labels) that overlap no box kept before them; the rest are left out. */
  function apart(boxes) {
    const index = new Index();
    return boxes.filter(function (b) {
      const box = { x: b.x - PAD, y: b.y - PAD, w: b.w + 2 * PAD, h: b.h + 2 * PAD, owner: b.id };
      if (!index.free(box, b.id)) return false;
      index.add(box);
      return true;
    });
  }

  /* Draw boxed labels (a claim's relation on its edge): dark text in a white box with a grey
     border, in screen pixels; each box is {x, y, w, h, text}. */
  function drawBoxed(ctx, boxes, pixelRatio) {
    inScreenPixels(ctx, pixelRatio, "middle");
    ctx.font = "12px sans-serif";
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#767676";
    boxes.forEach(function (b) {
      ctx.fillStyle = "rgba(255,255,255,0.95)";
      ctx.fillRect(b.x, b.y, b.w, b.h);
      ctx.strokeRect(b.x, b.y, b.w, b.h);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(b.text, b.x + 4, b.y + b.h / 2);
    });
    ctx.restore();
  }

  global.PainAtlasLabels = { place: place, draw: draw, drawBoxed: drawBoxed, apart: apart, MIN_PX: MIN_PX, forms: forms };
})(typeof globalThis !== "undefined" ? globalThis : window);
