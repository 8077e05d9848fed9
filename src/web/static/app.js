// markwatch web: keyboard shortcuts for the review queue and the lead list (served as a file: the CSP allows
// no inline script). j/k move, x selects, Enter opens, c confirms, d dismisses, ? toggles the help.
(function () {
  'use strict';
  var current = -1;
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
  }
  function focusRow(i) {
    var list = rows();
    if (list.length === 0) return;
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (r, k) {
      r.classList.toggle('current', k === current);
    });
    list[current].scrollIntoView({ block: 'nearest' });
  }
  function selectedOrCurrent() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('tr[data-row] input[type=checkbox]'));
    var any = boxes.some(function (b) {
      return b.checked;
    });
    if (!any && current >= 0 && boxes[current]) boxes[current].checked = true;
    return any || current >= 0;
  }
  function submitBulk(action) {
    var form = document.getElementById('bulk');
    if (!form || !selectedOrCurrent()) return;
    var input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'action';
    input.value = action;
    form.appendChild(input);
    form.submit();
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var help = document.getElementById('help');
    if (e.key === '?') {
      if (help) help.hidden = !help.hidden;
    } else if (e.key === 'j') {
      focusRow(current + 1);
    } else if (e.key === 'k') {
      focusRow(current - 1);
    } else if (e.key === 'x' && current >= 0) {
      var box = rows()[current].querySelector('input[type=checkbox]');
      if (box) box.checked = !box.checked;
    } else if (e.key === 'Enter' && current >= 0) {
      var link = rows()[current].querySelector('a[data-open]');
      if (link) link.click();
    } else if (e.key === 'c') {
      if (document.getElementById('bulk')) submitBulk('confirm');
      else if (document.getElementById('confirm')) document.getElementById('confirm').click();
    } else if (e.key === 'd') {
      if (document.getElementById('bulk')) submitBulk('dismiss');
      else if (document.getElementById('dismiss-reason')) document.getElementById('dismiss-reason').focus();
    } else {
      return;
    }
    e.preventDefault();
  });
})();
