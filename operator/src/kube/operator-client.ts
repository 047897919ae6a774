import { isNotFound, type KubeObjectApi, type KubernetesObject, resourcePath, serverSideApply } from "@fincoach/kube";
import { FIELD_MANAGER } from "../labels.ts";
import { type ApiCall, callKey, RESOURCES, type ResourceKind } from "./api-calls.ts";

type Ref = { kind: ResourceKind; apiVersion: string; namespace: string; name: string };

/**
 * Every write and live read the reconcilers make, through one door: server-side apply
 * with the operator's field manager, status through the status subresource with the read
 * resourceVersion as a precondition (so a status computed from a stale read fails with
 * 409 and is retried rather than overwriting a newer write), and live gets/lists. It
 * records each (group, resource, verb) so tests can hold the calls against the RBAC table.
 */
export class OperatorClient {
  readonly api: KubeObjectApi;
  /** `group/resource:verb` of every call made so far. */
  readonly calls = new Set<string>();

  constructor(api: KubeObjectApi) {
    this.api = api;
  }

  /** Server-side apply (force) of a desired object; creates it when missing. */
  async apply<T extends KubernetesObject>(obj: T): Promise<T> {
    this.#record(obj.kind as ResourceKind, "patch");
    return serverSideApply(this.api, obj, { fieldManager: FIELD_MANAGER, force: true });
  }

  /**
   * Server-side apply of `status` on the status subresource, guarded by
   * `resourceVersion`: a 409 means someone wrote the object after we read it.
   */
  async applyStatus<T extends KubernetesObject>(
    obj: T & { metadata: { name: string; namespace: string; resourceVersion: string } },
    status: unknown,
  ): Promise<T> {
    this.#record(obj.kind as ResourceKind, "patch", "status");
    const { apiVersion, kind, metadata } = obj;
    const body = {
      apiVersion,
      kind,
      metadata: { name: metadata.name, namespace: metadata.namespace, resourceVersion: metadata.resourceVersion },
      status,
    };
    return this.api.patchStatus<T>(body, { type: "apply", fieldManager: FIELD_MANAGER, force: true });
  }

  /**
   * Server-side apply that fails with 409 unless the object is still at `resourceVersion`
   * (omit it to create): for read-modify-write of a shared document.
   */
  async applyAt<T extends KubernetesObject>(obj: T, resourceVersion: string | undefined): Promise<T> {
    this.#record(obj.kind as ResourceKind, "patch");
    const { managedFields: _m, resourceVersion: _r, ...metadata } = obj.metadata ?? {};
    const body = { ...obj, metadata: resourceVersion ? { ...metadata, resourceVersion } : metadata };
    return this.api.patch<T>(body, { type: "apply", fieldManager: FIELD_MANAGER, force: true });
  }

  /**
   * JSON merge patch of `metadata.finalizers`, guarded by the read resourceVersion: a
   * merge patch replaces the whole list, so the precondition keeps another controller's
   * concurrent finalizer change from being lost; and unlike apply it never creates.
   */
  async setFinalizers<T extends KubernetesObject>(obj: T, finalizers: string[]): Promise<T> {
    this.#record(obj.kind as ResourceKind, "patch");
    const { name, namespace, resourceVersion } = obj.metadata ?? {};
    const body = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { name, namespace, resourceVersion, finalizers },
    };
    return this.api.patch<T>(body, { type: "merge", fieldManager: FIELD_MANAGER });
  }

  /** A live read; undefined when the object does not exist. */
  async get<T extends KubernetesObject>(ref: Ref): Promise<T | undefined> {
    this.#record(ref.kind, "get");
    try {
      return (await this.api.read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
      })) as T;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** A live, consistent list of one namespace (JSON as the apiserver sends it). */
  async list<T extends KubernetesObject>(
    kind: ResourceKind,
    apiVersion: string,
    namespace: string,
    options: { fieldSelector?: string; labelSelector?: string } = {},
  ): Promise<T[]> {
    this.#record(kind, "list");
    const plural = RESOURCES[kind].resource;
    return (await this.api.listRaw<T>(resourcePath({ apiVersion, plural, namespace }), options)).items;
  }

  #record(kind: ResourceKind, verb: string, subresource?: string): void {
    const { group, resource } = RESOURCES[kind];
    const call: ApiCall = { group, resource: subresource ? `${resource}/${subresource}` : resource, verb };
    this.calls.add(callKey(call));
  }
}
