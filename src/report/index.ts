/**
 * report — every form a result is rendered in (DESIGN.md "report"): terminal
 * table, HTML page, Markdown summary, chart images, SMP export. One module per form, all over
 * the one `ResultRecord`.
 */
export { renderTerminal } from './terminal.js';
export { reportCharts, type Chart } from './charts/index.js';
export { renderHtml, type HtmlOptions } from './html.js';
export { renderMarkdown, type ChartLink } from './markdown.js';
export { renderSvg, svgToPng } from './images.js';
export { toSmp, SMP_VERSION, type SmpExport, type SmpPerformanceTestResult } from './smp.js';
export { writeReport, type WriteReportOptions, type WrittenReport } from './write-report.js';
export { verdictStatement, explainFlag, type VerdictStatement } from './words.js';
export { probePointsFromSeries, PROBE_SIGNALS, type ProbePoint, type ProbeSignal, type ReportProbes, type SidecarCost } from './probes.js';
