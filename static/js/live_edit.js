// Text on screen. Followers apply each `patch` event of the document stream to their copy of the
// live text and check the sha256 of the result against the event's checksum, fetching the text
// again on any mismatch or missed version. The facilitator's textarea sends its changes as
// diff-match-patch patches against the version it knows (`edit` over the socket); a refused edit
// (another edit came first) makes it fetch the live text, carry its own pending change over, and
// send again. Each new revision of the family makes htmx fetch #live-state again (what the server holds:
// the text, its version, where it started from); the page then takes that text as its own.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-text-root]");
  if (!root || !window.diff_match_patch || !window.ConfmgrLive) { return; }
  var dmp = new window.diff_match_patch();
  // #live-text, #live-version and #live-from are redrawn by htmx: always look them up.
  function view() { return document.getElementById("live-text"); }
  var editor = document.getElementById("live-editor");
  var status = document.getElementById("live-edit-status");
  var stream = root.getAttribute("data-live-stream");
  var textUrl = root.getAttribute("data-live-text-url");
  var state = {version: parseInt(root.getAttribute("data-live-version"), 10) || 0,
               text: editor ? editor.value : view().textContent};
  var newest = state.version; // the highest version any event announced
  var inflight = null;
  var timer = null;
  var queue = Promise.resolve();

  function label(key, fallback) { return root.getAttribute("data-label-" + key) || fallback; }
  function tell(text) { if (status) { status.textContent = text; } }

  // --- sha256 of the UTF-8 text (SubtleCrypto where available, else a small implementation) -------
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256Plain(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6;
    var m = new Uint8Array(total);
    m.set(bytes); m[len] = 0x80;
    var bits = len * 8;
    for (var i = 0; i < 8; i++) { m[total - 1 - i] = i < 4 ? (bits >>> (8 * i)) & 0xff : Math.floor(bits / 4294967296) >>> (8 * (i - 4)) & 0xff; }
    var w = new Array(64);
    for (var off = 0; off < total; off += 64) {
      for (var t = 0; t < 16; t++) { w[t] = (m[off + 4 * t] << 24) | (m[off + 4 * t + 1] << 16) | (m[off + 4 * t + 2] << 8) | m[off + 4 * t + 3]; }
      for (t = 16; t < 64; t++) {
        var a0 = w[t - 15], a1 = w[t - 2];
        var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
        var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", bytes).then(function (buf) {
        return Array.prototype.map.call(new Uint8Array(buf), function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
      });
    }
    return Promise.resolve(sha256Plain(bytes));
  }

  // --- showing the text ------------------------------------------------------------------------
  function show() {
    var shown = view(), versionOut = document.getElementById("live-version");
    if (shown && shown.textContent !== state.text) { shown.textContent = state.text; }
    if (versionOut) { versionOut.textContent = String(state.version); }
    root.setAttribute("data-live-version", String(state.version));
  }

  function fetchText() {
    return fetch(textUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }

  // Fetch the live text again; the editor carries its unsent change over to it.
  function resync() {
    return fetchText().then(function (fresh) {
      if (editor) {
        var pending = dmp.patch_make(state.text, editor.value);
        editor.value = pending.length ? dmp.patch_apply(pending, fresh.text)[0] : fresh.text;
      }
      state.text = fresh.text;
      state.version = fresh.version;
      var fromOut = document.getElementById("live-from");
      if (fromOut) { fromOut.textContent = fresh.from; }
      inflight = null;
      show();
      tell(label("resynced", "Text reloaded from the server."));
      if (editor) { schedule(); }
    }).catch(function () { tell(label("failed", "Could not reach the server; retrying.")); setTimeout(resync, 2000); });
  }

  function onPatch(d) {
    newest = Math.max(newest, d.version);
    if (d.version <= state.version) { return Promise.resolve(); } // already have it (our own edit acknowledged)
    if (d.base_version !== state.version) { return resync(); }
    var mine = inflight && inflight.base_version === d.base_version && inflight.patch === d.patch;
    var next = mine ? inflight.text : dmp.patch_apply(dmp.patch_fromText(d.patch), state.text)[0];
    return sha256(next).then(function (sum) {
      if (sum !== d.checksum) { return resync(); }
      if (editor && !mine) {
        var start = editor.selectionStart, end = editor.selectionEnd, before = editor.value;
        editor.value = dmp.patch_apply(dmp.patch_fromText(d.patch), editor.value)[0];
        var shift = editor.value.length - before.length;
        if (document.activeElement === editor && start !== null) {
          var at = dmp.diff_commonPrefix(before, editor.value);
          editor.setSelectionRange(start > at ? start + shift : start, end > at ? end + shift : end);
        }
      }
      state.text = next;
      state.version = d.version;
      show();
      var fromOut = document.getElementById("live-from");
      if (d.from && fromOut && fromOut.textContent !== d.from && window.htmx) {
        // Started again from another version: what the page says about it is drawn again.
        window.htmx.trigger("#live-state", "live-restarted");
      }
      if (!editor) { tell(fill(label("updated", "Updated (version {version})."), {version: d.version})); }
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  root.addEventListener("live:patch", function (event) {
    var d = event.detail;
    queue = queue.then(function () { return onPatch(d); });
  });
  // A new revision: htmx has put the server's live text in #live-state. A follower takes it as its copy
  // (unless a later patch already arrived meanwhile: then it asks for the text again); the editor fetches
  // it and carries its unsent change over.
  root.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail || !event.detail.target || event.detail.target.id !== "live-state") { return; }
    queue = queue.then(function () {
      if (editor) { return resync(); }
      var shown = view(), versionOut = document.getElementById("live-version");
      var version = versionOut ? parseInt(versionOut.textContent, 10) : NaN;
      if (!shown || isNaN(version) || version < newest) { return resync(); }
      state.text = shown.textContent;
      state.version = version;
      show();
    });
  });

  // --- editing ---------------------------------------------------------------------------------
  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(send, 150);
  }

  function send() {
    timer = null;
    if (inflight || !editor || editor.value === state.text) { return; }
    var patch = dmp.patch_toText(dmp.patch_make(state.text, editor.value));
    inflight = {base_version: state.version, patch: patch, text: editor.value};
    tell(label("sending", "Sending…"));
    window.ConfmgrLive.emit("edit", {stream: stream, base_version: state.version, patch: patch}, function (err, reply) {
      queue = queue.then(function () {
        if (err || !reply) { inflight = null; tell(label("failed", "Could not reach the server; retrying.")); setTimeout(schedule, 1000); return; }
        if (!reply.ok) { return resync(); }
        if (reply.version > state.version) {
          state.text = inflight.text;
          state.version = reply.version;
          show();
        }
        inflight = null;
        tell(fill(label("saved", "Saved (version {version})."), {version: reply.version}));
        if (editor.value !== state.text) { schedule(); }
      });
    });
  }

  if (editor) {
    editor.addEventListener("input", schedule);
  }
  root.addEventListener("live:following", function () {
    // After a reconnection, check nothing was missed while the text was not being followed.
    fetchText().then(function (fresh) { if (fresh.version !== state.version && !inflight) { queue = queue.then(resync); } })
      .catch(function () {});
  });
})();
