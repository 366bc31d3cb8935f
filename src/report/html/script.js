// reportlint HTML review report: sorting and filtering the overview, and
// showing a finding's message and help when it or its mark is clicked.
// Everything works from the page itself: no network, no libraries.
(function () {
  'use strict';
  var d = document;

  // --- Overview: filter by issuer, severity, rule and text; sort by column.
  var table = d.getElementById('matrix');
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var get = function (id) { return d.getElementById(id); };
    var issuer = get('f-issuer'), sev = get('f-sev'), rule = get('f-rule'),
      text = get('f-text'), shown = get('shown');
    var has = function (r, key) { return +r.getAttribute('data-' + key) > 0; };
    var apply = function () {
      var n = 0;
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], ok = true;
        if (issuer.value && r.getAttribute('data-issuer') !== issuer.value) ok = false;
        if (ok && sev.value) {
          var failed = r.hasAttribute('data-failed');
          if (sev.value === 'failed') ok = failed;
          else if (sev.value === 'clean') ok = !failed && !has(r, 'e') && !has(r, 'w') && !has(r, 'i');
          else if (sev.value === 'missing') ok = has(r, 'm');
          else ok = has(r, sev.value);
        }
        if (ok && rule.value) {
          ok = (' ' + r.getAttribute('data-rules') + ' ').indexOf(' ' + rule.value + ' ') >= 0;
        }
        if (ok && text.value) ok = r.textContent.indexOf(text.value.trim()) >= 0;
        r.hidden = !ok;
        if (ok) n++;
      }
      shown.textContent = n;
    };
    [issuer, sev, rule].forEach(function (e) { e.addEventListener('change', apply); });
    text.addEventListener('input', apply);
    // A rule in the rule table filters the matrix by it.
    Array.prototype.forEach.call(d.querySelectorAll('tr[data-pick]'), function (tr) {
      tr.addEventListener('click', function () {
        rule.value = tr.getAttribute('data-pick');
        apply();
        table.scrollIntoView();
      });
    });
    var rank = { '✔': 1, '!': 2, '?': 3, '✘': 4, '—': 0 };
    var key = function (cell) {
      var t = cell ? cell.textContent.trim() : '';
      if (t in rank) return rank[t];
      var v = parseFloat(t);
      return isNaN(v) || String(v) !== t ? t : v;
    };
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
          c.removeAttribute('aria-sort');
        });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var keyed = rows.map(function (r, i) { return [key(r.cells[col]), i, r]; });
        keyed.sort(function (a, b) {
          var x = a[0], y = b[0], c;
          if (typeof x === typeof y) c = x < y ? -1 : x > y ? 1 : 0;
          else c = typeof x === 'number' ? -1 : 1;
          return (up ? c : -c) || a[1] - b[1];
        });
        var frag = d.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k[2]); });
        body.appendChild(frag);
      });
    });
  }

  // --- Reports: a click on a mark shows its findings; a click on a finding
  // shows its details and the place in the text.
  var pop = d.getElementById('pop');
  var popBody = pop && pop.querySelector('.pop-body');
  var show = function (section, numbers) {
    if (!pop) return;
    popBody.textContent = '';
    numbers.forEach(function (n) {
      var li = d.getElementById(section.id + '-f' + n);
      if (!li) return;
      var item = d.createElement('div');
      item.className = 'pop-item ' + li.className.replace('finding', '').replace('open', '');
      item.appendChild(li.querySelector('.head').cloneNode(true));
      item.appendChild(li.querySelector('.more').cloneNode(true));
      popBody.appendChild(item);
    });
    pop.hidden = false;
  };
  var flash = function (marks) {
    Array.prototype.forEach.call(d.querySelectorAll('mark.flash'), function (m) {
      m.classList.remove('flash');
    });
    Array.prototype.forEach.call(marks, function (m) { m.classList.add('flash'); });
  };
  d.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    if (t.closest('.pop .close')) { pop.hidden = true; return; }
    var mark = t.closest('mark[data-f]');
    if (mark) {
      var numbers = mark.getAttribute('data-f').split(' ');
      var section = mark.closest('section.report');
      show(section, numbers);
      flash(section.querySelectorAll('mark[data-f~="' + numbers[0] + '"]'));
      return;
    }
    var head = t.closest('li.finding > .head');
    if (head) {
      var li2 = head.parentNode;
      var sec = li2.closest('section.report');
      var n2 = li2.getAttribute('data-f');
      li2.classList.toggle('open');
      var marks = sec.querySelectorAll('mark[data-f~="' + n2 + '"]');
      flash(marks);
      show(sec, [n2]);
      if (marks.length) marks[0].scrollIntoView({ block: 'center' });
      return;
    }
    if (pop && !t.closest('.pop')) pop.hidden = true;
  });
  d.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && pop) pop.hidden = true;
    var t = ev.target;
    if (ev.key === 'Enter' && t instanceof Element && t.matches('.head, mark[data-f]')) t.click();
  });
})();
