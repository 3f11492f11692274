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
// Small helpers of item pages; without JavaScript the copy link still works as a plain link.
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
  // "In trang này" after each "Đường dẫn đến trang này": a link that needs this script, so written by it
  document.querySelectorAll("li > [data-kc-copy]").forEach(function (copy) {
    var item = document.createElement("li"), print = document.createElement("a");
    print.href = "#";
    print.className = "kc-print";
    print.setAttribute("data-kc-print", "");
    print.textContent = "In trang này";
    item.appendChild(print);
    copy.parentNode.after(item);
  });
  // On paper a relative address means nothing: print links with their full address, and the page's
  // own address at the end (without a script, the browser's own page footer prints it).
  var PRINTED = { vi: "Trang in từ ", en: "Printed from the " };  // then the site's name, as the page gives it
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".kc-grid__main a[href]:not([href^='#'])").forEach(function (a) { a.setAttribute("data-kc-abs", a.href); });
    var footer = document.querySelector("footer.kc-footer"), canonical = document.querySelector("link[rel=canonical]");
    var name = document.querySelector("meta[property='og:site_name']");
    if (!footer || document.querySelector(".kc-print-footer")) return;
    var said = document.createElement("p");
    said.className = "kc-print-only kc-print-footer";
    said.textContent = (PRINTED[document.documentElement.lang] || PRINTED.vi) + (name ? name.content : document.title) + ": " +
      (canonical ? canonical.href : location.href);
    footer.before(said);
  });
})();
