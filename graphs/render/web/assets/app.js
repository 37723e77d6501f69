// policygraph's web pages: sortable tables and the as-of control. Loaded as a
// file (the Content-Security-Policy forbids inline scripts); no eval.
(function () {
  'use strict';

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var key = cell.getAttribute('data-sort');
    return key !== null ? key : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== '' && b !== '' && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, 'zh-CN');
  }

  function sortBy(table, th, index) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = !th.classList.contains('sorted-asc');
    Array.prototype.forEach.call(th.parentNode.cells, function (c) {
      c.classList.remove('sorted-asc', 'sorted-desc');
    });
    th.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var d = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('table'), function (table) {
      if (!table.tHead) return;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        th.addEventListener('click', function () { sortBy(table, th, index); });
      });
    });
    // Changing the date shows the same page as of that day.
    var asof = document.getElementById('asof');
    var form = document.getElementById('asof-form');
    if (asof && form) {
      asof.addEventListener('change', function () {
        if (asof.value) form.submit();
      });
    }
  });
})();
