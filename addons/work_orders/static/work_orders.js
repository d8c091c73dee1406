// Work orders: the signature canvas, and forms that keep what was typed while offline.
// Listeners sit on the document, once, so pages that htmx swaps in work the same.
(function () {
  "use strict";
  if (window.workOrders) { window.workOrders.restore(); return; }
  var OUTBOX = "work_orders.outbox";

  // --- signature: strokes drawn with a finger, a pen or a mouse, sent as a PNG data URL
  var drawing = null;
  function pad(event) { return event.target.closest && event.target.closest("canvas[data-signature]"); }
  function point(canvas, event) {
    // the drawing keeps the canvas's own size; the screen may show it scaled
    var box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width,
            (event.clientY - box.top) * canvas.height / box.height];
  }
  document.addEventListener("pointerdown", function (event) {
    var canvas = pad(event);
    if (!canvas) { return; }
    var context = canvas.getContext("2d");
    var at = point(canvas, event);
    drawing = canvas;
    canvas.dataset.drawn = "1";
    context.lineWidth = 2;
    context.lineCap = "round";
    context.strokeStyle = "#111";
    context.beginPath();
    context.moveTo(at[0], at[1]);
    context.lineTo(at[0] + 0.1, at[1] + 0.1);
    context.stroke();
    event.preventDefault();
  });
  document.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var at = point(drawing, event);
    var context = drawing.getContext("2d");
    context.lineTo(at[0], at[1]);
    context.stroke();
    event.preventDefault();
  });
  ["pointerup", "pointercancel"].forEach(function (name) {
    document.addEventListener(name, function () { drawing = null; });
  });
  document.addEventListener("click", function (event) {
    var clear = event.target.closest && event.target.closest("[data-signature-clear]");
    if (!clear) { return; }
    var canvas = clear.form.querySelector("canvas[data-signature]");
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    delete canvas.dataset.drawn;
  });

  // --- offline: a form with data-offline-key keeps its fields in local storage while
  // typed; a submit that cannot reach the server is queued and sent when back online
  function fields(form) {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { values.push([name, value]); }
    });
    return values;
  }
  function draftKey(form) { return "work_orders.draft." + form.dataset.offlineKey; }
  function readOutbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function writeOutbox(items) {
    if (items.length) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }
    else { localStorage.removeItem(OUTBOX); }
  }
  function post(action, values) {
    var body = new FormData();
    values.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(action, {method: "POST", body: body, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response;
      });
  }
  var flushing = false;
  function flushOutbox() {
    var items = readOutbox();
    if (flushing || !items.length || !navigator.onLine) { return; }
    flushing = true;
    post(items[0].action, items[0].values).then(function () {
      flushing = false;
      writeOutbox(readOutbox().slice(1));
      if (readOutbox().length) { flushOutbox(); } else { window.location.reload(); }
    }, function () { flushing = false; });
  }
  function showQueued() {
    document.querySelectorAll("[data-offline-note]").forEach(function (note) {
      note.hidden = false;
    });
  }
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.dataset.offlineKey) {
      localStorage.setItem(draftKey(form), JSON.stringify(fields(form)));
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var canvas = form.querySelector("canvas[data-signature]");
    if (canvas) {
      form.querySelector("input[name=signature]").value =
        canvas.dataset.drawn ? canvas.toDataURL("image/png") : "";
    }
    if (!form.dataset.offlineKey) { return; }
    event.preventDefault();
    var values = fields(form);
    post(form.action, values).then(function (response) {
      localStorage.removeItem(draftKey(form));
      window.location.assign(response.url);
    }, function () {
      var items = readOutbox();
      items.push({action: form.action, values: values});
      writeOutbox(items);
      localStorage.removeItem(draftKey(form));
      showQueued();
    });
  });

  function restore() {
    document.querySelectorAll("form[data-offline-key]").forEach(function (form) {
      var saved = null;
      try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || "null"); } catch (e) { }
      (saved || []).forEach(function (pair) {
        var input = form.elements.namedItem(pair[0]);
        if (input && input.type !== "hidden" && "value" in input) { input.value = pair[1]; }
      });
    });
    if (readOutbox().length) { showQueued(); }
    flushOutbox();
  }
  window.workOrders = {restore: restore};
  window.addEventListener("online", flushOutbox);
  document.addEventListener("htmx:afterSettle", restore);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
