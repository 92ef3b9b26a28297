/* Behaviour every page may use, kept out of the HTML: the Content-Security-Policy allows
   no inline script or event handler attribute. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".print-button") : null;
    if (button) { window.print(); }
  });

  /* A table wider than its box scrolls sideways inside it, which a phone does not show.
     Each such box gets a line before it (“← 左右滑动查看全表 →”, the words from
     <body data-scroll-hint>) and the classes overflowing / at-start / at-end, with which
     site.css fades the side that has more to see. */
  var BOXES = ".scroll, .table-scroll, .drill-table, .chart-table";

  function hintBefore(box) {
    var hint = box.previousElementSibling;
    if (hint && hint.classList.contains("scroll-hint")) { return hint; }
    hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "← " + (document.body.dataset.scrollHint || "") + " →";
    box.parentNode.insertBefore(hint, box);
    return hint;
  }

  function mark(box) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("overflowing", overflowing);
    box.classList.toggle("at-start", box.scrollLeft <= 1);
    box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    var hint = box.previousElementSibling;
    if (overflowing) {
      hintBefore(box).hidden = false;
    } else if (hint && hint.classList.contains("scroll-hint")) {
      hint.hidden = true;
    }
  }

  function markAll() { document.querySelectorAll(BOXES).forEach(mark); }

  document.addEventListener("scroll", function (event) {
    if (event.target.matches && event.target.matches(BOXES)) { mark(event.target); }
  }, true);
  // A table in a closed <details> has no width until it opens.
  document.addEventListener("toggle", markAll, true);
  window.addEventListener("resize", markAll);
  markAll();
})();
