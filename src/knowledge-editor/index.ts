export { KnowledgeEditorService, type ImportOutcome } from './knowledge-editor.service';
export { KnowledgeAnnouncer } from './knowledge-announcer';
