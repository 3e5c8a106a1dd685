// The dutygraph query page: pick a saved query or write SPARQL, run it against this endpoint,
// show the answer as a table. Served by the endpoint itself; it talks to no other host.
"use strict";

(function () {
  const form = document.getElementById("query-form");
  const text = document.getElementById("query");
  const format = document.getElementById("format");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const paramsBox = document.getElementById("params");
  let saved = {};
  let chosen = null;

  const MEDIA = {
    json: "application/sparql-results+json",
    csv: "text/csv",
    tsv: "text/tab-separated-values",
    xml: "application/sparql-results+xml",
  };

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function showParams(query) {
    clear(paramsBox);
    for (const p of query.params) {
      const label = document.createElement("label");
      label.textContent = p.name + " (" + p.description + ") ";
      const input = document.createElement("input");
      input.name = p.name;
      input.dataset.param = p.name;
      input.placeholder = p.kind === "date" ? "YYYY-MM-DD" : p.kind;
      label.appendChild(input);
      paramsBox.appendChild(label);
    }
  }

  function choose(name) {
    chosen = saved[name] || null;
    if (!chosen) return;
    text.value = chosen.sparql;
    showParams(chosen);
  }

  function cell(term) {
    if (!term) return "";
    if (term.type === "literal" && term["xml:lang"]) return term.value + "@" + term["xml:lang"];
    return term.value;
  }

  function table(data) {
    const el = document.createElement("table");
    if (data.boolean !== undefined) {
      el.textContent = "ASK: " + data.boolean;
      return el;
    }
    const head = el.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = el.createTBody();
    for (const b of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
    }
    return el;
  }

  async function run(event) {
    event.preventDefault();
    const fmt = format.value;
    const headers = { Accept: MEDIA[fmt] };
    let response;
    const started = Date.now();
    status.textContent = "running…";
    clear(results);
    try {
      if (chosen && text.value === chosen.sparql) {
        const args = new URLSearchParams();
        for (const input of paramsBox.querySelectorAll("input")) args.set(input.dataset.param, input.value);
        response = await fetch("/queries/" + encodeURIComponent(chosen.name) + "?" + args, { headers });
      } else {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        response = await fetch("/sparql", { method: "POST", headers, body: new URLSearchParams({ query: text.value }) });
      }
      const body = await response.text();
      status.textContent = response.status + " · " + (Date.now() - started) + " ms";
      if (!response.ok || fmt !== "json") {
        const pre = document.createElement("pre");
        pre.textContent = body;
        results.appendChild(pre);
        return;
      }
      const data = JSON.parse(body);
      results.appendChild(table(data));
      if (data.results) status.textContent += " · " + data.results.bindings.length + " rows";
    } catch (error) {
      status.textContent = "failed: " + error;
    }
  }

  document.getElementById("saved-list").addEventListener("click", (event) => {
    const link = event.target.closest("[data-query]");
    if (!link) return;
    event.preventDefault();
    choose(link.dataset.query);
  });
  form.addEventListener("submit", run);
  fetch("/queries")
    .then((r) => r.json())
    .then((list) => {
      for (const q of list) saved[q.name] = q;
    })
    .catch((error) => {
      status.textContent = "could not list the saved queries: " + error;
    });
})();
