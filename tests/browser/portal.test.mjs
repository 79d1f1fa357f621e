// Walks the privacy portal in headless Chromium as the person concerned would, at 1366x768 and
// on a phone (390x844): asks in English, reads the one-time code from the demo outbox (an admin
// API key: the demo's stand-in for e-mail), enters it, sees what is held, objects to marketing,
// downloads the export, asks for erasure, signs out; then checks the German form. Checks basic
// accessibility (lang, one h1, labelled inputs, no sideways scrolling on the phone) and saves
// screenshots for docs/privacy-portal.md.
//
// Started by run.sh. Environment: DAYLIGHT_URL, DAYLIGHT_SUBJECT (a subject's e-mail identifier),
// DAYLIGHT_ADMIN_KEY (an API key with the admin scope), CHROMIUM, SCREENSHOTS.
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

const base = process.env.DAYLIGHT_URL;
const subject = process.env.DAYLIGHT_SUBJECT;
const adminKey = process.env.DAYLIGHT_ADMIN_KEY;
const shots = process.env.SCREENSHOTS;
assert.ok(base && subject && adminKey && shots, "run me through run.sh");
const address = subject.replace(/^[a-z]+:/, "");

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

async function checkAccessible(page, where, phone, lang) {
  const report = await page.evaluate(() => {
    const problems = [];
    const h1s = document.querySelectorAll("h1");
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
    for (const el of document.querySelectorAll("input, select, textarea")) {
      if (el.type === "hidden") continue;
      const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") ||
                    el.getAttribute("aria-labelledby");
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name || el.id}`);
    }
    for (const b of document.querySelectorAll("button")) {
      if (!b.textContent.trim() && !b.getAttribute("aria-label")) problems.push("button without a name");
    }
    return { problems, lang: document.documentElement.lang,
             overflow: document.scrollingElement.scrollWidth - window.innerWidth };
  });
  ok(report.problems.length === 0, `${where}: ${report.problems.join("; ")}`);
  ok(report.lang === lang, `${where}: <html lang="${report.lang}">, expected ${lang}`);
  if (phone) ok(report.overflow <= 1, `${where}: the page scrolls sideways by ${report.overflow}px`);
}

async function shot(page, vp, name) {
  await page.screenshot({ path: path.join(shots, `portal-${name}-${vp.name}.png`), fullPage: true });
}

// The newest code in the outbox for `to`.
async function latestCode(to) {
  const r = await fetch(`${base}/api/v1/outbox`, { headers: { Authorization: `Bearer ${adminKey}` } });
  ok(r.status === 200, `outbox: status ${r.status}`);
  const { messages } = await r.json();
  const mine = messages.filter((m) => m.to === to);
  ok(mine.length > 0, `no code in the outbox for the subject`);
  const newest = mine.sort((a, b) => (a.time < b.time ? 1 : -1))[0];
  const code = /\b(\d{6})\b/.exec(newest.text);
  ok(code, "the outbox message holds no 6-digit code");
  return code[1];
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

try {
  for (const vp of viewports) {
    const context = await browser.newContext({ ...vp.options, locale: "en-GB", acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    // Ask: the same answer whether or not anything is held.
    let r = await page.goto(`${base}/privacy?lang=en`);
    ok(r.status() === 200, `/privacy: status ${r.status()}`);
    await checkAccessible(page, `/privacy (${vp.name})`, vp.name === "phone", "en");
    await shot(page, vp, "start");
    await page.locator("input[name=identifier]").fill(address);
    await page.locator("form:has(input[name=identifier]) button[type=submit]").click();
    await page.waitForLoadState();
    ok(await page.locator("input[name=code]").count() === 1, "no code field after asking");
    await checkAccessible(page, `/privacy code (${vp.name})`, vp.name === "phone", "en");
    await shot(page, vp, "code");

    // Verify with the code the outbox received.
    const code = await latestCode(subject);
    await page.locator("input[name=code]").fill(code);
    await page.locator("form:has(input[name=code]) button[type=submit]").click();
    await page.waitForLoadState();
    ok(new URL(page.url()).pathname === "/privacy/me", `after the code: at ${page.url()}`);
    const me = await page.locator("main").innerText();
    ok(me.includes(address), "the report does not name the verified address");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "dl_portal");
    ok(session && session.httpOnly && session.sameSite === "Strict",
       "the portal session cookie is not HttpOnly and SameSite=Strict");
    await checkAccessible(page, `/privacy/me (${vp.name})`, vp.name === "phone", "en");
    await shot(page, vp, "report");

    // The full access report, in the language the person chose: English here, German after
    // switching the page to Deutsch.
    for (const lang of ["en", "de"]) {
      await page.goto(`${base}/privacy/me?lang=${lang}`);
      await page.locator(`a[href^='/privacy/me/report?'][hreflang='${lang}']`).click();
      await page.waitForLoadState();
      ok(new URL(page.url()).pathname === "/privacy/me/report", `full report (${lang}): at ${page.url()}`);
      const heading = await page.locator("h1").innerText();
      ok(heading === (lang === "de" ? "Die Daten, die wir über Sie gespeichert haben" : "The data we hold about you"),
         `full report (${lang}): heading "${heading}"`);
      ok((await page.locator("body").innerText()).includes(address), `full report (${lang}): the address is missing`);
      await checkAccessible(page, `/privacy/me/report ${lang} (${vp.name})`, vp.name === "phone", lang);
      // Desktop only: the whole report is a long page, and the phone shot adds little.
      if (lang === "de" && vp.name !== "phone") await shot(page, vp, "full-report-de");
    }
    await page.goto(`${base}/privacy/me?lang=en`);

    // The export downloads as a JSON attachment.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("a[href='/privacy/me/export']").click(),
    ]);
    const exported = JSON.parse(await (await import("node:fs/promises")).readFile(await download.path(), "utf8"));
    ok(exported && typeof exported === "object", "the export is not JSON");

    // Object to all marketing: the button for it disappears or the page says so.
    const objectAll = page.locator("form[action='/privacy/me/object']:has(input[name=purpose][value=marketing]) button");
    if (await objectAll.count() > 0) {
      await objectAll.first().click();
      await page.waitForLoadState();
      ok(new URL(page.url()).pathname.startsWith("/privacy/me"), `after objecting: at ${page.url()}`);
      ok(await page.locator("form[action='/privacy/me/object']:has(input[name=purpose][value=marketing])").count() === 0,
         "the objection to all marketing is still offered after objecting");
    } else {
      ok(vp.name === "phone", "no objection to all marketing offered on the first visit");
    }

    // Ask for erasure: queued for the data-protection officer.
    const erase = page.locator("form[action='/privacy/me/erase'] button");
    if (await erase.count() > 0) {
      await erase.first().click();
      await page.waitForLoadState();
      ok((await page.locator("main").innerText()).length > 0, "empty page after asking for erasure");
      await shot(page, vp, "erasure-requested");
    }

    // A form without the session's CSRF token is refused.
    // (Sent with the session's cookie through the browser context, as a forged form would be.)
    const forged = (await context.request.post(`${base}/privacy/me/object`, {
      form: { purpose: "analytics" }, maxRedirects: 0 })).status();
    ok(forged === 403, `a POST without the CSRF token answered ${forged}`);

    // Sign out: the report is gone.
    const signout = page.locator("form[action='/privacy/logout'] button");
    if (await signout.count() > 0) {
      await signout.first().click();
      await page.waitForLoadState();
    }
    r = await page.goto(`${base}/privacy/me`);
    ok(new URL(page.url()).pathname !== "/privacy/me" || r.status() >= 300,
       "the report is still shown after signing out");

    // German.
    r = await page.goto(`${base}/privacy?lang=de`);
    ok(r.status() === 200, `/privacy?lang=de: status ${r.status()}`);
    await checkAccessible(page, `/privacy de (${vp.name})`, vp.name === "phone", "de");
    await shot(page, vp, "start-de");

    ok(errors.length === 0, `script errors: ${errors.join("; ")}`);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`ok: ${checks} portal checks passed; screenshots in ${shots}`);
