/** The three imitated platforms: the one list lives in the model (the default crawl job names them too). */
export {
  SAMPLE_PLATFORMS as PLATFORMS,
  isSamplePlatform as isPlatform,
  type SamplePlatformId as PlatformId,
} from '../model/platforms.js';
