import type { SparseVector } from './features';

/** A frozen index in flat form: CSR postings and each document's label. */
export interface RetrievalIndexData {
  labelCount: number;
  start: Int32Array;
  docs: Int32Array;
  vals: Float32Array;
  labels: Int32Array;
}

/**
 * Inverted index over the training phrasings' tf-idf vectors. For a query it
 * returns, per label, the cosine similarity of the closest phrasing: a kNN
 * signal that rewards a near-paraphrase even when the linear model is unsure.
 * Postings are frozen into typed arrays on the first query and the score
 * buffer is reused: this is the classifier's hot loop.
 */
export class RetrievalIndex {
  private readonly building = new Map<number, Array<[doc: number, value: number]>>();
  private readonly docLabel: number[] = [];
  /** Postings in CSR form: feature f's docs are docs[start[f]..start[f+1]). Flat typed arrays, no holes. */
  private start: Int32Array | null = null;
  private docs: Int32Array = new Int32Array(0);
  private vals: Float32Array = new Float32Array(0);
  private dot: Float64Array = new Float64Array(0);
  private labels: Int32Array = new Int32Array(0);
  private best: Float64Array = new Float64Array(0);

  constructor(private readonly labelCount: number) {}

  /** Restores a frozen index saved by `toData` (engine-cache.ts). */
  static fromData(data: RetrievalIndexData): RetrievalIndex {
    const out = new RetrievalIndex(data.labelCount);
    out.docLabel.push(...data.labels);
    out.docs = data.docs;
    out.vals = data.vals;
    out.labels = data.labels;
    out.dot = new Float64Array(data.labels.length);
    out.start = data.start;
    return out;
  }

  toData(): RetrievalIndexData {
    const start = this.start ?? this.freeze();
    return { labelCount: this.labelCount, start, docs: this.docs, vals: this.vals, labels: this.labels };
  }

  add(vec: SparseVector, label: number): void {
    const doc = this.docLabel.length;
    this.docLabel.push(label);
    this.start = null;
    for (let n = 0; n < vec.idx.length; n++) {
      let list = this.building.get(vec.idx[n]);
      if (!list) {
        list = [];
        this.building.set(vec.idx[n], list);
      }
      list.push([doc, vec.val[n]]);
    }
  }

  private freeze(): Int32Array {
    let max = -1;
    let total = 0;
    for (const [id, list] of this.building) {
      if (id > max) max = id;
      total += list.length;
    }
    const start = new Int32Array(max + 2);
    for (const [id, list] of this.building) start[id + 1] = list.length;
    for (let f = 0; f <= max; f++) start[f + 1] += start[f];
    this.docs = new Int32Array(total);
    this.vals = new Float32Array(total);
    for (const [id, list] of this.building) {
      list.forEach(([d, v], j) => {
        this.docs[start[id] + j] = d;
        this.vals[start[id] + j] = v;
      });
    }
    this.dot = new Float64Array(this.docLabel.length);
    this.labels = Int32Array.from(this.docLabel);
    this.start = start;
    return start;
  }

  /** Per label, the best cosine similarity of its phrasings; the buffer is reused by the next call. */
  maxSimilarityByLabel(query: SparseVector): Float64Array {
    const start = this.start ?? this.freeze();
    const { dot, labels, docs, vals } = this;
    const features = start.length - 1;
    // No "was this document touched" test in the inner loop: a query touches
    // most of the ~1k documents through its common character trigrams anyway,
    // so one pass over all of them afterwards is cheaper than a branch per
    // posting. Each document's sum is added in the same order as before.
    for (let n = 0; n < query.idx.length; n++) {
      const f = query.idx[n];
      if (f >= features) continue;
      const q = query.val[n];
      for (let j = start[f], end = start[f + 1]; j < end; j++) dot[docs[j]] += q * vals[j];
    }
    // Reused: the caller reads it before the next query.
    if (this.best.length !== this.labelCount) this.best = new Float64Array(this.labelCount);
    const best = this.best;
    best.fill(0);
    for (let d = 0; d < dot.length; d++) {
      const l = labels[d];
      if (dot[d] > best[l]) best[l] = dot[d];
      dot[d] = 0;
    }
    return best;
  }
}
