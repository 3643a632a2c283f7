// Speakers' list pages: the President's console, the projector and the delegation's view.
// Each follows the stream speakers:<id> on /live; every `speakers` event carries the list's state:
// the clock is updated at once from it and the page's live part is fetched again from the server.
(function () {
  "use strict";

  var root = document.getElementById("speakers-root");
  if (!root) { return; }
  var liveBox = document.getElementById("speakers-live");
  var statusBox = document.getElementById("live-status");
  var state = null;
  var skew = 0;  // milliseconds the browser's clock is ahead of the server's

  function readState() {
    var node = document.getElementById("speakers-state");
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function name(p) {
    if (!p) { return ""; }
    return (document.documentElement.lang === "en" ? p.name_en : p.name_fr) || p.name;
  }

  function mmss(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // --- the clock ---------------------------------------------------------------------------------
  function elapsed(clock) {
    var e = clock.banked || 0;
    if (clock.state === "running" && clock.running_since) {
      e += Math.max(0, (Date.now() - skew - Date.parse(clock.running_since)) / 1000);
    }
    return e;
  }

  function drawClock() {
    if (!state) { return; }
    var boxes = document.querySelectorAll("[data-clock]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i], text = box.querySelector("[data-clock-text]");
      if (!text) { continue; }
      if (!state.current) { text.textContent = "–:––"; box.classList.remove("overrun"); continue; }
      var clock = state.clock, spent = elapsed(clock);
      if (!clock.limit) {
        text.textContent = mmss(spent);
      } else if (spent > clock.limit) {
        text.textContent = "+" + mmss(spent - clock.limit);
        box.classList.add("overrun");
      } else {
        text.textContent = mmss(Math.ceil(clock.limit - spent));
        box.classList.remove("overrun");
      }
      box.setAttribute("data-clock-running", clock.state === "running" ? "1" : "0");
    }
  }

  // --- the live part -----------------------------------------------------------------------------
  var fetching = 0;
  var acted = false; // an action of this page is under way: focus must land somewhere useful after it
  function keepValues() {
    var kept = {};
    var fields = liveBox.querySelectorAll("select[id], input[id]:not([type=hidden])");
    for (var i = 0; i < fields.length; i++) { kept[fields[i].id] = fields[i].value; }
    var active = document.activeElement;
    var inside = !!(active && liveBox.contains(active));
    var lost = !active || active === document.body || active === document.documentElement;
    return { values: kept, focused: inside ? active.id : null, refocus: inside || (acted && lost) };
  }

  function usable(el) { return el && !el.disabled && el.getClientRects().length > 0; }

  // The redraw replaced the focused control: give focus back to it (same id), or, when it is gone or
  // disabled, to the ruling field if a point of order waits, else to the message that told what happened.
  function placeFocus(kept) {
    if (!kept.refocus) { return; }
    var again = kept.focused ? document.getElementById(kept.focused) : null;
    if (!usable(again)) { again = document.getElementById("ruling-text"); }
    if (!usable(again)) { again = document.getElementById("speakers-message"); }
    if (again && document.activeElement !== again) { again.focus(); }
  }
  function restoreValues(kept) {
    Object.keys(kept.values).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) { return; }
      if (field.tagName === "SELECT") {
        for (var i = 0; i < field.options.length; i++) {
          if (field.options[i].value === kept.values[id]) { field.value = kept.values[id]; break; }
        }
      } else { field.value = kept.values[id]; }
    });
    placeFocus(kept);
  }

  function refresh() {
    var mine = ++fetching;
    return fetch(root.getAttribute("data-fragment"), { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== fetching) { return; }
        var kept = keepValues();
        acted = false;
        liveBox.innerHTML = html;
        if (window.htmx) { window.htmx.process(liveBox); }
        restoreValues(kept);
        var fresh = readState();
        if (fresh) { setState(fresh, true); }
      })
      .catch(function () { /* the next event or reconnect fetches again */ });
  }

  function announce(previous, next) {
    if (!statusBox) { return; }
    var before = previous && previous.current ? previous.current.inscription : null;
    var after = next && next.current ? next.current.inscription : null;
    if (before !== after) {
      statusBox.textContent = next.current ? root.getAttribute("data-label-now") + ": " + name(next.current.participant)
        : root.getAttribute("data-label-none");
    }
  }

  function setState(next, fromServerPage) {
    if (fromServerPage && next.server_time) { skew = Date.now() - Date.parse(next.server_time); }
    var previous = state;
    state = next;
    root.setAttribute("data-version", String(next.version));
    root.setAttribute("data-current", next.current ? String(next.current.participant.id) : "");
    announce(previous, next);
    drawClock();
  }

  // --- keyboard shortcuts on the console ---------------------------------------------------------
  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) {
      return;
    }
    var key = (event.key || "").toLowerCase();
    var buttons = liveBox.querySelectorAll('button[data-key="' + key + '"]');
    for (var i = 0; i < buttons.length; i++) {
      if (!buttons[i].disabled) { event.preventDefault(); buttons[i].click(); return; }
    }
  }

  // --- start -------------------------------------------------------------------------------------
  var initial = readState();
  if (initial) { setState(initial, true); }
  setInterval(drawClock, 200);
  if (root.getAttribute("data-mode") === "console") { document.addEventListener("keydown", onKey); }
  document.body.addEventListener("htmx:afterRequest", function (event) {
    // An action done here: show its effect at once, without waiting for the event.
    if (event.detail && event.detail.successful && root.contains(event.detail.elt)) { acted = true; refresh(); }
  });
  if (!window.ConfmgrLive) { return; }
  function liveStatus(status) { root.setAttribute("data-live", status); }
  window.ConfmgrLive.follow(root.getAttribute("data-stream"), {
    since: root.getAttribute("data-seq"),
    on: {
      speakers: function (data) { setState(data, false); refresh(); },
      following: function () { liveStatus("connected"); refresh(); },
      offline: function () {
        liveStatus("lost");
        if (statusBox) { statusBox.textContent = root.getAttribute("data-label-lost"); }
      }
    }
  });
})();
