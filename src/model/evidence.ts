/** Kinds of artefact captured for a listing (domain.md §9.3). */
export const EVIDENCE_KINDS = ['html', 'screenshot', 'headers', 'warc', 'image', 'manifest'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One captured artefact, stored content-addressed by its SHA-256 under the data directory. */
export interface Evidence {
  id: number;
  platform: string;
  listingId: string;
  kind: EvidenceKind;
  url: string;
  /** Hex SHA-256 of the stored bytes (before compression, if any). */
  sha256: string;
  /** Path relative to the data directory. */
  path: string;
  bytes: number;
  contentType: string;
  /** UTC ISO time of capture. */
  capturedAt: string;
}
