// The what-if page of `vaxsim serve`: levers as controls, every change an override by the
// paths of --set, the run re-done in the server and redrawn here. Served by vaxsim itself;
// nothing is fetched from anywhere else.
"use strict";

// The page's words, in the server's language (--lang), from results/labels.cpp: the same
// two tables as every other word vaxsim shows.
const W = JSON.parse(document.getElementById("words").textContent);
const LANG = document.documentElement.lang === "ko" ? "ko" : "en";

const state = {
  info: null,          // /api/levers
  overrides: new Map(), // path -> value, in the order set
  base: null,          // the run with no overrides
  current: null,       // the last run that succeeded
  pending: 0,
  sweepTimer: null
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}
const fmt = (n) => Number(n).toLocaleString("en-US");
const signed = (n) => (n >= 0 ? "+" : "") + fmt(n);

function overrideList() {
  return [...state.overrides].map(([p, v]) => p + "=" + v);
}

// The command line that repeats the current run: the same overrides, quoted for a shell.
function shellQuote(s) {
  return /^[A-Za-z0-9_.,:=\/+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'";
}
function commandLine() {
  const parts = ["vaxsim", "run", shellQuote(state.info.file)];
  for (const o of overrideList()) parts.push("--set", shellQuote(o));
  return parts.join(" ");
}

async function postJson(url, body) {
  const res = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                body: JSON.stringify(body)});
  return {status: res.status, body: await res.json()};
}

function buildLevers() {
  const aside = document.getElementById("levers");
  const sections = {};
  for (const lever of state.info.levers) {
    if (!sections[lever.section]) {
      sections[lever.section] = el("fieldset", {}, el("legend", {text: W[lever.section] || lever.section}));
      aside.append(sections[lever.section]);
    }
    const id = "lever-" + aside.querySelectorAll(".lever").length;
    let input;
    if (lever.choices) {
      input = el("select", {id});
      const choices = lever.choices.includes(lever.base) ? lever.choices : [lever.base, ...lever.choices];
      for (const c of choices) input.append(el("option", {value: c, text: c}));
      input.value = lever.base;
    } else {
      input = el("input", {id, type: lever.kind === "date" ? "date" : "text", value: lever.base});
    }
    input.dataset.path = lever.path;
    input.dataset.base = lever.base;
    const name = LANG === "en" || !W["lever_" + lever.what] ? lever.name
                 : (lever.subject ? lever.subject + " " : "") + W["lever_" + lever.what];
    const title = lever.label ? name + " — " + lever.label : name;
    const box = el("div", {class: "lever", "data-lever": lever.path},
                   el("label", {for: id, text: title, title: lever.path}), input,
                   el("div", {class: "error"}));
    input.addEventListener("change", () => leverChanged(input));
    sections[lever.section].append(box);
  }
}

function leverBox(path) {
  return document.querySelector('.lever[data-lever="' + CSS.escape(path) + '"]');
}

function leverChanged(input) {
  const path = input.dataset.path;
  const before = new Map(state.overrides);
  if (input.value === input.dataset.base) state.overrides.delete(path);
  else {
    state.overrides.delete(path);
    state.overrides.set(path, input.value.trim());
  }
  rerun(before, path);
}

// Runs the current overrides; on an error the override is taken back and its text shown
// beside its control (the text `vaxsim run --set` prints).
async function rerun(before, changedPath) {
  const ticket = ++state.pending;
  const t0 = performance.now();
  const reply = await postJson("/api/run", {overrides: overrideList()});
  const ms = performance.now() - t0;
  if (ticket !== state.pending) return; // a later change is on its way
  document.getElementById("run-error").textContent = "";
  for (const e of document.querySelectorAll(".lever .error")) e.textContent = "";
  if (!reply.body.ok) {
    const named = reply.body.override || "";
    const path = named ? named.slice(0, named.indexOf("=")) : changedPath;
    const box = path && leverBox(path);
    if (box) box.querySelector(".error").textContent = reply.body.error;
    else document.getElementById("run-error").textContent = reply.body.error;
    if (before) state.overrides = before;
    syncControls();
    document.body.dataset.state = "error";
    return;
  }
  state.current = reply.body;
  if (!state.base && state.overrides.size === 0) state.base = reply.body;
  document.getElementById("timing").textContent =
    W.round_trip + " " + ms.toFixed(1) + " ms (" + W.server + " " + reply.body.run_ms.toFixed(1) + " ms)";
  draw();
  document.body.dataset.state = "ready";
  document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
}

