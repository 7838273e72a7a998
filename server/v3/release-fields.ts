/** v3 release fields in the core's names (v4's): `platform` is `environment`, `published` is `enabled`. */

type Renamed<T extends { platform?: string; published?: boolean }> = Omit<T, "platform" | "published"> & {
  environment: T["platform"];
  enabled: T["published"];
};

/** Renames the two fields v3 calls differently and keeps every other field as given (undefined stays omitted). */
export function releaseFields<T extends { platform?: string; published?: boolean }>(body: T): Renamed<T> {
  const { platform, published, ...rest } = body;
  return { ...rest, environment: platform, enabled: published };
}
