import type { SparseVector } from './features';

interface Posting {
  docs: Int32Array;
  vals: Float32Array;
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
  private postings: Array<Posting | undefined> | null = null;
  private dot = new Float64Array(0);
  private touched = new Int32Array(0);
  private labels = new Int32Array(0);

  constructor(private readonly labelCount: number) {}

  add(vec: SparseVector, label: number): void {
    const doc = this.docLabel.length;
    this.docLabel.push(label);
    this.postings = null;
    for (let n = 0; n < vec.idx.length; n++) {
      let list = this.building.get(vec.idx[n]);
      if (!list) {
        list = [];
        this.building.set(vec.idx[n], list);
      }
      list.push([doc, vec.val[n]]);
    }
  }

  private freeze(): Array<Posting | undefined> {
    let max = -1;
    for (const id of this.building.keys()) if (id > max) max = id;
    const postings = new Array<Posting | undefined>(max + 1);
    for (const [id, list] of this.building) {
      postings[id] = { docs: Int32Array.from(list, (x) => x[0]), vals: Float32Array.from(list, (x) => x[1]) };
    }
    this.dot = new Float64Array(this.docLabel.length);
    this.touched = new Int32Array(this.docLabel.length);
    this.labels = Int32Array.from(this.docLabel);
    this.postings = postings;
    return postings;
  }

  maxSimilarityByLabel(query: SparseVector): Float64Array {
    const postings = this.postings ?? this.freeze();
    const { dot, touched, labels } = this;
    let nTouched = 0;
    for (let n = 0; n < query.idx.length; n++) {
      const p = postings[query.idx[n]];
      if (!p) continue;
      const q = query.val[n];
      const { docs, vals } = p;
      for (let j = 0; j < docs.length; j++) {
        const d = docs[j];
        if (dot[d] === 0) touched[nTouched++] = d;
        dot[d] += q * vals[j];
      }
    }
    const best = new Float64Array(this.labelCount);
    for (let t = 0; t < nTouched; t++) {
      const d = touched[t];
      const l = labels[d];
      if (dot[d] > best[l]) best[l] = dot[d];
      dot[d] = 0;
    }
    return best;
  }
}