function syncControls() {
  for (const input of document.querySelectorAll(".lever input, .lever select")) {
    const path = input.dataset.path;
    const v = state.overrides.has(path) ? state.overrides.get(path) : input.dataset.base;
    if (input.value !== v) input.value = v;
    input.closest(".lever").classList.toggle("changed", state.overrides.has(path));
  }
}

function drawOverrides() {
  const ul = document.getElementById("overrides");
  ul.replaceChildren();
  if (state.overrides.size === 0) ul.append(el("li", {text: W.no_overrides}));
  for (const [path, value] of state.overrides) {
    const b = el("button", {text: W.remove});
    b.addEventListener("click", () => {
      const before = new Map(state.overrides);
      state.overrides.delete(path);
      syncControls();
      rerun(before, path);
    });
    ul.append(el("li", {"data-override": path}, path + "=" + value, b));
  }
  document.getElementById("command").textContent = commandLine();
  const query = overrideList().map((o) => "set=" + encodeURIComponent(o)).join("&");
  for (const [id, name] of [["dl-h5", "run.h5"], ["dl-html", "report.html"], ["dl-xlsx", "run.xlsx"]]) {
    const a = document.getElementById(id);
    a.href = "/download/" + name + (query ? "?" + query : "");
    a.download = name;
  }
}

function comparing() {
  return document.getElementById("compare").checked && state.base;
}

