// depthlab's static book: the search page. It reads the words from ?q=, loads the book's
// sections (search-index.json, written by 'depthlab book build') and lists every section
// whose heading or text contains all the words, in reading order — the rule the site's own
// search applies on the server. Other pages only carry the search form that leads here.
"use strict";
(function () {
  var out = document.getElementById("search-results");
  if (!out) {
    return;
  }
  var q = new URLSearchParams(window.location.search).get("q") || "";
  var box = document.getElementById("search-page-q");
  if (box) {
    box.value = q;
  }
  var words = q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  if (words.length === 0) {
    out.textContent = "Type some words to search the book for.";
    return;
  }
  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) {
      return text.length <= 160 ? text : text.substring(0, 160) + " …";
    }
    var from = Math.max(0, at - 70);
    var to = Math.min(text.length, at + word.length + 90);
    return (from > 0 ? "… " : "") + text.substring(from, to) + (to < text.length ? " …" : "");
  }
  fetch("search-index.json")
    .then(function (r) { return r.json(); })
    .then(function (index) {
      var hits = index.sections.filter(function (s) {
        var hay = (s.heading + " " + s.text).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) >= 0; });
      }).slice(0, 50);
      out.replaceChildren();
      var summary = document.createElement("p");
      summary.textContent = hits.length === 0 ? "No section of the book contains all of: " + q + "."
        : hits.length + " section(s) contain all of: " + q + ".";
      out.appendChild(summary);
      var list = document.createElement("ol");
      list.className = "search-results";
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = h.url;
        a.textContent = h.chapter + " — " + h.heading;
        var s = document.createElement("span");
        s.className = "snippet";
        s.textContent = snippet(h.text, words[0]);
        li.appendChild(a);
        li.appendChild(document.createElement("br"));
        li.appendChild(s);
        list.appendChild(li);
      });
      out.appendChild(list);
    })
    .catch(function () { out.textContent = "The search index could not be loaded."; });
})();
