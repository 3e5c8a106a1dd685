/* dutygraph page script: draws the network, search, filters and the details panel.
 *
 * Every string that came from a document is put into the page with textContent
 * (or as a property such as option.value), never as HTML, so markup in a
 * document shows as text.  Nothing here fetches anything: the page is offline.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("dg-data").textContent);
  var container = document.getElementById("dg-network");
  var loading = document.getElementById("dg-loading");
  var detailsPanel = document.getElementById("dg-details");
  var searchInput = document.getElementById("dg-search");
  var searchStatus = document.getElementById("dg-search-status");
  var visibleStatus = document.getElementById("dg-visible");
  var regionSelect = document.getElementById("dg-region");

  var ROLE_ORDER = { Lead: 0, JurisdictionLead: 1, Support: 2, Responsible: 3, Accountable: 4, Supervise: 5, SignOff: 6 };
  var AGENT_TYPES = { Unit: true, Leader: true };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function roleRank(role) {
    return ROLE_ORDER[role] === undefined ? 9 : ROLE_ORDER[role];
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Natural order of task codes: 3.2 before 3.10, cases ("") last.
  function codeKey(code) {
    if (!code) return [Infinity];
    return String(code).split(".").map(function (part) {
      var n = parseInt(part, 10);
      return isNaN(n) ? Infinity : n;
    });
  }

  function compareCodes(a, b) {
    var ka = codeKey(a), kb = codeKey(b);
    for (var i = 0; i < Math.max(ka.length, kb.length); i++) {
      var x = ka[i] === undefined ? -1 : ka[i];
      var y = kb[i] === undefined ? -1 : kb[i];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  // A task's code and text ("3.2 逐步淘汰…"); other nodes by their name.
  function codeAndLabel(n) {
    return (n.code ? n.code + " " : "") + n.fullLabel;
  }

  function tooltipFor(text, sub) {
    // vis shows an Element as is; building it with textContent keeps markup inert.
    var box = el("div", null, "dg-tip");
    box.style.maxWidth = "360px";
    box.style.whiteSpace = "normal";
    if (sub) box.appendChild(el("div", sub, "dg-sub"));
    box.appendChild(el("div", text));
    return box;
  }

  var regionLabel = {};
  data.regions.forEach(function (r) { regionLabel[r.id] = r.label; });

  var byId = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    var sub = (data.typeNames[n.type] || n.type) + (n.code ? " " + n.code : "");
    n.title = tooltipFor(n.text || n.fullLabel, sub);
  });
  var edgeById = {};
  var incident = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (incident[e.from] = incident[e.from] || []).push(e);
    (incident[e.to] = incident[e.to] || []).push(e);
    if (e.kind === "duty") {
      e.title = tooltipFor(e.quote, data.roleNames[e.role] || e.role);
    } else {
      e.title = tooltipFor(
        (byId[e.from] ? codeAndLabel(byId[e.from]) : "") + " → " + (byId[e.to] ? codeAndLabel(byId[e.to]) : ""),
        data.relationNames[e.relation] || e.relation
      );
    }
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var big = !data.physics;
  var options = {
    autoResize: true,
    layout: { randomSeed: 42, improvedLayout: false },
    nodes: {
      borderWidth: 1,
      font: { size: 14, face: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
      // A label too small to read from the back of a meeting room is not
      // drawn at all rather than smeared: it appears once zoomed in enough.
      scaling: { label: { drawThreshold: 8 } }
    },
    edges: {
      // Straight edges: cheaper to draw on big graphs, and a click at the
      // midpoint of the two ends always lands on the edge.
      smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      selectionWidth: 2,
      hoverWidth: 0.5
    },
    interaction: {
      hover: !big,
      tooltipDelay: 200,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      multiselect: false,
      keyboard: false
    },
    physics: data.physics
      ? {
          enabled: true,
          solver: "forceAtlas2Based",
          forceAtlas2Based: data.forces,
          stabilization: { enabled: true, iterations: data.stabilizationIterations, updateInterval: 20, fit: true }
        }
      : { enabled: false }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  // A transparent canvas saves as a black PNG in some viewers; paint it white.
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // ---- details panel ----------------------------------------------------

  function roleBadge(role) {
    var group = data.roleGroups[role] || "responsible";
    var cls = "dg-role dg-role-" + group + (role === "JurisdictionLead" ? " dg-role-JurisdictionLead" : "");
    return el("span", data.roleNames[role] || role, cls);
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) return false;
    clear(detailsPanel);
    detailsPanel.setAttribute("data-node", id);
    detailsPanel.removeAttribute("data-edge");
    detailsPanel.appendChild(el("h2", codeAndLabel(n)));
    detailsPanel.appendChild(el("p", data.typeNames[n.type] || n.type, "dg-sub"));
    if (n.statusText) detailsPanel.appendChild(el("p", n.statusText, "dg-sub dg-current-status"));
    // A measure's label is the start of its text; the whole text reads here.
    if (n.text && n.text !== n.fullLabel) detailsPanel.appendChild(el("p", n.text, "dg-fulltext"));
    var otherNames = n.names.filter(function (s) { return s !== n.fullLabel && s !== codeAndLabel(n); });
    if (otherNames.length) {
      detailsPanel.appendChild(el("p", "又称:" + otherNames.join("、"), "dg-sub"));
    }
    var regionNames = n.regions.map(function (r) { return regionLabel[r] || r; });
    if (regionNames.length) detailsPanel.appendChild(el("p", "地区:" + regionNames.join("、"), "dg-sub"));

    var all = incident[id] || [];
    var duties = all.filter(function (e) { return e.kind === "duty"; });
    var isAgent = AGENT_TYPES[n.type] === true;
    duties.sort(function (a, b) {
      var oa = isAgent ? byId[a.to] : byId[a.from], ob = isAgent ? byId[b.to] : byId[b.from];
      return (roleRank(a.role) - roleRank(b.role)) || compareCodes(oa.code, ob.code) ||
        (oa.fullLabel < ob.fullLabel ? -1 : oa.fullLabel > ob.fullLabel ? 1 : 0);
    });
    detailsPanel.appendChild(el("h3", (isAgent ? "职责" : "责任主体") + "(" + duties.length + ")"));
    var list = el("ul");
    list.className = "dg-duties";
    duties.forEach(function (e) {
      var other = isAgent ? byId[e.to] : byId[e.from];
      var item = el("li");
      item.setAttribute("data-edge", e.id);
      item.appendChild(roleBadge(e.role));
      if (other.code) item.appendChild(el("span", other.code, "dg-code"));
      item.appendChild(el("span", other.fullLabel));
      item.addEventListener("click", function () { selectEdge(e.id); });
      list.appendChild(item);
    });
    if (!duties.length) list.appendChild(el("li", "(无)"));
    detailsPanel.appendChild(list);

    var links = all.filter(function (e) { return e.kind !== "duty"; });
    if (links.length) {
      detailsPanel.appendChild(el("h3", "关联"));
      var rel = el("ul");
      links.forEach(function (e) {
        var otherId = e.from === id ? e.to : e.from;
        var other = byId[otherId];
        var item = el("li");
        item.appendChild(el("span", (data.relationNames[e.relation] || e.relation) + ":", "dg-code"));
        item.appendChild(el("span", codeAndLabel(other)));
        item.addEventListener("click", function () { selectNode(otherId); });
        rel.appendChild(item);
      });
      detailsPanel.appendChild(rel);
    }
    return true;
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) return false;
    var from = byId[e.from], to = byId[e.to];
    clear(detailsPanel);
    detailsPanel.setAttribute("data-edge", id);
    detailsPanel.removeAttribute("data-node");
    if (e.kind === "duty") {
      var head = el("h2");
      head.appendChild(el("span", from.fullLabel + " "));
      head.appendChild(roleBadge(e.role));
      detailsPanel.appendChild(head);
      var task = el("p", null, "dg-fulltext");
      if (to.code) task.appendChild(el("span", to.code, "dg-code"));
      task.appendChild(el("span", to.fullLabel));
      detailsPanel.appendChild(task);
      detailsPanel.appendChild(el("h3", "原文依据"));
      var quote = el("blockquote", e.quote, "dg-quote");
      detailsPanel.appendChild(quote);
      detailsPanel.appendChild(el("p", "来源:" + (e.docTitle || e.doc || "(未注明)"), "dg-source"));
      detailsPanel.appendChild(el("p", "位置:第 " + e.line + " 行,字符 " + e.start + "–" + e.end, "dg-source"));
    } else {
      detailsPanel.appendChild(el("h2", data.relationNames[e.relation] || e.relation));
      detailsPanel.appendChild(el("p", codeAndLabel(from) + " → " + codeAndLabel(to), "dg-fulltext"));
    }
    return true;
  }

  function selectNode(id) {
    if (!byId[id]) return false;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    return showNode(id);
  }

  function selectEdge(id) {
    if (!edgeById[id]) return false;
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    return showEdge(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search --------------------------------------------------------------

  function findIds(query) {
    var q = String(query || "").trim();
    if (!q) return [];
    // "(三)", "三、" and "3." name problem 3 as plans write it.
    var code = q.replace(/^[\s(（第]+|[\s、.．)）]+$/g, "");
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      if (n.names.indexOf(q) >= 0 || (code && (n.code === code || n.aliases.indexOf(code) >= 0))) exact.push(n.id);
      else if (n.names.some(function (s) { return s.indexOf(q) >= 0; })) partial.push(n.id);
    });
    function shortest(id) {
      return Math.min.apply(null, byId[id].names.map(function (s) { return s.length; }));
    }
    partial.sort(function (a, b) { return shortest(a) - shortest(b) || (a < b ? -1 : a > b ? 1 : 0); });
    return exact.length ? exact : partial;
  }

  function search(query) {
    var ids = findIds(query);
    clear(searchStatus);
    if (!ids.length) {
      searchStatus.textContent = "未找到:" + String(query || "").trim();
      return null;
    }
    var id = ids[0];
    selectNode(id);
    var n = byId[id];
    searchStatus.appendChild(el("span", "找到 " + ids.length + " 个" + (hiddenNode[id] ? "(当前筛选已隐藏此节点)" : "")));
    if (ids.length > 1) {
      ids.slice(0, 12).forEach(function (other) {
        var o = byId[other];
        var text = codeAndLabel(o);
        var b = el("button", text.length > 18 ? text.slice(0, 18) + "…" : text);
        b.type = "button";
        b.addEventListener("click", function () { selectNode(other); });
        searchStatus.appendChild(b);
      });
    }
    return n.id;
  }

  document.getElementById("dg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(searchInput.value);
  });

  // Suggest short names only: thousands of measure texts would drown the list.
  var names = document.getElementById("dg-names");
  var suggested = {};
  data.nodes.forEach(function (n) {
    if (n.type === "Problem" || n.type === "Measure" || n.type === "Case" || n.type === "More") return;
    n.names.forEach(function (s) {
      if (suggested[s]) return;
      suggested[s] = true;
      var opt = document.createElement("option");
      opt.value = s;
      names.appendChild(opt);
    });
  });

  // ---- filters ------------------------------------------------------------

  data.regions.forEach(function (r) {
    var opt = document.createElement("option");
    opt.value = r.id;
    opt.textContent = r.label;
    regionSelect.appendChild(opt);
  });

  var hiddenNode = {};
  var hiddenEdge = {};

  function checked(id) {
    var box = document.getElementById(id);
    return !box || box.checked;
  }

  function applyFilters() {
    var region = regionSelect.value;
    var nodeChanges = [], edgeChanges = [];
    var shownNodes = 0, shownEdges = 0;
    data.nodes.forEach(function (n) {
      var hide = !checked("dg-type-" + n.type) || (region !== "" && n.regionKeys.indexOf(region) < 0);
      if (!!hiddenNode[n.id] !== hide) nodeChanges.push({ id: n.id, hidden: hide });
      hiddenNode[n.id] = hide;
      if (!hide) shownNodes++;
    });
    data.edges.forEach(function (e) {
      var wanted = e.kind === "duty" ? checked("dg-role-" + (data.roleGroups[e.role] || "responsible")) : checked("dg-structure");
      // Hide edges of hidden nodes explicitly so the DataSet says what is seen.
      var hide = !wanted || hiddenNode[e.from] || hiddenNode[e.to];
      if (!!hiddenEdge[e.id] !== hide) edgeChanges.push({ id: e.id, hidden: hide });
      hiddenEdge[e.id] = hide;
      if (!hide) shownEdges++;
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    visibleStatus.textContent = "显示 " + shownNodes + " 个节点 · " + shownEdges + " 条关系";
    return { nodes: shownNodes, edges: shownEdges };
  }

  Array.prototype.forEach.call(document.querySelectorAll(".dg-controls input[type=checkbox]"), function (box) {
    box.addEventListener("change", applyFilters);
  });
  regionSelect.addEventListener("change", applyFilters);
  applyFilters();

  // ---- save PNG -------------------------------------------------------------

  document.getElementById("dg-save").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    if (!canvas) return;
    var link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = "dutygraph-" + (document.getElementById("dg-data").getAttribute("data-generated") || "graph") + ".png";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  });

  // ---- ready ----------------------------------------------------------------

  var api = {
    network: network,
    nodes: nodes,
    edges: edges,
    showNode: showNode,
    showEdge: showEdge,
    selectNode: selectNode,
    selectEdge: selectEdge,
    search: search,
    findIds: findIds,
    applyFilters: applyFilters,
    visibleCounts: function () {
      return {
        nodes: nodes.get({ filter: function (n) { return !n.hidden; } }).length,
        edges: edges.get({ filter: function (e) { return !e.hidden; } }).length
      };
    }
  };

  function markReady() {
    if (window.dutygraphReady) return;
    // For benchmarks: milliseconds from navigation start until drawn and usable.
    api.readyAt = performance.now();
    loading.hidden = true;
    window.dutygraph = api;
    window.dutygraphReady = true;
    document.body.setAttribute("data-ready", "true");
  }

  if (data.physics && data.nodes.length) {
    network.on("stabilizationProgress", function (p) {
      loading.textContent = "正在布局… " + Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      // Still nodes read better in a meeting than a drifting graph; physics
      // stays off once the bounded stabilisation is done.
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.fit({ animation: false });
    network.once("afterDrawing", markReady);
    network.redraw();
  }
})();