function drawTargets() {
  const run = state.current, base = comparing() ? state.base : null;
  const table = document.getElementById("targets");
  const head = [W.target, W.status, W.reached, W.margin, W.deadline, W.threshold, W.value];
  if (base) head.push(W.base + ": " + W.status, W.base + ": " + W.reached, W.base + ": " + W.margin);
  table.replaceChildren(el("tr", {}, ...head.map((h) => el("th", {text: h}))));
  run.targets.forEach((t, i) => {
    const row = el("tr", {"data-target": t.id},
      el("td", {text: t.label + " [" + t.id + "]"}),
      el("td", {class: "status " + (t.met ? "met" : "missed"), text: t.met ? W.met : W.not_met}),
      el("td", {class: "reached", text: t.first_reached || W.never}),
      el("td", {class: "num margin", text: signed(t.margin)}),
      el("td", {text: t.deadline}),
      el("td", {class: "num", text: fmt(t.threshold)}),
      el("td", {class: "num", text: fmt(t.value)}));
    if (base) {
      const b = base.targets[i];
      row.append(el("td", {class: "base", text: b.met ? W.met : W.not_met}),
                 el("td", {class: "base base-reached", text: b.first_reached || W.never}),
                 el("td", {class: "base num", text: signed(b.margin)}));
    }
    table.append(row);
  });
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

// One chart per target: its measure by day, the threshold and the deadline; the base run
// dashed when comparing.
function drawCharts() {
  const run = state.current, base = comparing() ? state.base : null;
  const box = document.getElementById("charts");
  box.replaceChildren();
  const w = 300, h = 150, pad = 30;
  run.targets.forEach((t, i) => {
    const series = t.series, n = series.length;
    const baseSeries = base ? base.targets[i].series : [];
    const top = Math.max(t.threshold, ...series, ...baseSeries, 1) * 1.05;
    const x = (d) => pad + (w - pad - 5) * d / Math.max(n - 1, 1);
    const y = (v) => h - 20 - (h - 30) * v / top;
    const s = svg("svg", {width: w, height: h, viewBox: "0 0 " + w + " " + h, role: "img"});
    s.append(svg("rect", {x: pad, y: 10, width: w - pad - 5, height: h - 30, fill: "#fdfefe", stroke: "#d5d8dc"}));
    const line = (values, colour, dash) => {
      const pts = values.map((v, d) => x(d).toFixed(1) + "," + y(v).toFixed(1)).join(" ");
      s.append(svg("polyline", {points: pts, fill: "none", stroke: colour, "stroke-width": 2,
                                "stroke-dasharray": dash || ""}));
    };
    s.append(svg("line", {x1: pad, x2: w - 5, y1: y(t.threshold), y2: y(t.threshold), stroke: "#b03a2e",
                          "stroke-dasharray": "4 3"}));
    const startDay = Date.parse(run.start);
    const dl = Math.round((Date.parse(t.deadline) - startDay) / 86400000);
    if (dl >= 0 && dl < n)
      s.append(svg("line", {x1: x(dl), x2: x(dl), y1: 10, y2: h - 20, stroke: "#7f8c8d", "stroke-dasharray": "2 2"}));
    if (base) line(baseSeries, "#aab7b8", "5 3");
    line(series, "#1f618d");
    const label = svg("text", {x: pad, y: h - 5, "font-size": 10});
    label.textContent = run.start + " … " + run.end + "   " + W.threshold + " " + fmt(t.threshold);
    s.append(label);
    box.append(el("div", {class: "chart"}, el("div", {text: t.label}), s));
  });
}

function drawBinding() {
  const run = state.current, base = comparing() ? state.base : null;
  const box = document.getElementById("binding");
  box.replaceChildren();
  const strip = (codes, title) => {
    const w = 620, h = 18, n = codes.length;
    const s = svg("svg", {width: w + 60, height: h + 4});
    const t = svg("text", {x: 0, y: 13, "font-size": 11});
    t.textContent = title;
    s.append(t);
    // One rectangle per run of days with the same constraint.
    for (let d = 0; d < n;) {
      let e = d;
      while (e < n && codes[e] === codes[d]) e++;
      const c = run.constraints[codes[d]];
      s.append(svg("rect", {x: 60 + w * d / n, y: 2, width: w * (e - d) / n + 0.5, height: h,
                            fill: c ? c.colour : "#fff"}));
      d = e;
    }
    box.append(el("div", {}, s));
  };
  strip(run.binding, W.this_run);
  if (base) strip(base.binding, W.base_run);
  const legend = el("div", {class: "legend"});
  for (const c of run.constraints) {
    const i = el("i");
    i.style.background = c.colour;
    legend.append(el("span", {title: c.label}, i, c.name || c.label));
  }
  box.append(legend);
}

function drawPlan() {
  const run = state.current, base = comparing() ? state.base : null;
  const table = document.getElementById("plan");
  const head = [W.quarter, W.tier, W.group, W.planned, W.started, W.gap, W.status];
  head.push(W.finished, W.held);
  if (base) head.push(W.base + ": " + W.gap);
  table.replaceChildren(el("tr", {}, ...head.map((h) => el("th", {text: h}))));
  const order = run.plan.map((p, i) => i).sort((a, b) => run.plan[a].quarter.localeCompare(run.plan[b].quarter));
  for (const i of order) {
    const p = run.plan[i];
    const row = el("tr", {class: p.met ? "" : "slip", "data-group": p.group},
      el("td", {text: p.quarter}), el("td", {text: p.tier}),
      el("td", {text: p.group + (p.label && p.label !== p.group ? " — " + p.label : "")}),
      el("td", {class: "num", text: fmt(p.planned)}), el("td", {class: "num", text: fmt(p.started)}),
      el("td", {class: "num", text: signed(p.gap)}),
      el("td", {class: p.met ? "met" : "missed", text: p.met ? W.met : W.not_met}),
      el("td", {class: "finished", text: p.met ? "" : (p.finished || W.never)}),
      el("td", {class: "held", text: p.held}));
    if (base) row.append(el("td", {class: "base num", text: signed(base.plan[i].gap)}));
    table.append(row);
  }
}

function drawOverdue() {
  const run = state.current, base = comparing() ? state.base : null;
  const table = document.getElementById("overdue");
  const head = [W.product, W.peak, W.peak_day, W.person_days, W.at_end];
  if (base) head.push(W.base + ": " + W.peak);
  table.replaceChildren(el("tr", {}, ...head.map((h) => el("th", {text: h}))));
  run.overdue.forEach((o, i) => {
    const row = el("tr", {}, el("td", {text: o.product}), el("td", {class: "num", text: fmt(o.peak)}),
      el("td", {text: o.peak_day || "—"}), el("td", {class: "num", text: fmt(o.person_days)}),
      el("td", {class: "num", text: fmt(o.at_end)}));
    if (base) row.append(el("td", {class: "base num", text: fmt(base.overdue[i].peak)}));
    table.append(row);
  });
}

const fill = (pattern, args) => pattern.replace(/\{(\d)\}/g, (m, i) => String(args[+i]));
const pct = (x) => (100 * x).toFixed(1) + "%";

// A run with places: a tile per place for the chosen target at its deadline (green met,
// yellow within a tenth of the threshold, red further behind, as the report colours
// them), the spread across places and the slowest, and the quarterly plan by place. With
// "compare to base", each tile and count shows the base run's beside it.
// The chosen target's tiles, spread and slowest places (target i, in the run's order).
function drawPlaceTiles(places, base, i) {
  const run = state.current, t = places.targets[i], b = base ? base.targets[i] : null;
  const deadline = run.targets[i].deadline;
  const metIn = (x) => x.met.filter(Boolean).length;
  let caption = fill(W.tiles_caption, [t.label, deadline, metIn(t), places.ids.length]);
  if (b) caption += " (" + W.base + ": " + fill(W.met_of, [metIn(b), places.ids.length]) + ")";
  document.getElementById("places-caption").textContent = caption;
  const shown = (x, l) => (x.share ? pct(x.share[l]) : fmt(x.value[l]));
  const tiles = places.ids.map((id, l) => {
    const cls = t.met[l] ? "t-met" : (!t.bound && t.value[l] >= 0.9 * t.threshold[l] ? "t-partial" : "t-missed");
    const tile = el("div", {class: "tile " + cls, "data-place": id, title: id},
      el("div", {class: "tile-name", text: places.names[l]}),
      el("div", {class: "tile-value", text: shown(t, l)}),
      el("div", {class: "tile-status", text: t.met[l] ? W.met : W.not_met}));
    if (b) tile.append(el("div", {class: "tile-base", text: W.base + " " + shown(b, l) + " " + (b.met[l] ? W.met : W.not_met)}));
    return tile;
  });
  document.getElementById("place-tiles").replaceChildren(...tiles);
  const sentence = (x) => x.charAt(0).toUpperCase() + x.slice(1);
  document.getElementById("places-spread").textContent =
    sentence(t.spread || "") + (b && b.spread ? " — " + W.base + ": " + b.spread : "");
  const slowest = document.getElementById("places-slowest");
  document.getElementById("places-slowest-heading").textContent = t.slowest ? fill(W.slowest_heading, [t.id]) : "";
  slowest.replaceChildren(...(t.slowest || []).map((s) =>
    el("li", {"data-place": places.ids[s.place], text: fill(W.slowest_line, [places.names[s.place], pct(s.share), s.held])})));
}

function drawPlaces() {
  const run = state.current, places = run.places;
  const section = document.getElementById("places");
  section.hidden = !places;
  if (!places) return;
  const base = comparing() && state.base.places ? state.base.places : null;
  document.getElementById("places-heading").textContent = places.heading;
  const pick = document.getElementById("places-target");
  if (pick.options.length !== places.targets.length) {
    pick.replaceChildren(...places.targets.map((t, i) => el("option", {value: String(i), text: t.label})));
    pick.onchange = drawPlaces;
  }
  // The tiles, spread and slowest places of the chosen target (none without targets).
  for (const id of ["places-pick", "places-caption", "place-tiles", "places-legend", "places-spread",
                    "places-slowest-heading", "places-slowest"])
    document.getElementById(id).hidden = places.targets.length === 0;
  if (places.targets.length > 0) drawPlaceTiles(places, base, Math.min(Number(pick.value || 0), places.targets.length - 1));

  const table = document.getElementById("places-plan");
  document.getElementById("places-plan-heading").hidden = table.hidden = places.plan.length === 0;
  const gapText = (q) => (q.gap === null ? "" : signed(q.gap)); // none: the run does not finish the quarter
  const head = [W.quarter, W.places_met, W.gap, W.places_slipped];
  if (base) head.push(W.base + ": " + W.places_met, W.base + ": " + W.gap);
  table.replaceChildren(el("tr", {}, ...head.map((h) => el("th", {text: h}))));
  const metText = (q) => (q.complete === places.ids.length ? fill(W.met_of, [q.met_in, places.ids.length]) : W.partial);
  for (const q of places.plan) {
    const whole = q.complete === places.ids.length;
    const row = el("tr", {class: whole && q.met_in < places.ids.length ? "slip" : "", "data-quarter": q.quarter},
      el("td", {text: q.quarter}),
      el("td", {class: "num met-in", text: metText(q)}),
      el("td", {class: "num", text: gapText(q)}),
      el("td", {text: q.slipped.map((g) => g.group + " " + g.places).join(", ")}));
    const b = base && base.plan.find((x) => x.quarter === q.quarter);
    if (base) row.append(el("td", {class: "base num", text: b ? metText(b) : ""}),
                         el("td", {class: "base num", text: b ? gapText(b) : ""}));
    table.append(row);
  }
}

function draw() {
  syncControls();
  drawOverrides();
  drawTargets();
  drawCharts();
  drawBinding();
  drawPlan();
  drawPlaces();
  drawOverdue();
}

// The sweep panel: N futures of the current overrides, run in the server's background.
async function startSweep() {
  const futures = Number(document.getElementById("sweep-futures").value);
  const reply = await postJson("/api/sweep", {overrides: overrideList(), futures});
  if (!reply.body.ok) {
    document.getElementById("sweep-state").textContent = reply.body.error;
    return;
  }
  document.getElementById("sweep-cancel").disabled = false;
  pollSweep();
}

async function pollSweep() {
  const s = await (await fetch("/api/sweep")).json();
  const progress = document.getElementById("sweep-progress");
  progress.max = Math.max(s.total || 1, 1);
  progress.value = s.done || 0;
  document.getElementById("sweep-state").textContent =
    (W[s.state] || s.state) + " " + fmt(s.done || 0) + " / " + fmt(s.total || 0) + (s.error ? ": " + s.error : "");
  document.getElementById("sweep").dataset.state = s.state;
  document.getElementById("sweep-note").textContent = s.state !== "none" && !s.stochastic ? W.same_futures : "";
  const table = document.getElementById("sweep-table");
  table.replaceChildren(el("tr", {}, ...[W.target, W.p_met, W.interval, W.runs].map((h) => el("th", {text: h}))));
  for (const t of s.targets || []) {
    table.append(el("tr", {"data-target": t.id}, el("td", {text: t.label + " [" + t.id + "]"}),
      el("td", {class: "num p", text: (100 * t.p).toFixed(1) + "%"}),
      el("td", {class: "num", text: (100 * t.low).toFixed(1) + "% – " + (100 * t.high).toFixed(1) + "%"}),
      el("td", {class: "num", text: fmt(t.runs)})));
  }
  if (s.state === "running") state.sweepTimer = setTimeout(pollSweep, 200);
  else document.getElementById("sweep-cancel").disabled = true;
}

async function main() {
  for (const e of document.querySelectorAll("[data-word]")) e.textContent = W[e.dataset.word];
  const res = await fetch("/api/levers");
  state.info = await res.json();
  document.getElementById("title").textContent = "vaxsim serve — " + state.info.name;
  document.getElementById("file").textContent = state.info.file;
  document.getElementById("sweep-futures").max = state.info.limits.max_sweep_futures;
  buildLevers();
  document.getElementById("compare").addEventListener("change", () => state.current && draw());
  document.getElementById("reset").addEventListener("click", () => {
    const before = new Map(state.overrides);
    state.overrides.clear();
    syncControls();
    rerun(before, "");
  });
  document.getElementById("sweep-start").addEventListener("click", startSweep);
  document.getElementById("sweep-cancel").addEventListener("click", () => postJson("/api/sweep/cancel", {}));
  await rerun(null, "");
}
main();
