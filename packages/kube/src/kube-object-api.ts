import {
  ApiException,
  HttpMethod,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  type ResponseContext,
} from "@kubernetes/client-node";
import { shareConnections } from "./share-connections.ts";

// Marks a request whose JSON answer is returned as is: the generated deserializer turns
// timestamps into Date objects, while watch events carry strings, and an informer's
// cache must not hold both shapes.
const RAW = "fincoach:raw";

/** A collection path: `/api/v1[/namespaces/<ns>]/<plural>` or `/apis/<group>/<version>/...`. */
export const resourcePath = (resource: { apiVersion: string; plural: string; namespace?: string }): string => {
  const root = resource.apiVersion.includes("/") ? `/apis/${resource.apiVersion}` : `/api/${resource.apiVersion}`;
  const ns = resource.namespace ? `/namespaces/${encodeURIComponent(resource.namespace)}` : "";
  return `${root}${ns}/${resource.plural}`;
};

/**
 * client-node's generic KubernetesObjectApi plus what a controller also needs: the `status`
 * subresource (CRDs with one ignore status in main-resource writes) and raw, paginated
 * lists whose objects have the same shape as watch events.
 */
export class KubeObjectApi extends KubernetesObjectApi {
  /**
   * A client for the current context, defaulting the namespace like `makeApiClient`; its
   * requests share pooled connections ({@link shareConnections}).
   */
  static fromKubeConfig(kc: KubeConfig): KubeObjectApi {
    const api = shareConnections(kc).makeApiClient(KubeObjectApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  /**
   * PATCH `<object>/status` with the given content type (server-side apply by default).
   * `fieldManager` is required for apply; `force` only applies to apply patches.
   */
  async patchStatus<T extends KubernetesObject>(
    spec: T,
    options: { fieldManager?: string; force?: boolean; patchStrategy?: PatchStrategy; dryRun?: boolean } = {},
  ): Promise<T> {
    const strategy = options.patchStrategy ?? PatchStrategy.ServerSideApply;
    const path = `${await this.specUriPath(spec, "patch")}/status`;
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    request.setHeaderParam("Accept", "application/json, */*;q=0.8");
    request.setHeaderParam("Content-Type", strategy);
    if (options.dryRun) request.setQueryParam("dryRun", "All");
    if (options.fieldManager !== undefined) request.setQueryParam("fieldManager", options.fieldManager);
    if (options.force !== undefined && strategy === PatchStrategy.ServerSideApply) {
      request.setQueryParam("force", String(options.force));
    }
    request.setBody(JSON.stringify(spec));
    return this.requestPromise<T>(request, RAW);
  }

  /**
   * Lists a collection path (see {@link resourcePath}) in pages of `limit`, returning every
   * item as plain JSON and the list's resourceVersion to watch from.
   */
  async listRaw<T extends KubernetesObject>(
    path: string,
    options: { labelSelector?: string; fieldSelector?: string; limit?: number } = {},
  ): Promise<KubernetesListObject<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = "";
    do {
      const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
      request.setHeaderParam("Accept", "application/json");
      request.setQueryParam("limit", String(options.limit ?? 500));
      if (options.labelSelector) request.setQueryParam("labelSelector", options.labelSelector);
      if (options.fieldSelector) request.setQueryParam("fieldSelector", options.fieldSelector);
      if (continueToken) request.setQueryParam("continue", continueToken);
      const page = (await this.requestPromise(request, RAW)) as unknown as KubernetesListObject<T>;
      items.push(...(page.items ?? []));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      // Raw JSON says `continue`; the generated type renames it `_continue`.
      continueToken = (page.metadata as { continue?: string } | undefined)?.continue || undefined;
    } while (continueToken);
    return { apiVersion: "v1", kind: "List", metadata: { resourceVersion }, items };
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
    type?: string,
  ): Promise<T> {
    if (type !== RAW) return super.processResponse<T>(response, type);
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) return JSON.parse(text) as T;
    throw new ApiException(response.httpStatusCode, "Unsuccessful HTTP Request", text, response.headers);
  }
}
