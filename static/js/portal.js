// Small behaviours of the portal, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts.
(function () {
  "use strict";
  // <form data-confirm="…">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // Nomination form: the staff picker only matters for an individual.
  function syncNomineeKind(form) {
    var chosen = form.querySelector("input[name=kind]:checked");
    var staff = form.querySelector("#div_id_staff");
    if (chosen && staff) {
      staff.hidden = chosen.value !== "individual";
    }
  }
  document.querySelectorAll("form[data-nomination-form]").forEach(function (form) {
    syncNomineeKind(form);
    form.addEventListener("change", function () { syncNomineeKind(form); });
  });
  // File inputs in Vietnamese: the browser's own button and "No file chosen" speak the language of the
  // computer's Windows, often English. The native input stays (visually hidden, focusable, what screen
  // readers and keyboards use); beside it a "Chọn tệp" button and the names chosen, and files can be
  // dropped on them. Without JavaScript the native input shows as before.
  var NONE_CHOSEN = "Chưa chọn tệp nào";
  function chosenNames(input) {
    var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    if (names.length === 0) { return NONE_CHOSEN; }
    return names.length === 1 ? names[0] : names.length + " tệp: " + names.join(", ");
  }
  function acceptList(input) {
    return (input.getAttribute("accept") || "").split(",").map(function (kind) {
      return kind.trim().toLowerCase();
    }).filter(Boolean);
  }
  function accepted(input, file) {
    var kinds = acceptList(input);
    if (kinds.length === 0) { return true; }
    var name = file.name.toLowerCase();
    var type = (file.type || "").toLowerCase();
    return kinds.some(function (kind) {
      if (kind.charAt(0) === ".") { return name.slice(-kind.length) === kind; }
      if (kind.slice(-2) === "/*") { return type.indexOf(kind.slice(0, -1)) === 0; }
      return type === kind;
    });
  }
  function acceptedKinds(input) {
    var names = acceptList(input).map(function (kind) { return kind.replace(/^\./, "").toUpperCase(); });
    return "chỉ nhận tệp " + names.join(", ");
  }
  function dressFileInput(input) {
    if (input.dataset.picker) { return; }
    input.dataset.picker = "1";
    var portal = Boolean(window.bootstrap);  // the portal's pages; else the admin's, with its own styles
    var choose = document.createElement("button");
    choose.type = "button";
    choose.className = portal ? "btn btn-outline-secondary file-choose" : "button file-choose";
    choose.textContent = input.multiple ? "Chọn các tệp" : "Chọn tệp";
    choose.tabIndex = -1;
    choose.setAttribute("aria-hidden", "true");
    var shown = document.createElement("span");
    shown.className = portal
      ? "form-control file-chosen text-truncate" + (input.classList.contains("is-invalid") ? " is-invalid" : "")
      : "file-chosen";
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = chosenNames(input);
    var group;
    if (portal) {
      group = input.parentElement.classList.contains("input-group") ? input.parentElement : null;
      if (!group) {
        group = document.createElement("div");
        group.className = "input-group" + (input.classList.contains("form-control-sm") ? " input-group-sm" : "");
        input.parentElement.insertBefore(group, input);
      }
      group.insertBefore(shown, group.firstChild);
      group.insertBefore(choose, shown);
      input.classList.add("visually-hidden");
    } else {
      group = document.createElement("span");
      group.className = "file-picker";
      group.appendChild(choose);
      group.appendChild(document.createTextNode(" "));
      group.appendChild(shown);
      input.parentElement.insertBefore(group, input.nextSibling);
      // Hidden as Bootstrap's .visually-hidden does (the admin has no such class): still focusable.
      Object.assign(input.style, {
        position: "absolute", width: "1px", height: "1px", padding: "0", margin: "-1px", overflow: "hidden",
        clip: "rect(0, 0, 0, 0)", whiteSpace: "nowrap", border: "0",
      });
    }
    group.parentElement.insertBefore(input, group);  // right before the group, so CSS can show its focus
    var refusal = document.createElement("div");  // a dropped file of a kind the field does not take
    refusal.className = portal ? "small text-danger mt-1 file-refused" : "errornote file-refused";
    refusal.setAttribute("role", "alert");
    refusal.hidden = true;
    group.parentElement.insertBefore(refusal, group.nextSibling);
    input.classList.add("file-native");
    choose.addEventListener("click", function () { input.click(); });
    shown.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      refusal.hidden = true;
      shown.textContent = chosenNames(input);
      shown.classList.remove("is-invalid");
      shown.classList.toggle("text-body-secondary", !input.files || input.files.length === 0);
    });
    input.addEventListener("invalid", function () { shown.classList.add("is-invalid"); });
    group.addEventListener("dragover", function (event) {
      event.preventDefault();
      group.classList.add("file-drop");
    });
    group.addEventListener("dragleave", function () { group.classList.remove("file-drop"); });
    group.addEventListener("drop", function (event) {
      event.preventDefault();
      group.classList.remove("file-drop");
      var dropped = event.dataTransfer && event.dataTransfer.files;
      if (!dropped || dropped.length === 0) { return; }
      dropped = Array.prototype.slice.call(dropped, 0, input.multiple ? dropped.length : 1);
      // The dialog offers only the kinds the field takes (accept); a drop is checked here the same way.
      var refused = dropped.filter(function (file) { return !accepted(input, file); });
      refusal.textContent = refused.length
        ? "Không nhận “" + refused[0].name + "”: " + acceptedKinds(input) + "." : "";
      refusal.hidden = !refused.length;
      if (refused.length) { return; }
      var kept = new DataTransfer();
      dropped.forEach(function (file) { kept.items.add(file); });
      input.files = kept.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    shown.classList.toggle("text-body-secondary", !input.files || input.files.length === 0);
  }
  var fileInputs = document.querySelectorAll("input[type=file]");
  fileInputs.forEach(dressFileInput);
  if (fileInputs.length) {
    // A file dropped beside the field would make the browser open it in place of the page, and what the
    // user typed in the form would be gone: outside a file field a drop does nothing.
    ["dragover", "drop"].forEach(function (name) {
      window.addEventListener(name, function (event) {
        var types = event.dataTransfer && event.dataTransfer.types;
        if (types && Array.prototype.indexOf.call(types, "Files") !== -1) { event.preventDefault(); }
      });
    });
  }

  // The browser's own checks before a form is sent (a required field left empty, an e-mail address
  // without "@"…) speak the browser's language too: their messages in Vietnamese. The server checks
  // everything again and answers in Vietnamese at the field.
  function vietnameseMessage(field) {
    var v = field.validity;
    if (v.valueMissing) {
      if (field.type === "file") { return "Vui lòng chọn tệp."; }
      if (field.type === "checkbox") { return "Vui lòng đánh dấu ô này để tiếp tục."; }
      if (field.type === "radio" || field.tagName === "SELECT") { return "Vui lòng chọn một mục."; }
      return "Vui lòng điền vào mục này.";
    }
    if (v.badInput) { return field.type === "number" ? "Vui lòng nhập một số." : "Giá trị không hợp lệ."; }
    if (v.typeMismatch) {
      return field.type === "email" ? "Vui lòng nhập một địa chỉ email hợp lệ (có dấu @)."
        : field.type === "url" ? "Vui lòng nhập một địa chỉ trang web hợp lệ." : "Giá trị không đúng định dạng.";
    }
    if (v.tooLong) { return "Vui lòng nhập không quá " + field.maxLength + " ký tự."; }
    if (v.tooShort) { return "Vui lòng nhập ít nhất " + field.minLength + " ký tự."; }
    if (v.rangeUnderflow) { return "Giá trị phải từ " + field.min + " trở lên."; }
    if (v.rangeOverflow) { return "Giá trị không được vượt quá " + field.max + "."; }
    if (v.stepMismatch) { return "Giá trị không hợp lệ (bước " + (field.step || 1) + ")."; }
    if (v.patternMismatch) { return field.title || "Giá trị không đúng định dạng."; }
    return "";
  }
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    if (!field.setCustomValidity) { return; }
    field.setCustomValidity("");  // so that validity says what the browser found, not our last message
    field.setCustomValidity(vietnameseMessage(field));
  }, true);
  function clearMessage(event) {
    var field = event.target;
    // A radio button's message sits on every button of its group: choosing any one clears them all.
    var fields = field.type === "radio" && field.form && field.name
      ? Array.prototype.filter.call(field.form.elements, function (other) {
        return other.type === "radio" && other.name === field.name;
      })
      : [field];
    fields.forEach(function (each) {
      if (each.setCustomValidity && each.validity && each.validity.customError) {
        each.setCustomValidity("");
      }
    });
  }
  document.addEventListener("input", clearMessage, true);
  document.addEventListener("change", clearMessage, true);
})();
