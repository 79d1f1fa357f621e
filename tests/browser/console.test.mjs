// Walks the Daylight console in headless Chromium at 1366x768 and on a phone (390x844): signs
// in, visits every page, checks what a user relies on (content, the CSRF refusal, the audience
// builder's live guarded count) and basic accessibility (lang, one h1, labelled inputs, charts
// with text alternatives, no sideways scrolling on the phone), and saves screenshots for docs/.
//
// Started by run.sh, which seeds the store and starts the server. Environment:
//   DAYLIGHT_URL, DAYLIGHT_USER, DAYLIGHT_PASSWORD   the server and a console user
//   DAYLIGHT_SUBJECT, DAYLIGHT_SHADOW                 a subject's and a shadow contact's identifier
//   CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (folder for the PNGs)
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

const base = process.env.DAYLIGHT_URL;
const user = process.env.DAYLIGHT_USER;
const password = process.env.DAYLIGHT_PASSWORD;
const subject = process.env.DAYLIGHT_SUBJECT;
const shadow = process.env.DAYLIGHT_SHADOW;
const shots = process.env.SCREENSHOTS;
assert.ok(base && user && password && subject && shadow && shots, "run me through run.sh");

const viewports = [
  { name: "desktop", options: { viewport: { width: 1366, height: 768 } } },
  {
    name: "phone",
    options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
               deviceScaleFactor: 2 },
  },
];

let checks = 0;
function ok(condition, message) {
  assert.ok(condition, message);
  checks++;
}

