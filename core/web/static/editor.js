/* The document editor: guard unsaved input, show the header's errors next to their fields,
   keep the line grid to one request at a time and carry what is typed across its swaps,
   move lines with Alt+Up/Down or by drag, and bring the cursor back to a fresh line after
   adding one. Without this script every form still saves with a plain POST. */
(function () {
  "use strict";

  var submitting = false;
  var addingLine = false;
  var waiting = null;

  function dirtyForms() {
    return document.querySelectorAll("form[data-dirty]");
  }

  function inFlight() {
    return document.querySelector(".htmx-request") !== null || grid !== null ||
      waitingActions.length > 0;
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
    if (detail.boosted && dirtyForms().length && !submitting) {
      var message = dirtyForms()[0].getAttribute("data-leave") || "";
      if (!window.confirm(message)) event.preventDefault();
    }
  });

  document.addEventListener("htmx:beforeSend", function (event) {
    var detail = event.detail;
    var form = detail.elt.closest ? detail.elt.closest("form") : null;
    if (form) form.sentEdits = form.edits || 0;
    if (detail.elt.hasAttribute && detail.elt.hasAttribute("data-new-line")) addingLine = true;
  });

  function submitWaiting() {  // a submit held back while a save was on its way
    if (waiting && !inFlight()) {
      var pending = waiting;
      waiting = null;
      pending.form.requestSubmit(pending.submitter);
    }
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && event.detail.successful && event.detail.xhr.status < 300 &&
        !form.querySelector("[data-errors]") && (form.edits || 0) === form.sentEdits) {
      form.removeAttribute("data-dirty");
    }
    submitWaiting();
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

  // The grid of lines (#lines) is replaced whole by the answer to each of its requests, so
  // it takes one request at a time. A request asked for while another is on its way waits,
  // and is made again from the new grid once that answer is in. What is typed meanwhile
  // (into any cell, also the new line) is carried into the new grid with its cursor, and
  // saved in turn: at once, or when the cursor leaves the cell.
  var typed = 0;  // counts input events; a field keeps the count of its last input
  var grid = null;  // the request of the grid on its way: {xhr, fromNewLine}
  var waitingActions = [];
  var kept = [];
  var searchAgain = [];

  document.addEventListener("input", function (event) {
    event.target.typedAt = ++typed;
  }, true);

  function isGridRequest(detail) {
    return Boolean(detail.target && detail.target.id === "lines");
  }

  function actionOf(detail) {  // what a held request does, to be made from the new grid
    var elt = detail.elt;
    var source = elt.closest("form") || elt;
    var values = {};
    var trigger = detail.requestConfig.triggeringEvent;
    var submitter = trigger && trigger.submitter ? trigger.submitter : elt;
    if (submitter.tagName === "BUTTON" && submitter.name) values[submitter.name] = submitter.value;
    var given = detail.etc && detail.etc.values;
    if (given) Object.keys(given).forEach(function (name) { values[name] = given[name]; });
    return {verb: detail.requestConfig.verb, path: detail.requestConfig.path,
            source: source.id, values: values};
  }

  function later(action) {  // a save or an add waits once; each move counts
    var key = JSON.stringify(action);
    if (/\/move$/.test(action.path) ||
        !waitingActions.some(function (other) { return JSON.stringify(other) === key; })) {
      waitingActions.push(action);
    }
  }

  function nextAction() {
    while (!grid && waitingActions.length) {
      var action = waitingActions.shift();
      var source = document.getElementById(action.source);
      var lines = document.getElementById("lines");
      if (!source || !lines) continue;
      window.htmx.ajax(action.verb.toUpperCase(), action.path, {
        source: source, target: lines, swap: "outerHTML", values: action.values
      });
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isGridRequest(event.detail) || !grid) return;
    event.preventDefault();
    later(actionOf(event.detail));
  });

  // A button of the grid clicked while it is busy (the same move twice, say: htmx would
  // queue that one on the old button and drop it) waits in the same way.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#lines button[type=submit]");
    if (!grid || !button || !button.form || !button.form.id) return;
    event.preventDefault();
    event.stopPropagation();
    var values = {};
    if (button.name) values[button.name] = button.value;
    later({verb: "post", source: button.form.id, values: values,
           path: button.getAttribute("hx-post") || button.form.getAttribute("hx-post")});
  }, true);

  document.addEventListener("htmx:beforeSend", function (event) {
    var detail = event.detail;
    if (!isGridRequest(detail)) return;
    var form = detail.elt.closest("form");
    grid = {xhr: detail.xhr, fromNewLine: Boolean(form && form.id === "new-line")};
    if (!form || /\/(move|delete)$/.test(detail.requestConfig.path)) return;
    Array.prototype.forEach.call(form.elements, function (field) {  // this request saves them
      field.sentAt = typed;
      field.sentValue = field.value;
    });
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!isGridRequest(detail) || !detail.shouldSwap) return;
    var added = grid && grid.xhr === detail.xhr && grid.fromNewLine && detail.xhr.status === 200;
    kept = [];
    document.querySelectorAll("#lines form").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (field) {
        var unsent = field.typedAt > (field.sentAt || 0);
        var focused = field === document.activeElement;
        if (!field.id || !(unsent || focused)) return;
        var value = field.value;
        var shift = 0;
        if (added && form.id === "new-line") {  // the line is in: what follows starts the next
          if (value.indexOf(field.sentValue) === 0) shift = field.sentValue.length;
          value = value.slice(shift);
          if (!unsent) return;
        }
        kept.push({id: field.id, value: value, focused: focused, unsent: unsent,
                   start: focused ? Math.max(0, field.selectionStart - shift) : null,
                   end: focused ? Math.max(0, field.selectionEnd - shift) : null});
      });
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "lines") return;
    var fields = kept;
    kept = [];
    fields.forEach(function (entry) {
      var field = document.getElementById(entry.id);
      if (!field || field.value === entry.value) return;
      field.value = entry.value;
      if (entry.focused && typeof entry.start === "number" && field.setSelectionRange) {
        try {
          field.setSelectionRange(entry.start, entry.end);
        } catch (ignored) {  // a field without a text cursor
        }
      }
      if (!entry.unsent) return;  // sent already: only what is on screen is kept
      field.typedAt = ++typed;
      if (field.form) field.form.setAttribute("data-dirty", "");
      if (field.hasAttribute("hx-get")) searchAgain.push(field.id);  // its answer was lost
      if (entry.focused) {
        field.setAttribute("data-unsent", "");
      } else if (field.form && field.form.hasAttribute("data-line")) {
        later({verb: "post", path: field.form.getAttribute("hx-post"), source: field.form.id,
               values: {}});
      }
    });
  });

  function gridDone(event) {
    if (!grid || event.detail.xhr !== grid.xhr) return;
    grid = null;
    searchAgain.splice(0).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) return;
      window.htmx.ajax("GET", field.getAttribute("hx-get"), {
        source: field, target: field.getAttribute("hx-target"), swap: "outerHTML"
      });
    });
    nextAction();
    submitWaiting();
  }

  ["htmx:afterRequest", "htmx:sendError", "htmx:onLoadError"].forEach(function (name) {
    document.addEventListener(name, gridDone);  // never left busy, whatever the answer
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
