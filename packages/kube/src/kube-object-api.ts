import { KubeConnection } from "./client/kube-connection.ts";
import { KubeHttp, PATCH_CONTENT_TYPES, type PatchType } from "./client/kube-http.ts";
import type { KubernetesListObject, KubernetesObject } from "./types.ts";

/** A collection path: `/api/v1[/namespaces/<ns>]/<plural>` or `/apis/<group>/<version>/...`. */
export const resourcePath = (resource: { apiVersion: string; plural: string; namespace?: string }): string => {
  const root = resource.apiVersion.includes("/") ? `/apis/${resource.apiVersion}` : `/api/${resource.apiVersion}`;
  const ns = resource.namespace ? `/namespaces/${encodeURIComponent(resource.namespace)}` : "";
  return `${root}${ns}/${resource.plural}`;
};

/** What discovery says about one kind. */
type ResourceInfo = { plural: string; namespaced: boolean };

type ApiResourceList = { resources: { name: string; kind: string; namespaced: boolean }[] };

/** An object named enough to address: apiVersion, kind, metadata.name (and namespace). */
export type ObjectRef = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };

export type WriteOptions = { fieldManager?: string; dryRun?: boolean };
export type PatchOptions = WriteOptions & {
  /** @default "apply" (server-side apply) */
  type?: PatchType;
  /** Take over conflicting fields; server-side apply only. */
  force?: boolean;
};

/**
 * Reads and writes any kind by its apiVersion and kind (the path comes from API discovery,
 * cached per group/version, like kubectl), plus what a controller also needs: the status
 * subresource and raw, paginated lists whose objects have the same shape as watch events.
 * Objects are plain JSON as the apiserver sends them (timestamps are strings).
 */
export class KubeObjectApi {
  readonly http: KubeHttp;
  readonly #defaultNamespace: string;
  readonly #discovery = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(http: KubeHttp, defaultNamespace = "default") {
    this.http = http;
    this.#defaultNamespace = defaultNamespace;
  }

  /** A client for a connection, defaulting the namespace to its context's. */
  static fromConnection(connection: KubeConnection): KubeObjectApi {
    return new KubeObjectApi(new KubeHttp(connection), connection.namespace);
  }

  /** The same client whose every request also aborts with `signal` (see {@link KubeHttp.withSignal}). */
  withSignal(signal: AbortSignal): KubeObjectApi {
    return new KubeObjectApi(this.http.withSignal(signal), this.#defaultNamespace);
  }

  /** A client for a kubeconfig file's current context. */
  static fromFile(path: string): KubeObjectApi {
    return KubeObjectApi.fromConnection(KubeConnection.fromFile(path));
  }

  /** GET the object. */
  read<T extends KubernetesObject>(ref: ObjectRef): Promise<T> {
    return this.#at(ref).then((path) => this.http.request<T>("GET", path));
  }

  /** POST a new object. */
  async create<T extends KubernetesObject>(obj: T, options: WriteOptions = {}): Promise<T> {
    const path = await this.#collection(obj);
    return this.http.request<T>("POST", path, { body: obj, query: writeQuery(options) });
  }

  /** DELETE the object (foreground, background or orphan cascading). */
  async delete(ref: ObjectRef, options: { propagationPolicy?: "Foreground" | "Background" | "Orphan" } = {}) {
    const body = options.propagationPolicy
      ? { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: options.propagationPolicy }
      : undefined;
    return this.http.request<unknown>("DELETE", await this.#at(ref), body ? { body } : {});
  }

  /** PATCH the object: server-side apply by default, or a merge/strategic/JSON patch. */
  async patch<T extends KubernetesObject>(obj: ObjectRef, options: PatchOptions = {}): Promise<T> {
    return this.#patch<T>(await this.#at(obj), obj, options);
  }

  /** PATCH `<object>/status` (CRDs with a status subresource ignore status in main-resource writes). */
  async patchStatus<T extends KubernetesObject>(obj: ObjectRef, options: PatchOptions = {}): Promise<T> {
    return this.#patch<T>(`${await this.#at(obj)}/status`, obj, options);
  }

  /**
   * Lists a collection path (see {@link resourcePath}) in pages of `limit`, returning every
   * item and the list's resourceVersion to watch from.
   */
  async listRaw<T extends KubernetesObject>(
    path: string,
    options: { labelSelector?: string | undefined; fieldSelector?: string | undefined; limit?: number } = {},
  ): Promise<KubernetesListObject<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = "";
    do {
      const page = await this.http.request<KubernetesListObject<T>>("GET", path, {
        query: {
          limit: options.limit ?? 500,
          labelSelector: options.labelSelector || undefined,
          fieldSelector: options.fieldSelector || undefined,
          continue: continueToken,
        },
      });
      for (const item of page.items ?? []) items.push(item);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    return { apiVersion: "v1", kind: "List", metadata: { resourceVersion }, items };
  }

  /** The plural and scope of a kind, from the apiserver's discovery document. */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let resources = this.#discovery.get(apiVersion);
    if (!resources) {
      resources = this.#discover(apiVersion);
      this.#discovery.set(apiVersion, resources);
      // A failed discovery (say a CRD not yet served) is asked again next time.
      resources.catch(() => this.#discovery.delete(apiVersion));
    }
    const info = (await resources).get(kind);
    if (info) return info;
    // A CRD installed after the first lookup: look again once.
    this.#discovery.delete(apiVersion);
    const again = (await this.#discover(apiVersion)).get(kind);
    if (!again) throw new Error(`the apiserver serves no kind ${kind} in ${apiVersion}`);
    return again;
  }

  async #discover(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const root = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.http.request<ApiResourceList>("GET", root);
    const byKind = new Map<string, ResourceInfo>();
    for (const r of list.resources) {
      if (!r.name.includes("/")) byKind.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    return byKind;
  }

  async #collection(ref: ObjectRef): Promise<string> {
    const { apiVersion, kind } = ref;
    if (!apiVersion || !kind) throw new Error("an object needs apiVersion and kind");
    const { plural, namespaced } = await this.resource(apiVersion, kind);
    const namespace = namespaced ? ref.metadata?.namespace || this.#defaultNamespace : undefined;
    return resourcePath({ apiVersion, plural, ...(namespace ? { namespace } : {}) });
  }

  async #at(ref: ObjectRef): Promise<string> {
    const name = ref.metadata?.name;
    if (!name) throw new Error(`a ${ref.kind ?? "object"} needs metadata.name`);
    return `${await this.#collection(ref)}/${encodeURIComponent(name)}`;
  }

  #patch<T>(path: string, body: unknown, options: PatchOptions): Promise<T> {
    const type = options.type ?? "apply";
    return this.http.request<T>("PATCH", path, {
      body,
      contentType: PATCH_CONTENT_TYPES[type],
      query: {
        ...writeQuery(options),
        force: type === "apply" && options.force !== undefined ? options.force : undefined,
      },
    });
  }
}

const writeQuery = (options: WriteOptions) => ({
  fieldManager: options.fieldManager,
  dryRun: options.dryRun ? "All" : undefined,
});
