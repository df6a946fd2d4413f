/* madoguchi live pages: Server-Sent Events with a polling fallback (every 10 s), and on-page alerts
   (sound, vibration, Notification API) for visitors who opted in. No framework, no inline script (CSP). */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var statusEl = document.getElementById("live-status");
  var announce = document.getElementById("announce");
  var slot = document.getElementById("alert-slot");
  var POLL_MS = 10000;
  var state = document.body.getAttribute("data-state") || "";
  var pollTimer = null;
  var audio = null;
  var seenKey = "mdg-seen:" + location.pathname;
  var seen = {};
  var baseline = true;
  var baseTitle = document.title;
  var info = { loadedAt: Date.now(), updates: 0, lastAt: 0, state: state, transport: "none" };
  window.__mdgLive = info;

  try { seen = JSON.parse(localStorage.getItem(seenKey) || "{}") || {}; } catch (e) { seen = {}; }
  function remember() { try { localStorage.setItem(seenKey, JSON.stringify(seen)); } catch (e) { /* private mode */ } }

  function online(on) {
    if (!statusEl) { return; }
    statusEl.textContent = statusEl.getAttribute(on ? "data-on" : "data-off");
    statusEl.classList.toggle("off", !on);
  }

  function beep() {
    try {
      if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
      if (audio.state === "suspended") { audio.resume(); }
      var t0 = audio.currentTime;
      [0, 0.35, 0.7].forEach(function (dt, i) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.type = "sine"; o.frequency.value = i === 2 ? 1046 : 880;
        g.gain.setValueAtTime(0.0001, t0 + dt);
        g.gain.exponentialRampToValueAtTime(0.4, t0 + dt + 0.02);
        g.gain.exponentialRampToValueAtTime(0.0001, t0 + dt + 0.3);
        o.connect(g); g.connect(audio.destination); o.start(t0 + dt); o.stop(t0 + dt + 0.32);
      });
    } catch (e) { /* no audio */ }
  }

  function notify(a) {
    if (!("Notification" in window) || Notification.permission !== "granted") { return; }
    var opts = { body: a.body.split("\n")[0], tag: "mdg-" + a.id, renotify: true };
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready.then(function (reg) { reg.showNotification(a.title, opts); })
        .catch(function () { try { new Notification(a.title, opts); } catch (e) { /* ignore */ } });
    } else {
      try { new Notification(a.title, opts); } catch (e) { /* ignore */ }
    }
  }

  /* The newest alert goes into #alert-slot (role=alert), outside #live: it changes only when a new alert
     arrives, so a screen reader says each alert once, however often #live is replaced or the stream reconnects. */
  function showBanner(list) {
    if (!slot) { return; }
    var a = list && list.length ? list[list.length - 1] : null;
    var shown = slot.querySelector("[data-alert-id]");
    if (!a) { if (shown) { slot.textContent = ""; } return; }
    if (shown && shown.getAttribute("data-alert-id") === String(a.id)) { return; }
    var box = document.createElement("div"), p1 = document.createElement("p"), p2 = document.createElement("p");
    var strong = document.createElement("strong");
    box.className = "banner";
    box.setAttribute("data-alert-id", String(a.id));
    strong.textContent = a.title;
    p1.appendChild(strong);
    p2.textContent = (a.body || "").split("\n")[0];
    box.appendChild(p1); box.appendChild(p2);
    slot.replaceChildren(box);
  }

  function handleAlerts(list) {
    showBanner(list);
    (list || []).forEach(function (a) {
      if (seen[a.id]) { return; }
      seen[a.id] = 1;
      if (baseline) { return; }  /* sent while the page was closed: show the banner, no sound */
      beep();
      if (navigator.vibrate) { navigator.vibrate([400, 150, 400, 150, 400]); }
      notify(a);
    });
    remember();
  }

  function apply(p) {
    if (!p) { return; }
    if (typeof p.html === "string") { live.innerHTML = p.html; }
    if (p.state !== undefined && p.state !== state) {
      state = p.state;
      document.body.setAttribute("data-state", state);
      if (announce && p.summary) { announce.textContent = p.summary; }
    }
    if (p.summary && document.body.getAttribute("data-page") === "ticket") {
      document.title = (state === "called" ? "\u25B6 " : "") + p.summary;
    } else if (!p.summary) {
      document.title = baseTitle;
    }
    if (p.alerts) { handleAlerts(p.alerts); }
    baseline = false;
    info.updates += 1; info.lastAt = Date.now(); info.state = state;
    document.documentElement.setAttribute("data-live-updates", String(info.updates));
  }

  function poll() {
    var url = live.getAttribute("data-poll");
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { if (p) { apply(p); online(true); } })
      .catch(function () { online(false); });
  }
  function startPolling() {
    if (pollTimer) { return; }
    info.transport = "poll";
    pollTimer = setInterval(poll, POLL_MS);
    poll();
  }
  function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }

  if ("EventSource" in window) {
    var es = new EventSource(live.getAttribute("data-stream"));
    es.addEventListener("open", function () { online(true); info.transport = "sse"; });
    es.addEventListener("update", function (ev) {
      stopPolling(); info.transport = "sse"; online(true);
      try { apply(JSON.parse(ev.data)); } catch (e) { /* ignore a bad frame */ }
    });
    es.addEventListener("gone", function () { es.close(); location.reload(); });
    es.addEventListener("error", function () {
      online(false);
      if (es.readyState === EventSource.CLOSED) { startPolling(); }
      else { setTimeout(function () { if (es.readyState !== EventSource.OPEN) { startPolling(); } }, 3000); }
    });
  } else {
    startPolling();
  }

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* notifications fall back */ });
  }

  /* the opt-in form: unlock sound/vibration/notifications inside the click, then save without leaving */
  var form = document.getElementById("alert-form");
  var msg = document.getElementById("alert-msg");
  if (form && window.fetch && window.URLSearchParams) {
    form.addEventListener("submit", function (ev) {
      var action = ev.submitter && ev.submitter.value ? ev.submitter.value : "on";
      var pageBox = form.querySelector('input[name="ch"][value="page"]');
      if (action === "on" && pageBox && pageBox.checked) {
        try {
          if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
          audio.resume();
        } catch (e) { /* no audio */ }
        if (navigator.vibrate) { navigator.vibrate(60); }
        if ("Notification" in window && Notification.permission === "default") {
          try { Notification.requestPermission(); } catch (e) { /* old API */ }
        }
      }
      ev.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      data.set("action", action);
      fetch(form.getAttribute("action"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (r) { return r.json(); })
        .then(function (j) { if (msg) { msg.textContent = j.message || ""; } })
        .catch(function () { form.submit(); });
    });
  }
})();
