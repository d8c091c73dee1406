// Work orders: the signature canvas, and forms that keep what was typed while offline.
(function () {
  "use strict";
  var OUTBOX = "work_orders.outbox";

  // --- signature: strokes drawn with a finger, a pen or a mouse, sent as a PNG data URL
  function signaturePad(canvas) {
    var form = canvas.closest("form");
    var field = form.querySelector("input[name=signature]");
    var context = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    function fit() {
      var ratio = window.devicePixelRatio || 1;
      canvas.width = canvas.clientWidth * ratio;
      canvas.height = canvas.clientHeight * ratio;
      context.scale(ratio, ratio);
      context.lineWidth = 2;
      context.lineCap = "round";
      context.strokeStyle = "#111";
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var at = point(event);
      context.beginPath();
      context.moveTo(at[0], at[1]);
      context.lineTo(at[0] + 0.1, at[1] + 0.1);
      context.stroke();
      drawn = true;
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var at = point(event);
      context.lineTo(at[0], at[1]);
      context.stroke();
      event.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        drawn = false;
      });
    }
    form.addEventListener("submit", function () {
      field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
    fit();
  }

  // --- offline: a form with data-offline-key keeps its fields in local storage while
  // typed; a submit that cannot reach the server is queued and sent when back online
  function fields(form) {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { values.push([name, value]); }
    });
    return values;
  }
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
  function flushOutbox() {
    var items = readOutbox();
    if (!items.length || !navigator.onLine) { return; }
    var item = items[0];
    post(item.action, item.values).then(function () {
      writeOutbox(readOutbox().slice(1));
      if (readOutbox().length) { flushOutbox(); } else { window.location.reload(); }
    }, function () { /* still offline: keep it */ });
  }
  function showQueued(form) {
    var note = form.querySelector("[data-offline-note]");
    if (note) { note.hidden = false; }
  }
  function offlineForm(form) {
    var key = "work_orders.draft." + form.dataset.offlineKey;
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved) {
      saved.forEach(function (pair) {
        var input = form.elements.namedItem(pair[0]);
        if (input && input.type !== "hidden" && "value" in input) { input.value = pair[1]; }
      });
    }
    form.addEventListener("input", function () {
      localStorage.setItem(key, JSON.stringify(fields(form)));
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = fields(form);
      post(form.action, values).then(function (response) {
        localStorage.removeItem(key);
        window.location.assign(response.url);
      }, function () {
        var items = readOutbox();
        items.push({action: form.action, values: values});
        writeOutbox(items);
        localStorage.removeItem(key);
        showQueued(form);
      });
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-signature]").forEach(signaturePad);
    document.querySelectorAll("form[data-offline-key]").forEach(offlineForm);
    if (readOutbox().length) {
      document.querySelectorAll("[data-offline-note]").forEach(function (n) { n.hidden = false; });
    }
    flushOutbox();
  }
  window.addEventListener("online", flushOutbox);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
