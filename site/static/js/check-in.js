// Check-in on a phone with a flaky connection. Each press is queued in localStorage
// (per site visit) and sent in order; what the server has not answered stays queued and
// is sent again when the browser is back online (and every few seconds). The server
// keeps one check-in per person, so sending twice is harmless. Without JavaScript the
// buttons are plain forms.
(function () {
  "use strict";
  var root = document.querySelector("[data-check-in]");
  if (!root || !window.fetch || !window.localStorage || !window.URLSearchParams) { return; }
  var key = "paamaja-check-in-" + root.getAttribute("data-check-in");
  var texts = document.querySelector("template[data-texts]").dataset;
  var status = root.querySelector("[data-connection]");
  var url = window.location.pathname;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }
  function token() {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function person(id) { return root.querySelector('[data-participant="' + id + '"]'); }
  function say(text) {
    status.hidden = !text;
    status.textContent = text || "";
  }
  function count() {
    var n = root.querySelectorAll(".check-in-person--arrived").length;
    var out = root.querySelector("[data-arrived-count]");
    if (out) { out.textContent = String(n); }
  }
  function waiting(id) {
    var li = person(id);
    if (!li) { return; }
    li.classList.add("check-in-person--queued");
    var state = li.querySelector("[data-state]");
    if (state) { state.textContent = texts.waiting; }
    var button = li.querySelector("button");
    if (button) { button.disabled = true; }
  }
  function arrived(id, text) {
    var li = person(id);
    if (!li) { return; }
    li.classList.remove("check-in-person--queued");
    li.classList.add("check-in-person--arrived");
    var state = li.querySelector("[data-state]");
    if (state) { state.textContent = text; }
    var form = li.querySelector("form");
    if (form) { form.parentNode.removeChild(form); }
    count();
  }
  function refused(id, message) {
    var li = person(id);
    if (!li) { return; }
    li.classList.remove("check-in-person--queued");
    var state = li.querySelector("[data-state]");
    if (state) { state.textContent = message; }
    var button = li.querySelector("button");
    if (button) { button.disabled = false; }
  }
  function drop(id) {
    save(load().filter(function (entry) { return entry.p !== id; }));
  }

  function send() {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { return; }
    sending = true;
    var entry = queue[0];
    var body = new URLSearchParams();
    body.set("participant", entry.p);
    body.set("at", String(entry.at));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "check-in", "X-CSRFToken": token(), Accept: "application/json" },
      body: body
    })
      .then(function (response) {
        if (response.status === 200 || response.status === 409) { return response.json(); }
        throw new Error("not stored: " + response.status);
      })
      .then(function (data) {
        drop(entry.p);
        if (data.ok) { arrived(entry.p, texts.arrived + " " + data.arrived); }
        else { refused(entry.p, data.message); }
        sending = false;
        if (load().length) { send(); } else { say(texts.sent); }
      })
      .catch(function () {
        sending = false;
        say(navigator.onLine === false ? texts.offline : texts.queued);
      });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-check-in-form")) { return; }
    event.preventDefault();
    var id = form.querySelector("input[name=participant]").value;
    var queue = load();
    if (!queue.some(function (entry) { return entry.p === id; })) {
      queue.push({ p: id, at: Date.now() });
      save(queue);
    }
    waiting(id);
    if (navigator.onLine === false) { say(texts.offline); }
    send();
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", function () { say(texts.offline); });
  load().forEach(function (entry) { waiting(entry.p); });
  if (load().length) { say(texts.queued); }
  send();
  window.setInterval(send, 5000);
})();
