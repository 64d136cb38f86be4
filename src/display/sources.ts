/**
 * The source documents the workbench checks (the seeds in ../shared/seeds/), by id.
 * A claim names its document by id (`paper: { document: "001", ... }`); the claims report groups
 * by document and shows the title. Ids are the seed files' numeric prefixes.
 */
export interface SourceDocument {
  /** Seed id, the file name's prefix: "000" .. "004". */
  readonly id: string;
  /** Seed file name in shared/seeds/. */
  readonly file: string;
  readonly title: string;
  readonly authors: string;
  /** Where it appeared (venue, arXiv id), as far as known. */
  readonly reference: string;
}

export const SOURCE_DOCUMENTS: Readonly<Record<string, SourceDocument>> = Object.freeze({
  "000": { id: "000", file: "000_57cd1d1a06d681f5.txt", title: "Asymptotic Singular Value Distribution of Linear Convolutional Layers", authors: "X. Yi", reference: "arXiv 2006.07117" },
  "001": { id: "001", file: "001_5d0f38337bbe6085.txt", title: "Energy Propagation in Deep Convolutional Neural Networks", authors: "T. Wiatowski, P. Grohs, H. Bölcskei", reference: "IEEE Trans. IT 2018, arXiv 1704.03636" },
  "002": { id: "002", file: "002_0281dcf402f9b3e2.txt", title: "On the Spectral Bias of Convolutional Neural Tangent and Gaussian Process Kernels", authors: "A. Geifman, M. Galun, D. Jacobs, R. Basri", reference: "NeurIPS 2022, arXiv 2203.09255" },
  "003": { id: "003", file: "003_da282f1eb7ef490e.txt", title: "Parametric Models (lecture, Numerical Methods for Deep Learning)", authors: "lecture notes", reference: "lecture" },
  "004": { id: "004", file: "004_76ccaf9badabf093.txt", title: "Explaining Representation Bottlenecks of Convolutional Decoder Networks", authors: "Tang, Shen, Zhou, Chen, Zhang", reference: "ICLR 2023 submission; ICML 2023, arXiv 2210.09020" },
});

/** Ids of {@link SOURCE_DOCUMENTS}, in order. */
export const SOURCE_DOCUMENT_IDS: readonly string[] = Object.freeze(Object.keys(SOURCE_DOCUMENTS).sort());
