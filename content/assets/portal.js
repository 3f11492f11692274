// The menu button (templates/theme/partials/kc_menu.html) is a <details> that works without a script:
// portal.css shows the navigation (#kc-nav) while it is open. Here it also closes with Escape (focus
// back on its button), with a tap outside it and the navigation and when the focus leaves them.
(function () {
  var menu = document.querySelector(".kc-menu");
  var nav = document.getElementById("kc-nav");
  if (!menu || !nav) return;
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  function outside(ev) {
    if (menu.open && !menu.contains(ev.target) && !nav.contains(ev.target)) menu.open = false;
  }
  document.addEventListener("click", outside);
  document.addEventListener("focusin", outside);  // Tab past the last item: the panel closes
  // Opened, the panel shows the reader's place (a page far down the list is out of sight otherwise).
  menu.addEventListener("toggle", function () {
    var here = menu.open && nav.querySelector("li li > a[aria-current], :scope > ul > li > a[aria-current]:only-child");
    if (here) nav.scrollTop = Math.max(0, here.offsetTop - nav.clientHeight / 2);
  });
})();
// A list's filters open the page on a wide screen; on a phone they would push the list a screen
// down, so they start folded there (without a script they stay open).
if (window.matchMedia("(max-width: 44.9375em)").matches) {
  document.querySelectorAll("details.kc-filters[open]").forEach(function (d) { d.open = false; });
}
// Small helpers of item pages; without JavaScript the links still work as plain links.
// "Đường dẫn đến trang này" copies the page's address; "In trang này" opens the print dialog.
(function () {
  document.addEventListener("click", function (ev) {
    var copy = ev.target.closest("[data-kc-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      ev.preventDefault();
      navigator.clipboard.writeText(copy.href).then(function () {
        var said = copy.parentNode.querySelector(".kc-copied") || document.createElement("span");
        said.className = "kc-copied";
        said.setAttribute("role", "status");
        said.textContent = " Đã chép đường dẫn.";
        copy.after(said);
      });
    }
    var print = ev.target.closest("[data-kc-print]");
    if (print) {
      ev.preventDefault();
      window.print();
    }
  });
  document.querySelectorAll("[data-kc-print]").forEach(function (a) { a.hidden = false; });
  // On paper a relative address means nothing: print links with their full address.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".kc-grid__main a[href]:not([href^='#'])").forEach(function (a) { a.setAttribute("data-kc-abs", a.href); });
  });
})();
