export {
  buildLeadPackage,
  type LeadPackage,
  type LeadPackageDeps,
  type PackageDocumentsInput,
  type RenderDocuments,
} from './leadPackage.js';
export {
  exportLeadPackages,
  leadPackagesStream,
  UnknownLeadError,
  type ExportSummary,
} from './bulkExport.js';
export { verifyPackage, type PackageReport, type VerifyProblem } from './verifyPackage.js';
export {
  packageEnvironment,
  probeBrowserVersion,
  type LeadManifest,
  type PackageEnvironment,
} from './manifest.js';
export type { LeadMaterial, PackageStore, ProofOfRightLookup, RightSnapshot } from './leadMaterial.js';
export { safeArchivePath, safeSegment, leadFolderName } from './safePath.js';
export {
  findPackageRecords,
  recordExport,
  recordPackageExport,
  PACKAGE_SUBJECT,
  type DigestRecord,
} from './exportRecord.js';
