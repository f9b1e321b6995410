export { sideBySide, SIDE_BY_SIDE_SEED, type Reading, type ScenarioEntry, type SideBySide, type SideBySideInput, type SideBySideOptions, type SideBySideRow, type Versus } from './model.js';
export { sidecarSetup, type SidecarSetup } from './sidecars.js';
export { renderSideBySideTerminal } from './terminal.js';
export { renderSideBySideMarkdown } from './markdown.js';
export { renderSideBySideHtml } from './html.js';
export { writeSideBySide, type WrittenSideBySide } from './write.js';
