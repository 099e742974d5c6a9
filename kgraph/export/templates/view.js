/* kgraph page: the first view, the labels drawn in it, and the chart of mentions by month.
   Functions of the page's data only; graph.js calls them. */
var kgraphView = (function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  /* The view that shows every node, with a margin; computed here, before drawing, so the
     label sizes can be chosen for it. */
  function initialView(data, box) {
    /* the legend covers the lower left corner: fit the graph in the space right of it */
    var legend = $("kg-legend-box").offsetWidth + 10, full = Math.max(box.clientWidth, 200);
    var w = full - legend > 300 ? full - legend : full, h = Math.max(box.clientHeight, 200);
    if (!data.nodes.length) return { position: { x: 0, y: 0 }, scale: 1, width: full, height: h };
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    data.nodes.forEach(function (n) {
      x0 = Math.min(x0, n.x - n.size); x1 = Math.max(x1, n.x + n.size);
      y0 = Math.min(y0, n.y - n.size); y1 = Math.max(y1, n.y + n.size + 20);
    });
    if (data.loose) y0 = Math.min(y0, data.loose.y - 60);
    var scale = Math.min(1.5, 0.9 * Math.min(w / (x1 - x0 + 80), h / (y1 - y0 + 80)));
    var shift = (full - w) / 2 / scale;  /* the centre moves left: the graph moves right */
    return { position: { x: (x0 + x1) / 2 - shift, y: (y0 + y1) / 2 }, scale: scale, width: full, height: h };
  }

  /* Labels: the most important nodes get a label of LABEL_PX on screen at the first view,
     in order of importance, as long as it overlaps no label already placed (else a shorter
     one, else none). The others are drawn small enough to stay hidden until the user
     zooms in. */
  function placeLabels(data, view) {
    var scale = view.scale;
    var LABEL_PX = 14, MAX_BIG = 60, ctx = document.createElement("canvas").getContext("2d");
    var legend = $("kg-legend-box"), big = 0;
    var boxes = [[0, view.height - legend.offsetHeight - 14, legend.offsetWidth + 14, view.height]];
    ctx.font = LABEL_PX + "px sans-serif";
    function fits(b) {
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return false;
      }
      return true;
    }
    data.rank.forEach(function (id, rank) {
      var n = data.nodes[id], chosen = null;
      n.rank = rank;
      if (big < MAX_BIG) chosen = spot(n);
      if (chosen !== null) {
        big += 1;
        n.label = chosen[0];
        n.font = { size: LABEL_PX / scale, vadjust: chosen[1] / scale };
      } else {
        /* 6 px or less now, under the draw threshold (9 px): hidden; 12 px after zooming in
           2, 4 or 8 times, by rank */
        n.font = { size: 12 / (scale * (rank < 300 ? 2 : rank < 3000 ? 4 : 8)) };
      }
    });
    /* The first free place for the label: below the node, above it, then one to four lines
       further down or up; then the same with the label shortened. [label, shift on screen]
       or null. */
    function spot(n) {
      var sx = (n.x - view.position.x) * scale + view.width / 2, line = LABEL_PX * 1.25;
      var below = (n.y + n.size - view.position.y) * scale + view.height / 2;
      var above = -(2 * n.size * scale + line);
      var shifts = [0, above];
      for (var k = 1; k <= (n.rank < 20 ? 4 : 2); k++) shifts.push(k * line, above - k * line);
      var labels = [n.label, shorten(n.label, 24), shorten(n.label, 14)];
      for (var l = 0; l < labels.length; l++) {
        if (l && labels[l] === labels[l - 1]) continue;
        var half = ctx.measureText(labels[l]).width / 2 + 3;
        for (var i = 0; i < shifts.length; i++) {
          var b = [sx - half, below + shifts[i] - 1, sx + half, below + shifts[i] + line];
          if (b[0] >= 0 && b[1] >= 0 && b[2] <= view.width && b[3] <= view.height && fits(b)) {
            boxes.push(b);
            return [labels[l], shifts[i]];
          }
        }
      }
      return null;
    }
  }
  function shorten(label, chars) {
    return label.length <= chars ? label : label.slice(0, chars - 1).replace(/\s+$/, "") + "\u2026";
  }

  /* Mentions by month, as a bar chart in inline SVG (made with DOM calls, no markup). */
  function monthChart(months) {
    var NS = "http://www.w3.org/2000/svg", W = 340, H = 90, top = 0, total = 0;
    months.forEach(function (m) { top = Math.max(top, m[1]); total += m[1]; });
    var svg = document.createElementNS(NS, "svg"), step = W / months.length;
    svg.setAttribute("viewBox", "0 0 " + W + " " + (H + 16));
    svg.setAttribute("class", "kg-chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", total + " mentions from " + months[0][0] + " to " + months[months.length - 1][0]);
    function add(tag, attrs, content) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (content !== undefined) node.textContent = content;
      svg.appendChild(node);
      return node;
    }
    months.forEach(function (m, i) {
      var h = top ? Math.max(m[1] ? 1 : 0, H * m[1] / top) : 0;
      var bar = add("rect", { x: i * step + step * 0.1, y: H - h, width: Math.max(step * 0.8, 0.5), height: h, fill: "#4c78a8" });
      var title = document.createElementNS(NS, "title");
      title.textContent = m[0] + ": " + m[1];
      bar.appendChild(title);
    });
    add("line", { x1: 0, y1: H + 0.5, x2: W, y2: H + 0.5, stroke: "#999" });
    add("text", { x: 0, y: H + 13, "font-size": 11, fill: "#555" }, months[0][0]);
    if (months.length > 1) add("text", { x: W, y: H + 13, "font-size": 11, fill: "#555", "text-anchor": "end" }, months[months.length - 1][0]);
    add("text", { x: 2, y: 11, "font-size": 11, fill: "#555" }, "max " + top);
    return svg;
  }

  return { initialView: initialView, placeLabels: placeLabels, monthChart: monthChart };
})();
