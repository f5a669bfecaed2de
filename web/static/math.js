// depthlab: typesets the book's math. The Markdown's $…$ and $$…$$ arrive as elements with
// class "math" (inline or display) holding the TeX as text; KaTeX (served from this site,
// web/static/katex/) replaces each with the typeset formula. Without script the TeX stays
// readable as it is.
"use strict";
(function () {
  if (typeof katex === "undefined") {
    return;
  }
  var all = document.querySelectorAll(".math");
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    var tex = el.textContent;
    try {
      katex.render(tex, el, { displayMode: el.classList.contains("display"), throwOnError: false });
      el.setAttribute("data-tex", tex);
      el.classList.add("typeset");
    } catch (e) {
      el.classList.add("math-error");
    }
  }
})();
