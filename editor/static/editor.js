// newsbridge editors' workspace: keyboard navigation between segments and
// saving without a reload. Every screen works without this script: the
// forms post as they are when it does not run.
(function () {
  'use strict';
  var segs = Array.prototype.slice.call(document.querySelectorAll('.seg'));
  if (!segs.length) return;
  var live = document.getElementById('live');
  var cur = -1;

  function say(msg) { if (live) live.textContent = msg; }

  function go(i) {
    if (i < 0 || i >= segs.length) return;
    if (cur >= 0) segs[cur].classList.remove('current');
    cur = i;
    segs[cur].classList.add('current');
    segs[cur].focus();
    segs[cur].scrollIntoView({ block: 'nearest' });
  }

  function indexOf(el) {
    var s = el.closest ? el.closest('.seg') : null;
    return s ? segs.indexOf(s) : -1;
  }

  function save(form) {
    var ta = form.querySelector('textarea');
    var body = new URLSearchParams(new FormData(form));
    say('Saving…');
    return fetch(form.action, {
      method: 'POST', body: body, credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    }).then(function (res) {
      return res.json().then(function (a) { return { status: res.status, a: a }; });
    }).then(function (r) {
      var seg = form.closest('.seg');
      if (r.status === 200) {
        form.querySelector('input[name=base]').value = r.a.segment.target;
        ta.value = r.a.segment.target;
        seg.classList.remove('flagged', 'conflict');
        var flags = seg.querySelector('.flags');
        if (flags) flags.remove();
        var prov = seg.querySelector('.prov');
        if (prov) prov.textContent = 'editor · by ' + (r.a.segment.editor || '');
        var old = seg.querySelector('.both');
        if (old) old.remove();
        say(r.a.message);
        return;
      }
      if (r.status === 409 && typeof r.a.current === 'string') {
        // Show both texts; the editor's stays in the box, nothing is lost.
        seg.classList.add('conflict');
        var box = seg.querySelector('.both') || document.createElement('div');
        box.className = 'both';
        box.setAttribute('role', 'alert');
        box.textContent = '';
        var p1 = document.createElement('p');
        p1.textContent = 'Someone else saved this segment since you opened it. Their text, now on the site:';
        var q = document.createElement('blockquote');
        q.textContent = r.a.current;
        q.setAttribute('dir', ta.getAttribute('dir') || 'auto');
        var p2 = document.createElement('p');
        p2.textContent = 'Your text is in the box above. Save again to replace theirs with yours.';
        box.append(p1, q, p2);
        ta.after(box);
        form.querySelector('input[name=base]').value = r.a.current;
        say(r.a.message);
        return;
      }
      say(r.a.message || 'Not saved.');
    }).catch(function () {
      form.submit(); // no answer we understand: post the form as it is
    });
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.matches || !form.matches('.seg form.tgt')) return;
    e.preventDefault();
    save(form);
  });

  document.addEventListener('keydown', function (e) {
    var t = e.target;
    var inText = t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT');
    if (inText && t.tagName === 'TEXTAREA' && t.closest('.seg')) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        save(t.form).then(function () { go(indexOf(t)); });
      } else if (e.key === 'Escape') {
        e.preventDefault();
        go(indexOf(t));
      }
      return;
    }
    if (inText || e.altKey || e.ctrlKey || e.metaKey) return;
    var i = indexOf(t);
    if (e.key === 'j' || e.key === 'ArrowDown') {
      e.preventDefault();
      go(i < 0 ? (cur < 0 ? 0 : cur + 1) : i + 1);
    } else if (e.key === 'k' || e.key === 'ArrowUp') {
      e.preventDefault();
      go(i < 0 ? Math.max(cur - 1, 0) : i - 1);
    } else if (e.key === 'Enter' && i >= 0 && t === segs[i]) {
      e.preventDefault();
      var ta = segs[i].querySelector('textarea');
      ta.focus();
      ta.setSelectionRange(ta.value.length, ta.value.length);
    }
  });
})();
