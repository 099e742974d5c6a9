/* kgraph page script. Every text from the data goes in with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var DIM = "rgba(200,200,200,0.22)", DIM_FONT = "rgba(60,60,60,0.12)", FONT = "#343434";
  var $ = function (id) { return document.getElementById(id); };
  var kindName = {}, kindColour = {}, hiddenKinds = {}, legendButtons = {};
  data.legend.forEach(function (entry) { kindName[entry[0]] = entry[1]; kindColour[entry[0]] = entry[2]; });

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function text(value) { return document.createTextNode(String(value)); }
  function link(url, label) {
    if (!/^https?:\/\//i.test(url || "")) return el("span", null, label);
    var a = el("a", null, label);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function status(message) { $("kg-status").textContent = message; }
  /* A tooltip as a string: vis-network puts it in with innerText (.vis-tooltip keeps the lines). */
  function tip(rows) {
    return rows.map(function (row, i) { return i === 0 ? row[1] : row[0] + ": " + row[1]; }).join("\n");
  }
  /* The side panel's data, parsed when a node is first selected. */
  var details = null;
  function detailsOf(id) {
    if (!details) details = JSON.parse(document.getElementById("kg-details").textContent);
    return details[id];
  }

  /* -- the network: positions come with the data; the browser only draws ----- */
  /* vis-network gets only what it draws (it copies every field of every item); the rest
     stays in data.nodes and data.edges. */
  var base = {}, kindOf = {}, edgeBase = {};
  data.nodes.forEach(function (n) { base[n.id] = n.color; kindOf[n.id] = n.kind; });
  var edgeEnds = data.edges.map(function (e) { return [e.id, e.from, e.to]; });
  function nameOf(id, fallback) { return id >= 0 ? data.nodes[id].full : fallback; }
  buildLegend();  /* first: the initial view leaves room for it */
  var view = kgraphView.initialView(data, $("kg-graph"));
  kgraphView.placeLabels(data, view);
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, color: n.color, shape: n.shape,
             font: n.font, title: tip(n.tip) };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = { id: e.id, from: e.from, to: e.to, title: e.pred + (e.count ? " (" + e.count + ")" : "") };
    edgeBase[e.id] = e.color || data.edgeColours[e.pred] || "#bbbbbb";
    if (edgeBase[e.id] !== data.options.edges.color) item.color = edgeBase[e.id];  /* else the default */
    if (e.count > 1) item.width = 1 + Math.min(e.count, 9) / 3;
    return item;  /* a relation's label is drawn while one of its ends is selected (labelEdges) */
  }));
  var network = new vis.Network($("kg-graph"), { nodes: nodes, edges: edges }, data.options);
  network.moveTo({ position: view.position, scale: view.scale });
  var physicsOn = false;
  window.kgraphNetwork = network;
  window.kgraph = { network: network, nodes: nodes, edges: edges, data: data, select: select,
                    find: find, ranked: ranked, view: view };
  $("kg-counts").textContent = data.shown.nodes + " nodes \u00b7 " + data.shown.edges + " edges";

  network.on("afterDrawing", function (ctx) {
    if (!data.loose) return;
    var size = 15 / network.getScale();
    ctx.save();
    ctx.font = "bold " + size + "px sans-serif";
    ctx.fillStyle = "#555";
    ctx.textBaseline = "bottom";
    ctx.fillText(data.loose.text, data.loose.x - 20, data.loose.y - 25);
    ctx.restore();
  });

  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    var button = $("kg-physics");
    button.textContent = on ? "Stop layout" : "Run layout";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    status(on ? "Layout running" : "");
  }
  function markReady() {
    window.kgraphReadyAt = performance.now();
    window.kgraphReady = true;
    document.body.setAttribute("data-ready", "1");
    status("");
  }
  $("kg-physics").addEventListener("click", function () { setPhysics(!physicsOn); });
  network.once("afterDrawing", markReady);
  if (!data.nodes.length) markReady();

  /* -- legend: one colour per type, click to show / hide -------------------- */
  function setKindHidden(kind, hide) {
    hiddenKinds[kind] = hide;
    nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
      .map(function (n) { return { id: n.id, hidden: hide }; }));
    edges.update(edgeEnds.map(function (e) {
      return { id: e[0], hidden: !!(hiddenKinds[kindOf[e[1]]] || hiddenKinds[kindOf[e[2]]]) };
    }));
    var button = legendButtons[kind];
    button.classList.toggle("kg-off", hide);
    button.setAttribute("aria-pressed", hide ? "false" : "true");
  }
  function buildLegend() {
    data.legend.forEach(function (entry) {
      var button = el("button", "kg-legend-item"), swatch = el("span", "kg-swatch");
      button.type = "button";
      button.setAttribute("aria-pressed", "true");
      button.title = "Show or hide every " + entry[1];
      swatch.style.background = entry[2];
      button.appendChild(swatch);
      button.appendChild(el("span", null, entry[1]));
      button.appendChild(el("span", "kg-count", entry[3]));
      button.addEventListener("click", function () { setKindHidden(entry[0], !hiddenKinds[entry[0]]); });
      legendButtons[entry[0]] = button;
      var item = el("li");
      item.appendChild(button);
      $("kg-legend").appendChild(item);
    });
  }

  /* -- neighbourhood highlight: one DataSet update each, only what changes -- */
  var nodeDim = {}, edgeDim = {};
  function restyle(keepNode, keepEdge) {
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var dim = !keepNode(n.id);
      if (!!nodeDim[n.id] === dim) return;
      nodeDim[n.id] = dim;
      nodeChanges.push({ id: n.id, color: dim ? DIM : base[n.id], font: { color: dim ? DIM_FONT : FONT, strokeWidth: dim ? 0 : 3 } });
    });
    edgeEnds.forEach(function (e) {
      var dim = !keepEdge(e);
      if (!!edgeDim[e[0]] === dim) return;
      edgeDim[e[0]] = dim;
      edgeChanges.push({ id: e[0], color: dim ? DIM : edgeBase[e[0]] });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  }
  /* Above this many nodes restyling every node and edge takes seconds: the selection
     (vis-network's own: the node and its edges drawn bold) says it alone. */
  var DIM_MAX = 3000;
  /* Relation labels: on the selected node's edges only. Drawn on every edge, they bury
     the node labels. */
  var labelled = [];
  function labelEdges(id) {
    var changes = labelled.map(function (e) { return { id: e, label: "" }; });
    labelled = data.edges.filter(function (e) { return e.label && (e.from === id || e.to === id); })
      .map(function (e) { return e.id; });
    labelled.forEach(function (e) { changes.push({ id: e, label: data.edges[e].label }); });
    if (changes.length) edges.update(changes);
  }
  function highlight(id, scale) {
    labelEdges(id);
    if (data.nodes.length > DIM_MAX) return;
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    restyle(function (n) { return keep[n]; }, function (e) { return e[1] === id || e[2] === id; });
    raiseLabels(Object.keys(keep), scale);
  }
  function clearHighlight() {
    labelEdges(-1);
    restyle(function () { return true; }, function () { return true; });
    raiseLabels([], 1);
  }
  /* The selected node's neighbours show their labels at 12 px or more, whatever their rank. */
  var raised = [];
  function raiseLabels(ids, scale) {
    var changes = raised.map(function (id) { return { id: id, font: { size: data.nodes[id].font.size } }; });
    raised = [];
    ids.forEach(function (key) {
      var id = Number(key), want = 12.5 / scale;
      if (data.nodes[id].font.size >= want) return;
      raised.push(id);
      changes.push({ id: id, font: { size: want } });
    });
    if (changes.length) nodes.update(changes);
  }

  /* -- side panel ------------------------------------------------------------ */
  function nodeButton(id, label) {
    if (id < 0) return el("span", null, label);
    var button = el("button", "kg-node-link", label);
    button.type = "button";
    button.addEventListener("click", function () { select(id, true); });
    return button;
  }
  function sentenceBlock(s) {
    var block = el("div", "kg-sentence"), at = 0;  /* s.k: [start, end] in UTF-16 units */
    s.k.forEach(function (mark) {
      block.appendChild(text(s.s.slice(at, mark[0])));
      block.appendChild(el("mark", null, s.s.slice(mark[0], mark[1])));
      at = mark[1];
    });
    block.appendChild(text(s.s.slice(at)));
    s.q.forEach(function (quote) { block.appendChild(el("mark", null, " (" + quote + ")")); });
    block.appendChild(sourceLine(s));
    return block;
  }
  function sourceLine(s) {
    var source = el("span", "kg-source");
    source.appendChild(text("in "));
    source.appendChild(nodeButton(s.n, nameOf(s.n, s.d)));
    if (s.h) {
      source.appendChild(text(" \u00b7 "));
      source.appendChild(link(s.h, s.w ? "watch at " + s.w : "source"));
    }
    return source;
  }
  function relationBlock(panel, relations) {
    panel.appendChild(el("h3", null, "Relations (" + relations.length + ")"));
    relations.forEach(function (r) {
      var block = el("div", "kg-relation"), head = el("div", "kg-relation-head");
      head.appendChild(el("span", "kg-relation-name", r.o ? r.r + " \u2192 " : "\u2190 " + r.r + " "));
      head.appendChild(nodeButton(r.n, nameOf(r.n, r.d)));
      block.appendChild(head);
      r.e.forEach(function (e) {
        var line = el("div", "kg-evidence", e.s);
        line.appendChild(sourceLine(e));
        block.appendChild(line);
      });
      if (r.m > 0) block.appendChild(el("p", "kg-more", "\u2026 and " + r.m + " more"));
      panel.appendChild(block);
    });
  }
  function listBlock(panel, list) {
    panel.appendChild(el("h3", null, list.h + " (" + (list.i.length + Math.max(0, list.m)) + ")"));
    var ul = el("ul");
    list.i.forEach(function (item) {
      var li = el("li");
      li.appendChild(nodeButton(item[0], nameOf(item[0], item[2])));
      if (item[1] > 1) li.appendChild(el("span", "kg-badge", "\u00d7" + item[1]));
      ul.appendChild(li);
    });
    if (list.m > 0) ul.appendChild(el("li", "kg-more", "\u2026 and " + list.m + " more"));
    panel.appendChild(ul);
  }
  function showPanel(id) {
    var d = detailsOf(id), panel = $("kg-panel");
    panel.replaceChildren();
    var close = el("button", "kg-close", "\u00d7");
    close.type = "button"; close.title = "Close"; close.setAttribute("aria-label", "Close");
    close.addEventListener("click", unselect);
    panel.appendChild(close);
    var kind = el("div", "kg-kind"), swatch = el("span", "kg-swatch");
    swatch.style.background = kindColour[d.kind] || "#777";
    kind.appendChild(swatch);
    kind.appendChild(text(kindName[d.kind] || d.kind));
    panel.appendChild(kind);
    panel.appendChild(el("h2", null, d.heading));
    var dl = el("dl");
    d.fields.forEach(function (f) {
      dl.appendChild(el("dt", null, f[0]));
      var dd = el("dd");
      dd.appendChild(f[2] ? link(f[2], f[1]) : text(f[1]));
      dl.appendChild(dd);
    });
    dl.appendChild(el("dt", null, "IRI"));
    dl.appendChild(el("dd", null, data.iris[id]));
    panel.appendChild(dl);
    if (d.text) panel.appendChild(el("p", "kg-excerpt", d.text));
    if (d.months) {
      panel.appendChild(el("h3", null, "Mentions by " + (d.months[0][0].length > 4 ? "month" : "year")));
      panel.appendChild(kgraphView.monthChart(d.months));
    }
    if (d.relations) relationBlock(panel, d.relations);
    if (d.sentences.length) {
      panel.appendChild(el("h3", null, "Sentences that mention it (" + (d.sentences.length + d.more) + ")"));
      d.sentences.forEach(function (s) { panel.appendChild(sentenceBlock(s)); });
      if (d.more) panel.appendChild(el("p", "kg-more", "\u2026 and " + d.more + " more"));
    }
    d.lists.forEach(function (list) { listBlock(panel, list); });
    panel.scrollTop = 0;
  }
  function unselect() {
    network.unselectAll();
    clearHighlight();
    $("kg-panel").replaceChildren(el("p", "kg-hint", "Click a node to see its details."));
  }
  function select(id, focus) {
    if (!nodes.get(id)) return false;
    if (hiddenKinds[kindOf[id]]) setKindHidden(kindOf[id], false);
    var scale = focus ? Math.max(network.getScale(), 1.1) : network.getScale();
    network.selectNodes([id]);
    highlight(id, scale);
    showPanel(id);
    if (focus) network.focus(id, { scale: scale, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], false); else unselect();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") unselect(); });

  /* -- search: ranked suggestions, each with its type; Enter takes the first ---- */
  var ENTITY = { Specialty: 1, Technique: 1, Organization: 1, Provider: 1, Person: 1 };
  var DOC = { Article: 1, Video: 1, Paper: 1, Document: 1 };
  var lower = data.nodes.map(function (n) { return n.full.toLowerCase(); });
  var lowerAlt = data.nodes.map(function (n) { return n.alt.map(function (a) { return a.toLowerCase(); }); });
  /* 0 exact label of an entity or document, 1 exact label of anything else, 2 exact
     alternative label, 3 label or alternative label starts with it, 4 contains it. */
  function tier(id, q) {
    var label = lower[id], alts = lowerAlt[id], kind = data.nodes[id].kind;
    if (label === q) return ENTITY[kind] || DOC[kind] ? 0 : 1;
    if (alts.indexOf(q) >= 0) return 2;
    if (label.indexOf(q) === 0 || alts.some(function (a) { return a.indexOf(q) === 0; })) return 3;
    if (label.indexOf(q) > 0 || alts.some(function (a) { return a.indexOf(q) > 0; })) return 4;
    return -1;
  }
  function ranked(query, limit) {
    var q = String(query || "").trim().toLowerCase(), hits = [];
    if (!q) return [];
    for (var id = 0; id < data.nodes.length; id++) {
      var t = tier(id, q);
      if (t >= 0) hits.push([t, ENTITY[kindOf[id]] ? 0 : DOC[kindOf[id]] ? 1 : 2, -data.nodes[id].w, lower[id], id]);
    }
    hits.sort(function (a, b) {
      for (var i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return a[4] - b[4];
    });
    return hits.slice(0, limit || 12).map(function (h) { return h[4]; });
  }
  function find(query) { var hits = ranked(query, 1); return hits.length ? hits[0] : -1; }
  var box = $("kg-search"), list = $("kg-suggest"), shown = [], active = -1;
  function hideSuggestions() { list.hidden = true; list.replaceChildren(); shown = []; active = -1; box.setAttribute("aria-expanded", "false"); }
  function showSuggestions() {
    shown = ranked(box.value, 12);
    active = -1;
    list.replaceChildren();
    shown.forEach(function (id, i) {
      var item = el("li", "kg-suggestion");
      item.id = "kg-suggest-" + i;
      item.setAttribute("role", "option");
      item.appendChild(el("span", "kg-suggest-label", data.nodes[id].full));
      var date = DOC[kindOf[id]] && data.nodes[id].tip.filter(function (row) { return row[0] === "Date"; })[0];
      var kind = el("span", "kg-suggest-kind", (kindName[kindOf[id]] || kindOf[id]) + (date ? " \u00b7 " + date[1] : ""));
      item.appendChild(kind);
      item.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      list.appendChild(item);
    });
    list.hidden = !shown.length;
    box.setAttribute("aria-expanded", shown.length ? "true" : "false");
  }
  function setActive(i) {
    if (!shown.length) return;
    active = (i + shown.length) % shown.length;
    [].forEach.call(list.children, function (item, j) { item.classList.toggle("kg-active", j === active); });
    box.setAttribute("aria-activedescendant", "kg-suggest-" + active);
  }
  function choose(id) {
    hideSuggestions();
    select(id, true);
    status("Found: " + data.nodes[id].full);
  }
  box.addEventListener("input", showSuggestions);
  box.addEventListener("blur", function () { setTimeout(hideSuggestions, 0); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden) showSuggestions();
      setActive(active + (ev.key === "ArrowDown" ? 1 : -1));
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      var hits = active >= 0 ? [shown[active]] : ranked(box.value, 1);
      if (hits.length) choose(hits[0]);
      else if (box.value.trim()) { hideSuggestions(); status("No node matches \u201c" + box.value + "\u201d"); }
      ev.preventDefault();
    } else if (ev.key === "Escape" && !list.hidden) {
      hideSuggestions();  /* a second Escape clears the selection */
      ev.stopPropagation();
    }
  });
})();
