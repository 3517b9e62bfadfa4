// Situational picture: re-reads the JSON endpoint (same origin) and redraws the rows.
(function () {
  "use strict";
  var root = document.querySelector("[data-situation-url]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-situation-url");
  var body = root.querySelector("[data-rows]");
  var texts = root.dataset;
  function cell(text) { var td = document.createElement("td"); td.textContent = text || ""; return td; }
  function item(i) { return i ? i.title + " " + i.starts + "–" + i.ends + " " + (i.place || "") : ""; }
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        body.textContent = "";
        data.visits.forEach(function (v) {
          var tr = document.createElement("tr");
          [v.reference + " " + v.organisation, String(v.headcount), item(v.now), item(v.next),
           (v.escort + " " + v.escort_phone).trim(), v.contact].forEach(function (t) { tr.appendChild(cell(t)); });
          var arrivals = document.createElement("td");
          (v.attendance || []).forEach(function (a) {
            var line = document.createElement("div");
            var total = a.arrived.length + a.missing.length;
            line.textContent = a.host + " " + a.starts + ": " +
              texts.arrivedFormat.replace("{arrived}", a.arrived.length).replace("{total}", total) +
              (a.missing.length ? ". " + texts.missingLabel + ": " + a.missing.join(", ") : "");
            if (a.check_in) {
              var link = document.createElement("a");
              link.href = a.check_in;
              link.textContent = texts.checkInFormat.replace("{host}", a.host);
              line.appendChild(document.createTextNode(" "));
              line.appendChild(link);
            }
            arrivals.appendChild(line);
          });
          tr.appendChild(arrivals);
          body.appendChild(tr);
        });
        var stamp = root.querySelector("[data-updated]");
        if (stamp) { stamp.textContent = data.updated; }
      })
      .catch(function () {});
  }
  refresh();
  window.setInterval(refresh, 30000);
})();
