// The `vaxsim serve` page in a real browser (Playwright driving Debian's chromium): it
// loads with nothing fetched from elsewhere; a capacity control changed re-runs and the
// 70% target's date shown equals what `vaxsim run ... --set` prints for the same override;
// the command line and override list show that override; "compare to base" shows the base
// date beside it; a bad value shows the --set error beside its control; the sweep panel
// runs to the end; the Korean page is in Korean. Takes a screenshot.
//
// usage: node serve_page.cjs PLAYWRIGHT_CORE_DIR CHROMIUM VAXSIM SOURCE_DIR SCREENSHOT.png
"use strict";
const {spawn, execFileSync, spawnSync} = require("child_process");
const path = require("path");

const [playwrightDir, chromiumPath, vaxsim, source, screenshot] = process.argv.slice(2);
const {chromium} = require(playwrightDir);
const scenario = path.join(source, "scenarios/seoul-2021-plan.yaml");
const target = "adults_70pct_first_dose";
const capacity = "capacity.periods.2021-07-01.doses_per_day";
let failures = 0;

function check(ok, what) {
  console.log((ok ? "ok   " : "FAIL ") + what);
  if (!ok) failures++;
}

function startServer(lang, file) {
  return new Promise((resolve, reject) => {
    const proc = spawn(vaxsim, ["serve", file || scenario, "--port", "0", "--lang", lang]);
    let out = "";
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.]+:\d+\//);
      if (m) resolve({proc, url: m[0]});
    });
    proc.on("exit", (code) => reject(new Error("serve exited " + code + ": " + out)));
  });
}

// The date `vaxsim run --set` prints as the target's first reached.
function reachedByCli(overrides) {
  const args = ["run", scenario];
  for (const o of overrides) args.push("--set", o);
  const lines = execFileSync(vaxsim, args, {encoding: "utf8"}).split("\n");
  const i = lines.findIndex((l) => l.includes("[" + target + "]"));
  const m = lines[i + 1].match(/first reached (\S+)/);
  return m ? m[1] : "never";
}

async function waitForRun(page, before) {
  await page.waitForFunction((n) => Number(document.body.dataset.runs || 0) > n ||
                                    document.body.dataset.state === "error", before);
}

