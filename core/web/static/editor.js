/* The document editor: guard unsaved input, show the header's errors next to their fields,
   move lines with Alt+Up/Down, and bring the cursor back to a fresh line after adding one.
   Without this script every form still saves with a plain POST. */
(function () {
  "use strict";

  var submitting = false;
  var addingLine = false;
  var waiting = null;

  function dirtyForms() {
    return document.querySelectorAll("form[data-dirty]");
  }

  function inFlight() {
    return document.querySelector(".htmx-request") !== null;
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && (form.hasAttribute("data-autosave") || form.hasAttribute("data-new-line"))) {
      form.edits = (form.edits || 0) + 1;
      if (event.target.name !== "customer_q") form.setAttribute("data-dirty", "");
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var detail = event.detail;
    var form = detail.elt.closest ? detail.elt.closest("form") : null;
    if (form) {
      form.sentEdits = form.edits || 0;
      form.sentAt = typed;
    }
    if (detail.elt.hasAttribute && detail.elt.hasAttribute("data-new-line")) addingLine = true;
    if (detail.boosted && dirtyForms().length && !submitting) {
      var message = dirtyForms()[0].getAttribute("data-leave") || "";
      if (!window.confirm(message)) event.preventDefault();
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && event.detail.successful && event.detail.xhr.status < 300 &&
        !form.querySelector("[data-errors]") && (form.edits || 0) === form.sentEdits) {
      form.removeAttribute("data-dirty");
    }
    if (waiting && !inFlight()) {
      var pending = waiting;
      waiting = null;
      pending.form.requestSubmit(pending.submitter);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var status = document.getElementById("header-status");
    if (!status || !event.detail.target || event.detail.target.id !== "header-status") return;
    var form = document.getElementById("header");
    var errors = JSON.parse(status.getAttribute("data-errors") || "{}");
    form.querySelectorAll(".error[data-live]").forEach(function (old) { old.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
    });
    Object.keys(errors).forEach(function (name) {
      var field = document.getElementById("f-" + name);
      var old = document.getElementById("f-" + name + "-error");
      if (old) old.remove();
      var message = document.createElement("p");
      message.className = "error";
      message.id = "f-" + name + "-error";
      message.setAttribute("data-live", "");
      message.textContent = errors[name];
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", message.id);
        field.insertAdjacentElement("afterend", message);
      } else {
        status.insertAdjacentElement("afterend", message);
      }
    });
    if (!Object.keys(errors).length) {
      form.querySelectorAll(".error[id^='f-']").forEach(function (old) { old.remove(); });
    }
  });

  // What is typed while an earlier save is on its way survives that save's swap, and is
  // saved in turn: at once, or when the field is left if the cursor is still in it.
  var typed = 0;
  var kept = [];

  document.addEventListener("input", function (event) {
    event.target.typedAt = ++typed;
  }, true);

  document.addEventListener("htmx:beforeSwap", function () {
    kept = [];
    document.querySelectorAll("form[data-line], form[data-new-line]").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.id && field.typedAt > (form.sentAt || 0)) {
          kept.push({id: field.id, value: field.value, focused: field === document.activeElement});
        }
      });
    });
  });

  document.addEventListener("htmx:afterSettle", function () {  // it reaches the new content
    var fields = kept;
    kept = [];
    fields.forEach(function (entry) {
      var field = document.getElementById(entry.id);
      if (!field || field.value === entry.value) return;
      field.value = entry.value;
      field.typedAt = ++typed;
      if (field.form) field.form.setAttribute("data-dirty", "");
      if (entry.focused) {
        field.setAttribute("data-unsent", "");
      } else {
        field.dispatchEvent(new Event("change", {bubbles: true}));
      }
    });
  });

  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-unsent")) return;
    field.removeAttribute("data-unsent");
    field.dispatchEvent(new Event("change", {bubbles: true}));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!addingLine || event.detail.xhr.status !== 200) return;
    addingLine = false;
    var description = document.getElementById("new-description");
    if (description) description.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    var row = event.target.closest && event.target.closest("form[data-line]");
    if (!row) return;
    var button = row.querySelector("[data-move='" + (event.key === "ArrowUp" ? "up" : "down") + "']");
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    if (!handle) return;
    dragged = handle.closest("form[data-line]");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.id);
  });

  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("form[data-line]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("drop", function (event) {
    var row = dragged && event.target.closest && event.target.closest("form[data-line]");
    var source = dragged;
    dragged = null;
    if (!row || row === source) return;
    event.preventDefault();
    window.htmx.ajax("POST", source.getAttribute("data-move-url"), {
      source: source, target: "#lines", swap: "outerHTML",
      values: {position: row.getAttribute("data-position")}
    });
  });

  document.addEventListener("dragend", function () { dragged = null; });

  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;  // htmx sends it
    if (inFlight()) {  // an automatic save is on its way: submit once it is stored
      event.preventDefault();
      waiting = {form: event.target, submitter: event.submitter};
      return;
    }
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !dirtyForms().length) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
