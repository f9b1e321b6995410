/** The page's own CSS and script (inlined; the page loads nothing from elsewhere). */

export const PAGE_STYLE = `
:root { --ink: #1d1d1f; --muted: #555; --line: #ddd; --pass: #1b5e20; --pass-bg: #e8f5e9; --fail: #b71c1c; --fail-bg: #ffebee; --inc: #7a4f00; --inc-bg: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fafafa; font: 15px/1.5 "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 28px; margin: 4px 0 2px; }
h2 { font-size: 20px; margin: 32px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .02em; }
.lede { margin: 0 0 16px; color: var(--muted); }
.warning { background: var(--inc-bg); color: var(--inc); padding: 8px 12px; border-radius: 6px; }
.verdict { padding: 16px 22px; border-radius: 10px; border: 2px solid; }
.verdict-line { margin: 0 0 8px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; }
.verdict-pass { background: var(--pass-bg); border-color: var(--pass); }
.verdict-fail { background: var(--fail-bg); border-color: var(--fail); }
.verdict-inconclusive { background: var(--inc-bg); border-color: var(--inc); }
.verdict-word { font-size: 30px; font-weight: 700; letter-spacing: .03em; }
.verdict-pass .verdict-word { color: var(--pass); }
.verdict-fail .verdict-word { color: var(--fail); }
.verdict-inconclusive .verdict-word { color: var(--inc); }
.verdict .headline { font-size: 19px; font-weight: 600; }
.verdict ul { margin: 6px 0; padding-left: 20px; }
.verdict li { margin: 4px 0; }
.advice { color: var(--muted); font-style: italic; }
.verdict .costs { margin: 8px 0 4px; }
.how, .note { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; margin: 8px 0; }
table.summary { width: 100%; font-variant-numeric: tabular-nums; }
table.summary caption { text-align: left; font-weight: 600; padding: 6px 0; }
table.summary th, table.summary td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: right; }
table.summary th[scope=row], table.summary thead th:first-child { text-align: left; }
table.summary thead th { font-weight: 600; font-size: 13px; color: var(--muted); }
td.tax { font-weight: 700; }
table.side-by-side td.setup, table.side-by-side thead th:nth-child(2) { text-align: left; max-width: 24em; font-size: 13px; }
table.side-by-side td.figure { white-space: nowrap; }
table.side-by-side .reading { display: block; font-size: 12px; color: var(--muted); }
table.side-by-side tr:not(.group-start) > * { border-top: none; }
table.side-by-side tr.group-start > * { border-top: 2px solid var(--line); }
.capacity-answer { font-size: 17px; font-weight: 600; padding: 12px 18px; border-left: 5px solid var(--pass); background: #f4f9f4; border-radius: 4px; }
.capacity-answer.state-none-within-budget { border-left-color: var(--fail); background: var(--fail-bg); }
/* Neither the node's pass nor its fail: the measurement gave no answer. */
.capacity-answer.state-measurement-failed { border-left-color: #6b6b6b; background: repeating-linear-gradient(135deg, #f2f2f2, #f2f2f2 8px, #e8e8e8 8px, #e8e8e8 16px); }
tr.state-measurement-failed td.tax { color: #6b6b6b; font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 700; }
.badge-pass { background: var(--pass-bg); color: var(--pass); }
.badge-fail { background: var(--fail-bg); color: var(--fail); }
.badge-inconclusive { background: var(--inc-bg); color: var(--inc); }
ul.flags { margin: 4px 0 18px; color: var(--muted); font-size: 13px; }
figure.chart { margin: 18px 0 30px; }
.chart-view { overflow-x: auto; min-height: 40px; }
figcaption { color: var(--muted); font-size: 13px; max-width: 820px; }
ul.checks { list-style: none; padding: 0; }
ul.checks li { margin: 4px 0; }
ul.checks .mark { display: inline-block; width: 1.4em; font-weight: 700; }
ul.checks .pass .mark { color: var(--pass); }
ul.checks .fail .mark { color: var(--fail); }
table.details th { text-align: left; vertical-align: top; padding: 4px 16px 4px 0; color: var(--muted); font-weight: 600; white-space: nowrap; }
table.details td { padding: 4px 0; font-size: 14px; }
`;

/** Draws each chart from the compiled Vega specs; marks containers `data-rendered` for tests. */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  function fail(el, id, message) {
    el.setAttribute('data-rendered', 'error');
    el.textContent = 'This chart could not be drawn: ' + message;
    console.error('chart ' + id + ': ' + message);
  }
  var pending = Object.keys(specs).map(function (id) {
    var el = document.getElementById('chart-' + id);
    if (typeof vega === 'undefined') { fail(el, id, 'the vega runtime did not load'); return Promise.resolve(); }
    try {
      var view = new vega.View(vega.parse(specs[id]), { renderer: 'svg', container: el, hover: true });
      return view.runAsync().then(
        function () { el.setAttribute('data-rendered', 'true'); },
        function (err) { fail(el, id, String(err && err.message || err)); }
      );
    } catch (err) { fail(el, id, String(err && err.message || err)); return Promise.resolve(); }
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-charts', 'done'); });
})();
`;
