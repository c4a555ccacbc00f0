import type { SparseVector } from './features';

/**
 * Inverted index over the training phrasings' tf-idf vectors. For a query it
 * returns, per label, the cosine similarity of the closest phrasing: a kNN
 * signal that rewards a near-paraphrase even when the linear model is unsure.
 */
export class RetrievalIndex {
  private readonly postings = new Map<number, Array<[doc: number, value: number]>>();
  private readonly docLabel: number[] = [];

  constructor(private readonly labelCount: number) {}

  add(vec: SparseVector, label: number): void {
    const doc = this.docLabel.length;
    this.docLabel.push(label);
    for (let n = 0; n < vec.idx.length; n++) {
      let list = this.postings.get(vec.idx[n]);
      if (!list) {
        list = [];
        this.postings.set(vec.idx[n], list);
      }
      list.push([doc, vec.val[n]]);
    }
  }

  maxSimilarityByLabel(query: SparseVector): Float64Array {
    const dot = new Float64Array(this.docLabel.length);
    for (let n = 0; n < query.idx.length; n++) {
      const list = this.postings.get(query.idx[n]);
      if (!list) continue;
      const q = query.val[n];
      for (const [doc, v] of list) dot[doc] += q * v;
    }
    const best = new Float64Array(this.labelCount);
    for (let d = 0; d < dot.length; d++) {
      const l = this.docLabel[d];
      if (dot[d] > best[l]) best[l] = dot[d];
    }
    return best;
  }
}