// Basic accessibility of the page as it is now.
async function checkAccessible(page, where, phone) {
  const report = await page.evaluate(() => {
    const problems = [];
    if (!document.documentElement.lang) problems.push("no lang on <html>");
    const h1s = document.querySelectorAll("h1");
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
    if (!document.querySelector("main")) problems.push("no <main> landmark");
    const skip = document.querySelector("a.skip");
    if (!skip || !document.querySelector(skip.getAttribute("href"))) problems.push("no skip link");
    for (const el of document.querySelectorAll("input, select, textarea")) {
      if (el.type === "hidden") continue;
      const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") ||
                    el.getAttribute("aria-labelledby");
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name || el.id}`);
    }
    for (const svg of document.querySelectorAll("svg")) {
      if (svg.getAttribute("aria-hidden") === "true") continue;
      const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      const text = ids.map((id) => document.getElementById(id)?.textContent || "").join(" ").trim();
      if (svg.getAttribute("role") !== "img" || !text) problems.push("chart without a text alternative");
    }
    for (const img of document.querySelectorAll("img")) {
      if (!img.hasAttribute("alt")) problems.push("img without alt");
    }
    for (const b of document.querySelectorAll("button")) {
      if (!b.textContent.trim() && !b.getAttribute("aria-label")) problems.push("button without a name");
    }
    const overflow = document.scrollingElement.scrollWidth - window.innerWidth;
    return { problems, overflow };
  });
  ok(report.problems.length === 0, `${where}: ${report.problems.join("; ")}`);
  if (phone) ok(report.overflow <= 1, `${where}: the page scrolls sideways by ${report.overflow}px`);
}

async function visit(page, vp, url, name, expectations = []) {
  const response = await page.goto(base + url);
  ok(response.status() === 200, `${url}: status ${response.status()}`);
  for (const text of expectations) {
    ok((await page.locator("main").innerText()).includes(text), `${url}: missing "${text}"`);
  }
  await checkAccessible(page, `${url} (${vp.name})`, vp.name === "phone");
  if (name) await shot(page, vp, name);
}

async function shot(page, vp, name) {
  await page.screenshot({ path: path.join(shots, `console-${name}-${vp.name}.png`),
                          fullPage: vp.name === "desktop" });
}

async function heading(page) {
  return (await page.locator("h1").innerText()).trim();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

// The privacy portal (when this build has it) sends a code to the demo outbox, which the
// console's rights page shows.
let portal = false;
{
  const context = await browser.newContext();
  const page = await context.newPage();
  const r = await page.goto(base + "/privacy");
  const field = page.locator("form input[name=identifier]");
  if (r.status() === 200 && (await field.count()) > 0) {
    await field.first().fill(subject.replace(/^[a-z]+:/, ""));
    await page.locator("form:has(input[name=identifier]) button[type=submit]").first().click();
    await page.waitForLoadState();
    portal = true;
  }
  await context.close();
}

try {
  for (const vp of viewports) {
    const context = await browser.newContext({ ...vp.options, locale: "en-GB" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Script errors fail the walk; the expected 401 (wrong password) and 400 (bad filter)
    // responses Chromium also reports as console errors do not.
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) {
        errors.push(m.text());
      }
    });

    // Without a session every page sends you to the sign-in form.
    await page.goto(base + "/console/ledger");
    ok(page.url().endsWith("/console/login"), `not redirected to sign in: ${page.url()}`);
    await checkAccessible(page, `login (${vp.name})`, vp.name === "phone");
    await page.getByLabel("User name").fill(user);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    ok((await page.locator("[role=alert]").innerText()).includes("Wrong user name or password"),
       "a wrong password is not reported");
    await page.getByLabel("Password").fill(password);
    await shot(page, vp, "login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(base + "/console");
    ok((await heading(page)) === "Dashboard", "sign-in does not lead to the dashboard");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "dl_session");
    ok(session && session.httpOnly && session.sameSite === "Strict",
       "the session cookie is not HttpOnly and SameSite=Strict");

    // Dashboard: counts and the two charts with their text alternatives.
    await visit(page, vp, "/console", "dashboard",
                ["subjects", "shadow identifiers", "held in quarantine", "Consent coverage per purpose",
                 "marketing.advertising.third_party.targeted"]);
    ok(await page.locator("svg[role=img]").count() >= 2, "dashboard charts missing");

    // Subject search and the 360° view.
    await page.goto(base + "/console/subjects");
    await page.getByLabel("Identifier").fill(subject);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/console\/subjects\?q=/);
    const main = await page.locator("main").innerText();
    for (const text of ["Identifiers", "Traits", "Consent timeline", "Objections and restrictions",
                        "Latest events", "Uses (exports)", subject.replace(/^[a-z]+:/, "")]) {
      ok(main.includes(text), `subject view: missing "${text}"`);
    }
    ok(await page.locator(".badge-first_party, .badge-self").count() > 0, "no provenance badge");
    ok(await page.locator("ol.timeline li").count() > 0, "no consent in the timeline");
    await checkAccessible(page, `subject (${vp.name})`, vp.name === "phone");
    await shot(page, vp, "subject");

    await visit(page, vp, "/console/subjects?q=" + encodeURIComponent(shadow), "shadow",
                ["held in quarantine", "address-book uploads"]);
    ok(await page.locator(".badge-shadow").count() > 0, "shadow identifier without its badge");

    // Explain: the shadow contact is denied for custom audiences, at rule 1.
    await visit(page, vp, "/console/explain?identifier=" + encodeURIComponent(shadow) +
                "&purpose=marketing.advertising.third_party.targeted", "explain",
                ["Denied for marketing.advertising.third_party.targeted", "provenance"]);

    // Audience builder: live guarded counts while typing, then create.
    await visit(page, vp, "/console/audiences", null, ["lapsed-de", "Build an audience"]);
    await page.getByLabel("Purpose").selectOption("marketing.communications.email");
    const members = page.locator("#live-members");
    await page.getByLabel("Filter").fill("country = \"DE\"");
    await page.waitForFunction(() => /about|withheld/.test(document.getElementById("live-members").value));
    const first = await members.textContent();
    const firstTicket = await page.locator("form.builder").getAttribute("data-previewed");
    ok(/about|withheld/.test(first), `no live count: ${first}`);
    ok(await page.locator("#live-exclusions svg[role=img]").count() === 1, "no live exclusion chart");
    await page.getByLabel("Filter").fill("country = \"DE\" or country = \"AT\"");
    await page.waitForFunction((t) => document.querySelector("form.builder").dataset.previewed !== t,
                               firstTicket);
    ok(/about|withheld/.test(await members.textContent()), "the live count did not update");
    await page.getByLabel("Filter").fill("country = = \"DE\"");
    await page.waitForSelector("#live-error:not([hidden])");
    ok((await page.locator("#live-error").innerText()).includes("column"), "no filter error shown");
    await page.getByLabel("Filter").fill("country = \"DE\"");
    await page.waitForFunction(() => /about|withheld/.test(document.getElementById("live-members").value));
    await page.getByLabel("Name").fill(`browser-${vp.name}`);
    await checkAccessible(page, `audience builder (${vp.name})`, vp.name === "phone");
    await page.locator("#live-exclusions").scrollIntoViewIfNeeded();
    await shot(page, vp, "audience-builder");
    await page.getByRole("button", { name: "Create audience" }).click();
    await page.waitForURL(base + `/console/audiences/browser-${vp.name}`);
    ok((await heading(page)) === `Audience browser-${vp.name}`, "created audience not shown");
    await checkAccessible(page, `audience (${vp.name})`, vp.name === "phone");
    await visit(page, vp, "/console/audiences/lapsed-de", "audience",
                ["Members", "Excluded by the gate", "Exports and recipients"]);

    // Exports, uploads (delete asks first), rights, ledger (verify).
    await visit(page, vp, "/console/exports", "exports", ["lapsed-de", "Meta"]);
    await visit(page, vp, "/console/uploads", "uploads", ["blind index", "held"]);
    await page.locator("a.danger").first().click();
    await page.waitForURL(/\/console\/uploads\/delete\?batch=\d+/);
    ok((await page.locator("main").innerText()).includes("cannot be undone"), "no confirmation");
    ok(await page.getByLabel(/I understand/).count() === 1, "no confirmation checkbox");
    await checkAccessible(page, `upload delete (${vp.name})`, vp.name === "phone");
    await visit(page, vp, "/console/rights", "rights",
                portal ? ["Code outbox", "email"] : ["Code outbox"]);
    await visit(page, vp, "/console/ledger", null, ["data.read", "user:" + user]);
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.waitForURL(base + "/console/ledger/verify");
    ok((await page.locator("[role=status]").innerText()).includes("The chain verifies"),
       "ledger verify did not report success");
    await checkAccessible(page, `ledger (${vp.name})`, vp.name === "phone");
    await shot(page, vp, "ledger");

    // A state-changing request without the session's CSRF token is refused.
    const forged = await context.request.post(base + "/console/audiences", {
      form: { name: "forged", purpose: "analytics", filter: "exists email" }, maxRedirects: 0,
    });
    ok(forged.status() === 403, `POST without CSRF token: ${forged.status()}`);
    const stale = await context.request.post(base + "/console/ledger/verify", {
      form: { csrf: "not-the-token" }, maxRedirects: 0,
    });
    ok(stale.status() === 403, `POST with a wrong CSRF token: ${stale.status()}`);
    const noForged = await context.request.get(base + "/console/audiences/forged");
    ok(noForged.status() === 404, "the forged audience exists");

    // Sign out: the session ends.
    await page.goto(base + "/console");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(base + "/console/login");
    await page.goto(base + "/console");
    ok(page.url().endsWith("/console/login"), "still signed in after signing out");

    ok(errors.length === 0, `browser errors (${vp.name}): ${errors.join(" | ")}`);
    await context.close();
    console.log(`ok: console walked at ${vp.name} size`);
  }
} finally {
  await browser.close();
}
console.log(`ok: ${checks} checks passed; screenshots in ${shots}`);
