/* kgraph page script. Every text from the data goes in with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var DIM = "rgba(200,200,200,0.22)", DIM_FONT = "rgba(60,60,60,0.18)", FONT = "#343434";
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
  function tip(rows) {
    var box = el("div", "kg-tip");
    rows.forEach(function (row, i) {
      if (i === 0) { box.appendChild(el("div", "kg-tip-title", row[1])); return; }
      var line = el("div");
      line.appendChild(el("span", "kg-tip-key", row[0] + ": "));
      line.appendChild(text(row[1]));
      box.appendChild(line);
    });
    return box;
  }

  /* -- the network ---------------------------------------------------------- */
  var base = {}, kindOf = {};
  data.nodes.forEach(function (n) {
    n.title = tip(n.tip); delete n.tip;
    base[n.id] = n.color; kindOf[n.id] = n.kind;
  });
  var edgeBase = {};
  data.edges.forEach(function (e) {
    e.title = tip([["", e.pred + (e.count ? " (" + e.count + ")" : "")]]);
    e.color = edgeBase[e.id] = data.edgeColours[e.pred] || "#bbbbbb";
    e.width = 1 + Math.min(e.count, 9) / 3;
  });
  var edgeEnds = data.edges.map(function (e) { return [e.id, e.from, e.to]; });
  function nameOf(id, fallback) { return id >= 0 ? data.nodes[id].full : fallback; }
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network($("kg-graph"), { nodes: nodes, edges: edges }, data.options);
  var physicsOn = true, ready = false;
  window.kgraphNetwork = network;
  window.kgraph = { network: network, nodes: nodes, edges: edges, data: data, select: select, find: find };
  $("kg-counts").textContent = data.shown.nodes + " nodes \u00b7 " + data.shown.edges + " edges";

  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    var button = $("kg-physics");
    button.textContent = on ? "Freeze layout" : "Resume layout";
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }
  function markReady() {
    if (ready) return;
    ready = true;
    setPhysics(false);
    window.kgraphReadyAt = performance.now();
    window.kgraphReady = true;
    document.body.setAttribute("data-ready", "1");
    status("Layout settled and frozen");
  }
  network.on("stabilizationProgress", function (p) {
    status("Laying out\u2026 " + Math.round(100 * p.iterations / Math.max(1, p.total)) + "%");
  });
  network.once("stabilizationIterationsDone", markReady);
  network.once("stabilized", markReady);
  if (!data.nodes.length) markReady();
  $("kg-physics").addEventListener("click", function () { setPhysics(!physicsOn); });

  /* -- legend: one colour per type, click to show / hide -------------------- */
  function setKindHidden(kind, hide) {
    hiddenKinds[kind] = hide;
    nodes.update(nodes.getIds({ filter: function (n) { return n.kind === kind; } })
      .map(function (id) { return { id: id, hidden: hide }; }));
    edges.update(edgeEnds.map(function (e) {
      return { id: e[0], hidden: !!(hiddenKinds[kindOf[e[1]]] || hiddenKinds[kindOf[e[2]]]) };
    }));
    var button = legendButtons[kind];
    button.classList.toggle("kg-off", hide);
    button.setAttribute("aria-pressed", hide ? "false" : "true");
  }
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

  /* -- neighbourhood highlight: one DataSet update each, only what changes -- */
  var nodeDim = {}, edgeDim = {};
  function restyle(keepNode, keepEdge) {
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var dim = !keepNode(n.id);
      if (!!nodeDim[n.id] === dim) return;
      nodeDim[n.id] = dim;
      nodeChanges.push({ id: n.id, color: dim ? DIM : base[n.id], font: { color: dim ? DIM_FONT : FONT } });
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
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    restyle(function (n) { return keep[n]; }, function (e) { return e[1] === id || e[2] === id; });
  }
  function clearHighlight() {
    restyle(function () { return true; }, function () { return true; });
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
    var block = el("div", "kg-sentence");
    if (s.a >= 0) {
      block.appendChild(text(s.s.slice(0, s.a)));
      block.appendChild(el("mark", null, s.s.slice(s.a, s.a + s.q.length)));
      block.appendChild(text(s.s.slice(s.a + s.q.length)));
    } else {
      block.appendChild(text(s.s));
      block.appendChild(el("mark", null, " (" + s.q + ")"));
    }
    var source = el("span", "kg-source");
    source.appendChild(text("in "));
    source.appendChild(nodeButton(s.n, nameOf(s.n, s.d)));
    if (s.h) {
      source.appendChild(text(" \u00b7 "));
      source.appendChild(link(s.h, s.w ? "watch at " + s.w : "source"));
    }
    block.appendChild(source);
    return block;
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
    var d = data.details[id], panel = $("kg-panel");
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
      dd.appendChild(f[2] ? link(f[1], f[1]) : text(f[1]));
      dl.appendChild(dd);
    });
    dl.appendChild(el("dt", null, "IRI"));
    dl.appendChild(el("dd", null, data.iris[id]));
    panel.appendChild(dl);
    if (d.text) panel.appendChild(el("p", "kg-excerpt", d.text));
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
    network.selectNodes([id]);
    highlight(id);
    showPanel(id);
    if (focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.1),
                          animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0], false); else unselect();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") unselect(); });

  /* -- search with autocomplete --------------------------------------------- */
  var seen = {}, options = $("kg-labels");
  data.nodes.map(function (n) { return n.full; }).sort().forEach(function (label) {
    if (seen[label]) return;
    seen[label] = true;
    var option = el("option");
    option.value = label;
    options.appendChild(option);
  });
  function find(query) {
    var q = String(query || "").trim().toLowerCase(), tests = [
      function (n) { return n.full.toLowerCase() === q; },
      function (n) { return n.alt.some(function (a) { return a.toLowerCase() === q; }); },
      function (n) { return n.full.toLowerCase().indexOf(q) === 0; },
      function (n) { return n.full.toLowerCase().indexOf(q) >= 0; }
    ];
    if (!q) return -1;
    for (var t = 0; t < tests.length; t++) {
      var hit = data.nodes.filter(tests[t]);
      if (hit.length) return hit[0].id;
    }
    return -1;
  }
  var lastSearch = null;
  function search() {
    var query = $("kg-search").value, id = find(query);
    if (!query.trim() || query === lastSearch) return;  /* Enter and change both fire */
    lastSearch = query;
    if (id < 0) { status("No node matches \u201c" + query + "\u201d"); return; }
    select(id, true);
    status("Found: " + data.nodes[id].full);
  }
  $("kg-search").addEventListener("change", search);
  $("kg-search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") search(); });
  $("kg-search").addEventListener("input", function (ev) {
    lastSearch = null;
    if (ev.inputType === "insertReplacementText" || ev.inputType === undefined) search();  /* a datalist pick */
  });
})();
