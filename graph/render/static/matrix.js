/* dutygraph responsibility matrix: lays out the sheet, filters, search, details, PNG/CSV export and print.
 *
 * Only cells holding a mark become elements (a plan's matrix is mostly empty),
 * placed absolutely on a sheet whose headers stick to the top and the left.
 * Every string from a document goes in with textContent, never as HTML, and
 * nothing is fetched: the page is offline.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("dg-data").textContent);
  var ROW_H = 26, COL_W = 36, ROWHEAD_W = 230, DOC_H = 22, COLHEAD_H = 150;
  var scroll = document.getElementById("mx-scroll");
  var sheet = document.getElementById("mx-sheet");
  var colheads = document.getElementById("mx-colheads");
  var rowheads = document.getElementById("mx-rowheads");
  var body = document.getElementById("mx-body");
  var details = document.getElementById("dg-details");
  var visibleStatus = document.getElementById("mx-visible");
  var searchInput = document.getElementById("mx-search");
  var searchStatus = document.getElementById("mx-search-status");
  var filterInput = document.getElementById("mx-filter");
  var documentSelect = document.getElementById("mx-document");
  var sortSelect = document.getElementById("mx-sort");
  var hideEmpty = document.getElementById("mx-hide-empty");
  var roleBoxes = Array.prototype.slice.call(document.querySelectorAll("#mx-legend input[data-role]"));

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function codeAndLabel(t) {
    return (t.code ? t.code + " " : "") + t.label;
  }

  // duties of each task slot: key "c" (the problem and, when folded, its measures) or "c.m".
  var expanded = {};
  var byRow = data.rows.map(function () { return []; });
  data.duties.forEach(function (d) { byRow[d[0]].push(d); });

  // ---- the state the sheet is drawn from ----------------------------------------------------

  var state = { rows: [], slots: [], cells: [] };

  function activeRoles() {
    var on = {};
    roleBoxes.forEach(function (box) { if (box.checked) on[box.getAttribute("data-role")] = true; });
    return on;
  }

  function slotKey(column, measure) {
    return measure < 0 || !expanded[column] ? String(column) : column + "." + measure;
  }

  function allSlots() {
    var slots = [];
    var docFilter = documentSelect.value;
    data.columns.forEach(function (c, i) {
      if (docFilter !== "" && String(c.doc) !== docFilter) return;
      slots.push({ key: String(i), column: i, measure: -1 });
      if (expanded[i]) {
        c.measures.forEach(function (m, j) { slots.push({ key: i + "." + j, column: i, measure: j }); });
      }
    });
    return slots;
  }

  function rowMatches(row, text) {
    if (!text) return true;
    return row.label.indexOf(text) >= 0 || row.names.some(function (n) { return n.indexOf(text) >= 0; });
  }

  function compute() {
    var roles = activeRoles();
    var text = filterInput.value.trim();
    var slots = allSlots();
    var slotIndex = {};
    slots.forEach(function (s, i) { slotIndex[s.key] = i; });
    var cells = {}; // "row|slot" -> {row, slot, duties: []}
    var rowCounts = {}, slotCounts = {};
    data.rows.forEach(function (row, r) {
      if (!rowMatches(row, text)) return;
      byRow[r].forEach(function (d) {
        if (!roles[d[3]]) return;
        var key = slotKey(d[1], d[2]);
        var s = slotIndex[key];
        if (s === undefined) return;
        var id = r + "|" + s;
        (cells[id] = cells[id] || { row: r, slot: s, duties: [] }).duties.push(d);
        rowCounts[r] = (rowCounts[r] || 0) + 1;
        slotCounts[s] = (slotCounts[s] || 0) + 1;
      });
    });
    var rows = [];
    data.rows.forEach(function (row, r) {
      if (!rowMatches(row, text)) return;
      if (hideEmpty.checked && !rowCounts[r]) return;
      rows.push(r);
    });
    var load = function (r) { return data.rows[r].load; };
    if (sortSelect.value === "name") {
      rows.sort(function (a, b) { return data.rows[a].label < data.rows[b].label ? -1 : data.rows[a].label > data.rows[b].label ? 1 : a - b; });
    } else {
      rows.sort(function (a, b) {
        var la = load(a), lb = load(b);
        for (var i = 0; i < la.length; i++) if (la[i] !== lb[i]) return lb[i] - la[i];
        return data.rows[a].label < data.rows[b].label ? -1 : data.rows[a].label > data.rows[b].label ? 1 : a - b;
      });
    }
    var keptSlots = [];
    slots.forEach(function (s, i) {
      // An opened problem keeps its own column, so its header and toggle stay put.
      var opened = s.measure < 0 && expanded[s.column];
      if (hideEmpty.checked && !slotCounts[i] && !opened) return;
      keptSlots.push({ key: s.key, column: s.column, measure: s.measure, count: slotCounts[i] || 0, old: i });
    });
    var newIndex = {};
    keptSlots.forEach(function (s, i) { newIndex[s.old] = i; });
    var rowPos = {};
    rows.forEach(function (r, i) { rowPos[r] = i; });
    var list = [];
    Object.keys(cells).forEach(function (id) {
      var c = cells[id];
      if (rowPos[c.row] === undefined || newIndex[c.slot] === undefined) return;
      list.push({ row: c.row, y: rowPos[c.row], x: newIndex[c.slot], duties: c.duties });
    });
    state = { rows: rows, slots: keptSlots, cells: list, rowCounts: rowCounts };
    return state;
  }

  // ---- drawing --------------------------------------------------------------------------------

  function markText(duties) {
    // One mark per role, in the legend's order, with a count where one role holds several tasks.
    var counts = {};
    duties.forEach(function (d) { counts[d[3]] = (counts[d[3]] || 0) + 1; });
    return Object.keys(counts).map(Number).sort(function (a, b) { return a - b; }).map(function (r) {
      return { role: r, count: counts[r] };
    });
  }

  function slotTask(s) {
    var c = data.columns[s.column];
    return s.measure < 0 ? c : c.measures[s.measure];
  }

  function draw() {
    compute();
    var width = state.slots.length * COL_W, height = state.rows.length * ROW_H;
    sheet.style.gridTemplateColumns = ROWHEAD_W + "px " + Math.max(width, 1) + "px";
    sheet.style.gridTemplateRows = COLHEAD_H + "px " + Math.max(height, 1) + "px";
    // The sheet must be as wide as its grid: a sticky header sticks only within it.
    sheet.style.width = ROWHEAD_W + Math.max(width, 1) + "px";
    colheads.style.width = width + "px";
    colheads.style.height = COLHEAD_H + "px";
    rowheads.style.height = height + "px";
    body.style.width = width + "px";
    body.style.height = height + "px";
    body.style.backgroundImage =
      "repeating-linear-gradient(to right, transparent 0 " + (COL_W - 1) + "px, #eceef2 " + (COL_W - 1) + "px " + COL_W + "px)," +
      "repeating-linear-gradient(to bottom, transparent 0 " + (ROW_H - 1) + "px, #eceef2 " + (ROW_H - 1) + "px " + ROW_H + "px)";

    var heads = document.createDocumentFragment();
    var docStart = -1, docOf = -1;
    function closeDoc(end) {
      if (docOf < 0) return;
      var band = el("div", data.documents[docOf].title, "mx-doc");
      band.style.left = docStart * COL_W + "px";
      band.style.width = (end - docStart) * COL_W + "px";
      band.title = data.documents[docOf].title;
      heads.appendChild(band);
    }
    state.slots.forEach(function (s, i) {
      var c = data.columns[s.column];
      if (c.doc !== docOf) { closeDoc(i); docStart = i; docOf = c.doc; }
      var t = slotTask(s);
      var head = el("div", null, "mx-col" + (s.measure >= 0 ? " mx-measure" : ""));
      head.setAttribute("data-slot", s.key);
      head.style.left = i * COL_W + "px";
      head.style.width = COL_W + "px";
      head.style.height = (COLHEAD_H - DOC_H) + "px";
      head.appendChild(el("span", t.code || "·", "mx-code"));
      head.appendChild(el("span", t.label, "mx-vlabel"));
      head.appendChild(el("span", s.count, "mx-colcount"));
      head.title = codeAndLabel(t);
      if (s.measure < 0 && c.measures.length) {
        var toggle = el("button", expanded[s.column] ? "−" : "+", "mx-toggle");
        toggle.type = "button";
        toggle.title = expanded[s.column] ? "收起措施" : "展开 " + c.measures.length + " 项措施";
        toggle.setAttribute("data-toggle", String(s.column));
        head.appendChild(toggle);
      }
      heads.appendChild(head);
    });
    closeDoc(state.slots.length);
    clear(colheads);
    colheads.appendChild(heads);

    var names = document.createDocumentFragment();
    state.rows.forEach(function (r, i) {
      var row = data.rows[r];
      var div = el("div", null, "mx-row" + (row.type === "Leader" ? " mx-leader" : ""));
      div.setAttribute("data-row", String(r));
      div.style.top = i * ROW_H + "px";
      div.style.height = ROW_H + "px";
      div.style.lineHeight = ROW_H - 1 + "px";
      div.appendChild(el("span", row.label, "mx-name"));
      div.appendChild(el("span", state.rowCounts[r] || 0, "mx-rowcount"));
      div.title = row.label + "(" + (data.typeNames[row.type] || row.type) + ")";
      names.appendChild(div);
    });
    clear(rowheads);
    rowheads.appendChild(names);

    var marks = document.createDocumentFragment();
    state.cells.forEach(function (c, i) {
      var cell = el("div", null, "mx-cell");
      cell.setAttribute("data-cell", String(i));
      cell.style.left = c.x * COL_W + "px";
      cell.style.top = c.y * ROW_H + "px";
      cell.style.width = COL_W - 1 + "px";
      cell.style.height = ROW_H - 1 + "px";
      cell.style.lineHeight = ROW_H - 1 + "px";
      markText(c.duties).forEach(function (m) {
        var role = data.roles[m.role];
        var span = el("span", role.mark);
        span.style.color = role.color;
        cell.appendChild(span);
        if (m.count > 1) cell.appendChild(el("sub", m.count));
      });
      marks.appendChild(cell);
    });
    clear(body);
    body.appendChild(marks);
    visibleStatus.textContent = "显示 " + state.rows.length + " 行 · " + state.slots.length + " 列 · " + state.cells.length + " 个标记";
  }

  // ---- details ---------------------------------------------------------------------------------

  function roleBadge(index) {
    var role = data.roles[index];
    var badge = el("span", role.mark + " " + role.name, "dg-role");
    badge.style.background = role.color;
    return badge;
  }

  function taskOf(d) {
    var c = data.columns[d[1]];
    return d[2] < 0 ? c : c.measures[d[2]];
  }

  function showCell(index) {
    var c = state.cells[index];
    if (!c) return false;
    var row = data.rows[c.row];
    var s = state.slots[c.x];
    clear(details);
    details.setAttribute("data-cell", String(index));
    details.removeAttribute("data-slot");
    details.appendChild(el("h2", row.label));
    details.appendChild(el("p", codeAndLabel(slotTask(s)), "dg-fulltext"));
    details.appendChild(el("h3", "原文依据(" + c.duties.length + ")"));
    var duties = c.duties.slice().sort(function (a, b) { return a[3] - b[3] || a[2] - b[2]; });
    duties.forEach(function (d) {
      var ev = data.evidence[d[4]];
      var box = el("div", null, "mx-evidence");
      box.setAttribute("data-evidence", String(d[4]));
      var head = el("p");
      head.appendChild(roleBadge(d[3]));
      var t = taskOf(d);
      if (t.code) head.appendChild(el("span", t.code, "dg-code"));
      head.appendChild(el("span", t.label));
      box.appendChild(head);
      box.appendChild(el("blockquote", ev[0], "dg-quote"));
      var doc = data.documents[ev[1]];
      box.appendChild(el("p", "来源:" + (doc ? doc.title : "(未注明)"), "dg-source"));
      box.appendChild(el("p", "位置:第 " + ev[2] + " 行,字符 " + ev[3] + "–" + ev[4], "dg-source"));
      details.appendChild(box);
    });
    return true;
  }

  function scheduleLines(t) {
    var lines = [];
    if (t.deadlines.length) lines.push("整改时限:" + t.deadlines.join(";"));
    if (t.due.length) lines.push("到期日:" + t.due.join("、"));
    if (t.kinds.length) lines.push("时限类型:" + t.kinds.join("、"));
    lines.push("整改进展:" + (t.statuses.length ? t.statuses.join("、") : t.completed ? "已完成" : "(未见进展报告)"));
    return lines;
  }

  function showSlot(key) {
    var s = null;
    state.slots.forEach(function (x) { if (x.key === key) s = x; });
    if (!s) return false;
    var c = data.columns[s.column];
    var t = slotTask(s);
    clear(details);
    details.setAttribute("data-slot", key);
    details.removeAttribute("data-cell");
    details.appendChild(el("h2", codeAndLabel(t)));
    var doc = data.documents[c.doc];
    details.appendChild(el("p", (s.measure < 0 ? (t.type === "Case" ? "交办案件" : "问题") : "措施,属于问题 " + codeAndLabel(c)) +
      " · " + (doc ? doc.title : ""), "dg-sub"));
    if (t.text && t.text !== t.label) details.appendChild(el("p", t.text, "dg-fulltext"));
    var facts = el("ul", null, "mx-facts");
    scheduleLines(t).forEach(function (line) { facts.appendChild(el("li", line)); });
    details.appendChild(facts);
    if (s.measure < 0 && c.measures.length) {
      details.appendChild(el("h3", "整改措施(" + c.measures.length + ")"));
      var list = el("ul");
      c.measures.forEach(function (m) {
        var item = el("li");
        item.appendChild(el("span", m.code, "dg-code"));
        item.appendChild(el("span", m.label + (m.deadlines.length ? "(" + m.deadlines.join(";") + ")" : "")));
        list.appendChild(item);
      });
      details.appendChild(list);
    }
    return true;
  }

  body.addEventListener("click", function (ev) {
    var cell = ev.target.closest ? ev.target.closest(".mx-cell") : null;
    if (!cell) return;
    Array.prototype.forEach.call(body.querySelectorAll(".mx-selected"), function (n) { n.classList.remove("mx-selected"); });
    cell.classList.add("mx-selected");
    showCell(Number(cell.getAttribute("data-cell")));
  });

  colheads.addEventListener("click", function (ev) {
    var toggle = ev.target.closest ? ev.target.closest("[data-toggle]") : null;
    if (toggle) {
      var column = Number(toggle.getAttribute("data-toggle"));
      expanded[column] = !expanded[column];
      draw();
      return;
    }
    var head = ev.target.closest ? ev.target.closest(".mx-col") : null;
    if (head) showSlot(head.getAttribute("data-slot"));
  });

  // ---- search, filters, sorting -------------------------------------------------------------------

  function search(query) {
    var q = String(query || "").trim();
    clear(searchStatus);
    Array.prototype.forEach.call(document.querySelectorAll(".mx-hit"), function (n) { n.classList.remove("mx-hit"); });
    if (!q) return null;
    var code = q.replace(/^[\s(（第]+|[\s、.．)）]+$/g, "");
    for (var i = 0; i < state.rows.length; i++) {
      var row = data.rows[state.rows[i]];
      if (row.label === q || row.names.indexOf(q) >= 0 || row.label.indexOf(q) >= 0) {
        var node = rowheads.querySelector('[data-row="' + state.rows[i] + '"]');
        node.classList.add("mx-hit");
        scroll.scrollTop = Math.max(0, i * ROW_H - 3 * ROW_H);
        searchStatus.textContent = "单位:" + row.label;
        return { row: state.rows[i] };
      }
    }
    for (var j = 0; j < state.slots.length; j++) {
      var t = slotTask(state.slots[j]);
      if (t.code === code || (t.label && t.label.indexOf(q) >= 0)) {
        var head = colheads.querySelector('[data-slot="' + state.slots[j].key + '"]');
        head.classList.add("mx-hit");
        scroll.scrollLeft = Math.max(0, j * COL_W - 3 * COL_W);
        showSlot(state.slots[j].key);
        searchStatus.textContent = "问题:" + codeAndLabel(t);
        return { slot: state.slots[j].key };
      }
    }
    searchStatus.textContent = "未找到:" + q;
    return null;
  }

  document.getElementById("mx-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(searchInput.value);
  });
  roleBoxes.forEach(function (box) { box.addEventListener("change", draw); });
  [filterInput].forEach(function (input) { input.addEventListener("input", draw); });
  [documentSelect, sortSelect, hideEmpty].forEach(function (input) { input.addEventListener("change", draw); });
  document.getElementById("mx-expand-all").addEventListener("click", function () {
    data.columns.forEach(function (c, i) { if (c.measures.length) expanded[i] = true; });
    draw();
  });
  document.getElementById("mx-collapse-all").addEventListener("click", function () {
    expanded = {};
    draw();
  });

  // ---- CSV and PNG -----------------------------------------------------------------------------

  function cellTexts() {
    var grid = {};
    state.cells.forEach(function (c) { grid[c.y + "|" + c.x] = c; });
    return grid;
  }

  function roleWords(duties) {
    return markText(duties).map(function (m) {
      return data.roles[m.role].name + (m.count > 1 ? "×" + m.count : "");
    }).join("、");
  }

  function csvField(value) {
    var text = String(value);
    // A cell starting with = + - @ would run as a formula in a spreadsheet.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csvText() {
    var grid = cellTexts();
    var lines = [];
    lines.push(["文件", ""].concat(state.slots.map(function (s) {
      var doc = data.documents[data.columns[s.column].doc];
      return doc ? doc.title : "";
    })));
    lines.push(["单位", "职责数"].concat(state.slots.map(function (s) { return codeAndLabel(slotTask(s)); })));
    state.rows.forEach(function (r, y) {
      var line = [data.rows[r].label, state.rowCounts[r] || 0];
      state.slots.forEach(function (s, x) {
        var c = grid[y + "|" + x];
        line.push(c ? roleWords(c.duties) : "");
      });
      lines.push(line);
    });
    return "\ufeff" + lines.map(function (l) { return l.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function download(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  }

  var stamp = document.getElementById("dg-data").getAttribute("data-generated") || "matrix";

  function drawCanvas() {
    var grid = cellTexts();
    var head = 160, left = 240, cw = 30, rh = 24;
    var w = left + state.slots.length * cw + 1, h = head + state.rows.length * rh + 1;
    // Canvases past ~16k pixels a side fail to allocate: a huge matrix is drawn smaller.
    var scale = Math.min(1, 16000 / w, 16000 / h);
    var canvas = document.createElement("canvas");
    canvas.width = Math.ceil(w * scale);
    canvas.height = Math.ceil(h * scale);
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, w, h);
    var face = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
    ctx.strokeStyle = "#dddddd";
    ctx.lineWidth = 1;
    for (var x = 0; x <= state.slots.length; x++) {
      ctx.beginPath(); ctx.moveTo(left + x * cw + 0.5, 22); ctx.lineTo(left + x * cw + 0.5, h); ctx.stroke();
    }
    for (var y = 0; y <= state.rows.length; y++) {
      ctx.beginPath(); ctx.moveTo(0, head + y * rh + 0.5); ctx.lineTo(w, head + y * rh + 0.5); ctx.stroke();
    }
    ctx.textBaseline = "middle";
    var docOf = -1;
    state.slots.forEach(function (s, i) {
      var c = data.columns[s.column];
      var t = slotTask(s);
      if (c.doc !== docOf) {
        docOf = c.doc;
        ctx.fillStyle = "#333333";
        ctx.font = "bold 12px " + face;
        ctx.textAlign = "left";
        ctx.fillText((data.documents[c.doc] || { title: "" }).title.slice(0, 60), left + i * cw + 4, 11);
        ctx.strokeStyle = "#8a97a6";
        ctx.beginPath(); ctx.moveTo(left + i * cw + 0.5, 0); ctx.lineTo(left + i * cw + 0.5, h); ctx.stroke();
        ctx.strokeStyle = "#dddddd";
      }
      ctx.fillStyle = s.measure >= 0 ? "#2e6b25" : "#222222";
      ctx.font = "bold 11px " + face;
      ctx.textAlign = "center";
      ctx.fillText(t.code || "·", left + i * cw + cw / 2, 32);
      ctx.font = "11px " + face;
      var chars = Array.from(t.label).slice(0, 9);
      chars.forEach(function (ch, k) { ctx.fillText(ch, left + i * cw + cw / 2, 48 + k * 12); });
    });
    ctx.textAlign = "left";
    state.rows.forEach(function (r, y) {
      ctx.fillStyle = "#222222";
      ctx.font = "13px " + face;
      ctx.fillText(data.rows[r].label.slice(0, 16), 6, head + y * rh + rh / 2);
      ctx.fillStyle = "#777777";
      ctx.textAlign = "right";
      ctx.fillText(String(state.rowCounts[r] || 0), left - 6, head + y * rh + rh / 2);
      ctx.textAlign = "left";
    });
    ctx.textAlign = "center";
    ctx.font = "bold 13px " + face;
    Object.keys(grid).forEach(function (k) {
      var c = grid[k];
      var marks = markText(c.duties);
      marks.forEach(function (m, i) {
        ctx.fillStyle = data.roles[m.role].color;
        var offset = (i - (marks.length - 1) / 2) * 12;
        ctx.fillText(data.roles[m.role].mark, left + c.x * cw + cw / 2 + offset, head + c.y * rh + rh / 2);
      });
    });
    return canvas;
  }

  document.getElementById("mx-save-csv").addEventListener("click", function () {
    download("data:text/csv;charset=utf-8," + encodeURIComponent(csvText()), "dutygraph-matrix-" + stamp + ".csv");
  });
  document.getElementById("mx-save-png").addEventListener("click", function () {
    download(drawCanvas().toDataURL("image/png"), "dutygraph-matrix-" + stamp + ".png");
  });

  // ---- print: the visible table, in bands of columns that fit an A4 landscape page ---------------------

  var BAND = 30;
  var printArea = document.getElementById("mx-print");

  function buildPrint() {
    clear(printArea);
    var grid = cellTexts();
    for (var start = 0; start < Math.max(state.slots.length, 1); start += BAND) {
      var slots = state.slots.slice(start, start + BAND);
      var table = el("table", null, "mx-band");
      var thead = el("thead");
      var docRow = el("tr");
      docRow.appendChild(el("th", "", "mx-pname"));
      var runDoc = -1, runCell = null;
      slots.forEach(function (s) {
        var c = data.columns[s.column];
        if (c.doc !== runDoc) {
          runDoc = c.doc;
          runCell = el("th", (data.documents[c.doc] || { title: "" }).title, "mx-pdoc");
          runCell.colSpan = 0;
          docRow.appendChild(runCell);
        }
        runCell.colSpan += 1;
      });
      thead.appendChild(docRow);
      var codeRow = el("tr");
      codeRow.appendChild(el("th", "单位", "mx-pname"));
      slots.forEach(function (s) {
        var t = slotTask(s);
        var th = el("th", null, "mx-pcol");
        th.appendChild(el("div", t.code || "·"));
        th.appendChild(el("div", t.label, "mx-pv"));
        codeRow.appendChild(th);
      });
      thead.appendChild(codeRow);
      table.appendChild(thead);
      var tbody = el("tbody");
      state.rows.forEach(function (r, y) {
        var tr = el("tr");
        tr.appendChild(el("td", data.rows[r].label + "(" + (state.rowCounts[r] || 0) + ")", "mx-pname"));
        slots.forEach(function (s, i) {
          var td = el("td");
          var c = grid[y + "|" + (start + i)];
          if (c) {
            markText(c.duties).forEach(function (m) {
              var span = el("span", data.roles[m.role].mark + (m.count > 1 ? m.count : ""));
              span.style.color = data.roles[m.role].color;
              td.appendChild(span);
            });
          }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      printArea.appendChild(table);
    }
  }

  window.addEventListener("beforeprint", buildPrint);

  // ---- ready ----------------------------------------------------------------------------------------

  draw();
  window.dutygraph = {
    data: data,
    state: function () { return state; },
    draw: draw,
    expand: function (column, open) { expanded[column] = open !== false; draw(); },
    expandAll: function () { document.getElementById("mx-expand-all").click(); },
    showCell: showCell,
    showSlot: showSlot,
    search: search,
    csvText: csvText,
    drawCanvas: drawCanvas,
    buildPrint: buildPrint,
    // Every mark on the sheet as [row id, task id, role key], read back from the elements drawn.
    drawnMarks: function () {
      var out = [];
      state.cells.forEach(function (c) {
        c.duties.forEach(function (d) {
          out.push([data.rows[d[0]].id, taskOf(d).id, data.roles[d[3]].key, slotTask(state.slots[c.x]).id]);
        });
      });
      return out;
    }
  };
  requestAnimationFrame(function () {
    window.dutygraph.readyAt = performance.now();
    window.dutygraphReady = true;
    document.body.setAttribute("data-ready", "true");
  });
})();
