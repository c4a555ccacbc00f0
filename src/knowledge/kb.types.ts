/** A link shown under an answer. */
export interface KbLink {
  label: string;
  url: string;
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
  /** Absolute path of the source file, for error messages. */
  file: string;
}

/** Office configuration values, keyed by dotted path (`office.address`). */
export type OfficeValues = Map<string, string>;
