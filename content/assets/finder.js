// "Tôi được hỗ trợ gì?": the choices lead straight to the answer page and section
// (ho-tro/<need>/<place chosen>/[<case>/]#<kind>). Where the kind of place decides (a centrally-run
// city, for the kinds of establishment its place rules cover), the form also asks commune, ward or
// special zone, and for a ward whether it lies in a recognised craft village; each answer carries
// the last part of its page's address (data-page). Without JavaScript the form stays hidden on
// /ho-tro/ and the same pages are reached through the lists of needs and places, which ask the same.
(function () {
  "use strict";
  var form = document.getElementById("kc-finder");
  if (!form) return;
  var base = form.action.replace(/[?#].*$/, "");
  if (base.charAt(base.length - 1) !== "/") base += "/";
  var els = form.elements;

  function chosen(select) { return select.options[select.selectedIndex] || null; }
  function unitType() { var o = chosen(els.tinh); return o ? o.getAttribute("data-unit") : null; }
  function byPlace() { var o = chosen(els.loai); return !!(o && o.hasAttribute("data-by-place")); }
  function checked(name) { return form.querySelector('input[name="' + name + '"]:checked'); }

  // Show the questions that decide the answer for this kind of unit and establishment, no others.
  function update() {
    var type = unitType(), ask = byPlace(), place = checked("noi");
    form.querySelectorAll(".kc-finder__place").forEach(function (box) {
      var forPlace = box.getAttribute("data-place");
      var show = ask && box.getAttribute("data-unit") === type && (!forPlace || (place && place.value === forPlace));
      box.hidden = !show;
      box.querySelectorAll("input").forEach(function (input) { input.required = show; input.disabled = !show; });
    });
  }

  // The answer page's last address part, when the place decides: the village answer for a ward.
  function page() {
    if (!byPlace()) return "";
    var village = form.querySelector('.kc-finder__place:not([hidden]) input[name="lang-nghe"]:checked');
    var place = checked("noi");
    var from = village || (place && place.hasAttribute("data-page") ? place : null);
    return from ? from.getAttribute("data-page") + "/" : "";
  }

  function target() {
    return base + encodeURIComponent(els.can.value) + "/" + encodeURIComponent(els.tinh.value) + "/" + page() +
      "#" + encodeURIComponent(els.loai.value);
  }

  var params = new URLSearchParams(window.location.search);
  ["loai", "tinh", "can"].forEach(function (name) {
    var value = params.get(name);
    if (value && els[name].querySelector('option[value="' + CSS.escape(value) + '"]')) els[name].value = value;
  });
  update();
  if (els.loai.value && els.tinh.value && els.can.value) {  // all three known: the answer page asks the rest
    window.location.replace(target());
    return;
  }
  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.location.assign(target());
  });
})();
