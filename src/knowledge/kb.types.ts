/** A link shown under an answer. */
export interface KbLink {
  label: string;
  url: string;
}

/** A picture (infographic, screenshot of a SIPINTER step) or a tutorial video link under an answer. */
export interface KbMedia {
  type: 'image' | 'video';
  url: string;
  /** Required for images: read aloud by screen readers, sent as the caption. */
  alt?: string;
  title?: string;
}

/** One knowledge-base entry, parsed from `knowledge-base/<id>.md`. */
export interface KbEntry {
  /** Stable id, equal to the file name without `.md` (e.g. `pbg-biaya`). */
  id: string;
  title: string;
  tags: string[];
  /** Example user phrasings (Indonesian and English); the retrieval index is built from these. */
  questions: string[];
  /** Answer in Indonesian; may contain `{{office.*}}` placeholders. */
  answer: string;
  answerEn?: string;
  links: KbLink[];
  /** Ids of related entries, offered as follow-up quick replies. */
  related: string[];
  /** Where the answer comes from (regulations, official pages). */
  sources: string[];
  /** Images and video links, sent with the answer. */
  media?: KbMedia[];
  /** Absolute path of the source file, for error messages. */
  file: string;
}

/** Office configuration values, keyed by dotted path (`office.address`). */
export type OfficeValues = Map<string, string>;
