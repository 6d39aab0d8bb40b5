(function () {
  "use strict";
  var errs = [];
  window.addEventListener("error", function (e) { errs.push(String(e.message)); });
  var PREFIX = "kehoach-review:";
  var FIELDS = ["stt", "name", "lead", "partners", "timeframe", "start", "end"];
  var HEADER = "doc_id,row_id,field,extracted,corrected,reviewer_note";
  var mem = {};
  function lsGet(k) {
    try { return window.localStorage.getItem(k); } catch (e) { return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null; }
  }
  function lsSet(k, v) {
    try { window.localStorage.setItem(k, v); } catch (e) { mem[k] = v; }
  }
  function lsKeys() {
    var out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) { out.push(window.localStorage.key(i)); }
    } catch (e) { out = Object.keys(mem); }
    return out.filter(function (k) { return k && k.indexOf(PREFIX) === 0; }).sort();
  }
  function load(doc) {
    try { var v = JSON.parse(lsGet(PREFIX + doc) || "{}"); return v && typeof v === "object" ? v : {}; } catch (e) { return {}; }
  }
  function save(doc, st) { lsSet(PREFIX + doc, JSON.stringify(st)); }
  function q(v) {
    v = String(v == null ? "" : v);
    return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? "\"" + v.replace(/"/g, "\"\"") + "\"" : v;
  }
  function cmpRow(a, b) {
    var x = a.split("-"), y = b.split("-");
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      var p = x[i] || "", r = y[i] || "", np = Number(p), nr = Number(r);
      if (p === r) { continue; }
      if (p !== "" && r !== "" && isFinite(np) && isFinite(nr)) { return np - nr; }
      return p < r ? -1 : 1;
    }
    return 0;
  }
  function lines(doc, st) {
    var out = [];
    Object.keys(st).sort(cmpRow).forEach(function (rid) {
      var r = st[rid] || {}, orig = r.orig || {}, fields = r.fields || {};
      if (r.verdict === "correct" || r.verdict === "wrong") {
        out.push([doc, rid, "row", orig.name || "", r.verdict, r.note || ""]);
      }
      FIELDS.forEach(function (f) {
        if (Object.prototype.hasOwnProperty.call(fields, f) && fields[f] !== orig[f]) {
          out.push([doc, rid, f, orig[f] || "", fields[f], r.note || ""]);
        }
      });
    });
    return out;
  }
  function csv(rows) {
    return [HEADER].concat(rows.map(function (r) { return r.map(q).join(","); })).join("\r\n") + "\r\n";
  }
  function download(text) {
    var blob = new Blob(["\ufeff" + text], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "corrections.csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function boxOf(el) {
    var b = (el.getAttribute("data-box") || "").split(",").map(Number);
    return b.length === 4 && b.every(isFinite) ? b : null;
  }
  function fig(table, page) {
    return document.querySelector("figure.pg[data-table=\"" + table + "\"][data-page=\"" + page + "\"]");
  }
  function place(o, b) {
    o.style.left = b[0] + "%"; o.style.top = b[1] + "%";
    o.style.width = b[2] + "%"; o.style.height = b[3] + "%";
    o.style.display = "block";
  }
  function hide(sel) {
    [].forEach.call(document.querySelectorAll(sel), function (o) { o.style.display = "none"; });
  }
  function show(tr, scroll) {
    hide(".ol"); hide(".olc");
    var b = boxOf(tr), f = fig(tr.getAttribute("data-table"), tr.getAttribute("data-page"));
    if (!b || !f) { return null; }
    var o = f.querySelector(".ol");
    place(o, b);
    if (scroll && f.parentElement) { f.parentElement.scrollTop = Math.max(0, f.offsetTop + o.offsetTop - 40); }
    return o;
  }
  function showCell(tr, td) {
    hide(".olc");
    var b = boxOf(td), f = fig(tr.getAttribute("data-table"), td.getAttribute("data-cpage"));
    if (b && f) { place(f.querySelector(".olc"), b); }
  }
  var body = document.body, doc = body.getAttribute("data-doc"), st = {}, counter = document.getElementById("edits");
  function count(n) { if (counter) { counter.textContent = n ? n + " chỉnh sửa chưa xuất" : ""; } }
  function rowState(tr) {
    var rid = tr.getAttribute("data-row"), r = st[rid];
    if (!r) {
      r = { fields: {}, orig: {}, verdict: "", note: "" };
      [].forEach.call(tr.querySelectorAll("td.c"), function (td) { r.orig[td.getAttribute("data-f")] = td.getAttribute("data-orig"); });
      st[rid] = r;
    }
    return r;
  }
  function commit(tr) {
    var rid = tr.getAttribute("data-row"), r = st[rid];
    if (r && !Object.keys(r.fields).length && !r.verdict && !r.note) { delete st[rid]; }
    save(doc, st);
    count(lines(doc, st).length);
  }
  function edit(td) {
    var tr = td.parentElement, r = rowState(tr), f = td.getAttribute("data-f"), v = td.textContent;
    if (v === td.getAttribute("data-orig")) { delete r.fields[f]; } else { r.fields[f] = v; }
    td.classList.toggle("edited", v !== td.getAttribute("data-orig"));
    commit(tr);
  }
  function verdict(tr, v) {
    var r = rowState(tr);
    r.verdict = r.verdict === v ? "" : v;
    tr.classList.toggle("v-correct", r.verdict === "correct");
    tr.classList.toggle("v-wrong", r.verdict === "wrong");
    tr.querySelector("button.ok").classList.toggle("on", r.verdict === "correct");
    tr.querySelector("button.bad").classList.toggle("on", r.verdict === "wrong");
    commit(tr);
  }
  var rows = [].slice.call(document.querySelectorAll("tr.row"));
  if (doc) {
    st = load(doc);
    rows.forEach(function (tr) {
      var r = st[tr.getAttribute("data-row")];
      if (r) {
        [].forEach.call(tr.querySelectorAll("td.c"), function (td) {
          var f = td.getAttribute("data-f");
          if (r.fields && Object.prototype.hasOwnProperty.call(r.fields, f)) { td.textContent = r.fields[f]; td.classList.add("edited"); }
        });
        tr.classList.toggle("v-correct", r.verdict === "correct");
        tr.classList.toggle("v-wrong", r.verdict === "wrong");
        tr.querySelector("button.ok").classList.toggle("on", r.verdict === "correct");
        tr.querySelector("button.bad").classList.toggle("on", r.verdict === "wrong");
        tr.querySelector("input.rnote").value = r.note || "";
      }
      tr.addEventListener("mouseenter", function () { show(tr, false); });
      tr.addEventListener("click", function (e) {
        rows.forEach(function (x) { x.classList.remove("sel"); });
        tr.classList.add("sel");
        show(tr, true);
        var td = e.target && e.target.closest ? e.target.closest("td.c") : null;
        if (td) { showCell(tr, td); }
      });
      [].forEach.call(tr.querySelectorAll("td.c"), function (td) {
        td.addEventListener("input", function () { edit(td); });
        td.addEventListener("mouseenter", function () { showCell(tr, td); });
      });
      tr.querySelector("button.ok").addEventListener("click", function (e) { e.stopPropagation(); verdict(tr, "correct"); });
      tr.querySelector("button.bad").addEventListener("click", function (e) { e.stopPropagation(); verdict(tr, "wrong"); });
      var note = tr.querySelector("input.rnote");
      note.addEventListener("click", function (e) { e.stopPropagation(); });
      note.addEventListener("input", function () { rowState(tr).note = note.value; commit(tr); });
    });
    var only = document.getElementById("only-flagged");
    if (only) { only.addEventListener("change", function () { body.classList.toggle("only-flagged", only.checked); }); }
    var exp = document.getElementById("export");
    if (exp) { exp.addEventListener("click", function () { download(csv(lines(doc, st))); }); }
    count(lines(doc, st).length);
  }
  function allLines() {
    var out = [];
    lsKeys().forEach(function (k) { out = out.concat(lines(k.slice(PREFIX.length), load(k.slice(PREFIX.length)))); });
    return out;
  }
  var expAll = document.getElementById("export-all");
  if (expAll) {
    expAll.addEventListener("click", function () { download(csv(allLines())); });
    count(allLines().length);
  }
  function selftest() {
    var r = { page: doc ? "doc" : "index" };
    if (doc) {
      r.rows = rows.map(function (tr) { return tr.getAttribute("data-row"); });
      r.with_box = 0; r.outlined = 0; r.outside = 0; r.no_figure = 0;
      rows.forEach(function (tr) {
        if (!boxOf(tr)) { return; }
        r.with_box++;
        var o = show(tr, false);
        if (!o) { r.no_figure++; return; }
        var img = o.parentElement.querySelector("img").getBoundingClientRect(), b = o.getBoundingClientRect();
        if (b.width > 0 && b.height > 0 && b.left >= img.left - 1 && b.top >= img.top - 1 && b.right <= img.right + 1 && b.bottom <= img.bottom + 1) { r.outlined++; } else { r.outside++; }
      });
      hide(".ol");
      var first = rows.filter(function (tr) { return boxOf(tr); })[0];
      if (first) {
        first.click();
        var shown = [].filter.call(document.querySelectorAll(".ol"), function (o) { return window.getComputedStyle(o).display === "block"; });
        r.click_outline = shown.length;
      }
      var only = document.getElementById("only-flagged");
      if (only) {
        var visible = function () { return rows.filter(function (tr) { return tr.offsetParent !== null; }); };
        r.flagged = rows.filter(function (tr) { return tr.classList.contains("flagged"); }).length;
        only.click();
        var v = visible();
        r.filter_visible = v.length;
        r.filter_visible_unflagged = v.filter(function (tr) { return !tr.classList.contains("flagged"); }).length;
        only.click();
        r.unfiltered_visible = visible().length;
      }
      if (rows.length) {
        var td = rows[0].querySelector("td.c[data-f=\"name\"]");
        td.textContent = td.getAttribute("data-orig") + " (đã sửa, \"kiểm tra\")";
        td.dispatchEvent(new Event("input", { bubbles: true }));
        if (rows[1]) { rows[1].querySelector("button.bad").click(); }
        r.csv = csv(lines(doc, st));
      }
    } else {
      r.docs = document.querySelectorAll("table.docs tbody tr").length;
      r.links = [].map.call(document.querySelectorAll("table.docs a"), function (a) { return a.getAttribute("href"); });
      r.csv = csv(allLines());
    }
    r.ms = Math.round(performance.now());
    r.errors = errs;
    var pre = document.getElementById("selftest");
    pre.textContent = JSON.stringify(r);
    pre.hidden = false;
  }
  var want = /^#row=(.+)$/.exec(window.location.hash);
  if (want) {
    var sel = rows.filter(function (tr) { return tr.getAttribute("data-row") === decodeURIComponent(want[1]); })[0];
    if (sel) { sel.click(); }
  }
  if (window.location.hash === "#selftest") {
    try { selftest(); } catch (e) { errs.push(String(e)); document.getElementById("selftest").textContent = JSON.stringify({ errors: errs }); }
  }
})();
