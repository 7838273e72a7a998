import { listReleases as list } from "../../core/index.js";
import { presentRelease } from "../present.js";
import { listResource } from "./resource.js";

/** The `platform` filter is the core's `environment`. */
export const listReleases = listResource(
  (core, accountId, query) => list(core, accountId, { ...query, environment: query.platform as string | undefined }),
  presentRelease,
);
