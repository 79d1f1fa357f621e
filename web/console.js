// Daylight console: live guarded counts in the audience builder. Everything else works without
// script. Asks the server for the counts (guarded: never an exact size) as the filter is typed.
"use strict";
(function () {
  const form = document.querySelector("form.builder[data-preview]");
  if (!form) return;
  const filter = form.querySelector("[name=filter]");
  const purpose = form.querySelector("[name=purpose]");
  const members = document.getElementById("live-members");
  const matched = document.getElementById("live-matched");
  const error = document.getElementById("live-error");
  const exclusions = document.getElementById("live-exclusions");
  let timer = null;
  let asked = 0;

  async function preview() {
    const text = filter.value.trim();
    if (!text) {
      members.value = "type a filter";
      matched.value = "—";
      error.hidden = true;
      exclusions.innerHTML = "";
      return;
    }
    const ticket = ++asked;
    members.value = "counting…";
    const url = form.dataset.preview + "?purpose=" + encodeURIComponent(purpose.value) +
        "&filter=" + encodeURIComponent(text);
    try {
      const response = await fetch(url, {credentials: "same-origin",
                                         headers: {"Accept": "application/json"}});
      const body = await response.json();
      if (ticket !== asked) return;  // a newer question is on its way
      if (!response.ok) {
        members.value = "—";
        matched.value = "—";
        error.textContent = (body.error && body.error.message) || "The filter could not be read.";
        error.hidden = false;
        exclusions.innerHTML = "";
        return;
      }
      error.hidden = true;
      members.value = body.members;
      matched.value = body.matched;
      exclusions.innerHTML = body.excluded_html;  // rendered and escaped by the server
      form.dataset.previewed = String(ticket);
    } catch (e) {
      if (ticket === asked) members.value = "unavailable";
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 350);
  }
  filter.addEventListener("input", schedule);
  purpose.addEventListener("change", schedule);
  if (filter.value.trim()) preview();
})();
