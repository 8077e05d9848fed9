/*
 * The platforms of the sample marketplace (issue 3), defined once: the marketplace serves them, the default
 * crawl job and the runtime's base URLs name them. Real platforms are not listed here: each is a site profile
 * under rules/sites/, and adding one is adding a file.
 */
export const SAMPLE_PLATFORMS = ['shopa', 'shopb', 'shopc'] as const;
export type SamplePlatformId = (typeof SAMPLE_PLATFORMS)[number];

/** Display names the sample marketplace gives its platforms. */
export const SAMPLE_PLATFORM_NAMES: Readonly<Record<SamplePlatformId, string>> = {
  shopa: '甲商城',
  shopb: '乙淘网',
  shopc: '丙优选',
};

export function isSamplePlatform(text: string): text is SamplePlatformId {
  return (SAMPLE_PLATFORMS as readonly string[]).includes(text);
}