async function main() {
  const {proc, url} = await startServer("en");
  const browser = await chromium.launch({executablePath: chromiumPath,
                                         args: ["--no-sandbox", "--no-proxy-server"]});
  try {
    const page = await browser.newPage({viewport: {width: 1400, height: 1800}, acceptDownloads: true});
    const elsewhere = [];
    page.on("request", (r) => { if (!r.url().startsWith(url)) elsewhere.push(r.url()); });
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));

    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state === "ready");
    const reachedCell = `#targets tr[data-target="${target}"] .reached`;
    const baseDate = await page.textContent(reachedCell);
    check(baseDate === reachedByCli([]), "the base run's 70% date is vaxsim run's: " + baseDate);

    // A capacity control changed: the page re-runs and shows the date --set gives.
    const control = `[data-path="${capacity}"]`;
    let runs = Number(await page.getAttribute("body", "data-runs"));
    const t0 = Date.now();
    await page.fill(control, "60000");
    await page.dispatchEvent(control, "change");
    await waitForRun(page, runs);
    const clickToDraw = Date.now() - t0;
    const shown = await page.textContent(reachedCell);
    const cli = reachedByCli([capacity + "=60000"]);
    check(shown === cli && shown !== baseDate,
          `with ${capacity}=60000 the page shows ${shown}, vaxsim run --set prints ${cli}`);
    const command = await page.textContent("#command");
    check(command.includes("--set " + capacity + "=60000") && command.startsWith("vaxsim run "),
          "the command line repeats the run: " + command);
    check(await page.locator(`#overrides li[data-override="${capacity}"]`).count() === 1,
          "the override list shows the override");
    console.log(`first change to redraw in the browser: ${clickToDraw} ms`);
    const held = await page.locator("#plan tr.slip .held").allTextContents();
    check(held.length > 0 && held.every((h) => /\d+ d/.test(h)),
          "each slipped quarter says what held it: " + held.join("; "));

    // The round trip the page measures (request sent to reply read), over ten changes.
    const trips = [];
    for (let i = 1; i <= 10; i++) {
      runs = Number(await page.getAttribute("body", "data-runs"));
      await page.fill(control, String(60000 + 1000 * i));
      await page.dispatchEvent(control, "change");
      await waitForRun(page, runs);
      const m = (await page.textContent("#timing")).match(/([0-9.]+) ms \([^ ]+ ([0-9.]+) ms/);
      trips.push([Number(m[1]), Number(m[2])]);
    }
    trips.sort((a, b) => a[0] - b[0]);
    console.log(`round trip in the browser on the Seoul plan: median ${trips[5][0]} ms ` +
                `(server ${trips[5][1]} ms), slowest ${trips[9][0]} ms over 10 changes`);
    runs = Number(await page.getAttribute("body", "data-runs"));
    await page.fill(control, "60000");
    await page.dispatchEvent(control, "change");
    await waitForRun(page, runs);

    // The current run downloaded from its link: a results file vaxsim checks, made with
    // the override shown.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl-h5")]);
    const saved = path.join(path.dirname(screenshot), "serve-download.h5");
    await download.saveAs(saved);
    const checked = spawnSync(vaxsim, ["check", saved], {encoding: "utf8"});
    check(checked.status === 0, "the run.h5 link downloads a results file vaxsim checks");
    check(decodeURIComponent(await page.getAttribute("#dl-h5", "href")).endsWith("set=" + capacity + "=60000"),
          "the download is of the run with the override");
    require("fs").rmSync(saved, {force: true});

    // Compare to base, one click.
    await page.check("#compare");
    const baseShown = await page.textContent(`#targets tr[data-target="${target}"] .base-reached`);
    check(baseShown === baseDate, "compare to base shows the base date beside it: " + baseShown);
    check(await page.locator("#charts polyline").count() ===
          2 * await page.locator("#charts svg").count(), "each chart overlays the base curve");

    // A bad value: the --set error text beside the control, the last good run kept.
    runs = Number(await page.getAttribute("body", "data-runs"));
    await page.fill(control, "lots");
    await page.dispatchEvent(control, "change");
    await page.waitForFunction(() => document.body.dataset.state === "error");
    const error = await page.textContent(`.lever[data-lever="${capacity}"] .error`);
    const cliError = spawnSync(vaxsim, ["run", scenario, "--set", capacity + "=lots"],
                               {encoding: "utf8"}).stderr.trim();
    check(error === cliError, "a bad value shows the error of --set beside its control: " + error);
    check(await page.textContent(reachedCell) === shown, "the last good run stays on the page");
    check(await page.inputValue(control) === "60000", "the control goes back to its last good value");

    // The sweep panel runs to the end.
    await page.fill("#sweep-futures", "25");
    await page.click("#sweep-start");
    await page.waitForFunction(() => document.getElementById("sweep").dataset.state === "done",
                               null, {timeout: 60000});
    const progress = await page.$eval("#sweep-progress", (p) => [p.value, p.max]);
    check(progress[0] === 25 && progress[1] === 25, "the sweep's progress bar is full: " + progress);
    const rows = await page.locator("#sweep-table tr[data-target]").count();
    const targets = await page.locator("#targets tr[data-target]").count();
    check(rows === targets && rows > 0, "the sweep shows P(met) for every target");

    // ... and a long one can be cancelled from the page.
    await page.fill("#sweep-futures", "1000");
    await page.click("#sweep-start");
    await page.waitForFunction(() => !document.getElementById("sweep-cancel").disabled);
    await page.click("#sweep-cancel");
    await page.waitForFunction(() => document.getElementById("sweep").dataset.state === "cancelled",
                               null, {timeout: 60000});
    const stopped = await page.$eval("#sweep-progress", (p) => p.value);
    check(stopped < 1000, "a sweep cancelled from the page stops (after " + stopped + " of 1000)");
    await page.fill("#sweep-futures", "25");
    await page.click("#sweep-start");
    await page.waitForFunction(() => document.getElementById("sweep").dataset.state === "done",
                               null, {timeout: 60000});

    await page.screenshot({path: screenshot, fullPage: true});
    check(elsewhere.length === 0, "nothing fetched from elsewhere " + elsewhere.join(" "));
    check(pageErrors.length === 0, "no script errors " + pageErrors.join(" "));
  } finally {
    proc.kill();
  }

  // A scenario with places: the districts' tiles, spread and plan, and the supply rule as
  // a lever; Q2's "met in" is the district table's of `vaxsim run --set` under each rule.
  const districts = path.join(source, "scenarios/seoul-2021-districts.yaml");
  const metInByCli = (overrides) => {
    const args = ["run", districts];
    for (const o of overrides) args.push("--set", o);
    const line = execFileSync(vaxsim, args, {encoding: "utf8"}).split("\n").find((l) => l.startsWith("met in"));
    return line.match(/\d+ of \d+/g); // a column per quarter
  };
  const dist = await startServer("en", districts);
  try {
    const page = await browser.newPage({viewport: {width: 1400, height: 1800}});
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(dist.url);
    await page.waitForFunction(() => document.body.dataset.state === "ready");
    check(await page.isVisible("#places"), "places: the section shows for a scenario with places");
    check(await page.locator("#place-tiles .tile").count() === 25, "places: a tile per district");
    const q2 = '#places-plan tr[data-quarter="2021Q2"] .met-in';
    const byPeople = metInByCli([]);
    check(await page.textContent(q2) === byPeople[1],
          "places: Q2 met in " + await page.textContent(q2) + ", vaxsim run prints " + byPeople[1]);
    // The Q2 plan target's tiles: green in as many places as the district table says.
    const q2Line = execFileSync(vaxsim, ["run", districts], {encoding: "utf8"}).split("\n")
      .find((l) => l.trim().startsWith("q2_plan: met in"));
    const q2Index = await page.$eval("#places-target", (s) => [...s.options].findIndex((o) => o.text.startsWith("Q2 plan")));
    await page.selectOption("#places-target", String(q2Index));
    const metTiles = await page.locator("#place-tiles .tile.t-met").count();
    check(q2Line.includes(`met in ${metTiles} of 25`) && metTiles < 25,
          `places: ${metTiles} green tiles for the Q2 plan; vaxsim run: ${q2Line.trim()}`);
    await page.selectOption("#places-target", "0");

    const rule = '[data-path="place_supply.rule"]';
    const runs = Number(await page.getAttribute("body", "data-runs"));
    await page.selectOption(rule, "need");
    await waitForRun(page, runs);
    const byNeed = metInByCli(["place_supply.rule=need"]);
    check(await page.textContent(q2) === byNeed[1] && byNeed[1] !== byPeople[1],
          "places: by need Q2 met in " + await page.textContent(q2) + ", vaxsim run --set prints " + byNeed[1]);
    check((await page.textContent("#places-heading")).includes("by need"), "places: the heading names the rule");
    await page.check("#compare");
    check(await page.locator("#place-tiles .tile .tile-base").count() === 25,
          "places: compare to base shows the base run on every tile");
    check(await page.locator("#places-slowest li").count() === 3, "places: the three slowest places");
    const places = await page.$("#places");
    await places.screenshot({path: screenshot.replace(/\.png$/, "-places.png")});
    check(pageErrors.length === 0, "places: no script errors " + pageErrors.join(" "));
    await page.close();
  } finally {
    dist.proc.kill();
  }
  // Places without targets: the page draws the plan by place and no tiles.
  const bare = await startServer("en", path.join(source, "tests/data/two-places-no-targets.yaml"));
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(bare.url);
    await page.waitForFunction(() => document.body.dataset.state === "ready");
    check(await page.isHidden("#place-tiles") && await page.locator("#places-plan tr[data-quarter]").count() === 3,
          "places without targets: no tiles, the plan by place's three quarters");
    check(await page.locator("#overdue tr").count() > 1, "places without targets: the rest of the page is drawn");
    check(pageErrors.length === 0, "places without targets: no script errors " + pageErrors.join(" "));
    await page.close();
  } finally {
    bare.proc.kill();
  }

  // The Korean page.
  const ko = await startServer("ko");
  try {
    const page = await browser.newPage();
    await page.goto(ko.url);
    await page.waitForFunction(() => document.body.dataset.state === "ready");
    check(await page.getAttribute("html", "lang") === "ko", "--lang ko: the page's lang is ko");
    check(await page.textContent('[data-word="targets"]') === "목표", "--lang ko: the page is in Korean");
    // The page's words come from results/labels.cpp (both tables complete by construction).
    const words = await page.evaluate(() => JSON.parse(document.getElementById("words").textContent));
    const blank = Object.keys(words).filter((k) => !words[k]);
    check(Object.keys(words).length > 50 && blank.length === 0,
          "--lang ko: the page's words from the label table " + blank.join(" "));
    check(words.targets === "목표" && words.compare === "기준안과 비교", "--lang ko: the words are Korean");
    const unnamed = await page.evaluate(() => [...document.querySelectorAll(".lever")]
      .filter((l) => /undefined|^\s*$/.test(l.querySelector("label").textContent))
      .map((l) => l.dataset.lever));
    check(unnamed.length === 0, "--lang ko: every lever is named " + unnamed.join(" "));
    const capacityName = await page.textContent(`.lever[data-lever="${capacity}"] label`);
    check(capacityName === "2021-07-01 부터 하루 접종 역량", "--lang ko: levers in Korean: " + capacityName);
    const emptyWords = await page.evaluate(() => [...document.querySelectorAll("[data-word]")]
      .filter((e) => !e.textContent).map((e) => e.dataset.word));
    check(emptyWords.length === 0, "--lang ko: no word left blank " + emptyWords.join(" "));
  } finally {
    ko.proc.kill();
    await browser.close();
  }
  console.log(failures ? failures + " failed" : "all passed");
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
