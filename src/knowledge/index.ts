export { KnowledgeStore, knowledgeChannel, toEntry, OFFICE_SAMPLES_FILE, type PublishedKnowledge } from './knowledge-store.service';
export { KnowledgeBaseError, loadKnowledgeBase, parseKbFile } from './kb.loader';
export {
  validateEntryFields,
  checkAgainst,
  KbValidationError,
  MIN_QUESTIONS,
  ENTRY_ID,
  MEDIA_IMAGE_TYPES,
  type KbIssue,
  type KbPictures,
  type KbContent,
} from './kb.validation';
export { renderPlaceholders, renderForCitizen, isMissingValue, missingValueKeys, placeholderKeys, loadOfficeValues, flattenConfig } from './placeholders';
export type { KbEntry, KbLink, KbMedia, OfficeValues } from './kb.types';
export { toMarkdown } from './kb.markdown';
export { storedPictures, filePictures, storePicture, storedPicturePath, copyFilePictures, exportPictures } from './kb-pictures';
