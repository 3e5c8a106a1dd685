/* dutygraph map: markers at the regions' seats, labels that never overlap, a details panel.
 *
 * Positions are an equirectangular projection around the selection's centre,
 * redrawn on zoom and pan in screen pixels, so markers and labels keep their
 * size.  Labels are placed greedily, biggest marker first, at the first of
 * eight spots around the marker that covers no placed label and no marker;
 * one that finds none is hidden until a zoom makes room.  Document text goes
 * in with textContent only; nothing is fetched.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("dg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("mp-svg");
  var wrap = document.getElementById("mp-wrap");
  var markersLayer = document.getElementById("mp-markers");
  var labelsLayer = document.getElementById("mp-labels");
  var gridLayer = document.getElementById("mp-grid");
  var details = document.getElementById("dg-details");
  var visibleStatus = document.getElementById("mp-visible");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function svgEl(tag, className) {
    var node = document.createElementNS(SVG, tag);
    if (className) node.setAttribute("class", className);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  var regions = data.regions;
  var lat0 = 0;
  regions.forEach(function (r) { lat0 += r.lat; });
  lat0 = regions.length ? lat0 / regions.length : 30;
  var kx = Math.cos(lat0 * Math.PI / 180);
  regions.forEach(function (r) {
    r.px = r.lon * kx;
    r.py = -r.lat;
    // Area grows with the number of problems; a place with none (a unit's jurisdiction) stays small.
    r.radius = r.problems.length ? 5 + 4 * Math.sqrt(r.problems.length) : 4;
  });
  // Who gets a label first: most problems, then the higher level.
  var LEVEL = { province: 0, city: 1, county: 2 };
  var order = regions.map(function (r, i) { return i; }).sort(function (a, b) {
    var ra = regions[a], rb = regions[b];
    return rb.problems.length - ra.problems.length || LEVEL[ra.level] - LEVEL[rb.level] || (ra.name < rb.name ? -1 : 1);
  });

  var view = { scale: 1, x: 0, y: 0 };
  var markerEls = [], labelEls = [], widths = [];
  var measure = document.createElement("canvas").getContext("2d");

  regions.forEach(function (r, i) {
    var c = svgEl("circle", "mp-marker" + (r.problems.length ? "" : " mp-empty"));
    c.setAttribute("r", r.radius.toFixed(1));
    c.setAttribute("fill", data.colours[r.colour].color);
    c.setAttribute("data-region", String(i));
    var title = svgEl("title");
    title.textContent = r.name + (r.parent ? "(" + r.parent + ")" : "") + " · " + r.problems.length + " 个问题";
    c.appendChild(title);
    markersLayer.appendChild(c);
    markerEls.push(c);
    var big = r.problems.length >= 3 || r.level === "province";
    var t = svgEl("text", "mp-label" + (big ? " mp-big" : ""));
    t.textContent = r.name;
    t.setAttribute("data-region", String(i));
    labelsLayer.appendChild(t);
    labelEls.push(t);
    measure.font = (big ? "bold 15px " : "13px ") + getComputedStyle(document.body).fontFamily;
    widths.push({ w: measure.measureText(r.name).width + 2, h: big ? 17 : 15 });
  });

  function screen(r) {
    return { x: r.px * view.scale + view.x, y: r.py * view.scale + view.y };
  }

  function fit() {
    var w = wrap.clientWidth, h = wrap.clientHeight;
    if (!regions.length) { view = { scale: 1, x: w / 2, y: h / 2 }; return; }
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    regions.forEach(function (r) {
      minX = Math.min(minX, r.px); maxX = Math.max(maxX, r.px);
      minY = Math.min(minY, r.py); maxY = Math.max(maxY, r.py);
    });
    var pad = 60;
    var spanX = Math.max(maxX - minX, 0.5), spanY = Math.max(maxY - minY, 0.5);
    var scale = Math.min((w - 2 * pad) / spanX, (h - 2 * pad) / spanY);
    view = { scale: scale, x: w / 2 - scale * (minX + maxX) / 2, y: h / 2 - scale * (minY + maxY) / 2 };
  }

  // A uniform grid of placed boxes answers "does this box hit anything?" without a scan of them all.
  function Boxes(cell) { this.cell = cell; this.grid = {}; }
  Boxes.prototype.keys = function (b, fn) {
    var c = this.cell;
    for (var gx = Math.floor(b.x0 / c); gx <= Math.floor(b.x1 / c); gx++)
      for (var gy = Math.floor(b.y0 / c); gy <= Math.floor(b.y1 / c); gy++) fn(gx + "," + gy);
  };
  Boxes.prototype.hits = function (b) {
    var grid = this.grid, hit = false;
    this.keys(b, function (k) {
      if (hit || !grid[k]) return;
      for (var i = 0; i < grid[k].length; i++) {
        var o = grid[k][i];
        if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) { hit = true; return; }
      }
    });
    return hit;
  };
  Boxes.prototype.add = function (b) {
    var grid = this.grid;
    this.keys(b, function (k) { (grid[k] = grid[k] || []).push(b); });
  };

  var placedCount = 0;

  function draw() {
    var w = wrap.clientWidth, h = wrap.clientHeight;
    var pos = regions.map(screen);
    markerEls.forEach(function (c, i) {
      c.setAttribute("cx", pos[i].x.toFixed(1));
      c.setAttribute("cy", pos[i].y.toFixed(1));
    });
    var boxes = new Boxes(64);
    // Markers are obstacles too: a label never covers another place.
    regions.forEach(function (r, i) {
      var p = pos[i];
      if (p.x < -50 || p.y < -50 || p.x > w + 50 || p.y > h + 50) return;
      boxes.add({ x0: p.x - r.radius, y0: p.y - r.radius, x1: p.x + r.radius, y1: p.y + r.radius, marker: i });
    });
    placedCount = 0;
    order.forEach(function (i) {
      var r = regions[i], p = pos[i], size = widths[i], t = labelEls[i];
      var gap = r.radius + 2;
      var spots = [
        [p.x + gap, p.y - size.h / 2], [p.x - gap - size.w, p.y - size.h / 2],
        [p.x - size.w / 2, p.y - gap - size.h], [p.x - size.w / 2, p.y + gap],
        [p.x + gap * 0.7, p.y - gap * 0.7 - size.h], [p.x - gap * 0.7 - size.w, p.y - gap * 0.7 - size.h],
        [p.x + gap * 0.7, p.y + gap * 0.7], [p.x - gap * 0.7 - size.w, p.y + gap * 0.7]
      ];
      var chosen = null;
      for (var s = 0; s < spots.length; s++) {
        var b = { x0: spots[s][0], y0: spots[s][1], x1: spots[s][0] + size.w, y1: spots[s][1] + size.h };
        if (b.x0 < 0 || b.y0 < 0 || b.x1 > w || b.y1 > h) continue;
        if (!boxes.hits(b)) { chosen = b; break; }
      }
      if (chosen) {
        boxes.add(chosen);
        t.setAttribute("x", chosen.x0.toFixed(1));
        t.setAttribute("y", (chosen.y0 + size.h * 0.8).toFixed(1));
        t.removeAttribute("display");
        placedCount++;
      } else {
        t.setAttribute("display", "none");
      }
    });
    drawGrid(w, h);
    visibleStatus.textContent = regions.length + " 个地区,显示名称 " + placedCount + " 个";
  }

  function drawGrid(w, h) {
    clear(gridLayer);
    gridLayer.setAttribute("class", "mp-grid");
    // Graticule every 1, 2, 5 or 10 degrees, whichever keeps lines ~100 px apart: a sense of distance without tiles.
    var steps = [0.5, 1, 2, 5, 10], step = 10;
    for (var i = 0; i < steps.length; i++) if (steps[i] * view.scale >= 90) { step = steps[i]; break; }
    var lonMin = (0 - view.x) / view.scale / kx, lonMax = (w - view.x) / view.scale / kx;
    var latMax = -(0 - view.y) / view.scale, latMin = -(h - view.y) / view.scale;
    for (var lon = Math.ceil(lonMin / step) * step; lon <= lonMax && lon - lonMin < 400; lon += step) {
      var x = lon * kx * view.scale + view.x;
      var line = svgEl("line"); line.setAttribute("x1", x); line.setAttribute("x2", x); line.setAttribute("y1", 0); line.setAttribute("y2", h);
      gridLayer.appendChild(line);
      var tx = svgEl("text"); tx.setAttribute("x", x + 2); tx.setAttribute("y", h - 4); tx.textContent = lon + "°E";
      gridLayer.appendChild(tx);
    }
    for (var lat = Math.ceil(latMin / step) * step; lat <= latMax && lat - latMin < 400; lat += step) {
      var y = -lat * view.scale + view.y;
      var hl = svgEl("line"); hl.setAttribute("x1", 0); hl.setAttribute("x2", w); hl.setAttribute("y1", y); hl.setAttribute("y2", y);
      gridLayer.appendChild(hl);
      var ty = svgEl("text"); ty.setAttribute("x", 2); ty.setAttribute("y", y - 2); ty.textContent = lat + "°N";
      gridLayer.appendChild(ty);
    }
  }

  // ---- details ----------------------------------------------------------------------------------

  function showRegion(i) {
    var r = regions[i];
    if (!r) return false;
    markerEls.forEach(function (c) { c.classList.remove("mp-selected"); });
    markerEls[i].classList.add("mp-selected");
    clear(details);
    details.setAttribute("data-region", r.id);
    details.appendChild(el("h2", r.name));
    details.appendChild(el("p", (r.parent ? r.parent + " · " : "") + data.colours[r.colour].name, "dg-sub"));
    details.appendChild(el("h3", "涉及的问题(" + r.problems.length + ")"));
    r.problems.forEach(function (p) {
      var problem = data.problems[p];
      var box = el("div", null, "mp-problem");
      box.setAttribute("data-problem", problem.id);
      var head = el("p");
      if (problem.code) head.appendChild(el("span", problem.code, "dg-code"));
      head.appendChild(el("span", problem.label));
      box.appendChild(head);
      box.appendChild(el("p", problem.doc + (problem.status ? " · 进展:" + problem.status : ""), "dg-source"));
      var owners = el("p", null, "mp-owners");
      problem.owners.forEach(function (o) {
        var badge = el("span", data.roleNames[o[1]] || o[1], "dg-role");
        badge.style.background = data.roleColours[o[1]] || "#555";
        owners.appendChild(badge);
        owners.appendChild(el("span", o[0] + " "));
      });
      if (!problem.owners.length) owners.appendChild(el("span", "(无责任单位)"));
      box.appendChild(owners);
      details.appendChild(box);
    });
    return true;
  }

  markersLayer.addEventListener("click", function (ev) {
    var i = ev.target.getAttribute && ev.target.getAttribute("data-region");
    if (i !== null && i !== undefined) showRegion(Number(i));
  });

  // ---- zoom, pan, search ------------------------------------------------------------------------

  var pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    var factor = Math.exp(-ev.deltaY * 0.0015);
    view.x = mx - (mx - view.x) * factor;
    view.y = my - (my - view.y) * factor;
    view.scale *= factor;
    redraw();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false }; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) { drag.moved = true; svg.classList.add("mp-dragging"); }
    view.x = drag.vx + ev.clientX - drag.x;
    view.y = drag.vy + ev.clientY - drag.y;
    redraw();
  });
  window.addEventListener("mouseup", function () { drag = null; svg.classList.remove("mp-dragging"); });
  window.addEventListener("resize", function () { fit(); redraw(); });
  document.getElementById("mp-fit").addEventListener("click", function () { fit(); draw(); });

  function search(query) {
    var q = String(query || "").trim();
    var status = document.getElementById("mp-search-status");
    if (!q) return null;
    var found = -1;
    regions.forEach(function (r, i) { if (found < 0 && r.name === q) found = i; });
    regions.forEach(function (r, i) { if (found < 0 && r.name.indexOf(q) >= 0) found = i; });
    if (found < 0) { status.textContent = "未找到:" + q; return null; }
    var r = regions[found];
    view.scale = Math.max(view.scale, 400);
    view.x = wrap.clientWidth / 2 - r.px * view.scale;
    view.y = wrap.clientHeight / 2 - r.py * view.scale;
    draw();
    showRegion(found);
    status.textContent = r.name;
    return r.id;
  }
  document.getElementById("mp-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("mp-search").value);
  });

  fit();
  draw();
  window.dutygraph = {
    data: data,
    draw: draw,
    fit: function () { fit(); draw(); },
    showRegion: showRegion,
    search: search,
    view: function () { return view; },
    placedLabels: function () { return placedCount; }
  };
  requestAnimationFrame(function () {
    window.dutygraph.readyAt = performance.now();
    window.dutygraphReady = true;
    document.body.setAttribute("data-ready", "true");
  });
})();
