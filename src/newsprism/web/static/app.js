/* newsprism serve: while a story's analysis or an ingest job is computed, its page polls the
   status and shows the result when it is ready.  Served as a file: the pages run no inline
   script (their Content-Security-Policy allows none). */
(function () {
  "use strict";
  var POLL_MS = 1500;
  function poll(el, url, finished, describe) {
    var stop = false;
    function tick() {
      if (stop) { return; }
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { setTimeout(tick, POLL_MS * 2); return; }
          if (finished(data)) { stop = true; window.location.reload(); return; }
          var out = el.querySelector("[data-progress]");
          if (out) { out.textContent = describe(data); }
          setTimeout(tick, POLL_MS);
        })
        .catch(function () { setTimeout(tick, POLL_MS * 2); });
    }
    setTimeout(tick, POLL_MS);
  }
  function stage(job) {
    var text = job.stage || job.state || "";
    if (job.total) { text += " " + job.done + "/" + job.total; }
    return text;
  }
  var status = document.getElementById("analysis-status");
  if (status && status.getAttribute("data-state") !== "fresh" && status.getAttribute("data-job") !== "failed") {
    poll(status, status.getAttribute("data-status-url"), function (d) {
      return d.state === "fresh" || (d.job && d.job.state === "failed");
    }, function (d) { return stage(d.job || {}); });
  }
  var job = document.getElementById("job");
  if (job && (job.getAttribute("data-state") === "queued" || job.getAttribute("data-state") === "running")) {
    poll(job, job.getAttribute("data-job-url"), function (d) {
      return d.state === "done" || d.state === "failed";
    }, stage);
  }
}());
