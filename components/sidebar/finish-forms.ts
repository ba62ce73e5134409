/**
 * The finishing forms, loaded apart from the sidebar: most sidebars in most CRM tabs never open
 * one, so their code is fetched only when a person goes for a "Close / Reopen / Root cause" button.
 */
export { CloseLoopForm } from './CloseLoopForm';
export { ReopenLoopForm } from './ReopenLoopForm';
export { RootCauseForm } from './RootCauseForm';
