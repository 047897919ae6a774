/** The API group of FinCoach's custom resources. */
export const GROUP = "fincoach.dev";
/** The one served and stored version. */
export const VERSION = "v1alpha1";
/** `apiVersion` of every FinCoach custom resource. */
export const API_VERSION = `${GROUP}/${VERSION}`;
/** `kubectl get fincoach` lists every FinCoach resource. */
export const CATEGORY = "fincoach";
