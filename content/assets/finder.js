// "Tôi được hỗ trợ gì?": the three choices lead straight to the answer page and section
// (ho-tro/<need>/<province>/#<kind>). Without JavaScript the form stays hidden and the same
// pages are reached through the lists of needs and provinces.
(function () {
  "use strict";
  var form = document.getElementById("kc-finder");
  if (!form) return;
  var base = form.action.replace(/[?#].*$/, "");
  if (base.charAt(base.length - 1) !== "/") base += "/";
  function target(loai, tinh, can) { return base + encodeURIComponent(can) + "/" + encodeURIComponent(tinh) + "/#" + encodeURIComponent(loai); }
  var params = new URLSearchParams(window.location.search);
  ["loai", "tinh", "can"].forEach(function (name) {
    var value = params.get(name);
    if (value && form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]')) form.elements[name].value = value;
  });
  if (form.elements.loai.value && form.elements.tinh.value && form.elements.can.value) {  // all three known
    window.location.replace(target(form.elements.loai.value, form.elements.tinh.value, form.elements.can.value));
    return;
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.location.assign(target(form.elements.loai.value, form.elements.tinh.value, form.elements.can.value));
  });
})();
