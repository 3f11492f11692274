/* Search for the khuyến công portal: reads the static index written by generator/search.py.
 * Fetches meta.json (labels and counts only), then only the shards holding the query's terms, then
 * one small file per result shown. The facets (filters and their counts) come in files of
 * meta.chunk documents, fetched after the first results are shown, or before when a filter is on
 * or the query holds a number. Folding, hashing and other names of places must match
 * generator/text.py fold(), generator/search.py shard_of() and with_place_names() (meta.places: an
 * abbreviation such as "tp hcm" is looked up as the name it stands for, as the index read it).
 * All text is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("kc-search");
  if (!root) return;
  var INDEX = root.getAttribute("data-index");
  var SITE = root.getAttribute("data-root");
  var PAGE = 10;
  var OFFERED = 3;  // legal texts offered at most for one number (`numbered`)
  var FACETS = [["loai", "Loại nội dung"], ["tinh", "Tỉnh, thành phố"], ["nhom", "Nhóm sản phẩm, lĩnh vực"],
                ["cap", "Cấp công nhận"], ["nam", "Năm"], ["hieu-luc", "Hiệu lực văn bản"]];
  var form = root.querySelector("form"), input = document.getElementById("kc-q");
  var facetsBox = document.getElementById("kc-facets"), status = document.getElementById("kc-status");
  var list = document.getElementById("kc-results"), more = document.getElementById("kc-more");
  var also = document.getElementById("kc-also"), filtersBox = document.getElementById("kc-filters");
  var cache = {}, meta = null, current = [], shown = 0, run = 0, chunks = {};
  var asTyped = -1;  // in a query typed with diacritics, how many results hold every word as typed (the first ones)

  /* A file under search/, fetched once and kept; `read` turns the response into its value (JSON by
   * default). A failure is not kept: the next search asks again. */
  function get(path, read) {
    if (!cache[path]) {
      cache[path] = fetch(INDEX + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return read ? read(r) : r.json();
      }).catch(function (e) { delete cache[path]; throw e; });
    }
    return cache[path];
  }
  /* A file stored gzip-compressed (generator/outputs/search.py `packed`): a shard, s/<n>.json.gzip, or a
   * result's file, d/<id>.json.gzip. Inflated by the browser's DecompressionStream, or by tiny-inflate
   * (assets/tiny-inflate.js, fetched only where the browser has none); read as it comes when a server
   * has already decoded it. */
  function getPacked(path) {
    return get(path, function (r) {
      return r.arrayBuffer().then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
        if (typeof DecompressionStream === "function") {
          return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer()
            .then(function (b) { return new Uint8Array(b); });
        }
        return inflater().then(function (inflate) { return gunzip(bytes, inflate); });
      }).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
    });
  }
  function getDoc(id) { return getPacked("d/" + id + ".json.gzip"); }
  var inflating = null;
  function inflater() {
    if (!inflating) {
      inflating = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root.getAttribute("data-inflate");
        s.onload = function () {
          if (typeof window.kcInflate === "function") resolve(window.kcInflate);
          else { inflating = null; reject(new Error("tiny-inflate")); }
        };
        s.onerror = function () { inflating = null; reject(new Error("tiny-inflate")); };
        document.head.appendChild(s);
      });
    }
    return inflating;
  }
  /* A gzip member (RFC 1952): its header, then raw deflate data, then CRC-32 and the size (ISIZE). */
  function gunzip(bytes, inflate) {
    var flags = bytes[3], at = 10, n = bytes.length;
    if (flags & 4) at += 2 + (bytes[at] | (bytes[at + 1] << 8));  // FEXTRA
    if (flags & 8) { while (bytes[at]) at++; at++; }  // FNAME
    if (flags & 16) { while (bytes[at]) at++; at++; }  // FCOMMENT
    if (flags & 2) at += 2;  // FHCRC
    var size = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
    if (n < 18 || at > n - 8 || size > 1032 * n + 1024) throw new Error("not a whole gzip member");  // deflate: 1032:1 at most
    return inflate(bytes.subarray(at, n - 8), new Uint8Array(size));
  }
  function fold(s) {
    return s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  }
  function tokens(s) { return s.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) || []; }
  /* The terms a query looks up, each once: its syllables, with each other name of a place (longest
   * first, compared folded) replaced by the words of the place's name. */
  function terms(q) { return Array.from(new Set(joined(spelled(q)))); }
  /* The query's words, each other name of a place replaced by the words of its name: what results
   * highlight (a place's name joined into one word is marked word by word, as the text writes it). */
  function spelled(q) {
    var places = (meta && meta.places) || {}, keys = Object.keys(places), words = tokens(q), out = [], i = 0;
    var longest = keys.reduce(function (n, k) { return Math.max(n, k.split(" ").length); }, 0);
    while (i < words.length) {
      var n = Math.min(longest, words.length - i), found = null;
      for (; n > 0; n--) {
        var key = words.slice(i, i + n).map(fold).join(" ");
        if (Object.prototype.hasOwnProperty.call(places, key)) { found = places[key]; break; }
      }
      if (found) { out.push.apply(out, found); i += n; } else { out.push(words[i]); i += 1; }
    }
    return out;
  }
  /* A place's own name of two words or more (meta.phrases, folded: "binh dinh"; longest first) read
   * as one word, its words joined: "binh dinh" asks for the place, not for "bình" and "định" apart
   * (generator/outputs/search.py Places.joined, which the index also applies, keeping the words). */
  function joined(words) {
    var phrases = new Set((meta && meta.phrases) || []), longest = 0, out = [], i = 0;
    phrases.forEach(function (p) { longest = Math.max(longest, p.split(" ").length); });
    while (i < words.length) {
      var n = Math.min(longest, words.length - i);
      for (; n > 1; n--) { if (phrases.has(words.slice(i, i + n).map(fold).join(" "))) break; }
      if (n > 1) { out.push(words.slice(i, i + n).join("")); i += n; } else { out.push(words[i]); i += 1; }
    }
    return out;
  }
  function shardOf(tok, n) {
    var h = 0x811c9dc5;
    for (var ch of tok) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % n;
  }
  /* The facet files covering these documents; then facet(name, id) reads from them. */
  function facetsFor(ids) {
    var need = new Set();
    ids.forEach(function (id) { need.add(Math.floor(id / meta.chunk)); });
    return Promise.all(Array.from(need).map(function (k) {
      return get("f/" + k + ".json").then(function (c) { chunks[k] = c; });
    }));
  }
  function facet(name, id) { return chunks[Math.floor(id / meta.chunk)][name][id % meta.chunk]; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  /* Score documents holding every query term (AND). A query the reader typed with diacritics
   * (`exactly`: a word of it, as typed, has a mark; a place's other name the table replaced does not
   * count) is read as written, every word of it (its plain words too: "may" in "máy may" is a word
   * of its own): the documents holding more of its words in the exact form come first (tier), and a
   * term's score counts its exact form where the document holds it. Within a tier, by score: per
   * term, the logarithm of the weights the document's forms of it add up to (once, not once per
   * form, or a document holding "máy" and "may" would count the term twice). */
  /* A folded word's entry in its shard: exact form → [id deltas, weights] ({} when no document holds it). */
  function entryOf(folded) {
    return getPacked("s/" + shardOf(folded, meta.shards) + ".json.gzip").then(function (shard) { return shard[folded] || {}; });
  }
  /* Each (document id, weight, exact form) an entry holds: its ids are written as deltas. */
  function postings(entry, each) {
    Object.keys(entry).forEach(function (variant) {
      var ids = entry[variant][0], weights = entry[variant][1], id = 0;
      for (var i = 0; i < ids.length; i++) { id += ids[i]; each(id, weights[i], variant); }
    });
  }

  function match(terms, exactly) {
    return Promise.all(terms.map(function (t) {
      var folded = fold(t);
      return entryOf(folded).then(function (entry) { return { term: t, folded: folded, entry: entry }; });
    })).then(function (found) {
      var scores = null, tiers = new Map();
      found.forEach(function (f) {
        var here = new Map(), exact = new Map();
        postings(f.entry, function (id, w, variant) {
          here.set(id, (here.get(id) || 0) + w);
          if (exactly && variant === f.term) exact.set(id, (exact.get(id) || 0) + w);
        });
        var idf = Math.log(1 + meta.docs / Math.max(1, here.size));
        var next = new Map();
        here.forEach(function (w, id) {
          var s = Math.log(1 + (exact.has(id) ? exact.get(id) : w));
          if (scores === null || scores.has(id)) next.set(id, (scores ? scores.get(id) : 0) + s * idf);
        });
        exact.forEach(function (_w, id) { tiers.set(id, (tiers.get(id) || 0) + 1); });
        scores = next;
      });
      /* People who type a number are looking for a document: legal texts holding it go first
       * (which needs the kind of each document: its facets). */
      var numeric = found.some(function (f) { return /^\d+$/.test(f.folded); });
      /* People who ask for support ("hỗ trợ …") are looking for an answer of "Tôi được hỗ trợ gì?":
       * the needs' answers go first, before the success stories that got such support. */
      var asks = found.some(function (f, i) { return f.folded === "ho" && found[i + 1] && found[i + 1].folded === "tro"; });
      var ids = Array.from((scores || new Map()).keys());
      return (numeric || asks ? facetsFor(ids) : Promise.resolve()).then(function () {
        var legal = meta.keys.loai.indexOf("legal"), need = meta.keys.loai.indexOf("need"), result = new Map();
        ids.forEach(function (id) {
          var isLegal = numeric && facet("loai", id).indexOf(legal) >= 0;
          var isNeed = asks && need >= 0 && facet("loai", id).indexOf(need) >= 0;
          result.set(id, { tier: tiers.get(id) || 0, score: scores.get(id) * (isLegal ? 2 : 1) * (isNeed ? 2 : 1) });
        });
        return result;
      });
    });
  }

  function selected() {
    var sel = {};
    FACETS.forEach(function (f) {
      sel[f[0]] = Array.prototype.map.call(form.querySelectorAll('input[name="' + f[0] + '"]:checked'), function (c) { return c.value; });
    });
    return sel;
  }
  /* The filters on, in words ("Gia Lai; Năm 2024"), for the status line: a reader who ticked one far
   * down the list on a phone hears and sees that the results are filtered. */
  function filtersOn(sel) {
    return FACETS.map(function (f) {
      return sel[f[0]].map(function (key) {
        var i = meta.keys[f[0]].indexOf(key);
        return i >= 0 ? meta.labels[f[0]][i] : key;
      }).join(", ");
    }).filter(Boolean).join("; ");
  }
  function passes(id, sel, skip) {
    return FACETS.every(function (f) {
      var name = f[0], want = sel[name];
      if (name === skip || !want.length) return true;
      var have = facet(name, id).map(function (i) { return meta.keys[name][i]; });
      return want.some(function (w) { return have.indexOf(w) >= 0; });
    });
  }

  function renderFacets(ids, sel) {
    facetsBox.textContent = "";
    var active = FACETS.reduce(function (n, f) { return n + sel[f[0]].length; }, 0);
    document.getElementById("kc-filter-count").textContent = active ? "(" + active + " đang chọn)" : "";
    if (active || window.matchMedia("(min-width: 60em)").matches) filtersBox.open = true;
    FACETS.forEach(function (f) {
      var name = f[0], counts = new Map();
      ids.forEach(function (id) {
        if (!passes(id, sel, name)) return;
        facet(name, id).forEach(function (i) { counts.set(i, (counts.get(i) || 0) + 1); });
      });
      var values = meta.keys[name].map(function (k, i) { return i; }).filter(function (i) {
        return counts.get(i) || sel[name].indexOf(meta.keys[name][i]) >= 0;
      });
      if (!values.length) return;
      var box = el("fieldset", { "class": "kc-facet" });
      box.appendChild(el("legend", null, f[1]));
      values.forEach(function (i) {
        var key = meta.keys[name][i], id = "f-" + name + "-" + i;
        var row = el("div", { "class": "kc-facet__value" });
        var cb = el("input", { type: "checkbox", name: name, value: key, id: id });
        cb.checked = sel[name].indexOf(key) >= 0;
        cb.addEventListener("change", function () { submit(); });
        row.appendChild(cb);
        row.appendChild(el("label", { "for": id }, meta.labels[name][i] + " (" + (counts.get(i) || 0) + ")"));
        box.appendChild(row);
      });
      facetsBox.appendChild(box);
    });
    filtersBox.hidden = !facetsBox.children.length;  // no results, nothing to filter: no empty box to open
  }

  var typed = [];  // query words typed with diacritics, lower-cased: snippets open at them
  /* Text with every matched term wrapped in <mark>; `start`/`end` cut a window of it. */
  function highlight(text, folded, start, end) {
    var f = fold(text), hits = [], frag = document.createDocumentFragment(), at = start;
    folded.forEach(function (t) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")(?=$|[^\\p{L}\\p{N}])", "gu"), m;
      while ((m = re.exec(f))) hits.push([m.index + m[1].length, m.index + m[1].length + t.length]);
    });
    hits.sort(function (a, b) { return a[0] - b[0]; });
    if (start < 0) {  // the snippet opens at the first word as typed with diacritics, else at the first match
      var lead = hits.filter(function (h) { return typed.indexOf(text.slice(h[0], h[1]).toLowerCase()) >= 0; })[0] || hits[0];
      start = lead ? Math.max(0, lead[0] - 60) : 0;
      if (start < 30) start = 0;  // a few words more, rather than a text cut short of its first words
      var space = text.indexOf(" ", start);  // whole words: the window opens after a space, closes before one
      if (start > 0 && text[start - 1] !== " " && lead && space >= 0 && space < lead[0]) start = space + 1;
      end = Math.min(text.length, start + 220);
      space = text.lastIndexOf(" ", end);
      if (end < text.length && space > start + 120) end = space;
      at = start;
    }
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    hits.forEach(function (h) {
      if (h[0] < at || h[1] > end) return;
      frag.appendChild(document.createTextNode(text.slice(at, h[0])));
      frag.appendChild(el("mark", null, text.slice(h[0], h[1])));
      at = h[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
    return frag;
  }

  function showMore(folded, ticket) {
    var start = shown, batch = current.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = shown >= current.length;
    return Promise.all(batch.map(function (id) { return getDoc(id); })).then(function (docs) {
      if (ticket !== run) return;
      docs.forEach(function (d, i) {
        if (start + i === asTyped) {  // where the results holding the words only once marks are dropped begin
          var divider = el("li", { "class": "kc-result-divider" });  // a heading: one who moves by headings hears it
          divider.appendChild(el("h2", { "class": "kc-result-divider__title" },
            "Các kết quả dưới đây chỉ khớp từ khóa khi bỏ dấu (có thể là từ khác, như “gồm” với “gốm”)"));
          list.appendChild(divider);
        }
        var li = el("li", { "class": "kc-result" });
        var h = el("h2", { "class": "kc-result__title" });
        var a = el("a", { href: SITE + d.u });
        a.appendChild(highlight(d.t, folded, 0, d.t.length));
        h.appendChild(a);
        li.appendChild(h);
        li.appendChild(el("p", { "class": "kc-result__meta" }, [d.k, d.p, d.d].filter(Boolean).join(" · ")));
        if (d.x) {
          var p = el("p", { "class": "kc-result__snippet" });
          p.appendChild(highlight(d.x, folded, -1, -1));
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    });
  }
  /* People mix up a text's type ("quyết định 235" for Nghị định 235/2025/NĐ-CP). A legal text is
   * indexed under one word for its number (meta.numbered and the number, as
   * generator/outputs/search_docs.py NUMBERED writes it): the texts numbered as the query says that
   * the query as typed did not find (not in `scores`) are offered, drawn before the results so that
   * nothing moves under the reader's finger. An offer is a help: its failure fails no search. */
  function numbered(q, scores) {
    var numbers = Array.from(new Set(tokens(q).filter(function (t) { return /^[0-9]+$/.test(t); })
      .map(function (t) { return String(parseInt(t, 10)); })));
    if (!meta.numbered || !numbers.length) return Promise.resolve([]);
    return Promise.all(numbers.map(function (n) {
      return entryOf(meta.numbered + n).then(function (entry) {
        var ids = [];
        postings(entry, function (id) { if (!scores.has(id) && ids.indexOf(id) < 0) ids.push(id); });
        return Promise.all(ids.slice(0, OFFERED).map(getDoc)).then(function (docs) { return { number: n, docs: docs }; });
      });
    })).then(function (offers) {
      return offers.filter(function (o) { return o.docs.length; });
    }, function () { return []; });
  }
  function drawOffers(offers) {
    offers.forEach(function (o) {
      var p = el("p", null, "Có phải bạn tìm văn bản số " + o.number + "? ");
      o.docs.forEach(function (d, i) {
        if (i) p.appendChild(document.createTextNode(" · "));
        p.appendChild(el("a", { href: SITE + d.u }, d.t));
      });
      also.appendChild(p);
    });
  }

  var marked = [];  // folded words to highlight: the query's own and those of the names it stands for
  function search(q) {
    var ticket = ++run, sel = selected(), typedWords = tokens(q);
    list.setAttribute("aria-busy", "true");
    list.textContent = "";
    also.textContent = "";
    more.hidden = true;
    if (!typedWords.length) {
      status.textContent = "Nhập từ cần tìm.";
      facetsBox.textContent = "";
      filtersBox.hidden = true;
      list.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    status.textContent = "Đang tìm…";
    typed = typedWords.filter(function (t) { return fold(t) !== t; });
    facetsBox.setAttribute("aria-busy", "true");
    var ids = [], folded = [], looked = [];
    return get("meta.json").then(function (m) {
      meta = m;
      looked = terms(q);
      folded = marked = Array.from(new Set(spelled(q).concat(typedWords).map(fold)));
      return match(looked, typed.length > 0);
    }).then(function (scores) {
      if (ticket !== run) return;
      ids = Array.from(scores.keys());
      var filtered = FACETS.some(function (f) { return sel[f[0]].length > 0; });
      return Promise.all([filtered ? facetsFor(ids) : null, numbered(q, scores)]).then(function (done) {
        if (ticket !== run) return;
        current = (filtered ? ids.filter(function (id) { return passes(id, sel, null); }) : ids)
          .sort(function (a, b) {
            var x = scores.get(a), y = scores.get(b);
            return y.tier - x.tier || y.score - x.score || a - b;
          });
        shown = 0;
        drawOffers(done[1]);
        var filters = filtersOn(sel);
        var exact = typed.length ? current.filter(function (id) { return scores.get(id).tier === looked.length; }).length : 0;
        asTyped = exact && exact < current.length ? exact : -1;
        status.textContent = current.length
          ? "Tìm thấy " + current.length + " kết quả cho “" + q + "”" + (filters ? ", lọc theo " + filters : "") + "." +
            (asTyped > 0 ? " Trong đó " + exact + " kết quả đúng dấu như đã gõ, " + (current.length - exact) +
              " kết quả chỉ khớp khi bỏ dấu." : "")
          : "Không tìm thấy kết quả nào cho “" + q + "”" + (filters ? ", lọc theo " + filters : "") + ". Thử bỏ bớt từ" +
            (filters ? " hoặc bỏ chọn bộ lọc." : ".");
        return showMore(folded, ticket);
      });
    }).then(function () {
      if (ticket !== run) return;
      list.setAttribute("aria-busy", "false");
      if (window.performance && performance.mark) performance.mark("kc-results");  // the bench reads what came before
      return facetsFor(ids).then(function () {
        if (ticket !== run) return;
        renderFacets(ids, sel);
        facetsBox.setAttribute("aria-busy", "false");
      });
    }).catch(function (e) {
      status.textContent = "Không tải được dữ liệu tìm kiếm. Hãy thử lại. (" + e.message + ")";
      list.setAttribute("aria-busy", "false");
      facetsBox.setAttribute("aria-busy", "false");
    });
  }

  function submit() {
    var params = new URLSearchParams();
    params.set("q", input.value);
    var sel = selected();
    FACETS.forEach(function (f) { sel[f[0]].forEach(function (v) { params.append(f[0], v); }); });
    history.replaceState(null, "", "?" + params.toString());
    return search(input.value);
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); submit(); });
  more.addEventListener("click", function () { showMore(marked, run); });

  /* A shared address (?q=...&tinh=...) opens with its results and filters. */
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  FACETS.forEach(function (f) {
    params.getAll(f[0]).forEach(function (v) {
      var keep = el("input", { type: "checkbox", name: f[0], value: v, hidden: "" });
      keep.checked = true;
      facetsBox.appendChild(keep);
    });
  });
  if (input.value) search(input.value);
  else if (params.has("q")) input.focus();  // the header's search button on a phone: the box, ready to type in
  window.kcSearch = { search: search, fold: fold, shardOf: shardOf, terms: function (q) { return get("meta.json").then(function (m) { meta = m; return terms(q); }); } };
})();
