import { hash32 } from "./hash.ts";
import { sortVersions, type TrafficWeights, type VersionWeight } from "./traffic-weights.ts";

/**
 * The user's bucket (0-99) for `model`: `hash32(model + "/" + userId) % 100`. The model
 * is part of the key so that a user who is in one model's canary is not in every canary.
 */
export const userBucket = (model: string, userId: string): number => hash32(`${model}/${userId}`) % 100;

/**
 * The version that serves `userId` for `model`, or `null` when the model is unknown or
 * no version has weight. Versions are laid out over buckets 0-99 champion first, then by
 * version name, each taking `weight` buckets; a user takes the version whose range holds
 * their bucket. Because the champion's range is first and candidates sit after it, a
 * candidate's step up (10% -> 20%) keeps every user already on it and only adds users.
 * Pure and deterministic: a user sticks to a version while the weights stand still.
 */
export const pickVersion = (weights: TrafficWeights, model: string, userId: string): VersionWeight | null => {
  const versions = weights.models[model]?.versions;
  if (!versions) return null;
  const bucket = userBucket(model, userId);
  let upper = 0;
  for (const v of sortVersions(versions)) {
    upper += v.weight;
    if (bucket < upper) return v;
  }
  return null;
};
