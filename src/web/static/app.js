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

// ---- Crawl run progress (/jobs/runs/ID): polls the run's progress JSON (read from the database, so a run of
// another process shows too) and updates the figures in place; stops once the run has ended.
(function () {
  'use strict';
  var box = document.getElementById('run-progress');
  if (!box || box.getAttribute('data-ended') === 'true') return;
  var url = box.getAttribute('data-progress-url');
  var LABELS = { running: '运行中', finished: '已结束', stalled: '已中断（进程已结束，下次启动时继续）' };
  var STATUS = { ok: '完成', partial: '部分完成', failed: '失败' };
  var INTERVAL_MS = 1500;
  function set(name, text) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) el.textContent = text;
  }
  function errors(byClass) {
    var parts = Object.keys(byClass || {}).map(function (k) {
      return k + ' ' + byClass[k];
    });
    return parts.length ? parts.join('、') : '无';
  }
  function show(p) {
    ['pages', 'done', 'queued', 'failed', 'hits', 'findings'].forEach(function (k) {
      set(k, String(p[k]));
    });
    set('errors', errors(p.errorsByClass));
    set('state', LABELS[p.state] || p.state);
    set('status', p.state === 'finished' ? '（' + (STATUS[p.status] || p.status) + '）' : '');
    // China time, as the server writes it (UTC+8, no daylight saving).
    if (p.finishedAt)
      set('finished', new Date(Date.parse(p.finishedAt) + 8 * 3600000).toISOString().slice(0, 19) + '+08:00');
    set('live', p.ended ? '' : '页面自动更新中…');
    box.setAttribute('data-ended', p.ended ? 'true' : 'false');
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (p) {
        show(p);
        if (!p.ended) setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        set('live', '暂时无法更新，稍后重试… (progress unavailable, retrying)');
        setTimeout(poll, INTERVAL_MS * 4);
      });
  }
  setTimeout(poll, INTERVAL_MS);
})();
